package org.pbxsync.pbx;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.directory.DirectorySource;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.core.plan.Explanation;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.core.plan.Planner;
import org.pbxsync.core.plan.SyncPlan;

/**
 * Keeps one PBX in step with one directory: reads the directory (all of it, or what changed
 * since the last checkpoint), maps the entries, reads the PBX, plans, and applies the plan
 * through the {@link PbxTarget}'s capability interfaces. This is what a host calls; build one
 * per sync configuration with {@link #builder()}.
 *
 * <pre>{@code
 * Synchronizer sync = Synchronizer.builder()
 *         .source(ldapSource)
 *         .target(myPbx)
 *         .mapping(Mapping.activeDirectoryDefaults())
 *         .planOptions(PlanOptions.builder().syncName("ldap-main").deleteEnabled(true).build())
 *         .stateStore(SyncStateStore.inDirectory(Path.of("/var/lib/pbx-sync")))
 *         .build();
 * SyncPlan plan = sync.preview();        // what would happen; writes nothing
 * SyncReport report = sync.synchronize(); // do it
 * }</pre>
 *
 * <h2>A run</h2>
 * <ol>
 *   <li>Take the sync's lock from the state store ({@link SyncInProgressException} if another
 *       run holds it) and load its state.</li>
 *   <li>Decide full or incremental. A run is incremental only when the state holds a
 *       checkpoint, the source {@linkplain DirectorySource#supportsChanges() supports changes},
 *       the mapping {@linkplain Mapping#isUserIdFromEntryId() takes User Identification from the
 *       entry id} (otherwise a removed entry's id cannot be turned into a user), the previous run
 *       left no failed operation, and the last full run is more recent than the {@linkplain
 *       Builder#fullRunInterval full-run interval} (default one day). If the source says the
 *       checkpoint expired, the run is full. {@link SyncReport#getFullRunReason()} says why.</li>
 *   <li>Read the directory (all or nothing), map every entry, read the PBX, plan.</li>
 *   <li>If a guard blocks the plan, write nothing to the PBX and return a {@link
 *       RunStatus#BLOCKED} report with the reasons; {@link RunOptions#allowDeletes()} is the
 *       explicit override.</li>
 *   <li>Apply the operations in plan order. Each operation is isolated: a failure is recorded
 *       and the run goes on. A {@link org.pbxsync.core.RetryableException} is retried with
 *       exponential back-off ({@link RetryPolicy}). Later operations on a user whose earlier
 *       operation failed are skipped. An {@link org.pbxsync.core.AuthenticationFailedException}
 *       or {@link org.pbxsync.core.ConnectionFailedException} from a write skips the rest of the
 *       run: the PBX is not usable. {@link #cancel()} stops between two operations.</li>
 *   <li>Save the state: the new checkpoint only if the run went to its end (a cancelled run,
 *       or a process that died, leaves the old one, so the same changes are listed again); a
 *       run with failures also marks the next run full, which plans the failures again.</li>
 * </ol>
 *
 * <h2>Crash safety</h2>
 * The PBX itself is the record of what was done: every create writes the owner and User
 * Identification with the user, and every run plans against what {@link PbxTarget#read()}
 * returns. A run that dies half-way therefore leaves nothing to repair: the next run sees the
 * users already created as owned, plans only what is still missing, and converges without
 * duplicates.
 *
 * <h2>Errors</h2>
 * {@link #synchronize()} throws when it cannot plan (the directory or the PBX cannot be read
 * completely, the state is corrupt, the planner refuses the configuration); nothing is then
 * written to the PBX, and the state store records a {@link RunStatus#FAILED} last run when it
 * can. Failures of single writes never throw; they are in the report.
 *
 * <h2>What it does not do</h2>
 * It never closes the source or the target: the host owns them. An entry skipped for an error
 * in an incremental run is planned again when it changes or at the next full run (the full-run
 * interval bounds the wait).
 *
 * <p><b>Thread safety:</b> thread-safe. One run of a sync goes at a time (the state store's lock
 * refuses a second, in this process or another); {@link #cancel()} and {@link #preview()} may
 * be called from any thread.
 */
public final class Synchronizer {
    private final DirectorySource source;
    private final PbxTarget target;
    private final Mapping mapping;
    private final PlanOptions planOptions;
    private final SyncStateStore stateStore;
    private final Clock clock;
    private final SyncListener listener;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final Duration fullRunInterval;
    private volatile SyncRun current;

    private Synchronizer(Builder b, PlanOptions effective) {
        this.source = b.source;
        this.target = b.target;
        this.mapping = b.mapping;
        this.planOptions = effective;
        this.stateStore = b.stateStore;
        this.clock = b.clock;
        this.listener = b.listener;
        this.retryPolicy = b.retryPolicy;
        this.sleeper = b.sleeper;
        this.fullRunInterval = b.fullRunInterval;
    }

    /** @return a new builder; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Plans a run exactly as {@link #synchronize()} would (same full or incremental decision,
     * same stages) and stops before the first write. Writes nothing: not to the PBX, not to the
     * state store. Takes no lock, so it may run while a synchronization runs.
     *
     * @return the plan; {@link SyncPlan#isBlocked()} says whether a synchronize would be blocked
     * @throws org.pbxsync.core.SyncException as {@link #synchronize()}
     */
    public SyncPlan preview() {
        return preview(RunOptions.defaults());
    }

    /**
     * Plans a run with per-run overrides; see {@link #preview()}.
     *
     * @param options the overrides; not null
     * @return the plan
     */
    public SyncPlan preview(RunOptions options) {
        Objects.requireNonNull(options, "options");
        return new SyncRun(this, options, false).preview();
    }

    /**
     * Explains, for one user, every decision a full run would make now: which rule gave which
     * value from which attribute, which violation skipped it, which operation is planned and why.
     * Reads the whole directory and the PBX and writes nothing (as {@link #preview()}).
     *
     * @param userIdOrEntryReference a User Identification, or a directory entry's reference or
     *     id; not null
     * @return the explanation; {@link Explanation#isFound()} is false if nothing matches
     * @throws org.pbxsync.core.SyncException as {@link #preview()}
     */
    public Explanation explain(String userIdOrEntryReference) {
        Objects.requireNonNull(userIdOrEntryReference, "userIdOrEntryReference");
        List<MappedUser> mapped = new ArrayList<>();
        source.readAll(e -> mapped.add(mapping.map(e)));
        return Planner.create(planOptions).explain(userIdOrEntryReference, mapped, target.read());
    }

    /**
     * @return the last run's summary from the state store (a host's "status of the last
     *     synchronization"), or empty if the sync never ran
     * @throws SyncStateException if the state cannot be read
     */
    public Optional<RunSummary> lastRun() {
        return stateStore.load(getName()).flatMap(SyncState::lastRun);
    }

    /**
     * Runs the sync: plans and applies. See the class documentation for the stages.
     *
     * @return the report; never null
     * @throws SyncInProgressException if another run of this sync holds the lock
     * @throws org.pbxsync.core.IncompleteListingException if the directory listing broke off
     * @throws org.pbxsync.core.ConnectionFailedException if the directory or the PBX cannot be reached
     * @throws org.pbxsync.core.AuthenticationFailedException if credentials were refused
     * @throws SyncStateException if the state cannot be read or saved
     * @throws ConfigurationException if the planner refuses the configuration against this PBX
     */
    public SyncReport synchronize() {
        return synchronize(RunOptions.defaults());
    }

    /**
     * Runs the sync with per-run overrides, for example {@link RunOptions#allowDeletes()} after
     * an administrator reviewed a blocked plan.
     *
     * @param options the overrides; not null
     * @return the report; never null
     * @throws org.pbxsync.core.SyncException as {@link #synchronize()}
     */
    public SyncReport synchronize(RunOptions options) {
        Objects.requireNonNull(options, "options");
        SyncRun run = new SyncRun(this, options, true);
        return run.synchronize();
    }

    /**
     * Asks the running {@link #synchronize()} to stop after the operation it is applying (a
     * back-off wait ends at once). The operations not yet applied are reported as skipped and
     * planned again by the next run. Callable from any thread.
     *
     * @return whether a run was going
     */
    public boolean cancel() {
        SyncRun run = current;
        if (run == null) {
            return false;
        }
        run.cancel();
        return true;
    }

    boolean isCancelRequested() {
        SyncRun run = current;
        return run != null && run.isCancelRequested();
    }

    /** @return whether a {@link #synchronize()} of this synchronizer is going */
    public boolean isRunning() {
        return current != null;
    }

    void started(SyncRun run) {
        current = run;
    }

    void ended(SyncRun run) {
        if (current == run) {
            current = null;
        }
    }

    /** @return the sync's name ({@link PlanOptions#getSyncName()}) */
    public String getName() {
        return planOptions.getSyncName();
    }

    /** @return the PBX this synchronizer writes to */
    public PbxTarget getTarget() {
        return target;
    }

    /** @return the directory this synchronizer reads */
    public DirectorySource getSource() {
        return source;
    }

    /**
     * @return the plan options in effect: those given, with {@link
     *     PlanOptions#getSupportedOperations()} narrowed to the target's {@link Capabilities}
     */
    public PlanOptions getPlanOptions() {
        return planOptions;
    }

    /** @return the state store */
    public SyncStateStore getStateStore() {
        return stateStore;
    }

    Mapping mapping() {
        return mapping;
    }

    Clock clock() {
        return clock;
    }

    SyncListener listener() {
        return listener;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    Duration fullRunInterval() {
        return fullRunInterval;
    }

    @Override
    public String toString() {
        return "Synchronizer{" + getName() + ": " + source.describe() + " -> " + target.describe() + "}";
    }

    /**
     * Builds a {@link Synchronizer}. Each setter rejects null at once ({@link
     * NullPointerException} naming the setting); {@link #build()} checks the whole
     * configuration and reports every problem together. Not thread-safe.
     */
    public static final class Builder {
        private DirectorySource source;
        private PbxTarget target;
        private Mapping mapping;
        private PlanOptions planOptions;
        private SyncStateStore stateStore;
        private Clock clock = Clock.systemUTC();
        private SyncListener listener = new SyncListener() {};
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Sleeper sleeper;
        private Duration fullRunInterval = Duration.ofDays(1);

        private Builder() {}

        /**
         * @param source the directory to read; required
         * @return this builder
         */
        public Builder source(DirectorySource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @param target the PBX to write; required; its {@link PbxTarget#spiVersion()} must be supported
         * @return this builder
         */
        public Builder target(PbxTarget target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * @param mapping how entries become PBX users; required
         * @return this builder
         */
        public Builder mapping(Mapping mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * @param planOptions the sync's name, switches, guards and policies; required. Their
         *     supported operations are narrowed to the target's capabilities.
         * @return this builder
         */
        public Builder planOptions(PlanOptions planOptions) {
            this.planOptions = Objects.requireNonNull(planOptions, "planOptions");
            return this;
        }

        /**
         * @param stateStore where checkpoints and last-run status are kept, and the sync's lock;
         *     required ({@link SyncStateStore#inDirectory} for a real deployment)
         * @return this builder
         */
        public Builder stateStore(SyncStateStore stateStore) {
            this.stateStore = Objects.requireNonNull(stateStore, "stateStore");
            return this;
        }

        /**
         * @param clock the time source for report times and the full-run interval; default
         *     {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param listener receives progress; default none
         * @return this builder
         */
        public Builder listener(SyncListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param retryPolicy how retryable write failures are retried; default {@link RetryPolicy#defaults()}
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * @param sleeper how to wait between retries; default: wait, ending early on {@link #cancel()}
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * @param interval the longest time between two full runs; an incremental run is made
         *     full when the last full run is this old; default one day; positive
         * @return this builder
         */
        public Builder fullRunInterval(Duration interval) {
            Objects.requireNonNull(interval, "fullRunInterval");
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("fullRunInterval must be positive, got " + interval);
            }
            this.fullRunInterval = interval;
            return this;
        }

        /**
         * Checks the configuration and builds the synchronizer. Touches no server.
         *
         * @return the synchronizer
         * @throws ConfigurationException listing every problem: a required setting missing, a
         *     target SPI version this library does not support, delete switched on in a mode
         *     the target cannot perform ({@link DeleteMode#DELETE} without {@link DeleteUserOp},
         *     {@link DeleteMode#DISABLE} without {@link DisableUserOp})
         */
        public Synchronizer build() {
            List<String> problems = new ArrayList<>();
            if (source == null) {
                problems.add("source is required: the DirectorySource to read");
            }
            if (target == null) {
                problems.add("target is required: the PbxTarget to write");
            }
            if (mapping == null) {
                problems.add("mapping is required");
            }
            if (planOptions == null) {
                problems.add("planOptions is required (at least the sync name)");
            }
            if (stateStore == null) {
                problems.add("stateStore is required: SyncStateStore.inDirectory(path) keeps checkpoints across"
                        + " restarts, SyncStateStore.inMemory() does not");
            }
            PlanOptions effective = planOptions;
            if (target != null) {
                try {
                    SpiVersions.check(target);
                } catch (ConfigurationException e) {
                    problems.addAll(e.getProblems());
                }
                if (planOptions != null) {
                    Set<OperationType> can = Capabilities.of(target);
                    if (planOptions.isDeleteEnabled()) {
                        OperationType needed = planOptions.getDeleteMode() == DeleteMode.DELETE
                                ? OperationType.DELETE : OperationType.DISABLE;
                        if (!can.contains(needed)) {
                            problems.add("sync '" + planOptions.getSyncName() + "': delete is enabled with delete mode "
                                    + planOptions.getDeleteMode() + ", but " + target.describe() + " does not implement "
                                    + Capabilities.interfaceFor(needed).getSimpleName()
                                    + "; switch delete off or choose the other delete mode");
                        }
                    }
                    EnumSet<OperationType> supported = EnumSet.noneOf(OperationType.class);
                    supported.addAll(planOptions.getSupportedOperations());
                    supported.retainAll(can);
                    effective = planOptions.withSupportedOperations(supported);
                }
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
            return new Synchronizer(this, effective);
        }
    }
}

package org.pbxsync.pbx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.schedule.Schedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Synchronizer}s on their {@link Schedule}s.
 *
 * <pre>{@code
 * SyncScheduler scheduler = SyncScheduler.builder().zone(ZoneId.of("Europe/Berlin")).build();
 * scheduler.register(ldapSync, Schedule.builder().enabled(true)
 *         .start(LocalDateTime.of(2026, 1, 1, 2, 0)).daily().build());
 * scheduler.start();
 * ...
 * scheduler.runNow("ldap-main");      // an administrator's "Sync now" button
 * scheduler.close();                  // stops after the operation being applied
 * }</pre>
 *
 * <ul>
 *   <li><b>One run at a time per sync.</b> When a run is due while the previous one of the same
 *       sync is still going, the due run is skipped and reported ({@link
 *       SchedulerListener#onRunSkipped}), never stacked.</li>
 *   <li><b>Shared PBX.</b> When several syncs write to one PBX (the same {@link PbxTarget}
 *       instance), Delete is not available: {@link #register} refuses a second sync on a target
 *       when either has delete enabled.</li>
 *   <li><b>Executor.</b> Runs and timers use the {@link ScheduledExecutorService} given to the
 *       builder; give it at least as many threads as syncs that may run at once, plus one for
 *       the timers. It is not shut down by {@link #close()}. Without one, the scheduler makes its
 *       own daemon threads: one for the timers and one per running sync.</li>
 *   <li><b>Time.</b> Due times come from {@link Schedule#nextRunAfter(Instant, ZoneId)} with the
 *       builder's clock and zone; the wait until then is measured with the same clock.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class SyncScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);

    private final Clock clock;
    private final ZoneId zone;
    private final SchedulerListener listener;
    private final ScheduledExecutorService suppliedExecutor;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private ScheduledExecutorService executor;
    private java.util.concurrent.ExecutorService ownRuns;
    private boolean started;
    private boolean stopped;

    private SyncScheduler(Builder b) {
        this.clock = b.clock;
        this.zone = b.zone;
        this.listener = b.listener;
        this.suppliedExecutor = b.executor;
    }

    /** @return a new builder; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds a sync with its schedule. If the scheduler is started, its first due time is
     * scheduled at once.
     *
     * @param synchronizer the sync; not null
     * @param schedule when it runs; not null; a disabled schedule means "run now only"
     * @throws ConfigurationException if a sync of the same name is registered, or the sync
     *     shares its PBX target with a registered one and either has delete enabled
     * @throws IllegalStateException if the scheduler was shut down
     */
    public synchronized void register(Synchronizer synchronizer, Schedule schedule) {
        Objects.requireNonNull(synchronizer, "synchronizer");
        Objects.requireNonNull(schedule, "schedule");
        requireNotStopped();
        String name = synchronizer.getName();
        List<String> problems = new ArrayList<>();
        if (entries.containsKey(name)) {
            problems.add("a sync named '" + name + "' is already registered");
        }
        for (Entry other : entries.values()) {
            if (other.sync.getTarget() == synchronizer.getTarget()
                    && (other.sync.getPlanOptions().isDeleteEnabled() || synchronizer.getPlanOptions().isDeleteEnabled())) {
                String withDelete = synchronizer.getPlanOptions().isDeleteEnabled() ? name : other.sync.getName();
                problems.add("syncs '" + other.sync.getName() + "' and '" + name + "' write to the same PBX ("
                        + synchronizer.getTarget().describe() + "); when several synchronizations feed one PBX, Delete"
                        + " is not available: switch delete off for '" + withDelete + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        Entry e = new Entry(synchronizer, schedule);
        entries.put(name, e);
        if (started) {
            scheduleNext(e, clock.instant());
        }
        LOG.info("scheduler: registered sync '{}' ({})", name, schedule);
    }

    /**
     * Starts scheduling every registered sync. Idempotent.
     *
     * @throws IllegalStateException if the scheduler was shut down
     */
    public synchronized void start() {
        requireNotStopped();
        if (started) {
            return;
        }
        started = true;
        executor();
        Instant now = clock.instant();
        for (Entry e : entries.values()) {
            scheduleNext(e, now);
        }
    }

    /**
     * Runs a sync now, whatever its schedule and even if it is paused.
     *
     * @param syncName a registered sync; not null
     * @return the run's report when it ends; completes exceptionally with {@link
     *     SyncInProgressException} if the sync is running already, or with what the run threw
     * @throws IllegalArgumentException if no sync of that name is registered
     * @throws IllegalStateException if the scheduler was shut down
     */
    public CompletableFuture<SyncReport> runNow(String syncName) {
        Entry e;
        synchronized (this) {
            requireNotStopped();
            e = entry(syncName);
        }
        CompletableFuture<SyncReport> result = new CompletableFuture<>();
        if (!e.tryStart()) {
            result.completeExceptionally(new SyncInProgressException("sync '" + syncName
                    + "' is already running; run now was refused"));
            return result;
        }
        submit(e, result);
        return result;
    }

    /**
     * Stops a sync's scheduled runs until {@link #resume}; due runs are reported as skipped. A
     * run going on continues. {@link #runNow} still works.
     *
     * @param syncName a registered sync; not null
     */
    public synchronized void pause(String syncName) {
        entry(syncName).paused = true;
        LOG.info("scheduler: paused sync '{}'", syncName);
    }

    /**
     * Resumes a paused sync's schedule.
     *
     * @param syncName a registered sync; not null
     */
    public synchronized void resume(String syncName) {
        entry(syncName).paused = false;
        LOG.info("scheduler: resumed sync '{}'", syncName);
    }

    /**
     * @param syncName a registered sync; not null
     * @return whether it is paused
     */
    public synchronized boolean isPaused(String syncName) {
        return entry(syncName).paused;
    }

    /**
     * @param syncName a registered sync; not null
     * @return whether a run of it is going (scheduled or run-now)
     */
    public synchronized boolean isRunning(String syncName) {
        return entry(syncName).running;
    }

    /**
     * @param syncName a registered sync; not null
     * @return when it is next due, once the scheduler is started; empty if not started, shut
     *     down, or the schedule has no further run
     */
    public synchronized Optional<Instant> nextRun(String syncName) {
        return Optional.ofNullable(entry(syncName).nextDue);
    }

    /** @return the registered syncs' names, in registration order */
    public synchronized List<String> syncNames() {
        return List.copyOf(entries.keySet());
    }

    /**
     * Shuts down: no further run starts, every running sync is {@linkplain Synchronizer#cancel()
     * cancelled} (it stops after the operation it is applying), and this method waits for the
     * runs to end, at most {@code timeout}. The scheduler's own executor is shut down; a
     * supplied one is not.
     *
     * @param timeout the longest wait; not null
     * @return whether every run ended within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean shutdown(Duration timeout) throws InterruptedException {
        List<Entry> all;
        synchronized (this) {
            stopped = true;
            all = new ArrayList<>(entries.values());
            for (Entry e : all) {
                if (e.timer != null) {
                    e.timer.cancel(false);
                }
                e.nextDue = null;
            }
        }
        List<CompletableFuture<SyncReport>> runs = new ArrayList<>();
        for (Entry e : all) {
            CompletableFuture<SyncReport> run = e.currentRun;
            if (run != null) {
                e.sync.cancel();
                runs.add(run);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean ended = true;
        for (CompletableFuture<SyncReport> run : runs) {
            try {
                run.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException t) {
                ended = false;
            } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
                // reported to the listener already
            }
        }
        List<java.util.concurrent.ExecutorService> own = new ArrayList<>();
        synchronized (this) {
            if (suppliedExecutor == null && executor != null) {
                own.add(executor);
            }
            if (ownRuns != null) {
                own.add(ownRuns);
            }
        }
        for (java.util.concurrent.ExecutorService ex : own) {
            ex.shutdown();
            ended &= ex.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        LOG.info("scheduler: shut down{}", ended ? "" : " (some runs were still going at the time-out)");
        return ended;
    }

    /** Shuts down, waiting at most one minute for running syncs to stop after their current operation. */
    @Override
    public void close() {
        try {
            shutdown(Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------

    /** The timer fired for a due time: start the run unless paused or still running. */
    void due(Entry e, Instant due) {
        synchronized (this) {
            if (stopped || entries.get(e.sync.getName()) != e) {
                return;
            }
            scheduleNext(e, due.isAfter(clock.instant()) ? due : clock.instant());
        }
        String reason = null;
        if (e.paused) {
            reason = "the sync is paused";
        } else if (!e.tryStart()) {
            reason = "the previous run was still going";
        } else if (e.lastEnd != null && e.lastEnd.isAfter(due)) {
            e.finishRun();
            reason = "the previous run was still going at the due time";
        }
        if (reason != null) {
            LOG.warn("scheduler: run of sync '{}' due at {} skipped: {}", e.sync.getName(), due, reason);
            String r = reason;
            notify(l -> l.onRunSkipped(e.sync.getName(), due, r));
            return;
        }
        submit(e, new CompletableFuture<>());
    }

    /** Test hook: act as if the timer of a sync fired for {@code due}. */
    void fireDue(String syncName, Instant due) {
        Entry e;
        synchronized (this) {
            e = entry(syncName);
        }
        due(e, due);
    }

    private void submit(Entry e, CompletableFuture<SyncReport> result) {
        e.currentRun = result;
        try {
            runExecutor().execute(() -> run(e, result));
        } catch (RejectedExecutionException ex) {
            e.finishRun();
            result.completeExceptionally(ex);
        }
    }

    private void run(Entry e, CompletableFuture<SyncReport> result) {
        String name = e.sync.getName();
        SyncReport report = null;
        RuntimeException failure = null;
        try {
            report = e.sync.synchronize();
        } catch (RuntimeException ex) {
            failure = ex;
        } finally {
            e.lastEnd = clock.instant();
            e.finishRun();
        }
        // Only now, with the run marked finished, may anyone waiting on the result see it.
        if (failure == null) {
            SyncReport done = report;
            notify(l -> l.onRunFinished(name, done));
            result.complete(report);
        } else {
            RuntimeException ex = failure;
            LOG.error("scheduler: run of sync '{}' failed: {}", name, ex.toString());
            notify(l -> l.onRunFailed(name, ex));
            result.completeExceptionally(ex);
        }
    }


    private void scheduleNext(Entry e, Instant after) {
        Optional<ZonedDateTime> next = e.schedule.nextRunAfter(after, zone);
        if (next.isEmpty()) {
            e.nextDue = null;
            return;
        }
        Instant due = next.get().toInstant();
        e.nextDue = due;
        long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
        e.timer = executor().schedule(() -> due(e, due), delay, TimeUnit.MILLISECONDS);
    }

    private synchronized ScheduledExecutorService executor() {
        if (executor == null) {
            executor = suppliedExecutor != null ? suppliedExecutor
                    : Executors.newSingleThreadScheduledExecutor(daemon("pbx-sync-timer-"));
        }
        return executor;
    }

    private synchronized java.util.concurrent.Executor runExecutor() {
        if (suppliedExecutor != null) {
            return suppliedExecutor;
        }
        if (ownRuns == null) {
            ownRuns = Executors.newCachedThreadPool(daemon("pbx-sync-run-"));
        }
        return ownRuns;
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void notify(java.util.function.Consumer<SchedulerListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException ex) {
            LOG.warn("scheduler: listener failed: {}", ex.toString(), ex);
        }
    }

    private Entry entry(String syncName) {
        Entry e = entries.get(Objects.requireNonNull(syncName, "syncName"));
        if (e == null) {
            throw new IllegalArgumentException("no sync named '" + syncName + "' is registered; registered: "
                    + entries.keySet());
        }
        return e;
    }

    private void requireNotStopped() {
        if (stopped) {
            throw new IllegalStateException("the scheduler was shut down");
        }
    }

    static final class Entry {
        final Synchronizer sync;
        final Schedule schedule;
        volatile boolean paused;
        volatile boolean running;
        volatile Instant nextDue;
        volatile Instant lastEnd;
        volatile ScheduledFuture<?> timer;
        volatile CompletableFuture<SyncReport> currentRun;

        Entry(Synchronizer sync, Schedule schedule) {
            this.sync = sync;
            this.schedule = schedule;
        }

        synchronized boolean tryStart() {
            if (running) {
                return false;
            }
            running = true;
            return true;
        }

        synchronized void finishRun() {
            running = false;
        }
    }

    /** Builds a {@link SyncScheduler}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.systemDefault();
        private SchedulerListener listener = new SchedulerListener() {};
        private ScheduledExecutorService executor;
    private java.util.concurrent.ExecutorService ownRuns;

        private Builder() {}

        /**
         * @param executor runs the timers and the syncs; not shut down by the scheduler;
         *     default: the scheduler's own
         * @return this builder
         */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param clock the time source for due times; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param zone the zone schedules' local dates and times are meant in; default the system's
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * @param listener receives finished, failed and skipped runs; default none
         * @return this builder
         */
        public Builder listener(SchedulerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** @return the scheduler, not yet started */
        public SyncScheduler build() {
            return new SyncScheduler(this);
        }
    }
}

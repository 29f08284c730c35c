package org.pbxsync.pbx;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.plan.SyncPlan;
import org.pbxsync.core.validation.Severity;
import org.pbxsync.core.validation.Violation;

/**
 * The result of {@link Synchronizer#synchronize()}: what was planned, what happened to each
 * operation, every violation, why the run was full or incremental, and why it was blocked if
 * it was. Immutable and thread-safe; holds no secret ({@code toString()} and every message mask
 * login and voicemail codes).
 */
public final class SyncReport {
    private final String syncName;
    private final RunStatus status;
    private final RunKind kind;
    private final Optional<FullRunReason> fullRunReason;
    private final String kindExplanation;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final int entriesRead;
    private final SyncPlan plan;
    private final List<OperationOutcome> outcomes;

    SyncReport(String syncName, RunStatus status, RunKind kind, Optional<FullRunReason> fullRunReason,
            String kindExplanation, Instant startedAt, Instant finishedAt, int entriesRead, SyncPlan plan,
            List<OperationOutcome> outcomes) {
        this.syncName = Objects.requireNonNull(syncName);
        this.status = Objects.requireNonNull(status);
        this.kind = Objects.requireNonNull(kind);
        this.fullRunReason = Objects.requireNonNull(fullRunReason);
        this.kindExplanation = Objects.requireNonNull(kindExplanation);
        this.startedAt = Objects.requireNonNull(startedAt);
        this.finishedAt = Objects.requireNonNull(finishedAt);
        this.entriesRead = entriesRead;
        this.plan = Objects.requireNonNull(plan);
        this.outcomes = List.copyOf(outcomes);
    }

    /** @return the sync's name */
    public String getSyncName() {
        return syncName;
    }

    /** @return how the run ended */
    public RunStatus getStatus() {
        return status;
    }

    /** @return whether the run completed with every operation applied */
    public boolean isSuccess() {
        return status == RunStatus.SUCCEEDED;
    }

    /** @return full or incremental */
    public RunKind getKind() {
        return kind;
    }

    /** @return why the run was full; empty for an incremental run */
    public Optional<FullRunReason> getFullRunReason() {
        return fullRunReason;
    }

    /**
     * @return the reason for the kind in words, for example {@code "full: no checkpoint stored"}
     *     or {@code "full: the source's checkpoint expired (...)"}
     */
    public String getKindExplanation() {
        return kindExplanation;
    }

    /** @return when the run started, from the synchronizer's clock */
    public Instant getStartedAt() {
        return startedAt;
    }

    /** @return when the run ended, from the synchronizer's clock */
    public Instant getFinishedAt() {
        return finishedAt;
    }

    /** @return the time between start and end, by the synchronizer's clock */
    public Duration getDuration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** @return how many directory entries were read (upserts only, for an incremental run) */
    public int getEntriesRead() {
        return entriesRead;
    }

    /** @return the plan the run made (for a blocked run: what it would have done) */
    public SyncPlan getPlan() {
        return plan;
    }

    /**
     * @return what happened to each planned operation, in plan order; empty for a blocked run.
     *     Operations after a cancellation are listed as {@link OutcomeStatus#SKIPPED}.
     */
    public List<OperationOutcome> getOutcomes() {
        return outcomes;
    }

    /**
     * @param outcome a status; not null
     * @return the outcomes with that status, in plan order
     */
    public List<OperationOutcome> getOutcomes(OutcomeStatus outcome) {
        return outcomes.stream().filter(o -> o.status() == outcome).toList();
    }

    /** @return the operations that failed or were skipped; the next run plans them again */
    public List<OperationOutcome> getFailures() {
        return outcomes.stream().filter(o -> o.status() != OutcomeStatus.APPLIED).toList();
    }

    /** @return per operation type, how many were applied; every type present */
    public Map<OperationType, Integer> getAppliedCounts() {
        return count(OutcomeStatus.APPLIED);
    }

    /** @return per operation type, how many failed; every type present */
    public Map<OperationType, Integer> getFailedCounts() {
        return count(OutcomeStatus.FAILED);
    }

    /** @return per operation type, how many were planned; every type present */
    public Map<OperationType, Integer> getPlannedCounts() {
        return plan.counts();
    }

    private Map<OperationType, Integer> count(OutcomeStatus s) {
        Map<OperationType, Integer> counts = new EnumMap<>(OperationType.class);
        for (OperationType t : OperationType.values()) {
            counts.put(t, 0);
        }
        for (OperationOutcome o : outcomes) {
            if (o.status() == s) {
                counts.merge(o.operation().getType(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** @return every violation the run found, in the plan's order */
    public List<Violation> getViolations() {
        return plan.getViolations();
    }

    /**
     * @return why guards blocked the plan and how to allow it (through the synchronizer: {@link
     *     RunOptions#allowDeletes()}, {@link RunOptions#withAllowEmptySource(boolean)}); empty
     *     unless {@link RunStatus#BLOCKED}
     */
    public List<String> getBlockReasons() {
        return status == RunStatus.BLOCKED ? plan.getBlockReasons() : List.of();
    }

    /**
     * @return one line for logs and the state store, for example {@code "SUCCEEDED, full (no
     *     checkpoint stored): 120 entries, created 3, updated 1, failed 0, skipped 0, unchanged
     *     116, 0 errors, 2 warnings"}
     */
    public String summary() {
        StringBuilder sb = new StringBuilder().append(status).append(", ").append(kindExplanation).append(": ")
                .append(entriesRead).append(entriesRead == 1 ? " entry" : " entries");
        Map<OperationType, Integer> applied = getAppliedCounts();
        for (OperationType t : OperationType.values()) {
            int n = status == RunStatus.BLOCKED ? plan.counts().get(t) : applied.get(t);
            if (n > 0) {
                sb.append(", ").append(status == RunStatus.BLOCKED ? "planned " + t.name().toLowerCase(java.util.Locale.ROOT)
                        : verb(t)).append(' ').append(n);
            }
        }
        sb.append(", failed ").append(getOutcomes(OutcomeStatus.FAILED).size())
                .append(", skipped ").append(getOutcomes(OutcomeStatus.SKIPPED).size())
                .append(", unchanged ").append(plan.getUnchangedCount())
                .append(", ").append(plan.count(Severity.ERROR)).append(" errors, ")
                .append(plan.count(Severity.WARNING)).append(" warnings");
        if (status == RunStatus.BLOCKED) {
            sb.append("; blocked: ").append(String.join("; ", plan.getBlockReasons()));
        }
        return sb.toString();
    }

    private static String verb(OperationType t) {
        switch (t) {
            case CREATE:
                return "created";
            case UPDATE:
                return "updated";
            case DELETE:
                return "deleted";
            case DISABLE:
                return "disabled";
            default:
                return "enabled";
        }
    }

    @Override
    public String toString() {
        return "SyncReport{" + syncName + ": " + summary() + ", " + startedAt + " - " + finishedAt + "}";
    }
}

package org.pbxsync.pbx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pbxsync.core.AuthenticationFailedException;
import org.pbxsync.core.CheckpointExpiredException;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.RetryableException;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.core.plan.Planner;
import org.pbxsync.core.plan.SyncPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of a {@link Synchronizer}: preview or synchronize. Not reusable. */
final class SyncRun {
    private static final Logger LOG = LoggerFactory.getLogger(Synchronizer.class);
    private static final int READ_PROGRESS_EVERY = 250;

    private final Synchronizer sync;
    private final RunOptions options;
    private final boolean apply;
    private final String name;
    private final CountDownLatch cancelled = new CountDownLatch(1);

    private Instant startedAt;
    private RunKind kind = RunKind.FULL;
    private Optional<FullRunReason> fullReason = Optional.empty();
    private String kindExplanation = "";
    private Optional<Checkpoint> nextCheckpoint = Optional.empty();
    private int entriesRead;

    SyncRun(Synchronizer sync, RunOptions options, boolean apply) {
        this.sync = sync;
        this.options = options;
        this.apply = apply;
        this.name = sync.getName();
    }

    void cancel() {
        cancelled.countDown();
    }

    boolean isCancelRequested() {
        return cancelled.getCount() == 0;
    }

    private boolean isCancelled() {
        return cancelled.getCount() == 0 || Thread.currentThread().isInterrupted();
    }

    SyncPlan preview() {
        startedAt = sync.clock().instant();
        SyncState state = sync.getStateStore().load(name).orElse(SyncState.initial(name));
        SyncPlan plan = plan(state);
        LOG.info("sync '{}': preview ({}): {}", name, kindExplanation, plan);
        return plan;
    }

    SyncReport synchronize() {
        try (SyncLock lock = sync.getStateStore().lock(name)) {
            sync.started(this);
            try {
                return locked();
            } finally {
                sync.ended(this);
            }
        }
    }

    private SyncReport locked() {
        startedAt = sync.clock().instant();
        SyncState state = sync.getStateStore().load(name).orElse(SyncState.initial(name));
        SyncPlan plan;
        try {
            plan = plan(state);
        } catch (RuntimeException e) {
            LOG.error("sync '{}': run failed before any write: {}", name, e.toString());
            recordFailure(state, e);
            throw e;
        }
        if (plan.isBlocked()) {
            SyncReport report = report(RunStatus.BLOCKED, plan, List.of());
            LOG.warn("sync '{}': plan blocked, nothing written: {}. An administrator who checked the plan can apply it"
                    + " with synchronize(RunOptions.allowDeletes()) (or withAllowEmptySource(true))", name,
                    String.join("; ", plan.getBlockReasons()));
            save(state.withLastRun(summary(report)));
            finish(report);
            return report;
        }
        List<OperationOutcome> outcomes = applyAll(plan);
        RunStatus status;
        if (stoppedByCancel) {
            status = RunStatus.CANCELLED;
        } else if (outcomes.stream().allMatch(o -> o.status() == OutcomeStatus.APPLIED)) {
            status = RunStatus.SUCCEEDED;
        } else {
            status = RunStatus.COMPLETED_WITH_FAILURES;
        }
        SyncReport report = report(status, plan, outcomes);
        SyncState next;
        if (status == RunStatus.CANCELLED) {
            next = state.withLastRun(summary(report));
        } else {
            Optional<Instant> lastFull = kind == RunKind.FULL ? Optional.of(startedAt) : state.lastFullRun();
            next = new SyncState(name, nextCheckpoint, lastFull, status != RunStatus.SUCCEEDED, Optional.of(summary(report)));
        }
        if (status == RunStatus.SUCCEEDED) {
            LOG.info("sync '{}': {}", name, report.summary());
        } else {
            LOG.warn("sync '{}': {}", name, report.summary());
        }
        save(next);
        finish(report);
        return report;
    }

    private void finish(SyncReport report) {
        progress(SyncPhase.FINISHED, report.getOutcomes().size(), report.getPlan().getOperations().size());
        try {
            sync.listener().onFinished(report);
        } catch (RuntimeException e) {
            LOG.warn("sync '{}': listener failed in onFinished: {}", name, e.toString(), e);
        }
    }

    private void save(SyncState state) {
        sync.getStateStore().save(state);
    }

    private void recordFailure(SyncState state, RuntimeException e) {
        if (e instanceof SyncStateException || e instanceof SyncInProgressException) {
            return;
        }
        try {
            Instant now = sync.clock().instant();
            save(state.withLastRun(new RunSummary(RunStatus.FAILED, kind, startedAt, now,
                    "FAILED, " + kindExplanation + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), 0)));
        } catch (RuntimeException saveFailure) {
            e.addSuppressed(saveFailure);
        }
    }

    private RunSummary summary(SyncReport r) {
        return new RunSummary(r.getStatus(), r.getKind(), r.getStartedAt(), r.getFinishedAt(), r.summary(),
                r.getFailures().size());
    }

    private SyncReport report(RunStatus status, SyncPlan plan, List<OperationOutcome> outcomes) {
        return new SyncReport(name, status, kind, fullReason, kindExplanation, startedAt, sync.clock().instant(),
                entriesRead, plan, outcomes);
    }

    // ------------------------------------------------------------------ planning

    private SyncPlan plan(SyncState state) {
        Optional<ChangeSet> changes = decideKind(state);
        progress(SyncPhase.STARTED, 0, -1);
        LOG.info("sync '{}': {} run from {} to {}", name, kindExplanation, sync.getSource().describe(),
                sync.getTarget().describe());
        List<MappedUser> mapped = new ArrayList<>();
        Set<String> removedUserIds = new LinkedHashSet<>();
        if (changes.isPresent()) {
            for (DirectoryEntry e : changes.get().upserts()) {
                mapped.add(sync.mapping().map(e));
                entriesRead++;
            }
            removedUserIds.addAll(changes.get().removedIds());
            nextCheckpoint = Optional.of(changes.get().next());
            progress(SyncPhase.READING_DIRECTORY, entriesRead, entriesRead);
        } else {
            progress(SyncPhase.READING_DIRECTORY, 0, -1);
            nextCheckpoint = sync.getSource().readAll(e -> {
                mapped.add(sync.mapping().map(e));
                entriesRead++;
                if (entriesRead % READ_PROGRESS_EVERY == 0) {
                    progress(SyncPhase.READING_DIRECTORY, entriesRead, -1);
                }
            });
            progress(SyncPhase.READING_DIRECTORY, entriesRead, entriesRead);
        }
        LOG.debug("sync '{}': read {} entries{}", name, entriesRead,
                changes.isPresent() ? " and " + removedUserIds.size() + " removals" : "");
        progress(SyncPhase.READING_PBX, 0, -1);
        PbxSnapshot snapshot = sync.getTarget().read();
        progress(SyncPhase.READING_PBX, snapshot.getUsers().size(), snapshot.getUsers().size());
        PlanOptions po = sync.getPlanOptions();
        if (options.isAllowDeletesOverThreshold()) {
            po = po.withAllowDeletesOverThreshold(true);
        }
        if (options.isAllowEmptySource()) {
            po = po.withAllowEmptySource(true);
        }
        Planner planner = Planner.create(po);
        SyncPlan plan = changes.isPresent() ? planner.planChanges(mapped, removedUserIds, snapshot)
                : planner.plan(mapped, snapshot);
        progress(SyncPhase.PLANNED, plan.getOperations().size(), plan.getOperations().size());
        LOG.debug("sync '{}': planned {}", name, plan);
        return plan;
    }

    private Optional<ChangeSet> decideKind(SyncState state) {
        if (options.isForceFull()) {
            return full(FullRunReason.REQUESTED, "full: requested by the caller");
        }
        if (!sync.getSource().supportsChanges()) {
            return full(FullRunReason.SOURCE_HAS_NO_CHANGES, "full: the source cannot list changes");
        }
        if (state.checkpoint().isEmpty()) {
            return full(FullRunReason.NO_CHECKPOINT, "full: no checkpoint stored");
        }
        if (!sync.mapping().isUserIdFromEntryId()) {
            return full(FullRunReason.USER_ID_NOT_FROM_ENTRY_ID,
                    "full: User Identification is not mapped from the entry id, so removals need a full listing");
        }
        if (state.fullRunRequired()) {
            return full(FullRunReason.PREVIOUS_RUN_INCOMPLETE, "full: the previous run left failed operations");
        }
        Instant now = sync.clock().instant();
        if (state.lastFullRun().isEmpty() || !state.lastFullRun().get().plus(sync.fullRunInterval()).isAfter(now)) {
            return full(FullRunReason.FULL_RUN_INTERVAL, "full: the last full run is older than "
                    + sync.fullRunInterval());
        }
        try {
            ChangeSet changes = sync.getSource().listChanges(state.checkpoint().get());
            kind = RunKind.INCREMENTAL;
            fullReason = Optional.empty();
            kindExplanation = "incremental: changes since the stored checkpoint";
            return Optional.of(changes);
        } catch (CheckpointExpiredException e) {
            LOG.info("sync '{}': the source's checkpoint expired ({}); running a full listing", name, e.getMessage());
            return full(FullRunReason.CHECKPOINT_EXPIRED, "full: the source's checkpoint expired (" + e.getMessage() + ")");
        }
    }

    private Optional<ChangeSet> full(FullRunReason reason, String explanation) {
        kind = RunKind.FULL;
        fullReason = Optional.of(reason);
        kindExplanation = explanation;
        return Optional.empty();
    }

    // ------------------------------------------------------------------ applying

    private boolean stoppedByCancel;
    private boolean pbxUnusable;

    private List<OperationOutcome> applyAll(SyncPlan plan) {
        List<PlannedOperation> ops = plan.getOperations();
        List<OperationOutcome> outcomes = new ArrayList<>(ops.size());
        Set<String> failedUsers = new HashSet<>();
        String abortReason = null;
        int n = ops.size();
        progress(SyncPhase.APPLYING, 0, n);
        for (int i = 0; i < n; i++) {
            PlannedOperation op = ops.get(i);
            OperationOutcome outcome;
            if (abortReason == null && isCancelled()) {
                abortReason = "cancelled: the run was cancelled before this operation";
                stoppedByCancel = true;
                LOG.info("sync '{}': cancelled after {} of {} operations", name, i, n);
            }
            if (abortReason != null) {
                outcome = new OperationOutcome(op, OutcomeStatus.SKIPPED, 0, Optional.of(abortReason), false);
            } else if (failedUsers.contains(op.getUserId())) {
                outcome = new OperationOutcome(op, OutcomeStatus.SKIPPED, 0,
                        Optional.of("an earlier operation on this user failed in this run"), false);
            } else {
                outcome = applyWithRetry(op);
                if (pbxUnusable) {
                    abortReason = "not attempted: the PBX became unusable in this run (" + outcome.error().get() + ")";
                }
            }
            if (outcome.status() != OutcomeStatus.APPLIED) {
                failedUsers.add(op.getUserId());
            }
            outcomes.add(outcome);
            try {
                sync.listener().onOperation(outcome);
            } catch (RuntimeException e) {
                LOG.warn("sync '{}': listener failed in onOperation: {}", name, e.toString(), e);
            }
            progress(SyncPhase.APPLYING, i + 1, n);
        }
        return outcomes;
    }


    private OperationOutcome applyWithRetry(PlannedOperation op) {
        RetryPolicy policy = sync.retryPolicy();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                dispatch(op);
                LOG.debug("sync '{}': applied {}", name, op);
                return new OperationOutcome(op, OutcomeStatus.APPLIED, attempts, Optional.empty(), false);
            } catch (RetryableException e) {
                String message = describe(e);
                if (attempts >= policy.maxAttempts()) {
                    LOG.warn("sync '{}': {} failed after {} attempts: {}", name, op, attempts, message);
                    return new OperationOutcome(op, OutcomeStatus.FAILED, attempts, Optional.of(message), true);
                }
                Duration delay = policy.delayAfter(attempts, e.getRetryAfter());
                LOG.info("sync '{}': {} failed ({}), attempt {} of {}; retrying in {}", name, op, message, attempts,
                        policy.maxAttempts(), delay);
                if (!sleep(delay)) {
                    return new OperationOutcome(op, OutcomeStatus.FAILED, attempts,
                            Optional.of(message + "; not retried: the run was cancelled"), true);
                }
            } catch (AuthenticationFailedException | ConnectionFailedException e) {
                pbxUnusable = true;
                String message = describe(e);
                LOG.error("sync '{}': {} failed, skipping the rest of the run: {}", name, op, message);
                return new OperationOutcome(op, OutcomeStatus.FAILED, attempts, Optional.of(message), false);
            } catch (SyncException e) {
                String message = describe(e);
                LOG.warn("sync '{}': {} failed: {}", name, op, message);
                return new OperationOutcome(op, OutcomeStatus.FAILED, attempts, Optional.of(message), false);
            } catch (RuntimeException e) {
                String message = "unexpected " + describe(e);
                LOG.error("sync '{}': {} failed with an unexpected exception from {}", name, op,
                        sync.getTarget().getClass().getName(), e);
                return new OperationOutcome(op, OutcomeStatus.FAILED, attempts, Optional.of(message), false);
            }
        }
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** @return false if the run was cancelled or interrupted while waiting */
    private boolean sleep(Duration delay) {
        try {
            if (sync.sleeper() != null) {
                sync.sleeper().sleep(delay);
                return !isCancelled();
            }
            return !cancelled.await(delay.toNanos(), TimeUnit.NANOSECONDS) && !isCancelled();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void dispatch(PlannedOperation op) {
        PbxTarget target = sync.getTarget();
        if (!Capabilities.supports(target, op.getType())) {
            throw new SyncException(op.getType() + " of user " + op.getUserId() + " was planned, but "
                    + target.describe() + " does not implement " + Capabilities.interfaceFor(op.getType()).getSimpleName()
                    + "; not sent");
        }
        switch (op.getType()) {
            case CREATE:
                ((CreateUserOp) target).createUser(op);
                break;
            case UPDATE:
                ((UpdateUserOp) target).updateUser(op);
                break;
            case DELETE:
                ((DeleteUserOp) target).deleteUser(op);
                break;
            case DISABLE:
                ((DisableUserOp) target).disableUser(op);
                break;
            case ENABLE:
                ((DisableUserOp) target).enableUser(op);
                break;
            default:
                throw new IllegalStateException("unknown operation type " + op.getType());
        }
    }

    private void progress(SyncPhase phase, int done, int total) {
        try {
            sync.listener().onProgress(new SyncProgress(name, phase, done, total));
        } catch (RuntimeException e) {
            LOG.warn("sync '{}': listener failed in onProgress: {}", name, e.toString(), e);
        }
    }
}

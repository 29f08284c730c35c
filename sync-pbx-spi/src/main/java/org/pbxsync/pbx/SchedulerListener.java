package org.pbxsync.pbx;

import java.time.Instant;

/**
 * Receives what a {@link SyncScheduler} does, for a host's status display and alerts. Every
 * method has an empty default. Called on the scheduler's threads; keep the work short. An
 * exception thrown by a listener is logged and otherwise ignored.
 */
public interface SchedulerListener {

    /**
     * A run ended with a report (scheduled or run-now).
     *
     * @param syncName the sync; not null
     * @param report the report; not null
     */
    default void onRunFinished(String syncName, SyncReport report) {}

    /**
     * A run threw before it could report (directory unreachable, state corrupt...).
     *
     * @param syncName the sync; not null
     * @param failure what it threw; never holds a secret
     */
    default void onRunFailed(String syncName, Throwable failure) {}

    /**
     * A scheduled run was due but did not start: the previous run was still going, or the sync
     * is paused. Runs are never stacked: the next due time is computed as usual.
     *
     * @param syncName the sync; not null
     * @param due when it was due; not null
     * @param reason why it was skipped; not null
     */
    default void onRunSkipped(String syncName, Instant due, String reason) {}
}

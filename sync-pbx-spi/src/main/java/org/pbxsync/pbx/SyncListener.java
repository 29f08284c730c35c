package org.pbxsync.pbx;

/**
 * Receives a run's progress, for progress bars and audit logs. Every method has an empty
 * default; implement those you need.
 *
 * <p>Called on the thread that runs the sync, synchronously: keep the work short (hand it to
 * another thread if it is not). An exception thrown by a listener is logged and otherwise
 * ignored; it never stops a run. Events carry no secrets.
 */
public interface SyncListener {

    /**
     * A stage began or advanced. {@link SyncPhase#READING_DIRECTORY} is reported every few
     * hundred entries, {@link SyncPhase#APPLYING} after every operation.
     *
     * @param progress the event; not null
     */
    default void onProgress(SyncProgress progress) {}

    /**
     * One operation finished (applied, failed, or skipped).
     *
     * @param outcome what happened; not null
     */
    default void onOperation(OperationOutcome outcome) {}

    /**
     * The run ended with a report (completed, blocked or cancelled). Not called when the run
     * throws.
     *
     * @param report the report; not null
     */
    default void onFinished(SyncReport report) {}
}

package org.pbxsync.pbx;

/** How a synchronization run ended. */
public enum RunStatus {
    /** Every planned operation was applied (or there was nothing to do). */
    SUCCEEDED,
    /** The run went to the end, but some operations failed; the report lists them and the next run retries them. */
    COMPLETED_WITH_FAILURES,
    /** A guard blocked the plan; nothing was written to the PBX. The report says why and how to allow it. */
    BLOCKED,
    /** The run was cancelled between two operations; what was applied stays, the rest waits for the next run. */
    CANCELLED,
    /** The run could not plan: the directory or the PBX could not be read. Nothing was written to the PBX. */
    FAILED
}

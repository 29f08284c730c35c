package org.pbxsync.pbx;

/** What happened to one planned operation in a run. */
public enum OutcomeStatus {
    /** The PBX accepted the write. */
    APPLIED,
    /** The write failed (after retries, if the failure was retryable); the next run plans it again. */
    FAILED,
    /**
     * The write was not attempted: the run was cancelled, an earlier operation on the same user
     * failed, or the PBX became unreachable. The next run plans it again.
     */
    SKIPPED
}

package org.pbxsync.pbx;

/** Why a run was a full run rather than an incremental one. */
public enum FullRunReason {
    /** The state store holds no checkpoint for this sync (first run, or the source gave none). */
    NO_CHECKPOINT,
    /** The directory source cannot list changes ({@code supportsChanges()} is false). */
    SOURCE_HAS_NO_CHANGES,
    /**
     * The mapping does not take User Identification from the entry id, so a removed entry's id
     * cannot be turned into the user to remove; only a full run can find removals.
     */
    USER_ID_NOT_FROM_ENTRY_ID,
    /** The source said the stored checkpoint can no longer be used. */
    CHECKPOINT_EXPIRED,
    /** The last full run is older than the configured full-run interval (default: a day). */
    FULL_RUN_INTERVAL,
    /** The previous run left failed operations; a full run retries them. */
    PREVIOUS_RUN_INCOMPLETE,
    /** The caller asked for a full run ({@link RunOptions#full()}). */
    REQUESTED
}

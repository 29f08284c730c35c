package org.pbxsync.pbx;

/** Whether a run read the whole directory or only what changed since the last checkpoint. */
public enum RunKind {
    /** Every entry in scope was read and compared with the PBX. */
    FULL,
    /** Only the changes since the stored checkpoint were read. */
    INCREMENTAL
}

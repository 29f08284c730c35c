package org.pbxsync.pbx;

/** The stages of a run, in order, as reported to a {@link SyncListener}. */
public enum SyncPhase {
    /** The run began; the state was loaded and full or incremental was decided. */
    STARTED,
    /** Entries are being read from the directory; {@code done} counts them, {@code total} is unknown. */
    READING_DIRECTORY,
    /** The PBX is being read; at the end {@code done} is the number of PBX users. */
    READING_PBX,
    /** The plan is ready; {@code done} and {@code total} are the number of operations. */
    PLANNED,
    /** Operations are being applied; {@code done} of {@code total} are finished (applied or failed). */
    APPLYING,
    /** The run ended; a {@link SyncReport} follows. */
    FINISHED
}

package org.pbxsync.core.model;

/** What a planned operation does to a PBX user. */
public enum OperationType {
    /** Create a user (and its extension) that the directory has and the PBX lacks. */
    CREATE,
    /** Change fields of a user this sync owns. */
    UPDATE,
    /** Delete a user this sync owns whose entry left the directory (delete mode {@code delete}). */
    DELETE,
    /** Disable a user this sync owns whose entry left the directory or was disabled there. */
    DISABLE,
    /** Enable a user this sync disabled, whose entry came back or was enabled again. */
    ENABLE
}

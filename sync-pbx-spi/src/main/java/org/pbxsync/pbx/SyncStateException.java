package org.pbxsync.pbx;

import org.pbxsync.core.SyncException;

/**
 * A sync's state could not be read or written: the file is unreadable, corrupt, or was written
 * by a newer version of the library. The message names the file. The state is never reset
 * silently: an administrator decides (restore it, or delete it to make the next run a full run).
 */
public class SyncStateException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** @param message which file and what is wrong; not null */
    public SyncStateException(String message) {
        super(message);
    }

    /**
     * @param message which file and what is wrong; not null
     * @param cause the I/O failure; may be null
     */
    public SyncStateException(String message, Throwable cause) {
        super(message, cause);
    }
}

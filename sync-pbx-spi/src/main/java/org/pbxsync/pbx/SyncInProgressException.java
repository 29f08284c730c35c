package org.pbxsync.pbx;

import org.pbxsync.core.SyncException;

/**
 * A run of a sync was refused because another run of the same sync holds its lock, in this
 * process or in another one using the same state directory. Nothing was read or written.
 */
public class SyncInProgressException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** @param message which sync, and where the other run holds the lock; not null */
    public SyncInProgressException(String message) {
        super(message);
    }
}

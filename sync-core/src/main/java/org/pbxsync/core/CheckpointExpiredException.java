package org.pbxsync.core;

/**
 * A source cannot list changes since the given checkpoint (the Graph delta token expired, the
 * LDAP sync cookie is unknown to the server, the domain controller changed). The caller falls
 * back to a full listing and reports that it did.
 */
public class CheckpointExpiredException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** @param message why the checkpoint cannot be used; not null */
    public CheckpointExpiredException(String message) {
        super(message);
    }

    /**
     * @param message why the checkpoint cannot be used; not null
     * @param cause the underlying failure; may be null
     */
    public CheckpointExpiredException(String message, Throwable cause) {
        super(message, cause);
    }
}

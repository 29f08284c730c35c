package org.pbxsync.pbx;

import org.pbxsync.core.SyncException;

/**
 * A write names a user (by User Identification) that the PBX no longer has, for example because
 * an administrator deleted it by hand after the read. Permanent for this run; the next run reads
 * the PBX again and plans from what is really there.
 */
public class PbxUserNotFoundException extends SyncException {
    private static final long serialVersionUID = 1L;

    private final String userId;

    /**
     * @param userId the User Identification that was not found; not null
     * @param message what was attempted; not null
     */
    public PbxUserNotFoundException(String userId, String message) {
        super(message);
        this.userId = userId;
    }

    /** @return the User Identification that was not found */
    public String getUserId() {
        return userId;
    }
}

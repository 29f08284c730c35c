package org.pbxsync.pbx;

import org.pbxsync.core.plan.PlannedOperation;

/**
 * Capability: the PBX can create users (with their extension). Without it the synchronizer
 * never plans a {@link org.pbxsync.core.model.OperationType#CREATE}.
 */
public interface CreateUserOp extends PbxOperation {

    /**
     * Creates the user {@code op.getAfter()}: its User Identification, its owner, every field
     * in {@code getFields()} (including the extension and, once only, the login and voicemail
     * codes), its groups, its system and its enabled flag.
     *
     * <p>Ownership: the owner and the User Identification must be stored with the user in the
     * same write, so that a crash right after it leaves a user the next {@link
     * PbxTarget#read()} reports as owned.
     *
     * <p>Idempotence: if a user with the same User Identification and the same owner already
     * exists (a retry after the first attempt's reply was lost), make it equal to {@code
     * getAfter()} and return normally.
     *
     * @param op a {@link org.pbxsync.core.model.OperationType#CREATE} operation; {@code
     *     getAfter()} is present; not null
     * @throws PbxConflictException if the name or the extension belongs to another user, the
     *     extension is reserved, or the User Identification belongs to a user with another owner
     *     (or none); nothing is written
     * @throws org.pbxsync.core.RetryableException on a transient failure
     * @throws org.pbxsync.core.SyncException if the PBX refuses the user for another reason (an
     *     unknown group or system, a value it cannot store), naming the field
     */
    void createUser(PlannedOperation op);
}

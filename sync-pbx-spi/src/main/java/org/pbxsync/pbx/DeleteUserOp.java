package org.pbxsync.pbx;

import org.pbxsync.core.plan.PlannedOperation;

/**
 * Capability: the PBX can delete users (and free their extension). Without it the synchronizer
 * never plans a {@link org.pbxsync.core.model.OperationType#DELETE}; a sync configured to
 * delete is refused when it is built.
 */
public interface DeleteUserOp extends PbxOperation {

    /**
     * Deletes the user {@code op.getUserId()}.
     *
     * <p>Idempotence: if no user has that User Identification any more, return normally (the
     * user is gone, which is what was asked).
     *
     * @param op a {@link org.pbxsync.core.model.OperationType#DELETE} operation; {@code
     *     getBefore()} is present; not null
     * @throws PbxConflictException if the user's owner is no longer {@code
     *     op.getBefore().getOwner()} (someone took it over by hand); nothing is deleted
     * @throws org.pbxsync.core.RetryableException on a transient failure
     */
    void deleteUser(PlannedOperation op);
}

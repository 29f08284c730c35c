package org.pbxsync.pbx;

import org.pbxsync.core.plan.PlannedOperation;

/**
 * Capability: the PBX can disable a user while keeping its record (freeing the licence), and
 * enable it again. Without it the synchronizer never plans a {@link
 * org.pbxsync.core.model.OperationType#DISABLE} or {@link
 * org.pbxsync.core.model.OperationType#ENABLE}; a sync configured to disable instead of delete
 * is refused when it is built.
 */
public interface DisableUserOp extends PbxOperation {

    /**
     * Disables the user {@code op.getUserId()}; every field, the owner and the extension stay.
     * Disabling a disabled user returns normally.
     *
     * @param op a {@link org.pbxsync.core.model.OperationType#DISABLE} operation; {@code
     *     getBefore()} is present; not null
     * @throws PbxUserNotFoundException if no user has that User Identification
     * @throws PbxConflictException if the user's owner is no longer {@code
     *     op.getBefore().getOwner()}
     * @throws org.pbxsync.core.RetryableException on a transient failure
     */
    void disableUser(PlannedOperation op);

    /**
     * Enables the user {@code op.getUserId()} again. Enabling an enabled user returns normally.
     *
     * @param op an {@link org.pbxsync.core.model.OperationType#ENABLE} operation; {@code
     *     getBefore()} is present; not null
     * @throws PbxUserNotFoundException if no user has that User Identification
     * @throws PbxConflictException if the user's owner is no longer {@code
     *     op.getBefore().getOwner()}
     * @throws org.pbxsync.core.RetryableException on a transient failure
     */
    void enableUser(PlannedOperation op);
}

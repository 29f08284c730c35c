package org.pbxsync.pbx;

import org.pbxsync.core.plan.PlannedOperation;

/**
 * Capability: the PBX can change existing users' fields. Without it the synchronizer never
 * plans an {@link org.pbxsync.core.model.OperationType#UPDATE}.
 */
public interface UpdateUserOp extends PbxOperation {

    /**
     * Changes the fields listed in {@code op.getChanges()} of the user {@code op.getUserId()}
     * to their values in {@code op.getAfter()} (for {@link org.pbxsync.core.model.FieldKey#GROUPS},
     * {@code getAfter().getGroups()}). A field whose new value is absent becomes blank. Fields
     * not listed are left as they are, so a change an administrator made by hand to another
     * field between the read and the write survives. Owner and User Identification never
     * change.
     *
     * @param op an {@link org.pbxsync.core.model.OperationType#UPDATE} operation; {@code
     *     getBefore()} and {@code getAfter()} are present; not null
     * @throws PbxUserNotFoundException if no user has that User Identification; nothing is
     *     written
     * @throws PbxConflictException if the new name or extension belongs to another user or is
     *     reserved, or the user's owner is no longer {@code op.getBefore().getOwner()}; nothing is
     *     written
     * @throws org.pbxsync.core.RetryableException on a transient failure
     * @throws org.pbxsync.core.SyncException if the PBX refuses a value, naming the field
     */
    void updateUser(PlannedOperation op);
}

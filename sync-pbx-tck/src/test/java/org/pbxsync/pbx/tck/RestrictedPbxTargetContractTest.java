package org.pbxsync.pbx.tck;

import org.pbxsync.pbx.CreateUserOp;
import org.pbxsync.pbx.PbxTarget;
import org.pbxsync.pbx.UpdateUserOp;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;

/**
 * A target that can only create and update: the contract must skip (not fail) the delete and
 * disable tests, with a printed reason.
 */
class RestrictedPbxTargetContractTest extends PbxTargetContract {
    @Override
    protected PbxTarget createTarget() {
        return InMemoryPbxTarget.empty().restrictedTo(CreateUserOp.class, UpdateUserOp.class);
    }
}

package org.pbxsync.pbx.tck;

import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.pbx.PbxTarget;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;

/** The in-memory reference PBX against the contract, with hand-made users, groups and reserved numbers. */
class InMemoryPbxTargetContractTest extends PbxTargetContract {
    @Override
    protected PbxTarget createTarget() {
        return InMemoryPbxTarget.builder()
                .groups("Sales", "Support")
                .reservedExtensions("7010", "200")
                .user(PbxUser.builder().userId("hand-1").putFields(FieldKey.NAME, "Reception")
                        .putFields(FieldKey.EXTENSION, "7020").build())
                .user(PbxUser.builder().userId("other-1").owner("teams-sync").putFields(FieldKey.NAME, "Other Sync User")
                        .putFields(FieldKey.EXTENSION, "300").addGroups("Sales").build())
                .build();
    }
}

package org.pbxsync.core.model;

import java.util.List;
import java.util.Set;
import org.immutables.value.Value;
import org.pbxsync.core.internal.SdkStyle;

/**
 * What the PBX holds now, as the planner needs it. Read from a {@code PbxTarget} by the
 * synchronizer, or built by hand in a host's unit tests. Built with {@code
 * PbxSnapshot.builder()}; immutable.
 */
@Value.Immutable
@SdkStyle
abstract class AbstractPbxSnapshot {

    /** @return every user on the PBX, owned by a sync or not */
    public abstract List<PbxUser> getUsers();

    /** @return the provisioning rules */
    public abstract List<ProvisioningRule> getRules();

    /** @return the systems; if not empty, exactly one is primary */
    public abstract List<PbxSystem> getSystems();

    /** @return the names of the groups that exist on the PBX */
    public abstract Set<String> getGroups();

    /**
     * @return extension numbers in use by things other than users (hunt groups, voicemail
     *     ports...); never allocated to a new user
     */
    public abstract Set<String> getReservedExtensions();

    @Value.Check
    protected void check() {
        if (!getSystems().isEmpty() && getSystems().stream().filter(PbxSystem::isPrimary).count() != 1) {
            throw new IllegalStateException("PBX snapshot: exactly one system must be primary, got "
                    + getSystems().stream().filter(PbxSystem::isPrimary).count());
        }
    }
}

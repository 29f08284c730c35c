package org.pbxsync.core.model;

import java.util.Optional;
import org.immutables.value.Value;
import org.pbxsync.core.internal.SdkStyle;

/**
 * One PBX system in a network of systems. New users go to the system their mapped LAN1, LAN2,
 * system name or FQDN names, else to their provisioning rule's, else to the primary. Built with
 * {@code PbxSystem.builder()}; immutable.
 */
@Value.Immutable
@SdkStyle
abstract class AbstractPbxSystem {

    /** @return the system name; unique in the network */
    public abstract String getName();

    /** @return the LAN1 IP address */
    public abstract Optional<String> getLan1();

    /** @return the LAN2 IP address */
    public abstract Optional<String> getLan2();

    /** @return the fully qualified domain name */
    public abstract Optional<String> getFqdn();

    /** @return whether this is the primary system; a network has exactly one */
    @Value.Default
    public boolean isPrimary() {
        return false;
    }
}

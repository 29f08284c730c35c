package org.pbxsync.pbx;

import org.pbxsync.core.model.PbxSnapshot;

/**
 * A phone system that a {@link Synchronizer} keeps in step with a directory. This is the SPI a
 * host implements for its PBX; the {@linkplain org.pbxsync.pbx package documentation} walks
 * through writing one, and {@code org.pbxsync.pbx.tck.PbxTargetContract} (artifact {@code
 * sync-pbx-tck}) proves it.
 *
 * <p>This interface is the read side. A target opts in to each kind of write by also
 * implementing one of the small capability interfaces: {@link CreateUserOp}, {@link
 * UpdateUserOp}, {@link DeleteUserOp}, {@link DisableUserOp}. The synchronizer never plans, and
 * so never sends, an operation whose interface the target does not implement.
 *
 * <p><b>Thread safety.</b> One synchronizer calls one method at a time. When several
 * synchronizers share one target (an LDAP sync and a Teams sync feeding the same PBX) their calls
 * may overlap, so a target shared that way must be thread-safe.
 */
public interface PbxTarget extends AutoCloseable {

    /**
     * The SPI version this library implements: {@value}. Return this constant from {@link
     * #spiVersion()}; the compiler copies its value into your class, so your target then
     * reports the version it was compiled against.
     */
    String SPI_VERSION = "1.0";

    /**
     * Returns the SPI version this target was written for. The synchronizer compares it with
     * {@link SpiVersions#supported()} when it is built and refuses, with a {@link
     * org.pbxsync.core.ConfigurationException} naming both versions, a target written for a
     * version this library does not support.
     *
     * @return {@link #SPI_VERSION} as seen by the compiler when the target was built; never null
     */
    String spiVersion();

    /**
     * @return a short description for logs and reports: the kind of PBX and its address (for
     *     example {@code IP Office 11.1 at 10.0.0.5}); never a credential
     */
    String describe();

    /**
     * Reads the PBX's current state: every user (those owned by a sync, with their owner and
     * User Identification, and those made by hand, which no sync touches), the provisioning
     * rules, the systems with the primary marked, the groups and the extensions reserved for
     * other things (hunt groups, voicemail ports).
     *
     * <p>Called once per run, before planning. The snapshot must be complete: a user missing
     * from it may be created again (a uniqueness error) or, worse, look deleted. If the PBX
     * cannot be read completely, throw; never return part of it.
     *
     * <p>Owner and User Identification must be read back exactly as a {@link CreateUserOp}
     * wrote them: that is how the next run recognises users after a crash.
     *
     * @return the complete current state; not null
     * @throws org.pbxsync.core.ConnectionFailedException if the PBX cannot be reached
     * @throws org.pbxsync.core.AuthenticationFailedException if the PBX refused the credentials
     * @throws org.pbxsync.core.RetryableException if the PBX is busy; the run is abandoned and
     *     tried again at its next schedule
     */
    PbxSnapshot read();

    /** Releases connections. Idempotent. The default does nothing. */
    @Override
    default void close() {}
}

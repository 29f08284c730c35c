package org.pbxsync.pbx;

import java.util.List;
import java.util.Objects;
import org.pbxsync.core.ConfigurationException;

/**
 * The SPI version check, in the manner of SLF4J's provider check: a {@link PbxTarget} says which
 * SPI version it was written for, and the library refuses one it does not support instead of
 * failing later in an obscure way.
 *
 * <p>A version is {@code major.minor}. This library supports every version listed by {@link
 * #supported()}; a target compiled against a later minor version of the same major version may
 * use SPI additions this library lacks, so it is refused too.
 */
public final class SpiVersions {
    private static final List<String> SUPPORTED = List.of("1.0");

    private SpiVersions() {}

    /** @return the SPI versions this library accepts, oldest first; the last is {@link PbxTarget#SPI_VERSION} */
    public static List<String> supported() {
        return SUPPORTED;
    }

    /**
     * Checks a target's {@link PbxTarget#spiVersion()}.
     *
     * @param target the target; not null
     * @throws ConfigurationException naming the target, its version and the supported ones, if
     *     the version is null or not supported
     */
    public static void check(PbxTarget target) {
        Objects.requireNonNull(target, "target");
        String version = target.spiVersion();
        if (version == null || !SUPPORTED.contains(version)) {
            throw new ConfigurationException("PbxTarget " + target.getClass().getName() + " ("
                    + safeDescribe(target) + ") was written for PBX SPI version " + version
                    + ", but this sync-pbx-spi supports " + SUPPORTED
                    + ": use a sync-pbx-spi release that supports it, or rebuild the target against this one"
                    + " and run PbxTargetContract (sync-pbx-tck) again");
        }
    }

    private static String safeDescribe(PbxTarget target) {
        try {
            return target.describe();
        } catch (RuntimeException e) {
            return "describe() failed";
        }
    }
}

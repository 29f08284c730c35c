package org.pbxsync.teams.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.pbxsync.core.CheckpointExpiredException;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.teams.TeamsSourceConfig;

/**
 * Checkpoint format: kind {@value #KIND}, value {@code v1|<fingerprint>|<deltaLink>}. The
 * fingerprint covers what decides the content of a delta round (the {@code $select} list and the
 * filters), so a checkpoint taken under another configuration is refused rather than silently
 * producing entries without the newly mapped attributes.
 */
final class DeltaCheckpoints {
    static final String KIND = "graph-delta";
    private static final String VERSION = "v1";

    private final String fingerprint;

    DeltaCheckpoints(TeamsSourceConfig config, List<String> select) {
        List<String> sortedSelect = new ArrayList<>(select);
        sortedSelect.sort(String.CASE_INSENSITIVE_ORDER);
        List<String> skus = config.getRequiredSkuIds().stream().map(UUID::toString).sorted().toList();
        List<String> plans = config.getRequiredServicePlanIds().stream().map(UUID::toString).sorted().toList();
        String material = config.getScope() + "|" + config.getGroupId().orElse("") + "|" + sortedSelect + "|guests:"
                + config.isExcludeGuests() + "|disabled:" + config.isExcludeDisabled() + "|skus:" + skus + "|plans:"
                + plans;
        this.fingerprint = sha256(material).substring(0, 16);
    }

    Checkpoint encode(String deltaLink) {
        return new Checkpoint(KIND, VERSION + "|" + fingerprint + "|" + deltaLink);
    }

    /**
     * @return the delta link inside the checkpoint
     * @throws CheckpointExpiredException if the checkpoint is of another kind or format, or was
     *     taken under another attribute selection or filters
     */
    String decode(Checkpoint checkpoint) {
        if (!KIND.equals(checkpoint.kind())) {
            throw new CheckpointExpiredException("Checkpoint of kind '" + checkpoint.kind()
                    + "' is not a Graph delta checkpoint ('" + KIND + "'); a full listing is needed");
        }
        String[] parts = checkpoint.value().split("\\|", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].isBlank()) {
            throw new CheckpointExpiredException("Graph delta checkpoint has an unknown format; a full listing is needed");
        }
        if (!fingerprint.equals(parts[1])) {
            throw new CheckpointExpiredException("The selected attributes or user filters changed since this Graph delta "
                    + "checkpoint was taken; a full listing is needed");
        }
        return parts[2];
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JRE", e);
        }
    }
}

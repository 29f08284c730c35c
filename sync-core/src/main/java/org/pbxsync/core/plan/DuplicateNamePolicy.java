package org.pbxsync.core.plan;

/**
 * What happens when several directory entries map to the same Name (names are unique across
 * the PBX, compared ignoring case).
 *
 * <p>In both policies the Name goes to the user who already holds it on the PBX, else to the
 * lowest User Identification. A Name held by a user this sync does not own is never taken
 * ({@code NAME_TAKEN}, an error) whatever the policy.
 */
public enum DuplicateNamePolicy {
    /** The default: the other entries are skipped with an error {@code DUPLICATE_NAME}. */
    SKIP_DUPLICATES,
    /**
     * The other entries get the Name with the lowest free suffix {@code " (2)"}, {@code " (3)"}...
     * and a warning {@code DUPLICATE_NAME}. A user that already holds such a suffixed name keeps
     * it, so runs do not rename users back and forth.
     */
    DISAMBIGUATE_WITH_SUFFIX
}

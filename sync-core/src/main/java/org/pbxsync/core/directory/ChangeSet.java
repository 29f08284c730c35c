package org.pbxsync.core.directory;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What changed in a directory since a checkpoint.
 *
 * @param upserts entries added or changed since the checkpoint, in their current state; an
 *     entry that left the scope (for example left the synced group) is a removal instead; not
 *     null
 * @param removedIds ids of entries deleted or moved out of scope; not null
 * @param next the checkpoint to store once the changes are applied; not null
 */
public record ChangeSet(List<DirectoryEntry> upserts, Set<String> removedIds, Checkpoint next) {
    /** Checks and copies the components. */
    public ChangeSet {
        upserts = List.copyOf(upserts);
        removedIds = Set.copyOf(removedIds);
        Objects.requireNonNull(next, "next");
    }

    /** @return whether nothing changed */
    public boolean isEmpty() {
        return upserts.isEmpty() && removedIds.isEmpty();
    }
}

package org.pbxsync.core.directory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A complete directory listing, collected in memory by {@link DirectorySource#listAll()}.
 *
 * @param entries every entry in scope, in the source's order; not null
 * @param checkpoint where a later incremental listing can resume, if the source supports one
 */
public record FullListing(List<DirectoryEntry> entries, Optional<Checkpoint> checkpoint) {
    /** Checks and copies the components. */
    public FullListing {
        entries = List.copyOf(entries);
        Objects.requireNonNull(checkpoint, "checkpoint");
    }
}

package org.pbxsync.pbx;

import java.util.Objects;

/**
 * One progress event, for a host's progress bar.
 *
 * @param syncName the sync's name; not null
 * @param phase the stage; not null
 * @param done how far the stage is (entries read, operations finished)
 * @param total how far it will go, or -1 when not known (while reading)
 */
public record SyncProgress(String syncName, SyncPhase phase, int done, int total) {
    /** Checks the components. */
    public SyncProgress {
        Objects.requireNonNull(syncName, "syncName");
        Objects.requireNonNull(phase, "phase");
    }
}

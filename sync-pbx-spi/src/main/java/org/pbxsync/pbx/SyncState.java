package org.pbxsync.pbx;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.pbxsync.core.directory.Checkpoint;

/**
 * What a {@link SyncStateStore} keeps per sync between runs. Immutable.
 *
 * <p>The synchronizer saves it only when a run has ended (completed, blocked, cancelled or
 * failed), never in the middle, and moves the checkpoint forward only after a run went to its
 * end: a run that dies half-way leaves the previous state, and the next run lists the same
 * changes again and plans them against the PBX's real state.
 *
 * @param syncName the sync's name; not blank
 * @param checkpoint where the next incremental listing resumes; empty means the next run is full
 * @param lastFullRun when the last full run that went to its end started
 * @param fullRunRequired whether the next run must be full (the last one left failures)
 * @param lastRun the last run's summary
 */
public record SyncState(String syncName, Optional<Checkpoint> checkpoint, Optional<Instant> lastFullRun,
        boolean fullRunRequired, Optional<RunSummary> lastRun) {
    /** Checks the components. */
    public SyncState {
        Objects.requireNonNull(syncName, "syncName");
        if (syncName.isBlank()) {
            throw new IllegalArgumentException("sync name must not be blank");
        }
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(lastFullRun, "lastFullRun");
        Objects.requireNonNull(lastRun, "lastRun");
    }

    /**
     * @param syncName the sync's name; not blank
     * @return the state of a sync that never ran
     */
    public static SyncState initial(String syncName) {
        return new SyncState(syncName, Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    /**
     * @param summary the last run's summary; not null
     * @return a copy with that last run
     */
    public SyncState withLastRun(RunSummary summary) {
        return new SyncState(syncName, checkpoint, lastFullRun, fullRunRequired, Optional.of(summary));
    }
}

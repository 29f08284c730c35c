package org.pbxsync.pbx;

import java.time.Instant;
import java.util.Objects;

/**
 * What the state store keeps about a sync's last run, for a host's "status of the last
 * synchronization" display.
 *
 * @param status how the run ended; not null
 * @param kind full or incremental; not null
 * @param startedAt when it started, from the synchronizer's clock; not null
 * @param finishedAt when it ended; not null
 * @param summary one line of counts and reasons, for example {@code "created 3, updated 1,
 *     failed 1"}; never a secret; not null
 * @param failedOperations how many operations failed
 */
public record RunSummary(RunStatus status, RunKind kind, Instant startedAt, Instant finishedAt, String summary,
        int failedOperations) {
    /** Checks the components. */
    public RunSummary {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(summary, "summary");
        if (failedOperations < 0) {
            throw new IllegalArgumentException("failedOperations must not be negative");
        }
    }
}

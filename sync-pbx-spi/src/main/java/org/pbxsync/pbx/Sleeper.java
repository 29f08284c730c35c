package org.pbxsync.pbx;

import java.time.Duration;

/**
 * Waits between retries of a write. The default waits on the run's cancellation, so {@link
 * Synchronizer#cancel()} ends a wait at once; tests pass one that records the delays and
 * returns at once.
 */
@FunctionalInterface
public interface Sleeper {
    /**
     * @param delay how long to wait; not null, not negative
     * @throws InterruptedException if the thread is interrupted; the run then stops as if
     *     cancelled
     */
    void sleep(Duration delay) throws InterruptedException;
}

package org.pbxsync.pbx;

import java.nio.file.Path;
import java.util.Optional;
import org.pbxsync.pbx.internal.DirectorySyncStateStore;
import org.pbxsync.pbx.internal.InMemorySyncStateStore;

/**
 * Keeps each sync's {@link SyncState} between runs and makes sure only one run of a sync goes
 * at a time. The synchronizer {@linkplain #lock locks} the sync for the length of a run,
 * {@linkplain #load loads} the state at the start and {@linkplain #save saves} it at the end.
 *
 * <p>Two implementations come with the library: {@link #inDirectory(Path)} (one file per sync,
 * survives restarts, locks across processes) and {@link #inMemory()} (for tests and for hosts
 * that keep state elsewhere). Hosts may write their own (a database table, say); it must be
 * thread-safe, never return a partly written state, and throw {@link SyncStateException}
 * rather than return an empty state for data it cannot read.
 */
public interface SyncStateStore {

    /**
     * @param syncName the sync's name; not null
     * @return its state, or empty if it never saved one
     * @throws SyncStateException if a state exists but cannot be read, naming where it is
     */
    Optional<SyncState> load(String syncName);

    /**
     * Replaces the sync's state, atomically: a reader sees the old or the new state, even if the
     * process dies during the save.
     *
     * @param state the state; not null
     * @throws SyncStateException if it cannot be written; the old state is then left as it was
     */
    void save(SyncState state);

    /**
     * Takes the lock of one sync without waiting.
     *
     * @param syncName the sync's name; not null
     * @return the lock; close it when the run ends
     * @throws SyncInProgressException if another run (thread or process) holds it
     * @throws SyncStateException if the lock itself cannot be taken (for example the lock file
     *     cannot be created)
     */
    SyncLock lock(String syncName);

    /** @return a new, empty store that keeps state in memory; thread-safe */
    static SyncStateStore inMemory() {
        return new InMemorySyncStateStore();
    }

    /**
     * Returns a store that keeps one file per sync in {@code directory}: {@code <name>.state}, a
     * versioned properties file written atomically (temporary file, fsync, rename) and readable
     * by its owner only (it holds checkpoints, which may carry tokens), and {@code <name>.lock},
     * locked with {@link java.nio.channels.FileChannel#tryLock()} while a run goes. Characters
     * other than letters, digits, {@code .}, {@code _} and {@code -} in the name are written as
     * {@code %XX}. The directory is created when needed.
     *
     * @param directory the directory; not null
     * @return the store; thread-safe; several stores (and processes) may share the directory
     */
    static SyncStateStore inDirectory(Path directory) {
        return new DirectorySyncStateStore(directory);
    }
}

package org.pbxsync.pbx;

/**
 * Proof that the holder is the only run of one sync, across threads and, for the directory
 * store, across processes sharing the state directory. Obtained from {@link
 * SyncStateStore#lock(String)}; release it with {@link #close()}.
 */
public interface SyncLock extends AutoCloseable {
    /** @return the sync's name */
    String syncName();

    /** Releases the lock. Idempotent. */
    @Override
    void close();
}

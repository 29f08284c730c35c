package org.pbxsync.pbx.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pbxsync.pbx.SyncInProgressException;
import org.pbxsync.pbx.SyncLock;
import org.pbxsync.pbx.SyncState;
import org.pbxsync.pbx.SyncStateStore;

public final class InMemorySyncStateStore implements SyncStateStore {
    private final Map<String, SyncState> states = new ConcurrentHashMap<>();
    private final Set<String> locked = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<SyncState> load(String syncName) {
        return Optional.ofNullable(states.get(Objects.requireNonNull(syncName, "syncName")));
    }

    @Override
    public void save(SyncState state) {
        states.put(state.syncName(), state);
    }

    @Override
    public SyncLock lock(String syncName) {
        Objects.requireNonNull(syncName, "syncName");
        if (!locked.add(syncName)) {
            throw new SyncInProgressException("sync '" + syncName + "' is already running in this process;"
                    + " this run was refused");
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return new SyncLock() {
            @Override
            public String syncName() {
                return syncName;
            }

            @Override
            public void close() {
                if (open.compareAndSet(true, false)) {
                    locked.remove(syncName);
                }
            }
        };
    }

    @Override
    public String toString() {
        return "in-memory sync state store";
    }
}

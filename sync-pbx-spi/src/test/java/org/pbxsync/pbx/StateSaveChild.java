package org.pbxsync.pbx;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.pbxsync.core.directory.Checkpoint;

/**
 * Saves a large sync state in its own JVM (started under {@code ulimit -f}, which simulates a
 * full disk) and prints {@code SAVED} or {@code ERROR <exception>}. Arguments: stateDir syncName
 * checkpointLength
 */
public final class StateSaveChild {
    private StateSaveChild() {}

    public static void main(String[] args) {
        try {
            SyncStateStore.inDirectory(Path.of(args[0])).save(new SyncState(args[1],
                    Optional.of(new Checkpoint("in-memory", "x".repeat(Integer.parseInt(args[2])))),
                    Optional.of(Instant.parse("2026-11-21T03:00:00Z")), false, Optional.empty()));
            System.out.println("SAVED");
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e);
        }
        System.out.flush();
    }
}

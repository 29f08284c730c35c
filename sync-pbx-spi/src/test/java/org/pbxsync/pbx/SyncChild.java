package org.pbxsync.pbx;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.pbx.file.FilePbxTarget;
import org.pbxsync.pbx.memory.InMemoryDirectorySource;

/**
 * A sync run in its own JVM, for the kill -9 and two-process tests: a file-backed PBX, a state
 * directory and a deterministic directory. Phase 1 lists people 1..n; phase 2 is phase 1 with a
 * seeded share of people removed, renamed, renumbered, disabled and added. Prints {@code APPLIED k} after the k-th
 * operation (flushed, so a parent can kill at a chosen point) and {@code DONE status}, {@code
 * REFUSED message} or {@code ERROR message} at the end.
 *
 * <p>Arguments: pbxFile stateDir phase users seed slowMillisPerOperation
 */
public final class SyncChild {
    private SyncChild() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            SyncReport r = run(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Long.parseLong(args[4]), Long.parseLong(args[5]), out);
            out.println("DONE " + r.getStatus());
        } catch (SyncInProgressException e) {
            out.println("REFUSED " + e.getMessage());
        } catch (RuntimeException e) {
            out.println("ERROR " + e);
        }
        out.flush();
    }

    static InMemoryDirectorySource directory(int phase, int users, long seed) {
        InMemoryDirectorySource source = InMemoryDirectorySource.create().putAll(Fixtures.people(1, users));
        if (phase < 2) {
            return source;
        }
        SplittableRandom r = new SplittableRandom(seed);
        List<String> removed = new ArrayList<>();
        for (int i = 1; i <= users; i++) {
            int what = r.nextInt(10);
            DirectoryEntry p = Fixtures.person(i);
            if (what == 0) {
                removed.add(p.getId());
            } else if (what == 1) {
                source.put(p.toBuilder().put("cn", List.of("Renamed " + i)).build());
            } else if (what == 2) {
                source.put(p.toBuilder().put("telephoneNumber", List.of("+49 30 " + (5000 + i))).build());
            } else if (what == 3) {
                source.put(p.toBuilder().enabled(false).build());
            }
        }
        source.remove(removed.toArray(new String[0]));
        source.putAll(Fixtures.people(users + 1, users + users / 10));
        return source;
    }

    static Synchronizer synchronizer(Path pbxFile, Path stateDir, InMemoryDirectorySource source, SyncListener l) {
        return Synchronizer.builder().source(source).target(FilePbxTarget.open(pbxFile)).mapping(Fixtures.mapping())
                .planOptions(Fixtures.options().deleteEnabled(true).deleteMode(DeleteMode.DELETE)
                        .maxDeletePercent(100).build())
                .stateStore(SyncStateStore.inDirectory(stateDir)).sleeper(d -> { }).listener(l).build();
    }

    static SyncReport run(Path pbxFile, Path stateDir, int phase, int users, long seed, long slowMillis,
            PrintStream progress) {
        int[] applied = {0};
        SyncListener l = new SyncListener() {
            @Override
            public void onOperation(OperationOutcome outcome) {
                progress.println("APPLIED " + ++applied[0]);
                progress.flush();
                if (slowMillis > 0) {
                    try {
                        Thread.sleep(slowMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        // the in-memory directory's checkpoints belong to one instance, so a new process runs full
        InMemoryDirectorySource source = directory(phase, users, seed);
        return synchronizer(pbxFile, stateDir, source, l).synchronize();
    }
}

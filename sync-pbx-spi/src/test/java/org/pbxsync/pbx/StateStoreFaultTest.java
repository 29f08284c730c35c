package org.pbxsync.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;

/**
 * The state file truncated at every length, a state directory that cannot be written
 * (immutable), a full disk (a child JVM under {@code ulimit -f}) and a store whose save fails
 * after a run applied its operations: the error names the file, the previous state stays
 * intact, and the next run converges.
 */
class StateStoreFaultTest {
    @TempDir
    Path dir;

    static SyncState state(String name, String checkpoint) {
        return new SyncState(name, Optional.of(new Checkpoint("in-memory", checkpoint)),
                Optional.of(Instant.parse("2026-11-20T02:00:00Z")), false, Optional.empty());
    }

    @Test
    void aStateFileTruncatedAtAnyLengthLoadsWholeOrFailsNamingTheFile() throws IOException {
        SyncStateStore store = SyncStateStore.inDirectory(dir);
        SyncState saved = state("s", "cp-12345");
        store.save(saved);
        Path file = dir.resolve("s.state");
        byte[] whole = Files.readAllBytes(file);
        int refused = 0;
        for (int len = 0; len < whole.length; len++) {
            Files.write(file, Arrays.copyOf(whole, len));
            try {
                assertEquals(Optional.of(saved), store.load("s"), "a truncated file that loads must load the same state");
            } catch (SyncStateException e) {
                assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                refused++;
            }
            assertTrue(Files.exists(file), "the damaged file is left for an administrator");
        }
        System.out.println("reliability: state file truncated at " + whole.length + " lengths: " + refused
                + " refused naming the file, " + (whole.length - refused) + " loaded the same state");
        assertTrue(refused >= whole.length - 2, "only dropping the final newline may still load: " + refused);
    }

    private static boolean chattr(String flag, Path p) throws Exception {
        try {
            Process c = new ProcessBuilder("chattr", flag, p.toString()).redirectErrorStream(true).start();
            c.getInputStream().readAllBytes();
            return c.waitFor(30, TimeUnit.SECONDS) && c.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void skip(String why) {
        System.err.println("SKIPPED: " + why);
        Assumptions.assumeTrue(false, why);
    }

    @Test
    void anUnwritableStateDirectoryFailsTheSaveNamingTheFileAndKeepsThePreviousState() throws Exception {
        Path stateDir = Files.createDirectories(dir.resolve("state"));
        SyncStateStore store = SyncStateStore.inDirectory(stateDir);
        SyncState previous = state("s", "old");
        store.save(previous);
        boolean immutable;
        if (System.getProperty("user.name").equals("root") || !stateDir.toFile().setWritable(false)) {
            immutable = chattr("+i", stateDir);
            if (!immutable) {
                skip("running as root and 'chattr +i' is not available, so no directory can be made unwritable here");
            }
        } else {
            immutable = false;
        }
        try {
            SyncStateException e = assertThrows(SyncStateException.class, () -> store.save(state("s", "new")));
            assertTrue(e.getMessage().contains(stateDir.resolve("s.state").toString()), e.getMessage());
            assertEquals(Optional.of(previous), store.load("s"));
        } finally {
            if (immutable) {
                chattr("-i", stateDir);
            } else {
                stateDir.toFile().setWritable(true);
            }
        }
        assertEquals(Optional.of(previous), store.load("s"));
        try (var files = Files.list(stateDir)) {
            assertEquals(List.of("s.state"), files.map(p -> p.getFileName().toString()).toList(), "no temporary left");
        }
    }

    @Test
    void aFullDiskFailsTheSaveNamingTheFileAndKeepsThePreviousState() throws Exception {
        Path stateDir = Files.createDirectories(dir.resolve("full"));
        SyncStateStore store = SyncStateStore.inDirectory(stateDir);
        SyncState previous = state("s", "small");
        store.save(previous);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String cmd = "ulimit -f 8 && exec '" + java + "' -cp '" + KillNineTest.classPath() + "' "
                + StateSaveChild.class.getName() + " '" + stateDir + "' s 100000";
        Process p;
        try {
            p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            skip("bash is not available to set ulimit -f: " + e);
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertTrue(out.contains("ERROR") && out.contains("SyncStateException")
                && out.contains(stateDir.resolve("s.state").toString()), out);
        assertEquals(Optional.of(previous), store.load("s"), "the previous state is intact");
        try (var files = Files.list(stateDir)) {
            assertEquals(List.of("s.state"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no partial temporary file is left");
        }
    }

    /** A store whose saves fail like a full disk would. */
    static final class FailingSaves implements SyncStateStore {
        final SyncStateStore delegate;
        volatile boolean fail;

        FailingSaves(SyncStateStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<SyncState> load(String syncName) {
            return delegate.load(syncName);
        }

        @Override
        public void save(SyncState state) {
            if (fail) {
                throw new SyncStateException("cannot write sync state file /var/lib/pbx-sync/" + state.syncName()
                        + ".state: No space left on device");
            }
            delegate.save(state);
        }

        @Override
        public SyncLock lock(String syncName) {
            return delegate.lock(syncName);
        }
    }

    @Test
    void whenTheStateCannotBeSavedAfterApplyingTheRunFailsLoudlyAndTheNextRunConverges() {
        FailingSaves store = new FailingSaves(SyncStateStore.inDirectory(dir.resolve("s")));
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        assertTrue(PbxWriterFaultTest.sync(SyncChild.directory(1, 30, 5), pbx, store).synchronize().isSuccess());
        Optional<SyncState> before = store.load("ldap-main");
        store.fail = true;
        SyncStateException e = assertThrows(SyncStateException.class,
                () -> PbxWriterFaultTest.sync(SyncChild.directory(2, 30, 5), pbx, store).synchronize());
        assertTrue(e.getMessage().contains("ldap-main.state"), e.getMessage());
        assertEquals(before, store.load("ldap-main"), "the previous state stays");
        store.fail = false;
        assertTrue(PbxWriterFaultTest.sync(SyncChild.directory(2, 30, 5), pbx, store).synchronize().isSuccess());
        Map<String, PbxUser> expected;
        InMemoryPbxTarget clean = InMemoryPbxTarget.empty();
        SyncStateStore cleanStore = SyncStateStore.inMemory();
        PbxWriterFaultTest.sync(SyncChild.directory(1, 30, 5), clean, cleanStore).synchronize();
        PbxWriterFaultTest.sync(SyncChild.directory(2, 30, 5), clean, cleanStore).synchronize();
        expected = PbxWriterFaultTest.users(clean);
        assertEquals(expected, PbxWriterFaultTest.users(pbx));
    }
}

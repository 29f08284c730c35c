package org.pbxsync.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.directory.Checkpoint;

class DirectorySyncStateStoreTest {
    @TempDir
    Path dir;

    private static SyncState sample(String name) {
        return new SyncState(name, Optional.of(new Checkpoint("graph-delta", "https://graph/delta?token=a=b:c\nline2")),
                Optional.of(Instant.parse("2026-11-20T02:00:00Z")), true,
                Optional.of(new RunSummary(RunStatus.COMPLETED_WITH_FAILURES, RunKind.INCREMENTAL,
                        Instant.parse("2026-11-21T02:00:00Z"), Instant.parse("2026-11-21T02:00:05Z"),
                        "created 3, failed 1 = odd: chars #!", 1)));
    }

    @Test
    void savedStateIsLoadedBackExactly() {
        SyncStateStore store = SyncStateStore.inDirectory(dir);
        SyncState s = sample("ldap-main");
        store.save(s);
        assertEquals(Optional.of(s), store.load("ldap-main"));
        assertEquals(Optional.of(s), SyncStateStore.inDirectory(dir).load("ldap-main"), "a new store instance reads it too");
    }

    @Test
    void missingStateIsEmptyAndStatesAreKeptPerSync() throws IOException {
        SyncStateStore store = SyncStateStore.inDirectory(dir);
        assertEquals(Optional.empty(), store.load("never-ran"));
        store.save(SyncState.initial("a"));
        store.save(sample("b/with:odd name"));
        assertEquals(Optional.of(SyncState.initial("a")), store.load("a"));
        assertEquals("b/with:odd name", store.load("b/with:odd name").orElseThrow().syncName());
        try (var files = Files.list(dir)) {
            assertTrue(files.allMatch(p -> p.getParent().equals(dir)), "odd names must not create subdirectories");
        }
    }

    @Test
    void stateFileIsReadableByOwnerOnlyAndNoTemporaryFileIsLeft() throws IOException {
        SyncStateStore store = SyncStateStore.inDirectory(dir);
        store.save(sample("s"));
        store.save(sample("s"));
        Path file = dir.resolve("s.state");
        try {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException e) {
            System.err.println("not a POSIX file system: permission check not made");
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("s.state"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void corruptFileIsAnErrorNamingTheFileNeverAReset() throws IOException {
        SyncStateStore store = SyncStateStore.inDirectory(dir);
        store.save(sample("s"));
        Path file = dir.resolve("s.state");
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.indexOf("end=")));
        SyncStateException e = assertThrows(SyncStateException.class, () -> store.load("s"));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("end marker"), e.getMessage());
        assertTrue(Files.exists(file), "the corrupt file must be left for an administrator");

        Files.write(file, new byte[] {(byte) 0xff, 0, 1, 2, '=', '\n'});
        e = assertThrows(SyncStateException.class, () -> store.load("s"));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not UTF-8"), e.getMessage());

        Files.writeString(file, "garbage without keys\n");
        e = assertThrows(SyncStateException.class, () -> store.load("s"));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("'format' is missing"), e.getMessage());

        Files.writeString(file, text.replace("lastRun.startedAt=", "lastRun.startedAt=yesterday"));
        e = assertThrows(SyncStateException.class, () -> store.load("s"));
        assertTrue(e.getMessage().contains("lastRun.startedAt"), e.getMessage());
    }

    @Test
    void fileOfANewerFormatIsRefused() throws IOException {
        SyncStateStore store = SyncStateStore.inDirectory(dir);
        store.save(sample("s"));
        Path file = dir.resolve("s.state");
        Files.writeString(file, Files.readString(file).replace("format=1", "format=2"));
        SyncStateException e = assertThrows(SyncStateException.class, () -> store.load("s"));
        assertTrue(e.getMessage().contains("newer version") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void fileOfAnotherSyncIsRefused() throws IOException {
        SyncStateStore store = SyncStateStore.inDirectory(dir);
        store.save(sample("a"));
        Files.copy(dir.resolve("a.state"), dir.resolve("b.state"));
        SyncStateException e = assertThrows(SyncStateException.class, () -> store.load("b"));
        assertTrue(e.getMessage().contains("belongs to sync 'a'"), e.getMessage());
    }

    @Test
    void secondLockInTheSameProcessIsRefusedUntilTheFirstIsReleased() {
        SyncStateStore store = SyncStateStore.inDirectory(dir);
        SyncStateStore other = SyncStateStore.inDirectory(dir);
        SyncLock lock = store.lock("s");
        SyncInProgressException e = assertThrows(SyncInProgressException.class, () -> other.lock("s"));
        assertTrue(e.getMessage().contains("'s'") && e.getMessage().contains("already running"), e.getMessage());
        assertThrows(SyncInProgressException.class, () -> store.lock("s"));
        try (SyncLock unrelated = store.lock("t")) {
            assertEquals("t", unrelated.syncName());
        }
        lock.close();
        lock.close();
        try (SyncLock again = other.lock("s")) {
            assertEquals("s", again.syncName());
        }
    }

    @Test
    void inMemoryStoreLocksToo() {
        SyncStateStore store = SyncStateStore.inMemory();
        try (SyncLock lock = store.lock("s")) {
            assertThrows(SyncInProgressException.class, () -> store.lock("s"));
        }
        store.lock("s").close();
        store.save(sample("s"));
        assertEquals(Optional.of(sample("s")), store.load("s"));
    }

    private static final String LOCK_HOLDER = String.join("\n",
            "import java.nio.channels.*; import java.nio.file.*;",
            "public class LockHolder { public static void main(String[] a) throws Exception {",
            "  try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {",
            "    FileLock l = c.tryLock();",
            "    System.out.println(l == null ? \"BUSY\" : \"LOCKED\"); System.out.flush();",
            "    if (l != null) { System.in.read(); }",
            "  } } }");

    private Process lockHolder(Path lockFile) throws IOException {
        Path src = dir.resolve("LockHolder.java");
        Files.writeString(src, LOCK_HOLDER);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), src.toString(), lockFile.toString()).redirectErrorStream(true).start();
    }

    @Test
    void lockHeldByAnotherProcessRefusesTheRun() throws Exception {
        Path state = dir.resolve("state");
        Process p = lockHolder(state.resolve("s.lock"));
        Files.createDirectories(state);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("LOCKED", out.readLine());
            SyncInProgressException e = assertThrows(SyncInProgressException.class,
                    () -> SyncStateStore.inDirectory(state).lock("s"));
            assertTrue(e.getMessage().contains("another process") && e.getMessage().contains("s.lock"), e.getMessage());
            try (OutputStream in = p.getOutputStream()) {
                in.write('\n');
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        } finally {
            p.destroy();
        }
        try (SyncLock lock = SyncStateStore.inDirectory(state).lock("s")) {
            assertEquals("s", lock.syncName());
        }
    }

    @Test
    void lockHeldHereIsSeenByAnotherProcess() throws Exception {
        SyncStateStore store = SyncStateStore.inDirectory(dir);
        try (SyncLock lock = store.lock("s")) {
            Process p = lockHolder(dir.resolve("s.lock"));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals("BUSY", out.readLine());
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            } finally {
                p.destroy();
            }
        }
        assertFalse(Files.exists(dir.resolve("s.state")), "locking writes no state");
    }
}

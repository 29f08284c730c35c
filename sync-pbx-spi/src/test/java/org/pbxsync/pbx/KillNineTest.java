package org.pbxsync.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.pbx.file.FilePbxTarget;

/**
 * kill -9 of a JVM running a sync at random points during apply, then the next run: the
 * file-backed PBX must equal what one clean run produces (no duplicate, no lost user), and two
 * processes on one state directory: one runs, the other is refused. {@code
 * -Dreliability.iterations=N} raises the number of kills (default 4).
 */
class KillNineTest {
    static final long SEED = Long.getLong("prop.seed", 20261121L);
    static final int KILLS = Integer.getInteger("reliability.iterations", 4);
    static final int USERS = 40;

    @TempDir
    Path dir;

    static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    static String classPath() {
        Set<String> cp = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {SyncChild.class, Synchronizer.class, org.pbxsync.core.mapping.Mapping.class,
            com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
            com.fasterxml.jackson.annotation.JsonProperty.class, org.slf4j.LoggerFactory.class}) {
            cp.add(Path.of(toUri(c)).toString());
        }
        for (String prop : new String[] {"jdk.module.path", "java.class.path"}) {
            String v = System.getProperty(prop);
            if (v != null) {
                for (String s : v.split(File.pathSeparator)) {
                    if (!s.isBlank()) {
                        cp.add(s);
                    }
                }
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    private static java.net.URI toUri(Class<?> c) {
        try {
            return c.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Process child(Path pbx, Path state, int phase, long seed, long slowMillis) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", classPath(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                SyncChild.class.getName(), pbx.toString(), state.toString(), String.valueOf(phase),
                String.valueOf(USERS), String.valueOf(seed), String.valueOf(slowMillis))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static Map<String, PbxUser> users(Path pbxFile) {
        Map<String, PbxUser> m = new TreeMap<>();
        for (PbxUser u : FilePbxTarget.open(pbxFile).read().getUsers()) {
            assertNull(m.put(u.getUserId(), u), "duplicate user id " + u.getUserId());
        }
        Map<String, String> names = new HashMap<>();
        Map<String, String> exts = new HashMap<>();
        for (PbxUser u : m.values()) {
            assertNull(names.put(u.getName().toLowerCase(Locale.ROOT), u.getUserId()), "duplicate name " + u.getName());
            u.getExtension().ifPresent(x -> assertNull(exts.put(x, u.getUserId()), "duplicate extension " + x));
        }
        return m;
    }

    /** What one clean run of phase 1 then phase 2 produces. */
    private Map<String, PbxUser> reference(long seed) {
        Path pbx = dir.resolve("ref-" + seed + ".json");
        Path state = dir.resolve("ref-state-" + seed);
        assertTrue(SyncChild.run(pbx, state, 1, USERS, seed, 0, NOWHERE).isSuccess());
        assertTrue(SyncChild.run(pbx, state, 2, USERS, seed, 0, NOWHERE).isSuccess());
        return users(pbx);
    }

    /**
     * Runs the child until it prints {@code APPLIED killAt}, then kills it with SIGKILL, either at
     * once (the child pauses 2 ms after each operation, so the kill lands between two writes) or,
     * when {@code delayNanos} is positive, that long later while the child writes at full speed
     * (so the kill may land inside a PBX file write or the state save). Returns what it printed.
     */
    private List<String> runAndKill(Path pbx, Path state, int phase, long seed, int killAt, long delayNanos)
            throws Exception {
        Process p = child(pbx, state, phase, seed, delayNanos > 0 ? 0 : 2);
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.equals("APPLIED " + killAt)) {
                    long until = System.nanoTime() + delayNanos;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        return lines;
    }

    @Test
    void afterKillNineAtRandomPointsTheNextRunLeavesThePbxAsOneCleanRunWould() throws Exception {
        SplittableRandom r = new SplittableRandom(SEED);
        int killed = 0;
        for (int k = 0; k < KILLS; k++) {
            long seed = r.nextLong();
            Map<String, PbxUser> expected = reference(seed);
            Path pbx = dir.resolve("pbx-" + k + ".json");
            Path state = dir.resolve("state-" + k);
            int phase = 1 + r.nextInt(2);
            if (phase == 2) {
                assertTrue(SyncChild.run(pbx, state, 1, USERS, seed, 0, NOWHERE).isSuccess());
            }
            int total = phase == 1 ? USERS : plannedOperations(pbx, state, seed);
            int killAt = 1 + r.nextInt(Math.max(1, total - 1));
            long delayNanos = k % 2 == 0 ? 0 : r.nextLong(3_000_000);
            List<String> lines = runAndKill(pbx, state, phase, seed, killAt, delayNanos);
            assertTrue(lines.contains("APPLIED " + killAt), "the child got to operation " + killAt + ": " + lines);
            if (delayNanos == 0) {
                assertFalse(lines.stream().anyMatch(l -> l.startsWith("DONE")), "killed before the end: " + lines);
            }
            killed++;
            if (phase == 1) {
                assertTrue(SyncChild.run(pbx, state, 1, USERS, seed, 0, NOWHERE).isSuccess());
            }
            SyncReport after = SyncChild.run(pbx, state, 2, USERS, seed, 0, NOWHERE);
            assertTrue(after.isSuccess(), after.toString());
            assertEquals(expected, users(pbx), "seed " + seed + ", phase " + phase + ", killed after operation "
                    + killAt + " of " + total);
            SyncReport idle = SyncChild.run(pbx, state, 2, USERS, seed, 0, NOWHERE);
            assertTrue(idle.getPlan().isEmpty(), "a converged sync plans nothing: " + idle.getPlan());
        }
        System.out.println("reliability: kill -9 during apply, " + killed + " kills (half between writes, half up to 3 ms"
                + " later at full speed): PBX equal to a clean run each time");
    }

    private int plannedOperations(Path pbx, Path state, long seed) {
        return SyncChild.synchronizer(pbx, state, SyncChild.directory(2, USERS, seed), new SyncListener() { })
                .preview().getOperations().size();
    }

    @Test
    void twoProcessesOnOneStateDirectoryOneRunsTheOtherIsRefused() throws Exception {
        Path pbx = dir.resolve("pbx.json");
        Path state = dir.resolve("state");
        Process first = child(pbx, state, 1, SEED, 100);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("APPLIED 1", out.readLine(), "the first run is applying");
            Process second = child(dir.resolve("other-pbx.json"), state, 1, SEED, 0);
            String answer;
            try (BufferedReader o2 = new BufferedReader(new InputStreamReader(second.getInputStream(),
                    StandardCharsets.UTF_8))) {
                answer = o2.readLine();
            } finally {
                assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            }
            assertTrue(answer != null && answer.startsWith("REFUSED") && answer.contains("another process")
                    && answer.contains("ldap-main"), answer);
            assertFalse(Files.exists(dir.resolve("other-pbx.json")) && !users(dir.resolve("other-pbx.json")).isEmpty(),
                    "the refused run wrote nothing");
        } finally {
            first.destroyForcibly();
            assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        }
        assertTrue(SyncChild.run(pbx, state, 1, USERS, SEED, 0, NOWHERE).isSuccess(), "the lock died with the process");
    }
}

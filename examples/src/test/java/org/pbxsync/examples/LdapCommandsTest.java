package org.pbxsync.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.examples.demo.EmbeddedDirectory;
import org.pbxsync.examples.demo.SampleDirectory;

/** preview, sync, test-connection and explain against the embedded directory, through a config file. */
class LdapCommandsTest {
    static final String BIND_DN = "CN=pbx-reader,OU=Staff," + SampleDirectory.BASE_DN;
    static final String PASSWORD = "Zq8-unique-bind-secret-7731";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    SampleDirectory sample;
    EmbeddedDirectory directory;
    Map<String, String> env;

    @BeforeEach
    void start() {
        sample = SampleDirectory.generate(60, 7);
        directory = EmbeddedDirectory.start(sample, BIND_DN, PASSWORD);
        env = Map.of("PBX_SYNC_LDAP_PASSWORD", PASSWORD);
    }

    @AfterEach
    void stop() {
        directory.close();
    }

    Path config(String... extra) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "sync.name = test-ldap",
                "source = ldap",
                "ldap.url = " + directory.url(),
                "ldap.bindDn = " + BIND_DN,
                "ldap.bindPassword.env = PBX_SYNC_LDAP_PASSWORD",
                "ldap.baseDn = " + SampleDirectory.BASE_DN,
                "ldap.changeTracking = NONE",
                "pbx.file = pbx.json",
                "state.dir = state",
                "operations = new, update, delete"));
        lines.addAll(List.of(extra));
        Path file = dir.resolve("sync.properties");
        Files.write(file, lines);
        return file;
    }

    ToolRun run(String... args) {
        ToolRun r = ToolRun.run(env, args);
        assertFalse(r.all().contains(PASSWORD), "the bind password is never printed: " + r);
        return r;
    }

    @Test
    void previewJsonHasTheDocumentedShapeAndWritesNothing() throws Exception {
        Path cfg = config();
        ToolRun r = run("preview", "--config", cfg.toString(), "--json");
        assertEquals(Main.OK, r.exitCode(), r::toString);
        JsonNode root = JSON.readTree(r.out());
        assertEquals(Set.of("format", "command", "sync", "incremental", "summary", "blocked", "blockReasons",
                "operations", "violations"), names(root));
        assertEquals("preview", root.get("command").asText());
        JsonNode summary = root.get("summary");
        assertEquals(Set.of("create", "update", "delete", "disable", "enable", "unchanged", "skipped", "errors",
                "warnings"), names(summary));
        int creates = summary.get("create").asInt();
        assertEquals(root.get("operations").size(), creates, "only creates on an empty PBX");
        assertTrue(creates > 40, r.out());
        JsonNode op = root.get("operations").get(0);
        assertEquals(Set.of("type", "userId", "name", "entry", "changes"), names(op));
        assertEquals("CREATE", op.get("type").asText());
        JsonNode name = op.get("changes").get("name");
        assertTrue(name.get("from").isNull());
        assertEquals(op.get("name").asText(), name.get("to").asText());
        assertTrue(summary.get("errors").asInt() >= 1, "the duplicate extension of the sample: " + r.out());
        JsonNode v = root.get("violations").get(0);
        assertEquals(Set.of("userId", "entry", "field", "code", "severity", "message"), names(v));
        assertFalse(root.get("blocked").asBoolean());
        assertEquals(0, org.pbxsync.pbx.file.FilePbxTarget.open(dir.resolve("pbx.json")).read().getUsers().size(),
                "preview writes no user to the PBX");
        assertFalse(Files.exists(dir.resolve("state")) && Files.list(dir.resolve("state")).findAny().isPresent(),
                "preview writes no state");
    }

    @Test
    void syncAppliesExactlyWhatPreviewShowsThenNothingChanges() throws Exception {
        Path cfg = config();
        JsonNode preview = JSON.readTree(run("preview", "--config", cfg.toString(), "--json").out());
        ToolRun s = run("sync", "--config", cfg.toString(), "--json");
        assertEquals(Main.OK, s.exitCode(), s::toString);
        JsonNode sync = JSON.readTree(s.out());
        assertEquals("SUCCEEDED", sync.get("status").asText());
        assertEquals(preview.get("operations").size(), sync.get("operations").size());
        for (int i = 0; i < sync.get("operations").size(); i++) {
            JsonNode applied = sync.get("operations").get(i).deepCopy();
            assertEquals("APPLIED", applied.get("outcome").get("status").asText());
            ((com.fasterxml.jackson.databind.node.ObjectNode) applied).remove("outcome");
            assertEquals(preview.get("operations").get(i), applied, "operation " + i + " as previewed");
        }
        assertEquals(sync.get("operations").size(), sync.get("summary").get("applied").asInt());

        JsonNode again = JSON.readTree(run("preview", "--config", cfg.toString(), "--json").out());
        assertEquals(0, again.get("operations").size());
        assertEquals(sync.get("summary").get("create").asInt(), again.get("summary").get("unchanged").asInt());

        ToolRun human = run("sync", "--config", cfg.toString());
        assertEquals(Main.OK, human.exitCode(), human::toString);
        assertTrue(human.out().contains("No changes: the PBX already matches the directory."), human.out());
        assertTrue(human.out().contains("Read 60 directory entries"), "plain progress lines: " + human.out());
    }

    @Test
    void blockedPlanWritesNothingAndExitsBlockedUntilDeletesAreAllowed() throws Exception {
        Path cfg = config("guard.maxDeletes = 2");
        assertEquals(Main.OK, run("sync", "--config", cfg.toString()).exitCode());
        for (int n = 1; n <= 6; n++) {
            directory.delete(sample.userDn(n));
        }
        byte[] before = Files.readAllBytes(dir.resolve("pbx.json"));
        ToolRun blocked = run("sync", "--config", cfg.toString(), "--json");
        assertEquals(Main.BLOCKED, blocked.exitCode(), blocked::toString);
        JsonNode json = JSON.readTree(blocked.out());
        assertTrue(json.get("blocked").asBoolean());
        assertEquals("BLOCKED", json.get("status").asText());
        assertTrue(json.get("blockReasons").get(0).asText().contains("2"), json.toString());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("pbx.json")), "a blocked plan writes nothing");
        ToolRun previewBlocked = run("preview", "--config", cfg.toString());
        assertEquals(Main.BLOCKED, previewBlocked.exitCode());
        assertTrue(previewBlocked.out().contains("BLOCKED: nothing will be written"), previewBlocked.out());

        ToolRun allowed = run("sync", "--config", cfg.toString(), "--allow-deletes", "--json");
        assertEquals(Main.OK, allowed.exitCode(), allowed::toString);
        JsonNode ok = JSON.readTree(allowed.out());
        int gone = ok.get("summary").get("disable").asInt();
        assertTrue(gone >= 5 && gone <= 6, "the deleted entries' users are disabled (delete.mode DISABLE): " + ok);
    }

    @Test
    void explainSaysWhyAndNotFoundHasItsOwnExitCode() throws Exception {
        Path cfg = config();
        ToolRun r = run("explain", "--config", cfg.toString(), "--user", sample.userDn(11));
        assertEquals(Main.OK, r.exitCode(), r::toString);
        assertTrue(r.out().contains("DUPLICATE_EXTENSION"), r.out());
        ToolRun missing = run("explain", "--config", cfg.toString(), "--user", "nobody-here");
        assertEquals(Main.NOT_FOUND, missing.exitCode(), missing::toString);
    }

    @Test
    void testConnectionPassesAndFailsWithTheConnectionExitCode() throws Exception {
        ToolRun ok = run("test-connection", "--config", config().toString());
        assertEquals(Main.OK, ok.exitCode(), ok::toString);
        assertTrue(ok.out().contains("All checks passed."), ok.out());

        Files.writeString(dir.resolve("wrong-password"), "not-the-password\n");
        Files.write(dir.resolve("sync.properties"), Files.readString(config().toString().isEmpty() ? null
                : dir.resolve("sync.properties")).replace("ldap.bindPassword.env = PBX_SYNC_LDAP_PASSWORD",
                "ldap.bindPassword.file = wrong-password").getBytes());
        ToolRun bad = run("test-connection", "--config", dir.resolve("sync.properties").toString());
        assertEquals(Main.CONNECTION, bad.exitCode(), bad::toString);
        assertFalse(bad.all().contains("not-the-password"), bad::toString);
        ToolRun badSync = run("sync", "--config", dir.resolve("sync.properties").toString());
        assertEquals(Main.CONNECTION, badSync.exitCode(), badSync::toString);
        assertFalse(badSync.all().contains("not-the-password"), badSync::toString);
        ToolRun badJson = run("sync", "--config", dir.resolve("sync.properties").toString(), "--json");
        assertEquals(Main.CONNECTION, badJson.exitCode(), badJson::toString);
        assertEquals("", badJson.out(), "no JSON when the run cannot plan; the reason is on stderr");
        assertTrue(badJson.err().contains("Connection failed"), badJson::toString);
    }

    @Test
    void everyConfigurationProblemIsReportedAtOnceBeforeAnythingConnects() throws Exception {
        try (ServerSocket trap = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Path file = dir.resolve("bad.properties");
            Files.write(file, List.of(
                    "sync.name = bad",
                    "source = ldap",
                    "ldap.url = ldap://127.0.0.1:" + trap.getLocalPort(),
                    "ldap.bindDn = " + BIND_DN,
                    "ldap.bindPassword = " + PASSWORD,
                    "ldap.baseDn = " + SampleDirectory.BASE_DN,
                    "ldap.pageSize = lots",
                    "ldap.sizeLimit = 5",
                    "pbx.file = pbx.json",
                    "operations = new, upsert",
                    "delete.mode = SHRED",
                    "guard.maxDeletePercent = 150",
                    "map.extension = ipPhone | digits(",
                    "map.nosuchfield! = mail",
                    "schedule.enabled = maybe",
                    "teams.tenantId = x"));
            ToolRun r = run("preview", "--config", file.toString());
            assertEquals(Main.CONFIGURATION, r.exitCode(), r::toString);
            for (String key : new String[] {"ldap.bindPassword:", "ldap.pageSize:", "ldap.sizeLimit:", "operations:",
                    "delete.mode:", "guard.maxDeletePercent:", "map.extension:", "map.nosuchfield!:",
                    "schedule.enabled:", "teams.tenantId:"}) {
                assertTrue(r.err().contains("  - " + key), key + " reported: " + r.err());
            }
            assertTrue(r.err().contains("secrets are never written in the configuration file"), r.err());
            trap.setSoTimeout(200);
            try {
                trap.accept().close();
                throw new AssertionError("the tool connected although the configuration was bad");
            } catch (SocketTimeoutException expected) {
                // nothing connected
            }
        }
    }

    @Test
    void usageErrorsHaveTheirOwnExitCode() {
        assertEquals(Main.USAGE, run().exitCode());
        assertEquals(Main.USAGE, run("frobnicate").exitCode());
        assertEquals(Main.USAGE, run("preview").exitCode());
        assertEquals(Main.USAGE, run("preview", "--config", "x", "--bogus").exitCode());
        assertEquals(Main.USAGE, run("explain", "--config", "x").exitCode());
        assertEquals(Main.CONFIGURATION, run("preview", "--config", dir.resolve("missing.properties").toString())
                .exitCode());
        assertEquals(Main.OK, run("--help").exitCode());
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}

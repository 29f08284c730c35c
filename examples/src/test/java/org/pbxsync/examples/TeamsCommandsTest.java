package org.pbxsync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** preview and sync from a local Microsoft Graph stand-in (JDK HttpServer on 127.0.0.1, static token). */
class TeamsCommandsTest {
    static final String TOKEN = "fake-graph-token-Kx93-never-print-me";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        int status;
        String body;
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            status = 401;
            body = "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token is empty.\"}}";
        } else if (ex.getRequestMethod().equals("GET") && ex.getRequestURI().getPath().equals("/v1.0/users")) {
            status = 200;
            body = users();
        } else {
            status = 404;
            body = "{\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":\"no route\"}}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }

    private static String users() {
        ObjectNode page = JSON.createObjectNode();
        page.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users");
        ArrayNode value = page.putArray("value");
        for (int i = 1; i <= 12; i++) {
            ObjectNode u = value.addObject();
            u.put("id", String.format("00000000-0000-4000-8000-%012d", i));
            u.put("userPrincipalName", "user" + i + "@contoso.example");
            u.put("accountEnabled", true);
            u.put("displayName", "Teams User " + i);
            u.put("mail", "user" + i + "@contoso.example");
            u.putArray("businessPhones").add("+1 425 555 " + (3000 + i));
            u.put("mobilePhone", (String) null);
            u.put("userType", "Member");
        }
        return page.toString();
    }

    private Path config(String tokenKey) throws IOException {
        Path file = dir.resolve("teams.properties");
        Files.write(file, List.of(
                "sync.name = teams-main",
                "source = teams",
                tokenKey,
                "teams.graphBaseUrl = http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0",
                "teams.incremental = false",
                "pbx.file = pbx.json",
                "state.dir = state"));
        return file;
    }

    @Test
    void previewAndSyncFromGraphWithATokenFromTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("GRAPH_TOKEN", TOKEN);
        Path cfg = config("teams.accessToken.env = GRAPH_TOKEN");
        ToolRun preview = ToolRun.run(env, "preview", "--config", cfg.toString(), "--json");
        assertEquals(Main.OK, preview.exitCode(), preview::toString);
        assertFalse(preview.all().contains(TOKEN), "the token is never printed");
        JsonNode plan = JSON.readTree(preview.out());
        assertEquals(12, plan.get("summary").get("create").asInt(), preview.out());
        JsonNode first = plan.get("operations").get(0);
        assertEquals("user1@contoso.example", first.get("name").asText());
        assertEquals("3001", first.get("changes").get("extension").get("to").asText(),
                "Teams default: last four digits of the business phone");

        ToolRun sync = ToolRun.run(env, "sync", "--config", cfg.toString());
        assertEquals(Main.OK, sync.exitCode(), sync::toString);
        assertFalse(sync.all().contains(TOKEN));
        assertTrue(sync.out().contains("created 12"), sync.out());
        assertTrue(requests.stream().allMatch(r -> r.startsWith("GET ")), "read-only: " + requests);
        assertTrue(authorizations.stream().allMatch(a -> a.equals("Bearer " + TOKEN)), "token sent as a bearer");
    }

    @Test
    void aRefusedTokenIsAConnectionErrorAndATokenFileWorks() throws Exception {
        Files.writeString(dir.resolve("token"), "wrong-token-value-123\n");
        ToolRun refused = ToolRun.run(Map.of(), "preview", "--config",
                config("teams.accessToken.file = token").toString());
        assertEquals(Main.CONNECTION, refused.exitCode(), refused::toString);
        assertFalse(refused.all().contains("wrong-token-value-123"), refused::toString);

        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        ToolRun ok = ToolRun.run(Map.of(), "preview", "--config", config("teams.accessToken.file = token").toString());
        assertEquals(Main.OK, ok.exitCode(), ok::toString);
        assertFalse(ok.all().contains(TOKEN));
    }

    @Test
    void missingSecretAndBadTeamsSettingsAreNamed() throws Exception {
        Path cfg = dir.resolve("bad.properties");
        Files.write(cfg, List.of(
                "sync.name = t",
                "source = teams",
                "teams.clientSecret.env = NOT_SET_ANYWHERE",
                "teams.directory = everything",
                "teams.pageSize = 5000",
                "pbx.file = pbx.json"));
        ToolRun r = ToolRun.run(Map.of(), "preview", "--config", cfg.toString());
        assertEquals(Main.CONFIGURATION, r.exitCode(), r::toString);
        for (String key : new String[] {"teams.tenantId:", "teams.clientId:", "teams.clientSecret.env:",
                "teams.directory:", "teams.pageSize:"}) {
            assertTrue(r.err().contains("  - " + key), key + ": " + r.err());
        }
        assertTrue(requests.isEmpty(), "nothing connected: " + requests);
    }
}

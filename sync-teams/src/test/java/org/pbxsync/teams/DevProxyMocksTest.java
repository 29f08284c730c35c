package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.ConnectionTestResult;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.teams.MockGraphServer.Request;
import org.pbxsync.teams.MockGraphServer.Response;

/**
 * Serves the Dev Proxy Graph v1.0 mocks (MIT, pnp/proxy-samples; read from
 * ../shared/corpora/graph/pnp-proxy-samples at test time). Matching: the first GET mock whose
 * path matches ({@code *} = one path segment or part of one) and whose query, if it has one,
 * matches the decoded request query.
 */
class DevProxyMocksTest extends GraphTestSupport {
    private record Mock(Pattern path, Pattern query, int status, String body) {}

    private final List<Mock> mocks = new ArrayList<>();

    @BeforeEach
    void loadMocks() {
        String json = Corpora.read(Corpora.graph().resolve("pnp-proxy-samples"), "graph-v1_0-proxy-mocks.json");
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        for (JsonElement element : root.getAsJsonArray("mocks")) {
            JsonObject request = element.getAsJsonObject().getAsJsonObject("request");
            JsonObject response = element.getAsJsonObject().getAsJsonObject("response");
            String method = request.has("method") ? request.get("method").getAsString() : "GET";
            if (!method.equals("GET")) {
                continue;
            }
            String url = request.get("url").getAsString().replace("https://graph.microsoft.com/v1.0", "");
            int q = url.indexOf('?');
            String path = q < 0 ? url : url.substring(0, q);
            String query = q < 0 ? null : url.substring(q + 1);
            String body = FakeTenant.JSON.toJson(response.get("body"))
                    .replace("https://graph.microsoft.com/v1.0", server.baseUrl().toString());
            int status = response.has("statusCode") ? response.get("statusCode").getAsInt() : 200;
            mocks.add(new Mock(wildcard(path, "[^/]*"), query == null ? null : wildcard(query, ".*"), status, body));
        }
        server.routes(this::answer);
    }

    private static Pattern wildcard(String s, String star) {
        List<String> parts = new ArrayList<>();
        for (String part : s.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(star, parts));
    }

    private Response answer(Request r) {
        String path = r.path().substring(server.baseUrl().getPath().length()).replace("/graph.user", "/microsoft.graph.user");
        String query = r.rawQuery() == null ? "" : java.net.URLDecoder.decode(r.rawQuery().replace("+", "%2B"),
                java.nio.charset.StandardCharsets.UTF_8);
        for (Mock m : mocks) {
            if (m.path().matcher(path).matches() && (m.query() == null || m.query().matcher(query).matches())) {
                return Response.json(m.status(), m.body());
            }
        }
        return Response.error(404, "Request_ResourceNotFound", "no Dev Proxy mock for " + path);
    }

    @Test
    void theMockedUserListingIsRead() {
        List<DirectoryEntry> entries = source(config().incremental(false)).listAll().entries();
        assertEquals(1, entries.size());
        assertEquals("d36894ae-94ae-d368-ae94-68d3ae9468d3", entries.get(0).getId());
        assertEquals(entries.get(0).getId(), entries.get(0).getReference());
    }

    @Test
    void theMockedDeltaNeverEndsSoNoCheckpointAndNoListingIsProduced() {
        IncompleteListingException e = assertThrows(IncompleteListingException.class, () -> source(config()).listAll());
        assertTrue(e.getMessage().contains("without a deltaLink"), e.getMessage());
        assertEquals(0, userPageRequests(), "no user page is read when no checkpoint can be taken");
    }

    @Test
    void theConnectionTestPassesAgainstTheMockedUsers() {
        ConnectionTestResult r = source(config()).testConnection();
        assertTrue(r.isSuccess(), r.summary());
    }

    @Test
    void theMockedGroupIsFoundByTheConnectionTest() {
        ConnectionTestResult r = source(config().groupDirectory("02bd9fd6-8f93-4758-87c3-1fb73740a315")).testConnection();
        assertEquals("group", r.checks().get(r.checks().size() - 1).name());
        assertTrue(r.checks().get(r.checks().size() - 1).message().contains("'HR Taskforce'"), r.summary());
    }
}

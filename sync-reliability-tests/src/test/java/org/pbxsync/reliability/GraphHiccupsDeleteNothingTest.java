package org.pbxsync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.pbx.RunStatus;
import org.pbxsync.pbx.SyncReport;
import org.pbxsync.pbx.SyncStateStore;
import org.pbxsync.pbx.Synchronizer;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;
import org.pbxsync.teams.GraphCredentials;
import org.pbxsync.teams.TeamsDirectorySource;
import org.pbxsync.teams.TeamsSourceConfig;

/**
 * "A Graph hiccup never deletes a building's phones": the real Teams source against a small
 * Graph stand-in (10 pages of 10 users), the Synchronizer with delete switched on, and faults on
 * a later page. Every faulty run throws or is blocked; the PBX keeps its 100 users; once Graph
 * is back the next run plans nothing.
 */
class GraphHiccupsDeleteNothingTest {
    static final int USERS = 100;

    @TempDir
    Path dir;

    HttpServer server;
    URI base;
    /** Page number (0-based) -> an answer that replaces the real page, or null for the real page. */
    final AtomicReference<IntFunction<String[]>> fault = new AtomicReference<>(p -> null);
    InMemoryPbxTarget pbx;
    Map<String, PbxUser> synced;

    static String user(int i) {
        return "{\"id\":\"" + String.format("00000000-0000-0000-0000-%012d", i) + "\",\"userPrincipalName\":\"u" + i
                + "@contoso.com\",\"accountEnabled\":true,\"userType\":\"Member\",\"displayName\":\"User " + i
                + "\",\"mail\":\"u" + i + "@contoso.com\",\"businessPhones\":[\"+1 425 555 " + (1000 + i) + "\"]}";
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0");
        server.createContext("/", ex -> {
            try (ex) {
                String q = ex.getRequestURI().getRawQuery();
                int page = q != null && q.contains("$skiptoken=") ? Integer.parseInt(q.replaceAll(".*\\$skiptoken=(\\d+).*", "$1")) : 0;
                String[] override = ex.getRequestMethod().equals("GET") ? fault.get().apply(page)
                        : new String[] {"405", "{\"error\":{\"code\":\"MethodNotAllowed\",\"message\":\"GET only\"}}"};
                int status = 200;
                String body;
                if (override != null) {
                    status = Integer.parseInt(override[0]);
                    body = override[1];
                } else {
                    List<String> users = new ArrayList<>();
                    for (int i = page * 10 + 1; i <= Math.min(USERS, page * 10 + 10); i++) {
                        users.add(user(i));
                    }
                    body = "{\"value\":[" + String.join(",", users) + "]"
                            + (page < 9 ? ",\"@odata.nextLink\":\"" + base + "/users?$top=10&$skiptoken=" + (page + 1) + "\"" : "")
                            + "}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, bytes.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(bytes);
                }
            }
        });
        server.start();
        pbx = InMemoryPbxTarget.empty();
        SyncReport first = sync().synchronize();
        assertTrue(first.isSuccess(), first.toString());
        synced = users();
        assertEquals(USERS, synced.size());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    Synchronizer sync() {
        TeamsSourceConfig config = TeamsSourceConfig.builder(GraphCredentials.accessToken("test-token"))
                .graphBaseUrl(base).incremental(false).pageSize(10).retries(2, Duration.ofSeconds(5))
                .sleeper(d -> { }).build();
        return Synchronizer.builder().source(TeamsDirectorySource.create(config)).target(pbx)
                .mapping(Mapping.teamsDefaults())
                .planOptions(PlanOptions.builder().syncName("teams-hq").deleteEnabled(true).deleteMode(DeleteMode.DELETE)
                        .build())
                .stateStore(SyncStateStore.inDirectory(dir.resolve("state"))).sleeper(d -> { }).build();
    }

    Map<String, PbxUser> users() {
        Map<String, PbxUser> m = new TreeMap<>();
        pbx.users().forEach(u -> m.put(u.getUserId(), u));
        return m;
    }

    void assertNothingLostAndRecovery() {
        assertEquals(synced, users(), "the PBX is untouched");
        fault.set(p -> null);
        SyncReport back = sync().synchronize();
        assertTrue(back.isSuccess() && back.getPlan().isEmpty(), "once Graph is back nothing changes: " + back);
    }

    @Test
    void aPersistent503OnPageFourDeletesNothing() {
        fault.set(p -> p == 3 ? new String[] {"503", "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"x\"}}"} : null);
        assertThrows(SyncException.class, () -> sync().synchronize());
        assertNothingLostAndRecovery();
    }

    @Test
    void aTruncatedPageDeletesNothing() {
        fault.set(p -> p == 5 ? new String[] {"200", "{\"value\":[" + user(51) + "," + user(52).substring(0, 40)} : null);
        assertThrows(SyncException.class, () -> sync().synchronize());
        assertNothingLostAndRecovery();
    }

    @Test
    void aPageThatLosesItsNextLinkIsBlockedAsMassDeletion() {
        // a proxy or bug strips @odata.nextLink: the listing looks complete with 30 of 100 users
        fault.set(p -> p == 2 ? new String[] {"200", "{\"value\":[" + user(21) + "," + user(22) + "]}"} : null);
        SyncReport r = sync().synchronize();
        assertEquals(RunStatus.BLOCKED, r.getStatus(), r.toString());
        assertNothingLostAndRecovery();
    }

    @Test
    void anEmptyTenantAnswerIsBlocked() {
        fault.set(p -> new String[] {"200", "{\"value\":[]}"});
        SyncReport r = sync().synchronize();
        assertEquals(RunStatus.BLOCKED, r.getStatus(), r.toString());
        assertNothingLostAndRecovery();
    }

    @Test
    void anExpiredTokenDeletesNothing() {
        fault.set(p -> new String[] {"401", "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"expired\"}}"});
        assertThrows(SyncException.class, () -> sync().synchronize());
        assertNothingLostAndRecovery();
    }
}

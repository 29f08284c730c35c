package org.pbxsync.teams;

import org.pbxsync.testsupport.CuttingProxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.teams.MockGraphServer.Request;
import org.pbxsync.teams.MockGraphServer.Response;

/**
 * Graph faults, hostile JSON and injection (docs/reliability.md). A listing either delivers
 * every user exactly once or fails with a documented {@link SyncException}; the next run
 * delivers everything. The source talks to the mock through a {@link CuttingProxy}, so
 * connections can be reset mid-page. {@code -Dreliability.iterations=N} raises the random
 * iteration counts (default 10 cuts, 150 JSON mutations).
 */
class GraphReliabilityTest {
    static final long SEED = Long.getLong("prop.seed", 20261121L);
    static final int CUTS = Integer.getInteger("reliability.iterations", 10);
    static final int MUTATIONS = Integer.getInteger("reliability.iterations", 150);

    MockGraphServer server;
    FakeTenant tenant;
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final List<AutoCloseable> toClose = new ArrayList<>();
    CuttingProxy proxy;

    @BeforeEach
    void start() throws Exception {
        server = new MockGraphServer();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        Set<String> methods = server.requests().stream().map(Request::method).collect(Collectors.toSet());
        server.close();
        assertTrue(methods.isEmpty() || methods.equals(Set.of("GET")), "only GET requests: " + methods);
    }

    /** A tenant reached through a proxy that resets the connection after {@code cutAfter} bytes. */
    private URI throughProxy(long cutAfter) throws Exception {
        proxy = CuttingProxy.cutOnce(server.baseUrl().getPort(), cutAfter);
        toClose.add(proxy);
        URI base = URI.create("http://127.0.0.1:" + proxy.port() + "/v1.0");
        tenant = new FakeTenant(base);
        server.routes(tenant::handle);
        return base;
    }

    private TeamsSourceConfig.Builder config(URI base) {
        return TeamsSourceConfig.builder(GraphCredentials.tokenCredential(FakeTokenCredential.opaque("tok-" + System.nanoTime())))
                .graphBaseUrl(base).sleeper(waits::add).pageSize(10).incremental(false)
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private TeamsDirectorySource source(TeamsSourceConfig.Builder b) {
        TeamsDirectorySource s = TeamsDirectorySource.create(b.build());
        toClose.add(s);
        return s;
    }

    /** @return the listed users, or null when the listing failed with a documented exception */
    private List<DirectoryEntry> list(TeamsSourceConfig.Builder b, List<DirectoryEntry> seen) {
        try {
            source(b).readAll(seen::add);
            return seen;
        } catch (SyncException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank());
            return null;
        }
    }

    private static void assertComplete(List<DirectoryEntry> entries, int n) {
        assertEquals(n, entries.size());
        assertEquals(n, entries.stream().map(DirectoryEntry::getId).distinct().count(), "no user twice");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            expected.add(FakeTenant.idOf(i).toString());
        }
        assertEquals(expected, entries.stream().map(DirectoryEntry::getId).collect(Collectors.toSet()));
    }

    private static Predicate<Request> usersPage(int offset) {
        return r -> r.path().endsWith("/v1.0/users") && (offset == 0 ? !r.query().containsKey("$skiptoken")
                : ("X" + offset).equals(r.query().get("$skiptoken")));
    }

    @Test
    void connectionResetsAtRandomPointsOfATenPageListingFailCleanlyOrAreRetriedToAWholeListing() throws Exception {
        URI base = throughProxy(Long.MAX_VALUE);
        tenant.generate(100);
        assertComplete(list(config(base), new ArrayList<>()), 100);
        long total = proxy.serverBytes();
        SplittableRandom r = new SplittableRandom(SEED);
        int failed = 0;
        int whole = 0;
        for (int i = 0; i < CUTS; i++) {
            proxy.close();
            long cutAt = i == 0 ? total * 25 / 100 : r.nextLong(total);
            proxy = CuttingProxy.cutOnce(server.baseUrl().getPort(), cutAt);
            toClose.add(proxy);
            URI cutBase = URI.create("http://127.0.0.1:" + proxy.port() + "/v1.0");
            FakeTenant t = new FakeTenant(cutBase).generate(100);
            server.routes(t::handle);
            List<DirectoryEntry> seen = new ArrayList<>();
            List<DirectoryEntry> got = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> list(config(cutBase).retries(2, Duration.ofSeconds(1)), seen), "hang guard");
            if (got == null) {
                failed++;
            } else {
                whole++;
                assertComplete(got, 100);
            }
            assertTrue(proxy.hasCut(), "the cut at " + cutAt + " of " + total + " happened");
        }
        System.out.println("reliability: Graph connection reset at " + CUTS + " points of " + total + " bytes: "
                + failed + " listings failed cleanly, " + whole + " completed whole after a retry");
        proxy.close();
        proxy = CuttingProxy.cutOnce(server.baseUrl().getPort(), Long.MAX_VALUE);
        toClose.add(proxy);
        URI cleanBase = URI.create("http://127.0.0.1:" + proxy.port() + "/v1.0");
        FakeTenant t = new FakeTenant(cleanBase).generate(100);
        server.routes(t::handle);
        assertComplete(list(config(cleanBase), new ArrayList<>()), 100);
    }

    @Test
    void aStormOf429And503And504OnEveryPageIsWaitedOutAndTheListingIsWhole() throws Exception {
        URI base = throughProxy(Long.MAX_VALUE);
        tenant.generate(100);
        for (int page = 0; page < 100; page += 10) {
            server.failNext(usersPage(page), Response.error(429, "TooManyRequests", "slow down")
                    .withHeader("Retry-After", "2"));
            server.failNext(usersPage(page), Response.error(503, "ServiceUnavailable", "busy"));
            server.failNext(usersPage(page), Response.error(504, "GatewayTimeout", "gateway"));
        }
        List<DirectoryEntry> got = list(config(base).retries(5, Duration.ofSeconds(60)), new ArrayList<>());
        assertComplete(got, 100);
        assertEquals(40, server.count(r -> r.path().endsWith("/v1.0/users")), "10 pages x (3 failures + 1 success)");
        assertEquals(30, waits.size(), "each failure was waited out: " + waits);
        assertTrue(waits.contains(Duration.ofSeconds(2)), "Retry-After honoured: " + waits);
    }

    @Test
    void anEndless429StormFailsTheListingWithADocumentedError() throws Exception {
        URI base = throughProxy(Long.MAX_VALUE);
        tenant.generate(100);
        server.failNext(usersPage(20), Response.error(429, "TooManyRequests", "slow down")
                .withHeader("Retry-After", "1"), 4);
        List<DirectoryEntry> seen = new ArrayList<>();
        SyncException e = assertThrows(SyncException.class,
                () -> source(config(base).retries(3, Duration.ofSeconds(10))).readAll(seen::add));
        assertTrue(e.getMessage().contains("429") || e.getMessage().contains("TooManyRequests")
                || e.getMessage().toLowerCase().contains("throttl"), e.getMessage());
        assertEquals(4, server.count(usersPage(20)), "1 attempt + 3 retries");
        assertComplete(list(config(base), new ArrayList<>()), 100);
    }

    @Test
    void aPageTruncatedAtAnyPointIsAnIncompleteListing() throws Exception {
        URI base = throughProxy(Long.MAX_VALUE);
        tenant.generate(30);
        String page2 = tenant.handle(new Request("GET", "/v1.0/users", "", Map.of("$top", "10", "$skiptoken", "X10"),
                null)).body();
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < 20; i++) {
            int cut = i == 0 ? page2.length() - 1 : 1 + r.nextInt(page2.length() - 1);
            server.failNext(usersPage(10), Response.json(200, page2.substring(0, cut)));
            List<DirectoryEntry> seen = new ArrayList<>();
            IncompleteListingException e = assertThrows(IncompleteListingException.class,
                    () -> source(config(base)).readAll(seen::add), "cut at " + cut);
            assertTrue(e.getMessage().contains("page 2"), e.getMessage());
        }
        assertComplete(list(config(base), new ArrayList<>()), 30);
    }

    static final String[] JSON_TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "null", "true",
        "1e999999", "-0", "\"@odata.nextLink\":\"http://evil.example/v1.0/users\",", "\"value\":", "\"id\":null,",
        "\"id\":\"' or 1 eq 1\",", "\"@removed\":{\"reason\":\"deleted\"},", "\u202e", "\ud83d\ude08", "[[[[[[[[[[",
        "\"accountEnabled\":\"yes\",", "\"businessPhones\":{},", "\"displayName\":[1,2],", " "};

    @Test
    void mutatedGraphJsonPagesEndInAListingOrADocumentedError() throws Exception {
        URI base = throughProxy(Long.MAX_VALUE);
        tenant.generate(25);
        String page2 = tenant.handle(new Request("GET", "/v1.0/users", "", Map.of("$top", "10", "$skiptoken", "X10"),
                null)).body();
        SplittableRandom r = new SplittableRandom(SEED);
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger read = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(150), () -> {
            for (int i = 0; i < MUTATIONS; i++) {
                StringBuilder sb = new StringBuilder(page2);
                for (int n = 1 + r.nextInt(4); n > 0; n--) {
                    int pos = r.nextInt(sb.length() + 1);
                    switch (r.nextInt(3)) {
                        case 0:
                            sb.insert(pos, JSON_TOKENS[r.nextInt(JSON_TOKENS.length)]);
                            break;
                        case 1:
                            sb.delete(pos, Math.min(sb.length(), pos + 1 + r.nextInt(30)));
                            break;
                        default:
                            sb.insert(pos, (char) r.nextInt(0x80));
                    }
                }
                server.failNext(usersPage(10), Response.json(200, sb.toString()));
                try {
                    source(config(base).retries(0, Duration.ofSeconds(1))).listAll();
                    read.incrementAndGet();
                } catch (SyncException documented) {
                    refused.incrementAndGet();
                } catch (RuntimeException e) {
                    throw new AssertionError("undocumented " + e + " for page " + sb, e);
                }
            }
        }, "hang guard");
        System.out.println("reliability: Graph JSON fuzz " + MUTATIONS + " mutated pages: " + read + " read, " + refused
                + " refused with a documented error");
        assertTrue(refused.get() > 0);
    }

    @Test
    void odataSyntaxInConfigurationIsRefusedAndInDirectoryValuesStaysData() throws Exception {
        URI base = throughProxy(Long.MAX_VALUE);
        tenant.generate(3);
        ConfigurationException group = assertThrows(ConfigurationException.class,
                () -> config(base).groupDirectory("' or 1 eq 1").build());
        assertTrue(group.getMessage().contains("groupDirectory"), group.getMessage());
        assertThrows(ConfigurationException.class,
                () -> config(base).attributes(List.of("displayName' or 1 eq 1", "mail")).build());
        assertThrows(ConfigurationException.class,
                () -> config(base).attributes(List.of("id,passwordProfile")).build());

        Map<String, Object> evil = FakeTenant.generatedUser(3);
        evil.put("displayName", "' or 1 eq 1");
        evil.put("mail", "*)(uid=*");
        evil.put("userPrincipalName", "x' or startswith(displayName,'a')@contoso.com");
        tenant.put(evil);
        List<DirectoryEntry> got = list(config(base).pageSize(2), new ArrayList<>());
        assertEquals(4, got.size());
        DirectoryEntry e = got.stream().filter(x -> x.getId().equals(FakeTenant.idOf(3).toString())).findFirst()
                .orElseThrow();
        assertEquals(List.of("' or 1 eq 1"), e.get("displayName"));
        for (Request req : server.requests()) {
            String raw = String.valueOf(req.rawQuery()) + req.path();
            assertFalse(raw.contains("eq") || raw.contains("uid=") || raw.contains("startswith"),
                    "directory values never reach a request: " + raw);
            assertFalse(req.query().containsKey("$filter"), "the source sends no $filter: " + raw);
        }
    }

    @Test
    void noConfigurationSendsAnythingButGet() throws Exception {
        URI base = throughProxy(Long.MAX_VALUE);
        tenant.generate(30);
        String group = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
        tenant.addGroup(group, "Phones", List.of(FakeTenant.idOf(1).toString(), FakeTenant.idOf(2).toString()));
        List<java.util.function.UnaryOperator<TeamsSourceConfig.Builder>> variants = List.of(
                b -> b,
                b -> b.incremental(true),
                b -> b.incremental(true).excludeGuests(true).excludeDisabled(true),
                b -> b.requireTeamsPhone(),
                b -> b.groupDirectory(group),
                b -> b.groupDirectory("0bd9fd68-8f93-4758-87c3-1fb73740a315"),
                b -> b.attributes(List.of("displayName", "extensionAttribute3", "businessPhones")).pageSize(7));
        int listings = 0;
        for (java.util.function.UnaryOperator<TeamsSourceConfig.Builder> v : variants) {
            TeamsDirectorySource s = source(v.apply(config(base)));
            s.testConnection();
            try {
                java.util.Optional<org.pbxsync.core.directory.Checkpoint> cp = s.listAll().checkpoint();
                listings++;
                if (cp.isPresent() && s.supportsChanges()) {
                    s.listChanges(cp.get());
                }
            } catch (SyncException expected) {
                // a missing group fails; it must not write either
            }
        }
        assertEquals(variants.size() - 1, listings);
        assertTrue(server.requests().size() > 20, "the server saw the traffic");
        assertEquals(Set.of("GET"), server.requests().stream().map(Request::method).collect(Collectors.toSet()));
    }

    @Test
    void randomConfigurationValuesEitherBuildOrFailWithAConfigurationException() {
        SplittableRandom r = new SplittableRandom(SEED);
        String[] ids = {"", " ", "' or 1 eq 1", "02bd9fd6-8f93-4758-87c3-1fb73740a315", "02BD9FD6-8F93-4758-87C3-1FB73740A315",
            "{02bd9fd6-8f93-4758-87c3-1fb73740a315}", "../users", "x".repeat(3000), "\u0000", "\ud83d\ude08"};
        String[] attrs = {"displayName", "mail", "extensionAttribute15", "extensionAttribute16", "extension_0123abcd_site",
            "extension_", "id,passwordProfile", "manager($select=id)", "", "DISPLAYNAME", "onPremisesExtensionAttributes",
            "' or 1 eq 1", "$filter"};
        String[] urls = {"https://graph.microsoft.com/v1.0", "http://127.0.0.1:1/v1.0", "http://evil.example/v1.0",
            "https://h/v1.0?x=1", "https://h/v1.0#f", "ftp://h/", "https://[::1]:8443/beta"};
        String[] authorities = {"https://login.microsoftonline.com/", "http://login.example/", "", "login", "https://127.0.0.1:9/"};
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < MUTATIONS * 10; i++) {
                TeamsSourceConfig.Builder b = TeamsSourceConfig.builder(GraphCredentials.accessToken("t"));
                for (int n = 1 + r.nextInt(4); n > 0; n--) {
                    switch (r.nextInt(8)) {
                        case 0 -> b.groupDirectory(ids[r.nextInt(ids.length)]);
                        case 1 -> b.attributes(List.of(attrs[r.nextInt(attrs.length)], attrs[r.nextInt(attrs.length)]));
                        case 2 -> b.pageSize(r.nextInt(-5, 2000));
                        case 3 -> b.retries(r.nextInt(-2, 15), Duration.ofMillis(r.nextLong(-1000, 100_000)));
                        case 4 -> b.timeouts(Duration.ofMillis(r.nextLong(-10, 5000)), Duration.ofMillis(r.nextLong(-10, 5000)),
                                Duration.ofMillis(r.nextLong(-10, 5000)));
                        case 5 -> b.graphBaseUrl(URI.create(urls[r.nextInt(urls.length)]));
                        case 6 -> b.authorityHost(authorities[r.nextInt(authorities.length)]);
                        default -> b.cloud(GraphCloud.values()[r.nextInt(GraphCloud.values().length)]);
                    }
                }
                try {
                    TeamsDirectorySource.create(b.build()).close();
                    outcomes[1]++;
                } catch (ConfigurationException e) {
                    assertFalse(e.getProblems().isEmpty());
                    outcomes[0]++;
                } catch (RuntimeException e) {
                    throw new AssertionError("undocumented " + e, e);
                }
            }
        }, "hang guard");
        System.out.println("reliability: Teams config fuzz " + (MUTATIONS * 10) + " builders: " + outcomes[1] + " built, "
                + outcomes[0] + " refused with ConfigurationException");
        assertTrue(outcomes[0] > 0 && outcomes[1] > 0);
    }
}

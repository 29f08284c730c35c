package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.exception.ClientAuthenticationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.AuthenticationFailedException;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.RetryableException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.teams.MockGraphServer.Request;
import org.pbxsync.teams.MockGraphServer.Response;

class FaultTest extends GraphTestSupport {
    private static final Response THROTTLED = Response.error(429, "TooManyRequests",
            "Too many requests, please retry later.").withHeader("Retry-After", "1");

    private static Predicate<Request> usersPage(int offset) {
        return r -> r.path().endsWith("/v1.0/users") && (offset == 0 ? !r.query().containsKey("$skiptoken")
                : ("X" + offset).equals(r.query().get("$skiptoken")));
    }

    @Test
    void a429WithRetryAfterIsWaitedOutAndTheListingCompletes() {
        tenant.generate(2500);
        server.failNext(usersPage(999), THROTTLED);

        List<DirectoryEntry> entries = source(config()).listAll().entries();

        assertEquals(2500, entries.size());
        assertEquals(List.of(Duration.ofSeconds(1)), waits, "waited exactly what Retry-After said");
        assertEquals(2, server.count(usersPage(999)));
        assertEquals(4, userPageRequests(), "3 pages + 1 retry");
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        tenant.generate(10);
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(7), ZoneOffset.UTC));
        server.failNext(usersPage(0), Response.error(503, "ServiceUnavailable", "busy").withHeader("Retry-After", date));

        source(config().clock(Clock.fixed(now, ZoneOffset.UTC))).listAll();

        assertEquals(List.of(Duration.ofSeconds(7)), waits);
    }

    @Test
    void a503WithoutRetryAfterBacksOffExponentially() {
        tenant.generate(10);
        server.failNext(usersPage(0), Response.error(503, "ServiceUnavailable", "busy"), 3);

        assertEquals(10, source(config()).listAll().entries().size());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), waits);
    }

    @Test
    void transient500And502And504AreRetried() {
        tenant.generate(10);
        server.failNext(usersPage(0), Response.error(500, "InternalServerError", "x"));
        server.failNext(usersPage(0), Response.error(502, "BadGateway", "x"));
        server.failNext(usersPage(0), Response.error(504, "GatewayTimeout", "x"));
        assertEquals(10, source(config()).listAll().entries().size());
        assertEquals(3, waits.size());
    }

    @Test
    void whenRetriesRunOutTheWholeListingFailsWithAClearError() {
        tenant.generate(3000);
        server.failNext(usersPage(1998), THROTTLED, 100);
        List<DirectoryEntry> received = new ArrayList<>();

        IncompleteListingException e = assertThrows(IncompleteListingException.class,
                () -> source(config().retries(3, Duration.ofMinutes(1))).readAll(received::add));

        assertEquals(4, server.count(usersPage(1998)), "1 try + 3 retries");
        assertEquals(3, waits.size());
        assertTrue(e.getMessage().contains("429"), e.getMessage());
        assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("after 2 pages, 1998 users"), e.getMessage());
        RetryableException cause = assertInstanceOf(RetryableException.class, e.getCause());
        assertEquals(Duration.ofSeconds(1), cause.getRetryAfter().orElseThrow());
        assertEquals(1998, received.size(), "the sink saw pages 1-2; the caller discards them (all or nothing)");
    }

    @Test
    void aRetryAfterLongerThanTheMaximumWaitFailsAtOnce() {
        tenant.generate(10);
        server.failNext(usersPage(0), Response.error(429, "TooManyRequests", "slow down").withHeader("Retry-After", "3600"));

        IncompleteListingException e = assertThrows(IncompleteListingException.class,
                () -> source(config().retries(5, Duration.ofSeconds(30))).listAll());

        assertTrue(waits.isEmpty());
        assertEquals(Duration.ofSeconds(3600), assertInstanceOf(RetryableException.class, e.getCause()).getRetryAfter().orElseThrow());
        assertTrue(e.getMessage().contains("3600 s"), e.getMessage());
    }

    @Test
    void aPersistent500OnALaterPageFailsTheListing() {
        tenant.generate(2500);
        server.failNext(usersPage(999), Response.error(500, "InternalServerError", "boom"), 100);
        IncompleteListingException e = assertThrows(IncompleteListingException.class,
                () -> source(config().retries(2, Duration.ofSeconds(5))).listAll());
        assertTrue(e.getMessage().contains("500"), e.getMessage());
        assertEquals(3, server.count(usersPage(999)));
    }

    @Test
    void a400IsNotRetried() {
        tenant.generate(10);
        server.failNext(usersPage(0), Response.error(400, "Request_UnsupportedQuery", "Unsupported query."));
        IncompleteListingException e = assertThrows(IncompleteListingException.class, () -> source(config()).listAll());
        assertTrue(e.getMessage().contains("Request_UnsupportedQuery"), e.getMessage());
        assertTrue(waits.isEmpty());
        assertEquals(1, userPageRequests());
    }

    @Test
    void malformedJsonIsAClearErrorAndNotRetried() {
        tenant.generate(2500);
        server.failNext(usersPage(999), Response.json(200, "{\"value\": [ {\"id\": \"x\", "));
        List<DirectoryEntry> received = new ArrayList<>();

        IncompleteListingException e = assertThrows(IncompleteListingException.class,
                () -> source(config()).readAll(received::add));

        assertTrue(e.getMessage().contains("as Graph JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("page 2 of /users"), e.getMessage());
        assertTrue(waits.isEmpty());
        assertEquals(1, server.count(usersPage(999)));
    }

    @Test
    void aPageWhoseValueIsNotAnArrayIsAClearError() {
        tenant.generate(10);
        server.failNext(usersPage(0), Response.json(200, "<html>proxy error</html>"));
        IncompleteListingException e = assertThrows(IncompleteListingException.class, () -> source(config()).listAll());
        assertTrue(e.getMessage().contains("page 1 of /users"), e.getMessage());
    }

    @Test
    void aPageWithoutValueArrayIsAClearError() {
        tenant.generate(10);
        server.failNext(usersPage(0), Response.json(200, "{\"@odata.context\":\"x\"}"));
        IncompleteListingException e = assertThrows(IncompleteListingException.class, () -> source(config()).listAll());
        assertTrue(e.getMessage().contains("no value array"), e.getMessage());
    }

    @Test
    void trailingGarbageAfterThePageIsAClearError() {
        tenant.generate(10);
        server.failNext(usersPage(0), Response.json(200, "{\"value\":[]} {\"value\":[]}"));
        IncompleteListingException e = assertThrows(IncompleteListingException.class, () -> source(config()).listAll());
        assertTrue(e.getMessage().contains("text after the JSON object"), e.getMessage());
    }

    @Test
    void a401IsAnAuthenticationFailure() {
        tenant.generate(10);
        server.failNext(usersPage(0), Response.error(401, "InvalidAuthenticationToken", "Access token validation failure."));
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, () -> source(config()).listAll());
        assertTrue(e.getMessage().contains("InvalidAuthenticationToken"), e.getMessage());
        assertFalse(e.getMessage().contains(credential.token()));
    }

    @Test
    void a403NamesThePermissionToGrant() {
        tenant.generate(10);
        server.failNext(usersPage(0), Response.error(403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation."));
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, () -> source(config()).listAll());
        assertTrue(e.getMessage().contains("User.Read.All"), e.getMessage());
    }

    @Test
    void aCredentialThatCannotGetATokenIsAnAuthenticationFailureNamingTheCredential() {
        credential = FakeTokenCredential.failing(new ClientAuthenticationException("AADSTS7000215: Invalid client secret provided.", null));
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, () -> source(config()).listAll());
        assertTrue(e.getMessage().contains("AADSTS7000215"), e.getMessage());
        assertTrue(e.getMessage().contains("FakeTokenCredential"), e.getMessage());
        assertTrue(server.requests().isEmpty(), "no request leaves without a token");
    }

    @Test
    void readTimeoutsAreRetriedThenReportedAsConnectionFailure() {
        tenant.generate(10);
        server.failNext(usersPage(0), Response.json(200, "{\"value\":[]}").delayed(3000), 2);

        ConnectionFailedException e = assertThrows(ConnectionFailedException.class, () -> source(config()
                .incremental(false)
                .timeouts(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(5))
                .retries(1, Duration.ofSeconds(1))).listAll());

        assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("timeout") || e.getMessage().contains("timed out"), e.getMessage());
        assertEquals(2, userPageRequests());
    }

    @Test
    void aTimeoutOnALaterPageIsAnIncompleteListing() {
        tenant.generate(1500);
        server.failNext(usersPage(999), Response.json(200, "{\"value\":[]}").delayed(3000), 2);
        IncompleteListingException e = assertThrows(IncompleteListingException.class, () -> source(config()
                .timeouts(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(5))
                .retries(1, Duration.ofSeconds(1))).listAll());
        assertInstanceOf(ConnectionFailedException.class, e.getCause());
        assertTrue(e.getMessage().contains("after 1 pages, 999 users"), e.getMessage());
    }

    @Test
    void anUnreachableServerIsAConnectionFailure() {
        int port = server.baseUrl().getPort();
        server.close();
        ConnectionFailedException e = assertThrows(ConnectionFailedException.class, () -> TeamsDirectorySource.create(
                TeamsSourceConfig.builder(GraphCredentials.tokenCredential(credential))
                        .graphBaseUrl(java.net.URI.create("http://127.0.0.1:" + port + "/v1.0"))
                        .retries(2, Duration.ofSeconds(1)).sleeper(waits::add).build()).listAll());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertEquals(2, waits.size());
    }

    @Test
    void aNextLinkToAnotherHostIsNotFollowed() {
        server.routes(r -> Response.json(200, "{\"value\":[{\"id\":\"" + FakeTenant.idOf(1) + "\"}],"
                + "\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/users?$skiptoken=abc\"}"));
        IncompleteListingException e = assertThrows(IncompleteListingException.class,
                () -> source(config().incremental(false)).listAll());
        assertTrue(e.getMessage().contains("Refusing to follow @odata.nextLink to https://graph.microsoft.com"), e.getMessage());
        assertEquals(1, server.requests().size());
    }

    @Test
    void aRepeatedNextLinkIsAPagingLoop() {
        String base = server.baseUrl().toString();
        server.routes(r -> Response.json(200, "{\"value\":[{\"id\":\"" + FakeTenant.idOf(1) + "\"}],"
                + "\"@odata.nextLink\":\"" + base + "/users?$skiptoken=same\"}"));
        IncompleteListingException e = assertThrows(IncompleteListingException.class,
                () -> source(config().incremental(false)).listAll());
        assertTrue(e.getMessage().contains("paging loop"), e.getMessage());
        assertEquals(2, server.requests().size());
    }

    @Test
    void aUserWithoutIdFailsTheListing() {
        server.routes(r -> Response.json(200, "{\"value\":[{\"displayName\":\"nobody\"}]}"));
        IncompleteListingException e = assertThrows(IncompleteListingException.class,
                () -> source(config().incremental(false)).listAll());
        assertTrue(e.getMessage().contains("without an id"), e.getMessage());
    }

    @Test
    void withinOneDeltaRoundTheLastOccurrenceOfAUserWins() {
        String base = server.baseUrl().toString();
        String a = FakeTenant.idOf(1).toString();
        String b = FakeTenant.idOf(2).toString();
        server.routes(r -> {
            String token = r.query().get("$deltatoken");
            if ("latest".equals(token)) {
                return Response.json(200, "{\"value\":[],\"@odata.deltaLink\":\"" + base + "/users/delta?$deltatoken=t1\"}");
            }
            if ("t1".equals(token)) {
                return Response.json(200, "{\"value\":[{\"id\":\"" + a + "\",\"displayName\":\"A1\"},"
                        + "{\"id\":\"" + b + "\",\"displayName\":\"B1\"}],"
                        + "\"@odata.nextLink\":\"" + base + "/users/delta?$skiptoken=p2\"}");
            }
            if ("p2".equals(r.query().get("$skiptoken"))) {
                return Response.json(200, "{\"value\":[{\"id\":\"" + a + "\",\"@removed\":{\"reason\":\"deleted\"}},"
                        + "{\"id\":\"" + b + "\",\"@removed\":{\"reason\":\"changed\"}},"
                        + "{\"id\":\"" + b + "\",\"displayName\":\"B2\"}],"
                        + "\"@odata.deltaLink\":\"" + base + "/users/delta?$deltatoken=t2\"}");
            }
            return Response.json(200, "{\"value\":[]}");
        });
        TeamsDirectorySource s = source(config());
        Checkpoint cp = s.readAll(e -> { }).orElseThrow();
        ChangeSet c = s.listChanges(cp);
        assertEquals(Set.of(a), c.removedIds());
        assertEquals(List.of("B2"), c.upserts().stream().filter(e -> e.getId().equals(b)).findFirst().orElseThrow()
                .get("displayName"));
        assertEquals(1, c.upserts().size());
        assertTrue(c.next().value().endsWith("$deltatoken=t2"));
    }

    @Test
    void aDeltaPageWithNeitherLinkIsIncomplete() {
        String base = server.baseUrl().toString();
        server.routes(r -> "latest".equals(r.query().get("$deltatoken"))
                ? Response.json(200, "{\"value\":[],\"@odata.deltaLink\":\"" + base + "/users/delta?$deltatoken=t1\"}")
                : Response.json(200, "{\"value\":[]}"));
        TeamsDirectorySource s = source(config());
        Checkpoint cp = s.readAll(e -> { }).orElseThrow();
        IncompleteListingException e = assertThrows(IncompleteListingException.class, () -> s.listChanges(cp));
        assertTrue(e.getMessage().contains("neither @odata.nextLink nor @odata.deltaLink"), e.getMessage());
    }

    @Test
    void throttlingInADeltaRoundIsRetriedToo() {
        tenant.generate(20);
        TeamsDirectorySource s = source(config());
        Checkpoint cp = s.listAll().checkpoint().orElseThrow();
        tenant.update(FakeTenant.idOf(3).toString(), "displayName", "x");
        server.failNext(r -> r.path().endsWith("/users/delta"), THROTTLED);
        assertEquals(1, s.listChanges(cp).upserts().size());
        assertEquals(List.of(Duration.ofSeconds(1)), waits);
    }

    @Test
    void closingTheSourceStopsFurtherListings() {
        tenant.generate(10);
        TeamsDirectorySource s = source(config());
        s.close();
        s.close();
        assertThrows(IncompleteListingException.class, s::listAll);
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void groupNotFoundIsAClearError() {
        String gid = "11111111-2222-3333-4444-555555555555";
        IncompleteListingException e = assertThrows(IncompleteListingException.class,
                () -> source(config().groupDirectory(gid)).listAll());
        assertTrue(e.getMessage().contains(gid) && e.getMessage().contains("does not exist"), e.getMessage());
        Set<String> paths = server.requests().stream().map(Request::path).collect(Collectors.toSet());
        assertEquals(Set.of("/v1.0/groups/" + gid), paths);
    }
}

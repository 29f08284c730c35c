package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.exception.ClientAuthenticationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.directory.ConnectionTestResult;
import org.pbxsync.core.directory.ConnectionTestResult.Check;
import org.pbxsync.teams.MockGraphServer.Response;

class ConnectionTestTest extends GraphTestSupport {
    private static final String GROUP = "02bd9fd6-8f93-4758-87c3-1fb73740a315";

    private static List<String> names(ConnectionTestResult r) {
        return r.checks().stream().map(Check::name).toList();
    }

    private static Check last(ConnectionTestResult r) {
        return r.checks().get(r.checks().size() - 1);
    }

    @Test
    void tenantWithUserReadAllPassesTokenAndPermission() {
        credential = FakeTokenCredential.withRoles("User.Read.All");
        tenant.generate(3);
        ConnectionTestResult r = source(config()).testConnection();

        assertTrue(r.isSuccess(), r.summary());
        assertEquals(List.of("token", "permission"), names(r));
        assertTrue(r.checks().get(1).message().contains("[User.Read.All]"), r.checks().get(1).message());
        assertEquals(1, server.count(x -> "1".equals(x.query().get("$top"))), "one $top=1 probe");
    }

    @Test
    void aTokenThatCannotBeObtainedFailsTheTokenCheckAndSendsNothing() {
        credential = FakeTokenCredential.failing(new ClientAuthenticationException(
                "AADSTS700016: Application with identifier 'abc' was not found in the directory", null));
        ConnectionTestResult r = source(config()).testConnection();

        assertFalse(r.isSuccess());
        assertEquals(List.of("token"), names(r));
        assertTrue(last(r).message().contains("AADSTS700016"), last(r).message());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void aJwtWithoutUserReadAllFailsThePermissionCheckWithoutARequest() {
        credential = FakeTokenCredential.withRoles("Mail.Read");
        ConnectionTestResult r = source(config()).testConnection();

        assertEquals(List.of("token", "permission"), names(r));
        assertFalse(last(r).passed());
        assertTrue(last(r).message().contains("[Mail.Read]") && last(r).message().contains("User.Read.All"), last(r).message());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void anOpaqueTokenIsCheckedWithAProbeAndA403IsInterpreted() {
        server.failNext(MockGraphServer.path("/v1.0/users"), Response.error(403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation."));
        ConnectionTestResult r = source(config()).testConnection();

        assertFalse(r.isSuccess());
        assertEquals("permission", last(r).name());
        assertTrue(last(r).message().contains("Authorization_RequestDenied"), last(r).message());
        assertTrue(last(r).message().contains("User.Read.All"), last(r).message());
    }

    @Test
    void groupDirectoryChecksTheGroupsExistenceAndMembersPermission() {
        credential = FakeTokenCredential.withRoles("User.Read.All", "GroupMember.Read.All");
        tenant.generate(3);
        tenant.addGroup(GROUP, "Sales Phones", List.of(FakeTenant.idOf(1).toString()));
        ConnectionTestResult r = source(config().groupDirectory(GROUP)).testConnection();

        assertTrue(r.isSuccess(), r.summary());
        assertEquals(List.of("token", "permission", "group"), names(r));
        assertTrue(last(r).message().contains("'Sales Phones'"), last(r).message());
    }

    @Test
    void groupDirectoryWithoutGroupMemberReadAllFailsThePermissionCheck() {
        credential = FakeTokenCredential.withRoles("User.Read.All");
        ConnectionTestResult r = source(config().groupDirectory(GROUP)).testConnection();

        assertEquals(List.of("token", "permission"), names(r));
        assertTrue(last(r).message().contains("GroupMember.Read.All"), last(r).message());
    }

    @Test
    void aMissingGroupFailsTheGroupCheckNamingTheId() {
        credential = FakeTokenCredential.withRoles("Directory.Read.All");
        ConnectionTestResult r = source(config().groupDirectory(GROUP)).testConnection();

        assertEquals(List.of("token", "permission", "group"), names(r));
        assertFalse(last(r).passed());
        assertTrue(last(r).message().startsWith("No group with id " + GROUP), last(r).message());
        assertEquals("group: " + last(r).message(), r.summary());
    }

    @Test
    void aGroupWhoseMembersCannotBeReadFailsTheGroupCheck() {
        tenant.addGroup(GROUP, "Sales Phones", List.of());
        server.failNext(x -> x.path().contains("transitiveMembers"), Response.error(403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation."));
        ConnectionTestResult r = source(config().groupDirectory(GROUP)).testConnection();

        assertFalse(r.isSuccess());
        assertTrue(last(r).message().contains("'Sales Phones'") && last(r).message().contains("GroupMember.Read.All"),
                last(r).message());
    }

    @Test
    void aServerThatKeepsThrottlingFailsThePermissionCheckWithTheReason() {
        server.failNext(MockGraphServer.path("/v1.0/users"), Response.error(503, "ServiceUnavailable", "down"), 10);
        ConnectionTestResult r = source(config().retries(1, java.time.Duration.ofSeconds(1))).testConnection();
        assertFalse(r.isSuccess());
        assertTrue(last(r).message().contains("503"), last(r).message());
    }

    @Test
    void noCheckMessageContainsTheToken() {
        credential = FakeTokenCredential.withRoles("Mail.Read");
        ConnectionTestResult r = source(config()).testConnection();
        assertTrue(r.checks().stream().noneMatch(c -> c.message().contains(credential.token())));
    }
}

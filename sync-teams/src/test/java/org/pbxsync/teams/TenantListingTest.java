package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.directory.FullListing;

class TenantListingTest extends GraphTestSupport {

    @ParameterizedTest(name = "{0} users cost ceil(N/999) user-page requests")
    @ValueSource(ints = {1, 998, 999, 1000, 1998, 2500})
    void fullListingCostsCeilNOver999PageRequests(int n) {
        tenant.generate(n);
        FullListing listing = source(config()).listAll();

        assertEquals(n, listing.entries().size());
        assertEquals((n + 998) / 999, userPageRequests());
        assertEquals(1, server.count(r -> r.path().endsWith("/users/delta")), "one delta-token request");
    }

    @Test
    void tenThousandUsersArriveCompleteAndDistinctOverElevenPages() {
        tenant.generate(10_000);
        List<DirectoryEntry> seen = new ArrayList<>();
        long start = System.nanoTime();
        Optional<Checkpoint> cp = source(config()).readAll(seen::add);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.err.println("[measure] full listing of 10,000 mock users: " + millis + " ms, "
                + server.requests().size() + " requests (" + userPageRequests() + " user pages)");

        assertEquals(10_000, seen.size());
        assertEquals(10_000, seen.stream().map(DirectoryEntry::getId).distinct().count());
        assertEquals(11, userPageRequests());
        assertTrue(cp.isPresent());
        assertEquals("graph-delta", cp.get().kind());
        Set<String> expected = IntStream.range(0, 10_000).mapToObj(i -> FakeTenant.idOf(i).toString())
                .collect(Collectors.toSet());
        assertEquals(expected, seen.stream().map(DirectoryEntry::getId).collect(Collectors.toSet()));
    }

    @Test
    void everyRequestSelectsOnlyTheMappedAttributesPlusTheRequiredOnesWithTop999() {
        tenant.generate(2000);
        source(config().attributes(List.of("DisplayName", "businessphones", "extensionAttribute3", "mobilePhone")))
                .listAll();

        MockGraphServer.Request first = server.requests().stream().filter(r -> r.path().endsWith("/v1.0/users"))
                .findFirst().orElseThrow();
        assertEquals("id,userPrincipalName,accountEnabled,displayName,businessPhones,onPremisesExtensionAttributes,"
                + "mobilePhone", first.query().get("$select"));
        assertEquals("999", first.query().get("$top"));
        MockGraphServer.Request delta = server.requests().get(0);
        assertTrue(delta.path().endsWith("/users/delta"), "the delta token is taken before the first page");
        assertEquals("latest", delta.query().get("$deltatoken"));
        assertEquals(first.query().get("$select"), delta.query().get("$select"));
    }

    @Test
    void theBearerTokenGoesToTheConfiguredHostOnEveryRequestWithTheCloudsScope() {
        tenant.generate(1500);
        source(config()).listAll();

        assertTrue(server.requests().stream().allMatch(r -> ("Bearer " + credential.token()).equals(r.authorization())));
        assertFalse(credential.requests.isEmpty());
        assertEquals(List.of("https://graph.microsoft.com/.default"), credential.requests.get(0).getScopes());
    }

    @Test
    void entriesCarryGraphPropertiesAsAttributes() {
        tenant.generate(4);
        List<DirectoryEntry> entries = source(config().attributes(List.of("displayName", "givenName", "surname", "mail",
                "businessPhones", "mobilePhone", "department", "jobTitle", "officeLocation", "employeeId",
                "onPremisesSamAccountName", "extensionAttribute3", "extensionAttribute4"))).listAll().entries();
        DirectoryEntry e = entries.get(1);
        Map<String, Object> u = FakeTenant.generatedUser(1);

        assertEquals(u.get("id"), e.getId());
        assertEquals("user1@contoso.com", e.getReference());
        assertTrue(e.isEnabled());
        assertEquals(List.of("+1 425 555 0001", "+1 425 556 0000"), e.get("businessPhones"));
        assertEquals(List.of("User 1"), e.get("displayName"));
        assertEquals(List.of("Given1"), e.get("GIVENNAME"));
        assertEquals(List.of("user1"), e.get("onPremisesSamAccountName"));
        assertEquals(List.of("100001"), e.get("employeeId"));
        assertEquals(List.of("2001"), e.get("extensionAttribute3"));
        assertEquals(List.of(), e.get("extensionAttribute4"), "null extension attributes are absent");
        assertFalse(e.has("onPremisesExtensionAttributes"), "the complex property is flattened, not kept");
        assertEquals(List.of(u.get("id")), e.get("id"));
        assertEquals(List.of("user1@contoso.com"), e.get("userPrincipalName"));
        assertEquals(List.of("true"), e.get("accountEnabled"));
        assertTrue(e.getGroups().isEmpty());
    }

    @Test
    void disabledAccountsAreReadAsDisabledUnlessExcluded() {
        tenant.generate(100);
        List<DirectoryEntry> all = source(config()).listAll().entries();
        assertEquals(100, all.size());
        assertEquals(Set.of(FakeTenant.idOf(49).toString(), FakeTenant.idOf(99).toString()),
                all.stream().filter(x -> !x.isEnabled()).map(DirectoryEntry::getId).collect(Collectors.toSet()));

        List<DirectoryEntry> enabledOnly = source(config().excludeDisabled(true)).listAll().entries();
        assertEquals(98, enabledOnly.size());
        assertTrue(enabledOnly.stream().allMatch(DirectoryEntry::isEnabled));
    }

    @Test
    void guestsAreExcludedByUserTypeOrExtUpn() {
        tenant.generate(200);
        Map<String, Object> extOnly = FakeTenant.generatedUser(500);
        extOnly.put("userType", null);
        extOnly.put("userPrincipalName", "a_contoso.com#EXT#@microsoft.onmicrosoft.com");
        tenant.put(extOnly);

        List<DirectoryEntry> entries = source(config().excludeGuests(true)).listAll().entries();

        Set<String> ids = entries.stream().map(DirectoryEntry::getId).collect(Collectors.toSet());
        assertEquals(198, entries.size(), "users 7 and 107 are guests; user 500 has #EXT# in its UPN");
        assertFalse(ids.contains(FakeTenant.idOf(7).toString()));
        assertFalse(ids.contains(FakeTenant.idOf(500).toString()));
        assertTrue(server.requests().stream().filter(r -> r.path().endsWith("/v1.0/users"))
                .allMatch(r -> r.query().get("$select") == null || r.query().get("$select").contains("userType")));
    }

    @Test
    void teamsPhoneAndLicenceFiltersUseAssignedPlansAndAssignedLicenses() {
        tenant.generate(30);
        List<DirectoryEntry> phone = source(config().requireTeamsPhone()).listAll().entries();
        assertEquals(10, phone.size(), "every third user has Teams Phone (MCOEV) enabled");
        assertTrue(phone.stream().allMatch(e -> e.get("assignedPlans").contains(FakeTenant.TEAMS_PHONE)));

        List<DirectoryEntry> e5 = source(config().requireAnyLicence(List.of(UUID.fromString(FakeTenant.E5_SKU))))
                .listAll().entries();
        assertEquals(15, e5.size(), "every second user holds the E5 SKU");

        List<DirectoryEntry> both = source(config().requireTeamsPhone()
                .requireAnyLicence(List.of(UUID.fromString(FakeTenant.E5_SKU)))).listAll().entries();
        assertEquals(5, both.size(), "users 0, 6, 12, 18, 24");
    }

    @Test
    void suspendedTeamsPhonePlanDoesNotCount() {
        Map<String, Object> u = FakeTenant.generatedUser(0);
        u.put("assignedPlans", List.of(Map.of("capabilityStatus", "Suspended", "service", "MicrosoftCommunicationsOnline",
                "servicePlanId", FakeTenant.TEAMS_PHONE)));
        tenant.put(u);
        Map<String, Object> grace = FakeTenant.generatedUser(1);
        grace.put("assignedPlans", List.of(Map.of("capabilityStatus", "Warning", "service", "MicrosoftCommunicationsOnline",
                "servicePlanId", FakeTenant.TEAMS_PHONE)));
        tenant.put(grace);

        List<DirectoryEntry> entries = source(config().requireTeamsPhone()).listAll().entries();
        assertEquals(List.of(FakeTenant.idOf(1).toString()), entries.stream().map(DirectoryEntry::getId).toList());
    }

    @Test
    void groupDirectoryReadsTransitiveUserMembersOnlyAndNamesTheGroup() {
        tenant.generate(10_000);
        List<String> members = IntStream.range(0, 2500).mapToObj(i -> FakeTenant.idOf(i * 4).toString()).toList();
        String gid = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
        tenant.addGroup(gid, "Phones", members);

        TeamsDirectorySource s = source(config().groupDirectory(gid));
        FullListing listing = s.listAll();

        assertEquals(2500, listing.entries().size());
        assertEquals(new HashSet<>(members), listing.entries().stream().map(DirectoryEntry::getId).collect(Collectors.toSet()));
        assertTrue(listing.entries().stream().allMatch(e -> e.getGroups().equals(List.of("Phones"))));
        assertTrue(listing.checkpoint().isEmpty(), "a group directory has no incremental listing");
        assertFalse(s.supportsChanges());
        assertEquals(0, userPageRequests(), "no tenant-wide listing");
        assertEquals(3, server.count(r -> r.path().endsWith("/transitiveMembers/graph.user")), "ceil(2500/999)");
        assertEquals(1, server.count(r -> r.path().endsWith("/groups/" + gid)));
        assertEquals("msgraph " + server.baseUrl() + " group " + gid, s.describe());
    }

    @Test
    void incrementalOffMeansNoDeltaRequestAndNoCheckpoint() {
        tenant.generate(10);
        TeamsDirectorySource s = source(config().incremental(false));
        FullListing listing = s.listAll();
        assertEquals(10, listing.entries().size());
        assertTrue(listing.checkpoint().isEmpty());
        assertFalse(s.supportsChanges());
        assertEquals(0, server.count(r -> r.path().contains("delta")));
    }

    @Test
    void smallerPageSizeIsHonoured() {
        tenant.generate(250);
        source(config().pageSize(100)).listAll();
        assertEquals(3, userPageRequests());
    }
}

package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.CheckpointExpiredException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.teams.MockGraphServer.Response;

class DeltaTest extends GraphTestSupport {

    private static String id(int i) {
        return FakeTenant.idOf(i).toString();
    }

    @Test
    void changesSinceTheCheckpointBecomeUpsertsAndRemovals() {
        tenant.generate(1000);
        TeamsDirectorySource s = source(config());
        Checkpoint cp = s.listAll().checkpoint().orElseThrow();

        tenant.update(id(1), "displayName", "Renamed One");
        tenant.update(id(2), "businessPhones", List.of("+44 20 7946 0000"));
        tenant.delete(id(3), "deleted");
        tenant.delete(id(4), "changed");
        tenant.put(FakeTenant.generatedUser(5000));
        ChangeSet changes = s.listChanges(cp);

        Map<String, DirectoryEntry> up = changes.upserts().stream()
                .collect(Collectors.toMap(DirectoryEntry::getId, e -> e));
        assertEquals(Set.of(id(1), id(2), id(5000)), up.keySet());
        assertEquals(List.of("Renamed One"), up.get(id(1)).get("displayName"));
        assertEquals(List.of("+44 20 7946 0000"), up.get(id(2)).get("businessPhones"));
        assertEquals(List.of("Surname2"), up.get(id(2)).get("surname"), "upserts carry the full selected state");
        assertEquals(Set.of(id(3), id(4)), changes.removedIds(), "@removed deleted and changed are both removals");

        ChangeSet none = s.listChanges(changes.next());
        assertTrue(none.isEmpty());
        assertEquals("graph-delta", none.next().kind());
    }

    @Test
    void deltaRoundsFollowEveryNextLink() {
        tenant.generate(3000);
        tenant.deltaPageSize = 100;
        TeamsDirectorySource s = source(config());
        Checkpoint cp = s.listAll().checkpoint().orElseThrow();
        for (int i = 0; i < 450; i++) {
            tenant.update(id(i), "jobTitle", "Manager");
        }
        ChangeSet changes = s.listChanges(cp);
        assertEquals(450, changes.upserts().size());
        assertTrue(changes.upserts().stream().allMatch(e -> e.get("jobTitle").equals(List.of("Manager"))));
        assertEquals(5, server.count(r -> r.path().endsWith("/users/delta") && !"latest".equals(r.query().get("$deltatoken"))));
    }

    @Test
    void aUserThatLeavesTheFiltersScopeBecomesARemovalAndComesBackAsAnUpsert() {
        tenant.generate(30);
        TeamsDirectorySource s = source(config().requireTeamsPhone().excludeDisabled(true));
        Checkpoint cp = s.listAll().checkpoint().orElseThrow();

        tenant.update(id(0), "assignedPlans", List.of());
        tenant.update(id(3), "accountEnabled", false);
        ChangeSet first = s.listChanges(cp);
        assertEquals(Set.of(id(0), id(3)), first.removedIds());
        assertTrue(first.upserts().isEmpty());

        tenant.update(id(3), "accountEnabled", true);
        ChangeSet second = s.listChanges(first.next());
        assertEquals(List.of(id(3)), second.upserts().stream().map(DirectoryEntry::getId).toList());
        assertTrue(second.removedIds().isEmpty());
    }

    @Test
    void expiredDeltaToken400SyncStateNotFoundMeansCheckpointExpired() {
        tenant.generate(10);
        TeamsDirectorySource s = source(config());
        Checkpoint cp = s.listAll().checkpoint().orElseThrow();
        tenant.expireDeltaTokens(Response.error(400, "syncStateNotFound",
                "The sync state generation is not found. The delta token is expired and data must be synchronized again."));

        CheckpointExpiredException e = assertThrows(CheckpointExpiredException.class, () -> s.listChanges(cp));
        assertTrue(e.getMessage().contains("syncStateNotFound"), e.getMessage());
        assertTrue(waits.isEmpty(), "an expired token is not retried");
    }

    @Test
    void expiredDeltaToken410GoneMeansCheckpointExpired() {
        tenant.generate(10);
        TeamsDirectorySource s = source(config());
        Checkpoint cp = s.listAll().checkpoint().orElseThrow();
        tenant.expireDeltaTokens(Response.error(410, "resyncRequired", "Gone"));
        assertThrows(CheckpointExpiredException.class, () -> s.listChanges(cp));
    }

    @Test
    void anyOther400OnADeltaRoundIsAnIncompleteListingNotAnExpiry() {
        tenant.generate(10);
        TeamsDirectorySource s = source(config());
        Checkpoint cp = s.listAll().checkpoint().orElseThrow();
        tenant.expireDeltaTokens(Response.error(400, "Request_BadRequest", "Invalid filter clause"));
        IncompleteListingException e = assertThrows(IncompleteListingException.class, () -> s.listChanges(cp));
        assertTrue(e.getMessage().contains("Request_BadRequest"), e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherKindOrFormatIsRefusedAsExpired() {
        TeamsDirectorySource s = source(config());
        assertThrows(CheckpointExpiredException.class, () -> s.listChanges(new Checkpoint("ldap-syncrepl", "abc")));
        assertThrows(CheckpointExpiredException.class, () -> s.listChanges(new Checkpoint("graph-delta", "garbage")));
        assertTrue(server.requests().isEmpty(), "nothing is sent for an unusable checkpoint");
    }

    @Test
    void aCheckpointTakenWithOtherAttributesOrFiltersIsRefused() {
        tenant.generate(10);
        Checkpoint cp = source(config().attributes(List.of("displayName"))).listAll().checkpoint().orElseThrow();

        CheckpointExpiredException e = assertThrows(CheckpointExpiredException.class,
                () -> source(config().attributes(List.of("displayName", "mobilePhone"))).listChanges(cp));
        assertTrue(e.getMessage().contains("attributes or user filters changed"), e.getMessage());
        assertThrows(CheckpointExpiredException.class,
                () -> source(config().attributes(List.of("displayName")).excludeGuests(true)).listChanges(cp));
        // the same settings in another order still fit
        source(config().attributes(List.of("DISPLAYNAME"))).listChanges(cp);
    }

    @Test
    void aCheckpointPointingAtAnotherEndpointIsRefused() {
        tenant.generate(10);
        Checkpoint cp = source(config()).listAll().checkpoint().orElseThrow();
        String forged = cp.value().replace(server.baseUrl().toString(), "https://graph.microsoft.com/v1.0");
        long before = server.requests().size();
        assertThrows(CheckpointExpiredException.class,
                () -> source(config()).listChanges(new Checkpoint(cp.kind(), forged)));
        assertEquals(before, server.requests().size());
    }

    @Test
    void whenGraphRefusesDeltatokenLatestTheListingCompletesWithoutCheckpoint() {
        tenant.generate(1500);
        server.failNext(r -> "latest".equals(r.query().get("$deltatoken")),
                Response.error(400, "Request_UnsupportedQuery", "Unsupported query."));
        var listing = source(config()).listAll();
        assertEquals(1500, listing.entries().size());
        assertTrue(listing.checkpoint().isEmpty());
    }

    @Test
    void aThrottledDeltatokenLatestIsRetriedNotSkipped() {
        tenant.generate(10);
        server.failNext(r -> "latest".equals(r.query().get("$deltatoken")),
                Response.error(429, "TooManyRequests", "x").withHeader("Retry-After", "2"));
        assertTrue(source(config()).listAll().checkpoint().isPresent());
        assertEquals(List.of(java.time.Duration.ofSeconds(2)), waits);
    }

    @Test
    void groupDirectoriesDoNotOfferDelta() {
        TeamsDirectorySource s = source(config().groupDirectory("02bd9fd6-8f93-4758-87c3-1fb73740a315"));
        assertFalse(s.supportsChanges());
        assertThrows(UnsupportedOperationException.class, () -> s.listChanges(new Checkpoint("graph-delta", "v1|x|y")));
    }

    @Test
    void aUserChangedTwiceInOneRoundAppearsOnceWithItsLastState() {
        tenant.generate(5);
        TeamsDirectorySource s = source(config());
        Checkpoint cp = s.listAll().checkpoint().orElseThrow();
        tenant.update(id(1), "displayName", "First");
        tenant.update(id(1), "displayName", "Second");
        tenant.delete(id(2), "deleted");
        Map<String, Object> back = FakeTenant.generatedUser(2);
        tenant.put(back);

        ChangeSet c = s.listChanges(cp);
        assertEquals(List.of("Second"), c.upserts().stream().filter(e -> e.getId().equals(id(1))).findFirst()
                .orElseThrow().get("displayName"));
        assertTrue(c.upserts().stream().anyMatch(e -> e.getId().equals(id(2))), "restored user is an upsert");
        assertFalse(c.removedIds().contains(id(2)));
    }
}

package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.teams.MockGraphServer.Response;

/**
 * Recorded responses from the Microsoft Graph documentation (CC-BY-4.0,
 * microsoftgraph/microsoft-graph-docs-contrib; read from ../shared/corpora/graph/graph-docs at
 * test time, not copied): the users delta round, transitive members, a guest listing.
 */
class GraphDocsCorpusTest extends GraphTestSupport {
    private Path docs;

    @BeforeEach
    void findCorpus() {
        docs = Corpora.graph().resolve("graph-docs");
    }

    private Response file(String name) {
        String body = Corpora.read(docs, name).replace("https://graph.microsoft.com/v1.0", server.baseUrl().toString());
        return Response.json(200, body);
    }

    private void serveDeltaRound() {
        String base = server.baseUrl().toString();
        server.routes(r -> {
            String token = r.query().get("$deltatoken");
            String skip = r.query().get("$skiptoken");
            if (r.path().endsWith("/users")) {
                return Response.json(200, "{\"value\":[]}");
            }
            if ("latest".equals(token)) {
                return Response.json(200, "{\"value\":[],\"@odata.deltaLink\":\"" + base + "/users/delta?$deltatoken=START\"}");
            }
            if ("START".equals(token)) {
                return file("delta-query-users_1_initial-response.json");
            }
            if (skip != null && skip.startsWith("oEBwdSP6")) {
                return file("delta-query-users_2_nextlink-response.json");
            }
            if (skip != null && skip.startsWith("pqwSUjGY")) {
                return file("delta-query-users_3_final-nextlink-response.json");
            }
            if (token != null && token.startsWith("oEcOySpF")) {
                return file("delta-query-users_5_deltalink-changes-response.json");
            }
            if (token != null && token.startsWith("MF1LuFYb")) {
                return file("delta-query-users_4_deltalink-no-changes-response.json");
            }
            return Response.error(400, "syncStateNotFound", "unknown token");
        });
    }

    @Test
    void theDocumentedDeltaRoundResumesAndReportsRemovals() {
        serveDeltaRound();
        TeamsDirectorySource s = source(config().attributes(List.of("displayName", "givenName", "surname")));
        Checkpoint start = s.listAll().checkpoint().orElseThrow();

        ChangeSet first = s.listChanges(start);
        assertEquals(List.of("ffff7b1a-13b6-477b-8c0c-380905cd99f7", "605d1257-ffff-40b6-8e6f-528a53f5dc55",
                "6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0", "d8c37826-ffff-4cae-b348-e2725b1e814b",
                "8b1ee412-cd8f-4d59-ffff-24010edb9f1f", "25dcffff-959e-4ece-9973-e5d9b800e8cc",
                "f6ede700-27d0-4c42-bfb9-4dffff43c74a"),
                first.upserts().stream().map(DirectoryEntry::getId).toList(), "three pages, in order");
        assertEquals(Set.of("86462606-fde0-4fc4-9e0c-a20eb73e54c6"), first.removedIds(), "@removed reason deleted");
        DirectoryEntry cameron = first.upserts().get(0);
        assertEquals(List.of("Cameron White"), cameron.get("displayName"));
        assertEquals(cameron.getId(), cameron.getReference(), "no UPN or mail returned: the id is the reference");
        assertTrue(first.next().value().contains("oEcOySpF"));

        ChangeSet second = s.listChanges(first.next());
        assertEquals(List.of("MOD Administrator"), second.upserts().get(0).get("displayName"));
        assertEquals("25dcffff-959e-4ece-9973-e5d9b800e8cc", second.upserts().get(0).getId());
        assertEquals(Set.of("8ffff70c-1c63-4860-b963-e34ec660931d"), second.removedIds(), "@removed reason changed");

        ChangeSet third = s.listChanges(second.next());
        assertTrue(third.isEmpty());
        assertEquals(second.next(), third.next());
    }

    @Test
    void theDocumentedRoundWithAnUnknownTokenFallsBackToAFullListing() {
        serveDeltaRound();
        TeamsDirectorySource s = source(config());
        Checkpoint start = s.listAll().checkpoint().orElseThrow();
        Checkpoint bogus = new Checkpoint(start.kind(), start.value().replace("START", "UNKNOWN"));
        org.junit.jupiter.api.Assertions.assertThrows(org.pbxsync.core.CheckpointExpiredException.class,
                () -> s.listChanges(bogus));
    }

    @Test
    void theDocumentedTransitiveMembersResponseYieldsTheUserWithTheGroupName() {
        String gid = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
        server.routes(r -> r.path().endsWith("/groups/" + gid)
                ? Response.json(200, "{\"id\":\"" + gid + "\",\"displayName\":\"HR Taskforce\"}")
                : r.path().endsWith("/transitiveMembers/graph.user") ? file("group-list-transitivemembers_ex1-response.json")
                : Response.error(404, "Request_ResourceNotFound", "no"));
        List<DirectoryEntry> entries = source(config().groupDirectory(gid)).listAll().entries();
        assertEquals(1, entries.size());
        assertEquals("11111111-2222-3333-4444-555555555555", entries.get(0).getId());
        assertEquals("group1@contoso.com", entries.get(0).getReference(), "no UPN: the mail is the reference");
        assertEquals(List.of("HR Taskforce"), entries.get(0).getGroups());
    }

    @Test
    void theDocumentedGuestListingLacksIdsAndIsRefusedClearly() {
        server.routes(r -> file("user-list_ex7-guest-EXT-upn-response.json"));
        IncompleteListingException e = assertThrows(IncompleteListingException.class,
                () -> source(config().incremental(false)).listAll());
        assertTrue(e.getMessage().contains("without an id"), e.getMessage());
    }

    @Test
    void theDocumentedGuestWithExtUpnIsExcludedOnceItHasAnId() {
        server.routes(r -> {
            Response docs = file("user-list_ex7-guest-EXT-upn-response.json");
            return Response.json(200, docs.body().replace("\"displayName\":\"a\"",
                    "\"id\":\"aaaaaaaa-0000-0000-0000-000000000001\",\"displayName\":\"a\""));
        });
        assertEquals(1, source(config().incremental(false)).listAll().entries().size());
        assertTrue(source(config().incremental(false).excludeGuests(true)).listAll().entries().isEmpty());
        DirectoryEntry guest = source(config().incremental(false).attributes(List.of("otherMails", "proxyAddresses")))
                .listAll().entries().get(0);
        assertEquals(List.of("SMTP:a@contoso.com"), guest.get("proxyAddresses"));
        assertEquals("a_contoso.com#EXT#@microsoft.onmicrosoft.com", guest.getReference());
    }
}

package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.pbx.RunKind;
import org.pbxsync.pbx.SyncReport;
import org.pbxsync.pbx.SyncStateStore;
import org.pbxsync.pbx.Synchronizer;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;

/**
 * A full and then an incremental sync of 10,000 mock Entra users through the Synchronizer into
 * the in-memory PBX, with the real Graph SDK against the mock Graph server.
 */
class TeamsSynchronizerEndToEndTest extends GraphTestSupport {

    @Test
    void fullThenDeltaSyncOfTenThousandUsers() {
        tenant.generate(10_000);
        Mapping mapping = Mapping.teamsDefaults().toBuilder().map(FieldKey.EXTENSION, "extensionAttribute3").build();
        TeamsDirectorySource source = source(config().attributes(mapping.attributesUsed()).excludeGuests(true));
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        Synchronizer sync = Synchronizer.builder().source(source).target(pbx).mapping(mapping)
                .planOptions(PlanOptions.builder().syncName("teams").deleteEnabled(true).deleteMode(DeleteMode.DELETE).build())
                .stateStore(SyncStateStore.inMemory())
                .clock(Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC))
                .build();

        long t0 = System.nanoTime();
        SyncReport full = sync.synchronize();
        long fullMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(full.isSuccess(), full.summary());
        assertEquals(RunKind.FULL, full.getKind());
        assertEquals(9_700, pbx.users().size(), "10,000 minus 100 guests and 200 disabled accounts (default policy)");
        int requestsAfterFull = server.requests().size();

        for (int i = 0; i < 200; i++) {
            tenant.update(FakeTenant.idOf(i * 3).toString(), "displayName", "Renamed " + i);
        }
        for (int i = 1; i < 100; i += 2) {
            tenant.delete(FakeTenant.idOf(5000 + i).toString(), "deleted");
        }
        for (int i = 10_000; i < 10_050; i++) {
            Map<String, Object> u = FakeTenant.generatedUser(i);
            tenant.put(u);
        }

        long t1 = System.nanoTime();
        SyncReport delta = sync.synchronize();
        long deltaMs = (System.nanoTime() - t1) / 1_000_000;
        assertTrue(delta.isSuccess(), delta.summary());
        assertEquals(RunKind.INCREMENTAL, delta.getKind(), delta.getKindExplanation());
        int deltaRequests = server.requests().size() - requestsAfterFull;

        Map<String, PbxUser> byId = pbx.users().stream().collect(Collectors.toMap(PbxUser::getUserId, u -> u));
        Set<String> expected = tenant.allUsers().stream().filter(u -> !"Guest".equals(u.get("userType")) && Boolean.TRUE.equals(u.get("accountEnabled")))
                .map(u -> (String) u.get("id")).collect(Collectors.toSet());
        Set<String> missing = new java.util.TreeSet<>(expected);
        missing.removeAll(byId.keySet());
        Set<String> extra = new java.util.TreeSet<>(byId.keySet());
        extra.removeAll(expected);
        assertEquals(Set.of(), missing, "users missing from the PBX");
        assertEquals(Set.of(), extra, "users that should not be on the PBX");
        assertEquals("Renamed 7", byId.get(FakeTenant.idOf(21).toString()).getFields().get(FieldKey.FULL_NAME));
        assertEquals("user10048@contoso.com", byId.get(FakeTenant.idOf(10_048).toString()).getFields().get(FieldKey.NAME));
        assertEquals(List.of(), server.requests().stream().filter(r -> !r.isGet()).toList());
        System.err.println("[measure] Synchronizer + in-memory PBX, 10,000 Entra users: full run " + fullMs + " ms ("
                + requestsAfterFull + " Graph requests, " + full.summary() + "); delta run " + deltaMs + " ms ("
                + deltaRequests + " Graph requests, " + delta.summary() + ")");
    }
}

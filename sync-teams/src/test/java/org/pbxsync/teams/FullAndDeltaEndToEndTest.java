package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.DirectoryEntry;

/**
 * A full and then an incremental read of a 10,000-user tenant, applied to a replica the way a
 * synchronizer applies them: after the delta, the replica must equal a fresh full listing.
 */
class FullAndDeltaEndToEndTest extends GraphTestSupport {

    @Test
    void aReplicaKeptByFullThenDeltaEqualsAFreshFullListing() {
        tenant.generate(10_000);
        TeamsSourceConfig.Builder settings = config().excludeGuests(true).excludeDisabled(true)
                .attributes(List.of("displayName", "givenName", "surname", "mail", "businessPhones", "mobilePhone",
                        "department", "extensionAttribute3"));
        TeamsDirectorySource s = source(settings);

        Map<String, DirectoryEntry> replica = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Optional<Checkpoint> cp = s.readAll(e -> replica.put(e.getId(), e));
        long fullMillis = (System.nanoTime() - t0) / 1_000_000;
        int fullRequests = server.requests().size();
        assertEquals(10_000 - 100 - 200, replica.size(), "100 guests and 200 disabled accounts left out");

        Random random = new Random(20261121L);
        Set<String> changed = new java.util.HashSet<>();
        for (int n = 0; n < 300; n++) {
            String id = FakeTenant.idOf(random.nextInt(10_000)).toString();
            if (tenant.user(id) == null) {
                continue;
            }
            switch (n % 6) {
                case 0 -> tenant.delete(id, n % 12 == 0 ? "deleted" : "changed");
                case 1 -> tenant.update(id, "accountEnabled", false);
                case 2 -> tenant.update(id, "accountEnabled", true);
                case 3 -> tenant.update(id, "businessPhones", List.of("+1 555 0100 " + n));
                default -> tenant.update(id, "displayName", "Changed " + n);
            }
            changed.add(id);
        }
        for (int i = 10_000; i < 10_150; i++) {
            tenant.put(FakeTenant.generatedUser(i));
        }

        long t1 = System.nanoTime();
        ChangeSet delta = s.listChanges(cp.orElseThrow());
        long deltaMillis = (System.nanoTime() - t1) / 1_000_000;
        int deltaRequests = server.requests().size() - fullRequests;
        delta.removedIds().forEach(replica::remove);
        delta.upserts().forEach(e -> replica.put(e.getId(), e));

        Map<String, DirectoryEntry> fresh = source(settings).listAll().entries().stream()
                .collect(Collectors.toMap(DirectoryEntry::getId, e -> e));
        assertEquals(fresh.keySet(), replica.keySet());
        for (DirectoryEntry e : fresh.values()) {
            assertEquals(e, replica.get(e.getId()), "entry " + e.getReference());
        }
        assertTrue(delta.upserts().size() + delta.removedIds().size() <= changed.size() + 150);
        System.err.println("[measure] 10,000 users: full listing " + fullMillis + " ms in " + fullRequests
                + " requests; delta round (" + delta.upserts().size() + " upserts, " + delta.removedIds().size()
                + " removals) " + deltaMillis + " ms in " + deltaRequests + " requests");
    }
}

package org.pbxsync.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.pbx.memory.InMemoryDirectorySource;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;
import org.pbxsync.pbx.memory.InjectedFailure;
import org.pbxsync.pbx.memory.SimulatedCrash;

/**
 * Seeded random histories: directory changes interleaved with runs that suffer random failures
 * and crashes. Whatever happened, once the failures stop one run brings the PBX in line with
 * the directory, and the run after it has nothing to do. The seed of a failing case is in its
 * name; {@code -Dprop.seed=...} changes the base seed.
 */
class ConvergencePropertyTest {
    private static final long BASE_SEED = Long.getLong("prop.seed", 20261121L);

    static Stream<Long> seeds() {
        SplittableRandom r = new SplittableRandom(BASE_SEED);
        return LongStream.range(0, 40).map(i -> r.nextLong()).boxed();
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void everyHistoryConvergesOnceFailuresStop(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Fixtures.MutableClock clock = Fixtures.clock();
        InMemoryDirectorySource source = InMemoryDirectorySource.create();
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        SyncStateStore store = SyncStateStore.inMemory();
        Synchronizer sync = Synchronizer.builder().source(source).target(pbx).mapping(Fixtures.mapping())
                .planOptions(Fixtures.options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).maxDeletePercent(100)
                        .build())
                .stateStore(store).clock(clock).sleeper(d -> { }).build();
        int next = 1;
        List<Integer> present = new ArrayList<>();
        for (int i = 0; i < 3 + random.nextInt(8); i++) {
            present.add(next);
            source.put(Fixtures.person(next++));
        }
        InjectedFailure[] kinds = InjectedFailure.values();
        for (int step = 0; step < 6; step++) {
            int changes = random.nextInt(6);
            for (int c = 0; c < changes; c++) {
                int what = random.nextInt(4);
                if (what == 0 || present.size() < 2) {
                    present.add(next);
                    source.put(Fixtures.person(next++));
                } else if (what == 1) {
                    source.remove("id-" + present.remove(random.nextInt(present.size())));
                } else if (what == 2) {
                    int i = present.get(random.nextInt(present.size()));
                    source.put(Fixtures.person(i).toBuilder().put("cn", List.of("Renamed " + step + "-" + c)).build());
                } else {
                    int i = present.get(random.nextInt(present.size()));
                    source.put(Fixtures.person(i).toBuilder().enabled(random.nextBoolean()).build());
                }
            }
            pbx.failures().clear().failRandomly(random.nextDouble() * 0.4, random.nextLong(),
                    kinds[random.nextInt(kinds.length)]);
            if (random.nextInt(5) == 0) {
                source.expireCheckpoints();
            }
            clock.advance(Duration.ofHours(random.nextInt(30)));
            try {
                sync.synchronize();
            } catch (SimulatedCrash crash) {
                sync = rebuilt(sync, source, pbx, store, clock);
            }
        }
        pbx.failures().clear();
        SyncReport repair = sync.synchronize();
        assertTrue(repair.getStatus() == RunStatus.SUCCEEDED, "seed " + seed + ": " + repair);
        assertMatches(source, pbx, seed);
        SyncReport idle = sync.synchronize(RunOptions.full());
        assertTrue(idle.getPlan().isEmpty(), "seed " + seed + ": a converged sync plans nothing, got " + idle.getPlan());
    }

    private static Synchronizer rebuilt(Synchronizer old, InMemoryDirectorySource source, InMemoryPbxTarget pbx,
            SyncStateStore store, Fixtures.MutableClock clock) {
        return Synchronizer.builder().source(source).target(pbx).mapping(Fixtures.mapping())
                .planOptions(old.getPlanOptions()).stateStore(store).clock(clock).sleeper(d -> { }).build();
    }

    private static void assertMatches(InMemoryDirectorySource source, InMemoryPbxTarget pbx, long seed) {
        Map<String, PbxUser> users = new TreeMap<>();
        pbx.users().forEach(u -> users.put(u.getUserId(), u));
        // Enabled entries have an enabled PBX user with their values. A disabled entry is never
        // created (DisabledAccountPolicy.DISABLE_ON_PBX); if it was created earlier, it is disabled.
        // No PBX user is left without an entry.
        Map<String, DirectoryEntry> entries = new TreeMap<>();
        source.entries().forEach(e -> entries.put(e.getId(), e));
        for (PbxUser u : users.values()) {
            assertTrue(entries.containsKey(u.getUserId()), "seed " + seed + ": " + u.getUserId() + " has no entry");
        }
        for (DirectoryEntry e : entries.values()) {
            PbxUser u = users.get(e.getId());
            if (!e.isEnabled()) {
                assertTrue(u == null || !u.isEnabled(), "seed " + seed + ": " + e.getId() + " is disabled in the directory");
                continue;
            }
            assertTrue(u != null, "seed " + seed + ": " + e.getId() + " missing");
            assertTrue(u.isEnabled(), "seed " + seed + ": " + e.getId() + " must be enabled");
            assertEquals(e.getFirst("cn"), u.get(FieldKey.FULL_NAME), "seed " + seed + ": full name of " + e.getId());
        }
    }
}

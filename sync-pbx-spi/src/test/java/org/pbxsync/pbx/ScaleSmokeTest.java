package org.pbxsync.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.pbx.memory.InMemoryDirectorySource;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;

/** Five thousand users through the whole pipeline: results only, no timing assertion (JMH measures speed elsewhere). */
class ScaleSmokeTest {
    @Test
    void fiveThousandUsersAreCreatedThenLeftAlone() {
        InMemoryDirectorySource source = InMemoryDirectorySource.create().putAll(Fixtures.people(1, 5000));
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        Synchronizer sync = Synchronizer.builder().source(source).target(pbx).mapping(Fixtures.mapping())
                .planOptions(Fixtures.options().build()).stateStore(SyncStateStore.inMemory()).clock(Fixtures.clock())
                .build();
        long t0 = System.nanoTime();
        SyncReport first = sync.synchronize();
        long t1 = System.nanoTime();
        assertEquals(5000, first.getAppliedCounts().get(OperationType.CREATE), first.toString());
        SyncReport second = sync.synchronize(RunOptions.full());
        long t2 = System.nanoTime();
        assertTrue(second.getPlan().isEmpty());
        assertEquals(5000, second.getPlan().getUnchangedCount());
        System.err.printf("ScaleSmokeTest: 5000 creates in %d ms, idle full run in %d ms (information only)%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
}

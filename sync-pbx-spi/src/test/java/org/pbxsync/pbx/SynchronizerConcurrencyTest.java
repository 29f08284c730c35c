package org.pbxsync.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.pbx.memory.InMemoryDirectorySource;

class SynchronizerConcurrencyTest {
    @TempDir
    Path dir;

    private Synchronizer sync(InMemoryDirectorySource source, PbxTarget target, SyncStateStore store) {
        return Synchronizer.builder().source(source).target(target).mapping(Fixtures.mapping())
                .planOptions(Fixtures.options().build()).stateStore(store).clock(Fixtures.clock()).build();
    }

    @Test
    void cancelFromAnotherThreadStopsAfterTheCurrentOperation() throws Exception {
        InMemoryDirectorySource source = Fixtures.directory(10);
        BlockingPbx pbx = new BlockingPbx(3);
        Synchronizer sync = sync(source, pbx, SyncStateStore.inMemory());
        CompletableFuture<SyncReport> run = CompletableFuture.supplyAsync(sync::synchronize);
        pbx.awaitBlocked();
        assertTrue(sync.isRunning());
        assertTrue(sync.cancel());
        pbx.release.countDown();
        SyncReport report = run.get(60, TimeUnit.SECONDS);
        assertEquals(RunStatus.CANCELLED, report.getStatus());
        assertEquals(3, report.getOutcomes(OutcomeStatus.APPLIED).size(), "the operation under way finished");
        assertEquals(7, report.getOutcomes(OutcomeStatus.SKIPPED).size());
        assertEquals(3, pbx.pbx.users().size());
        assertTrue(!sync.isRunning());
    }

    @Test
    void aSecondRunOfTheSameSyncIsRefused() throws Exception {
        InMemoryDirectorySource source = Fixtures.directory(5);
        BlockingPbx pbx = new BlockingPbx(1);
        SyncStateStore store = SyncStateStore.inDirectory(dir);
        Synchronizer sync = sync(source, pbx, store);
        Synchronizer twin = sync(source, pbx, SyncStateStore.inDirectory(dir));
        CompletableFuture<SyncReport> run = CompletableFuture.supplyAsync(sync::synchronize);
        pbx.awaitBlocked();
        SyncInProgressException e = assertThrows(SyncInProgressException.class, sync::synchronize);
        assertTrue(e.getMessage().contains("ldap-main"), e.getMessage());
        assertThrows(SyncInProgressException.class, twin::synchronize, "another synchronizer on the same state is refused too");
        assertEquals(5, sync.preview().counts().get(OperationType.CREATE) + pbx.pbx.users().size(),
                "a preview may run alongside and writes nothing");
        pbx.release.countDown();
        assertEquals(RunStatus.SUCCEEDED, run.get(60, TimeUnit.SECONDS).getStatus());
        assertEquals(RunStatus.SUCCEEDED, twin.synchronize().getStatus(), "the lock is released after the run");
    }

    @Test
    void aRetryWaitEndsAtOnceOnCancel() throws Exception {
        InMemoryDirectorySource source = Fixtures.directory(3);
        org.pbxsync.pbx.memory.InMemoryPbxTarget pbx = org.pbxsync.pbx.memory.InMemoryPbxTarget.empty();
        pbx.failures().failWritesFor("id-1", org.pbxsync.pbx.memory.InjectedFailure.RETRYABLE);
        Synchronizer sync = Synchronizer.builder().source(source).target(pbx).mapping(Fixtures.mapping())
                .planOptions(Fixtures.options().build()).stateStore(SyncStateStore.inMemory()).clock(Fixtures.clock())
                .retryPolicy(new RetryPolicy(5, java.time.Duration.ofHours(1), java.time.Duration.ofHours(1))).build();
        CompletableFuture<SyncReport> run = CompletableFuture.supplyAsync(sync::synchronize);
        while (pbx.failures().injectedCount() == 0) {
            Thread.onSpinWait();
        }
        sync.cancel();
        SyncReport report = run.get(60, TimeUnit.SECONDS);
        assertEquals(RunStatus.CANCELLED, report.getStatus());
        assertTrue(report.getOutcomes().get(0).error().orElseThrow().contains("cancelled"), report.toString());
    }
}

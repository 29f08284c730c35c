package org.pbxsync.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.core.schedule.Schedule;
import org.pbxsync.pbx.memory.InMemoryDirectorySource;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;

class SyncSchedulerTest {
    private final Fixtures.MutableClock clock = Fixtures.clock();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(3);
    private final SyncScheduler scheduler = SyncScheduler.builder().clock(clock).zone(ZoneOffset.UTC).executor(executor)
            .listener(new SchedulerListener() {
                @Override
                public void onRunFinished(String syncName, SyncReport report) {
                    events.add("finished " + syncName + " " + report.getStatus());
                }

                @Override
                public void onRunFailed(String syncName, Throwable failure) {
                    events.add("failed " + syncName + " " + failure.getClass().getSimpleName());
                }

                @Override
                public void onRunSkipped(String syncName, Instant due, String reason) {
                    events.add("skipped " + syncName + " at " + due + ": " + reason);
                }
            }).build();

    @AfterEach
    void stop() throws InterruptedException {
        scheduler.shutdown(Duration.ofSeconds(30));
        executor.shutdownNow();
    }

    private static Schedule hourly() {
        return Schedule.builder().enabled(true).start(LocalDateTime.of(2026, 1, 1, 0, 30)).everyHours(1).build();
    }

    private Synchronizer sync(String name, PbxTarget target, boolean delete, InMemoryDirectorySource source) {
        PlanOptions options = PlanOptions.builder().syncName(name).deleteEnabled(delete).deleteMode(DeleteMode.DELETE).build();
        return Synchronizer.builder().source(source).target(target).mapping(Fixtures.mapping()).planOptions(options)
                .stateStore(SyncStateStore.inMemory()).clock(clock).build();
    }

    @Test
    void twoSyncsOnOnePbxMayNotDelete() {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        scheduler.register(sync("ldap", pbx, true, Fixtures.directory(1)), hourly());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> scheduler.register(sync("teams", pbx, false, Fixtures.directory(1)), hourly()));
        assertTrue(e.getMessage().contains("'ldap'") && e.getMessage().contains("'teams'")
                && e.getMessage().contains("switch delete off for 'ldap'"), e.getMessage());
        assertEquals(List.of("ldap"), scheduler.syncNames());
    }

    @Test
    void twoSyncsOnOnePbxWithoutDeleteAreFineAndSeparatePbxsMayDelete() {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        scheduler.register(sync("ldap", pbx, false, Fixtures.directory(1)), hourly());
        scheduler.register(sync("teams", pbx, false, Fixtures.directory(1)), hourly());
        scheduler.register(sync("other", InMemoryPbxTarget.empty(), true, Fixtures.directory(1)), hourly());
        assertEquals(List.of("ldap", "teams", "other"), scheduler.syncNames());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> scheduler.register(sync("ldap", InMemoryPbxTarget.empty(), false, Fixtures.directory(1)), hourly()));
        assertTrue(e.getMessage().contains("already registered"), e.getMessage());
    }

    @Test
    void runNowRunsAndReports() throws Exception {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        scheduler.register(sync("ldap", pbx, false, Fixtures.directory(3)), Schedule.disabled());
        SyncReport report = scheduler.runNow("ldap").get(60, TimeUnit.SECONDS);
        assertEquals(RunStatus.SUCCEEDED, report.getStatus());
        assertEquals(3, pbx.users().size());
        assertTrue(events.contains("finished ldap SUCCEEDED"), events.toString());
        assertThrows(IllegalArgumentException.class, () -> scheduler.runNow("nope"));
    }

    @Test
    void aDueRunWhileTheLastIsGoingIsSkippedNotStacked() throws Exception {
        BlockingPbx pbx = new BlockingPbx(1);
        scheduler.register(sync("ldap", pbx, false, Fixtures.directory(3)), hourly());
        CompletableFuture<SyncReport> first = scheduler.runNow("ldap");
        pbx.awaitBlocked();
        assertTrue(scheduler.isRunning("ldap"));
        Instant due = Instant.parse("2026-11-21T02:30:00Z");
        scheduler.fireDue("ldap", due);
        CompletableFuture<SyncReport> second = scheduler.runNow("ldap");
        ExecutionException e = assertThrows(ExecutionException.class, () -> second.get(60, TimeUnit.SECONDS));
        assertInstanceOf(SyncInProgressException.class, e.getCause());
        pbx.release.countDown();
        assertEquals(RunStatus.SUCCEEDED, first.get(60, TimeUnit.SECONDS).getStatus());
        assertTrue(events.contains("skipped ldap at " + due + ": the previous run was still going"), events.toString());
        assertEquals(1, events.stream().filter(s -> s.startsWith("finished")).count(), "exactly one run: " + events);
    }

    @Test
    void aRunThatEndedAfterItsDueTimeMakesTheLateTimerSkip() throws Exception {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        scheduler.register(sync("ldap", pbx, false, Fixtures.directory(1)), hourly());
        scheduler.runNow("ldap").get(60, TimeUnit.SECONDS);
        scheduler.fireDue("ldap", Fixtures.T0.minusSeconds(60));
        assertTrue(events.stream().anyMatch(s -> s.contains("still going at the due time")), events.toString());
    }

    @Test
    void pausedSyncsSkipDueRunsButRunNowWorks() throws Exception {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        InMemoryDirectorySource source = Fixtures.directory(2);
        scheduler.register(sync("ldap", pbx, false, source), hourly());
        scheduler.pause("ldap");
        assertTrue(scheduler.isPaused("ldap"));
        Instant due = Fixtures.T0.plusSeconds(1800);
        scheduler.fireDue("ldap", due);
        assertTrue(events.contains("skipped ldap at " + due + ": the sync is paused"), events.toString());
        assertEquals(0, source.fullListings());
        scheduler.runNow("ldap").get(60, TimeUnit.SECONDS);
        assertEquals(2, pbx.users().size());
        scheduler.resume("ldap");
        assertFalse(scheduler.isPaused("ldap"));
    }

    @Test
    void aDueRunStartsTheSync() throws Exception {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        Synchronizer s = sync("ldap", pbx, false, Fixtures.directory(2));
        scheduler.register(s, hourly());
        scheduler.fireDue("ldap", Fixtures.T0.plusSeconds(1800));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!events.contains("finished ldap SUCCEEDED") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(events.contains("finished ldap SUCCEEDED"), events.toString());
        assertEquals(2, pbx.users().size());
    }

    @Test
    void startSchedulesTheNextDueTimeFromTheClock() {
        scheduler.register(sync("ldap", InMemoryPbxTarget.empty(), false, Fixtures.directory(1)), hourly());
        assertEquals(Optional.empty(), scheduler.nextRun("ldap"));
        scheduler.start();
        assertEquals(Optional.of(Instant.parse("2026-11-21T02:30:00Z")), scheduler.nextRun("ldap"));
        scheduler.register(sync("later", InMemoryPbxTarget.empty(), false, Fixtures.directory(1)), Schedule.disabled());
        assertEquals(Optional.empty(), scheduler.nextRun("later"), "a disabled schedule has no due time");
    }

    @Test
    void shutdownLetsTheCurrentOperationFinishAndStopsTheRun() throws Exception {
        BlockingPbx pbx = new BlockingPbx(2);
        Synchronizer s = sync("ldap", pbx, false, Fixtures.directory(5));
        scheduler.register(s, hourly());
        scheduler.start();
        CompletableFuture<SyncReport> run = scheduler.runNow("ldap");
        pbx.awaitBlocked();
        CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> {
            try {
                return scheduler.shutdown(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!s.isCancelRequested()) {
            Thread.onSpinWait();
        }
        pbx.release.countDown();
        assertTrue(shutdown.get(60, TimeUnit.SECONDS));
        SyncReport report = run.get(60, TimeUnit.SECONDS);
        assertEquals(RunStatus.CANCELLED, report.getStatus());
        assertEquals(2, pbx.pbx.users().size(), "the operation under way finished, nothing after it started");
        assertEquals(Optional.empty(), scheduler.nextRun("ldap"));
        assertThrows(IllegalStateException.class, () -> scheduler.runNow("ldap"));
    }

    @Test
    void theTimerStartsARunWhenItIsDueOnTheSchedulersOwnThreads() throws Exception {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        SyncScheduler own = SyncScheduler.builder().clock(clock).zone(ZoneOffset.UTC).listener(new SchedulerListener() {
            @Override
            public void onRunFinished(String syncName, SyncReport report) {
                finished.countDown();
            }
        }).build();
        try {
            // due one second after the clock's (fixed) now; then hourly
            Schedule soon = Schedule.builder().enabled(true).start(LocalDateTime.of(2026, 11, 21, 1, 0, 1)).everyHours(1).build();
            own.register(sync("ldap", pbx, false, Fixtures.directory(2)), soon);
            own.start();
            assertEquals(Optional.of(Instant.parse("2026-11-21T02:00:01Z")), own.nextRun("ldap"));
            assertTrue(finished.await(60, TimeUnit.SECONDS), "the timer never started the run");
            assertEquals(2, pbx.users().size());
            assertEquals(Optional.of(Instant.parse("2026-11-21T03:00:01Z")), own.nextRun("ldap"));
        } finally {
            assertTrue(own.shutdown(Duration.ofSeconds(60)));
        }
    }
}

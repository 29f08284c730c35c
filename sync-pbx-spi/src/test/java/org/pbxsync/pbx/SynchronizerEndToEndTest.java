package org.pbxsync.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxsync.pbx.Fixtures.directory;
import static org.pbxsync.pbx.Fixtures.mapping;
import static org.pbxsync.pbx.Fixtures.options;
import static org.pbxsync.pbx.Fixtures.person;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.core.plan.SyncPlan;
import org.pbxsync.pbx.Fixtures.MutableClock;
import org.pbxsync.pbx.Fixtures.RecordingSleeper;
import org.pbxsync.pbx.memory.InMemoryDirectorySource;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;
import org.pbxsync.pbx.memory.InjectedFailure;
import org.pbxsync.pbx.memory.SimulatedCrash;

/** Directory to PBX, end to end, with the in-memory directory, the in-memory PBX and a clock tests move. */
class SynchronizerEndToEndTest {
    private final MutableClock clock = Fixtures.clock();
    private final SyncStateStore store = SyncStateStore.inMemory();
    private final InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    private Synchronizer sync(InMemoryDirectorySource source, PlanOptions options) {
        return Synchronizer.builder().source(source).target(pbx).mapping(mapping()).planOptions(options)
                .stateStore(store).clock(clock).sleeper(sleeper).build();
    }

    private Synchronizer sync(InMemoryDirectorySource source) {
        return sync(source, options().build());
    }

    private Map<String, PbxUser> pbxUsers() {
        return pbx.users().stream().collect(Collectors.toMap(PbxUser::getUserId, u -> u));
    }

    private void assertPbxMatchesDirectory(InMemoryDirectorySource source) {
        Map<String, PbxUser> users = pbxUsers();
        assertEquals(source.entries().size(), users.size(), "one PBX user per entry, no duplicates");
        for (DirectoryEntry e : source.entries()) {
            PbxUser u = users.get(e.getId());
            assertTrue(u != null, "user " + e.getId() + " missing");
            assertEquals(Optional.of("ldap-main"), u.getOwner());
            assertEquals(e.getFirst("uid").orElseThrow(), u.getName());
            assertEquals(e.getFirst("cn"), u.get(FieldKey.FULL_NAME));
        }
    }

    @Test
    void firstRunCreatesEveryoneWithOwnerAndFields() {
        InMemoryDirectorySource source = directory(20);
        SyncReport report = sync(source).synchronize();
        assertEquals(RunStatus.SUCCEEDED, report.getStatus());
        assertEquals(RunKind.FULL, report.getKind());
        assertEquals(Optional.of(FullRunReason.NO_CHECKPOINT), report.getFullRunReason());
        assertEquals(20, report.getAppliedCounts().get(OperationType.CREATE));
        assertEquals(20, report.getEntriesRead());
        assertEquals(Fixtures.T0, report.getStartedAt());
        assertEquals(Fixtures.T0, report.getFinishedAt());
        assertPbxMatchesDirectory(source);
        PbxUser u1 = pbxUsers().get("id-1");
        assertEquals(Optional.of("1001"), u1.getExtension());
        assertEquals(Optional.of(Fixtures.SECRET_PIN), u1.get(FieldKey.LOGIN_CODE), "the login code is set on create");
        SyncState state = store.load("ldap-main").orElseThrow();
        assertTrue(state.checkpoint().isPresent());
        assertEquals(Optional.of(Fixtures.T0), state.lastFullRun());
        assertFalse(state.fullRunRequired());
        assertEquals(RunStatus.SUCCEEDED, state.lastRun().orElseThrow().status());
    }

    @Test
    void secondRunIsEmptyIncrementalAndFull() {
        InMemoryDirectorySource source = directory(20);
        Synchronizer sync = sync(source);
        sync.synchronize();
        long writes = pbx.failures().writeCount();
        SyncReport second = sync.synchronize();
        assertEquals(RunKind.INCREMENTAL, second.getKind());
        assertTrue(second.getOutcomes().isEmpty(), second.toString());
        SyncReport full = sync.synchronize(RunOptions.full());
        assertEquals(Optional.of(FullRunReason.REQUESTED), full.getFullRunReason());
        assertTrue(full.getOutcomes().isEmpty(), full.toString());
        assertEquals(20, full.getPlan().getUnchangedCount());
        assertEquals(writes, pbx.failures().writeCount(), "a converged sync writes nothing");
    }

    @Test
    void aChangeUpdatesTheUser() {
        InMemoryDirectorySource source = directory(10);
        Synchronizer sync = sync(source);
        sync.synchronize();
        source.put(person(3).toBuilder().put("cn", List.of("Renamed Person")).build());
        SyncReport report = sync.synchronize();
        assertEquals(RunKind.INCREMENTAL, report.getKind());
        assertEquals(1, report.getEntriesRead());
        assertEquals(1, report.getAppliedCounts().get(OperationType.UPDATE), report.toString());
        assertEquals(Optional.of("Renamed Person"), pbxUsers().get("id-3").get(FieldKey.FULL_NAME));
        assertPbxMatchesDirectory(source);
    }

    @Test
    void aRemovalDeletesInDeleteMode() {
        InMemoryDirectorySource source = directory(10);
        Synchronizer sync = sync(source, options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).build());
        sync.synchronize();
        source.remove("id-4");
        SyncReport report = sync.synchronize();
        assertEquals(1, report.getAppliedCounts().get(OperationType.DELETE), report.toString());
        assertFalse(pbxUsers().containsKey("id-4"));
        assertPbxMatchesDirectory(source);
    }

    @Test
    void aRemovalDisablesInDisableModeAndAReturnEnables() {
        InMemoryDirectorySource source = directory(10);
        Synchronizer sync = sync(source, options().deleteEnabled(true).deleteMode(DeleteMode.DISABLE).build());
        sync.synchronize();
        source.remove("id-4");
        SyncReport report = sync.synchronize();
        assertEquals(1, report.getAppliedCounts().get(OperationType.DISABLE), report.toString());
        assertFalse(pbxUsers().get("id-4").isEnabled());
        assertEquals(10, pbx.users().size(), "the record stays");
        source.put(person(4));
        report = sync.synchronize();
        assertEquals(1, report.getAppliedCounts().get(OperationType.ENABLE), report.toString());
        assertTrue(pbxUsers().get("id-4").isEnabled());
    }

    @Test
    void aMassRemovalIsBlockedUntilExplicitlyAllowed() {
        InMemoryDirectorySource source = directory(20);
        Synchronizer sync = sync(source, options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).build());
        sync.synchronize();
        SyncState before = store.load("ldap-main").orElseThrow();
        for (int i = 1; i <= 10; i++) {
            source.remove("id-" + i);
        }
        long writes = pbx.failures().writeCount();
        SyncReport blocked = sync.synchronize();
        assertEquals(RunStatus.BLOCKED, blocked.getStatus());
        assertFalse(blocked.getBlockReasons().isEmpty());
        assertTrue(blocked.summary().contains("blocked"), blocked.summary());
        assertEquals(10, blocked.getPlannedCounts().get(OperationType.DELETE), "the report shows what would be done");
        assertTrue(blocked.getOutcomes().isEmpty());
        assertEquals(writes, pbx.failures().writeCount(), "a blocked plan writes nothing to the PBX");
        assertEquals(20, pbx.users().size());
        SyncState after = store.load("ldap-main").orElseThrow();
        assertEquals(before.checkpoint(), after.checkpoint(), "a blocked run does not move the checkpoint");
        assertEquals(RunStatus.BLOCKED, after.lastRun().orElseThrow().status());

        assertEquals(RunStatus.BLOCKED, sync.synchronize().getStatus(), "still blocked without an override");
        SyncReport allowed = sync.synchronize(RunOptions.allowDeletes());
        assertEquals(RunStatus.SUCCEEDED, allowed.getStatus(), allowed.toString());
        assertEquals(10, allowed.getAppliedCounts().get(OperationType.DELETE));
        assertPbxMatchesDirectory(source);
    }

    @Test
    void anEmptyListingIsBlocked() {
        InMemoryDirectorySource source = directory(5);
        Synchronizer sync = sync(source, options().deleteEnabled(true).maxDeletePercent(100).build());
        sync.synchronize(RunOptions.full());
        source.remove("id-1", "id-2", "id-3", "id-4", "id-5");
        SyncReport report = sync.synchronize(RunOptions.full());
        assertEquals(RunStatus.BLOCKED, report.getStatus(), report.toString());
        assertEquals(5, pbx.users().stream().filter(PbxUser::isEnabled).count());
        SyncReport allowed = sync.synchronize(RunOptions.full().withAllowEmptySource(true));
        assertEquals(RunStatus.SUCCEEDED, allowed.getStatus(), allowed.toString());
        assertEquals(5, allowed.getAppliedCounts().get(OperationType.DISABLE));
        assertEquals(0, pbx.users().stream().filter(PbxUser::isEnabled).count());
    }

    @Test
    void aCrashHalfWayConvergesOnTheNextRun() {
        InMemoryDirectorySource source = directory(20);
        pbx.failures().failNthWrite(8, InjectedFailure.CRASH);
        assertThrows(SimulatedCrash.class, () -> sync(source).synchronize());
        assertEquals(7, pbx.users().size());
        assertEquals(Optional.empty(), store.load("ldap-main"), "a crashed run saved no state");
        pbx.failures().clear();

        SyncReport recovery = sync(source).synchronize();
        assertEquals(RunStatus.SUCCEEDED, recovery.getStatus(), recovery.toString());
        assertEquals(13, recovery.getAppliedCounts().get(OperationType.CREATE), "only what is missing is created");
        assertPbxMatchesDirectory(source);
        assertTrue(sync(source).synchronize(RunOptions.full()).getOutcomes().isEmpty(), "converged");
    }

    @Test
    void aCrashAfterAWriteLandedConvergesWithoutDuplicates() {
        InMemoryDirectorySource source = directory(20);
        pbx.failures().failNthWrite(8, InjectedFailure.CRASH_AFTER_WRITE);
        assertThrows(SimulatedCrash.class, () -> sync(source).synchronize());
        assertEquals(8, pbx.users().size());
        pbx.failures().clear();
        SyncReport recovery = sync(source).synchronize();
        assertEquals(12, recovery.getAppliedCounts().get(OperationType.CREATE), recovery.toString());
        assertPbxMatchesDirectory(source);
    }

    @Test
    void aCrashInAnIncrementalRunListsTheSameChangesAgain() {
        InMemoryDirectorySource source = directory(20);
        sync(source).synchronize();
        SyncState afterFirst = store.load("ldap-main").orElseThrow();
        for (int i = 1; i <= 5; i++) {
            source.put(person(i).toBuilder().put("cn", List.of("Changed " + i)).build());
        }
        pbx.failures().failNthWrite(3, InjectedFailure.CRASH);
        assertThrows(SimulatedCrash.class, () -> sync(source).synchronize());
        assertEquals(afterFirst, store.load("ldap-main").orElseThrow(), "the checkpoint did not move past unapplied changes");
        pbx.failures().clear();
        SyncReport recovery = sync(source).synchronize();
        assertEquals(RunKind.INCREMENTAL, recovery.getKind());
        assertEquals(5, recovery.getEntriesRead(), "the same five changes are listed again");
        assertEquals(3, recovery.getAppliedCounts().get(OperationType.UPDATE), "two were applied before the crash");
        assertPbxMatchesDirectory(source);
    }

    @Test
    void failuresOnOneInTenWritesAreReportedAndRepairedNextRun() {
        InMemoryDirectorySource source = directory(50);
        pbx.failures().failEveryNthWrite(10, InjectedFailure.PERMANENT);
        SyncReport first = sync(source).synchronize();
        assertEquals(RunStatus.COMPLETED_WITH_FAILURES, first.getStatus());
        assertEquals(45, first.getAppliedCounts().get(OperationType.CREATE));
        assertEquals(5, first.getFailedCounts().get(OperationType.CREATE));
        for (OperationOutcome f : first.getFailures()) {
            assertEquals(OutcomeStatus.FAILED, f.status());
            assertTrue(f.error().orElseThrow().contains("injected PERMANENT"), f.toString());
            assertFalse(f.retryable());
        }
        assertTrue(store.load("ldap-main").orElseThrow().fullRunRequired());
        assertEquals(5, store.load("ldap-main").orElseThrow().lastRun().orElseThrow().failedOperations());
        pbx.failures().clear();

        SyncReport second = sync(source).synchronize();
        assertEquals(Optional.of(FullRunReason.PREVIOUS_RUN_INCOMPLETE), second.getFullRunReason());
        assertEquals(RunStatus.SUCCEEDED, second.getStatus(), second.toString());
        assertEquals(5, second.getAppliedCounts().get(OperationType.CREATE));
        assertPbxMatchesDirectory(source);
        assertFalse(store.load("ldap-main").orElseThrow().fullRunRequired());
    }

    @Test
    void randomFailuresWithASeedAreRepairedNextRun() {
        InMemoryDirectorySource source = directory(100);
        pbx.failures().failRandomly(0.1, 20261121L, InjectedFailure.PERMANENT);
        SyncReport first = sync(source).synchronize();
        int failed = first.getFailures().size();
        assertTrue(failed > 0 && failed < 30, "about 10 of 100 should fail, got " + failed);
        assertEquals(100 - failed, pbx.users().size());
        pbx.failures().clear();
        SyncReport second = sync(source).synchronize();
        assertEquals(failed, second.getAppliedCounts().get(OperationType.CREATE));
        assertPbxMatchesDirectory(source);
    }

    @Test
    void retryableFailuresAreRetriedWithBackoff() {
        InMemoryDirectorySource source = directory(3);
        pbx.failures().failNextWrites(2, InjectedFailure.RETRYABLE);
        SyncReport report = sync(source).synchronize();
        assertEquals(RunStatus.SUCCEEDED, report.getStatus(), report.toString());
        assertEquals(3, report.getOutcomes().get(0).attempts());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeper.delays);
        assertPbxMatchesDirectory(source);
    }

    @Test
    void retriesAreBoundedAndWhatStillFailsIsReportedRetryable() {
        InMemoryDirectorySource source = directory(3);
        pbx.failures().failWritesFor("id-2", InjectedFailure.RETRYABLE);
        SyncReport report = sync(source).synchronize();
        assertEquals(RunStatus.COMPLETED_WITH_FAILURES, report.getStatus());
        OperationOutcome failed = report.getFailures().get(0);
        assertEquals("id-2", failed.operation().getUserId());
        assertEquals(4, failed.attempts());
        assertTrue(failed.retryable());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeper.delays);
        assertEquals(2, pbx.users().size(), "the other users were created");
    }

    @Test
    void aRetryAfterTheWriteLandedDoesNotDuplicate() {
        InMemoryDirectorySource source = directory(3);
        pbx.failures().failNthWrite(1, InjectedFailure.RETRYABLE_AFTER_WRITE);
        SyncReport report = sync(source).synchronize();
        assertEquals(RunStatus.SUCCEEDED, report.getStatus(), report.toString());
        assertEquals(2, report.getOutcomes().get(0).attempts());
        assertPbxMatchesDirectory(source);
    }

    @Test
    void previewWritesNothingNotEvenState() {
        InMemoryDirectorySource source = directory(20);
        SyncPlan plan = sync(source).preview();
        assertEquals(20, plan.counts().get(OperationType.CREATE));
        assertEquals(0, pbx.failures().writeCount());
        assertTrue(pbx.users().isEmpty());
        assertEquals(Optional.empty(), store.load("ldap-main"));
        SyncReport report = sync(source).synchronize();
        assertEquals(plan.getOperations(), report.getPlan().getOperations(), "a preview shows exactly what a sync does");
    }

    @Test
    void previewOfABlockedPlanSaysSo() {
        InMemoryDirectorySource source = directory(20);
        Synchronizer sync = sync(source, options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).build());
        sync.synchronize();
        for (int i = 1; i <= 10; i++) {
            source.remove("id-" + i);
        }
        assertTrue(sync.preview().isBlocked());
        assertFalse(sync.preview(RunOptions.allowDeletes()).isBlocked());
        assertEquals(20, pbx.users().size());
    }

    @Test
    void anExpiredCheckpointFallsBackToAFullRun() {
        InMemoryDirectorySource source = directory(5);
        Synchronizer sync = sync(source);
        sync.synchronize();
        source.expireCheckpoints();
        source.put(person(2).toBuilder().put("cn", List.of("Changed")).build());
        SyncReport report = sync.synchronize();
        assertEquals(RunKind.FULL, report.getKind());
        assertEquals(Optional.of(FullRunReason.CHECKPOINT_EXPIRED), report.getFullRunReason());
        assertTrue(report.getKindExplanation().contains("expired"), report.getKindExplanation());
        assertEquals(1, report.getAppliedCounts().get(OperationType.UPDATE));
        assertEquals(RunKind.INCREMENTAL, sync.synchronize().getKind(), "the full run stored a fresh checkpoint");
    }

    @Test
    void aFullRunIsForcedAfterTheInterval() {
        InMemoryDirectorySource source = directory(5);
        Synchronizer sync = sync(source);
        sync.synchronize();
        clock.advance(Duration.ofHours(23));
        assertEquals(RunKind.INCREMENTAL, sync.synchronize().getKind());
        clock.advance(Duration.ofHours(1));
        SyncReport report = sync.synchronize();
        assertEquals(Optional.of(FullRunReason.FULL_RUN_INTERVAL), report.getFullRunReason());
        assertEquals(Optional.of(clock.instant()), store.load("ldap-main").orElseThrow().lastFullRun());
        clock.advance(Duration.ofHours(1));
        assertEquals(RunKind.INCREMENTAL, sync.synchronize().getKind());
    }

    @Test
    void withoutUserIdFromEntryIdEveryRunIsFull() {
        InMemoryDirectorySource source = directory(5);
        Synchronizer sync = Synchronizer.builder().source(source).target(pbx)
                .mapping(mapping().toBuilder().map(FieldKey.USER_ID, "uid | upper").build())
                .planOptions(options().build()).stateStore(store).clock(clock).build();
        sync.synchronize();
        SyncReport second = sync.synchronize();
        assertEquals(Optional.of(FullRunReason.USER_ID_NOT_FROM_ENTRY_ID), second.getFullRunReason());
        assertTrue(second.getOutcomes().isEmpty());
        assertTrue(pbxUsers().containsKey("USER1"));
    }

    @Test
    void aSourceWithoutChangesRunsFull() {
        InMemoryDirectorySource source = directory(5).supportsChanges(false);
        Synchronizer sync = sync(source);
        // even with no checkpoint stored yet, the reason to give is that the source has no change listing
        assertEquals(Optional.of(FullRunReason.SOURCE_HAS_NO_CHANGES), sync.synchronize().getFullRunReason());
        assertEquals(Optional.of(FullRunReason.SOURCE_HAS_NO_CHANGES), sync.synchronize().getFullRunReason());
        assertEquals(0, source.changeListings());
    }

    @Test
    void anIncompleteListingFailsTheRunAndWritesNothing() {
        InMemoryDirectorySource source = directory(10);
        source.failNextListings(1);
        Synchronizer sync = sync(source);
        assertThrows(IncompleteListingException.class, sync::synchronize);
        assertEquals(0, pbx.failures().writeCount());
        RunSummary last = store.load("ldap-main").orElseThrow().lastRun().orElseThrow();
        assertEquals(RunStatus.FAILED, last.status());
        assertTrue(last.summary().contains("IncompleteListingException"), last.summary());
        assertTrue(store.load("ldap-main").orElseThrow().checkpoint().isEmpty());
        assertEquals(RunStatus.SUCCEEDED, sync.synchronize().getStatus());
    }

    @Test
    void aPbxThatCannotDisableIsNeverSentADisable() {
        InMemoryDirectorySource source = directory(3);
        PbxTarget createOnly = pbx.restrictedTo(CreateUserOp.class, UpdateUserOp.class);
        Synchronizer sync = Synchronizer.builder().source(source).target(createOnly).mapping(mapping())
                .planOptions(options().build()).stateStore(store).clock(clock).build();
        assertFalse(sync.getPlanOptions().getSupportedOperations().contains(OperationType.DISABLE));
        sync.synchronize();
        source.put(person(2).toBuilder().enabled(false).build());
        SyncReport report = sync.synchronize();
        assertEquals(0, report.getPlannedCounts().get(OperationType.DISABLE), report.toString());
        assertTrue(report.getViolations().stream().anyMatch(v -> v.getCode().name().equals("OPERATION_NOT_SUPPORTED")),
                report.getViolations().toString());
        assertTrue(pbxUsers().get("id-2").isEnabled());
    }

    @Test
    void usersMadeByHandAreNeverTouchedAndCollisionsAreReported() {
        pbx.putUserByHand(PbxUser.builder().userId("hand-1").putFields(FieldKey.NAME, "user3")
                .putFields(FieldKey.EXTENSION, "9999").build());
        InMemoryDirectorySource source = directory(5);
        SyncReport report = sync(source, options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).build()).synchronize();
        assertEquals(4, report.getAppliedCounts().get(OperationType.CREATE), report.toString());
        assertTrue(report.getViolations().stream().anyMatch(v -> v.getEntryReference().contains("user3")),
                report.getViolations().toString());
        PbxUser hand = pbxUsers().get("hand-1");
        assertEquals(Optional.empty(), hand.getOwner());
        assertEquals("user3", hand.getName());
    }

    @Test
    void runReportsAndStateNeverShowSecrets() throws Exception {
        InMemoryDirectorySource source = directory(5);
        pbx.failures().failNthWrite(2, InjectedFailure.PERMANENT);
        SyncReport report = sync(source).synchronize();
        assertFalse(report.toString().contains(Fixtures.SECRET_PIN));
        assertFalse(report.getOutcomes().toString().contains(Fixtures.SECRET_PIN));
        assertFalse(report.getPlan().toString().contains(Fixtures.SECRET_PIN));
        assertFalse(store.load("ldap-main").toString().contains(Fixtures.SECRET_PIN));
        java.nio.file.Path log = java.nio.file.Path.of("target", "sync-pbx-spi-test.log");
        if (java.nio.file.Files.exists(log)) {
            String text = java.nio.file.Files.readString(log);
            assertTrue(text.contains("ldap-main"), "the test log is written");
            assertFalse(text.contains(Fixtures.SECRET_PIN), "a login code appeared in the log");
        } else {
            System.err.println("SynchronizerEndToEndTest: " + log.toAbsolutePath()
                    + " not found (slf4j-simple did not pick up simplelogger.properties); the log check was not made");
        }
    }

    @Test
    void theListenerSeesPhasesAndCountsInOrder() {
        InMemoryDirectorySource source = directory(4);
        List<SyncProgress> events = new java.util.ArrayList<>();
        List<OperationOutcome> outcomes = new java.util.ArrayList<>();
        SyncReport[] finished = new SyncReport[1];
        Synchronizer sync = Synchronizer.builder().source(source).target(pbx).mapping(mapping())
                .planOptions(options().build()).stateStore(store).clock(clock).listener(new SyncListener() {
                    @Override
                    public void onProgress(SyncProgress p) {
                        events.add(p);
                    }

                    @Override
                    public void onOperation(OperationOutcome o) {
                        outcomes.add(o);
                        throw new IllegalStateException("a broken listener must not stop the run");
                    }

                    @Override
                    public void onFinished(SyncReport r) {
                        finished[0] = r;
                    }
                }).build();
        SyncReport report = sync.synchronize();
        assertEquals(RunStatus.SUCCEEDED, report.getStatus());
        assertEquals(report, finished[0]);
        assertEquals(4, outcomes.size());
        List<SyncPhase> phases = events.stream().map(SyncProgress::phase).distinct().toList();
        assertEquals(List.of(SyncPhase.STARTED, SyncPhase.READING_DIRECTORY, SyncPhase.READING_PBX, SyncPhase.PLANNED,
                SyncPhase.APPLYING, SyncPhase.FINISHED), phases);
        List<Integer> applying = events.stream().filter(e -> e.phase() == SyncPhase.APPLYING).map(SyncProgress::done).toList();
        assertEquals(List.of(0, 1, 2, 3, 4), applying);
        assertTrue(events.stream().anyMatch(e -> e.phase() == SyncPhase.READING_DIRECTORY && e.done() == 4));
        assertTrue(events.stream().filter(e -> e.phase() == SyncPhase.APPLYING).allMatch(e -> e.total() == 4));
    }

    @Test
    void cancellingStopsBetweenOperationsAndTheNextRunFinishes() {
        InMemoryDirectorySource source = directory(20);
        Synchronizer[] holder = new Synchronizer[1];
        Synchronizer sync = Synchronizer.builder().source(source).target(pbx).mapping(mapping())
                .planOptions(options().build()).stateStore(store).clock(clock).listener(new SyncListener() {
                    @Override
                    public void onOperation(OperationOutcome o) {
                        if (o.operation().getUserId().equals("id-13")) {
                            assertTrue(holder[0].cancel());
                        }
                    }
                }).build();
        holder[0] = sync;
        SyncReport report = sync.synchronize();
        assertEquals(RunStatus.CANCELLED, report.getStatus());
        int applied = report.getOutcomes(OutcomeStatus.APPLIED).size();
        assertEquals(applied, pbx.users().size());
        assertEquals(20 - applied, report.getOutcomes(OutcomeStatus.SKIPPED).size());
        assertTrue(applied > 0 && applied < 20);
        assertFalse(sync.cancel(), "no run is going any more");
        assertTrue(store.load("ldap-main").orElseThrow().checkpoint().isEmpty(), "a cancelled run keeps the old checkpoint");
        SyncReport next = sync.synchronize();
        assertEquals(20 - applied, next.getAppliedCounts().get(OperationType.CREATE));
        assertPbxMatchesDirectory(source);
    }

    @Test
    void explainSaysWhatWouldHappenToOneUserAndWritesNothing() {
        InMemoryDirectorySource source = directory(5);
        Synchronizer sync = sync(source);
        org.pbxsync.core.plan.Explanation why = sync.explain("id-3");
        assertTrue(why.isFound(), why.toString());
        assertEquals(Optional.of("id-3"), why.getUserId());
        assertFalse(why.toString().contains(Fixtures.SECRET_PIN), why.toString());
        assertFalse(sync.explain("nobody-at-all").isFound());
        assertTrue(pbx.users().isEmpty());
        assertEquals(Optional.empty(), sync.lastRun());
        sync.synchronize();
        assertEquals(RunStatus.SUCCEEDED, sync.lastRun().orElseThrow().status());
    }

    @Test
    void aCorruptStateFileStopsTheRunAndIsLeftAsItIs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        SyncStateStore files = SyncStateStore.inDirectory(dir);
        InMemoryDirectorySource source = directory(5);
        Synchronizer sync = Synchronizer.builder().source(source).target(pbx).mapping(mapping())
                .planOptions(options().build()).stateStore(files).clock(clock).build();
        sync.synchronize();
        java.nio.file.Path file = dir.resolve("ldap-main.state");
        java.nio.file.Files.writeString(file, "format=1\nsyncName=ldap-main\n");
        long writes = pbx.failures().writeCount();
        SyncStateException e = assertThrows(SyncStateException.class, sync::synchronize);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("format=1\nsyncName=ldap-main\n", java.nio.file.Files.readString(file), "never reset silently");
        assertEquals(writes, pbx.failures().writeCount());
        assertThrows(SyncStateException.class, sync::preview);
    }
}

package org.pbxsync.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.core.validation.ViolationCode;
import org.pbxsync.pbx.memory.InMemoryDirectorySource;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;
import org.pbxsync.pbx.memory.InjectedFailure;

/**
 * A PBX writer that fails 10% of writes at random, times out, or rejects a write as a
 * uniqueness conflict: each run ends with a report that lists every failure, nothing changes on
 * the PBX that the report does not list, and the next run leaves the PBX as one clean run
 * would. {@code -Dreliability.iterations=N} raises the number of seeds (default 8).
 */
class PbxWriterFaultTest {
    static final long SEED = Long.getLong("prop.seed", 20261121L);
    static final int SEEDS = Integer.getInteger("reliability.iterations", 8);
    static final int USERS = 60;

    static Synchronizer sync(InMemoryDirectorySource source, PbxTarget target, SyncStateStore store) {
        return Synchronizer.builder().source(source).target(target).mapping(Fixtures.mapping())
                .planOptions(Fixtures.options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).maxDeletePercent(100)
                        .build())
                .stateStore(store).sleeper(d -> { }).build();
    }

    static Map<String, PbxUser> users(InMemoryPbxTarget pbx) {
        Map<String, PbxUser> m = new TreeMap<>();
        pbx.users().forEach(u -> m.put(u.getUserId(), u));
        return m;
    }

    static Map<String, PbxUser> reference(long seed) {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        SyncStateStore store = SyncStateStore.inMemory();
        assertTrue(sync(SyncChild.directory(1, USERS, seed), pbx, store).synchronize().isSuccess());
        assertTrue(sync(SyncChild.directory(2, USERS, seed), pbx, store).synchronize().isSuccess());
        return users(pbx);
    }

    /**
     * The PBX equals the clean run's, except that a user whose create failed and whose account was
     * disabled in the directory before the repair run may be absent where the clean history holds
     * it disabled: a disabled account is never created (DisabledAccountPolicy.DISABLE_ON_PBX).
     */
    static void assertSame(Map<String, PbxUser> expected, Map<String, PbxUser> actual, String context) {
        Set<String> differ = changed(expected, actual);
        differ.removeIf(id -> actual.get(id) == null && expected.get(id) != null && !expected.get(id).isEnabled());
        if (!differ.isEmpty()) {
            StringBuilder sb = new StringBuilder(context + ": " + differ.size() + " users differ from the clean run:");
            for (String id : new java.util.TreeSet<>(differ)) {
                sb.append("\n  ").append(id).append(" expected ").append(expected.get(id)).append("\n  ")
                        .append(id).append(" actual   ").append(actual.get(id));
            }
            throw new AssertionError(sb.toString());
        }
    }

    /** Users whose record differs between two PBX states. */
    static Set<String> changed(Map<String, PbxUser> before, Map<String, PbxUser> after) {
        Set<String> ids = new HashSet<>(before.keySet());
        ids.addAll(after.keySet());
        ids.removeIf(id -> java.util.Objects.equals(before.get(id), after.get(id)));
        return ids;
    }

    static void assertOnlyReportedUsersChanged(Map<String, PbxUser> before, Map<String, PbxUser> after, SyncReport r) {
        Set<String> reported = new HashSet<>();
        r.getOutcomes().stream().filter(o -> o.status() != OutcomeStatus.SKIPPED)
                .forEach(o -> reported.add(o.operation().getUserId()));
        Set<String> changed = changed(before, after);
        changed.removeAll(reported);
        changed.removeIf(id -> id.startsWith("hand-"));
        assertEquals(Set.of(), changed, "users changed on the PBX without an outcome in the report");
        for (OperationOutcome o : r.getFailures()) {
            assertTrue(o.error().isPresent() && !o.error().get().isBlank(), o.toString());
        }
    }

    @Test
    void tenPercentOfWritesFailingAtRandomConvergeToTheCleanResult() {
        SplittableRandom r = new SplittableRandom(SEED);
        InjectedFailure[] kinds = {InjectedFailure.RETRYABLE, InjectedFailure.RETRYABLE_AFTER_WRITE,
            InjectedFailure.PERMANENT};
        int failures = 0;
        int runs = 0;
        int injected = 0;
        for (int i = 0; i < SEEDS; i++) {
            long seed = r.nextLong();
            InjectedFailure kind = kinds[i % kinds.length];
            InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
            SyncStateStore store = SyncStateStore.inMemory();
            for (int phase = 1; phase <= 2; phase++) {
                Map<String, PbxUser> before = users(pbx);
                pbx.failures().clear().failRandomly(0.10, seed + phase, kind);
                SyncReport faulty = sync(SyncChild.directory(phase, USERS, seed), pbx, store)
                        .synchronize();
                runs++;
                failures += faulty.getFailures().size();
                assertOnlyReportedUsersChanged(before, users(pbx), faulty);
            }
            injected += pbx.failures().injectedCount();
            pbx.failures().clear();
            SyncReport repair = sync(SyncChild.directory(2, USERS, seed), pbx, store).synchronize();
            assertTrue(repair.isSuccess(), repair.toString());
            assertSame(reference(seed), users(pbx), "seed " + seed + " kind " + kind + ", last report " + repair);
        }
        System.out.println("reliability: PBX writer failing 10% of writes: " + runs + " faulty runs, " + injected
                + " injected failures, " + failures + " failed operations reported (the rest retried); every next run converged to the clean result");
        assertTrue(failures > 0);
    }

    /** Delegates to an in-memory PBX; {@code beforeWrite} runs before the n-th write may change the world. */
    static final class Wrapped implements PbxTarget, CreateUserOp, UpdateUserOp, DeleteUserOp, DisableUserOp {
        final InMemoryPbxTarget pbx;
        final AtomicInteger writes = new AtomicInteger();
        volatile Consumer<PlannedOperation> beforeWrite = op -> { };
        volatile Consumer<PlannedOperation> afterWrite = op -> { };

        Wrapped(InMemoryPbxTarget pbx) {
            this.pbx = pbx;
        }

        @Override
        public String spiVersion() {
            return pbx.spiVersion();
        }

        @Override
        public String describe() {
            return "wrapped " + pbx.describe();
        }

        @Override
        public PbxSnapshot read() {
            return pbx.read();
        }

        private void write(PlannedOperation op, Consumer<PlannedOperation> w) {
            writes.incrementAndGet();
            beforeWrite.accept(op);
            w.accept(op);
            afterWrite.accept(op);
        }

        @Override
        public void createUser(PlannedOperation op) {
            write(op, pbx::createUser);
        }

        @Override
        public void updateUser(PlannedOperation op) {
            write(op, pbx::updateUser);
        }

        @Override
        public void deleteUser(PlannedOperation op) {
            write(op, pbx::deleteUser);
        }

        @Override
        public void disableUser(PlannedOperation op) {
            write(op, pbx::disableUser);
        }

        @Override
        public void enableUser(PlannedOperation op) {
            write(op, pbx::enableUser);
        }
    }

    @Test
    void aWriteThatTimesOutAfterWritingStopsTheRunAndTheNextRunConverges() {
        for (boolean wroteFirst : new boolean[] {true, false}) {
            long seed = SEED + (wroteFirst ? 1 : 2);
            Wrapped target = new Wrapped(InMemoryPbxTarget.empty());
            SyncStateStore store = SyncStateStore.inMemory();
            AtomicInteger n = new AtomicInteger();
            Consumer<PlannedOperation> timeout = op -> {
                if (n.incrementAndGet() == 17) {
                    throw new ConnectionFailedException("PBX write timed out after 30 s (no reply)");
                }
            };
            if (wroteFirst) {
                target.afterWrite = timeout;
            } else {
                target.beforeWrite = timeout;
            }
            Map<String, PbxUser> before = users(target.pbx);
            SyncReport r = sync(SyncChild.directory(1, USERS, seed), target, store).synchronize();
            assertFalse(r.isSuccess());
            assertTrue(r.getFailures().stream().anyMatch(o -> o.error().orElse("").contains("timed out")), r.toString());
            assertOnlyReportedUsersChanged(before, users(target.pbx), r);
            assertTrue(r.getOutcomes(OutcomeStatus.APPLIED).size() >= 16, r.summary());
            target.afterWrite = op -> { };
            target.beforeWrite = op -> { };
            assertTrue(sync(SyncChild.directory(1, USERS, seed), target, store).synchronize().isSuccess());
            assertTrue(sync(SyncChild.directory(2, USERS, seed), target, store).synchronize().isSuccess());
            assertSame(reference(seed), users(target.pbx), "wrote first: " + wroteFirst);
        }
    }

    @Test
    void aUniquenessConflictRaisedByThePbxFailsOneOperationAndIsReportedNextTimeWithoutDuplicates() {
        Wrapped target = new Wrapped(InMemoryPbxTarget.empty());
        SyncStateStore store = SyncStateStore.inMemory();
        PbxUser byHand = PbxUser.builder().userId("hand-1").putFields(FieldKey.NAME, "user7")
                .putFields(FieldKey.EXTENSION, "9999").build();
        target.beforeWrite = op -> {
            if (op.getUserId().equals("id-7")) {
                target.pbx.putUserByHand(byHand); // an administrator was quicker
            }
        };
        Map<String, PbxUser> before = users(target.pbx);
        SyncReport r = sync(SyncChild.directory(1, USERS, SEED), target, store).synchronize();
        assertEquals(RunStatus.COMPLETED_WITH_FAILURES, r.getStatus(), r.toString());
        assertEquals(List.of("id-7"), r.getFailures().stream().map(o -> o.operation().getUserId()).toList());
        assertTrue(r.getFailures().get(0).error().orElseThrow().toLowerCase().contains("user7"), r.toString());
        assertOnlyReportedUsersChanged(before, users(target.pbx), r);
        assertEquals(USERS, users(target.pbx).size(), "59 created plus the hand-made user");

        target.beforeWrite = op -> { };
        SyncReport next = sync(SyncChild.directory(1, USERS, SEED), target, store).synchronize();
        assertTrue(next.getViolations().stream().anyMatch(v -> v.getCode() == ViolationCode.NAME_TAKEN
                && v.getUserId().map("id-7"::equals).orElse(false)), next.getViolations().toString());
        assertEquals(byHand, target.pbx.user("hand-1").orElseThrow(), "the hand-made user is never touched");
        assertEquals(USERS, users(target.pbx).size(), "no duplicate");
        assertTrue(next.getPlan().getOperations().isEmpty(), next.getPlan().toString());
    }
}

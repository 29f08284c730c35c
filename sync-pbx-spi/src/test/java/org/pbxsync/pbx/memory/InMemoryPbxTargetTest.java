package org.pbxsync.pbx.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.RetryableException;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxSystem;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.pbx.Capabilities;
import org.pbxsync.pbx.CreateUserOp;
import org.pbxsync.pbx.DisableUserOp;
import org.pbxsync.pbx.PbxConflictException;
import org.pbxsync.pbx.PbxTarget;

class InMemoryPbxTargetTest {
    static PbxUser user(String id, String name, String ext) {
        return PbxUser.builder().userId(id).owner("s").putFields(FieldKey.NAME, name).putFields(FieldKey.EXTENSION, ext)
                .build();
    }

    static PlannedOperation create(PbxUser u) {
        return PlannedOperation.builder().type(OperationType.CREATE).userId(u.getUserId()).name(u.getName()).after(u).build();
    }

    @Test
    void namesAreUniqueIgnoringCaseAndExtensionsExactly() {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        pbx.createUser(create(user("a", "Alice", "100")));
        PbxConflictException e = assertThrows(PbxConflictException.class, () -> pbx.createUser(create(user("b", "ALICE", "101"))));
        assertEquals(Optional.of(FieldKey.NAME), e.getField());
        assertTrue(e.getMessage().contains("'ALICE'") && e.getMessage().contains("user a"), e.getMessage());
        e = assertThrows(PbxConflictException.class, () -> pbx.createUser(create(user("b", "Bob", "100"))));
        assertEquals(Optional.of(FieldKey.EXTENSION), e.getField());
        assertEquals(1, pbx.users().size());
    }

    @Test
    void aRenameOrExtensionChangeFreesTheOldValue() {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        PbxUser alice = user("a", "Alice", "100");
        pbx.createUser(create(alice));
        PbxUser renamed = PbxUser.builder().from(alice).putFields(FieldKey.NAME, "Alicia").putFields(FieldKey.EXTENSION, "101")
                .build();
        pbx.updateUser(PlannedOperation.builder().type(OperationType.UPDATE).userId("a").name("Alicia").before(alice)
                .after(renamed).addChanges(org.pbxsync.core.plan.FieldChange.builder().field(FieldKey.NAME)
                        .oldValue("Alice").newValue("Alicia").build(),
                        org.pbxsync.core.plan.FieldChange.builder().field(FieldKey.EXTENSION).oldValue("100").newValue("101")
                        .build()).build());
        pbx.createUser(create(user("b", "alice", "100")));
        assertEquals(2, pbx.users().size());
        assertThrows(PbxConflictException.class, () -> pbx.createUser(create(user("c", "ALICIA", "102"))));
        assertThrows(PbxConflictException.class, () -> pbx.createUser(create(user("c", "Carol", "101"))));
        assertEquals(List.of("a", "b"), pbx.users().stream().map(PbxUser::getUserId).toList(), "order is creation order");
    }

    @Test
    void unknownGroupAndSystemAreRefusedNamingTheField() {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.builder().groups("Sales")
                .system(PbxSystem.builder().name("main").primary(true).build()).build();
        PbxUser withGroup = PbxUser.builder().from(user("a", "A", "1")).addGroups("Nope").build();
        SyncException e = assertThrows(SyncException.class, () -> pbx.createUser(create(withGroup)));
        assertTrue(e.getMessage().contains("groups") && e.getMessage().contains("'Nope'"), e.getMessage());
        PbxUser withSystem = PbxUser.builder().from(user("a", "A", "1")).system("branch").build();
        e = assertThrows(SyncException.class, () -> pbx.createUser(create(withSystem)));
        assertTrue(e.getMessage().contains("systemName") && e.getMessage().contains("'branch'"), e.getMessage());
        assertTrue(pbx.users().isEmpty());
    }

    @Test
    void clashingInitialUsersAreRefused() {
        assertThrows(PbxConflictException.class, () -> InMemoryPbxTarget.builder().user(user("a", "A", "1"))
                .user(user("b", "B", "1")).build());
    }

    @Test
    void nthWriteFailsOnceAndNothingIsWritten() {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        pbx.failures().failNthWrite(2, InjectedFailure.PERMANENT);
        pbx.createUser(create(user("a", "A", "1")));
        SyncException e = assertThrows(SyncException.class, () -> pbx.createUser(create(user("b", "B", "2"))));
        assertTrue(e.getMessage().contains("injected PERMANENT") && e.getMessage().contains("user b"), e.getMessage());
        assertTrue(pbx.user("b").isEmpty());
        pbx.createUser(create(user("b", "B", "2")));
        assertTrue(pbx.user("b").isPresent());
        assertEquals(3, pbx.failures().writeCount());
        assertEquals(1, pbx.failures().injectedCount());
    }

    @Test
    void retryableAfterWriteWritesThenThrows() {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        pbx.failures().failNextWrites(1, InjectedFailure.RETRYABLE_AFTER_WRITE);
        assertThrows(RetryableException.class, () -> pbx.createUser(create(user("a", "A", "1"))));
        assertTrue(pbx.user("a").isPresent(), "the write landed before the failure");
        pbx.createUser(create(user("a", "A", "1")));
        assertEquals(1, pbx.users().size(), "a repeated create is idempotent");
    }

    @Test
    void crashIsAnErrorNotASyncException() {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        pbx.failures().failWritesFor("b", InjectedFailure.CRASH);
        pbx.createUser(create(user("a", "A", "1")));
        Throwable t = assertThrows(Throwable.class, () -> pbx.createUser(create(user("b", "B", "2"))));
        assertInstanceOf(SimulatedCrash.class, t);
        assertTrue(pbx.user("b").isEmpty());
        pbx.failures().clear();
        pbx.createUser(create(user("b", "B", "2")));
        assertTrue(pbx.user("b").isPresent());
    }

    @Test
    void randomFailuresAreReproducibleForASeed() {
        List<Boolean> first = randomOutcomes(42);
        assertEquals(first, randomOutcomes(42));
        long failed = first.stream().filter(b -> !b).count();
        assertTrue(failed > 5 && failed < 40, "about 1 in 5 of 100 writes should fail, got " + failed);
    }

    private static List<Boolean> randomOutcomes(long seed) {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        pbx.failures().failRandomly(0.2, seed, InjectedFailure.RETRYABLE);
        List<Boolean> ok = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            try {
                pbx.createUser(create(user("u" + i, "U" + i, Integer.toString(1000 + i))));
                ok.add(true);
            } catch (RetryableException e) {
                ok.add(false);
            }
        }
        return ok;
    }

    @Test
    void everyNthWriteFails() {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        pbx.failures().failEveryNthWrite(3, InjectedFailure.PERMANENT);
        int failed = 0;
        for (int i = 0; i < 9; i++) {
            try {
                pbx.createUser(create(user("u" + i, "U" + i, Integer.toString(1000 + i))));
            } catch (SyncException e) {
                failed++;
                assertFalse(pbx.user("u" + i).isPresent());
                assertEquals(2, i % 3, "writes 3, 6 and 9 fail");
            }
        }
        assertEquals(3, failed);
    }

    @Test
    void restrictedViewImplementsOnlyTheChosenCapabilities() {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        PbxTarget view = pbx.restrictedTo(CreateUserOp.class);
        assertEquals(java.util.Set.of(OperationType.CREATE), Capabilities.of(view));
        assertFalse(view instanceof DisableUserOp);
        ((CreateUserOp) view).createUser(create(user("a", "A", "1")));
        assertEquals(1, view.read().getUsers().size());
        assertTrue(pbx.user("a").isPresent(), "the view shares the PBX's state");
        assertTrue(view.describe().contains("CreateUserOp"));
        assertThrows(IllegalArgumentException.class, () -> pbx.restrictedTo(org.pbxsync.pbx.PbxOperation.class));
    }

    @Test
    void concurrentCreatesKeepNamesUnique() throws Exception {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    try {
                        pbx.createUser(create(user("u" + n, "Same" + (n % 50), Integer.toString(1000 + n))));
                        return true;
                    } catch (PbxConflictException e) {
                        return false;
                    }
                }));
            }
            int ok = 0;
            for (Future<Boolean> f : results) {
                ok += f.get() ? 1 : 0;
            }
            assertEquals(50, ok, "exactly one user per distinct name may be created");
            assertEquals(50, pbx.users().size());
        } finally {
            pool.shutdownNow();
        }
    }
}

package org.pbxsync.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxsync.core.plan.Fixtures.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.validation.ViolationCode;

/** Guards (item 4) and incremental input (item 5). */
class PlannerGuardsTest {

    private static PbxSnapshot ownedUsers(int n) {
        List<PbxUser> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(owned(String.format("u%03d", i), "User " + i, null));
        }
        return PbxSnapshot.builder().users(users).build();
    }

    /** The directory keeps the first {@code keep} of the owned users. */
    private static List<MappedUser> keep(int keep) {
        List<MappedUser> dir = new ArrayList<>();
        for (int i = 0; i < keep; i++) {
            dir.add(user(String.format("u%03d", i), "User " + i));
        }
        return dir;
    }

    @Test
    void anEmptyListingIsBlockedUnlessAllowed() {
        Planner p = Planner.create(options().deleteEnabled(true).allowDeletesOverThreshold(true).build());
        SyncPlan blocked = p.plan(List.of(), ownedUsers(3));
        assertTrue(blocked.isBlocked());
        assertEquals(1, blocked.getBlockReasons().size());
        assertTrue(blocked.getBlockReasons().get(0).contains("allowEmptySource(true)"), blocked.getBlockReasons().toString());
        assertTrue(blocked.getBlockReasons().get(0).contains("all 3 users"));
        assertEquals(3, blocked.counts().get(OperationType.DISABLE), "a blocked plan still shows what it would do");
        assertFalse(Planner.create(p.options().withAllowEmptySource(true)).plan(List.of(), ownedUsers(3)).isBlocked());
        assertTrue(planner().plan(List.of(), snapshot()).isBlocked(), "even with nothing to remove");
        assertFalse(planner().plan(List.of(user("u1", "Ann")), snapshot()).isBlocked());
    }

    @Test
    void maxDeletesBoundary() {
        Planner p = Planner.create(options().deleteEnabled(true).maxDeletes(3).maxDeletePercent(100).build());
        SyncPlan atLimit = p.plan(keep(7), ownedUsers(10));
        assertEquals(3, atLimit.counts().get(OperationType.DISABLE));
        assertFalse(atLimit.isBlocked(), atLimit.getBlockReasons()::toString);
        SyncPlan over = p.plan(keep(6), ownedUsers(10));
        assertEquals(1, over.getBlockReasons().size());
        String reason = over.getBlockReasons().get(0);
        assertTrue(reason.contains("4 users") && reason.contains("maxDeletes=3") && reason.contains("allowDeletesOverThreshold(true)"), reason);
        assertFalse(Planner.create(p.options().withAllowDeletesOverThreshold(true)).plan(keep(6), ownedUsers(10)).isBlocked());
        assertTrue(Planner.create(p.options().withMaxDeletes(0)).plan(keep(9), ownedUsers(10)).isBlocked(), "0 blocks any delete");
    }

    @Test
    void maxDeletePercentBoundaryCountsDeletesAndDisables() {
        Planner p = Planner.create(options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).maxDeletePercent(20).build());
        SyncPlan atLimit = p.plan(keep(8), ownedUsers(10));
        assertEquals(2, atLimit.counts().get(OperationType.DELETE));
        assertFalse(atLimit.isBlocked(), "exactly 20 % is allowed");
        List<MappedUser> dir = keep(8);
        dir.set(7, disabled(dir.get(7)));
        SyncPlan over = p.plan(dir, ownedUsers(10));
        assertEquals(2, over.counts().get(OperationType.DELETE));
        assertEquals(1, over.counts().get(OperationType.DISABLE));
        assertEquals(1, over.getBlockReasons().size());
        assertTrue(over.getBlockReasons().get(0).contains("3 of the 10") && over.getBlockReasons().get(0).contains("maxDeletePercent=20%"),
                over.getBlockReasons().toString());
    }

    @Test
    void bothThresholdsCanBlockAtOnce() {
        Planner p = Planner.create(options().deleteEnabled(true).maxDeletes(1).maxDeletePercent(10).build());
        assertEquals(2, p.plan(keep(5), ownedUsers(10)).getBlockReasons().size());
    }

    @Test
    void incrementalPlansOnlyTheChangeSetButChecksUniquenessAgainstTheWholePbx() {
        PbxSnapshot s = PbxSnapshot.builder().from(ownedUsers(5))
                .addUsers(owned("old", "Ann", "201"), pbx("h", null, "Hand", "202")).build();
        Planner p = Planner.create(options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).maxDeletePercent(100).build());
        SyncPlan plan = p.planChanges(List.of(user("n1", "Ann"), user("n2", "Bea", FieldKey.EXTENSION, "202"),
                user("n3", "Cid", FieldKey.EXTENSION, "201"), user("u001", "User 1 renamed")), Set.of("u004", "h", "nobody"), s);
        assertTrue(plan.isIncremental());
        assertFalse(plan.isBlocked(), "no empty-source guard for a change set: " + plan.getBlockReasons());
        assertEquals(List.of("u004"), ids(plan, OperationType.DELETE), "a foreign or unknown removed id is ignored");
        assertEquals(List.of("u001"), ids(plan, OperationType.UPDATE));
        assertEquals(List.of(), ids(plan, OperationType.CREATE));
        assertEquals(ViolationCode.DUPLICATE_NAME, plan.getViolations().stream()
                .filter(v -> v.getUserId().get().equals("n1")).findFirst().get().getCode(), "'Ann' is held by an owned user outside the change set");
        assertEquals(1, violations(plan, ViolationCode.EXTENSION_TAKEN).size());
        assertEquals(1, violations(plan, ViolationCode.DUPLICATE_EXTENSION).size());
        assertTrue(p.planChanges(List.of(), Set.of(), s).isEmpty());
    }

    @Test
    void incrementalRemovalsAreGuarded() {
        Planner p = Planner.create(options().deleteEnabled(true).maxDeletes(1).build());
        SyncPlan plan = p.planChanges(List.of(), Set.of("u000", "u001"), ownedUsers(20));
        assertEquals(2, plan.counts().get(OperationType.DISABLE));
        assertTrue(plan.isBlocked());
    }

    @Test
    void anIdBothUpsertedAndRemovedIsTreatedAsUpserted() {
        Planner p = Planner.create(options().deleteEnabled(true).build());
        SyncPlan plan = p.planChanges(List.of(user("u000", "Renamed")), Set.of("u000"), ownedUsers(3));
        assertEquals(List.of(OperationType.UPDATE), plan.getOperations().stream().map(PlannedOperation::getType).toList());
    }
}

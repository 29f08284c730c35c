package org.pbxsync.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxsync.core.plan.Fixtures.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.mapping.MappedField;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.validation.Severity;
import org.pbxsync.core.validation.Violation;
import org.pbxsync.core.validation.ViolationCode;

/** Item 4: the planner's rules. */
class PlannerRulesTest {

    private static List<OperationType> types(SyncPlan plan) {
        return plan.getOperations().stream().map(PlannedOperation::getType).toList();
    }

    @Test
    void createsUpdatesAndLeavesMatchingUsersAlone() {
        PbxUser bob = PbxUser.builder().from(owned("u2", "Bob", "202")).putFields(FieldKey.EMAIL, "old@x").build();
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.EXTENSION, "201"),
                user("u2", "Bob", FieldKey.EXTENSION, "202", FieldKey.EMAIL, "bob@x"),
                user("u3", "Cat", FieldKey.EXTENSION, "203")), snapshot(bob, owned("u3", "Cat", "203")));
        assertEquals(List.of(OperationType.UPDATE, OperationType.CREATE), types(plan));
        PlannedOperation up = op(plan, OperationType.UPDATE, "u2");
        assertEquals(1, up.getChanges().size());
        assertEquals(FieldKey.EMAIL, up.getChanges().get(0).getField());
        assertEquals(Optional.of("old@x"), up.getChanges().get(0).getOldValue());
        assertEquals(Optional.of("bob@x"), up.getChanges().get(0).getNewValue());
        assertEquals(Optional.of(bob), up.getBefore());
        assertEquals(1, plan.getUnchangedCount());
        PbxUser ann = op(plan, OperationType.CREATE, "u1").getAfter().orElseThrow();
        assertEquals(Optional.of(SYNC), ann.getOwner());
        assertTrue(ann.isEnabled());
        assertEquals(Optional.of("201"), ann.getExtension());
    }

    @Test
    void createUpdateAndDeleteSwitchSeparately() {
        List<MappedUser> dir = List.of(user("new", "New"), user("old", "Renamed"));
        PbxSnapshot s = snapshot(owned("old", "Old", null), owned("gone", "Gone", null), owned("x1", "X1", null),
                owned("x2", "X2", null), owned("x3", "X3", null), owned("x4", "X4", null));
        List<MappedUser> all = new ArrayList<>(dir);
        for (int i = 1; i <= 4; i++) {
            all.add(user("x" + i, "X" + i));
        }
        PlanOptions base = options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).build();
        assertEquals(List.of(OperationType.DELETE, OperationType.UPDATE, OperationType.CREATE),
                types(Planner.create(base).plan(all, s)));
        assertEquals(List.of(OperationType.DELETE, OperationType.UPDATE),
                types(Planner.create(base.withCreateEnabled(false)).plan(all, s)));
        assertEquals(List.of(OperationType.DELETE, OperationType.CREATE),
                types(Planner.create(base.withUpdateEnabled(false)).plan(all, s)));
        assertEquals(List.of(OperationType.UPDATE, OperationType.CREATE),
                types(Planner.create(base.withDeleteEnabled(false)).plan(all, s)));
        assertEquals(List.of(OperationType.UPDATE, OperationType.CREATE), types(planner().plan(all, s)),
                "delete is off by default");
    }

    @Test
    void deleteModeDisableDisablesOnceAndReenablesWhenTheEntryReturns() {
        Planner p = Planner.create(options().deleteEnabled(true).maxDeletePercent(100).build());
        PbxSnapshot s0 = snapshot(owned("u1", "Ann", "201"), owned("u2", "Bob", "202"));
        SyncPlan p1 = p.plan(List.of(user("u2", "Bob", FieldKey.EXTENSION, "202")), s0);
        assertEquals(List.of(OperationType.DISABLE), types(p1));
        PbxSnapshot s1 = applyToSnapshot(p1, s0);
        assertTrue(p.plan(List.of(user("u2", "Bob", FieldKey.EXTENSION, "202")), s1).isEmpty(),
                "an already disabled user is not disabled again");
        SyncPlan p3 = p.plan(List.of(user("u1", "Ann B", FieldKey.EXTENSION, "201"), user("u2", "Bob", FieldKey.EXTENSION, "202")), s1);
        assertEquals(List.of(OperationType.UPDATE, OperationType.ENABLE), types(p3));
        PlannedOperation enable = op(p3, OperationType.ENABLE, "u1");
        assertEquals("Ann B", enable.getBefore().orElseThrow().getName(), "operations on one user chain");
        assertTrue(applyToSnapshot(p3, s1).getUsers().stream().allMatch(PbxUser::isEnabled));
    }

    @Test
    void deleteIsRefusedWhenSeveralSyncsFeedThePbx() {
        ConfigurationException shared = assertThrows(ConfigurationException.class,
                () -> options().deleteEnabled(true).sharedPbx(true).build());
        assertTrue(shared.getMessage().contains("sharedPbx"), shared.getMessage());
        Planner p = Planner.create(options().deleteEnabled(true).build());
        PbxSnapshot s = snapshot(owned("u1", "Ann", null), pbx("t1", "teams", "Tom", null));
        ConfigurationException ex = assertThrows(ConfigurationException.class, () -> p.plan(List.of(user("u1", "Ann")), s));
        assertTrue(ex.getMessage().contains("[teams]"), ex.getMessage());
        assertThrows(ConfigurationException.class, () -> p.planChanges(List.of(), java.util.Set.of("u1"), s));
        assertTrue(planner().plan(List.of(user("u1", "Ann")), s).isEmpty(), "without delete a shared PBX is fine");
        assertTrue(Planner.create(options().sharedPbx(true).build()).plan(List.of(user("u1", "Ann")), s).isEmpty());
        Planner withHandMade = Planner.create(options().deleteEnabled(true).build());
        assertTrue(withHandMade.plan(List.of(user("u1", "Ann")), snapshot(owned("u1", "Ann", null),
                pbx("h", null, "Hand", null))).isEmpty(), "hand-made users do not make the PBX shared");
    }

    @Test
    void optionsAreCheckedAtOnce() {
        ConfigurationException ex = assertThrows(ConfigurationException.class, () -> PlanOptions.builder().syncName(" ")
                .maxDeletes(-1).maxDeletePercent(101).defaultProvisioningRule("").build());
        assertEquals(4, ex.getProblems().size(), ex.getMessage());
        PlanOptions d = options().build();
        assertTrue(d.isCreateEnabled() && d.isUpdateEnabled() && !d.isDeleteEnabled());
        assertEquals(DeleteMode.DISABLE, d.getDeleteMode());
        assertEquals(DisabledAccountPolicy.DISABLE_ON_PBX, d.getDisabledAccountPolicy());
        assertEquals(DuplicateNamePolicy.SKIP_DUPLICATES, d.getDuplicateNamePolicy());
        assertEquals(500, d.getMaxDeletes());
        assertEquals(20, d.getMaxDeletePercent());
        assertEquals(EnumSet.allOf(OperationType.class), d.getSupportedOperations());
        assertFalse(d.isAllowEmptySource() || d.isAllowDeletesOverThreshold() || d.isSharedPbx());
    }

    @Test
    void ruleStartExtensionAllocatesTheLowestFreeNumberSkippingEverythingInUse() {
        PbxSnapshot s = PbxSnapshot.builder()
                .addUsers(pbx("h1", null, "Hand", "200"), owned("o1", "Owned", "203"), pbx("t1", "teams", "T", "206"))
                .addReservedExtensions("201")
                .addRules(rule("SIP", "200", null))
                .build();
        SyncPlan plan = planner().plan(List.of(
                user("o1", "Owned", FieldKey.EXTENSION, "203"),
                user("m1", "Mapped", FieldKey.EXTENSION, "202"),
                user("n1", "New1", FieldKey.PROVISIONING_RULE, "SIP", FieldKey.EXTENSION, "999"),
                user("n2", "New2", FieldKey.PROVISIONING_RULE, "SIP"),
                user("n3", "New3", FieldKey.PROVISIONING_RULE, "SIP"),
                user("n4", "New4", FieldKey.PROVISIONING_RULE, "SIP")), s);
        assertEquals(Optional.of("204"), op(plan, OperationType.CREATE, "n1").getAfter().get().getExtension(),
                "200 hand-made, 201 reserved, 202 mapped to m1, 203 owned; the rule wins over the mapped 999");
        assertEquals(Optional.of("205"), op(plan, OperationType.CREATE, "n2").getAfter().get().getExtension());
        assertEquals(Optional.of("207"), op(plan, OperationType.CREATE, "n3").getAfter().get().getExtension());
        assertEquals(Optional.of("208"), op(plan, OperationType.CREATE, "n4").getAfter().get().getExtension());
        assertEquals(Optional.of("202"), op(plan, OperationType.CREATE, "m1").getAfter().get().getExtension());
        SyncPlan again = planner().plan(List.of(user("n1", "New1", FieldKey.PROVISIONING_RULE, "SIP", FieldKey.EXTENSION, "999")),
                applyToSnapshot(plan, s));
        assertTrue(again.getOperations().stream().noneMatch(o -> o.getUserId().equals("n1")),
                "an update never replaces the allocated extension with the mapped one: " + again.getOperations());
    }

    @Test
    void allocationFillsGapsKeepsTheWidthAndReportsWhenFull() {
        PbxSnapshot s = PbxSnapshot.builder()
                .addUsers(owned("a", "A", "097"), owned("b", "B", "099"))
                .addRules(rule("R", "097", null), rule("Tiny", "98", null))
                .addReservedExtensions("98", "99")
                .build();
        SyncPlan plan = planner().plan(List.of(user("a", "A", FieldKey.EXTENSION, "097"), user("b", "B", FieldKey.EXTENSION, "099"),
                user("n1", "N1", FieldKey.PROVISIONING_RULE, "R"), user("n2", "N2", FieldKey.PROVISIONING_RULE, "R"),
                user("n3", "N3", FieldKey.PROVISIONING_RULE, "Tiny")), s);
        assertEquals(Optional.of("098"), op(plan, OperationType.CREATE, "n1").getAfter().get().getExtension());
        assertEquals(Optional.of("100"), op(plan, OperationType.CREATE, "n2").getAfter().get().getExtension());
        Violation v = only(plan, ViolationCode.NO_FREE_EXTENSION);
        assertEquals(Optional.of("n3"), v.getUserId());
        assertEquals(Severity.ERROR, v.getSeverity());
        assertTrue(v.getMessage().contains("2-digit"), v.getMessage());
    }

    @Test
    void allocationOfManyUsersIsDenseAndUnique() {
        List<MappedUser> dir = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            dir.add(user(String.format("u%05d", i), "User " + i, FieldKey.PROVISIONING_RULE, "R"));
        }
        PbxSnapshot s = PbxSnapshot.builder().addRules(rule("R", "10000", null)).addReservedExtensions("10001").build();
        SyncPlan plan = planner().plan(dir, s);
        assertEquals(5000, plan.counts().get(OperationType.CREATE));
        assertEquals(Optional.of("10000"), op(plan, OperationType.CREATE, "u00000").getAfter().get().getExtension());
        assertEquals(Optional.of("10002"), op(plan, OperationType.CREATE, "u00001").getAfter().get().getExtension());
        assertEquals(Optional.of("15000"), op(plan, OperationType.CREATE, "u04999").getAfter().get().getExtension());
        applyToSnapshot(plan, s);
    }

    @Test
    void updatesNeverChangeCodesRuleSystemOrCreateOnlyFields() {
        PbxSnapshot s = PbxSnapshot.builder()
                .addUsers(PbxUser.builder().from(owned("u1", "Ann", "201")).putFields(FieldKey.LOGIN_CODE, "1111")
                        .putFields(FieldKey.VOICEMAIL_CODE, "2222").putFields(FieldKey.PROVISIONING_RULE, "SIP")
                        .putFields(FieldKey.of("department"), "Old").putFields(FieldKey.of("site"), "HQ")
                        .putFields(FieldKey.MOBILE_TWINNING, "0700").system("main").build())
                .addRules(rule("SIP", null, null), rule("H323", null, null))
                .addSystems(system("main", "10.0.0.1", true), system("b", "10.0.0.2", false))
                .build();
        MappedField siteCreateOnly = MappedField.builder().from(field(FieldKey.of("site"), "Branch")).createOnly(true).build();
        MappedField mobileEmpty = MappedField.builder().field(FieldKey.MOBILE_TWINNING).rule("mobile").build();
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.EXTENSION, "201", FieldKey.LOGIN_CODE, "9999",
                FieldKey.VOICEMAIL_CODE, "8888", FieldKey.PROVISIONING_RULE, "H323", FieldKey.SYSTEM_LAN1, "10.0.0.2",
                FieldKey.of("department"), "New", FieldKey.of("site"), siteCreateOnly,
                FieldKey.MOBILE_TWINNING, mobileEmpty)), s);
        PlannedOperation up = op(plan, OperationType.UPDATE, "u1");
        assertEquals(List.of(FieldKey.MOBILE_TWINNING, FieldKey.of("department")),
                up.getChanges().stream().map(FieldChange::getField).toList(),
                "a mapped field with no value is cleared; codes, rule, system and create-only fields stay");
        PbxUser after = up.getAfter().orElseThrow();
        assertEquals(Optional.of("1111"), after.get(FieldKey.LOGIN_CODE));
        assertEquals(Optional.of("2222"), after.get(FieldKey.VOICEMAIL_CODE));
        assertEquals(Optional.of("SIP"), after.get(FieldKey.PROVISIONING_RULE));
        assertEquals(Optional.of("HQ"), after.get(FieldKey.of("site")));
        assertEquals(Optional.of("main"), after.getSystem());
        assertEquals(Optional.empty(), after.get(FieldKey.MOBILE_TWINNING));
    }

    @Test
    void fieldsThatAreNotMappedAreLeftAsThePbxHasThem() {
        PbxUser u = PbxUser.builder().from(owned("u1", "Ann", "201")).putFields(FieldKey.EMAIL, "a@x").addGroups("Sales").build();
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann")), snapshot(u));
        assertTrue(plan.isEmpty(), plan.getOperations()::toString);
        assertEquals(1, plan.getUnchangedCount());
    }

    @Test
    void groupMembershipIsReplacedOnUpdate() {
        PbxSnapshot s = PbxSnapshot.builder().addUsers(PbxUser.builder().from(owned("u1", "Ann", null)).addGroups("Sales").build())
                .addGroups("Sales", "Support").build();
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.GROUPS, new String[] {"support"})), s);
        FieldChange c = op(plan, OperationType.UPDATE, "u1").getChanges().get(0);
        assertEquals(FieldKey.GROUPS, c.getField());
        assertEquals("groups: Sales -> Support", c.toString());
    }

    @Test
    void aRenameChainIsOrderedSoEachValueIsFreedBeforeItIsTaken() {
        PbxSnapshot s = snapshot(owned("a", "Ann", "201"), owned("b", "Bob", "202"), owned("c", "Cat", "203"));
        SyncPlan plan = planner().plan(List.of(user("a", "Bob", FieldKey.EXTENSION, "202"), user("b", "Cat", FieldKey.EXTENSION, "203"),
                user("c", "Dan", FieldKey.EXTENSION, "204"), user("n", "Ann", FieldKey.EXTENSION, "201")), s);
        assertEquals(List.of("c", "b", "a"), ids(plan, OperationType.UPDATE));
        assertEquals(List.of("n"), ids(plan, OperationType.CREATE));
        assertTrue(plan.getViolations().isEmpty(), plan.getViolations()::toString);
        applyToSnapshot(plan, s);
    }

    @Test
    void aSwapIsRefusedDeterministicallyWithCircularChange() {
        PbxSnapshot s = snapshot(owned("a", "Ann", "201"), owned("b", "Bob", "202"), owned("c", "Cat", "203"));
        List<MappedUser> dir = List.of(user("a", "Ann", FieldKey.EXTENSION, "202"), user("b", "Bob", FieldKey.EXTENSION, "201"),
                user("c", "Cathy", FieldKey.EXTENSION, "203"), user("n", "Nat", FieldKey.EXTENSION, "204"));
        SyncPlan plan = planner().plan(dir, s);
        List<Violation> vs = violations(plan, ViolationCode.CIRCULAR_CHANGE);
        assertEquals(List.of("a", "b"), vs.stream().map(v -> v.getUserId().get()).toList());
        assertTrue(vs.stream().allMatch(v -> v.getSeverity() == Severity.ERROR));
        assertTrue(vs.get(0).getMessage().contains("'b'"), vs.get(0).getMessage());
        assertEquals(List.of("c"), ids(plan, OperationType.UPDATE), "users outside the cycle go on");
        assertEquals(List.of("n"), ids(plan, OperationType.CREATE));
        List<MappedUser> shuffled = new ArrayList<>(dir);
        Collections.reverse(shuffled);
        assertEquals(plan, planner().plan(shuffled, s));
        assertTrue(planner().plan(dir, applyToSnapshot(plan, s)).isEmpty(), "the cycle stays refused, nothing else to do");
    }

    @Test
    void aChangeThatDependsOnACycleIsRefusedToo() {
        PbxSnapshot s = snapshot(owned("a", "Ann", "201"), owned("b", "Bob", "202"), owned("c", "Cat", "203"));
        SyncPlan plan = planner().plan(List.of(user("a", "Bob", FieldKey.EXTENSION, "201"), user("b", "Ann", FieldKey.EXTENSION, "203"),
                user("c", "Cat", FieldKey.EXTENSION, "205"), user("n", "Ned", FieldKey.EXTENSION, "202")), s);
        assertEquals(List.of("c"), ids(plan, OperationType.UPDATE), "c moves off 203 on its own");
        assertEquals(2, violations(plan, ViolationCode.CIRCULAR_CHANGE).size());
        Violation nv = plan.getViolations().stream().filter(v -> v.getUserId().equals(Optional.of("n"))).findFirst().orElseThrow();
        assertEquals(ViolationCode.DUPLICATE_EXTENSION, nv.getCode(), "202 stays with b, whose change is refused");
        assertTrue(nv.getMessage().contains("refused (CIRCULAR_CHANGE)"), nv.getMessage());
        applyToSnapshot(plan, s);
    }

    @Test
    void deletesComeFirstSoANewUserMayTakeADeletedUsersNameAndExtension() {
        Planner p = Planner.create(options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).maxDeletePercent(100).build());
        PbxSnapshot s = snapshot(owned("old", "Ann", "201"));
        SyncPlan plan = p.plan(List.of(user("new", "Ann", FieldKey.EXTENSION, "201")), s);
        assertEquals(List.of(OperationType.DELETE, OperationType.CREATE), types(plan));
        applyToSnapshot(plan, s);
    }

    @Test
    void aDisabledLeaverKeepsItsNameAndExtension() {
        Planner p = Planner.create(options().deleteEnabled(true).maxDeletePercent(100).build());
        SyncPlan plan = p.plan(List.of(user("new", "Ann", FieldKey.EXTENSION, "201")), snapshot(owned("old", "Ann", "201")));
        assertEquals(List.of(OperationType.DISABLE), types(plan));
        Violation v = violations(plan, ViolationCode.DUPLICATE_NAME).get(0);
        assertTrue(v.getMessage().contains("directory entry is gone"), v.getMessage());
        assertEquals(1, violations(plan, ViolationCode.DUPLICATE_EXTENSION).size());
    }

    @Test
    void anExtensionFreedByAnUpdateMayBeTakenByACreate() {
        PbxSnapshot s = snapshot(owned("a", "Ann", "201"));
        SyncPlan plan = planner().plan(List.of(user("a", "Ann", FieldKey.EXTENSION, "301"), user("n", "Ned", FieldKey.EXTENSION, "201")), s);
        assertEquals(List.of(OperationType.UPDATE, OperationType.CREATE), types(plan));
        applyToSnapshot(plan, s);
    }

    @Test
    void disabledAccountPolicyDisableOnPbx() {
        PbxSnapshot s = snapshot(owned("u1", "Ann", null), owned("u2", "Bob", null));
        SyncPlan plan = planner().plan(List.of(disabled(user("u1", "Ann B")), disabled(user("u2", "Bob")),
                disabled(user("u3", "Cat"))), s);
        assertEquals(List.of(OperationType.DISABLE, OperationType.DISABLE, OperationType.UPDATE), types(plan));
        assertFalse(op(plan, OperationType.UPDATE, "u1").getBefore().get().isEnabled(), "disable first, then update");
        assertTrue(ids(plan, OperationType.CREATE).isEmpty(), "a disabled account is not created");
        PbxSnapshot s1 = applyToSnapshot(plan, s);
        SyncPlan back = planner().plan(List.of(user("u1", "Ann B"), disabled(user("u2", "Bob"))), s1);
        assertEquals(List.of("u1"), ids(back, OperationType.ENABLE));
        assertEquals(1, back.getOperations().size());
    }

    @Test
    void disabledAccountPolicySkipAndIgnore() {
        PbxSnapshot s = snapshot(owned("u1", "Ann", null));
        List<MappedUser> dir = List.of(disabled(user("u1", "Ann B")), disabled(user("u3", "Cat")));
        Planner skip = Planner.create(options().disabledAccountPolicy(DisabledAccountPolicy.SKIP).deleteEnabled(true)
                .maxDeletePercent(100).build());
        assertTrue(skip.plan(dir, s).isEmpty(), "SKIP: nothing at all, and u1 is not treated as removed");
        Planner ignore = Planner.create(options().disabledAccountPolicy(DisabledAccountPolicy.IGNORE).build());
        SyncPlan plan = ignore.plan(dir, snapshot(owned("u1", "Ann", null).withEnabled(false)));
        assertEquals(List.of(OperationType.UPDATE, OperationType.ENABLE, OperationType.CREATE), types(plan));
    }

    @Test
    void unsupportedOperationsAreNeverPlannedAndSaySo() {
        PbxSnapshot s = snapshot(owned("u1", "Ann", null), owned("gone", "Gone", null));
        Planner p = Planner.create(options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).maxDeletePercent(100)
                .supportedOperations(EnumSet.of(OperationType.UPDATE)).build());
        SyncPlan plan = p.plan(List.of(user("u1", "Ann B"), user("n", "New")), s);
        assertEquals(List.of(OperationType.UPDATE), types(plan));
        List<Violation> vs = violations(plan, ViolationCode.OPERATION_NOT_SUPPORTED);
        assertEquals(2, vs.size(), vs::toString);
        assertTrue(vs.stream().allMatch(v -> v.getSeverity() == Severity.WARNING));
        Planner noUpdate = Planner.create(options().supportedOperations(EnumSet.of(OperationType.CREATE)).build());
        SyncPlan p2 = noUpdate.plan(List.of(user("u1", "Ann B"), user("n", "Ann")), snapshot(owned("u1", "Ann", null)));
        assertEquals(1, violations(p2, ViolationCode.OPERATION_NOT_SUPPORTED).size());
        assertTrue(p2.isEmpty(), "u1 keeps 'Ann' since it cannot be updated, so n cannot take it");
    }

    @Test
    void samePlanForAnyInputOrder() {
        List<MappedUser> dir = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            dir.add(user("u" + i, "Name" + (i % 25), FieldKey.EXTENSION, "2" + (i % 30), FieldKey.LOGIN_CODE, "12" + i));
        }
        dir.add(user("u3", "Dup"));
        List<PbxUser> users = new ArrayList<>();
        for (int i = 0; i < 20; i += 2) {
            users.add(owned("u" + i, "Old" + i, "3" + i));
        }
        users.add(pbx("h", null, "Name7", "210"));
        Planner p = Planner.create(options().deleteEnabled(true).build());
        SyncPlan expected = p.plan(dir, PbxSnapshot.builder().users(users).build());
        Random r = new Random(42);
        for (int k = 0; k < 5; k++) {
            Collections.shuffle(dir, r);
            Collections.shuffle(users, r);
            assertEquals(expected, p.plan(dir, PbxSnapshot.builder().users(users).build()));
        }
    }

    @Test
    void secretsAreMaskedInThePlanItsOperationsAndViolations() {
        PbxSnapshot s = snapshot(PbxUser.builder().from(owned("u2", "Bob", null)).putFields(FieldKey.LOGIN_CODE, "55501234").build());
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.LOGIN_CODE, "739182", FieldKey.VOICEMAIL_CODE, "864209"),
                user("u2", "Bobby", FieldKey.LOGIN_CODE, "12x")), s);
        String text = plan + " " + plan.getOperations() + " " + plan.getViolations() + " "
                + plan.getOperations().stream().map(o -> o.getAfter().toString() + o.getBefore() + o.getChanges()).toList();
        assertFalse(text.contains("739182") || text.contains("864209") || text.contains("55501234") || text.contains("12x"), text);
        assertTrue(text.contains("****"));
        PbxUser created = op(plan, OperationType.CREATE, "u1").getAfter().orElseThrow();
        assertEquals(Optional.of("739182"), created.get(FieldKey.LOGIN_CODE), "masked when shown, not when written");
    }
}

package org.pbxsync.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxsync.core.plan.Fixtures.*;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

/** Item 3: every validation code, its severity, what happens to the user, and the boundaries. */
class PlannerValidationTest {

    private static PbxUser created(SyncPlan plan, String id) {
        return op(plan, OperationType.CREATE, id).getAfter().orElseThrow();
    }

    @Test
    void missingUserIdIsAnErrorAndTheEntryIsSkipped() {
        SyncPlan plan = planner().plan(List.of(user(null, "Ann"), user("u2", "Bob")), snapshot());
        Violation v = only(plan, ViolationCode.MISSING_MANDATORY);
        assertEquals(Severity.ERROR, v.getSeverity());
        assertEquals(Optional.of(FieldKey.USER_ID), v.getField());
        assertEquals("cn=Ann,ou=people", v.getEntryReference());
        assertTrue(v.getMessage().contains("User Identification"), v.getMessage());
        assertEquals(List.of("u2"), ids(plan, OperationType.CREATE), "valid data around it is not lost");
    }

    @Test
    void missingOrBlankNameIsAnErrorAndTheUserIsNeitherCreatedNorUpdatedNorRemoved() {
        PlanOptions o = options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).build();
        SyncPlan plan = Planner.create(o).plan(List.of(user("u1", null), user("u2", "   "), user("u3", "Cat")),
                snapshot(owned("u1", "Ann", null), owned("u3", "Cat", null)));
        List<Violation> vs = violations(plan, ViolationCode.MISSING_MANDATORY);
        assertEquals(2, vs.size(), vs::toString);
        assertTrue(vs.stream().allMatch(v -> v.getSeverity() == Severity.ERROR && v.getField().equals(Optional.of(FieldKey.NAME))));
        assertTrue(plan.getOperations().isEmpty(), () -> "u1 is present though invalid, so it is not deleted: "
                + plan.getOperations());
    }

    @Test
    void duplicateUserIdSkipsAllEntriesSharingIt() {
        PlanOptions o = options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).build();
        SyncPlan plan = Planner.create(o).plan(List.of(user("u1", "Ann"), user("u1", "Annie"), user("u2", "Bob")),
                snapshot(owned("u1", "Old", "200")));
        List<Violation> vs = violations(plan, ViolationCode.DUPLICATE_USER_ID);
        assertEquals(2, vs.size());
        assertTrue(vs.stream().allMatch(v -> v.getSeverity() == Severity.ERROR));
        assertTrue(vs.get(0).getMessage().contains("cn=Ann,ou=people") && vs.get(0).getMessage().contains("cn=Annie,ou=people"));
        assertEquals(List.of("u2"), ids(plan, OperationType.CREATE));
        assertEquals(1, plan.getOperations().size(), "u1 is neither updated nor deleted");
    }

    @Test
    void duplicateNameFirstByUserIdKeepsItOthersSkipped() {
        SyncPlan plan = planner().plan(List.of(user("u3", "ann"), user("u1", "Ann"), user("u2", "ANN")), snapshot());
        assertEquals(List.of("u1"), ids(plan, OperationType.CREATE));
        List<Violation> vs = violations(plan, ViolationCode.DUPLICATE_NAME);
        assertEquals(2, vs.size());
        assertTrue(vs.stream().allMatch(v -> v.getSeverity() == Severity.ERROR));
        assertTrue(vs.get(0).getMessage().contains("'u1'"), vs.get(0).getMessage());
    }

    @Test
    void theUserWhoAlreadyHoldsANameKeepsItOverALowerUserId() {
        SyncPlan plan = planner().plan(List.of(user("a0", "Ann"), user("z9", "Ann")), snapshot(owned("z9", "Ann", null)));
        assertTrue(plan.getOperations().isEmpty(), plan.getOperations()::toString);
        Violation v = only(plan, ViolationCode.DUPLICATE_NAME);
        assertEquals(Optional.of("a0"), v.getUserId());
        assertTrue(v.getMessage().contains("holds it already"), v.getMessage());
        assertEquals(1, plan.getUnchangedCount());
    }

    @Test
    void suffixPolicyDisambiguatesAndIsStableAcrossRuns() {
        Planner p = Planner.create(options().duplicateNamePolicy(DuplicateNamePolicy.DISAMBIGUATE_WITH_SUFFIX).build());
        List<MappedUser> dir = List.of(user("u1", "Ann"), user("u2", "Ann"), user("u3", "Ann (2)"), user("u4", "ann"));
        PbxSnapshot s0 = snapshot(pbx("hand", null, "Ann (3)", null));
        SyncPlan plan = p.plan(dir, s0);
        assertEquals("Ann", created(plan, "u1").getName());
        assertEquals("Ann (2)", created(plan, "u3").getName(), "a real 'Ann (2)' keeps its name");
        assertEquals("Ann (4)", created(plan, "u2").getName(), "(2) is mapped, (3) is held by a hand-made user");
        assertEquals("ann (5)", created(plan, "u4").getName());
        List<Violation> vs = violations(plan, ViolationCode.DUPLICATE_NAME);
        assertEquals(2, vs.size());
        assertTrue(vs.stream().allMatch(v -> v.getSeverity() == Severity.WARNING));
        PbxSnapshot s1 = applyToSnapshot(plan, s0);
        SyncPlan again = p.plan(dir, s1);
        assertTrue(again.isEmpty(), again.getOperations()::toString);
        assertEquals(4, again.getUnchangedCount());
    }

    @Test
    void suffixPolicyNeverTakesANameFromAUserThisSyncDoesNotOwn() {
        Planner p = Planner.create(options().duplicateNamePolicy(DuplicateNamePolicy.DISAMBIGUATE_WITH_SUFFIX).build());
        SyncPlan plan = p.plan(List.of(user("u1", "Ann")), snapshot(pbx("x", null, "ANN", null)));
        assertEquals(Severity.ERROR, only(plan, ViolationCode.NAME_TAKEN).getSeverity());
        assertTrue(plan.isEmpty());
    }

    @Test
    void nameTakenByAHandMadeOrOtherSyncUserIsAnError() {
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann"), user("u2", "bob"), user("u3", "Cat")),
                snapshot(pbx("h1", null, "ann", null), pbx("t1", "teams", "Bob", null)));
        List<Violation> vs = violations(plan, ViolationCode.NAME_TAKEN);
        assertEquals(2, vs.size());
        assertTrue(vs.stream().allMatch(v -> v.getSeverity() == Severity.ERROR));
        assertTrue(vs.get(1).getMessage().contains("teams"), vs.get(1).getMessage());
        assertEquals(List.of("u3"), ids(plan, OperationType.CREATE));
    }

    @Test
    void extensionTakenByAForeignUserOrReservedIsAnError() {
        PbxSnapshot s = PbxSnapshot.builder().from(snapshot(pbx("h1", null, "Hand", "201"))).addReservedExtensions("299").build();
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.EXTENSION, "201"),
                user("u2", "Bob", FieldKey.EXTENSION, "299"), user("u3", "Cat", FieldKey.EXTENSION, "202")), s);
        List<Violation> vs = violations(plan, ViolationCode.EXTENSION_TAKEN);
        assertEquals(2, vs.size());
        assertTrue(vs.get(1).getMessage().contains("reserved"), vs.get(1).getMessage());
        assertEquals(List.of("u3"), ids(plan, OperationType.CREATE));
    }

    @Test
    void duplicateExtensionAmongEntriesGoesToTheHolderThenTheLowestId() {
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.EXTENSION, "201"),
                user("u2", "Bob", FieldKey.EXTENSION, "201"), user("u0", "Cat", FieldKey.EXTENSION, "202"),
                user("u9", "Dan", FieldKey.EXTENSION, "202")), snapshot(owned("u9", "Dan", "202")));
        assertEquals(List.of("u1"), ids(plan, OperationType.CREATE));
        List<Violation> vs = violations(plan, ViolationCode.DUPLICATE_EXTENSION);
        assertEquals(2, vs.size());
        assertEquals(List.of("u0", "u2"), vs.stream().map(v -> v.getUserId().get()).sorted().toList());
    }

    @Test
    void userIdOfAUserThisSyncDoesNotOwnIsNeverTouched() {
        SyncPlan plan = planner().plan(List.of(user("h1", "New Name"), user("t1", "Other")),
                snapshot(pbx("h1", null, "Hand", "201"), pbx("t1", "teams", "Teams", "202")));
        assertTrue(plan.isEmpty());
        List<Violation> vs = violations(plan, ViolationCode.USER_ID_TAKEN);
        assertEquals(2, vs.size());
        assertTrue(vs.stream().allMatch(v -> v.getSeverity() == Severity.ERROR));
    }

    @ParameterizedTest(name = "login code ''{0}'' -> {1}")
    @CsvSource(value = {"123|LOGIN_CODE_LENGTH", "1234|OK", "123456789012345|OK", "1234567890123456|LOGIN_CODE_LENGTH",
            "' 1234'|LOGIN_CODE_NOT_NUMERIC", "'12 34'|LOGIN_CODE_NOT_NUMERIC", "'    '|LOGIN_CODE_NOT_NUMERIC",
            "١٢٣٤|LOGIN_CODE_NOT_NUMERIC", "''|BLANK"}, delimiter = '|')
    void loginCodeBoundariesThroughThePlanner(String code, String expected) {
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.LOGIN_CODE, code)), snapshot());
        PbxUser after = created(plan, "u1");
        if (expected.equals("OK")) {
            assertEquals(Optional.of(code), after.get(FieldKey.LOGIN_CODE));
            assertTrue(plan.getViolations().isEmpty());
        } else if (expected.equals("BLANK")) {
            assertEquals(Optional.empty(), after.get(FieldKey.LOGIN_CODE));
            assertTrue(plan.getViolations().isEmpty(), "an empty code means no code");
        } else {
            Violation v = only(plan, ViolationCode.valueOf(expected));
            assertEquals(Severity.WARNING, v.getSeverity(), "a bad code blanks the field, the user goes on");
            assertEquals(Optional.empty(), after.get(FieldKey.LOGIN_CODE));
            assertFalse(v.getMessage().contains(code.trim().isEmpty() ? "\u0000" : code.trim()), v.getMessage());
        }
    }

    @ParameterizedTest(name = "voicemail code of {0} -> {1}")
    @CsvSource(value = {"''|BLANK", "1|OK", "1234567890123456789012345678901|OK",
            "12345678901234567890123456789012|VOICEMAIL_CODE_LENGTH", "'12 3'|VOICEMAIL_CODE_NOT_NUMERIC",
            "٣٣|VOICEMAIL_CODE_NOT_NUMERIC", "abc|VOICEMAIL_CODE_NOT_NUMERIC"}, delimiter = '|')
    void voicemailCodeBoundariesThroughThePlanner(String code, String expected) {
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.VOICEMAIL_CODE, code)), snapshot());
        PbxUser after = created(plan, "u1");
        if (expected.equals("OK")) {
            assertEquals(Optional.of(code), after.get(FieldKey.VOICEMAIL_CODE));
            assertTrue(plan.getViolations().isEmpty());
        } else if (expected.equals("BLANK")) {
            assertEquals(Optional.empty(), after.get(FieldKey.VOICEMAIL_CODE));
            assertTrue(plan.getViolations().isEmpty(), "0 digits is a valid voicemail code: none");
        } else {
            assertEquals(Severity.WARNING, only(plan, ViolationCode.valueOf(expected)).getSeverity());
            assertEquals(Optional.empty(), after.get(FieldKey.VOICEMAIL_CODE));
        }
    }

    @Test
    void invalidCharactersAreRemovedWithAWarning() {
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann\u0000 Smith", FieldKey.FULL_NAME, "Ann\u0001\uFFFE")),
                snapshot());
        PbxUser after = created(plan, "u1");
        assertEquals("Ann Smith", after.getName());
        assertEquals(Optional.of("Ann"), after.get(FieldKey.FULL_NAME));
        List<Violation> vs = violations(plan, ViolationCode.INVALID_CHARACTERS);
        assertEquals(2, vs.size());
        assertTrue(vs.stream().allMatch(v -> v.getSeverity() == Severity.WARNING));
        assertTrue(vs.stream().anyMatch(v -> v.getMessage().contains("U+FFFE")), vs::toString);
    }

    @Test
    void invalidCharactersLeavingAMandatoryFieldEmptyAreAnError() {
        SyncPlan plan = planner().plan(List.of(user("u1", "\u0000\u0001"), user("\u0002", "Bob")), snapshot());
        List<Violation> vs = violations(plan, ViolationCode.INVALID_CHARACTERS);
        assertEquals(2, vs.size());
        assertTrue(vs.stream().allMatch(v -> v.getSeverity() == Severity.ERROR), vs::toString);
        assertTrue(plan.isEmpty());
    }

    @Test
    void invalidCharactersInASecretAreNotShown() {
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.LOGIN_CODE, "98\u00017654")), snapshot());
        Violation v = only(plan, ViolationCode.INVALID_CHARACTERS);
        assertFalse(v.getMessage().contains("U+0001"), v.getMessage());
        assertEquals(Optional.of("987654"), created(plan, "u1").get(FieldKey.LOGIN_CODE));
    }

    @Test
    void unknownProvisioningRuleIsAnErrorWithoutADefault() {
        PbxSnapshot s = PbxSnapshot.builder().addRules(rule("SIP", null, null)).build();
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.PROVISIONING_RULE, "sip"),
                user("u2", "Bob", FieldKey.PROVISIONING_RULE, "SIP")), s);
        Violation v = only(plan, ViolationCode.UNKNOWN_PROVISIONING_RULE);
        assertEquals(Severity.ERROR, v.getSeverity());
        assertTrue(v.getMessage().contains("exactly"), v.getMessage());
        assertEquals(List.of("u2"), ids(plan, OperationType.CREATE));
        assertEquals(Optional.of("SIP"), created(plan, "u2").get(FieldKey.PROVISIONING_RULE));
    }

    @Test
    void unknownProvisioningRuleFallsBackToTheDefaultWithAWarning() {
        PbxSnapshot s = PbxSnapshot.builder().addRules(rule("SIP", null, null), rule("H323", null, null)).build();
        Planner p = Planner.create(options().defaultProvisioningRule("H323").build());
        SyncPlan plan = p.plan(List.of(user("u1", "Ann", FieldKey.PROVISIONING_RULE, "nope"), user("u2", "Bob")), s);
        assertEquals(Severity.WARNING, only(plan, ViolationCode.UNKNOWN_PROVISIONING_RULE).getSeverity());
        assertEquals(Optional.of("H323"), created(plan, "u1").get(FieldKey.PROVISIONING_RULE));
        assertEquals(Optional.of("H323"), created(plan, "u2").get(FieldKey.PROVISIONING_RULE), "none mapped: default");
    }

    @Test
    void aDefaultRuleTheSnapshotLacksIsAConfigurationError() {
        Planner p = Planner.create(options().defaultProvisioningRule("Missing").build());
        ConfigurationException ex = assertThrows(ConfigurationException.class, () -> p.plan(List.of(user("u1", "Ann")), snapshot()));
        assertTrue(ex.getProblems().get(0).contains("defaultProvisioningRule 'Missing'"), ex.getMessage());
    }

    @Test
    void unknownGroupsAreDroppedWithAWarningKnownOnesMatchIgnoringCase() {
        PbxSnapshot s = PbxSnapshot.builder().addGroups("Sales", "Support").build();
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.GROUPS, new String[] {"sales", "Nope", "Support"})), s);
        Violation v = only(plan, ViolationCode.UNKNOWN_GROUP);
        assertEquals(Severity.WARNING, v.getSeverity());
        assertTrue(v.getMessage().contains("'Nope'"));
        assertEquals(List.of("Sales", "Support"), List.copyOf(created(plan, "u1").getGroups()));
    }

    @Test
    void systemIsChosenByMappedFieldsThenTheRuleThenThePrimary() {
        PbxSnapshot s = PbxSnapshot.builder()
                .addSystems(system("main", "10.0.0.1", true), system("branch", "10.0.0.2", false),
                        system("east", null, false).withFqdn("east.example.com").withLan2("192.168.1.1"))
                .addRules(rule("branchRule", null, "branch"), rule("ghostRule", null, "ghost"))
                .build();
        SyncPlan plan = planner().plan(List.of(
                user("u1", "A", FieldKey.SYSTEM_LAN1, "10.0.0.2"),
                user("u2", "B", FieldKey.SYSTEM_LAN2, "192.168.1.1"),
                user("u3", "C", FieldKey.SYSTEM_NAME, "EAST"),
                user("u4", "D", FieldKey.SYSTEM_FQDN, "East.Example.com"),
                user("u5", "E", FieldKey.SYSTEM_LAN1, "10.9.9.9", FieldKey.PROVISIONING_RULE, "branchRule"),
                user("u6", "F", FieldKey.SYSTEM_NAME, "nowhere"),
                user("u7", "G", FieldKey.PROVISIONING_RULE, "ghostRule"),
                user("u8", "H")), s);
        assertEquals(Optional.of("branch"), created(plan, "u1").getSystem());
        assertEquals(Optional.of("east"), created(plan, "u2").getSystem());
        assertEquals(Optional.of("east"), created(plan, "u3").getSystem());
        assertEquals(Optional.of("east"), created(plan, "u4").getSystem());
        assertEquals(Optional.of("branch"), created(plan, "u5").getSystem(), "unknown LAN1: the rule's system");
        assertEquals(Optional.of("main"), created(plan, "u6").getSystem(), "unknown name, no rule: the primary");
        assertEquals(Optional.of("main"), created(plan, "u7").getSystem(), "rule names an unknown system");
        assertEquals(Optional.of("main"), created(plan, "u8").getSystem());
        List<Violation> vs = violations(plan, ViolationCode.UNKNOWN_SYSTEM);
        assertEquals(List.of("u5", "u6", "u7"), vs.stream().map(v -> v.getUserId().get()).sorted().toList());
        assertTrue(vs.stream().allMatch(v -> v.getSeverity() == Severity.WARNING));
        assertTrue(created(plan, "u1").getFields().keySet().stream().noneMatch(k -> FieldKey.systemFields().contains(k)),
                "system fields choose the system and are not user fields");
    }

    @Test
    void mappingErrorsSkipTheUserMappingWarningsAreKept() {
        Violation mappingError = Violation.builder().entryReference("cn=Ann,ou=people").userId("u1")
                .code(ViolationCode.MAPPING_FAILED).severity(Severity.ERROR).message("rule broke").build();
        Violation mappingWarning = Violation.builder().entryReference("cn=Bob,ou=people").userId("u2")
                .code(ViolationCode.MULTIPLE_VALUES).severity(Severity.WARNING).message("two mails").build();
        MappedUser a = MappedUser.builder().from(user("u1", "Ann")).addViolations(mappingError).build();
        MappedUser b = MappedUser.builder().from(user("u2", "Bob")).addViolations(mappingWarning).build();
        SyncPlan plan = planner().plan(List.of(a, b), snapshot());
        assertEquals(List.of("u2"), ids(plan, OperationType.CREATE));
        assertTrue(plan.getViolations().containsAll(List.of(mappingError, mappingWarning)));
    }

    @Test
    void violationsAreSortedByEntryReferenceFieldAndCode() {
        SyncPlan plan = planner().plan(List.of(user("u2", "Zed", FieldKey.LOGIN_CODE, "1", FieldKey.VOICEMAIL_CODE, "x"),
                user("u1", "Amy", FieldKey.LOGIN_CODE, "1")), snapshot());
        List<String> refs = plan.getViolations().stream().map(v -> v.getEntryReference() + "/" + v.getCode()).toList();
        assertEquals(List.of("cn=Amy,ou=people/LOGIN_CODE_LENGTH", "cn=Zed,ou=people/LOGIN_CODE_LENGTH",
                "cn=Zed,ou=people/VOICEMAIL_CODE_NOT_NUMERIC"), refs);
    }

    @Test
    void aMappedFieldWithNoValuesIsBlankOnCreate() {
        MappedField empty = MappedField.builder().field(FieldKey.EMAIL).rule("mail").build();
        SyncPlan plan = planner().plan(List.of(user("u1", "Ann", FieldKey.EMAIL, empty)), snapshot());
        assertEquals(Optional.empty(), created(plan, "u1").get(FieldKey.EMAIL));
    }
}

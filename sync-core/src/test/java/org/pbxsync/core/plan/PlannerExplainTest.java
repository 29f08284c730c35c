package org.pbxsync.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxsync.core.plan.Fixtures.*;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.mapping.MappedField;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.validation.ViolationCode;

/** Per-user explanations. */
class PlannerExplainTest {
    private final PbxSnapshot snapshot = PbxSnapshot.builder()
            .addUsers(owned("gone", "Gone", "209"), pbx("h", null, "Hand", "205"))
            .addRules(rule("SIP", "300", "branch"))
            .addSystems(system("main", "10.0.0.1", true), system("branch", "10.0.0.2", false))
            .build();
    private final MappedField name = MappedField.builder().field(FieldKey.NAME).addValues("Ann").rule("cn | trim")
            .addSourceAttributes("cn").build();
    private final List<MappedUser> dir = List.of(
            MappedUser.builder().from(user("u1", "Ann", FieldKey.PROVISIONING_RULE, "SIP", FieldKey.LOGIN_CODE, "424242",
                    FieldKey.EXTENSION, "777")).putFields(FieldKey.NAME, name).build(),
            user("u2", "Hand"));
    private final Planner planner = Planner.create(options().deleteEnabled(true).maxDeletePercent(100).build());

    @Test
    void explainsValuesRuleSystemExtensionAndTheOperation() {
        Explanation ex = planner.explain("u1", dir, snapshot);
        assertTrue(ex.isFound());
        assertEquals(Optional.of("u1"), ex.getUserId());
        assertEquals(Optional.of("cn=Ann,ou=people"), ex.getEntryReference());
        String text = ex.toString();
        assertTrue(text.contains("Name = 'Ann' from rule 'cn | trim' (attributes cn)"), text);
        assertTrue(text.contains("provisioning rule 'SIP' (mapped)"), text);
        assertTrue(text.contains("mapped extension 777 is ignored, the rule wins"), text);
        assertTrue(text.contains("extension 300 allocated"), text);
        assertTrue(text.contains("system 'branch' from provisioning rule 'SIP'"), text);
        assertTrue(text.contains("planned: CREATE"), text);
        assertEquals(1, ex.getOperations().size());
        assertEquals(OperationType.CREATE, ex.getOperations().get(0).getType());
        assertFalse(text.contains("424242"), "secrets never appear: " + text);
        assertTrue(text.contains("Login Code = '****'"), text);
    }

    @Test
    void explainsWhyAUserIsSkipped() {
        Explanation ex = planner.explain("cn=Hand,ou=people", dir, snapshot);
        assertEquals(Optional.of("u2"), ex.getUserId());
        assertEquals(1, ex.getViolations().size());
        assertEquals(ViolationCode.NAME_TAKEN, ex.getViolations().get(0).getCode());
        assertTrue(ex.getOperations().isEmpty());
        assertTrue(ex.toString().contains("skipped"), ex.toString());
    }

    @Test
    void explainsARemovalByUserIdAndSaysWhenNothingMatches() {
        Explanation ex = planner.explain("gone", dir, snapshot);
        assertTrue(ex.isFound());
        assertTrue(ex.toString().contains("no directory entry has its User Identification; to be disabled"), ex.toString());
        assertEquals(OperationType.DISABLE, ex.getOperations().get(0).getType());
        Explanation none = planner.explain("nobody", dir, snapshot);
        assertFalse(none.isFound());
        assertTrue(none.getOperations().isEmpty());
        assertTrue(none.toString().contains("no directory entry or PBX user matches"), none.toString());
    }

    @Test
    void explainingDoesNotChangeThePlan() {
        assertEquals(planner.plan(dir, snapshot), planner.plan(dir, snapshot));
        planner.explain("u1", dir, snapshot);
        assertEquals(2, planner.plan(dir, snapshot).getOperations().size());
    }
}

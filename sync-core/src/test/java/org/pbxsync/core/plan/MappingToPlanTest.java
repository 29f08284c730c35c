package org.pbxsync.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxSnapshot;

/** Directory entries through the real mapping into the planner, as a host's unit test would do. */
class MappingToPlanTest {

    private static final Mapping MAPPING = Mapping.activeDirectoryDefaults();

    private static DirectoryEntry.Builder smith() {
        return DirectoryEntry.builder("0f0e0d0c-0b0a-0908-0706-050403020100", "CN=Smith\\, Jo,OU=Staff,DC=corp")
                .add("sAMAccountName", "jsmith").add("displayName", "Jo Smith").add("mail", "jo@corp.example")
                .add("ipPhone", "2101").add("mobile", "+44 7700 900123");
    }

    private static SyncPlan plan(PbxSnapshot pbx, DirectoryEntry... entries) {
        List<MappedUser> mapped = java.util.Arrays.stream(entries).map(MAPPING::map).collect(Collectors.toList());
        return Fixtures.planner().plan(mapped, pbx);
    }

    @Test
    void attributeRemovedInTheDirectoryClearsThePbxField() {
        PbxSnapshot pbx = Fixtures.applyToSnapshot(plan(Fixtures.snapshot(), smith().build()), Fixtures.snapshot());
        assertEquals(Optional.of("+44 7700 900123"),
                pbx.getUsers().get(0).get(FieldKey.MOBILE_TWINNING));

        SyncPlan second = plan(pbx, smith().put("mobile", List.of()).build());
        assertEquals(1, second.getOperations().size(), second.toString());
        PlannedOperation op = second.getOperations().get(0);
        assertEquals(OperationType.UPDATE, op.getType());
        assertEquals(List.of(FieldKey.MOBILE_TWINNING),
                op.getChanges().stream().map(FieldChange::getField).collect(Collectors.toList()));
        assertEquals(Optional.empty(), op.getChanges().get(0).getNewValue());

        PbxSnapshot after = Fixtures.applyToSnapshot(second, pbx);
        assertFalse(after.getUsers().get(0).get(FieldKey.MOBILE_TWINNING).isPresent());
        assertTrue(plan(after, smith().put("mobile", List.of()).build()).isEmpty());
    }

    @Test
    void fieldTheMappingDoesNotManageIsLeftAlone() {
        PbxSnapshot pbx = Fixtures.applyToSnapshot(plan(Fixtures.snapshot(), smith().build()), Fixtures.snapshot());
        PbxSnapshot handEdited = PbxSnapshot.builder().from(pbx)
                .users(List.of(pbx.getUsers().get(0).withFields(new java.util.TreeMap<>(java.util.Map.of(
                        FieldKey.NAME, "jsmith", FieldKey.FULL_NAME, "Jo Smith", FieldKey.EMAIL, "jo@corp.example",
                        FieldKey.EXTENSION, "2101", FieldKey.MOBILE_TWINNING, "+44 7700 900123",
                        FieldKey.of("pager"), "555")))))
                .build();
        assertTrue(plan(handEdited, smith().build()).isEmpty(), "pager is not mapped, so it is not touched");
    }

    @Test
    void missingMandatoryAfterMappingSkipsTheUserAndNamesTheEntry() {
        SyncPlan p = plan(Fixtures.snapshot(), smith().put("sAMAccountName", List.of()).build());
        assertTrue(p.isEmpty());
        assertEquals(1, p.getViolations().size(), p.getViolations().toString());
        assertEquals("MISSING_MANDATORY", p.getViolations().get(0).getCode().name());
        assertEquals("CN=Smith\\, Jo,OU=Staff,DC=corp", p.getViolations().get(0).getEntryReference());
    }
}

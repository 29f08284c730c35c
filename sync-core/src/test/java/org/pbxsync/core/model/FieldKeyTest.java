package org.pbxsync.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldKeyTest {

    @Test
    void standardNamesResolveToSingletonsIgnoringCase() {
        assertSame(FieldKey.LOGIN_CODE, FieldKey.of("loginCode"));
        assertSame(FieldKey.LOGIN_CODE, FieldKey.of("LOGINCODE"));
        assertFalse(FieldKey.of("department").isStandard());
        assertEquals(FieldKey.of("department"), FieldKey.of("department"));
        assertNotEquals(FieldKey.of("department"), FieldKey.of("Department"));
    }

    @Test
    void applicabilityFollowsIpOfficeTable() {
        // seed 002: User Identification, Login Code, Voicemail Code and the UPR are not used on update
        for (FieldKey k : List.of(FieldKey.USER_ID, FieldKey.LOGIN_CODE, FieldKey.VOICEMAIL_CODE,
                FieldKey.PROVISIONING_RULE, FieldKey.SYSTEM_LAN1, FieldKey.SYSTEM_LAN2, FieldKey.SYSTEM_NAME,
                FieldKey.SYSTEM_FQDN)) {
            assertTrue(k.isUsedOnCreate(), k.getName());
            assertFalse(k.isUsedOnUpdate(), k.getName());
        }
        for (FieldKey k : List.of(FieldKey.NAME, FieldKey.FULL_NAME, FieldKey.EMAIL, FieldKey.EXTENSION,
                FieldKey.MOBILE_TWINNING, FieldKey.GROUPS, FieldKey.of("department"))) {
            assertTrue(k.isUsedOnCreate(), k.getName());
            assertTrue(k.isUsedOnUpdate(), k.getName());
        }
        assertEquals(14, FieldKey.standardFields().size());
    }

    @Test
    void onlyCodesAreSecretAndDisplayMasksThem() {
        assertEquals("****", FieldKey.LOGIN_CODE.display("1234"));
        assertEquals("****", FieldKey.VOICEMAIL_CODE.display("987654"));
        assertEquals("1234", FieldKey.EXTENSION.display("1234"));
        assertEquals("(none)", FieldKey.LOGIN_CODE.display(null));
        long secrets = FieldKey.standardFields().stream().filter(FieldKey::isSecret).count();
        assertEquals(2, secrets);
    }

    @Test
    void invalidCustomNamesAreRejectedWithTheRule() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> FieldKey.of("1abc"));
        assertTrue(ex.getMessage().contains("'1abc'"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FieldKey.of(""));
        assertThrows(IllegalArgumentException.class, () -> FieldKey.of("a b"));
        assertThrows(IllegalArgumentException.class, () -> FieldKey.of("x".repeat(65)));
        assertEquals("x".repeat(64), FieldKey.of("x".repeat(64)).getName());
    }

    @Test
    void orderIsStandardTableThenCustomByName() {
        List<FieldKey> keys = new ArrayList<>(List.of(FieldKey.of("site"), FieldKey.GROUPS, FieldKey.of("department"),
                FieldKey.USER_ID, FieldKey.SYSTEM_FQDN, FieldKey.NAME));
        Collections.shuffle(keys, new java.util.Random(7));
        Collections.sort(keys);
        assertEquals(List.of(FieldKey.USER_ID, FieldKey.NAME, FieldKey.GROUPS, FieldKey.SYSTEM_FQDN,
                FieldKey.of("department"), FieldKey.of("site")), keys);
    }

    @Test
    void pbxUserToStringMasksCodes() {
        PbxUser u = PbxUser.builder().userId("u1").putFields(FieldKey.NAME, "jdoe")
                .putFields(FieldKey.LOGIN_CODE, "482915").putFields(FieldKey.VOICEMAIL_CODE, "771203").build();
        assertFalse(u.toString().contains("482915"), u.toString());
        assertFalse(u.toString().contains("771203"), u.toString());
        assertTrue(u.toString().contains("jdoe"));
    }

    @Test
    void pbxUserRequiresNameAndKeepsUserIdOutOfFields() {
        assertThrows(IllegalStateException.class, () -> PbxUser.builder().userId("u1").build());
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> PbxUser.builder().userId("u1")
                .putFields(FieldKey.NAME, "a").putFields(FieldKey.USER_ID, "u1").build());
        assertTrue(ex.getMessage().contains("u1"));
    }

    @Test
    void snapshotNeedsExactlyOnePrimarySystem() {
        PbxSystem a = PbxSystem.builder().name("A").build();
        PbxSystem b = PbxSystem.builder().name("B").primary(true).build();
        assertEquals(2, PbxSnapshot.builder().addSystems(a, b).build().getSystems().size());
        assertThrows(IllegalStateException.class, () -> PbxSnapshot.builder().addSystems(a).build());
        assertThrows(IllegalStateException.class,
                () -> PbxSnapshot.builder().addSystems(b, b.withName("C")).build());
    }

    @Test
    void provisioningRuleStartExtensionMustBeAsciiDigits() {
        assertThrows(IllegalStateException.class,
                () -> ProvisioningRule.builder().name("r").startExtension("２００").build());
        assertEquals("200", ProvisioningRule.builder().name("r").startExtension("200").build()
                .getStartExtension().orElseThrow());
    }
}

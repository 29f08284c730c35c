package org.pbxsync.core.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.validation.Severity;
import org.pbxsync.core.validation.Violation;
import org.pbxsync.core.validation.ViolationCode;

class MappingTest {

    static final String SMITH_DN = "CN=Smith\\, John,OU=Staff,DC=example,DC=com";

    static DirectoryEntry smith() {
        return DirectoryEntry.builder("0f8fad5b-d9cb-469f-a165-70867728950e", SMITH_DN)
                .add("sAMAccountName", "jsmith")
                .add("displayName", "Smith, John")
                .add("mail", "john.smith@example.com")
                .add("telephoneNumber", "+44 20 7946 0958")
                .add("mobile", "+44 7700 900123")
                .addGroup("Sales").addGroup("Support")
                .build();
    }

    @Nested
    class Building {
        @Test
        void missingUserIdOrNameMappingIsAConfigurationError() {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> Mapping.builder().map(FieldKey.EMAIL, "mail").build());
            assertEquals(2, e.getProblems().size(), e.getMessage());
            assertTrue(e.getProblems().get(0).startsWith("field 'userId': missing"), e.getMessage());
            assertTrue(e.getProblems().get(1).startsWith("field 'name': missing"), e.getMessage());
        }

        @Test
        void everyRuleThatFailsToParseIsReportedAtOnce() {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> Mapping.builder()
                    .map(FieldKey.USER_ID, "@id")
                    .map(FieldKey.NAME, "uid |")
                    .map(FieldKey.EXTENSION, "telephoneNumber | last(x)")
                    .mapOnCreate(FieldKey.LOGIN_CODE, "'12")
                    .map(FieldKey.EMAIL, "mail")
                    .build());
            assertEquals(3, e.getProblems().size(), e.getMessage());
            assertEquals("field 'name': rule 'uid |': at position 6: expected " + RuleParser.STEPS,
                    e.getProblems().get(0));
            assertTrue(e.getProblems().get(1).startsWith("field 'extension': rule 'telephoneNumber | last(x)': "
                    + "at position 24: expected a number"), e.getMessage());
            assertTrue(e.getProblems().get(2).startsWith("field 'loginCode': rule ''12': at position 4"),
                    e.getMessage());
        }

        @Test
        void mappingAFieldAgainReplacesItAndClearsItsError() {
            Mapping m = Mapping.builder()
                    .map(FieldKey.USER_ID, "@id")
                    .map(FieldKey.NAME, "uid |")
                    .map(FieldKey.NAME, "uid")
                    .map(FieldKey.EMAIL, "mail")
                    .unmap(FieldKey.EMAIL)
                    .build();
            assertEquals(MappingRule.parse("uid"), m.rules().get(FieldKey.NAME).getRule());
            assertFalse(m.rule(FieldKey.EMAIL).isPresent());
        }

        @Test
        void createOnlyIsRecorded() {
            Mapping m = Mapping.builder().map(FieldKey.USER_ID, MappingRule.entryId())
                    .map(FieldKey.NAME, MappingRule.attribute("uid"))
                    .mapOnCreate(FieldKey.EXTENSION, MappingRule.attribute("telephoneNumber").digits())
                    .mapOnCreate(FieldKey.VOICEMAIL_CODE, "'0000'")
                    .build();
            assertTrue(m.rules().get(FieldKey.EXTENSION).isCreateOnly());
            assertTrue(m.rules().get(FieldKey.VOICEMAIL_CODE).isCreateOnly());
            assertFalse(m.rules().get(FieldKey.NAME).isCreateOnly());
            MappedUser u = m.map(DirectoryEntry.builder("i", "r").add("uid", "u").add("telephoneNumber", "1").build());
            assertTrue(u.getFields().get(FieldKey.EXTENSION).isCreateOnly());
            assertFalse(u.getFields().get(FieldKey.NAME).isCreateOnly());
        }

        @Test
        void toBuilderOverridesADefault() {
            Mapping m = Mapping.activeDirectoryDefaults().toBuilder()
                    .map(FieldKey.EXTENSION, "ipPhone | digits | last(3)").build();
            assertEquals("ipPhone | digits | last(3)", m.rules().get(FieldKey.EXTENSION).getRule().text());
            assertEquals(Mapping.activeDirectoryDefaults().rules().get(FieldKey.NAME), m.rules().get(FieldKey.NAME));
            assertEquals(Mapping.activeDirectoryDefaults(), Mapping.activeDirectoryDefaults().toBuilder().build());
            assertNotEquals(Mapping.activeDirectoryDefaults(), m);
        }

        @Test
        void toStringMasksConstantsOfSecretFields() {
            Mapping m = Mapping.builder().map(FieldKey.USER_ID, "@id").map(FieldKey.NAME, "uid")
                    .mapOnCreate(FieldKey.LOGIN_CODE, "pin | default('4711')")
                    .map(FieldKey.of("site"), "'London'")
                    .build();
            String s = m.toString();
            assertFalse(s.contains("4711"), s);
            assertTrue(s.contains("loginCode <- pin | default('****') (create only)"), s);
            assertTrue(s.contains("site <- 'London'"), s);
        }
    }

    @Nested
    class Defaults {
        @Test
        void activeDirectory() {
            Mapping m = Mapping.activeDirectoryDefaults();
            assertTrue(m.isUserIdFromEntryId());
            assertEquals("sAMAccountName", m.rules().get(FieldKey.NAME).getRule().text());
            assertEquals("ipPhone | or(telephoneNumber) | digits", m.rules().get(FieldKey.EXTENSION).getRule().text());
            assertEquals(List.of("sAMAccountName", "displayName", "mail", "ipPhone", "telephoneNumber", "mobile"),
                    List.copyOf(m.attributesUsed()));
            MappedUser u = m.map(smith());
            assertEquals(Optional.of("0f8fad5b-d9cb-469f-a165-70867728950e"), u.getUserId());
            assertEquals(Optional.of("jsmith"), u.getValue(FieldKey.NAME));
            assertEquals(Optional.of("Smith, John"), u.getValue(FieldKey.FULL_NAME));
            assertEquals(Optional.of("442079460958"), u.getValue(FieldKey.EXTENSION));
            assertEquals(Optional.of("+44 7700 900123"), u.getValue(FieldKey.MOBILE_TWINNING));
            assertEquals(List.of("Sales", "Support"), u.getFields().get(FieldKey.GROUPS).getValues());
            assertEquals(List.of(), u.getViolations());
        }

        @Test
        void openLdap() {
            Mapping m = Mapping.openLdapDefaults();
            assertTrue(m.isUserIdFromEntryId());
            DirectoryEntry e = DirectoryEntry.builder("e-uuid", "uid=ada,ou=People,dc=example,dc=org")
                    .add("uid", "ada").add("cn", "Ada Lovelace").add("telephoneNumber", "+1 555 0100").build();
            MappedUser u = m.map(e);
            assertEquals(Optional.of("ada"), u.getValue(FieldKey.NAME));
            assertEquals(Optional.of("Ada Lovelace"), u.getValue(FieldKey.FULL_NAME));
            assertEquals(Optional.of("15550100"), u.getValue(FieldKey.EXTENSION));
            assertFalse(u.getFields().containsKey(FieldKey.EMAIL));
        }

        @Test
        void teams() {
            Mapping m = Mapping.teamsDefaults();
            assertTrue(m.isUserIdFromEntryId());
            DirectoryEntry e = DirectoryEntry.builder("graph-id", "adele@contoso.com")
                    .add("userPrincipalName", "adele@contoso.com").add("displayName", "Adele Vance")
                    .add("businessPhones", "+1 425 555 0109").add("mobilePhone", "+1 425 555 0110").build();
            MappedUser u = m.map(e);
            assertEquals(Optional.of("adele@contoso.com"), u.getValue(FieldKey.NAME));
            assertEquals(Optional.of("0109"), u.getValue(FieldKey.EXTENSION));
            assertEquals(Optional.of("+1 425 555 0110"), u.getValue(FieldKey.MOBILE_TWINNING));
            assertTrue(m.attributesUsed().contains("businessPhones"));
        }

        @Test
        void userIdFromEntryIdOnlyForBareId() {
            assertFalse(Mapping.builder().map(FieldKey.USER_ID, "objectGUID").map(FieldKey.NAME, "uid").build()
                    .isUserIdFromEntryId());
            assertFalse(Mapping.builder().map(FieldKey.USER_ID, "@id | lower").map(FieldKey.NAME, "uid").build()
                    .isUserIdFromEntryId());
        }
    }

    @Nested
    class MappingEntries {
        @Test
        void oneAttributeFeedsSeveralFields() {
            Mapping m = Mapping.builder().map(FieldKey.USER_ID, "@id").map(FieldKey.NAME, "sAMAccountName")
                    .map(FieldKey.FULL_NAME, "sAMAccountName | upper").build();
            MappedUser u = m.map(smith());
            assertEquals(Optional.of("jsmith"), u.getValue(FieldKey.NAME));
            assertEquals(Optional.of("JSMITH"), u.getValue(FieldKey.FULL_NAME));
            assertEquals(Set.of("sAMAccountName"), u.getFields().get(FieldKey.FULL_NAME).getSourceAttributes());
            assertEquals("sAMAccountName | upper", u.getFields().get(FieldKey.FULL_NAME).getRule());
        }

        @Test
        void entryDataIsCarried() {
            DirectoryEntry e = smith().toBuilder().enabled(false).build();
            MappedUser u = Mapping.activeDirectoryDefaults().map(e);
            assertEquals(e.getId(), u.getEntryId());
            assertEquals(SMITH_DN, u.getEntryReference());
            assertFalse(u.isEnabled());
        }

        @Test
        void fieldWithoutValueIsAbsent() {
            MappedUser u = Mapping.activeDirectoryDefaults().map(DirectoryEntry.builder("i", "r").build());
            assertEquals(Set.of(FieldKey.USER_ID), u.getFields().keySet());
            assertEquals(List.of(), u.getViolations());
        }

        @Test
        void severalValuesForASingleValuedFieldKeepTheFirstWithAWarning() {
            DirectoryEntry e = smith().toBuilder().put("mail", List.of("first@x.com", "second@x.com")).build();
            MappedUser u = Mapping.activeDirectoryDefaults().map(e);
            assertEquals(List.of("first@x.com"), u.getFields().get(FieldKey.EMAIL).getValues());
            assertEquals(1, u.getViolations().size());
            Violation v = u.getViolations().get(0);
            assertEquals(ViolationCode.MULTIPLE_VALUES, v.getCode());
            assertEquals(Severity.WARNING, v.getSeverity());
            assertEquals(Optional.of(FieldKey.EMAIL), v.getField());
            assertEquals(SMITH_DN, v.getEntryReference());
            assertEquals(Optional.of(e.getId()), v.getUserId());
            assertEquals("field 'email' got 2 values from rule 'mail'; the first, 'first@x.com', is used",
                    v.getMessage());
        }

        @Test
        void multiValuedFieldKeepsAllValues() {
            DirectoryEntry e = DirectoryEntry.builder("i", "r").add("uid", "u")
                    .add("memberOf", "CN=A,OU=G", "CN=B,OU=G").build();
            Mapping m = Mapping.builder().map(FieldKey.USER_ID, "@id").map(FieldKey.NAME, "uid")
                    .map(FieldKey.GROUPS, "memberOf | cn").build();
            MappedUser u = m.map(e);
            assertEquals(List.of("A", "B"), u.getFields().get(FieldKey.GROUPS).getValues());
            assertEquals(List.of(), u.getViolations());
        }

        @Test
        void failingRuleGivesAnErrorNamingEntryFieldAndRuleAndKeepsTheOtherFields() {
            DirectoryEntry e = DirectoryEntry.builder("id-9", "uid=bad,ou=People").add("uid", "bad")
                    .add("memberOf", "CN=Broken\\").add("mail", "bad@example.com").build();
            Mapping m = Mapping.builder().map(FieldKey.USER_ID, "@id").map(FieldKey.NAME, "uid")
                    .map(FieldKey.EMAIL, "mail").map(FieldKey.GROUPS, "memberOf | cn").build();
            MappedUser u = m.map(e);
            assertEquals(Optional.of("bad"), u.getValue(FieldKey.NAME));
            assertEquals(Optional.of("bad@example.com"), u.getValue(FieldKey.EMAIL));
            assertFalse(u.getFields().containsKey(FieldKey.GROUPS));
            assertEquals(1, u.getViolations().size());
            Violation v = u.getViolations().get(0);
            assertEquals(ViolationCode.MAPPING_FAILED, v.getCode());
            assertEquals(Severity.ERROR, v.getSeverity());
            assertEquals(Optional.of(FieldKey.GROUPS), v.getField());
            assertEquals(Optional.of("id-9"), v.getUserId());
            assertEquals("uid=bad,ou=People", v.getEntryReference());
            assertTrue(v.getMessage().contains("field 'groups'"), v.getMessage());
            assertTrue(v.getMessage().contains("entry 'uid=bad,ou=People'"), v.getMessage());
            assertTrue(v.getMessage().contains("rule 'memberOf | cn'"), v.getMessage());
            assertTrue(v.getMessage().contains("a backslash at the end"), v.getMessage());
        }

        @Test
        void regexBlowingTheStackBecomesAMappingFailure() {
            String deep = "ab".repeat(1_000_000);
            DirectoryEntry e = DirectoryEntry.builder("i", "uid=deep").add("uid", "u").add("description", deep).build();
            Mapping m = Mapping.builder().map(FieldKey.USER_ID, "@id").map(FieldKey.NAME, "uid")
                    .map(FieldKey.of("description"), "description | replace('(a|b)*', 'x')").build();
            MappedUser u = m.map(e);
            assertEquals(Optional.of("u"), u.getValue(FieldKey.NAME));
            assertFalse(u.getFields().containsKey(FieldKey.of("description")));
            assertEquals(ViolationCode.MAPPING_FAILED, u.getViolations().get(0).getCode());
            assertTrue(u.getViolations().get(0).getMessage().contains("step 'replace' failed: StackOverflowError"),
                    u.getViolations().get(0).getMessage());
        }

        @Test
        void sourceAttributesIncludeOrAttributes() {
            MappedUser u = Mapping.activeDirectoryDefaults().map(smith());
            assertEquals(List.of("ipPhone", "telephoneNumber"),
                    List.copyOf(u.getFields().get(FieldKey.EXTENSION).getSourceAttributes()));
            assertEquals("ipPhone | or(telephoneNumber) | digits", u.getFields().get(FieldKey.EXTENSION).getRule());
        }

        @Test
        void secretValuesNeverAppearInViolations() {
            DirectoryEntry e = DirectoryEntry.builder("i", "r").add("uid", "u").add("pin", "9876", "5432").build();
            Mapping m = Mapping.builder().map(FieldKey.USER_ID, "@id").map(FieldKey.NAME, "uid")
                    .mapOnCreate(FieldKey.LOGIN_CODE, "pin | default('1111')").build();
            MappedUser u = m.map(e);
            assertEquals(List.of("9876"), u.getFields().get(FieldKey.LOGIN_CODE).getValues());
            Violation v = u.getViolations().get(0);
            assertEquals(ViolationCode.MULTIPLE_VALUES, v.getCode());
            assertFalse(v.toString().contains("9876") || v.toString().contains("5432") || v.toString().contains("1111"),
                    v.toString());
            assertFalse(u.toString().contains("9876"), u.toString());
            assertEquals("pin | default('****')", u.getFields().get(FieldKey.LOGIN_CODE).getRule());
        }

        @Test
        void hostileValuesPassThroughUnchangedUnlessAStepChangesThem() {
            String rtl = "\u05D9\u05D5\u05E1\u05E3 \u05DB\u05D4\u05DF";
            String combining = "Zoe\u0308 Ame\u0301lie";
            String emoji = "Ops \uD83D\uDE80 Team";
            String nul = "bad\u0000name";
            DirectoryEntry e = DirectoryEntry.builder("\uD83D\uDD11-id", "CN=\\23hash,OU=x")
                    .add("uid", "  padded  ")
                    .add("displayName", rtl)
                    .add("description", combining)
                    .add("department", emoji)
                    .add("title", nul)
                    .add("telephoneNumber", "\u0661\u0662\u0663\u0664")
                    .add("memberOf", "CN=Smith\\, John,OU=Groups", "cn=\\23hash,ou=g")
                    .build();
            Mapping m = Mapping.builder()
                    .map(FieldKey.USER_ID, "@id")
                    .map(FieldKey.NAME, "uid | trim")
                    .map(FieldKey.FULL_NAME, "displayName")
                    .map(FieldKey.of("description"), "description | last(5)")
                    .map(FieldKey.of("department"), "department | first(5)")
                    .map(FieldKey.of("title"), "title")
                    .map(FieldKey.EXTENSION, "telephoneNumber | digits")
                    .map(FieldKey.GROUPS, "memberOf | cn")
                    .map(FieldKey.of("site"), "@reference | cn")
                    .build();
            MappedUser u = m.map(e);
            assertEquals(Optional.of("\uD83D\uDD11-id"), u.getUserId());
            assertEquals(Optional.of("padded"), u.getValue(FieldKey.NAME));
            assertEquals(Optional.of(rtl), u.getValue(FieldKey.FULL_NAME));
            assertEquals(Optional.of("e\u0301lie"), u.getValue(FieldKey.of("description")));
            assertEquals(Optional.of("Ops \uD83D\uDE80"), u.getValue(FieldKey.of("department")));
            assertEquals(Optional.of(nul), u.getValue(FieldKey.of("title")));
            assertEquals(Optional.of("1234"), u.getValue(FieldKey.EXTENSION));
            assertEquals(List.of("Smith, John", "#hash"), u.getFields().get(FieldKey.GROUPS).getValues());
            assertEquals(Optional.of("#hash"), u.getValue(FieldKey.of("site")));
            assertEquals(List.of(), u.getViolations());
        }

        @Test
        void mapIsDeterministic() {
            Mapping m = Mapping.activeDirectoryDefaults();
            assertEquals(m.map(smith()), m.map(smith()));
        }
    }

    @Nested
    class FromProperties {
        Map<String, String> props(String... kv) {
            Map<String, String> p = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                p.put(kv[i], kv[i + 1]);
            }
            return p;
        }

        @Test
        void readsRulesAndCreateOnlyFlagsAndIgnoresOtherKeys() {
            Mapping m = Mapping.fromProperties(props(
                    "map.userId", "@id",
                    "map.name", "sAMAccountName",
                    "map.extension", "ipPhone | or(telephoneNumber) | digits",
                    "map.extension.createOnly", " TRUE ",
                    "map.loginCode", "'0000'",
                    "map.loginCode.createOnly", "false",
                    "map.department", "department",
                    "schedule.enabled", "true",
                    "sync.name", "AD"));
            assertTrue(m.rules().get(FieldKey.EXTENSION).isCreateOnly());
            assertFalse(m.rules().get(FieldKey.LOGIN_CODE).isCreateOnly());
            assertEquals(MappingRule.parse("department"), m.rules().get(FieldKey.of("department")).getRule());
            assertEquals(Mapping.builder().map(FieldKey.USER_ID, "@id").map(FieldKey.NAME, "sAMAccountName")
                    .mapOnCreate(FieldKey.EXTENSION, "ipPhone | or(telephoneNumber) | digits")
                    .map(FieldKey.LOGIN_CODE, "'0000'").map(FieldKey.of("department"), "department").build(), m);
        }

        @Test
        void standardFieldNamesAreCaseInsensitive() {
            Mapping m = Mapping.fromProperties(props("map.USERID", "@id", "map.Name", "uid"));
            assertEquals(MappingRule.parse("uid"), m.rules().get(FieldKey.NAME).getRule());
        }

        @Test
        void everyBadKeyIsReportedAtOnceNamingTheKey() {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> Mapping.fromProperties(props(
                    "map.extension", "telephoneNumber | last(x)",
                    "map.email", "  ",
                    "map.9bad", "mail",
                    "map.mobileTwinning.createOnly", "yes",
                    "map.fullName.createOnly", "true",
                    "map.Email", "mail")));
            List<String> p = e.getProblems();
            assertTrue(p.contains("map.9bad: invalid field name '9bad': a field name is a letter followed by up to 63 "
                    + "letters, digits, '_', '.' or '-'"), e.getMessage());
            assertTrue(p.contains("map.email: the rule is empty; remove the key to leave field 'email' unmapped")
                    || p.contains("map.email: field 'email' is already set by key map.Email"), e.getMessage());
            assertTrue(p.contains("map.extension: rule 'telephoneNumber | last(x)': at position 24: expected a number"),
                    e.getMessage());
            assertTrue(p.contains("map.mobileTwinning.createOnly: expected true or false, found 'yes'"), e.getMessage());
            assertTrue(p.contains("map.fullName.createOnly: field 'fullName' has no rule (map.fullName)"),
                    e.getMessage());
            assertTrue(p.contains("map.userId: missing; mapping the User Identification field is mandatory"),
                    e.getMessage());
            assertTrue(p.contains("map.name: missing; mapping the Name field is mandatory"), e.getMessage());
            assertTrue(p.contains("map.mobileTwinning.createOnly: field 'mobileTwinning' has no rule (map.mobileTwinning)"),
                    e.getMessage());
            assertEquals(8, p.size(), e.getMessage());
        }

        @Test
        void sameFieldTwiceIsAnError() {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> Mapping.fromProperties(props(
                    "map.userId", "@id", "map.name", "uid", "map.Name", "cn")));
            assertEquals(List.of("map.name: field 'name' is already set by key map.Name"), e.getProblems());
        }

        @Test
        void emptyPropertiesNameBothMandatoryMappings() {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> Mapping.fromProperties(Map.of("other", "x")));
            assertEquals(2, e.getProblems().size());
        }
    }
}

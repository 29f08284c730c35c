package org.pbxsync.core.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DirectoryEntryTest {

    private static DirectoryEntry sample() {
        return DirectoryEntry.builder("guid-1", "CN=Smith\\, John,OU=Staff,DC=corp,DC=example")
                .add("cn", "John Smith")
                .add("cn;lang-fr", "Jean Smith")
                .add("telephoneNumber", "+1 555 0100", "+1 555 0101")
                .addGroup("Sales")
                .build();
    }

    @Test
    void lookUpIgnoresCaseOfNamesAndOptions() {
        DirectoryEntry e = sample();
        assertEquals(List.of("John Smith"), e.get("CN"));
        assertEquals(List.of("Jean Smith"), e.get("Cn;LANG-FR"));
        assertEquals(List.of("+1 555 0100", "+1 555 0101"), e.get("TELEPHONENUMBER"));
    }

    @Test
    void baseNameDoesNotMatchValuesWithOptions() {
        DirectoryEntry e = DirectoryEntry.builder("1", "ref").add("cn;lang-fr", "Jean").build();
        assertEquals(List.of(), e.get("cn"));
        assertFalse(e.has("cn"));
        assertTrue(e.has("cn;lang-fr"));
    }

    @Test
    void optionOrderDoesNotMatter() {
        DirectoryEntry e = DirectoryEntry.builder("1", "ref").add("userCertificate;binary;lang-en", "x").build();
        assertEquals(List.of("x"), e.get("usercertificate;LANG-EN;Binary"));
        assertEquals("cn;a;b", DirectoryEntry.normalize(" CN;B;a "));
    }

    @Test
    void valuesKeepSourceOrderAndAbsentAttributeIsEmpty() {
        DirectoryEntry e = sample();
        assertEquals(Optional.of("+1 555 0100"), e.getFirst("telephoneNumber"));
        assertEquals(List.of(), e.get("mobile"));
        assertEquals(Optional.empty(), e.getFirst("mobile"));
    }

    @Test
    void addAppendsPutReplacesAndEmptyPutRemoves() {
        DirectoryEntry.Builder b = DirectoryEntry.builder("1", "ref").add("mail", "a@x").add("MAIL", "b@x");
        assertEquals(List.of("a@x", "b@x"), b.build().get("mail"));
        b.put("mail", List.of("c@x"));
        assertEquals(List.of("c@x"), b.build().get("mail"));
        b.put("mail", List.of());
        assertFalse(b.build().has("mail"));
    }

    @Test
    void nullValuesAreIgnoredAndNoEmptyAttributeIsStored() {
        DirectoryEntry e = DirectoryEntry.builder("1", "ref").add("mail", (String) null).build();
        assertFalse(e.has("mail"));
        assertTrue(e.getAttributeNames().isEmpty());
    }

    @Test
    void blankIdIsRefusedNamingTheEntry() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> DirectoryEntry.builder("  ", "uid=jdoe,ou=People"));
        assertTrue(ex.getMessage().contains("uid=jdoe,ou=People"), ex.getMessage());
    }

    @Test
    void builtEntryIsNotChangedByItsBuilder() {
        DirectoryEntry.Builder b = DirectoryEntry.builder("1", "ref").add("mail", "a@x").addGroup("G1");
        DirectoryEntry first = b.build();
        b.add("mail", "b@x").addGroup("G2").enabled(false);
        assertEquals(List.of("a@x"), first.get("mail"));
        assertEquals(List.of("G1"), first.getGroups());
        assertTrue(first.isEnabled());
    }

    @Test
    void equalityCoversValuesAndToBuilderRoundTrips() {
        DirectoryEntry e = sample();
        assertEquals(e, e.toBuilder().build());
        assertNotEquals(e, e.toBuilder().add("cn", "Other").build());
        assertNotEquals(e, e.toBuilder().enabled(false).build());
    }

    @Test
    void toStringShowsNamesButNoValues() {
        String s = DirectoryEntry.builder("1", "ref").add("userPassword", "s3cret-value").build().toString();
        assertTrue(s.contains("userPassword"), s);
        assertFalse(s.contains("s3cret-value"), s);
    }

    @Test
    void checkpointToStringHidesTheValue() {
        Checkpoint c = new Checkpoint("graph-delta", "https://graph/users/delta?$deltatoken=SECRETTOKEN");
        assertFalse(c.toString().contains("SECRETTOKEN"), c.toString());
    }

    @Test
    void connectionTestResultSummarisesFirstFailure() {
        ConnectionTestResult r = new ConnectionTestResult(List.of(
                ConnectionTestResult.Check.ok("connect", "reached 127.0.0.1:389"),
                ConnectionTestResult.Check.failed("bind", "invalid credentials for cn=sync")));
        assertFalse(r.isSuccess());
        assertEquals("bind: invalid credentials for cn=sync", r.summary());
        assertFalse(new ConnectionTestResult(List.of()).isSuccess());
    }
}

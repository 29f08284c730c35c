package org.pbxsync.pbx.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxSystem;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.model.ProvisioningRule;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.pbx.PbxConflictException;

class FilePbxTargetTest {
    @TempDir
    Path dir;

    static PlannedOperation create(PbxUser u) {
        return PlannedOperation.builder().type(OperationType.CREATE).userId(u.getUserId()).name(u.getName()).after(u).build();
    }

    static PbxUser user(String id, String name, String ext) {
        return PbxUser.builder().userId(id).owner("s").putFields(FieldKey.NAME, name).putFields(FieldKey.EXTENSION, ext)
                .putFields(FieldKey.LOGIN_CODE, "123456").addGroups("Sales").system("main").build();
    }

    @Test
    void everythingRoundTripsThroughTheFile() {
        Path file = dir.resolve("pbx.json");
        PbxSnapshot initial = PbxSnapshot.builder()
                .addRules(ProvisioningRule.builder().name("SIP").extensionType("SIP").startExtension("2000").system("main").build())
                .addSystems(PbxSystem.builder().name("main").lan1("10.0.0.1").fqdn("pbx.example").primary(true).build(),
                        PbxSystem.builder().name("branch").lan2("10.0.1.2").build())
                .addGroups("Sales", "Support").addReservedExtensions("200").build();
        FilePbxTarget pbx = FilePbxTarget.open(file, initial);
        pbx.createUser(create(user("a", "Alice", "100")));
        PbxSnapshot reopened = FilePbxTarget.open(file).read();
        assertEquals(pbx.read(), reopened);
        assertEquals(initial.getRules(), reopened.getRules());
        assertEquals(initial.getSystems(), reopened.getSystems());
        assertEquals(user("a", "Alice", "100"), reopened.getUsers().get(0));
    }

    @Test
    void refusedWriteLeavesTheFileAsItWas() throws IOException {
        Path file = dir.resolve("pbx.json");
        FilePbxTarget pbx = FilePbxTarget.open(file, PbxSnapshot.builder().addGroups("Sales").addSystems(
                PbxSystem.builder().name("main").primary(true).build()).build());
        pbx.createUser(create(user("a", "Alice", "100")));
        String before = Files.readString(file);
        assertThrows(PbxConflictException.class, () -> pbx.createUser(create(user("b", "alice", "101"))));
        assertEquals(before, Files.readString(file));
        assertEquals(1, pbx.read().getUsers().size());
    }

    @Test
    void invalidFileIsAnErrorNamingTheFile() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"format\": 1, \"users\": [ {\"userId\": \"a\"} ]}");
        SyncException e = assertThrows(SyncException.class, () -> FilePbxTarget.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("users[0]"), e.getMessage());
        Files.writeString(file, "{not json");
        e = assertThrows(SyncException.class, () -> FilePbxTarget.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not valid JSON"), e.getMessage());
        Files.writeString(file, "{\"format\": 7}");
        e = assertThrows(SyncException.class, () -> FilePbxTarget.open(file));
        assertTrue(e.getMessage().contains("newer version"), e.getMessage());
        Files.writeString(file, "{\"format\": 1, \"users\": [ {\"userId\": \"a\", \"fields\": {\"name\": \"X\"}},"
                + " {\"userId\": \"b\", \"fields\": {\"name\": \"x\"}} ]}");
        e = assertThrows(SyncException.class, () -> FilePbxTarget.open(file));
        assertTrue(e.getMessage().contains("breaks the PBX's rules"), e.getMessage());
    }

    @Test
    void editsByHandAreSeenByTheNextRead() throws IOException {
        Path file = dir.resolve("pbx.json");
        FilePbxTarget pbx = FilePbxTarget.open(file);
        assertTrue(pbx.read().getUsers().isEmpty());
        Files.writeString(file, "{\"format\": 1, \"users\": [ {\"userId\": \"h\", \"fields\": {\"name\": \"Hand\"}} ]}");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertEquals("Hand", pbx.read().getUsers().get(0).getName());
        assertFalse(pbx.read().getUsers().get(0).getOwner().isPresent());
    }
}

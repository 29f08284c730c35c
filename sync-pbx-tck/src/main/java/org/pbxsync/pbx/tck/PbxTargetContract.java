package org.pbxsync.pbx.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.pbx.Capabilities;
import org.pbxsync.pbx.CreateUserOp;
import org.pbxsync.pbx.DeleteUserOp;
import org.pbxsync.pbx.DisableUserOp;
import org.pbxsync.pbx.PbxConflictException;
import org.pbxsync.pbx.PbxOperation;
import org.pbxsync.pbx.PbxTarget;
import org.pbxsync.pbx.PbxUserNotFoundException;
import org.pbxsync.pbx.SpiVersions;
import org.pbxsync.pbx.UpdateUserOp;

/**
 * The conformance suite for {@link PbxTarget} implementations. To run a target against it, write
 * a JUnit 5 test class that extends this one and implements {@link #createTarget()}:
 *
 * <pre>
 * class MyPbxTargetContractTest extends PbxTargetContract {
 *     &#64;Override
 *     protected PbxTarget createTarget() {
 *         return new MyPbxTarget(testPbxConnection());   // a PBX (or simulator) just for tests
 *     }
 * }
 * </pre>
 *
 * <p>Each test gets a fresh target from {@link #createTarget()} and closes it afterwards. The
 * target may already hold users (made by hand, or owned by other syncs), rules, systems, groups
 * and reserved extensions; the suite creates its own users, owned by {@link #owner()}, with
 * User Identifications starting {@code tck-}, and checks after every test that it left every
 * other user exactly as it was.
 *
 * <p>What is checked: the SPI version; reading a consistent snapshot; creating users with owner
 * and User Identification read back exactly (ownership round-trip); updating only the fields
 * listed in the changes; deleting; disabling and enabling; uniqueness errors ({@link
 * PbxConflictException} for a taken name, extension, reserved extension or User
 * Identification, with nothing written); {@link PbxUserNotFoundException} for a missing user;
 * refusing writes to a user whose owner is not the one read; and idempotent re-application of
 * every write. Tests of a capability the target does not implement ({@link CreateUserOp},
 * {@link UpdateUserOp}, {@link DeleteUserOp}, {@link DisableUserOp}) are skipped, with the reason
 * printed to standard error and given to JUnit.
 *
 * <p>Override the {@code protected} hooks when your PBX needs other test data: {@link
 * #newUser(PbxSnapshot, int)} (for example to add mandatory fields), {@link
 * #freeExtension(PbxSnapshot, int)} (your numbering plan), {@link #owner()}, and {@link
 * #reopen(PbxTarget)} to also check that writes survive a restart.
 */
public abstract class PbxTargetContract {
    private PbxTarget target;
    private PbxSnapshot initial;
    private String testName = "?";

    /**
     * Returns a fresh target for one test. Called before each test; the suite closes it after.
     * Writes must reach a PBX (or simulator) that no one else uses during the test.
     *
     * @return a new target; not null
     */
    protected abstract PbxTarget createTarget();

    /**
     * @return the owner (sync name) written on the users the suite creates; {@code tck-sync} by default
     */
    protected String owner() {
        return "tck-sync";
    }

    /**
     * Opens the same PBX again as a restarted process would (a new instance on the same data).
     * The default returns empty, and the restart test is skipped.
     *
     * @param target the target under test, after some writes; not null
     * @return a new target on the same PBX, or empty if the PBX keeps no state across instances
     */
    protected Optional<PbxTarget> reopen(PbxTarget target) {
        return Optional.empty();
    }

    /**
     * Returns the n-th user the suite creates. The default has User Identification {@code
     * tck-<n>}, the {@link #owner()}, Name {@code TCK User <n>}, a Full Name, an Email, an
     * extension from {@link #freeExtension(PbxSnapshot, int)}, and a login code.
     *
     * @param snapshot the PBX as read before the test; not null
     * @param n 1, 2, 3... distinct within a test
     * @return the user to create; its name and extension must be free on the PBX
     */
    protected PbxUser newUser(PbxSnapshot snapshot, int n) {
        return PbxUser.builder().userId("tck-" + n).owner(owner())
                .putFields(FieldKey.NAME, "TCK User " + n)
                .putFields(FieldKey.FULL_NAME, "Test User Number " + n)
                .putFields(FieldKey.EMAIL, "tck" + n + "@example.test")
                .putFields(FieldKey.EXTENSION, freeExtension(snapshot, n))
                .putFields(FieldKey.LOGIN_CODE, "4711" + n)
                .build();
    }

    /**
     * Returns an extension number no user and no reserved number on the PBX uses, different
     * for each {@code n}. The default searches upwards from {@code 7000 + 10 * n}.
     *
     * @param snapshot the PBX as read before the test; not null
     * @param n 1, 2, 3...
     * @return a free extension
     */
    protected String freeExtension(PbxSnapshot snapshot, int n) {
        Set<String> used = new HashSet<>(snapshot.getReservedExtensions());
        snapshot.getUsers().forEach(u -> u.getExtension().ifPresent(used::add));
        for (int e = 7000 + 10 * n; ; e++) {
            if (!used.contains(Integer.toString(e))) {
                return Integer.toString(e);
            }
        }
    }

    @BeforeEach
    protected final void openTarget(TestInfo info) {
        testName = info.getDisplayName();
        target = createTarget();
        assertNotNull(target, "createTarget() returned null");
        initial = target.read();
        assertNotNull(initial, "read() returned null");
        for (PbxUser u : initial.getUsers()) {
            if (u.getUserId().startsWith("tck-") && u.getOwner().equals(Optional.of(owner()))) {
                fail("createTarget() must return a fresh PBX, but it already holds the suite's user " + u.getUserId());
            }
        }
    }

    @AfterEach
    protected final void closeTarget() {
        if (target == null) {
            return;
        }
        try {
            PbxSnapshot after = target.read();
            Map<String, PbxUser> now = after.getUsers().stream()
                    .collect(Collectors.toMap(PbxUser::getUserId, u -> u, (a, b) -> a, TreeMap::new));
            for (PbxUser u : initial.getUsers()) {
                assertEquals(u, now.get(u.getUserId()), "the suite must leave users it did not create as they were,"
                        + " but user " + u.getUserId() + " changed");
            }
        } finally {
            target.close();
            target = null;
        }
    }

    /** @return the target of the current test */
    protected final PbxTarget target() {
        return target;
    }

    /** @return the snapshot read when the current test started */
    protected final PbxSnapshot initialSnapshot() {
        return initial;
    }

    private void require(Class<? extends PbxOperation> capability) {
        if (!capability.isInstance(target)) {
            skip(target.describe() + " does not implement " + capability.getSimpleName());
        }
    }

    private void skip(String reason) {
        String message = "PbxTargetContract: skipped '" + testName + "' because " + reason;
        System.err.println(message);
        Assumptions.assumeTrue(false, message);
    }

    private PbxUser created(int n) {
        require(CreateUserOp.class);
        PbxUser user = newUser(initial, n);
        ((CreateUserOp) target).createUser(Operations.create(user));
        return user;
    }

    private Optional<PbxUser> read(String userId) {
        List<PbxUser> found = target.read().getUsers().stream().filter(u -> u.getUserId().equals(userId)).toList();
        assertTrue(found.size() <= 1, "read() returned " + found.size() + " users with User Identification " + userId);
        return found.stream().findFirst();
    }

    private PbxUser readExisting(String userId) {
        return read(userId).orElseGet(() -> fail("read() does not return user " + userId));
    }

    /**
     * Checks that the PBX holds {@code expected}: same User Identification, owner, enabled flag,
     * groups and system, and every field of {@code expected} with the same value. A PBX may
     * refuse to read back secret fields (login and voicemail codes), so those may be absent; it
     * may also hold fields of its own.
     */
    private void assertHolds(PbxUser expected, PbxUser actual) {
        String who = "user " + expected.getUserId();
        assertEquals(expected.getUserId(), actual.getUserId(), who + ": User Identification");
        assertEquals(expected.getOwner(), actual.getOwner(), who + ": owner (ownership must round-trip)");
        assertEquals(expected.isEnabled(), actual.isEnabled(), who + ": enabled");
        assertEquals(expected.getGroups(), actual.getGroups(), who + ": groups");
        if (expected.getSystem().isPresent()) {
            assertEquals(expected.getSystem(), actual.getSystem(), who + ": system");
        }
        for (Map.Entry<FieldKey, String> f : expected.getFields().entrySet()) {
            Optional<String> got = actual.get(f.getKey());
            if (f.getKey().isSecret() && got.isEmpty()) {
                continue;
            }
            assertEquals(Optional.of(f.getValue()), got.map(v -> f.getKey().isSecret() ? v : v),
                    who + ": field " + f.getKey().getName() + (f.getKey().isSecret() ? " (secret, value not shown)" : ""));
        }
    }

    private <T extends Throwable> T assertNothingWritten(Class<T> expected, Runnable write, String what) {
        PbxSnapshot before = target.read();
        T thrown = assertThrows(expected, write::run, what + " must throw " + expected.getSimpleName());
        assertNotNull(thrown.getMessage(), what + ": the exception needs a message");
        assertEquals(asMap(before), asMap(target.read()), what + " failed, so it must not change the PBX");
        return thrown;
    }

    private static Map<String, PbxUser> asMap(PbxSnapshot s) {
        return s.getUsers().stream().collect(Collectors.toMap(PbxUser::getUserId, u -> u, (a, b) -> a, TreeMap::new));
    }

    // ---------------------------------------------------------------- general

    /** The target reports an SPI version this library supports. */
    @Test
    @DisplayName("spiVersion() is supported by this sync-pbx-spi")
    public void spiVersionIsSupported() {
        SpiVersions.check(target);
        assertTrue(SpiVersions.supported().contains(target.spiVersion()));
    }

    /** describe() says something. */
    @Test
    @DisplayName("describe() is not blank")
    public void describeIsNotBlank() {
        assertNotNull(target.describe());
        assertFalse(target.describe().isBlank(), "describe() must name the PBX");
    }

    /** Two reads without writes in between return the same users, each User Identification once. */
    @Test
    @DisplayName("read() is complete and stable")
    public void readIsStable() {
        PbxSnapshot again = target.read();
        assertEquals(asMap(initial), asMap(again), "two reads without a write in between must return the same users");
        Set<String> ids = new HashSet<>();
        for (PbxUser u : again.getUsers()) {
            assertTrue(ids.add(u.getUserId()), "read() returned User Identification " + u.getUserId() + " twice");
        }
        assertEquals(initial.getRules(), again.getRules(), "rules");
        assertEquals(initial.getSystems(), again.getSystems(), "systems");
        assertEquals(initial.getGroups(), again.getGroups(), "groups");
    }

    /** The capability interfaces the target implements are what Capabilities reports. */
    @Test
    @DisplayName("capabilities are derived from the implemented interfaces")
    public void capabilitiesMatchInterfaces() {
        assertEquals(target instanceof CreateUserOp, Capabilities.of(target).contains(org.pbxsync.core.model.OperationType.CREATE));
        assertEquals(target instanceof DisableUserOp, Capabilities.of(target).contains(org.pbxsync.core.model.OperationType.ENABLE));
    }

    // ---------------------------------------------------------------- create

    /** A created user is read back with its User Identification, owner, fields and enabled flag. */
    @Test
    @DisplayName("create: the user is read back with owner, User Identification and fields")
    public void createdUserIsReadBack() {
        PbxUser user = created(1);
        assertHolds(user, readExisting(user.getUserId()));
        assertEquals(initial.getUsers().size() + 1, target.read().getUsers().size(), "exactly one user was added");
    }

    /** Creating the same user twice (a retry after a lost reply) leaves one user and no error. */
    @Test
    @DisplayName("create: applying the same create twice is idempotent")
    public void createIsIdempotent() {
        PbxUser user = created(1);
        ((CreateUserOp) target).createUser(Operations.create(user));
        assertHolds(user, readExisting(user.getUserId()));
        assertEquals(initial.getUsers().size() + 1, target.read().getUsers().size(), "a repeated create must not add a user");
    }

    /** Several users can be created, each with its own values. */
    @Test
    @DisplayName("create: several users")
    public void createsSeveralUsers() {
        PbxUser a = created(1);
        PbxUser b = created(2);
        PbxUser c = created(3);
        for (PbxUser u : List.of(a, b, c)) {
            assertHolds(u, readExisting(u.getUserId()));
        }
    }

    /** A create whose name another user has is refused with PbxConflictException; nothing is written. */
    @Test
    @DisplayName("create: a taken name is a PbxConflictException and writes nothing")
    public void createWithTakenNameFails() {
        PbxUser a = created(1);
        PbxUser b = newUser(initial, 2);
        PbxUser clash = PbxUser.builder().from(b).putFields(FieldKey.NAME, a.getName()).build();
        assertNothingWritten(PbxConflictException.class, () -> ((CreateUserOp) target).createUser(Operations.create(clash)),
                "creating a user named like another");
        assertTrue(read(b.getUserId()).isEmpty());
    }

    /** Error messages never show a login or voicemail code. */
    @Test
    @DisplayName("errors: messages never show login or voicemail codes")
    public void errorMessagesHideSecrets() {
        PbxUser a = created(1);
        String secret = "80808080";
        PbxUser clash = PbxUser.builder().from(newUser(initial, 2)).putFields(FieldKey.NAME, a.getName())
                .putFields(FieldKey.LOGIN_CODE, secret).putFields(FieldKey.VOICEMAIL_CODE, secret).build();
        PbxConflictException e = assertThrows(PbxConflictException.class,
                () -> ((CreateUserOp) target).createUser(Operations.create(clash)));
        assertFalse(String.valueOf(e.getMessage()).contains(secret), "the message shows a secret: " + e.getMessage());
        assertFalse(String.valueOf(e).contains(secret));
    }

    /** A create whose extension another user has is refused with PbxConflictException. */
    @Test
    @DisplayName("create: a taken extension is a PbxConflictException and writes nothing")
    public void createWithTakenExtensionFails() {
        PbxUser a = created(1);
        PbxUser b = newUser(initial, 2);
        PbxUser clash = PbxUser.builder().from(b).putFields(FieldKey.EXTENSION, a.getExtension().orElseThrow()).build();
        assertNothingWritten(PbxConflictException.class, () -> ((CreateUserOp) target).createUser(Operations.create(clash)),
                "creating a user with another's extension");
    }

    /** A create on a reserved extension is refused (skipped when the PBX reserves none). */
    @Test
    @DisplayName("create: a reserved extension is a PbxConflictException")
    public void createWithReservedExtensionFails() {
        require(CreateUserOp.class);
        if (initial.getReservedExtensions().isEmpty()) {
            skip("the fresh target reserves no extension");
        }
        String reserved = initial.getReservedExtensions().iterator().next();
        PbxUser user = PbxUser.builder().from(newUser(initial, 1)).putFields(FieldKey.EXTENSION, reserved).build();
        assertNothingWritten(PbxConflictException.class, () -> ((CreateUserOp) target).createUser(Operations.create(user)),
                "creating a user on reserved extension " + reserved);
    }

    /** A create whose User Identification belongs to a user with another owner is refused. */
    @Test
    @DisplayName("create: a User Identification owned by another sync is a PbxConflictException")
    public void createWithUserIdOfAnotherOwnerFails() {
        PbxUser a = created(1);
        PbxUser other = PbxUser.builder().from(newUser(initial, 2)).userId(a.getUserId()).owner(owner() + "-other").build();
        assertNothingWritten(PbxConflictException.class, () -> ((CreateUserOp) target).createUser(Operations.create(other)),
                "creating a user whose User Identification another owner holds");
        assertHolds(a, readExisting(a.getUserId()));
    }

    /** Users made by hand (no owner) are never taken over by a create. */
    @Test
    @DisplayName("create: a User Identification of a user made by hand is a PbxConflictException")
    public void createWithUserIdOfHandMadeUserFails() {
        require(CreateUserOp.class);
        Optional<PbxUser> handMade = initial.getUsers().stream().filter(u -> u.getOwner().isEmpty()).findFirst();
        if (handMade.isEmpty()) {
            skip("the fresh target holds no user made by hand (no owner)");
        }
        PbxUser clash = PbxUser.builder().from(newUser(initial, 1)).userId(handMade.get().getUserId()).build();
        assertNothingWritten(PbxConflictException.class, () -> ((CreateUserOp) target).createUser(Operations.create(clash)),
                "creating a user over a hand-made user's User Identification");
    }

    /** A user created with groups is read back with them (skipped when the PBX has no group). */
    @Test
    @DisplayName("create: group memberships round-trip")
    public void createWithGroups() {
        require(CreateUserOp.class);
        if (initial.getGroups().isEmpty()) {
            skip("the fresh target has no group");
        }
        String group = initial.getGroups().iterator().next();
        PbxUser user = PbxUser.builder().from(newUser(initial, 1)).addGroups(group).build();
        ((CreateUserOp) target).createUser(Operations.create(user));
        assertHolds(user, readExisting(user.getUserId()));
    }

    // ---------------------------------------------------------------- update

    /** An update changes the listed fields and nothing else; owner and User Identification stay. */
    @Test
    @DisplayName("update: changes the listed fields only, owner stays")
    public void updateChangesListedFields() {
        PbxUser user = created(1);
        require(UpdateUserOp.class);
        PbxUser before = readExisting(user.getUserId());
        PbxUser after = PbxUser.builder().from(before).putFields(FieldKey.FULL_NAME, "Renamed Person")
                .putFields(FieldKey.EMAIL, "renamed@example.test").build();
        ((UpdateUserOp) target).updateUser(Operations.update(before, after));
        assertHolds(after, readExisting(user.getUserId()));
    }

    /** A field not listed in the changes keeps the PBX's value even if getAfter() differs. */
    @Test
    @DisplayName("update: fields not listed in the changes are left as the PBX has them")
    public void updateLeavesUnlistedFields() {
        PbxUser user = created(1);
        require(UpdateUserOp.class);
        PbxUser before = readExisting(user.getUserId());
        PbxUser after = PbxUser.builder().from(before).putFields(FieldKey.FULL_NAME, "Changed").build();
        PlannedOperation op = Operations.update(before, after);
        PbxUser afterWithStrayEmail = PbxUser.builder().from(after).putFields(FieldKey.EMAIL, "stray@example.test").build();
        PlannedOperation narrowed = PlannedOperation.builder().from(op).after(afterWithStrayEmail).build();
        ((UpdateUserOp) target).updateUser(narrowed);
        PbxUser now = readExisting(user.getUserId());
        assertEquals(Optional.of("Changed"), now.get(FieldKey.FULL_NAME));
        assertEquals(before.get(FieldKey.EMAIL), now.get(FieldKey.EMAIL), "email was not in the changes, so it must stay");
    }

    /** A field whose new value is absent becomes blank. */
    @Test
    @DisplayName("update: a field changed to no value is cleared")
    public void updateClearsField() {
        PbxUser user = created(1);
        require(UpdateUserOp.class);
        PbxUser before = readExisting(user.getUserId());
        Map<FieldKey, String> fields = new TreeMap<>(before.getFields());
        fields.remove(FieldKey.EMAIL);
        PbxUser after = PbxUser.builder().from(before).fields(fields).build();
        ((UpdateUserOp) target).updateUser(Operations.update(before, after));
        assertEquals(Optional.empty(), readExisting(user.getUserId()).get(FieldKey.EMAIL));
    }

    /** Name and extension can change to free values. */
    @Test
    @DisplayName("update: name and extension change")
    public void updateNameAndExtension() {
        PbxUser user = created(1);
        require(UpdateUserOp.class);
        PbxUser before = readExisting(user.getUserId());
        PbxUser after = PbxUser.builder().from(before).putFields(FieldKey.NAME, "TCK Renamed 1")
                .putFields(FieldKey.EXTENSION, freeExtension(target.read(), 9)).build();
        ((UpdateUserOp) target).updateUser(Operations.update(before, after));
        assertHolds(after, readExisting(user.getUserId()));
    }

    /** Applying the same update twice gives the same result and no error. */
    @Test
    @DisplayName("update: applying the same update twice is idempotent")
    public void updateIsIdempotent() {
        PbxUser user = created(1);
        require(UpdateUserOp.class);
        PbxUser before = readExisting(user.getUserId());
        PbxUser after = PbxUser.builder().from(before).putFields(FieldKey.FULL_NAME, "Twice").build();
        PlannedOperation op = Operations.update(before, after);
        ((UpdateUserOp) target).updateUser(op);
        PbxSnapshot once = target.read();
        ((UpdateUserOp) target).updateUser(op);
        assertEquals(asMap(once), asMap(target.read()));
    }

    /** An update to another user's name is refused and writes nothing. */
    @Test
    @DisplayName("update: a taken name is a PbxConflictException and writes nothing")
    public void updateToTakenNameFails() {
        PbxUser a = created(1);
        PbxUser b = created(2);
        require(UpdateUserOp.class);
        PbxUser before = readExisting(b.getUserId());
        PbxUser after = PbxUser.builder().from(before).putFields(FieldKey.NAME, a.getName()).build();
        PbxConflictException e = assertNothingWritten(PbxConflictException.class,
                () -> ((UpdateUserOp) target).updateUser(Operations.update(before, after)), "renaming a user to a taken name");
        assertTrue(e.getField().isEmpty() || e.getField().get().equals(FieldKey.NAME),
                "the conflict is about the name, but the exception names " + e.getField());
    }

    /** An update to another user's extension is refused and writes nothing. */
    @Test
    @DisplayName("update: a taken extension is a PbxConflictException and writes nothing")
    public void updateToTakenExtensionFails() {
        PbxUser a = created(1);
        PbxUser b = created(2);
        require(UpdateUserOp.class);
        PbxUser before = readExisting(b.getUserId());
        PbxUser after = PbxUser.builder().from(before).putFields(FieldKey.EXTENSION, a.getExtension().orElseThrow()).build();
        assertNothingWritten(PbxConflictException.class,
                () -> ((UpdateUserOp) target).updateUser(Operations.update(before, after)), "moving a user to a taken extension");
    }

    /** An update of a user that does not exist is refused with PbxUserNotFoundException. */
    @Test
    @DisplayName("update: a missing user is a PbxUserNotFoundException")
    public void updateOfMissingUserFails() {
        require(UpdateUserOp.class);
        PbxUser ghost = newUser(initial, 1);
        PbxUser after = PbxUser.builder().from(ghost).putFields(FieldKey.FULL_NAME, "Ghost").build();
        PbxUserNotFoundException e = assertNothingWritten(PbxUserNotFoundException.class,
                () -> ((UpdateUserOp) target).updateUser(Operations.update(ghost, after)), "updating a missing user");
        assertEquals(ghost.getUserId(), e.getUserId());
    }

    /** An update whose operation read another owner than the user has now is refused. */
    @Test
    @DisplayName("update: a user whose owner changed since the read is a PbxConflictException")
    public void updateOfUserWithOtherOwnerFails() {
        PbxUser user = created(1);
        require(UpdateUserOp.class);
        PbxUser asIfOther = PbxUser.builder().from(readExisting(user.getUserId())).owner(owner() + "-other").build();
        PbxUser after = PbxUser.builder().from(asIfOther).putFields(FieldKey.FULL_NAME, "Taken over").build();
        assertNothingWritten(PbxConflictException.class,
                () -> ((UpdateUserOp) target).updateUser(Operations.update(asIfOther, after)),
                "updating a user the operation thinks another sync owns");
    }

    // ---------------------------------------------------------------- delete

    /** A deleted user is gone; deleting it again is not an error. */
    @Test
    @DisplayName("delete: the user is gone, and a repeated delete is idempotent")
    public void deleteRemovesUser() {
        PbxUser user = created(1);
        require(DeleteUserOp.class);
        PlannedOperation op = Operations.delete(readExisting(user.getUserId()));
        ((DeleteUserOp) target).deleteUser(op);
        assertTrue(read(user.getUserId()).isEmpty(), "the deleted user is still read");
        ((DeleteUserOp) target).deleteUser(op);
        assertTrue(read(user.getUserId()).isEmpty());
    }

    /** A delete frees the name and extension for a new user. */
    @Test
    @DisplayName("delete: frees the name and the extension")
    public void deleteFreesNameAndExtension() {
        PbxUser user = created(1);
        require(DeleteUserOp.class);
        ((DeleteUserOp) target).deleteUser(Operations.delete(readExisting(user.getUserId())));
        PbxUser successor = PbxUser.builder().from(newUser(initial, 2)).putFields(FieldKey.NAME, user.getName())
                .putFields(FieldKey.EXTENSION, user.getExtension().orElseThrow()).build();
        ((CreateUserOp) target).createUser(Operations.create(successor));
        assertHolds(successor, readExisting(successor.getUserId()));
    }

    /** A delete whose operation read another owner is refused and deletes nothing. */
    @Test
    @DisplayName("delete: a user whose owner changed since the read is a PbxConflictException")
    public void deleteOfUserWithOtherOwnerFails() {
        PbxUser user = created(1);
        require(DeleteUserOp.class);
        PbxUser asIfOther = PbxUser.builder().from(readExisting(user.getUserId())).owner(owner() + "-other").build();
        assertNothingWritten(PbxConflictException.class, () -> ((DeleteUserOp) target).deleteUser(Operations.delete(asIfOther)),
                "deleting a user the operation thinks another sync owns");
        assertTrue(read(user.getUserId()).isPresent());
    }

    // ---------------------------------------------------------------- disable / enable

    /** Disable keeps the record, owner and fields; enable brings the user back; both are idempotent. */
    @Test
    @DisplayName("disable and enable: the record stays; both are idempotent")
    public void disableAndEnable() {
        PbxUser user = created(1);
        require(DisableUserOp.class);
        DisableUserOp ops = (DisableUserOp) target;
        PbxUser before = readExisting(user.getUserId());
        ops.disableUser(Operations.disable(before));
        assertHolds(before.withEnabled(false), readExisting(user.getUserId()));
        ops.disableUser(Operations.disable(before));
        assertHolds(before.withEnabled(false), readExisting(user.getUserId()));
        PbxUser disabled = readExisting(user.getUserId());
        ops.enableUser(Operations.enable(disabled));
        assertHolds(before, readExisting(user.getUserId()));
        ops.enableUser(Operations.enable(disabled));
        assertHolds(before, readExisting(user.getUserId()));
    }

    /** A disabled user keeps its name and extension: nobody else may take them. */
    @Test
    @DisplayName("disable: the name and extension stay taken")
    public void disabledUserKeepsNameAndExtension() {
        PbxUser user = created(1);
        require(DisableUserOp.class);
        ((DisableUserOp) target).disableUser(Operations.disable(readExisting(user.getUserId())));
        PbxUser clash = PbxUser.builder().from(newUser(initial, 2)).putFields(FieldKey.NAME, user.getName()).build();
        assertNothingWritten(PbxConflictException.class, () -> ((CreateUserOp) target).createUser(Operations.create(clash)),
                "creating a user named like a disabled user");
    }

    /** Disabling a missing user is a PbxUserNotFoundException. */
    @Test
    @DisplayName("disable: a missing user is a PbxUserNotFoundException")
    public void disableOfMissingUserFails() {
        require(DisableUserOp.class);
        PbxUser ghost = newUser(initial, 1);
        assertNothingWritten(PbxUserNotFoundException.class, () -> ((DisableUserOp) target).disableUser(Operations.disable(ghost)),
                "disabling a missing user");
    }

    /** A disable whose operation read another owner is refused. */
    @Test
    @DisplayName("disable: a user whose owner changed since the read is a PbxConflictException")
    public void disableOfUserWithOtherOwnerFails() {
        PbxUser user = created(1);
        require(DisableUserOp.class);
        PbxUser asIfOther = PbxUser.builder().from(readExisting(user.getUserId())).owner(owner() + "-other").build();
        assertNothingWritten(PbxConflictException.class, () -> ((DisableUserOp) target).disableUser(Operations.disable(asIfOther)),
                "disabling a user the operation thinks another sync owns");
    }

    // ---------------------------------------------------------------- persistence

    /** Writes survive a restart (skipped unless {@link #reopen(PbxTarget)} is overridden). */
    @Test
    @DisplayName("restart: users written survive reopening the PBX")
    public void writesSurviveRestart() {
        PbxUser a = created(1);
        PbxUser b = created(2);
        Optional<PbxTarget> reopened = reopen(target);
        if (reopened.isEmpty()) {
            skip("reopen(PbxTarget) is not overridden, so the PBX is not known to keep state across instances");
        }
        PbxSnapshot written = target.read();
        try (PbxTarget again = reopened.get()) {
            assertEquals(asMap(written), asMap(again.read()), "the reopened PBX must hold what was written");
            for (PbxUser u : List.of(a, b)) {
                assertHolds(u, asMap(again.read()).get(u.getUserId()));
            }
        }
    }
}

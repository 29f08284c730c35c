package org.pbxsync.examples.pbx;

import java.util.Map;
import java.util.Optional;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxSystem;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.FieldChange;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.pbx.CreateUserOp;
import org.pbxsync.pbx.DeleteUserOp;
import org.pbxsync.pbx.DisableUserOp;
import org.pbxsync.pbx.PbxConflictException;
import org.pbxsync.pbx.PbxTarget;
import org.pbxsync.pbx.PbxUserNotFoundException;
import org.pbxsync.pbx.UpdateUserOp;

/**
 * The README's PbxTarget example: a writer for a PBX reached through its management API
 * ({@link ExamplePbxApi}). It implements every operation; a PBX that cannot, say, disable users
 * leaves out DisableUserOp and the planner never plans one. Ownership (the sync's name
 * and the User Identification) is kept in the PBX user's note field, written in the same request
 * that creates the user.
 */
final class ExamplePbxTarget implements PbxTarget, CreateUserOp, UpdateUserOp, DeleteUserOp, DisableUserOp {
    private static final String TAG = "pbx-user-sync owner=";
    private final ExamplePbxApi api;

    ExamplePbxTarget(ExamplePbxApi api) {
        this.api = api;
    }

    ExamplePbxApi api() {
        return api;
    }

    @Override
    public String spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String describe() {
        return "Example PBX (management API)";
    }

    @Override
    public PbxSnapshot read() {
        PbxSnapshot.Builder s = PbxSnapshot.builder()
                .addSystems(PbxSystem.builder().name("main").primary(true).build())
                .addAllGroups(api.listGroups()).addAllReservedExtensions(api.reservedExtensions());
        for (ExamplePbxApi.Record r : api.listUsers()) {
            s.addUsers(toUser(r));
        }
        return s.build();
    }

    @Override
    public void createUser(PlannedOperation op) {
        PbxUser user = op.getAfter().orElseThrow();
        Optional<ExamplePbxApi.Record> existing = find(user.getUserId());
        if (existing.isPresent()) {              // idempotent: a repeated create makes the user equal to getAfter()
            requireOwner(existing.get(), user.getOwner(), user.getUserId());
            ExamplePbxApi.Record r = existing.get();
            r.fields.clear();
            write(r, user);
            r.active = user.isEnabled();
            call(() -> api.modify(r), user.getUserId());
            return;
        }
        ExamplePbxApi.Record r = new ExamplePbxApi.Record();
        write(r, user);
        r.active = user.isEnabled();
        r.note = TAG + user.getOwner().orElseThrow() + " id=" + user.getUserId();
        call(() -> api.add(r), user.getUserId());
    }

    @Override
    public void updateUser(PlannedOperation op) {
        PbxUser before = op.getBefore().orElseThrow();
        PbxUser after = op.getAfter().orElseThrow();
        ExamplePbxApi.Record r = find(op.getUserId()).orElseThrow(() ->
                new PbxUserNotFoundException(op.getUserId(), "user " + op.getUserId() + " is not on the PBX"));
        requireOwner(r, before.getOwner(), op.getUserId());
        for (FieldChange c : op.getChanges()) {  // only the listed fields, values from getAfter()
            if (c.getField() == FieldKey.GROUPS) {
                r.groups.clear();
                r.groups.addAll(after.getGroups());
            } else {
                Optional<String> v = after.get(c.getField());
                if (v.isPresent()) {
                    r.fields.put(c.getField().getName(), v.get());
                } else {
                    r.fields.remove(c.getField().getName());
                }
            }
        }
        call(() -> api.modify(r), op.getUserId());
    }

    @Override
    public void deleteUser(PlannedOperation op) {
        Optional<ExamplePbxApi.Record> r = find(op.getUserId());
        if (r.isEmpty()) {
            return;                              // already gone: idempotent
        }
        requireOwner(r.get(), op.getBefore().orElseThrow().getOwner(), op.getUserId());
        api.remove(r.get().id);
    }

    @Override
    public void disableUser(PlannedOperation op) {
        setActive(op, false);
    }

    @Override
    public void enableUser(PlannedOperation op) {
        setActive(op, true);
    }

    private void setActive(PlannedOperation op, boolean active) {
        ExamplePbxApi.Record r = find(op.getUserId()).orElseThrow(() ->
                new PbxUserNotFoundException(op.getUserId(), "user " + op.getUserId() + " is not on the PBX"));
        requireOwner(r, op.getBefore().orElseThrow().getOwner(), op.getUserId());
        r.active = active;                       // already so: the same write again, idempotent
        call(() -> api.modify(r), op.getUserId());
    }

    private Optional<ExamplePbxApi.Record> find(String userId) {
        return api.listUsers().stream().filter(r -> toUser(r).getUserId().equals(userId)).findFirst();
    }

    private static void requireOwner(ExamplePbxApi.Record r, Optional<String> expected, String userId) {
        Optional<String> actual = toUser(r).getOwner();
        if (!actual.equals(expected) || actual.isEmpty()) {
            throw new PbxConflictException("user " + userId + " is owned by " + actual.orElse("nobody (made by hand)")
                    + ", not " + expected.orElse("nobody"), FieldKey.USER_ID);
        }
    }

    private static void write(ExamplePbxApi.Record r, PbxUser user) {
        for (Map.Entry<FieldKey, String> f : user.getFields().entrySet()) {
            r.fields.put(f.getKey().getName(), f.getValue());
        }
        r.groups.clear();
        r.groups.addAll(user.getGroups());
    }

    private static PbxUser toUser(ExamplePbxApi.Record r) {
        PbxUser.Builder u = PbxUser.builder();
        if (r.note.startsWith(TAG)) {
            String rest = r.note.substring(TAG.length());
            u.owner(rest.substring(0, rest.indexOf(" id="))).userId(rest.substring(rest.indexOf(" id=") + 4));
        } else {
            u.userId("pbx-" + r.id);             // made by hand: a stable id, no owner
        }
        r.fields.forEach((name, value) -> u.putFields(FieldKey.of(name), value));
        return u.enabled(r.active).addAllGroups(r.groups).build();
    }

    private static void call(Runnable write, String userId) {
        try {
            write.run();
        } catch (ExamplePbxApi.ApiError e) {    // map the PBX's refusals; messages never hold a code
            switch (e.code) {
                case "DUPLICATE_NAME" -> throw new PbxConflictException(userId + ": " + e.getMessage(), FieldKey.NAME, e);
                case "DUPLICATE_NUMBER", "RESERVED_NUMBER" ->
                        throw new PbxConflictException(userId + ": " + e.getMessage(), FieldKey.EXTENSION, e);
                case "NOT_FOUND" -> throw new PbxUserNotFoundException(userId, userId + ": " + e.getMessage());
                default -> throw new SyncException(userId + ": the PBX refused the write: " + e.getMessage(), e);
            }
        }
    }
}

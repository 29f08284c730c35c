package org.pbxsync.pbx.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxSystem;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.model.ProvisioningRule;
import org.pbxsync.core.plan.FieldChange;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.pbx.PbxConflictException;
import org.pbxsync.pbx.PbxUserNotFoundException;

/**
 * The state and rules of a reference PBX: users keyed by User Identification, names unique
 * (ignoring case), extensions unique among users and reserved numbers, groups and systems that
 * must exist. Not thread-safe: the targets that use it serialise access. Every write checks
 * everything before it changes anything.
 */
public final class PbxModel {
    private final Map<String, PbxUser> users = new LinkedHashMap<>();
    private final Map<String, String> userIdByName = new java.util.HashMap<>();
    private final Map<String, String> userIdByExtension = new java.util.HashMap<>();
    private final List<ProvisioningRule> rules = new ArrayList<>();
    private final List<PbxSystem> systems = new ArrayList<>();
    private final Set<String> groups = new TreeSet<>();
    private final Set<String> reservedExtensions = new TreeSet<>();

    public static PbxModel of(PbxSnapshot snapshot) {
        PbxModel m = new PbxModel();
        m.rules.addAll(snapshot.getRules());
        m.systems.addAll(snapshot.getSystems());
        m.groups.addAll(snapshot.getGroups());
        m.reservedExtensions.addAll(snapshot.getReservedExtensions());
        for (PbxUser u : snapshot.getUsers()) {
            m.checkCreate(u, false);
            m.put(u);
        }
        return m;
    }

    public PbxSnapshot snapshot() {
        return PbxSnapshot.builder().users(users.values()).rules(rules).systems(systems).groups(groups)
                .reservedExtensions(reservedExtensions).build();
    }

    public Optional<PbxUser> user(String userId) {
        return Optional.ofNullable(users.get(userId));
    }

    public void create(PlannedOperation op) {
        PbxUser wanted = op.getAfter().orElseThrow(() -> new IllegalArgumentException(
                "create of " + op.getUserId() + " has no desired user (getAfter() is empty)"));
        PbxUser existing = users.get(wanted.getUserId());
        if (existing != null) {
            if (!existing.getOwner().equals(wanted.getOwner())) {
                throw new PbxConflictException("cannot create user " + wanted.getUserId() + " (" + wanted.getName()
                        + "): a user with that User Identification exists, owned by "
                        + existing.getOwner().orElse("nobody (made by hand)"), FieldKey.USER_ID);
            }
            checkCreate(wanted, true);
            put(wanted);
            return;
        }
        checkCreate(wanted, false);
        put(wanted);
    }

    public void update(PlannedOperation op) {
        PbxUser current = owned(op, "update");
        PbxUser after = op.getAfter().orElseThrow(() -> new IllegalArgumentException(
                "update of " + op.getUserId() + " has no desired user (getAfter() is empty)"));
        SortedMap<FieldKey, String> fields = new TreeMap<>(current.getFields());
        Set<String> newGroups = new TreeSet<>(current.getGroups());
        for (FieldChange change : op.getChanges()) {
            FieldKey key = change.getField();
            if (key.equals(FieldKey.USER_ID)) {
                throw new SyncException("update of user " + op.getUserId() + " tries to change the User Identification");
            }
            if (key.equals(FieldKey.GROUPS)) {
                newGroups = new TreeSet<>(after.getGroups());
            } else {
                String value = after.getFields().get(key);
                if (value == null || value.isEmpty()) {
                    fields.remove(key);
                } else {
                    fields.put(key, value);
                }
            }
        }
        PbxUser updated = PbxUser.builder().from(current).fields(fields).groups(newGroups).build();
        checkCreate(updated, true);
        put(updated);
    }

    public void delete(PlannedOperation op) {
        PbxUser current = users.get(op.getUserId());
        if (current == null) {
            return;
        }
        checkOwner(op, current, "delete");
        remove(op.getUserId());
    }

    public void setEnabled(PlannedOperation op, boolean enabled) {
        PbxUser current = owned(op, enabled ? "enable" : "disable");
        put(current.withEnabled(enabled));
    }

    private PbxUser owned(PlannedOperation op, String what) {
        PbxUser current = users.get(op.getUserId());
        if (current == null) {
            throw new PbxUserNotFoundException(op.getUserId(), "cannot " + what + " user " + op.getUserId() + " ("
                    + op.getName() + "): no user with that User Identification");
        }
        checkOwner(op, current, what);
        return current;
    }

    private static void checkOwner(PlannedOperation op, PbxUser current, String what) {
        Optional<String> expected = op.getBefore().map(PbxUser::getOwner).orElse(Optional.empty());
        if (!current.getOwner().equals(expected)) {
            throw new PbxConflictException("cannot " + what + " user " + op.getUserId() + " (" + current.getName()
                    + "): it is owned by " + current.getOwner().orElse("nobody (made by hand)") + ", not by "
                    + expected.orElse("nobody"), null);
        }
    }

    private void checkCreate(PbxUser u, boolean replacingSelf) {
        if (!replacingSelf && users.containsKey(u.getUserId())) {
            throw new PbxConflictException("user " + u.getUserId() + ": the User Identification is already used by user "
                    + users.get(u.getUserId()).getName(), FieldKey.USER_ID);
        }
        String nameHolder = userIdByName.get(nameKey(u.getName()));
        if (nameHolder != null && !nameHolder.equals(u.getUserId())) {
            PbxUser other = users.get(nameHolder);
            throw new PbxConflictException("user " + u.getUserId() + ": the name '" + u.getName()
                    + "' is already used by user " + other.getUserId() + " (owner "
                    + other.getOwner().orElse("none, made by hand") + ")", FieldKey.NAME);
        }
        Optional<String> ext = u.getExtension();
        String extHolder = ext.map(userIdByExtension::get).orElse(null);
        if (extHolder != null && !extHolder.equals(u.getUserId())) {
            PbxUser other = users.get(extHolder);
            throw new PbxConflictException("user " + u.getUserId() + ": extension " + ext.get()
                    + " is already used by user " + other.getUserId() + " (" + other.getName() + ")", FieldKey.EXTENSION);
        }
        if (ext.isPresent() && reservedExtensions.contains(ext.get())) {
            throw new PbxConflictException("user " + u.getUserId() + ": extension " + ext.get()
                    + " is reserved on the PBX", FieldKey.EXTENSION);
        }
        for (String g : u.getGroups()) {
            if (!groups.contains(g)) {
                throw new SyncException("user " + u.getUserId() + ", field " + FieldKey.GROUPS.getName() + ": group '" + g
                        + "' does not exist on the PBX");
            }
        }
        if (u.getSystem().isPresent() && !systems.isEmpty()
                && systems.stream().noneMatch(s -> s.getName().equals(u.getSystem().get()))) {
            throw new SyncException("user " + u.getUserId() + ", field " + FieldKey.SYSTEM_NAME.getName() + ": system '"
                    + u.getSystem().get() + "' does not exist on the PBX");
        }
    }

    public void putByHand(PbxUser u) {
        checkCreate(u, true);
        put(u);
    }

    public boolean removeByHand(String userId) {
        return remove(userId);
    }

    private void put(PbxUser u) {
        PbxUser old = users.put(u.getUserId(), u);
        if (old != null) {
            unindex(old);
        }
        userIdByName.put(nameKey(u.getName()), u.getUserId());
        u.getExtension().ifPresent(e -> userIdByExtension.put(e, u.getUserId()));
    }

    private boolean remove(String userId) {
        PbxUser old = users.remove(userId);
        if (old == null) {
            return false;
        }
        unindex(old);
        return true;
    }

    private void unindex(PbxUser old) {
        userIdByName.remove(nameKey(old.getName()), old.getUserId());
        old.getExtension().ifPresent(e -> userIdByExtension.remove(e, old.getUserId()));
    }

    private static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** @return a copy of every user, in creation order */
    public List<PbxUser> users() {
        return new ArrayList<>(users.values());
    }

    public Set<String> groups() {
        return new LinkedHashSet<>(groups);
    }
}

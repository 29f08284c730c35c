package org.pbxsync.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.pbxsync.core.mapping.MappedField;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxSystem;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.model.ProvisioningRule;
import org.pbxsync.core.validation.Severity;
import org.pbxsync.core.validation.Violation;
import org.pbxsync.core.validation.ViolationCode;

/** Test-side builders and a model PBX that applies plans. */
final class Fixtures {
    static final String SYNC = "ldap-main";

    private Fixtures() {
    }

    static MappedField field(FieldKey key, String... values) {
        return MappedField.builder().field(key).addValues(values).rule(key.getName() + "Attr")
                .addSourceAttributes(key.getName() + "Attr").build();
    }

    /** A mapped user with User Identification {@code id}, Name {@code name} and more field/value pairs. */
    static MappedUser user(String id, String name, Object... more) {
        MappedUser.Builder b = MappedUser.builder().entryId("e-" + id).entryReference("cn=" + name + ",ou=people");
        if (id != null) {
            b.putFields(FieldKey.USER_ID, field(FieldKey.USER_ID, id));
        }
        if (name != null) {
            b.putFields(FieldKey.NAME, field(FieldKey.NAME, name));
        }
        for (int i = 0; i < more.length; i += 2) {
            FieldKey k = (FieldKey) more[i];
            Object v = more[i + 1];
            if (v instanceof MappedField) {
                b.putFields(k, (MappedField) v);
            } else if (v instanceof String[]) {
                b.putFields(k, field(k, (String[]) v));
            } else {
                b.putFields(k, field(k, (String) v));
            }
        }
        return b.build();
    }

    static MappedUser disabled(MappedUser u) {
        return MappedUser.builder().from(u).enabled(false).build();
    }

    static PbxUser pbx(String id, String owner, String name, String ext) {
        PbxUser.Builder b = PbxUser.builder().userId(id).owner(Optional.ofNullable(owner)).putFields(FieldKey.NAME, name);
        if (ext != null) {
            b.putFields(FieldKey.EXTENSION, ext);
        }
        return b.build();
    }

    static PbxUser owned(String id, String name, String ext) {
        return pbx(id, SYNC, name, ext);
    }

    static PbxSnapshot snapshot(PbxUser... users) {
        return PbxSnapshot.builder().addUsers(users).build();
    }

    static ProvisioningRule rule(String name, String start, String system) {
        return ProvisioningRule.builder().name(name).startExtension(Optional.ofNullable(start))
                .system(Optional.ofNullable(system)).build();
    }

    static PbxSystem system(String name, String lan1, boolean primary) {
        return PbxSystem.builder().name(name).lan1(Optional.ofNullable(lan1)).primary(primary).build();
    }

    static PlanOptions.Builder options() {
        return PlanOptions.builder().syncName(SYNC);
    }

    static Planner planner() {
        return Planner.create(options().build());
    }

    static List<Violation> violations(SyncPlan plan, ViolationCode code) {
        return plan.getViolations().stream().filter(v -> v.getCode() == code).collect(Collectors.toList());
    }

    static Violation only(SyncPlan plan, ViolationCode code) {
        List<Violation> vs = violations(plan, code);
        assertEquals(1, vs.size(), () -> "expected one " + code + " in " + plan.getViolations());
        return vs.get(0);
    }

    static PlannedOperation op(SyncPlan plan, OperationType type, String userId) {
        return plan.getOperations().stream().filter(o -> o.getType() == type && o.getUserId().equals(userId))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " of " + userId + " in "
                        + plan.getOperations()));
    }

    static List<String> ids(SyncPlan plan, OperationType type) {
        return plan.getOperations().stream().filter(o -> o.getType() == type).map(PlannedOperation::getUserId)
                .collect(Collectors.toList());
    }

    static boolean hasError(SyncPlan plan, String userId) {
        return plan.getViolations().stream().anyMatch(v -> v.getSeverity() == Severity.ERROR
                && v.getUserId().map(userId::equals).orElse(false));
    }

    /**
     * Applies a plan to a model PBX in the plan's order, checking that each operation's {@code
     * before} is what the model holds and that names (ignoring case), extensions (and reserved
     * extensions) and User Identifications stay unique after every step, as a strict PBX would.
     */
    static PbxSnapshot applyToSnapshot(SyncPlan plan, PbxSnapshot s) {
        Map<String, PbxUser> users = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> exts = new HashMap<>();
        for (String r : s.getReservedExtensions()) {
            exts.put(r, "(reserved)");
        }
        for (PbxUser u : s.getUsers()) {
            assertNull(users.put(u.getUserId(), u), "test snapshot has duplicate ids");
            take(names, exts, u, "initial snapshot");
        }
        for (PlannedOperation op : plan.getOperations()) {
            PbxUser cur = users.get(op.getUserId());
            if (op.getType() == OperationType.CREATE) {
                assertNull(cur, () -> "create of an existing user: " + op);
            } else {
                assertEquals(op.getBefore().orElseThrow(), cur, () -> "stale before in " + op);
                release(names, exts, cur);
                users.remove(op.getUserId());
            }
            if (op.getType() != OperationType.DELETE) {
                PbxUser after = op.getAfter().orElseThrow();
                assertEquals(op.getUserId(), after.getUserId());
                take(names, exts, after, op);
                users.put(op.getUserId(), after);
            }
        }
        return PbxSnapshot.builder().from(s).users(new ArrayList<>(users.values())).build();
    }

    private static void take(Map<String, String> names, Map<String, String> exts, PbxUser u, Object context) {
        String prev = names.putIfAbsent(u.getName().toLowerCase(Locale.ROOT), u.getUserId());
        assertNull(prev, () -> "name " + u.getName() + " of " + u.getUserId() + " already held by " + prev + " at " + context);
        u.getExtension().ifPresent(x -> {
            String p = exts.putIfAbsent(x, u.getUserId());
            assertNull(p, () -> "extension " + x + " of " + u.getUserId() + " already held by " + p + " at " + context);
        });
    }

    private static void release(Map<String, String> names, Map<String, String> exts, PbxUser u) {
        names.remove(u.getName().toLowerCase(Locale.ROOT));
        u.getExtension().ifPresent(exts::remove);
    }
}

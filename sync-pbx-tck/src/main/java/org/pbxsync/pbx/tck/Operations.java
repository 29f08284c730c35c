package org.pbxsync.pbx.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.FieldChange;
import org.pbxsync.core.plan.PlannedOperation;

/**
 * Builds the {@link PlannedOperation}s a planner would send, for tests of a {@link
 * org.pbxsync.pbx.PbxTarget} that do not go through a planner. Used by {@link
 * PbxTargetContract}; handy in a PBX writer's own tests too.
 */
public final class Operations {
    private Operations() {}

    /**
     * @param user the user to create, with owner; not null
     * @return a {@link OperationType#CREATE} whose changes list every field and the groups
     */
    public static PlannedOperation create(PbxUser user) {
        List<FieldChange> changes = new ArrayList<>();
        user.getFields().forEach((k, v) -> changes.add(FieldChange.builder().field(k).newValue(v).build()));
        if (!user.getGroups().isEmpty()) {
            changes.add(FieldChange.builder().field(FieldKey.GROUPS).newValue(String.join(", ", user.getGroups())).build());
        }
        changes.sort((a, b) -> a.getField().compareTo(b.getField()));
        return PlannedOperation.builder().type(OperationType.CREATE).userId(user.getUserId()).name(user.getName())
                .after(user).changes(changes).build();
    }

    /**
     * @param before the user as read; not null
     * @param after the user as it should be (same User Identification and owner); not null
     * @return an {@link OperationType#UPDATE} whose changes list the fields (and groups) that differ
     */
    public static PlannedOperation update(PbxUser before, PbxUser after) {
        if (!before.getUserId().equals(after.getUserId())) {
            throw new IllegalArgumentException("before and after must be the same user");
        }
        TreeSet<FieldKey> keys = new TreeSet<>(before.getFields().keySet());
        keys.addAll(after.getFields().keySet());
        List<FieldChange> changes = new ArrayList<>();
        for (FieldKey k : keys) {
            Optional<String> o = before.get(k);
            Optional<String> n = after.get(k);
            if (!o.equals(n)) {
                changes.add(FieldChange.builder().field(k).oldValue(o).newValue(n).build());
            }
        }
        if (!before.getGroups().equals(after.getGroups())) {
            changes.add(FieldChange.builder().field(FieldKey.GROUPS).oldValue(joined(before)).newValue(joined(after)).build());
        }
        changes.sort((a, b) -> a.getField().compareTo(b.getField()));
        return PlannedOperation.builder().type(OperationType.UPDATE).userId(after.getUserId()).name(after.getName())
                .before(before).after(after).changes(changes).build();
    }

    /**
     * @param before the user as read; not null
     * @return a {@link OperationType#DELETE}
     */
    public static PlannedOperation delete(PbxUser before) {
        return PlannedOperation.builder().type(OperationType.DELETE).userId(before.getUserId()).name(before.getName())
                .before(before).build();
    }

    /**
     * @param before the user as read; not null
     * @return a {@link OperationType#DISABLE}
     */
    public static PlannedOperation disable(PbxUser before) {
        return PlannedOperation.builder().type(OperationType.DISABLE).userId(before.getUserId()).name(before.getName())
                .before(before).after(before.withEnabled(false)).build();
    }

    /**
     * @param before the user as read; not null
     * @return an {@link OperationType#ENABLE}
     */
    public static PlannedOperation enable(PbxUser before) {
        return PlannedOperation.builder().type(OperationType.ENABLE).userId(before.getUserId()).name(before.getName())
                .before(before).after(before.withEnabled(true)).build();
    }

    private static Optional<String> joined(PbxUser u) {
        Objects.requireNonNull(u);
        return u.getGroups().isEmpty() ? Optional.empty() : Optional.of(String.join(", ", u.getGroups()));
    }
}

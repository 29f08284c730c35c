package org.pbxsync.core.plan;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.immutables.value.Value;
import org.pbxsync.core.internal.SdkStyle;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.validation.Severity;
import org.pbxsync.core.validation.Violation;

/**
 * What a sync would do: the operations, the violations found, and whether guards block it.
 * Produced by the planner; deterministic (the same input in any order gives an equal plan).
 * Immutable and thread-safe. {@code toString()} masks secret fields.
 */
@Value.Immutable
@SdkStyle
abstract class AbstractSyncPlan {

    /**
     * @return the operations in apply order: deletes, disables, updates (a user moving off a name
     *     or extension before the user taking it, else by User Identification), enables,
     *     creates; within each type by User Identification
     */
    public abstract List<PlannedOperation> getOperations();

    /** @return every violation found, ordered by entry reference, field and code */
    public abstract List<Violation> getViolations();

    /** @return how many owned users already match the directory */
    @Value.Default
    public int getUnchangedCount() {
        return 0;
    }

    /** @return whether this plan covers only a change set rather than a full listing */
    @Value.Default
    public boolean isIncremental() {
        return false;
    }

    /**
     * @return why guards block this plan (empty listing, too many deletes...), each saying how
     *     to allow it; empty when the plan may be applied
     */
    public abstract List<String> getBlockReasons();

    /** @return whether a guard blocks this plan */
    @Value.Derived
    public boolean isBlocked() {
        return !getBlockReasons().isEmpty();
    }

    /** @return the number of operations of each type; every type present, zero when none */
    public Map<OperationType, Integer> counts() {
        Map<OperationType, Integer> counts = new EnumMap<>(OperationType.class);
        for (OperationType t : OperationType.values()) {
            counts.put(t, 0);
        }
        for (PlannedOperation op : getOperations()) {
            counts.merge(op.getType(), 1, Integer::sum);
        }
        return counts;
    }

    /** @return the number of violations of the given severity */
    public long count(Severity severity) {
        return getViolations().stream().filter(v -> v.getSeverity() == severity).count();
    }

    /** @return whether the plan holds no operation */
    public boolean isEmpty() {
        return getOperations().isEmpty();
    }

    @Override
    public String toString() {
        return "SyncPlan{" + counts() + ", unchanged=" + getUnchangedCount() + ", errors=" + count(Severity.ERROR)
                + ", warnings=" + count(Severity.WARNING) + (isBlocked() ? ", blocked=" + getBlockReasons() : "")
                + (isIncremental() ? ", incremental" : "") + "}";
    }
}

package org.pbxsync.core;

import java.util.List;

/**
 * A sync plan was blocked by a guard (empty source listing, too many deletes...) and the caller
 * asked to apply it anyway without overriding the guard. Nothing was written.
 */
public class PlanBlockedException extends SyncException {
    private static final long serialVersionUID = 1L;

    private final List<String> reasons;

    /** @param reasons why the plan is blocked and how to allow it; not null or empty */
    public PlanBlockedException(List<String> reasons) {
        super("Sync plan blocked, nothing was written: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    /** @return the guards' reasons, never empty */
    public List<String> getReasons() {
        return reasons;
    }
}

package org.pbxsync.core.plan;

/**
 * What "delete" does to a PBX user this sync owns whose directory entry is gone (only when
 * {@link PlanOptions#isDeleteEnabled() delete} is switched on).
 */
public enum DeleteMode {
    /** Delete the user (and its extension) from the PBX. Irreversible. */
    DELETE,
    /**
     * Disable the user and keep the record, as TIM Enterprise and Cisco UCM do: the licence is
     * freed, the name and extension stay reserved, and a user whose entry comes back is
     * enabled again. The default, because it is reversible.
     */
    DISABLE
}

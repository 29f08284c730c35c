package org.pbxsync.core.plan;

/**
 * What the planner does with a directory entry whose account is disabled ({@code
 * MappedUser.isEnabled()} is false).
 */
public enum DisabledAccountPolicy {
    /**
     * The default. The entry is not created on the PBX; if the PBX already has an owned user for
     * it, that user is kept in step (updated as usual) and disabled, and enabled again once the
     * account is enabled in the directory. Disabling needs {@link PlanOptions#isUpdateEnabled()}.
     */
    DISABLE_ON_PBX,
    /**
     * The entry is left alone: nothing is created, updated, disabled or enabled for it. It still
     * counts as present, so its PBX user is never treated as removed.
     */
    SKIP,
    /** The enabled flag is ignored: the entry is synchronized exactly as if it were enabled. */
    IGNORE
}

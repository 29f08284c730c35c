package org.pbxsync.pbx;

import java.util.Objects;

/**
 * Per-run overrides for {@link Synchronizer#synchronize(RunOptions)} and {@link
 * Synchronizer#preview(RunOptions)}: an administrator's explicit permission to pass a guard
 * that blocked the last plan, or a request for a full run. Immutable.
 *
 * <pre>{@code
 * SyncReport report = synchronizer.synchronize();
 * if (report.getStatus() == RunStatus.BLOCKED) {
 *     // show report.getBlockReasons() and report.getPlan(); if the administrator agrees:
 *     report = synchronizer.synchronize(RunOptions.allowDeletes());
 * }
 * }</pre>
 */
public final class RunOptions {
    private static final RunOptions DEFAULTS = new RunOptions(false, false, false);

    private final boolean allowDeletesOverThreshold;
    private final boolean allowEmptySource;
    private final boolean forceFull;

    private RunOptions(boolean allowDeletesOverThreshold, boolean allowEmptySource, boolean forceFull) {
        this.allowDeletesOverThreshold = allowDeletesOverThreshold;
        this.allowEmptySource = allowEmptySource;
        this.forceFull = forceFull;
    }

    /** @return no override: the configured guards apply, full or incremental as the state says */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /** @return options that allow more deletes (and disables) than the configured thresholds, for this run only */
    public static RunOptions allowDeletes() {
        return DEFAULTS.withAllowDeletesOverThreshold(true);
    }

    /** @return options that force a full run */
    public static RunOptions full() {
        return DEFAULTS.withForceFull(true);
    }

    /**
     * @param allow whether this run may delete more than the thresholds allow
     * @return a copy
     */
    public RunOptions withAllowDeletesOverThreshold(boolean allow) {
        return new RunOptions(allow, allowEmptySource, forceFull);
    }

    /**
     * @param allow whether this run may plan from an empty full listing (every owned user then
     *     counts as removed); the delete thresholds still apply
     * @return a copy
     */
    public RunOptions withAllowEmptySource(boolean allow) {
        return new RunOptions(allowDeletesOverThreshold, allow, forceFull);
    }

    /**
     * @param full whether to read the whole directory even if a checkpoint allows an incremental run
     * @return a copy
     */
    public RunOptions withForceFull(boolean full) {
        return new RunOptions(allowDeletesOverThreshold, allowEmptySource, full);
    }

    /** @return whether this run may delete more than the thresholds allow */
    public boolean isAllowDeletesOverThreshold() {
        return allowDeletesOverThreshold;
    }

    /** @return whether this run may plan from an empty full listing */
    public boolean isAllowEmptySource() {
        return allowEmptySource;
    }

    /** @return whether this run must be full */
    public boolean isForceFull() {
        return forceFull;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunOptions && ((RunOptions) o).allowDeletesOverThreshold == allowDeletesOverThreshold
                && ((RunOptions) o).allowEmptySource == allowEmptySource && ((RunOptions) o).forceFull == forceFull;
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowDeletesOverThreshold, allowEmptySource, forceFull);
    }

    @Override
    public String toString() {
        return "RunOptions{allowDeletesOverThreshold=" + allowDeletesOverThreshold + ", allowEmptySource="
                + allowEmptySource + ", forceFull=" + forceFull + "}";
    }
}

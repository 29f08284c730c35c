package org.pbxsync.pbx.memory;

/** What an injected failure does to the write it hits. See {@link FailureInjector}. */
public enum InjectedFailure {
    /** Throw {@link org.pbxsync.core.RetryableException} before writing; a retry may succeed. */
    RETRYABLE,
    /** Write, then throw {@link org.pbxsync.core.RetryableException}: the reply was lost. */
    RETRYABLE_AFTER_WRITE,
    /** Throw a permanent {@link org.pbxsync.core.SyncException} before writing. */
    PERMANENT,
    /** Throw {@link SimulatedCrash} before writing: the process died. */
    CRASH,
    /** Write, then throw {@link SimulatedCrash}: the process died before it saw the reply. */
    CRASH_AFTER_WRITE;

    boolean writesFirst() {
        return this == RETRYABLE_AFTER_WRITE || this == CRASH_AFTER_WRITE;
    }
}

package org.pbxsync.pbx.memory;

/**
 * Thrown by {@link InMemoryPbxTarget} for {@link InjectedFailure#CRASH} and {@link
 * InjectedFailure#CRASH_AFTER_WRITE}: stands for the process dying in the middle of a run. It is
 * an {@link Error} so that the synchronizer, which isolates failures of single operations, does
 * not catch it and the run ends there, with nothing saved, as a real crash would.
 */
public final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    /** @param message which write the crash hit; not null */
    public SimulatedCrash(String message) {
        super(message);
    }
}

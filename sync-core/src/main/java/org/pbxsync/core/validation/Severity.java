package org.pbxsync.core.validation;

/** How bad a {@link Violation} is, and so what happens to the user. */
public enum Severity {
    /** The offending value is dropped (the field left blank, the group not joined); the user goes on. */
    WARNING,
    /** The user is skipped: nothing is created or changed for them in this run. */
    ERROR
}

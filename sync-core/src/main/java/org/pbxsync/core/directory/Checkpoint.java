package org.pbxsync.core.directory;

import java.util.Objects;

/**
 * Where an incremental listing resumes: a Graph {@code deltaLink}, an RFC 4533 cookie, an
 * Active Directory {@code invocationId} and highest {@code uSNChanged}. Opaque to everyone but
 * the source that made it. Immutable.
 *
 * @param kind which mechanism made it (for example {@code graph-delta}, {@code ldap-syncrepl},
 *     {@code ad-usn}); a source refuses a checkpoint of another kind; not null
 * @param value the source's own text; not null
 */
public record Checkpoint(String kind, String value) {
    /** Checks the components. */
    public Checkpoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /** Shows the kind and the length of the value only: delta links can carry tokens. */
    @Override
    public String toString() {
        return "Checkpoint{" + kind + ", " + value.length() + " chars}";
    }
}

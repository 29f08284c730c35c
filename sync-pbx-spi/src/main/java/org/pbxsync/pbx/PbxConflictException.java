package org.pbxsync.pbx;

import java.util.Optional;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.model.FieldKey;

/**
 * A write would break a uniqueness rule of the PBX (a name or extension already used by another
 * user or reserved, a User Identification held by a user with another owner), or the user's
 * owner changed since it was read. Permanent: retrying the same write will fail the same way.
 * Thrown by {@link PbxOperation} implementations; the synchronizer records it against the one
 * operation and goes on.
 */
public class PbxConflictException extends SyncException {
    private static final long serialVersionUID = 1L;

    private final transient FieldKey field;

    /**
     * @param message which user, which field, which value and who holds it; never a secret;
     *     not null
     * @param field the field whose uniqueness is broken; null when the clash is about ownership
     */
    public PbxConflictException(String message, FieldKey field) {
        super(message);
        this.field = field;
    }

    /**
     * @param message which user, which field, which value and who holds it; not null
     * @param field the field concerned; may be null
     * @param cause the PBX API's exception; may be null
     */
    public PbxConflictException(String message, FieldKey field, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** @return the field whose uniqueness the write would break, if the clash is about a field */
    public Optional<FieldKey> getField() {
        return Optional.ofNullable(field);
    }
}

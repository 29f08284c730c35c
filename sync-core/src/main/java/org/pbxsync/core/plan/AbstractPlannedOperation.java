package org.pbxsync.core.plan;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;
import org.pbxsync.core.internal.SdkStyle;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxUser;

/**
 * One write the plan will make. Immutable. {@code toString()} masks secret fields.
 *
 * <ul>
 *   <li>{@link OperationType#CREATE}: {@link #getAfter()} is the user to create, with owner,
 *       extension and system set; {@link #getChanges()} lists every field set.</li>
 *   <li>{@link OperationType#UPDATE}: {@link #getBefore()} is the PBX's user, {@link
 *       #getAfter()} the same user with the changes applied; {@link #getChanges()} lists only
 *       the fields that differ.</li>
 *   <li>{@link OperationType#DELETE}, {@link OperationType#DISABLE}, {@link
 *       OperationType#ENABLE}: {@link #getBefore()} is the PBX's user; {@link #getAfter()} is
 *       empty for a delete and the user with the new enabled flag otherwise.</li>
 * </ul>
 */
@Value.Immutable
@SdkStyle
abstract class AbstractPlannedOperation {

    /** @return what the operation does */
    public abstract OperationType getType();

    /** @return the User Identification of the user concerned */
    public abstract String getUserId();

    /** @return the user's name, for display */
    public abstract String getName();

    /** @return the directory entry's reference, when the operation comes from one */
    public abstract Optional<String> getEntryReference();

    /** @return the PBX's user before the operation; empty for a create */
    public abstract Optional<PbxUser> getBefore();

    /** @return the user after the operation; empty for a delete */
    public abstract Optional<PbxUser> getAfter();

    /** @return per-field old and new values, in field order */
    public abstract List<FieldChange> getChanges();

    @Override
    public String toString() {
        return getType() + " " + getUserId() + " (" + getName() + ")" + (getChanges().isEmpty() ? "" : " " + getChanges());
    }
}

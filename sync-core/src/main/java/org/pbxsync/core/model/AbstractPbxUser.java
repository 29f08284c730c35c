package org.pbxsync.core.model;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import org.immutables.value.Value;
import org.pbxsync.core.internal.SdkStyle;

/**
 * A user as the PBX holds it, or as a sync wants it to be. Built with {@code
 * PbxUser.builder()}; immutable and thread-safe.
 *
 * <p>{@link #getFields()} holds every single-valued field except User Identification (which is
 * {@link #getUserId()}) and group membership (which is {@link #getGroups()}); Name is both in
 * the map and in {@link #getName()}. {@code toString()} masks secret fields.
 */
@Value.Immutable
@SdkStyle
abstract class AbstractPbxUser {

    /** @return the User Identification: the directory anchor; not blank. */
    public abstract String getUserId();

    /**
     * @return the name of the sync configuration that created and owns this user; empty for
     *     users made by hand or by other tools, which no sync ever changes
     */
    public abstract Optional<String> getOwner();

    /** @return whether the user is enabled on the PBX; true by default */
    @Value.Default
    public boolean isEnabled() {
        return true;
    }

    /** @return single-valued fields by key; must contain {@link FieldKey#NAME} */
    @Value.NaturalOrder
    public abstract java.util.SortedMap<FieldKey, String> getFields();

    /** @return group memberships, sorted */
    @Value.NaturalOrder
    public abstract SortedSet<String> getGroups();

    /** @return the name of the PBX system that holds this user, when the PBX has several */
    public abstract Optional<String> getSystem();

    /** @return the Name field; never null on a built user */
    public String getName() {
        return getFields().get(FieldKey.NAME);
    }

    /**
     * @param key a field; not null
     * @return its value, or empty
     */
    public Optional<String> get(FieldKey key) {
        return Optional.ofNullable(getFields().get(key));
    }

    /** @return the Extensions field, if set */
    public Optional<String> getExtension() {
        return get(FieldKey.EXTENSION);
    }

    @Value.Check
    protected void check() {
        if (getUserId().isBlank()) {
            throw new IllegalStateException("PBX user: User Identification must not be blank");
        }
        String name = getFields().get(FieldKey.NAME);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("PBX user " + getUserId() + ": Name must not be blank");
        }
        if (getFields().containsKey(FieldKey.USER_ID) || getFields().containsKey(FieldKey.GROUPS)) {
            throw new IllegalStateException("PBX user " + getUserId()
                    + ": userId and groups are not kept in the fields map");
        }
    }

    /** Masks secret fields. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        getFields().forEach((k, v) -> shown.put(k.getName(), k.display(v)));
        return "PbxUser{userId=" + getUserId() + ", owner=" + getOwner().orElse("(none)") + ", enabled=" + isEnabled()
                + ", fields=" + shown + ", groups=" + getGroups() + getSystem().map(s -> ", system=" + s).orElse("")
                + "}";
    }
}

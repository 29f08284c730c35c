package org.pbxsync.core.mapping;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;
import org.pbxsync.core.internal.SdkStyle;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.validation.Violation;

/**
 * A directory entry after mapping, before validation: the mapped fields and any violations the
 * mapping itself found. Immutable.
 */
@Value.Immutable
@SdkStyle
abstract class AbstractMappedUser {

    /** @return the directory entry's stable id */
    public abstract String getEntryId();

    /** @return the directory entry's reference (DN or UPN) */
    public abstract String getEntryReference();

    /** @return whether the directory account is enabled */
    @Value.Default
    public boolean isEnabled() {
        return true;
    }

    /**
     * @return the mapped fields by key. Every field the mapping has a rule for is present; a
     *     field whose rule produced no value for this entry has an empty values list, which
     *     means "blank" (an update clears the PBX's value). A field the mapping has no rule for
     *     is absent, which means "not managed" (the PBX's value is left alone).
     */
    @Value.NaturalOrder
    public abstract java.util.SortedMap<FieldKey, MappedField> getFields();

    /** @return problems found while mapping (a rule that failed on this entry, several values) */
    public abstract List<Violation> getViolations();

    /**
     * @param key a field
     * @return its first value, or empty
     */
    public Optional<String> getValue(FieldKey key) {
        MappedField f = getFields().get(key);
        return f == null ? Optional.empty() : f.getValue();
    }

    /** @return the mapped User Identification, if any */
    public Optional<String> getUserId() {
        return getValue(FieldKey.USER_ID);
    }

    @Override
    public String toString() {
        return "MappedUser{" + getEntryReference() + ", fields=" + getFields().values() + ", violations="
                + getViolations().size() + "}";
    }

}

package org.pbxsync.core.mapping;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;
import org.pbxsync.core.internal.SdkStyle;
import org.pbxsync.core.model.FieldKey;

/**
 * One field's value(s) after mapping, with where they came from. Immutable. {@code toString()}
 * masks secret fields.
 */
@Value.Immutable
@SdkStyle
abstract class AbstractMappedField {

    /** @return the field */
    public abstract FieldKey getField();

    /** @return the values after the rule's steps; empty when the rule produced nothing */
    public abstract List<String> getValues();

    /** @return the rule's text, for explanations */
    public abstract String getRule();

    /** @return the directory attributes the rule read */
    public abstract Set<String> getSourceAttributes();

    /** @return whether the value is used on create only (never changes an existing user) */
    @Value.Default
    public boolean isCreateOnly() {
        return false;
    }

    /** @return the first value, or empty */
    public Optional<String> getValue() {
        return getValues().isEmpty() ? Optional.empty() : Optional.of(getValues().get(0));
    }

    @Override
    public String toString() {
        List<String> shown = getField().isSecret() ? getValues().stream().map(v -> "****").toList() : getValues();
        return getField().getName() + "=" + shown + " <- " + getRule();
    }
}

package org.pbxsync.core.mapping;

import java.util.Objects;
import org.pbxsync.core.model.FieldKey;

/**
 * One field's entry in a {@link Mapping}: the field, its rule, and whether the value is used
 * when a user is created only. Immutable and thread-safe.
 */
public final class FieldMapping {
    private final FieldKey field;
    private final MappingRule rule;
    private final boolean createOnly;

    FieldMapping(FieldKey field, MappingRule rule, boolean createOnly) {
        this.field = Objects.requireNonNull(field, "field");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.createOnly = createOnly;
    }

    /** @return the PBX user field; never null */
    public FieldKey getField() {
        return field;
    }

    /** @return the rule that gives its value(s); never null */
    public MappingRule getRule() {
        return rule;
    }

    /**
     * @return true when the value is used only when a user is created and never changes an
     *     existing user ("apply on create only"); false for "apply always" (within what the
     *     field allows: {@link FieldKey#isUsedOnUpdate()} still applies)
     */
    public boolean isCreateOnly() {
        return createOnly;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldMapping)) {
            return false;
        }
        FieldMapping other = (FieldMapping) o;
        return field.equals(other.field) && rule.equals(other.rule) && createOnly == other.createOnly;
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, rule, createOnly);
    }

    /** @return {@code field <- rule}, with {@code (create only)} when so */
    @Override
    public String toString() {
        return field.getName() + " <- " + rule.text() + (createOnly ? " (create only)" : "");
    }
}

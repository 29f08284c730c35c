package org.pbxsync.core.plan;

import java.util.Optional;
import org.immutables.value.Value;
import org.pbxsync.core.internal.SdkStyle;
import org.pbxsync.core.model.FieldKey;

/**
 * One field's old and new value in a planned operation. Group membership is shown as its
 * sorted names joined by {@code ", "}. {@code toString()} masks secret fields.
 */
@Value.Immutable
@SdkStyle
abstract class AbstractFieldChange {

    /** @return the field */
    public abstract FieldKey getField();

    /** @return the value before; empty for a create or a field that was blank */
    public abstract Optional<String> getOldValue();

    /** @return the value after; empty when the field becomes blank */
    public abstract Optional<String> getNewValue();

    /** @return the old value as it may be shown (masked if secret) */
    public String displayOld() {
        return getField().display(getOldValue().orElse(null));
    }

    /** @return the new value as it may be shown (masked if secret) */
    public String displayNew() {
        return getField().display(getNewValue().orElse(null));
    }

    @Override
    public String toString() {
        return getField().getName() + ": " + displayOld() + " -> " + displayNew();
    }
}

package org.pbxsync.core.validation;

import java.util.Optional;
import org.immutables.value.Value;
import org.pbxsync.core.internal.SdkStyle;
import org.pbxsync.core.model.FieldKey;

/**
 * Something wrong with a user's data, and what was done about it. Built with {@code
 * Violation.builder()}; immutable. Messages never contain secret values.
 */
@Value.Immutable
@SdkStyle
abstract class AbstractViolation {

    /** @return the User Identification, when the entry got that far */
    public abstract Optional<String> getUserId();

    /** @return the directory entry's reference (DN or UPN) */
    public abstract String getEntryReference();

    /** @return the field concerned, if one */
    public abstract Optional<FieldKey> getField();

    /** @return the stable code */
    public abstract ViolationCode getCode();

    /** @return the severity: a warning blanks or drops a value, an error skips the user */
    public abstract Severity getSeverity();

    /** @return what was found and what was done, in words; never a secret value */
    public abstract String getMessage();

    @Override
    public String toString() {
        return getSeverity() + " " + getCode() + " [" + getEntryReference()
                + getUserId().map(u -> ", userId=" + u).orElse("")
                + getField().map(f -> ", field=" + f.getName()).orElse("") + "]: " + getMessage();
    }
}

package org.pbxsync.core.model;

import java.util.Optional;
import org.immutables.value.Value;
import org.pbxsync.core.internal.SdkStyle;

/**
 * A user provisioning rule (IP Office's UPR): the template a new user is created from. Built
 * with {@code ProvisioningRule.builder()}; immutable.
 */
@Value.Immutable
@SdkStyle
abstract class AbstractProvisioningRule {

    /** @return the rule's name; directory values must match it exactly */
    public abstract String getName();

    /** @return the extension type the rule creates (for example {@code SIP}, {@code H.323}) */
    public abstract Optional<String> getExtensionType();

    /**
     * @return the first extension number this rule allocates from: a new user gets the lowest
     *     free number at or above it, and this wins over a mapped extension; digits only
     */
    public abstract Optional<String> getStartExtension();

    /** @return the name of the system new users of this rule are created on */
    public abstract Optional<String> getSystem();

    @Value.Check
    protected void check() {
        if (getName().isBlank()) {
            throw new IllegalStateException("provisioning rule name must not be blank");
        }
        getStartExtension().ifPresent(s -> {
            if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalStateException("provisioning rule " + getName()
                        + ": start extension must be ASCII digits, got '" + s + "'");
            }
        });
    }
}

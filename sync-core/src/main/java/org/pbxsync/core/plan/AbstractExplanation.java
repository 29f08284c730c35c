package org.pbxsync.core.plan;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;
import org.pbxsync.core.internal.SdkStyle;
import org.pbxsync.core.validation.Violation;

/**
 * Why the planner does what it does for one user: which rule and attribute gave each value,
 * which provisioning rule and system were chosen, why the user is skipped, what operation is
 * planned and why. Made by {@link Planner#explain}; immutable. Never contains a login or
 * voicemail code: secret values are shown as {@code ****}.
 */
@Value.Immutable
@SdkStyle
abstract class AbstractExplanation {

    /** @return what was asked for: a User Identification or an entry reference */
    public abstract String getSubject();

    /** @return whether a directory entry or a PBX user matched the subject */
    @Value.Default
    public boolean isFound() {
        return true;
    }

    /** @return the User Identification concerned, if known */
    public abstract Optional<String> getUserId();

    /** @return the directory entry's reference, if an entry matched */
    public abstract Optional<String> getEntryReference();

    /** @return the decisions, in the order the planner made them, as sentences */
    public abstract List<String> getSteps();

    /** @return the operations planned for this user, in apply order */
    public abstract List<PlannedOperation> getOperations();

    /** @return the violations found for this user */
    public abstract List<Violation> getViolations();

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Explanation for ").append(getSubject());
        if (!isFound()) {
            sb.append(": no directory entry or PBX user matches");
        }
        for (String s : getSteps()) {
            sb.append("\n  - ").append(s);
        }
        for (Violation v : getViolations()) {
            sb.append("\n  ! ").append(v);
        }
        for (PlannedOperation op : getOperations()) {
            sb.append("\n  => ").append(op);
        }
        return sb.toString();
    }
}

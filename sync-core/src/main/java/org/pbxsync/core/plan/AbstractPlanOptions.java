package org.pbxsync.core.plan;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.internal.SdkStyle;
import org.pbxsync.core.model.OperationType;

/**
 * How the {@link Planner} plans: which operations are switched on, the safety guards and the
 * policies for awkward data. Built with {@code PlanOptions.builder().syncName("ldap-main")...build()};
 * immutable and thread-safe.
 *
 * <p>{@code build()} (and every {@code withX} copy) checks the options at once and throws a
 * {@link org.pbxsync.core.ConfigurationException} listing every problem:
 *
 * <ul>
 *   <li>{@code syncName} blank;</li>
 *   <li>{@code maxDeletes} negative, {@code maxDeletePercent} outside 0..100;</li>
 *   <li>{@code defaultProvisioningRule} present but blank;</li>
 *   <li>{@code deleteEnabled} together with {@code sharedPbx}: when several synchronizations feed
 *       one PBX, Delete is not available (as in IP Office), whatever the delete mode.</li>
 * </ul>
 *
 * <p>The planner also refuses Delete (a {@link org.pbxsync.core.ConfigurationException} from {@code plan}) when
 * the PBX snapshot holds users owned by another sync name, even if {@code sharedPbx} was not
 * set: the snapshot proves the PBX is shared.
 */
@Value.Immutable
@SdkStyle
abstract class AbstractPlanOptions {

    /** Default for {@link #getMaxDeletes()}: Entra Connect's accidental-delete threshold. */
    public static final int DEFAULT_MAX_DELETES = 500;

    /** Default for {@link #getMaxDeletePercent()}. */
    public static final int DEFAULT_MAX_DELETE_PERCENT = 20;

    /**
     * @return the name of this sync configuration; the owner recorded on every PBX user it
     *     creates, and the only owner whose users it changes. Required, not blank.
     */
    public abstract String getSyncName();

    /** @return whether new PBX users are created (IP Office "New"); default true */
    @Value.Default
    public boolean isCreateEnabled() {
        return true;
    }

    /** @return whether owned PBX users are updated (IP Office "Update"); default true */
    @Value.Default
    public boolean isUpdateEnabled() {
        return true;
    }

    /**
     * @return whether owned PBX users whose entry is gone are deleted or disabled (IP Office
     *     "Delete"); default false. Not allowed with a shared PBX.
     */
    @Value.Default
    public boolean isDeleteEnabled() {
        return false;
    }

    /** @return what delete does; default {@link DeleteMode#DISABLE}, which is reversible */
    @Value.Default
    public DeleteMode getDeleteMode() {
        return DeleteMode.DISABLE;
    }

    /** @return what a disabled directory account does; default {@link DisabledAccountPolicy#DISABLE_ON_PBX} */
    @Value.Default
    public DisabledAccountPolicy getDisabledAccountPolicy() {
        return DisabledAccountPolicy.DISABLE_ON_PBX;
    }

    /**
     * @return the most users one plan may delete or disable (every {@code DELETE} and {@code
     *     DISABLE}, whatever the reason) before the plan is blocked; default {@value
     *     #DEFAULT_MAX_DELETES}, like Entra Connect. 0 blocks any delete. A plan with exactly
     *     this many is not blocked.
     */
    @Value.Default
    public int getMaxDeletes() {
        return DEFAULT_MAX_DELETES;
    }

    /**
     * @return the largest share, in percent of the users this sync owns on the PBX before the
     *     run, that one plan may delete or disable before it is blocked; default {@value
     *     #DEFAULT_MAX_DELETE_PERCENT}. Exactly this share is not blocked. Small PBXs may need
     *     a higher value (1 of 4 users is 25 %).
     */
    @Value.Default
    public int getMaxDeletePercent() {
        return DEFAULT_MAX_DELETE_PERCENT;
    }

    /**
     * @return whether an empty full listing may be planned (every owned user treated as
     *     removed); default false: an empty listing blocks the plan
     */
    @Value.Default
    public boolean isAllowEmptySource() {
        return false;
    }

    /**
     * @return the caller's explicit override of the delete guards ({@link #getMaxDeletes()},
     *     {@link #getMaxDeletePercent()}); default false
     */
    @Value.Default
    public boolean isAllowDeletesOverThreshold() {
        return false;
    }

    /**
     * @return the provisioning rule for new users who map none, or map one the PBX does not
     *     have (then with a warning instead of an error); must exist on the PBX when planning
     */
    public abstract Optional<String> getDefaultProvisioningRule();

    /** @return what happens to duplicate names; default {@link DuplicateNamePolicy#SKIP_DUPLICATES} */
    @Value.Default
    public DuplicateNamePolicy getDuplicateNamePolicy() {
        return DuplicateNamePolicy.SKIP_DUPLICATES;
    }

    /**
     * @return whether several synchronizations feed this PBX (LDAP and Teams, say); then Delete
     *     may not be enabled. Default false.
     */
    @Value.Default
    public boolean isSharedPbx() {
        return false;
    }

    /**
     * @return the operations the PBX can perform (its writer's capabilities); default all. The
     *     planner never plans another one: it records an {@code OPERATION_NOT_SUPPORTED}
     *     warning instead and leaves the user as it is.
     */
    @Value.Default
    public Set<OperationType> getSupportedOperations() {
        return EnumSet.allOf(OperationType.class);
    }

    @Value.Check
    protected void check() {
        List<String> problems = new ArrayList<>();
        if (getSyncName().isBlank()) {
            problems.add("syncName must not be blank: it is the owner recorded on every user the sync creates");
        }
        if (getMaxDeletes() < 0) {
            problems.add("maxDeletes must be 0 or more, got " + getMaxDeletes());
        }
        if (getMaxDeletePercent() < 0 || getMaxDeletePercent() > 100) {
            problems.add("maxDeletePercent must be between 0 and 100, got " + getMaxDeletePercent());
        }
        if (getDefaultProvisioningRule().isPresent() && getDefaultProvisioningRule().get().isBlank()) {
            problems.add("defaultProvisioningRule must not be blank when set");
        }
        if (isDeleteEnabled() && isSharedPbx()) {
            problems.add("deleteEnabled is not allowed with sharedPbx: when several synchronizations feed one PBX,"
                    + " Delete is not available; switch delete off for sync '" + getSyncName() + "'");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }
}

package org.pbxsync.core.plan;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.PbxSnapshot;

/**
 * Plans what a sync would do: compares the desired users (mapped directory entries) with what
 * the PBX holds, validates them, and returns a {@link SyncPlan}. Pure: it reads nothing but its
 * arguments and writes nothing.
 *
 * <p>Called by the synchronizer (and by hosts in their own unit tests). Stateless and
 * thread-safe: one instance may plan any number of runs at once. Plans are deterministic: the
 * same desired users in any order, against the same snapshot in any order, give an equal plan.
 * Cost is O(n log n) in the number of users (hash joins plus one sort), with no per-pair work.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Users are matched by User Identification. Only PBX users whose owner is {@link
 *       PlanOptions#getSyncName()} are ever changed; an entry whose User Identification belongs
 *       to another user gets {@code USER_ID_TAKEN} and nothing is planned for it.</li>
 *   <li>Create, update and delete are switched separately ({@link PlanOptions}). An update
 *       changes only fields that are {@linkplain org.pbxsync.core.model.FieldKey#isUsedOnUpdate()
 *       used on update} and not {@linkplain org.pbxsync.core.mapping.MappedField#isCreateOnly()
 *       create-only}: never the login code, voicemail code, provisioning rule or system. A field
 *       that is not mapped at all is left as the PBX has it; a field that is mapped but produced
 *       no value ({@code MappedField} with no values) is cleared.</li>
 *   <li>On create, a provisioning rule with a start extension allocates the lowest free number at
 *       or above it, with the same number of digits, skipping every number in use anywhere on
 *       the PBX (all users, reserved extensions, extensions other users get in this plan); that
 *       wins over a mapped extension. For users of such a rule the mapped extension is never
 *       applied by updates either, so runs do not undo the allocation.</li>
 *   <li>A new user goes to the system named by its mapped LAN1, LAN2, system name or FQDN (in
 *       that order; {@code UNKNOWN_SYSTEM} warning if none matches), else its rule's system, else
 *       the primary.</li>
 *   <li>Names are unique ignoring case, extensions exactly; both across the whole PBX after the
 *       plan. A value goes to the user who already holds it, else to the lowest User
 *       Identification. Values held by users this sync does not own are never taken.</li>
 *   <li>An owned user whose entry is gone is deleted or disabled ({@link DeleteMode}) if delete
 *       is enabled; a disabled owned user whose entry is present and enabled is enabled (when create or
 *       update is switched on). What a disabled directory account does is set by {@link
 *       PlanOptions#getDisabledAccountPolicy()}.</li>
 *   <li>An error skips the user: nothing is planned for it, and its PBX user keeps its current
 *       name and extension (which may in turn make other users' changes impossible).</li>
 * </ul>
 *
 * <h2>Apply order</h2>
 *
 * Operations come in the order they must be applied: {@code DELETE}, {@code DISABLE}, {@code
 * UPDATE}, {@code ENABLE}, {@code CREATE}. Deletes free names and extensions before anything
 * takes them. Updates are ordered so that a user moving off a name or extension is updated
 * before the user taking it (ties by User Identification). Updates that would need each other
 * first (a swap of names or extensions between two users, or a longer cycle) are refused with
 * {@code CIRCULAR_CHANGE} errors, as are the changes that depend on them; nothing is renamed
 * to a temporary value. Other operations of one type come by User Identification. Operations on
 * one user chain: each operation's {@code before} is the user as the operations before it
 * leave it.
 *
 * <h2>Guards</h2>
 *
 * A full listing with no entries is blocked unless {@link PlanOptions#isAllowEmptySource()}.
 * More {@code DELETE} plus {@code DISABLE} operations than {@link PlanOptions#getMaxDeletes()}
 * or than {@link PlanOptions#getMaxDeletePercent()} percent of the owned users is blocked unless
 * {@link PlanOptions#isAllowDeletesOverThreshold()}. A blocked plan still lists everything it
 * would do; {@link SyncPlan#getBlockReasons()} says why and how to allow it.
 */
public final class Planner {
    private final PlanOptions options;

    private Planner(PlanOptions options) {
        this.options = options;
    }

    /**
     * @param options the options; not null (their builder has already checked them)
     * @return a planner
     */
    public static Planner create(PlanOptions options) {
        return new Planner(Objects.requireNonNull(options, "options"));
    }

    /** @return the options this planner plans with */
    public PlanOptions options() {
        return options;
    }

    /**
     * Plans a full run: {@code desired} is the complete directory listing, so an owned user
     * with no entry is treated as removed.
     *
     * @param desired every mapped entry of the listing, in any order; not null, no null elements
     * @param current what the PBX holds now; not null
     * @return the plan; never null
     * @throws ConfigurationException if delete is enabled and the snapshot holds users owned
     *     by another sync, or the default provisioning rule does not exist on the PBX
     */
    public SyncPlan plan(Collection<MappedUser> desired, PbxSnapshot current) {
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(current, "current");
        return new PlanRun(options, current, null).planFull(desired);
    }

    /**
     * Plans an incremental run from a change set: only the upserted entries and the removed
     * users are planned; every other PBX user is taken as it is, and uniqueness of names,
     * extensions and User Identifications is still checked against the whole PBX. An upserted
     * entry that left the directory's scope must come as a removal, not an upsert. An id both
     * upserted and removed is treated as upserted. The empty-source guard does not apply; the
     * delete guards do (the percentage is of all owned users).
     *
     * <p>Users outside the change set are not revisited: an entry that lost a name or extension to
     * a user who has since left keeps its error until its entry changes or a full {@link #plan}
     * runs, which is why a periodic full run is recommended (as Entra does).
     *
     * @param upserted mapped entries created or changed since the checkpoint; not null
     * @param removedUserIds User Identifications of users whose entries were removed or left
     *     scope; not null. Ids the sync does not own are ignored.
     * @param current what the PBX holds now; not null
     * @return the plan, with {@link SyncPlan#isIncremental()} true
     * @throws ConfigurationException as for {@link #plan}
     */
    public SyncPlan planChanges(Collection<MappedUser> upserted, Set<String> removedUserIds, PbxSnapshot current) {
        Objects.requireNonNull(upserted, "upserted");
        Objects.requireNonNull(removedUserIds, "removedUserIds");
        Objects.requireNonNull(current, "current");
        return new PlanRun(options, current, null).planIncremental(upserted, removedUserIds);
    }

    /**
     * Explains the planner's decisions for one user of a full run, as {@link #plan} would make
     * them (it plans the whole run again, so it costs as much as {@link #plan}).
     *
     * @param userIdOrEntryReference a User Identification, or a directory entry's reference or
     *     id; not null
     * @param desired as for {@link #plan}
     * @param current as for {@link #plan}
     * @return the explanation; {@link Explanation#isFound()} is false if nothing matches
     * @throws ConfigurationException as for {@link #plan}
     */
    public Explanation explain(String userIdOrEntryReference, Collection<MappedUser> desired, PbxSnapshot current) {
        Objects.requireNonNull(userIdOrEntryReference, "userIdOrEntryReference");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(current, "current");
        return new PlanRun(options, current, userIdOrEntryReference).explainFull(desired);
    }

    @Override
    public String toString() {
        return "Planner{" + options + "}";
    }
}

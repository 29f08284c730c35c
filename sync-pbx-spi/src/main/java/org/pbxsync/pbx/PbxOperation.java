package org.pbxsync.pbx;

/**
 * Marker for the capability interfaces a {@link PbxTarget} may implement: {@link CreateUserOp},
 * {@link UpdateUserOp}, {@link DeleteUserOp}, {@link DisableUserOp}. Implement only those your
 * PBX can really perform; the synchronizer derives what it may plan from them (see {@link
 * Capabilities}).
 *
 * <p>Common rules for every write method:
 * <ul>
 *   <li>It receives the {@link org.pbxsync.core.plan.PlannedOperation} the planner made: the
 *       full desired user ({@code getAfter()}), the user as it was read ({@code getBefore()})
 *       and the per-field changes ({@code getChanges()}). Use whichever suits your PBX's API.</li>
 *   <li>It is called from one thread at a time per synchronizer; see {@link PbxTarget} for
 *       shared targets.</li>
 *   <li>It either completes the write or throws. For a transient failure (time-out, busy,
 *       throttled) throw {@link org.pbxsync.core.RetryableException}: the synchronizer retries
 *       with back-off. For a uniqueness clash throw {@link PbxConflictException}; for a user
 *       that is not there any more, {@link PbxUserNotFoundException}; for anything else the
 *       PBX refuses, another {@link org.pbxsync.core.SyncException} with a message naming the
 *       user and the field. Never let a write fail silently.</li>
 *   <li>Applying the same operation twice leaves the PBX as applying it once did, without an
 *       error (a retry after a lost reply must be safe).</li>
 *   <li>Messages never contain login or voicemail codes.</li>
 * </ul>
 */
public interface PbxOperation {}

/**
 * The runtime of PBX User Sync: the {@link org.pbxsync.pbx.PbxTarget} SPI a host implements for
 * its phone system, and the API that drives a sync: {@link org.pbxsync.pbx.Synchronizer},
 * {@link org.pbxsync.pbx.SyncReport}, {@link org.pbxsync.pbx.SyncStateStore} and {@link
 * org.pbxsync.pbx.SyncScheduler}.
 *
 * <h2>Writing a PbxTarget, step by step</h2>
 *
 * <ol>
 *   <li><b>Add the dependencies.</b> {@code org.pbxsync:sync-pbx-spi} for the SPI, and {@code
 *       org.pbxsync:sync-pbx-tck} with {@code test} scope for the conformance kit.</li>
 *
 *   <li><b>Create the class and its configuration.</b> Take the PBX's address and credentials
 *       in a constructor or builder and check them there without connecting; throw {@link
 *       org.pbxsync.core.ConfigurationException} listing every problem at once. Keep
 *       credentials out of {@code toString()}, exception messages and {@link
 *       org.pbxsync.pbx.PbxTarget#describe()}.</li>
 *
 *   <li><b>Report the SPI version.</b> Implement {@link org.pbxsync.pbx.PbxTarget#spiVersion()}
 *       as {@code return SPI_VERSION;}. The compiler copies the constant into your class, so
 *       the synchronizer can tell which SPI you built against and refuse, with a clear message,
 *       one it does not support ({@link org.pbxsync.pbx.SpiVersions}).</li>
 *
 *   <li><b>Read the PBX.</b> Implement {@link org.pbxsync.pbx.PbxTarget#read()}: return a
 *       {@link org.pbxsync.core.model.PbxSnapshot} with every user (including users made by
 *       hand and users owned by other syncs), each as a {@link
 *       org.pbxsync.core.model.PbxUser} with its User Identification, its owner (empty for users
 *       no sync created), its enabled flag, its fields by {@link
 *       org.pbxsync.core.model.FieldKey} (Name is mandatory; Extensions, Full Name, Email...),
 *       its groups and its system; the provisioning rules with extension type and start
 *       extension; the systems, exactly one primary; the group names; and the extensions in use
 *       by anything but users. All or nothing: if part of the PBX cannot be read, throw ({@link
 *       org.pbxsync.core.ConnectionFailedException}, {@link
 *       org.pbxsync.core.AuthenticationFailedException}, {@link
 *       org.pbxsync.core.RetryableException}); never return part of it.</li>
 *
 *   <li><b>Store ownership.</b> Decide where your PBX keeps the two values a sync needs on every
 *       user it creates: the User Identification (the directory anchor) and the owner (the
 *       sync's name). A spare user field, a custom attribute or a note field will do; it must
 *       survive edits by hand and be written in the same request that creates the user. This is
 *       what makes runs crash-safe: the next run sees every user the last one created.</li>
 *
 *   <li><b>Choose your capabilities.</b> Implement only the operation interfaces your PBX can
 *       really perform: {@link org.pbxsync.pbx.CreateUserOp}, {@link
 *       org.pbxsync.pbx.UpdateUserOp}, {@link org.pbxsync.pbx.DeleteUserOp}, {@link
 *       org.pbxsync.pbx.DisableUserOp} (disable and enable). The synchronizer derives from them
 *       what the planner may plan ({@link org.pbxsync.pbx.Capabilities}); it never sends an
 *       operation you did not opt in to, and refuses to build a sync whose delete mode you
 *       cannot perform.</li>
 *
 *   <li><b>Write each operation.</b> Each method receives the planner's {@link
 *       org.pbxsync.core.plan.PlannedOperation}: {@code getAfter()} is the full desired user,
 *       {@code getBefore()} the user as read, {@code getChanges()} the fields that change (with
 *       old and new values). Create from {@code getAfter()}; update only the fields in {@code
 *       getChanges()}, taking their new values from {@code getAfter()}. Before you change or
 *       delete a user, check that its owner is still {@code getBefore().getOwner()}. Make every
 *       write idempotent: a create of a user that exists with the same owner makes it equal to
 *       {@code getAfter()}, a delete of a missing user succeeds, disabling a disabled user
 *       succeeds. The Javadoc of each interface has the exact contract.</li>
 *
 *   <li><b>Signal failures precisely.</b> Throw {@link org.pbxsync.core.RetryableException}
 *       for transient failures (time-out, busy, throttled; pass the server's {@code
 *       Retry-After} if it gave one): the synchronizer retries with back-off. Throw {@link
 *       org.pbxsync.pbx.PbxConflictException} when a name, extension or User Identification is
 *       taken or the owner changed, {@link org.pbxsync.pbx.PbxUserNotFoundException} when the
 *       user is gone, {@link org.pbxsync.core.AuthenticationFailedException} or {@link
 *       org.pbxsync.core.ConnectionFailedException} when the PBX is unusable (the run then stops
 *       writing), and another {@link org.pbxsync.core.SyncException} naming the user and field
 *       for anything else the PBX refuses. Keep the PBX API's exception as the cause. Never put
 *       a login or voicemail code in a message; {@link org.pbxsync.core.model.FieldKey#display}
 *       masks them.</li>
 *
 *   <li><b>Thread safety and lifecycle.</b> One synchronizer calls one method at a time; a
 *       target shared by several synchronizers (several directories feeding one PBX) must be
 *       thread-safe. Release connections in {@link org.pbxsync.pbx.PbxTarget#close()}.</li>
 *
 *   <li><b>Prove it with the kit.</b> In your tests, extend {@code
 *       org.pbxsync.pbx.tck.PbxTargetContract} and return a fresh target (on a test PBX or a
 *       simulator) from {@code createTarget()}; override {@code reopen} if your PBX keeps
 *       state across instances, and {@code newUser} or {@code freeExtension} if your PBX needs
 *       other test data. The suite checks reading, creating, updating, deleting, disabling,
 *       uniqueness errors, ownership round-trip and idempotent re-application, and skips with
 *       a printed reason what your capabilities exclude. {@link
 *       org.pbxsync.pbx.memory.InMemoryPbxTarget} passes it and is the model to compare
 *       with.</li>
 *
 *   <li><b>Wire it.</b> Give your target to {@link org.pbxsync.pbx.Synchronizer#builder()} with a
 *       directory source, a mapping, plan options and a state store; call {@code preview()} to
 *       see what would happen and {@code synchronize()} to do it, or register it with a {@link
 *       org.pbxsync.pbx.SyncScheduler}.</li>
 * </ol>
 *
 * <h2>A skeleton</h2>
 * <pre>
 * public final class AcmePbxTarget implements PbxTarget, CreateUserOp, UpdateUserOp, DisableUserOp {
 *     private final AcmeClient client;                       // your PBX's API
 *
 *     public AcmePbxTarget(AcmeClient client) { this.client = client; }
 *
 *     &#64;Override public String spiVersion() { return SPI_VERSION; }
 *     &#64;Override public String describe() { return "Acme PBX at " + client.host(); }
 *
 *     &#64;Override public PbxSnapshot read() {
 *         PbxSnapshot.Builder b = PbxSnapshot.builder();
 *         for (AcmeUser a : client.listAllUsers()) {           // throw if the listing breaks off
 *             PbxUser.Builder u = PbxUser.builder()
 *                     .userId(a.syncAnchor() != null ? a.syncAnchor() : "acme:" + a.id())
 *                     .enabled(!a.disabled())
 *                     .putFields(FieldKey.NAME, a.name());
 *             if (a.syncOwner() != null) { u.owner(a.syncOwner()); }   // users made by hand: no owner
 *             if (a.extension() != null) { u.putFields(FieldKey.EXTENSION, a.extension()); }
 *             b.addUsers(u.build());
 *         }
 *         return b.addAllRules(...).addAllSystems(...).addAllGroups(...).build();
 *     }
 *
 *     &#64;Override public void createUser(PlannedOperation op) {
 *         PbxUser u = op.getAfter().orElseThrow();
 *         try {
 *             client.create(u.getName(), u.getExtension().orElse(null),
 *                     u.getUserId(), u.getOwner().orElseThrow());      // anchor and owner in the same request
 *         } catch (AcmeDuplicateException e) {
 *             throw new PbxConflictException("user " + u.getUserId() + ": " + e.getMessage(), FieldKey.NAME, e);
 *         } catch (AcmeBusyException e) {
 *             throw new RetryableException("Acme PBX busy", e, e.retryAfter());
 *         }
 *     }
 *     // updateUser: change only op.getChanges(), with values from op.getAfter(); disableUser / enableUser alike
 * }
 *
 * class AcmePbxTargetContractTest extends PbxTargetContract {   // sync-pbx-tck, test scope
 *     &#64;Override protected PbxTarget createTarget() { return new AcmePbxTarget(AcmeSimulator.fresh()); }
 * }
 * </pre>
 *
 * <h2>Using a synchronizer</h2>
 * {@link org.pbxsync.pbx.Synchronizer} describes a run's stages, its crash safety and its
 * errors; {@link org.pbxsync.pbx.SyncReport} what a run reports; {@link
 * org.pbxsync.pbx.SyncStateStore} what is kept between runs; {@link
 * org.pbxsync.pbx.SyncScheduler} how runs are scheduled. Progress goes to a {@link
 * org.pbxsync.pbx.SyncListener}; logging goes through SLF4J (logger {@code
 * org.pbxsync.pbx.Synchronizer}: a line per run at INFO, failed writes at WARN, each write at
 * DEBUG) and never shows a secret.
 */
package org.pbxsync.pbx;

package org.pbxsync.teams;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.ConnectionTestResult;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.directory.DirectorySource;
import org.pbxsync.teams.internal.GraphDirectoryReader;

/**
 * A {@link DirectorySource} that reads users from Microsoft Entra ID (the directory behind
 * Microsoft Teams) through Microsoft Graph v1.0, as IP Office's "User Synchronization using
 * Microsoft Teams" does. Read-only: it only ever sends GET requests.
 *
 * <h2>Scope</h2>
 * A {@linkplain DirectoryScope#TENANT tenant directory} reads {@code GET /users}; a {@linkplain
 * DirectoryScope#GROUP group directory} reads the users among the transitive members of one group
 * ({@code GET /groups/{id}/transitiveMembers/microsoft.graph.user}). Guests, disabled accounts and
 * users without a given licence or service plan (for example Teams Phone) can be left out; the
 * filters run on the returned data, so Graph's advanced-query mode is never needed.
 *
 * <h2>Entries</h2>
 * <ul>
 *   <li>{@code id}: the Graph object id; {@code reference}: the userPrincipalName (the mail, then
 *       the id, if Graph returned none); {@code enabled}: {@code accountEnabled} (true when Graph
 *       did not return it).</li>
 *   <li>Attributes are named as Graph user properties: {@code displayName}, {@code givenName},
 *       {@code surname}, {@code mail}, {@code businessPhones} (multi-valued), {@code mobilePhone},
 *       {@code department}, {@code jobTitle}, {@code officeLocation}, {@code employeeId}, {@code
 *       onPremisesSamAccountName}... String collections are multi-valued; booleans and numbers are
 *       text; dates are ISO-8601. {@code onPremisesExtensionAttributes} is flattened to {@code
 *       extensionAttribute1}..{@code extensionAttribute15}. {@code assignedLicenses} gives the
 *       SKU ids, {@code assignedPlans} the ids of active service plans. Directory extensions
 *       {@code extension_<appId>_<name>} are passed through. {@code id}, {@code
 *       userPrincipalName} and {@code accountEnabled} are always present as attributes too.</li>
 *   <li>Groups: for a group directory, every entry carries the group's display name; for a
 *       tenant directory, none ({@code memberOf} is not read: it would cost a request per
 *       user).</li>
 * </ul>
 *
 * <h2>Requests</h2>
 * Only the configured attributes (plus {@code id}, {@code userPrincipalName}, {@code
 * accountEnabled} and what the filters need) are selected; pages hold 999 users; every {@code
 * @odata.nextLink} is followed, so N users cost ceil(N/999) page requests. Links that point
 * anywhere but the configured Graph endpoint, or that repeat, stop the listing.
 *
 * <h2>Incremental listings</h2>
 * For a tenant directory {@link #readAll} first asks {@code /users/delta?$deltatoken=latest} for
 * the current delta link (one extra request, made <em>before</em> the pages so that no change is
 * lost) and returns it as a {@link Checkpoint} of kind {@code graph-delta}; if Graph refuses that
 * request with 400 or 501, the listing still completes, without a checkpoint. {@link #listChanges}
 * follows that link: changed users become upserts, {@code @removed} items (reason {@code deleted}
 * or {@code changed}) and users that no longer pass the filters become removals. An expired or
 * unknown token (HTTP 410, or 400 {@code syncStateNotFound}) and a checkpoint taken under other
 * attributes or filters raise {@link org.pbxsync.core.CheckpointExpiredException}. A group
 * directory has no incremental listing: transitive membership has no delta in Graph (group delta
 * reports direct members only), so it is listed in full every run, at ceil(members/999) requests.
 *
 * <h2>Failures</h2>
 * 429, 500, 502, 503 and 504 and network errors are retried up to the configured count, waiting
 * as {@code Retry-After} says (seconds or an HTTP date) or with exponential back-off. When a
 * page still fails, the whole listing fails with {@link
 * org.pbxsync.core.IncompleteListingException}; 401 and 403 raise {@link
 * org.pbxsync.core.AuthenticationFailedException}; a token that cannot be obtained raises
 * {@code AuthenticationFailedException} naming the client and tenant; a response that is not
 * Graph JSON raises {@code IncompleteListingException}.
 *
 * <p>Thread safety: one listing at a time; {@link #close()} may be called from another thread and
 * aborts a running listing.
 */
public final class TeamsDirectorySource implements DirectorySource {
    private final TeamsSourceConfig config;
    private final GraphDirectoryReader reader;

    private TeamsDirectorySource(TeamsSourceConfig config) {
        this.config = config;
        this.reader = new GraphDirectoryReader(config, Credentials.toTokenCredential(config.getCredentials(), config),
                Credentials.identity(config.getCredentials(), config));
    }

    /**
     * Creates a source. Builds the credential and the HTTP client; makes no network call.
     *
     * @param config the settings; not null
     * @return the source; close it when done
     */
    public static TeamsDirectorySource create(TeamsSourceConfig config) {
        return new TeamsDirectorySource(Objects.requireNonNull(config, "config"));
    }

    /** @return the settings */
    public TeamsSourceConfig getConfig() {
        return config;
    }

    /** @return {@code msgraph <base url> tenant} or {@code msgraph <base url> group <id>} */
    @Override
    public String describe() {
        return "msgraph " + config.getGraphBaseUrl() + " " + (config.getScope() == DirectoryScope.GROUP
                ? "group " + config.getGroupId().orElseThrow() : "tenant");
    }

    @Override
    public Optional<Checkpoint> readAll(Consumer<? super DirectoryEntry> sink) {
        Objects.requireNonNull(sink, "sink");
        return reader.readAll(sink);
    }

    /** @return true for a tenant directory with incremental listings on; false for a group directory */
    @Override
    public boolean supportsChanges() {
        return reader.supportsChanges();
    }

    @Override
    public ChangeSet listChanges(Checkpoint since) {
        Objects.requireNonNull(since, "since");
        return reader.listChanges(since);
    }

    /**
     * Checks, in order: {@code token} (a token can be obtained), {@code permission} (the token's
     * {@code roles} claim when it is a JWT, then a {@code $top=1} request to {@code /users};
     * {@code User.Read.All}, and {@code GroupMember.Read.All} for a group directory), and for a
     * group directory {@code group} (the group exists and its members can be read).
     */
    @Override
    public ConnectionTestResult testConnection() {
        return reader.testConnection();
    }

    /** Cancels running requests and releases connections. Idempotent. */
    @Override
    public void close() {
        reader.close();
    }

    @Override
    public String toString() {
        return "TeamsDirectorySource{" + describe() + "}";
    }
}

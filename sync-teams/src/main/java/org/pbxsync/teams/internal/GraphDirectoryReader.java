package org.pbxsync.teams.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.users.delta.DeltaGetResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pbxsync.core.AuthenticationFailedException;
import org.pbxsync.core.CheckpointExpiredException;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.ConnectionTestResult;
import org.pbxsync.core.directory.ConnectionTestResult.Check;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.teams.DirectoryScope;
import org.pbxsync.teams.TeamsSourceConfig;
import org.pbxsync.teams.internal.GraphGateway.GraphCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work behind {@code TeamsDirectorySource}: full listings, delta rounds and the connection
 * test, on top of {@link GraphGateway}.
 */
public final class GraphDirectoryReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraphDirectoryReader.class);
    private static final int MAX_PAGES = 100_000;
    private static final Set<String> USER_READ_ROLES =
            Set.of("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");
    private static final Set<String> MEMBER_READ_ROLES = Set.of("GroupMember.Read.All", "GroupMember.ReadWrite.All",
            "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");

    private final TeamsSourceConfig config;
    private final TokenCredential credential;
    private final String identity;
    private final GraphGateway gateway;
    private final List<String> select;
    private final DeltaCheckpoints checkpoints;

    /**
     * @param config the settings
     * @param credential the credential built from them
     * @param identity who authenticates, for messages (client id and tenant; never a secret)
     */
    public GraphDirectoryReader(TeamsSourceConfig config, TokenCredential credential, String identity) {
        this.config = config;
        this.credential = credential;
        this.identity = identity;
        this.gateway = new GraphGateway(config, credential, identity);
        List<String> extra = new ArrayList<>();
        if (config.isExcludeGuests()) {
            extra.add("userType");
        }
        if (!config.getRequiredSkuIds().isEmpty()) {
            extra.add("assignedLicenses");
        }
        if (!config.getRequiredServicePlanIds().isEmpty()) {
            extra.add("assignedPlans");
        }
        this.select = UserAttributes.selectList(config.getAttributes(), extra);
        this.checkpoints = new DeltaCheckpoints(config, select);
    }

    /** @return the {@code $select} list every user request carries */
    public List<String> selectList() {
        return select;
    }

    /** @return whether incremental listings are offered */
    public boolean supportsChanges() {
        return config.isIncremental() && config.getScope() == DirectoryScope.TENANT;
    }

    /**
     * Full listing; see {@code DirectorySource.readAll}.
     *
     * @param sink receives every user in scope once
     * @return the delta checkpoint, when incremental listings are offered
     */
    public Optional<Checkpoint> readAll(Consumer<? super DirectoryEntry> sink) {
        if (config.getScope() == DirectoryScope.GROUP) {
            readGroup(sink);
            return Optional.empty();
        }
        // The delta token is taken before the listing: a change made while the pages are read is
        // then seen again by the next delta round, never lost.
        Optional<Checkpoint> checkpoint = supportsChanges() ? latestDeltaCheckpoint() : Optional.empty();
        Filter filter = new Filter(config);
        Set<String> seen = new HashSet<>();
        Counts counts = new Counts();
        String what = "/users";
        UserCollectionResponse page = fetchUsersPage(what, counts, null);
        while (true) {
            deliver(page.getValue(), List.of(), filter, seen, counts, sink);
            String next = page.getOdataNextLink();
            if (next == null) {
                break;
            }
            page = fetchUsersPage(what, counts, nextLink(what, next, counts));
        }
        LOG.info("Read {} users from {} in {} pages ({} left out by filters)", counts.delivered, what, counts.pages,
                counts.filtered);
        return checkpoint;
    }

    private UserCollectionResponse fetchUsersPage(String what, Counts counts, String next) {
        String label = "page " + (counts.pages + 1) + " of " + what;
        UserCollectionResponse page = listingCall(label, counts, () -> next == null
                ? gateway.graph().users().get(rc -> {
                    rc.queryParameters.select = select.toArray(String[]::new);
                    rc.queryParameters.top = config.getPageSize();
                })
                : gateway.graph().users().withUrl(next).get());
        counts.pages++;
        return requirePage(page, label, counts);
    }

    private void readGroup(Consumer<? super DirectoryEntry> sink) {
        String groupId = config.getGroupId().orElseThrow();
        Counts counts = new Counts();
        Group group = listingCall("group " + groupId, counts, () -> gateway.graph().groups().byGroupId(groupId)
                .get(rc -> rc.queryParameters.select = new String[] {"id", "displayName"}));
        String groupName = group == null || group.getDisplayName() == null ? groupId : group.getDisplayName();
        List<String> groups = List.of(groupName);
        Filter filter = new Filter(config);
        Set<String> seen = new HashSet<>();
        String what = "/groups/" + groupId + "/transitiveMembers/microsoft.graph.user";
        String next = null;
        while (true) {
            String label = "page " + (counts.pages + 1) + " of " + what;
            String link = next;
            UserCollectionResponse page = listingCall(label, counts, () -> link == null
                    ? gateway.graph().groups().byGroupId(groupId).transitiveMembers().graphUser().get(rc -> {
                        rc.queryParameters.select = select.toArray(String[]::new);
                        rc.queryParameters.top = config.getPageSize();
                    })
                    : gateway.graph().groups().byGroupId(groupId).transitiveMembers().graphUser().withUrl(link).get());
            counts.pages++;
            requirePage(page, label, counts);
            deliver(page.getValue(), groups, filter, seen, counts, sink);
            if (page.getOdataNextLink() == null) {
                break;
            }
            next = nextLink(what, page.getOdataNextLink(), counts);
        }
        LOG.info("Read {} users of group '{}' ({}) in {} pages ({} left out by filters)", counts.delivered, groupName,
                groupId, counts.pages, counts.filtered);
    }

    private void deliver(List<User> users, List<String> groups, Filter filter, Set<String> seen, Counts counts,
            Consumer<? super DirectoryEntry> sink) {
        for (User u : users) {
            if (u.getId() == null || u.getId().isBlank()) {
                throw new IncompleteListingException("Graph returned a user without an id on page " + counts.pages
                        + " (after " + counts.delivered + " users); the listing is discarded");
            }
            if (!seen.add(u.getId())) {
                LOG.debug("User {} listed twice; the second occurrence is ignored", u.getId());
                continue;
            }
            Optional<String> excluded = filter.exclusion(u);
            if (excluded.isPresent()) {
                counts.filtered++;
                LOG.debug("User {} left out: {}", u.getId(), excluded.get());
                continue;
            }
            sink.accept(UserAttributes.toEntry(u, groups));
            counts.delivered++;
        }
    }

    /**
     * Asks for the current delta link. When Graph refuses {@code $deltatoken=latest} with a 400 or
     * 501, the listing goes on without a checkpoint (every run is then full) rather than failing.
     */
    private Optional<Checkpoint> latestDeltaCheckpoint() {
        String url = gateway.base() + "/users/delta?$deltatoken=latest&$select=" + String.join(",", select);
        Counts counts = new Counts();
        Set<String> links = new HashSet<>();
        while (true) {
            String u = url;
            String label = "the current delta token (/users/delta?$deltatoken=latest)";
            DeltaGetResponse r;
            try {
                r = gateway.get(label, () -> gateway.graph().users().delta().withUrl(u).get());
            } catch (GraphCallException e) {
                int s = e.failure().status();
                if (s == 400 || s == 501) {
                    LOG.warn("Graph refused {} ({}); listing without a checkpoint, so the next run is full too",
                            label, e.failure());
                    return Optional.empty();
                }
                throw translate(label, counts, e);
            }
            counts.pages++;
            if (r == null) {
                throw new IncompleteListingException("Graph returned an empty body for /users/delta?$deltatoken=latest");
            }
            if (r.getOdataDeltaLink() != null) {
                return Optional.of(checkpoints.encode(ownLink("@odata.deltaLink", r.getOdataDeltaLink())));
            }
            if (r.getOdataNextLink() == null || !links.add(r.getOdataNextLink()) || counts.pages > MAX_PAGES) {
                throw new IncompleteListingException("Graph answered /users/delta?$deltatoken=latest without a deltaLink");
            }
            url = ownLink("@odata.nextLink", r.getOdataNextLink());
        }
    }

    /**
     * Delta round; see {@code DirectorySource.listChanges}.
     *
     * @param since a checkpoint from {@link #readAll} or an earlier round
     * @return upserts (current state of changed users in scope), removals (deleted, soft-deleted
     *     or left the scope through the filters) and the next checkpoint
     */
    public ChangeSet listChanges(Checkpoint since) {
        if (!supportsChanges()) {
            throw new UnsupportedOperationException(config.getScope() == DirectoryScope.GROUP
                    ? "A group directory is listed in full each run (transitive membership has no delta); "
                            + "listChanges is not supported"
                    : "Incremental listings are switched off for this source");
        }
        String link = checkpoints.decode(since);
        if (!gateway.isOwnLink(link)) {
            throw new CheckpointExpiredException("The Graph delta checkpoint points at another endpoint than "
                    + gateway.base() + "; a full listing is needed");
        }
        Filter filter = new Filter(config);
        Map<String, DirectoryEntry> upserts = new LinkedHashMap<>();
        Set<String> removed = new LinkedHashSet<>();
        Counts counts = new Counts();
        Set<String> links = new HashSet<>();
        String url = link;
        while (true) {
            String label = "delta page " + (counts.pages + 1);
            String u = url;
            DeltaGetResponse page;
            try {
                page = gateway.get(label, () -> gateway.graph().users().delta().withUrl(u).get());
            } catch (GraphCallException e) {
                if (e.failure().isExpiredDeltaToken()) {
                    throw new CheckpointExpiredException("Graph no longer accepts the delta token (" + e.failure()
                            + "); a full listing is needed", e);
                }
                throw translate(label, counts, e);
            } catch (ConnectionFailedException e) {
                if (counts.pages == 0) {
                    throw e;
                }
                throw new IncompleteListingException(e.getMessage() + " (delta round, after " + counts.pages
                        + " pages); the round is discarded", e);
            }
            counts.pages++;
            if (page == null || page.getValue() == null) {
                throw new IncompleteListingException("Graph returned no value array for " + label
                        + "; the round is discarded");
            }
            for (User user : page.getValue()) {
                String id = user.getId();
                if (id == null || id.isBlank()) {
                    throw new IncompleteListingException("Graph returned a delta item without an id on " + label);
                }
                if (user.getAdditionalData().containsKey("@removed")) {
                    upserts.remove(id);
                    removed.add(id);
                    counts.removed++;
                    continue;
                }
                Optional<String> excluded = filter.exclusion(user);
                if (excluded.isPresent()) {
                    LOG.debug("User {} is now out of scope: {}", id, excluded.get());
                    upserts.remove(id);
                    removed.add(id);
                    counts.filtered++;
                } else {
                    removed.remove(id);
                    upserts.put(id, UserAttributes.toEntry(user, List.of()));
                    counts.delivered++;
                }
            }
            if (page.getOdataDeltaLink() != null) {
                Checkpoint next = checkpoints.encode(ownLink("@odata.deltaLink", page.getOdataDeltaLink()));
                LOG.info("Graph delta round: {} pages, {} changed users in scope, {} removals ({} deleted, {} left the "
                        + "scope)", counts.pages, upserts.size(), removed.size(), counts.removed, counts.filtered);
                return new ChangeSet(new ArrayList<>(upserts.values()), removed, next);
            }
            String nextLink = page.getOdataNextLink();
            if (nextLink == null) {
                throw new IncompleteListingException("Graph returned " + label
                        + " with neither @odata.nextLink nor @odata.deltaLink; the round is discarded");
            }
            if (!links.add(nextLink) || counts.pages >= MAX_PAGES) {
                throw new IncompleteListingException("Graph returned the same @odata.nextLink twice in a delta round "
                        + "(a paging loop) after " + counts.pages + " pages; the round is discarded");
            }
            url = ownLink("@odata.nextLink", nextLink);
        }
    }

    /**
     * Connection test: token, permission, group; stops at the first failure.
     *
     * @return the checks made
     */
    public ConnectionTestResult testConnection() {
        List<Check> checks = new ArrayList<>();
        AccessToken token;
        try {
            token = new GuardedCredential(credential, identity)
                    .getTokenSync(new TokenRequestContext().addScopes(config.getTokenScope()));
            checks.add(Check.ok("token", "Got an access token for " + identity + " (scope " + config.getTokenScope()
                    + ", expires " + token.getExpiresAt() + ")"));
        } catch (RuntimeException e) {
            checks.add(Check.failed("token", e.getMessage() == null ? GuardedCredential.describe(e) : e.getMessage()));
            return new ConnectionTestResult(checks);
        }
        boolean group = config.getScope() == DirectoryScope.GROUP;
        Optional<List<String>> roles = Jwt.roles(token.getToken());
        if (roles.isPresent()) {
            List<String> have = roles.get();
            if (have.stream().noneMatch(USER_READ_ROLES::contains)) {
                checks.add(Check.failed("permission", "The token's application permissions are " + have
                        + "; reading users needs User.Read.All (or Directory.Read.All) with admin consent"));
                return new ConnectionTestResult(checks);
            }
            if (group && have.stream().noneMatch(MEMBER_READ_ROLES::contains)) {
                checks.add(Check.failed("permission", "The token's application permissions are " + have
                        + "; reading a group's members needs GroupMember.Read.All (or Group.Read.All) with admin consent"));
                return new ConnectionTestResult(checks);
            }
        }
        try {
            gateway.get("a one-user probe of /users", () -> gateway.graph().users().get(rc -> {
                rc.queryParameters.select = new String[] {"id"};
                rc.queryParameters.top = 1;
            }));
            checks.add(Check.ok("permission", "Listing users is allowed"
                    + roles.map(r -> " (application permissions " + r + ")")
                            .orElse(" (checked with a $top=1 request; the token carries no roles claim)")));
        } catch (GraphCallException e) {
            int s = e.failure().status();
            checks.add(Check.failed("permission", s == 401 || s == 403
                    ? "Graph refused to list users (" + e.failure() + "); grant the application permission "
                            + "User.Read.All with admin consent" + (s == 401 ? ", and check the tenant and cloud" : "")
                    : "Listing users failed: " + e.failure()));
            return new ConnectionTestResult(checks);
        } catch (SyncException e) {
            checks.add(Check.failed("permission", "Listing users failed: " + e.getMessage()));
            return new ConnectionTestResult(checks);
        }
        if (group) {
            checks.add(checkGroup(config.getGroupId().orElseThrow()));
        }
        return new ConnectionTestResult(checks);
    }

    private Check checkGroup(String groupId) {
        Group g;
        try {
            g = gateway.get("group " + groupId, () -> gateway.graph().groups().byGroupId(groupId)
                    .get(rc -> rc.queryParameters.select = new String[] {"id", "displayName"}));
        } catch (GraphCallException e) {
            int s = e.failure().status();
            return Check.failed("group", s == 404
                    ? "No group with id " + groupId + " exists in the tenant (" + e.failure() + ")"
                    : s == 403 ? "Reading group " + groupId + " was refused (" + e.failure()
                            + "); grant GroupMember.Read.All with admin consent"
                    : "Reading group " + groupId + " failed: " + e.failure());
        } catch (SyncException e) {
            return Check.failed("group", "Reading group " + groupId + " failed: " + e.getMessage());
        }
        String name = g == null || g.getDisplayName() == null ? groupId : g.getDisplayName();
        try {
            gateway.get("a one-member probe of group " + groupId, () -> gateway.graph().groups().byGroupId(groupId)
                    .transitiveMembers().graphUser().get(rc -> {
                        rc.queryParameters.select = new String[] {"id"};
                        rc.queryParameters.top = 1;
                    }));
        } catch (GraphCallException e) {
            int s = e.failure().status();
            return Check.failed("group", "Group '" + name + "' (" + groupId + ") exists but reading its members "
                    + (s == 403 ? "was refused (" + e.failure() + "); grant GroupMember.Read.All with admin consent"
                            : "failed: " + e.failure()));
        } catch (SyncException e) {
            return Check.failed("group", "Reading the members of group '" + name + "' failed: " + e.getMessage());
        }
        return Check.ok("group", "Group '" + name + "' (" + groupId + ") exists and its members can be read");
    }

    private <T> T listingCall(String label, Counts counts, Supplier<T> call) {
        try {
            return gateway.get(label, call);
        } catch (GraphCallException e) {
            throw translate(label, counts, e);
        } catch (ConnectionFailedException e) {
            if (counts.pages == 0) {
                throw e;
            }
            throw new IncompleteListingException(e.getMessage() + " (after " + counts.pages + " pages, "
                    + counts.delivered + " users); nothing from this listing may be used", e);
        }
    }

    private SyncException translate(String label, Counts counts, GraphCallException e) {
        GraphFailure f = e.failure();
        String progress = " (after " + counts.pages + " pages, " + counts.delivered + " users); nothing from this "
                + "listing may be used";
        if (f.status() == 401) {
            return new AuthenticationFailedException("Graph refused the access token of " + identity + " on " + label
                    + " (" + f + "); check tenant, client id, credential and cloud", e);
        }
        if (f.status() == 403) {
            return new AuthenticationFailedException("Graph refused " + label + " for " + identity + " (" + f
                    + "); grant User.Read.All" + (config.getScope() == DirectoryScope.GROUP
                            ? " and GroupMember.Read.All" : "") + " with admin consent", e);
        }
        if (f.status() == 404 && config.getScope() == DirectoryScope.GROUP) {
            return new IncompleteListingException("Group " + config.getGroupId().orElseThrow()
                    + " does not exist in the tenant (" + f + ") on " + label + progress, e);
        }
        Throwable cause = e.getCause() instanceof SyncException ? e.getCause() : e;
        return new IncompleteListingException("Graph listing failed: " + cause.getMessage() + progress, cause);
    }

    private UserCollectionResponse requirePage(UserCollectionResponse page, String label, Counts counts) {
        if (page == null || page.getValue() == null) {
            throw new IncompleteListingException("Graph returned " + (page == null ? "an empty body" : "no value array")
                    + " for " + label + " (after " + counts.delivered + " users); the listing is discarded");
        }
        return page;
    }

    private String nextLink(String what, String next, Counts counts) {
        if (!counts.links.add(next) || counts.pages >= MAX_PAGES) {
            throw new IncompleteListingException("Graph returned the same @odata.nextLink twice while listing " + what
                    + " (a paging loop) after " + counts.pages + " pages; the listing is discarded");
        }
        return ownLink("@odata.nextLink", next);
    }

    private String ownLink(String kind, String link) {
        if (!gateway.isOwnLink(link)) {
            throw new IncompleteListingException("Refusing to follow " + kind + " to " + hostOf(link)
                    + ": it is not the configured Graph endpoint " + gateway.base());
        }
        return link;
    }

    private static String hostOf(String link) {
        try {
            URI u = URI.create(link);
            return u.getScheme() + "://" + u.getAuthority();
        } catch (IllegalArgumentException e) {
            return "an unparsable URL";
        }
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return gateway.isClosed();
    }

    @Override
    public void close() {
        gateway.close();
    }

    private static final class Counts {
        int pages;
        int delivered;
        int filtered;
        int removed;
        final Set<String> links = new HashSet<>();
    }

    /** The configured user filters. */
    static final class Filter {
        private final TeamsSourceConfig config;

        Filter(TeamsSourceConfig config) {
            this.config = config;
        }

        Optional<String> exclusion(User u) {
            if (config.isExcludeGuests() && UserAttributes.isGuest(u)) {
                return Optional.of("guest");
            }
            if (config.isExcludeDisabled() && Boolean.FALSE.equals(u.getAccountEnabled())) {
                return Optional.of("account disabled");
            }
            if (!config.getRequiredSkuIds().isEmpty() && !UserAttributes.hasAnyLicence(u, config.getRequiredSkuIds())) {
                return Optional.of("none of the required licences");
            }
            if (!config.getRequiredServicePlanIds().isEmpty()
                    && !UserAttributes.hasAnyActivePlan(u, config.getRequiredServicePlanIds())) {
                return Optional.of("none of the required service plans active");
            }
            return Optional.empty();
        }
    }
}

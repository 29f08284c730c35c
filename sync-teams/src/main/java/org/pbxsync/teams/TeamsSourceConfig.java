package org.pbxsync.teams;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.teams.internal.UserAttributes;

/**
 * The settings of a {@link TeamsDirectorySource}: credentials, cloud, scope (tenant or group),
 * which attributes to read, which users to leave out, time-outs and retries. Immutable and
 * thread-safe; build it with {@link #builder(GraphCredentials)}.
 *
 * <p>{@link #toString()} never shows a secret.
 */
public final class TeamsSourceConfig {

    /**
     * The service plan id of Microsoft Teams Phone ("MCOEV", Phone System), as it appears in a
     * user's {@code assignedPlans}.
     */
    public static final UUID TEAMS_PHONE_SERVICE_PLAN_ID = UUID.fromString("4828c8ec-dc2e-4779-b502-87ac9ce28ab7");

    /** The attributes read when {@link Builder#attributes} is not called. */
    public static final List<String> DEFAULT_ATTRIBUTES = List.of("displayName", "givenName", "surname", "mail",
            "businessPhones", "mobilePhone", "department", "jobTitle", "officeLocation", "employeeId");

    /**
     * Waits between retries. The default sleeps the calling thread; tests pass one that records
     * the waits and returns at once.
     */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * @param duration how long to wait; never negative
         * @throws InterruptedException if the thread was interrupted while waiting
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final GraphCredentials credentials;
    private final GraphCloud cloud;
    private final URI graphBaseUrl;
    private final String authorityHost;
    private final DirectoryScope scope;
    private final String groupId;
    private final List<String> attributes;
    private final boolean excludeGuests;
    private final boolean excludeDisabled;
    private final Set<UUID> requiredSkuIds;
    private final Set<UUID> requiredServicePlanIds;
    private final boolean incremental;
    private final int pageSize;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration callTimeout;
    private final int maxRetries;
    private final Duration maxRetryWait;
    private final Clock clock;
    private final Sleeper sleeper;

    private TeamsSourceConfig(Builder b) {
        this.credentials = b.credentials;
        this.cloud = b.cloud;
        this.graphBaseUrl = b.graphBaseUrl == null ? b.cloud.graphBaseUrl() : stripTrailingSlash(b.graphBaseUrl);
        this.authorityHost = b.authorityHost == null ? b.cloud.authorityHost() : b.authorityHost;
        this.scope = b.scope;
        this.groupId = b.groupId;
        this.attributes = List.copyOf(b.attributes == null ? DEFAULT_ATTRIBUTES : b.attributes);
        this.excludeGuests = b.excludeGuests;
        this.excludeDisabled = b.excludeDisabled;
        this.requiredSkuIds = Collections.unmodifiableSet(new LinkedHashSet<>(b.requiredSkuIds));
        this.requiredServicePlanIds = Collections.unmodifiableSet(new LinkedHashSet<>(b.requiredServicePlanIds));
        this.incremental = b.incremental;
        this.pageSize = b.pageSize;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.callTimeout = b.callTimeout;
        this.maxRetries = b.maxRetries;
        this.maxRetryWait = b.maxRetryWait;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    /**
     * @param credentials how to get tokens; not null
     * @return a builder with the defaults described on its methods; not thread-safe
     */
    public static Builder builder(GraphCredentials credentials) {
        return new Builder(credentials);
    }

    /** @return how tokens are obtained */
    public GraphCredentials getCredentials() {
        return credentials;
    }

    /** @return the cloud; decides the default Graph endpoint, authority and token scope */
    public GraphCloud getCloud() {
        return cloud;
    }

    /** @return the Graph base URL including the version, without a trailing slash */
    public URI getGraphBaseUrl() {
        return graphBaseUrl;
    }

    /** @return the Entra authority host used by secret and certificate credentials */
    public String getAuthorityHost() {
        return authorityHost;
    }

    /** @return the OAuth scope requested: the cloud's Graph endpoint plus {@code /.default} */
    public String getTokenScope() {
        return cloud.defaultScope();
    }

    /** @return tenant or group directory */
    public DirectoryScope getScope() {
        return scope;
    }

    /** @return the group's object id, for a group directory */
    public Optional<String> getGroupId() {
        return Optional.ofNullable(groupId);
    }

    /** @return the attributes to read, as configured (canonical spelling is applied when reading) */
    public List<String> getAttributes() {
        return attributes;
    }

    /** @return whether guests (userType Guest, or {@code #EXT#} in the user principal name) are left out */
    public boolean isExcludeGuests() {
        return excludeGuests;
    }

    /** @return whether users with {@code accountEnabled=false} are left out */
    public boolean isExcludeDisabled() {
        return excludeDisabled;
    }

    /** @return licence SKU ids of which a user must hold at least one (empty: no licence filter) */
    public Set<UUID> getRequiredSkuIds() {
        return requiredSkuIds;
    }

    /** @return service plan ids of which a user must have at least one active (empty: no plan filter) */
    public Set<UUID> getRequiredServicePlanIds() {
        return requiredServicePlanIds;
    }

    /** @return whether incremental listings ({@code users/delta}) are offered; tenant directories only */
    public boolean isIncremental() {
        return incremental;
    }

    /** @return the {@code $top} page size, 1 to 999 */
    public int getPageSize() {
        return pageSize;
    }

    /** @return the TCP connect time-out of each request */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** @return the longest silence while reading a response */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    /** @return the limit for one whole HTTP call (connect, send, wait, read); retries get a new limit */
    public Duration getCallTimeout() {
        return callTimeout;
    }

    /** @return how many times a throttled or failed request is retried before the listing fails */
    public int getMaxRetries() {
        return maxRetries;
    }

    /** @return the longest single wait; a longer {@code Retry-After} fails the listing at once */
    public Duration getMaxRetryWait() {
        return maxRetryWait;
    }

    /** @return the clock used to read HTTP-date {@code Retry-After} values */
    public Clock getClock() {
        return clock;
    }

    /** @return what waits between retries */
    public Sleeper getSleeper() {
        return sleeper;
    }

    /** Shows every setting; credentials are shown without secrets. */
    @Override
    public String toString() {
        return "TeamsSourceConfig{" + credentials + ", cloud=" + cloud + ", graphBaseUrl=" + graphBaseUrl
                + ", authorityHost=" + authorityHost + ", scope=" + scope
                + (groupId == null ? "" : ", groupId=" + groupId) + ", attributes=" + attributes
                + ", excludeGuests=" + excludeGuests + ", excludeDisabled=" + excludeDisabled
                + ", requiredSkuIds=" + requiredSkuIds + ", requiredServicePlanIds=" + requiredServicePlanIds
                + ", incremental=" + incremental + ", pageSize=" + pageSize + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", callTimeout=" + callTimeout + ", maxRetries=" + maxRetries
                + ", maxRetryWait=" + maxRetryWait + "}";
    }

    private static URI stripTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }

    /** Builds a {@link TeamsSourceConfig}. Not thread-safe. */
    public static final class Builder {
        private final GraphCredentials credentials;
        private GraphCloud cloud = GraphCloud.GLOBAL;
        private URI graphBaseUrl;
        private String authorityHost;
        private DirectoryScope scope = DirectoryScope.TENANT;
        private String groupId;
        private List<String> attributes;
        private boolean excludeGuests;
        private boolean excludeDisabled;
        private final Set<UUID> requiredSkuIds = new LinkedHashSet<>();
        private final Set<UUID> requiredServicePlanIds = new LinkedHashSet<>();
        private boolean incremental = true;
        private int pageSize = 999;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private Duration callTimeout = Duration.ofSeconds(90);
        private int maxRetries = 5;
        private Duration maxRetryWait = Duration.ofMinutes(2);
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        private Builder(GraphCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        /**
         * @param cloud the tenant's cloud; default {@link GraphCloud#GLOBAL}
         * @return this builder
         */
        public Builder cloud(GraphCloud cloud) {
            this.cloud = Objects.requireNonNull(cloud, "cloud");
            return this;
        }

        /**
         * Overrides the Graph base URL, version included (for example {@code
         * https://graph.microsoft.com/v1.0}). Must be https, except on loopback ({@code
         * 127.0.0.1}, {@code localhost}, {@code ::1}) for tests. The access token is sent to
         * this URL's host only, and next/delta links that point elsewhere are refused.
         *
         * @param baseUrl the base URL; default: the cloud's
         * @return this builder
         */
        public Builder graphBaseUrl(URI baseUrl) {
            this.graphBaseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /**
         * @param authorityHost the Entra authority host, for example {@code https://login.microsoftonline.us/};
         *     default: the cloud's
         * @return this builder
         */
        public Builder authorityHost(String authorityHost) {
            this.authorityHost = Objects.requireNonNull(authorityHost, "authorityHost");
            return this;
        }

        /** @return this builder, set to read every user in the tenant (the default) */
        public Builder tenantDirectory() {
            this.scope = DirectoryScope.TENANT;
            this.groupId = null;
            return this;
        }

        /**
         * @param groupObjectId the object id (a GUID) of the group whose transitive user members
         *     are read; not null
         * @return this builder, set to a group directory
         */
        public Builder groupDirectory(String groupObjectId) {
            this.scope = DirectoryScope.GROUP;
            this.groupId = Objects.requireNonNull(groupObjectId, "groupObjectId");
            return this;
        }

        /**
         * The user attributes to read, named as Graph user properties (case-insensitive):
         * typically the mapping's {@code attributesUsed()}. Only these (plus {@code id}, {@code
         * userPrincipalName}, {@code accountEnabled} and what the filters need) are requested
         * with {@code $select}. {@code extensionAttribute1}..{@code 15} select {@code
         * onPremisesExtensionAttributes}; directory extensions {@code extension_<appId>_<name>}
         * are passed through. Unknown names are a configuration error.
         *
         * @param names attribute names; not null; default {@link #DEFAULT_ATTRIBUTES}
         * @return this builder
         */
        public Builder attributes(Collection<String> names) {
            this.attributes = new ArrayList<>(Objects.requireNonNull(names, "names"));
            return this;
        }

        /**
         * @param exclude leave out guests: {@code userType} Guest, or {@code #EXT#} in the user
         *     principal name; default false
         * @return this builder
         */
        public Builder excludeGuests(boolean exclude) {
            this.excludeGuests = exclude;
            return this;
        }

        /**
         * @param exclude leave out users whose {@code accountEnabled} is false; default false
         *     (they are read with {@code enabled=false})
         * @return this builder
         */
        public Builder excludeDisabled(boolean exclude) {
            this.excludeDisabled = exclude;
            return this;
        }

        /**
         * Keeps only users holding at least one of the given licences, by {@code
         * assignedLicenses/skuId}. May be called repeatedly; the ids add up.
         *
         * @param skuIds licence SKU ids; not null
         * @return this builder
         */
        public Builder requireAnyLicence(Collection<UUID> skuIds) {
            requiredSkuIds.addAll(skuIds);
            return this;
        }

        /**
         * Keeps only users with at least one of the given service plans active: an {@code
         * assignedPlans} element with that {@code servicePlanId} and {@code capabilityStatus}
         * {@code Enabled} or {@code Warning} (grace period). The ids add up.
         *
         * @param servicePlanIds service plan ids; not null
         * @return this builder
         */
        public Builder requireAnyServicePlan(Collection<UUID> servicePlanIds) {
            requiredServicePlanIds.addAll(servicePlanIds);
            return this;
        }

        /**
         * Keeps only users with Teams Phone active: shorthand for {@code
         * requireAnyServicePlan(Set.of(TEAMS_PHONE_SERVICE_PLAN_ID))}.
         *
         * @return this builder
         */
        public Builder requireTeamsPhone() {
            requiredServicePlanIds.add(TEAMS_PHONE_SERVICE_PLAN_ID);
            return this;
        }

        /**
         * @param enabled offer incremental listings with {@code users/delta}; default true; has no
         *     effect for a group directory, which is always listed in full
         * @return this builder
         */
        public Builder incremental(boolean enabled) {
            this.incremental = enabled;
            return this;
        }

        /**
         * @param size the {@code $top} page size, 1 to 999; default 999
         * @return this builder
         */
        public Builder pageSize(int size) {
            this.pageSize = size;
            return this;
        }

        /**
         * @param connect TCP connect time-out; default 10 s
         * @param read longest silence while reading; default 60 s
         * @param call limit for one whole HTTP call; default 90 s
         * @return this builder
         */
        public Builder timeouts(Duration connect, Duration read, Duration call) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect");
            this.readTimeout = Objects.requireNonNull(read, "read");
            this.callTimeout = Objects.requireNonNull(call, "call");
            return this;
        }

        /**
         * @param maxRetries retries per request for 429, 500, 502, 503, 504 and network errors,
         *     0 to 10; default 5
         * @param maxWait longest single wait; a {@code Retry-After} above it fails the listing at
         *     once with the requested wait in the cause; default 2 minutes
         * @return this builder
         */
        public Builder retries(int maxRetries, Duration maxWait) {
            this.maxRetries = maxRetries;
            this.maxRetryWait = Objects.requireNonNull(maxWait, "maxWait");
            return this;
        }

        /**
         * @param clock for HTTP-date {@code Retry-After} values; default UTC system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param sleeper what waits between retries; default {@code Thread.sleep}
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Checks every setting without touching the network.
         *
         * @return the configuration
         * @throws ConfigurationException listing every problem found
         */
        public TeamsSourceConfig build() {
            List<String> problems = new ArrayList<>();
            if (scope == DirectoryScope.GROUP && !UserAttributes.isGuid(groupId)) {
                problems.add("groupDirectory: group id '" + groupId + "' is not an object id (a GUID such as "
                        + "02bd9fd6-8f93-4758-87c3-1fb73740a315)");
            }
            problems.addAll(UserAttributes.problems(attributes == null ? DEFAULT_ATTRIBUTES : attributes));
            if (pageSize < 1 || pageSize > 999) {
                problems.add("pageSize: " + pageSize + " is outside 1..999 (Graph's limit for $top on users)");
            }
            if (maxRetries < 0 || maxRetries > 10) {
                problems.add("retries: maxRetries " + maxRetries + " is outside 0..10");
            }
            checkPositive(problems, "connectTimeout", connectTimeout);
            checkPositive(problems, "readTimeout", readTimeout);
            checkPositive(problems, "callTimeout", callTimeout);
            checkPositive(problems, "maxRetryWait", maxRetryWait);
            if (graphBaseUrl != null) {
                checkBaseUrl(problems, graphBaseUrl);
            }
            if (authorityHost != null && !authorityHost.toLowerCase(Locale.ROOT).startsWith("https://")) {
                problems.add("authorityHost: '" + authorityHost + "' must be an https URL");
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
            return new TeamsSourceConfig(this);
        }

        private static void checkPositive(List<String> problems, String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                problems.add(name + ": " + d + " must be positive");
            }
        }

        private static void checkBaseUrl(List<String> problems, URI url) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            String host = url.getHost();
            if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
                problems.add("graphBaseUrl: '" + url + "' is not an absolute http(s) URL");
            } else if (scheme.equals("http") && !isLoopback(host)) {
                problems.add("graphBaseUrl: '" + url + "' uses plain http; only https is allowed except on loopback");
            } else if (url.getQuery() != null || url.getFragment() != null) {
                problems.add("graphBaseUrl: '" + url + "' must not have a query or fragment");
            }
        }

        private static boolean isLoopback(String host) {
            String h = host.toLowerCase(Locale.ROOT);
            return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]") || h.equals("::1");
        }
    }
}

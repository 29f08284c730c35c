package org.pbxsync.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.AsyncRequestID;
import com.unboundid.ldap.sdk.AsyncSearchResultListener;
import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.IntermediateResponse;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.ldap.sdk.controls.ContentSyncDoneControl;
import com.unboundid.ldap.sdk.controls.ContentSyncInfoIntermediateResponse;
import com.unboundid.ldap.sdk.controls.ContentSyncInfoType;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestControl;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestMode;
import com.unboundid.ldap.sdk.controls.ContentSyncState;
import com.unboundid.ldap.sdk.controls.ContentSyncStateControl;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllSSLSocketVerifier;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.pbxsync.core.AuthenticationFailedException;
import org.pbxsync.core.CheckpointExpiredException;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.ConnectionTestResult;
import org.pbxsync.core.directory.ConnectionTestResult.Check;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.directory.DirectorySource;
import org.pbxsync.ldap.internal.EntryConverter;
import org.pbxsync.ldap.internal.RangeRetrieval;
import org.pbxsync.ldap.internal.ValueCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DirectorySource} that reads people from an LDAP server or Active Directory with the
 * UnboundID LDAP SDK. Create one with {@link #create(LdapSourceConfig)}; the first listing or
 * test opens the connections.
 *
 * <h2>What an entry holds</h2>
 * <ul>
 *   <li>Id: the value of {@link LdapSourceConfig#idAttribute()} ({@code entryUUID},
 *       {@code objectGUID}, ...). An entry in scope without it fails the listing: leaving it
 *       out would look as if the person had left.</li>
 *   <li>Reference: the entry's DN, as the server spelled it.</li>
 *   <li>Attributes: every attribute returned for {@link LdapSourceConfig#requestedAttributes()}.
 *       {@code objectGUID} and other GUIDs become the standard string
 *       {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} (the first three groups little-endian, as
 *       Windows shows them); {@code objectSid} becomes {@code S-1-5-...}; photos, certificates
 *       and other known binary attributes, attributes with the {@code ;binary} option, and any
 *       value that is not valid UTF-8 become base64. Values the server sent in ranges
 *       ({@code member;range=0-1499}) are completed and stored under the plain name.</li>
 *   <li>Enabled: false when {@code userAccountControl} has bit 2 (ACCOUNTDISABLE) set and
 *       {@link LdapSourceConfig#userAccountControl()} is on; true otherwise.</li>
 *   <li>Groups: for each value of the memberOf attribute, the value of the group DN's first RDN
 *       (its CN), or the group's {@link LdapSourceConfig#groupNameAttribute()} when configured.
 *       These are direct memberships as the server reports them. In group-directory mode without
 *       a memberOf attribute, the groups found while expanding the configured group that list
 *       the person directly.</li>
 * </ul>
 *
 * <h2>Completeness</h2>
 * A listing pages through the server on one connection and returns normally only after the
 * last page. A lost connection, a size or time limit, a referral, a search continuation
 * reference under {@link LdapSourceConfig.ReferencePolicy#FAIL}, or an entry that cannot be
 * identified throws {@link IncompleteListingException} naming the reason and how far it got.
 * Referrals are never followed.
 *
 * <h2>Incremental listings</h2>
 * See {@link LdapSourceConfig.ChangeTracking}. {@code AD_USN} checkpoints have kind
 * {@value #AD_USN_KIND} and value {@code invocationId:highestCommittedUSN}; a checkpoint from
 * another domain controller, or from one restored since (new invocationId), is expired.
 * Deletions are not reported by {@code AD_USN}: run a full listing for them (for example
 * nightly). {@code CONTENT_SYNC} checkpoints have kind {@value #CONTENT_SYNC_KIND} and hold the
 * server's cookie in base64. Changes to group membership alone may not change a user's
 * {@code uSNChanged} ({@code memberOf} is a back-link in Active Directory), so they show in the
 * next full listing.
 *
 * <h2>Read-only</h2>
 * The source sends only bind, search, StartTLS and abandon/unbind requests; never add, modify,
 * delete or modify DN.
 *
 * <p>Thread safety: one listing at a time; {@link #close()} may be called from another thread
 * and aborts a running listing, which then throws {@link IncompleteListingException}.
 */
public final class LdapDirectorySource implements DirectorySource {
    /** Checkpoint kind of Active Directory uSNChanged tracking. */
    public static final String AD_USN_KIND = "ad-usn";
    /** Checkpoint kind of RFC 4533 content synchronization. */
    public static final String CONTENT_SYNC_KIND = "ldap-syncrepl";
    private static final String CONTENT_SYNC_OID = "1.3.6.1.4.1.4203.1.9.1.1";
    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectorySource.class);

    private final LdapSourceConfig config;
    private final Filter userFilter;
    private final String[] attributes;
    private final List<LDAPURL> urls;
    private final boolean ldaps;
    private final SSLUtil ssl;
    private final LDAPConnectionOptions options;
    private final SearchScope scope;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private LDAPConnectionPool pool;
    private volatile boolean closed;
    private volatile Boolean changesSupported;

    private LdapDirectorySource(LdapSourceConfig config) {
        this.config = config;
        this.userFilter = config.effectiveUserFilter();
        this.attributes = config.requestedAttributes();
        List<LDAPURL> parsed = new ArrayList<>();
        for (String s : config.servers()) {
            try {
                parsed.add(new LDAPURL(s));
            } catch (LDAPException e) {
                throw new ConfigurationException("servers: '" + s + "' is not an LDAP URL: " + e.getMessage());
            }
        }
        this.urls = List.copyOf(parsed);
        this.ldaps = urls.get(0).getScheme().equalsIgnoreCase("ldaps");
        this.ssl = ldaps || config.startTls() ? sslUtil(config) : null;
        this.scope = config.subtree() ? SearchScope.SUB : SearchScope.ONE;
        this.options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
        options.setResponseTimeoutMillis(config.responseTimeout().toMillis());
        options.setFollowReferrals(false);
        options.setAbandonOnTimeout(true);
        options.setSSLSocketVerifier(config.trustAllCertificatesInsecure()
                ? TrustAllSSLSocketVerifier.getInstance() : new HostNameSSLSocketVerifier(true));
        if (config.trustAllCertificatesInsecure()) {
            LOG.warn("INSECURE: trustAllCertificatesInsecure is set for {}: TLS certificates and host names are NOT"
                    + " verified, so anyone on the network path can read the bind password and the directory data",
                    config.servers());
        }
        if (ssl == null && config.bindDn().isPresent()) {
            LOG.warn("{}: the bind password is sent unencrypted (plain ldap:// without StartTLS)", config.servers());
        }
    }

    /**
     * Creates a source. Does not connect.
     *
     * @param config the settings; not null
     * @return the source; close it when done
     * @throws ConfigurationException if a trust file cannot be loaded
     */
    public static LdapDirectorySource create(LdapSourceConfig config) {
        return new LdapDirectorySource(Objects.requireNonNull(config, "config"));
    }

    /** @return the configuration this source was made with */
    public LdapSourceConfig config() {
        return config;
    }

    /**
     * Problems the last listing met that did not stop it: group cycles, ignored continuation
     * references, members of the group who are not users in scope, group names taken from the DN
     * because the group could not be read. Cleared when a listing starts.
     *
     * @return the warnings of the last listing, in order; never null
     */
    public List<String> lastWarnings() {
        return List.copyOf(warnings);
    }

    @Override
    public String describe() {
        String servers = String.join(",", config.servers()) + (config.startTls() ? " (StartTLS)" : "");
        String scopeText = config.groupDn().map(g -> " members of " + g + " in " + config.baseDn())
                .orElse(" " + config.baseDn());
        return "LDAP " + servers + scopeText + " " + userFilter;
    }

    @Override
    public Optional<Checkpoint> readAll(Consumer<? super DirectoryEntry> sink) {
        Objects.requireNonNull(sink, "sink");
        warnings.clear();
        LDAPConnectionPool p = pool();
        LDAPConnection conn = checkout(p);
        boolean healthy = false;
        try {
            Checkpoint checkpoint = startingCheckpoint(conn);
            Function<String, String> names = groupNames(p);
            if (config.groupDn().isPresent()) {
                readGroupScope(p, conn, names, sink);
            } else {
                EntryConverter converter = converter(names);
                pagedSearch(conn, config.baseDn(), scope, userFilter, attributes, "users",
                        page -> {
                            for (SearchResultEntry e : page) {
                                sink.accept(converter.convert(complete(p, e), List.of()));
                            }
                        });
            }
            healthy = true;
            return Optional.ofNullable(checkpoint);
        } finally {
            release(p, conn, healthy);
        }
    }

    @Override
    public boolean supportsChanges() {
        if (config.changeTracking() == LdapSourceConfig.ChangeTracking.NONE || config.groupDn().isPresent()) {
            return false;
        }
        Boolean known = changesSupported;
        if (known != null) {
            return known;
        }
        try {
            RootDSE root = pool().getRootDSE();
            boolean supported = root != null && (config.changeTracking() == LdapSourceConfig.ChangeTracking.AD_USN
                    ? root.hasAttribute("highestCommittedUSN") && root.hasAttribute("dsServiceName")
                    : root.supportsControl(CONTENT_SYNC_OID));
            if (!supported) {
                LOG.info("{}: the server does not offer {}; every run will be a full listing", describe(),
                        config.changeTracking());
            }
            changesSupported = supported;
            return supported;
        } catch (LDAPException | RuntimeException e) {
            LOG.info("{}: could not read the root DSE to check change tracking: {}", describe(), e.getMessage());
            return false;
        }
    }

    @Override
    public ChangeSet listChanges(Checkpoint since) {
        Objects.requireNonNull(since, "since");
        if (config.changeTracking() == LdapSourceConfig.ChangeTracking.NONE || config.groupDn().isPresent()) {
            throw new UnsupportedOperationException(describe() + " does not track changes (changeTracking "
                    + config.changeTracking() + (config.groupDn().isPresent() ? ", group-directory mode" : "") + ")");
        }
        warnings.clear();
        LDAPConnectionPool p = pool();
        LDAPConnection conn = checkout(p);
        boolean healthy = false;
        try {
            ChangeSet result = config.changeTracking() == LdapSourceConfig.ChangeTracking.AD_USN
                    ? usnChanges(p, conn, since) : contentSyncChanges(p, conn, since);
            healthy = true;
            return result;
        } finally {
            release(p, conn, healthy);
        }
    }

    @Override
    public ConnectionTestResult testConnection() {
        List<Check> checks = new ArrayList<>();
        LDAPConnection first = null;
        try {
            for (LDAPURL url : urls) {
                String where = url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(url.getHost(), url.getPort()),
                            (int) config.connectTimeout().toMillis());
                    checks.add(Check.ok("connect", where + " accepts connections"));
                } catch (IOException e) {
                    checks.add(Check.failed("connect", where + " is unreachable: " + e));
                    return new ConnectionTestResult(checks);
                }
                LDAPConnection c;
                try {
                    c = open(url);
                } catch (LDAPException e) {
                    String step = ssl != null ? "tls" : "connect";
                    checks.add(Check.failed(step, where + (ssl != null ? ": the TLS handshake or certificate check"
                            + " failed: " : ": the LDAP connection failed: ") + e.getMessage()));
                    return new ConnectionTestResult(checks);
                }
                if (ssl != null) {
                    checks.add(Check.ok("tls", where + (config.trustAllCertificatesInsecure()
                            ? ": TLS up, but the certificate and host name were NOT verified (trustAllCertificatesInsecure)"
                            : ": TLS up, certificate trusted and host name verified")));
                }
                if (first == null) {
                    first = c;
                } else {
                    c.close();
                }
            }
            BindRequest bind = bindRequest();
            String who = config.bindDn().orElse("anonymous");
            if (bind != null) {
                try {
                    first.bind(bind);
                    checks.add(Check.ok("bind", "bound as " + who));
                } catch (LDAPException e) {
                    String why = e.getResultCode() == ResultCode.INVALID_CREDENTIALS
                            ? "the server refused the credentials of " + who + " (wrong DN or password, or the"
                            + " account is disabled or locked)"
                            : "bind as " + who + " failed: " + e.getResultCode() + " " + e.getMessage();
                    checks.add(Check.failed("bind", why));
                    return new ConnectionTestResult(checks);
                }
            } else {
                checks.add(Check.ok("bind", "anonymous (no bind DN configured)"));
            }
            if (!exists(first, config.baseDn(), checks, "base-dn")) {
                return new ConnectionTestResult(checks);
            }
            if (config.groupDn().isPresent() && !exists(first, config.groupDn().get(), checks, "group")) {
                return new ConnectionTestResult(checks);
            }
            try {
                SearchRequest probe = new SearchRequest(config.baseDn(), scope, DereferencePolicy.NEVER, 1, 0, false,
                        userFilter, "1.1");
                SearchResult r = first.search(probe);
                checks.add(Check.ok("search", "the user filter " + userFilter + " found "
                        + (r.getEntryCount() == 0 ? "no entry" : "entries") + " under " + config.baseDn()));
            } catch (LDAPSearchException e) {
                if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                    checks.add(Check.ok("search", "the user filter " + userFilter + " found entries under "
                            + config.baseDn()));
                } else {
                    checks.add(Check.failed("search", "searching " + config.baseDn() + " with " + userFilter
                            + " failed: " + e.getResultCode() + " " + e.getMessage()));
                }
            }
            return new ConnectionTestResult(checks);
        } finally {
            if (first != null) {
                first.close();
            }
        }
    }

    /** Closes the connections; a running listing then fails. Idempotent. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            if (pool != null) {
                pool.close();
                pool = null;
            }
        }
    }

    @Override
    public String toString() {
        return "LdapDirectorySource{" + describe() + "}";
    }

    // ---------------------------------------------------------------- connections

    private static SSLUtil sslUtil(LdapSourceConfig config) {
        TrustManager tm;
        try {
            if (config.trustAllCertificatesInsecure()) {
                tm = new TrustAllTrustManager();
            } else if (config.trustPemFile().isPresent()) {
                tm = new PEMFileTrustManager(config.trustPemFile().get().toFile());
            } else if (config.trustPkcs12File().isPresent()) {
                tm = new TrustStoreTrustManager(config.trustPkcs12File().get().toFile(), config.trustPkcs12Password(),
                        "PKCS12", true);
            } else {
                tm = JVMDefaultTrustManager.getInstance();
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ConfigurationException("trust: cannot load the trusted certificates: " + e.getMessage());
        }
        return new SSLUtil(tm);
    }

    private LDAPConnection open(LDAPURL url) throws LDAPException {
        try {
            if (ldaps) {
                return new LDAPConnection(ssl.createSSLSocketFactory(), options, url.getHost(), url.getPort());
            }
            LDAPConnection c = new LDAPConnection(options, url.getHost(), url.getPort());
            if (config.startTls()) {
                try {
                    ExtendedResult r = c.processExtendedOperation(new StartTLSExtendedRequest(ssl.createSSLContext()));
                    if (r.getResultCode() != ResultCode.SUCCESS) {
                        throw new LDAPException(r);
                    }
                } catch (LDAPException e) {
                    c.close();
                    throw e;
                }
            }
            return c;
        } catch (GeneralSecurityException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private BindRequest bindRequest() {
        if (config.bindDn().isEmpty()) {
            return null;
        }
        char[] pw = config.bindPassword();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pw));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        Arrays.fill(pw, '\0');
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        return new SimpleBindRequest(config.bindDn().get(), raw);
    }

    private LDAPConnectionPool pool() {
        synchronized (lock) {
            if (closed) {
                throw new IncompleteListingException(describe() + " is closed");
            }
            if (pool != null) {
                return pool;
            }
            try {
                String[] hosts = urls.stream().map(LDAPURL::getHost).toArray(String[]::new);
                int[] ports = urls.stream().mapToInt(LDAPURL::getPort).toArray();
                SocketFactory sf = ldaps ? ssl.createSSLSocketFactory() : SocketFactory.getDefault();
                PostConnectProcessor startTls = config.startTls()
                        ? new StartTLSPostConnectProcessor(ssl.createSSLContext()) : null;
                BindRequest bind = bindRequest();
                // With several servers the set binds (and starts TLS) itself, so a server that accepts the
                // connection but then hangs or fails the bind or StartTLS is skipped for the next one.
                ServerSet set = hosts.length == 1 ? new SingleServerSet(hosts[0], ports[0], sf, options)
                        : new FailoverServerSet(hosts, ports, sf, options, bind, startTls);
                LDAPConnectionPool created = new LDAPConnectionPool(set, bind, 1, config.poolSize(),
                        set.includesPostConnectProcessing() ? null : startTls, true);
                created.setRetryFailedOperationsDueToInvalidConnections(true);
                created.setCreateIfNecessary(true);
                created.setMaxWaitTimeMillis(config.responseTimeout().toMillis());
                created.setConnectionPoolName("pbxsync-ldap");
                pool = created;
                return created;
            } catch (GeneralSecurityException e) {
                throw new ConnectionFailedException(describe() + ": cannot set up TLS: " + e.getMessage(), e);
            } catch (LDAPException e) {
                throw connectFailure(e);
            }
        }
    }

    private RuntimeException connectFailure(LDAPException e) {
        ResultCode rc = e.getResultCode();
        String who = config.bindDn().orElse("anonymous");
        if (rc == ResultCode.INVALID_CREDENTIALS) {
            return new AuthenticationFailedException("the directory " + String.join(",", config.servers())
                    + " refused the credentials of " + who + " (invalid credentials)", e);
        }
        if (rc == ResultCode.INAPPROPRIATE_AUTHENTICATION || rc == ResultCode.CONFIDENTIALITY_REQUIRED
                || rc == ResultCode.STRONG_AUTH_REQUIRED || rc == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
            return new AuthenticationFailedException("the directory " + String.join(",", config.servers())
                    + " refused the bind of " + who + ": " + rc + " " + e.getMessage(), e);
        }
        return new ConnectionFailedException("cannot connect to " + String.join(",", config.servers()) + ": "
                + rc + " " + e.getMessage(), e);
    }

    private LDAPConnection checkout(LDAPConnectionPool p) {
        try {
            return p.getConnection();
        } catch (LDAPException e) {
            throw connectFailure(e);
        }
    }

    private static void release(LDAPConnectionPool p, LDAPConnection conn, boolean healthy) {
        if (healthy) {
            p.releaseConnection(conn);
        } else {
            p.releaseDefunctConnection(conn);
        }
    }

    private boolean exists(LDAPConnection c, String dn, List<Check> checks, String step) {
        try {
            if (c.getEntry(dn, "1.1") != null) {
                checks.add(Check.ok(step, dn + " exists"));
                return true;
            }
            checks.add(Check.failed(step, dn + " does not exist (or the bind identity may not read it)"));
        } catch (LDAPException e) {
            checks.add(Check.failed(step, e.getResultCode() == ResultCode.NO_SUCH_OBJECT
                    ? dn + " does not exist (or the bind identity may not read it)"
                    : "reading " + dn + " failed: " + e.getResultCode() + " " + e.getMessage()));
        }
        return false;
    }

    // ---------------------------------------------------------------- listing

    @FunctionalInterface
    private interface PageHandler {
        void accept(List<SearchResultEntry> page) throws LDAPException;
    }

    private void pagedSearch(LDAPConnection conn, String base, SearchScope searchScope, Filter filter,
            String[] attrs, String what, PageHandler handler) {
        int count = 0;
        int pages = 0;
        ASN1OctetString cookie = null;
        int timeLimit = (int) Math.min(Integer.MAX_VALUE, config.searchTimeLimit().toSeconds());
        if (config.pageSize() > 0) {
            prefetchingPagedSearch(conn, base, searchScope, filter, attrs, what, handler, timeLimit);
            return;
        }
        do {
            if (closed) {
                throw new IncompleteListingException("listing of " + what + " from " + describe() + " aborted after "
                        + count + " entries: the source was closed");
            }
            SearchRequest req = new SearchRequest(base, searchScope, DereferencePolicy.NEVER, 0, timeLimit, false,
                    filter, attrs);
            if (config.pageSize() > 0) {
                req.addControl(new SimplePagedResultsControl(config.pageSize(), cookie, false));
            }
            SearchResult res;
            SimplePagedResultsControl response;
            try {
                res = conn.search(req);
                response = SimplePagedResultsControl.get(res);
            } catch (LDAPException e) {
                throw incomplete(what, base, count, pages, e);
            }
            pages++;
            references(res.getSearchReferences(), what);
            try {
                handler.accept(res.getSearchEntries());
            } catch (LDAPException e) {
                throw incomplete(what, base, count, pages, e);
            }
            count += res.getEntryCount();
            cookie = response != null && response.moreResultsToReturn() ? response.getCookie() : null;
        } while (cookie != null);
        LOG.debug("{}: read {} {} in {} pages", describe(), count, what, pages);
    }

    /**
     * Paged search that asks for page k+1 as soon as page k is complete and only then hands page k
     * to the handler, so converting entries overlaps with the server and the connection reader
     * producing the next page. At most one page is in flight; on any failure it is abandoned.
     */
    private void prefetchingPagedSearch(LDAPConnection conn, String base, SearchScope searchScope, Filter filter,
            String[] attrs, String what, PageHandler handler, int timeLimit) {
        int count = 0;
        int pages = 0;
        long waitMillis = config.responseTimeout().toMillis() > 0 ? config.responseTimeout().toMillis() : 0;
        PendingPage pending = null;
        boolean done = false;
        try {
            try {
                pending = PendingPage.send(conn, base, searchScope, filter, attrs, timeLimit, config.pageSize(), null);
            } catch (LDAPException e) {
                throw incomplete(what, base, count, pages, e);
            }
            while (pending != null) {
                if (closed) {
                    throw new IncompleteListingException("listing of " + what + " from " + describe()
                            + " aborted after " + count + " entries: the source was closed");
                }
                PendingPage current = pending;
                pending = null;
                ASN1OctetString cookie;
                try {
                    SearchResult res = current.await(waitMillis);
                    SimplePagedResultsControl response = SimplePagedResultsControl.get(res);
                    cookie = response != null && response.moreResultsToReturn() ? response.getCookie() : null;
                } catch (LDAPException e) {
                    throw incomplete(what, base, count, pages, e);
                }
                pages++;
                if (cookie != null) {
                    try {
                        pending = PendingPage.send(conn, base, searchScope, filter, attrs, timeLimit,
                                config.pageSize(), cookie);
                    } catch (LDAPException e) {
                        throw incomplete(what, base, count, pages, e);
                    }
                }
                references(current.references(), what);
                List<SearchResultEntry> entries = current.entries();
                try {
                    handler.accept(entries);
                } catch (LDAPException e) {
                    throw incomplete(what, base, count, pages, e);
                }
                count += entries.size();
            }
            done = true;
        } finally {
            if (!done && pending != null) {
                pending.abandon(conn);
            }
        }
        LOG.debug("{}: read {} {} in {} pages", describe(), count, what, pages);
    }

    /** One page request in flight: collects its entries and references as the reader thread delivers them. */
    private static final class PendingPage implements AsyncSearchResultListener {
        private static final long serialVersionUID = 1L;
        private final transient List<SearchResultEntry> entries = new ArrayList<>();
        private final transient List<SearchResultReference> references = new ArrayList<>();
        private transient AsyncRequestID id;

        static PendingPage send(LDAPConnection conn, String base, SearchScope scope, Filter filter, String[] attrs,
                int timeLimit, int pageSize, ASN1OctetString cookie) throws LDAPException {
            PendingPage page = new PendingPage();
            SearchRequest req = new SearchRequest(page, base, scope, DereferencePolicy.NEVER, 0, timeLimit, false,
                    filter, attrs);
            req.addControl(new SimplePagedResultsControl(pageSize, cookie, false));
            page.id = conn.asyncSearch(req);
            return page;
        }

        @Override
        public synchronized void searchEntryReturned(SearchResultEntry entry) {
            entries.add(entry);
        }

        @Override
        public synchronized void searchReferenceReturned(SearchResultReference reference) {
            references.add(reference);
        }

        @Override
        public void searchResultReceived(AsyncRequestID requestID, SearchResult result) {
            // the result is taken from the request id's future
        }

        synchronized List<SearchResultEntry> entries() {
            return entries;
        }

        synchronized List<SearchResultReference> references() {
            return references;
        }

        /** @return the page's result; throws as a synchronous search would when it is not a success */
        SearchResult await(long waitMillis) throws LDAPException {
            LDAPResult result;
            try {
                result = waitMillis > 0 ? id.get(waitMillis + 1000, TimeUnit.MILLISECONDS) : id.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LDAPException(ResultCode.USER_CANCELED, "interrupted while waiting for a page", e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new LDAPException(ResultCode.TIMEOUT, "no page within " + waitMillis + " ms", e);
            }
            SearchResult res = result instanceof SearchResult ? (SearchResult) result
                    : new SearchResult(result);
            if (res.getResultCode() != ResultCode.SUCCESS) {
                throw new LDAPSearchException(res);
            }
            return res;
        }

        void abandon(LDAPConnection conn) {
            try {
                conn.abandon(id);
            } catch (LDAPException e) {
                LOG.debug("could not abandon a page request: {}", e.getMessage());
            }
        }
    }

    private IncompleteListingException incomplete(String what, String base, int count, int pages, LDAPException e) {
        ResultCode rc = e.getResultCode();
        String reason;
        if (rc == ResultCode.SIZE_LIMIT_EXCEEDED) {
            reason = "the server's size limit was reached" + (config.pageSize() == 0 ? " (paging is off)"
                    : " (the server did not page the results within its limit)");
        } else if (rc == ResultCode.TIME_LIMIT_EXCEEDED) {
            reason = "the search time limit was exceeded";
        } else if (rc == ResultCode.REFERRAL) {
            reason = "the server referred the search to " + Arrays.toString(e.getReferralURLs())
                    + " and referrals are not followed";
        } else if (rc == ResultCode.SERVER_DOWN || rc == ResultCode.CONNECT_ERROR || rc == ResultCode.DECODING_ERROR
                || rc == ResultCode.ENCODING_ERROR) {
            reason = "the connection was lost (" + rc + ": " + e.getMessage() + ")";
        } else if (rc == ResultCode.TIMEOUT) {
            reason = "no response within the response time-out of " + config.responseTimeout();
        } else if (rc == ResultCode.NO_SUCH_OBJECT) {
            reason = base + " does not exist";
        } else {
            reason = rc + ": " + e.getMessage();
        }
        return new IncompleteListingException("listing of " + what + " from " + describe() + " is incomplete after "
                + count + " entries in " + pages + " pages: " + reason, e);
    }

    private void references(List<SearchResultReference> refs, String what) {
        if (refs.isEmpty()) {
            return;
        }
        List<String> targets = refs.stream().flatMap(r -> Arrays.stream(r.getReferralURLs()))
                .collect(Collectors.toList());
        if (config.referencePolicy() == LdapSourceConfig.ReferencePolicy.FAIL) {
            throw new IncompleteListingException("listing of " + what + " from " + describe()
                    + " is incomplete: the server returned continuation references to " + targets
                    + "; entries there would be missing (referencePolicy FAIL; references are never followed)");
        }
        String w = "ignored continuation references to " + targets + " (referencePolicy IGNORE)";
        LOG.info("{}: {}", describe(), w);
        warnings.add(w);
    }

    private Entry complete(LDAPConnectionPool p, SearchResultEntry e) throws LDAPException {
        return RangeRetrieval.hasRanges(e) ? RangeRetrieval.complete(p, e) : e;
    }

    private EntryConverter converter(Function<String, String> names) {
        return new EntryConverter(config.idAttribute(), config.userAccountControl(),
                config.memberOfAttribute().orElse(null), names);
    }

    private Function<String, String> groupNames(LDAPConnectionPool p) {
        if (config.groupNameAttribute().isEmpty()) {
            return EntryConverter::firstRdnValue;
        }
        String attr = config.groupNameAttribute().get();
        Map<String, String> cache = new HashMap<>();
        return dn -> cache.computeIfAbsent(normalize(dn), k -> {
            try {
                SearchResultEntry g = p.getEntry(dn, attr);
                String name = g == null ? null : g.getAttributeValue(attr);
                if (name != null) {
                    return name;
                }
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT && e.getResultCode() != ResultCode.REFERRAL) {
                    throw new IncompleteListingException("reading the name of group " + dn + " failed: "
                            + e.getResultCode() + " " + e.getMessage(), e);
                }
            }
            String fallback = EntryConverter.firstRdnValue(dn);
            String w = "group " + dn + " has no readable " + attr + "; named '" + fallback + "' after its DN";
            LOG.warn("{}: {}", describe(), w);
            warnings.add(w);
            return fallback;
        });
    }

    private static String normalize(String dn) {
        try {
            return new DN(dn).toNormalizedString();
        } catch (LDAPException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- group-directory mode

    private void readGroupScope(LDAPConnectionPool p, LDAPConnection conn, Function<String, String> names,
            Consumer<? super DirectoryEntry> sink) {
        String root = config.groupDn().get();
        Set<String> groups = new HashSet<>();
        Filter groupFilter;
        try {
            groupFilter = Filter.create(config.groupFilter());
        } catch (LDAPException e) {
            throw new ConfigurationException("groupFilter: " + e.getMessage());
        }
        pagedSearch(conn, config.groupSearchBase(), SearchScope.SUB, groupFilter, new String[] {"1.1"}, "groups",
                page -> page.forEach(g -> groups.add(normalize(g.getDN()))));
        String rootKey = normalize(root);
        if (!groups.contains(rootKey)) {
            try {
                boolean exists = p.getEntry(root, "1.1") != null;
                throw new IncompleteListingException("group " + root + (exists
                        ? " is not a group under " + config.groupSearchBase() + " matching " + config.groupFilter()
                        : " does not exist") + "; nothing can be listed");
            } catch (LDAPException e) {
                throw new IncompleteListingException("group " + root + " cannot be read: " + e.getResultCode() + " "
                        + e.getMessage(), e);
            }
        }
        Map<String, List<String>> userGroups = new LinkedHashMap<>();
        expand(p, root, groups, userGroups, names);
        boolean groupsFromExpansion = config.memberOfAttribute().isEmpty();
        EntryConverter converter = converter(names);
        Set<String> seen = new HashSet<>();
        pagedSearch(conn, config.baseDn(), scope, userFilter, attributes, "users",
                page -> {
                    for (SearchResultEntry e : page) {
                        String key = normalize(e.getDN());
                        List<String> direct = userGroups.get(key);
                        if (direct != null && seen.add(key)) {
                            sink.accept(converter.convert(complete(p, e), groupsFromExpansion ? direct : List.of()));
                        }
                    }
                });
        int missing = userGroups.size() - seen.size();
        if (missing > 0) {
            String w = missing + " member(s) of " + root + " are not users under " + config.baseDn() + " matching "
                    + userFilter + " and were not listed";
            LOG.info("{}: {}", describe(), w);
            warnings.add(w);
        }
    }

    /** A group being expanded: its members, in order, still to visit. */
    private static final class GroupFrame {
        final String dn;
        final String key;
        final String name;
        final java.util.Iterator<String[]> members;

        GroupFrame(String dn, String key, String name, List<String[]> members) {
            this.dn = dn;
            this.key = key;
            this.name = name;
            this.members = members.iterator();
        }
    }

    /**
     * Depth-first expansion of the group tree from {@code rootDn} with an explicit stack (a chain of
     * thousands of nested groups must not overflow the thread's stack). Each group is expanded once;
     * a group met again on its own path is a cycle and is reported as a warning.
     */
    private void expand(LDAPConnectionPool p, String rootDn, Set<String> groups,
            Map<String, List<String>> userGroups, Function<String, String> names) {
        Deque<String> path = new ArrayDeque<>();
        Set<String> onPath = new HashSet<>();
        Set<String> done = new HashSet<>();
        Deque<GroupFrame> stack = new ArrayDeque<>();
        GroupFrame root = enterGroup(p, rootDn, path, onPath, done, names);
        if (root != null) {
            stack.push(root);
        }
        while (!stack.isEmpty()) {
            GroupFrame top = stack.peek();
            if (!top.members.hasNext()) {
                stack.pop();
                path.pop();
                onPath.remove(top.key);
                continue;
            }
            String[] next = top.members.next();
            String attr = next[0];
            String member = next[1];
            String memberKey;
            try {
                memberKey = normalize(member);
            } catch (IllegalArgumentException ex) {
                throw new IncompleteListingException("group " + top.dn + ": " + attr + " value '" + member
                        + "' is not a valid DN", ex);
            }
            if (groups.contains(memberKey)) {
                if (config.nestedGroups()) {
                    GroupFrame child = enterGroup(p, member, path, onPath, done, names);
                    if (child != null) {
                        stack.push(child);
                    }
                }
            } else {
                List<String> gs = userGroups.computeIfAbsent(memberKey, k -> new ArrayList<>());
                if (!gs.contains(top.name)) {
                    gs.add(top.name);
                }
            }
        }
    }

    private GroupFrame enterGroup(LDAPConnectionPool p, String groupDn, Deque<String> path, Set<String> onPath,
            Set<String> done, Function<String, String> names) {
        String key = normalize(groupDn);
        if (onPath.contains(key)) {
            List<String> cycle = new ArrayList<>();
            path.descendingIterator().forEachRemaining(cycle::add);
            cycle.add(key);
            String w = "group cycle: " + String.join(" -> ", cycle.subList(cycle.indexOf(key), cycle.size()))
                    + "; each group is expanded once";
            LOG.warn("{}: {}", describe(), w);
            warnings.add(w);
            return null;
        }
        if (!done.add(key)) {
            return null;
        }
        Entry group;
        try {
            SearchResultEntry e = p.getEntry(groupDn, config.memberAttributes().toArray(new String[0]));
            if (e == null) {
                throw new IncompleteListingException("group " + groupDn + " disappeared while it was expanded");
            }
            group = RangeRetrieval.complete(p, e);
        } catch (LDAPException e) {
            throw new IncompleteListingException("reading the members of group " + groupDn + " failed: "
                    + e.getResultCode() + " " + e.getMessage(), e);
        }
        String name = names.apply(groupDn);
        List<String[]> members = new ArrayList<>();
        for (String attr : config.memberAttributes()) {
            String[] values = group.getAttributeValues(attr);
            if (values != null) {
                for (String v : values) {
                    members.add(new String[] {attr, v});
                }
            }
        }
        path.push(key);
        onPath.add(key);
        return new GroupFrame(groupDn, key, name, members);
    }

    // ---------------------------------------------------------------- incremental

    private Checkpoint startingCheckpoint(LDAPConnection conn) {
        switch (config.changeTracking()) {
            case AD_USN:
                return usnCheckpoint(conn).orElse(null);
            case CONTENT_SYNC:
                return config.groupDn().isPresent() ? null : syncCookie(conn);
            default:
                return null;
        }
    }

    private Optional<Checkpoint> usnCheckpoint(LDAPConnection conn) {
        try {
            SearchResultEntry root = conn.getEntry("", "highestCommittedUSN", "dsServiceName");
            String usn = root == null ? null : root.getAttributeValue("highestCommittedUSN");
            String service = root == null ? null : root.getAttributeValue("dsServiceName");
            if (usn == null || service == null) {
                LOG.info("{}: the server publishes no highestCommittedUSN/dsServiceName (not Active Directory?);"
                        + " no incremental checkpoint", describe());
                return Optional.empty();
            }
            SearchResultEntry ntds = conn.getEntry(service, "invocationId");
            byte[] invocation = ntds == null ? null : ntds.getAttributeValueBytes("invocationId");
            if (invocation == null || invocation.length != 16) {
                LOG.info("{}: {} has no readable invocationId; no incremental checkpoint", describe(), service);
                return Optional.empty();
            }
            return Optional.of(new Checkpoint(AD_USN_KIND, ValueCodec.guid(invocation) + ":" + Long.parseLong(usn)));
        } catch (LDAPException e) {
            throw incomplete("the root DSE", "", 0, 0, e);
        } catch (NumberFormatException e) {
            throw new IncompleteListingException("highestCommittedUSN is not a number", e);
        }
    }

    private ChangeSet usnChanges(LDAPConnectionPool p, LDAPConnection conn, Checkpoint since) {
        if (!AD_USN_KIND.equals(since.kind())) {
            throw new CheckpointExpiredException("checkpoint kind " + since.kind() + " is not " + AD_USN_KIND);
        }
        String[] parts = since.value().split(":");
        long usn;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            usn = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new CheckpointExpiredException("malformed " + AD_USN_KIND + " checkpoint (expected invocationId:usn)");
        }
        Checkpoint now = usnCheckpoint(conn).orElseThrow(() -> new CheckpointExpiredException(
                "the server no longer publishes highestCommittedUSN and invocationId"));
        String invocation = now.value().substring(0, now.value().indexOf(':'));
        if (!invocation.equalsIgnoreCase(parts[0])) {
            throw new CheckpointExpiredException("the checkpoint was made on domain controller invocation " + parts[0]
                    + " but " + describe() + " answered with invocation " + invocation
                    + " (another DC, or the DC was restored); USNs are per DC, so a full listing is needed");
        }
        Filter changed = Filter.createANDFilter(userFilter,
                Filter.createGreaterOrEqualFilter("uSNChanged", Long.toString(usn + 1)));
        List<DirectoryEntry> upserts = new ArrayList<>();
        EntryConverter converter = converter(groupNames(p));
        pagedSearch(conn, config.baseDn(), scope, changed, attributes, "changed users", page -> {
            for (SearchResultEntry e : page) {
                upserts.add(converter.convert(complete(p, e), List.of()));
            }
        });
        return new ChangeSet(upserts, Set.of(), now);
    }

    private Checkpoint syncCookie(LDAPConnection conn) {
        try {
            RootDSE root = conn.getRootDSE();
            if (root == null || !root.supportsControl(CONTENT_SYNC_OID)) {
                LOG.info("{}: the server does not offer RFC 4533 content synchronization; no incremental checkpoint",
                        describe());
                return null;
            }
            SearchRequest req = new SearchRequest(config.baseDn(), scope, DereferencePolicy.NEVER, 0, 0, false,
                    Filter.createNOTFilter(Filter.createPresenceFilter("objectClass")), "1.1");
            req.addControl(new ContentSyncRequestControl(true, ContentSyncRequestMode.REFRESH_ONLY, null, false));
            SearchResult r = conn.search(req);
            ContentSyncDoneControl done = ContentSyncDoneControl.get(r);
            if (done == null || done.getCookie() == null) {
                LOG.info("{}: the content synchronization answer carried no cookie; no incremental checkpoint",
                        describe());
                return null;
            }
            return new Checkpoint(CONTENT_SYNC_KIND, Base64.getEncoder().encodeToString(done.getCookie().getValue()));
        } catch (LDAPException e) {
            throw incomplete("the content synchronization cookie", config.baseDn(), 0, 0, e);
        }
    }

    private ChangeSet contentSyncChanges(LDAPConnectionPool p, LDAPConnection conn, Checkpoint since) {
        if (!CONTENT_SYNC_KIND.equals(since.kind())) {
            throw new CheckpointExpiredException("checkpoint kind " + since.kind() + " is not " + CONTENT_SYNC_KIND);
        }
        byte[] cookie;
        try {
            cookie = Base64.getDecoder().decode(since.value());
        } catch (IllegalArgumentException e) {
            throw new CheckpointExpiredException("malformed " + CONTENT_SYNC_KIND + " checkpoint (not base64)");
        }
        Set<String> removed = new LinkedHashSet<>();
        boolean[] presentPhase = {false};
        List<String> intermediateProblems = new ArrayList<>();
        SearchRequest req = new SearchRequest(config.baseDn(), scope, DereferencePolicy.NEVER, 0,
                (int) config.searchTimeLimit().toSeconds(), false, userFilter, attributes);
        req.addControl(new ContentSyncRequestControl(true, ContentSyncRequestMode.REFRESH_ONLY,
                new ASN1OctetString(cookie), false));
        req.setIntermediateResponseListener((IntermediateResponse ir) -> {
            try {
                ContentSyncInfoIntermediateResponse info = ContentSyncInfoIntermediateResponse.decode(ir);
                if (info.getType() == ContentSyncInfoType.SYNC_ID_SET) {
                    if (info.refreshDeletes()) {
                        info.getEntryUUIDs().forEach(u -> removed.add(u.toString()));
                    } else {
                        presentPhase[0] = true;
                    }
                } else if (info.getType() == ContentSyncInfoType.REFRESH_PRESENT) {
                    presentPhase[0] = true;
                }
            } catch (LDAPException e) {
                intermediateProblems.add(e.getMessage());
            }
        });
        SearchResult res;
        try {
            res = conn.search(req);
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.E_SYNC_REFRESH_REQUIRED) {
                throw new CheckpointExpiredException("the server no longer knows the content synchronization cookie"
                        + " (e-syncRefreshRequired); a full listing is needed", e);
            }
            throw incomplete("changed users", config.baseDn(), 0, 0, e);
        }
        if (!intermediateProblems.isEmpty()) {
            throw new IncompleteListingException("undecodable content synchronization messages: " + intermediateProblems);
        }
        references(res.getSearchReferences(), "changed users");
        List<DirectoryEntry> upserts = new ArrayList<>();
        EntryConverter converter = converter(groupNames(p));
        try {
            for (SearchResultEntry e : res.getSearchEntries()) {
                ContentSyncStateControl state = ContentSyncStateControl.get(e);
                if (state == null) {
                    throw new IncompleteListingException("entry " + e.getDN() + " came without a sync state control");
                }
                if (state.getState() == ContentSyncState.DELETE) {
                    removed.add(state.getEntryUUID().toString());
                } else if (state.getState() == ContentSyncState.PRESENT) {
                    presentPhase[0] = true;
                } else {
                    upserts.add(converter.convert(complete(p, e), List.of()));
                }
            }
            ContentSyncDoneControl done = ContentSyncDoneControl.get(res);
            LOG.debug("{}: content sync answer: {} upserts, {} deletions, present phase {}, done control {}"
                    + " (refreshDeletes {})", describe(), upserts.size(), removed.size(), presentPhase[0],
                    done != null, done != null && done.refreshDeletes());
            if (done == null) {
                throw new IncompleteListingException("the content synchronization from " + describe()
                        + " ended without a sync done control, so its completeness is unknown");
            }
            if (presentPhase[0] || !done.refreshDeletes()) {
                throw new CheckpointExpiredException("the server answered with a present phase (its session log does"
                        + " not reach back to the checkpoint), from which deletions cannot be derived without the"
                        + " previous listing; a full listing is needed");
            }
            byte[] next = done.getCookie() != null ? done.getCookie().getValue() : cookie;
            return new ChangeSet(upserts, removed,
                    new Checkpoint(CONTENT_SYNC_KIND, Base64.getEncoder().encodeToString(next)));
        } catch (LDAPException e) {
            throw incomplete("changed users", config.baseDn(), upserts.size(), 1, e);
        }
    }
}

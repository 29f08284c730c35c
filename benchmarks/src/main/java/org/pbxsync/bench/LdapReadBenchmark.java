package org.pbxsync.bench;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.asn1.ASN1OctetString;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pbxsync.bench.gen.DirectoryGenerator;
import org.pbxsync.ldap.LdapDirectorySource;
import org.pbxsync.ldap.LdapSourceConfig;

/**
 * Reading every user from a real slapd on 127.0.0.1 (plain LDAP, pages of 1000): the LDAP source
 * ({@code readAll}, without and with RFC 4533 change tracking) beside a raw UnboundID paged search
 * of the same base, filter and attributes that only counts entries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class LdapReadBenchmark {
    static final int PAGE = 1000;

    @Param({"10000", "100000"})
    public int users;

    private SlapdServer slapd;
    private LdapDirectorySource source;
    private LdapDirectorySource trackingSource;
    private LDAPConnection raw;
    private String[] attributes;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        slapd = SlapdServer.start(DirectoryGenerator.create(42, users, DirectoryGenerator.Shape.OPENLDAP), null);
        LdapSourceConfig config = config(LdapSourceConfig.ChangeTracking.NONE);
        attributes = config.requestedAttributes();
        source = LdapDirectorySource.create(config);
        trackingSource = LdapDirectorySource.create(config(LdapSourceConfig.ChangeTracking.CONTENT_SYNC));
        raw = new LDAPConnection("127.0.0.1", slapd.port(), SlapdServer.ROOT_DN, SlapdServer.ROOT_PW);
        long n = rawPagedSearch();
        long m = sourceRead();
        if (n != users || m != users) {
            throw new IllegalStateException("expected " + users + " entries, raw read " + n + ", source read " + m);
        }
    }

    private LdapSourceConfig config(LdapSourceConfig.ChangeTracking tracking) {
        return LdapSourceConfig.openLdap().server(slapd.url())
                .bind(SlapdServer.ROOT_DN, SlapdServer.ROOT_PW.toCharArray())
                .baseDn(SlapdServer.PEOPLE).pageSize(PAGE).changeTracking(tracking).build();
    }

    /** Uses an already running slapd for {@link #rawPagedSearch()} (for other benchmarks' baselines). */
    void attach(SlapdServer server, String[] requested) throws Exception {
        slapd = server;
        attributes = requested;
        raw = new LDAPConnection("127.0.0.1", server.port(), SlapdServer.ROOT_DN, SlapdServer.ROOT_PW);
    }

    void tearDownConnection() {
        raw.close();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
        source.close();
        trackingSource.close();
        slapd.close();
    }

    @Benchmark
    public long rawPagedSearch() throws Exception {
        long count = 0;
        ASN1OctetString cookie = null;
        do {
            SearchRequest r = new SearchRequest(SlapdServer.PEOPLE, SearchScope.SUB,
                    LdapSourceConfig.OPENLDAP_USER_FILTER, attributes);
            r.addControl(new SimplePagedResultsControl(PAGE, cookie, true));
            SearchResult result = raw.search(r);
            for (SearchResultEntry e : result.getSearchEntries()) {
                if (e.getDN() != null) {
                    count++;
                }
            }
            SimplePagedResultsControl c = SimplePagedResultsControl.get(result);
            cookie = c == null ? null : c.getCookie();
        } while (cookie != null && cookie.getValueLength() > 0);
        return count;
    }

    @Benchmark
    public long sourceRead() {
        long[] count = {0};
        source.readAll(e -> count[0]++);
        return count[0];
    }

    @Benchmark
    public long sourceReadWithContentSyncCheckpoint() {
        long[] count = {0};
        trackingSource.readAll(e -> count[0]++);
        return count[0];
    }
}

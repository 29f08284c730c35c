package org.pbxsync.ldap;

import org.pbxsync.testsupport.CuttingProxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedCompareRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.directory.DirectoryEntry;

/**
 * Faults, hostile values, injection and TLS against the LDAP source (docs/reliability.md).
 * Every listing either delivers every entry or fails with a documented {@link SyncException};
 * a clean run afterwards reads everything. {@code -Dreliability.iterations=N} raises the
 * number of random cut points (default 12).
 */
class LdapReliabilityTest extends LdapTestSupport {
    static final long SEED = Long.getLong("prop.seed", 20261121L);
    static final int CUTS = Integer.getInteger("reliability.iterations", 12);

    private static Set<String> uids(List<DirectoryEntry> entries) {
        return entries.stream().map(e -> e.getFirst("uid").orElseThrow()).collect(Collectors.toSet());
    }

    // ------------------------------------------------------------------ connection faults

    /** Listing through the proxy; returns the entries, or null when it failed with a documented error. */
    private List<DirectoryEntry> listThrough(TestDirectory d, CuttingProxy proxy, List<DirectoryEntry> seen) {
        LdapDirectorySource s = source(d.plainConfig().servers(List.of("ldap://127.0.0.1:" + proxy.port()))
                .pageSize(10).responseTimeout(Duration.ofSeconds(20)));
        try {
            s.readAll(seen::add);
            return seen;
        } catch (IncompleteListingException | ConnectionFailedException e) {
            assertFalse(e.getMessage().isBlank());
            return null;
        }
    }

    @Test
    void aConnectionResetAtRandomPointsOfATenPageListingFailsTheListingOrDeliversEverything() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(100);
        long total;
        try (CuttingProxy clean = new CuttingProxy(d.ldapPort(), Long.MAX_VALUE)) {
            List<DirectoryEntry> all = listThrough(d, clean, new ArrayList<>());
            assertEquals(100, all.size());
            total = clean.serverBytes();
        }
        SplittableRandom r = new SplittableRandom(SEED);
        int failed = 0;
        for (int i = 0; i < CUTS; i++) {
            long cutAt = i == 0 ? total * 25 / 100 : r.nextLong(total); // the first cut falls in page 3 of 10
            try (CuttingProxy proxy = new CuttingProxy(d.ldapPort(), cutAt)) {
                List<DirectoryEntry> seen = new ArrayList<>();
                List<DirectoryEntry> result = assertTimeoutPreemptively(Duration.ofSeconds(60),
                        () -> listThrough(d, proxy, seen), "hang guard");
                if (result == null) {
                    failed++;
                    assertTrue(seen.size() < 100, "cut at byte " + cutAt + " delivered everything yet failed");
                } else {
                    assertEquals(100, result.size(), "a listing that returns normally is complete (cut at " + cutAt
                            + " of " + total + " bytes)");
                    assertEquals(100, uids(result).size());
                }
                if (i == 0) {
                    assertEquals(null, result, "a reset in page 3 of 10 fails the listing");
                    assertTrue(seen.size() >= 20 && seen.size() < 30, "pages 1 and 2 arrived: " + seen.size());
                }
            }
        }
        assertTrue(failed > 0);
        System.out.println("reliability: LDAP connection reset at " + CUTS + " points of " + total + " bytes: " + failed
                + " listings failed cleanly, " + (CUTS - failed) + " completed whole");
        try (CuttingProxy clean = new CuttingProxy(d.ldapPort(), Long.MAX_VALUE)) {
            assertEquals(100, listThrough(d, clean, new ArrayList<>()).size(), "the next run reads everything");
        }
    }

    @Test
    void aSizeLimitErrorOnPageThreeOfTenFailsTheListing() throws Exception {
        InMemoryOperationInterceptor sizeLimitOnThird = new InMemoryOperationInterceptor() {
            final AtomicInteger pages = new AtomicInteger();

            @Override
            public void processSearchResult(InMemoryInterceptedSearchResult r) {
                if (r.getRequest().hasControl(SimplePagedResultsControl.PAGED_RESULTS_OID)
                        && pages.incrementAndGet() == 3) {
                    r.setResult(new LDAPResult(r.getMessageID(), ResultCode.SIZE_LIMIT_EXCEEDED));
                }
            }
        };
        TestDirectory d = start(TestDirectory.builder(tmp).interceptor(sizeLimitOnThird));
        d.addUsers(100);
        List<DirectoryEntry> seen = new ArrayList<>();
        IncompleteListingException ex = assertThrows(IncompleteListingException.class,
                () -> source(d.plainConfig().pageSize(10)).readAll(seen::add));
        assertTrue(ex.getMessage().contains("size limit"), ex.getMessage());
        assertTrue(seen.size() < 100);
        assertEquals(100, source(d.plainConfig().pageSize(10)).listAll().entries().size(), "the next run converges");
    }

    @Test
    void aFailoverServerThatAcceptsButNeverAnswersIsSkippedForTheNextServer() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(3);
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String hung = "ldap://127.0.0.1:" + blackHole.getLocalPort();
            LdapSourceConfig.Builder b = d.plainConfig().servers(List.of(hung, d.ldapUrl()))
                    .connectTimeout(Duration.ofSeconds(1)).responseTimeout(Duration.ofSeconds(1));
            assertEquals(3, assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> source(b).listAll().entries().size(), "hang guard"), "the second server answers");
            LdapSourceConfig.Builder startTls = d.plainConfig()
                    .servers(List.of("ldap://localhost:" + blackHole.getLocalPort(), "ldap://localhost:" + d.ldapPort()))
                    .startTls(true).trustPemFile(d.certs.certPem)
                    .connectTimeout(Duration.ofSeconds(1)).responseTimeout(Duration.ofSeconds(1));
            assertEquals(3, source(startTls).listAll().entries().size(), "also when StartTLS hangs on the first");

            ConnectionFailedException both = assertThrows(ConnectionFailedException.class, () -> source(d.plainConfig()
                    .servers(List.of(hung, hung)).responseTimeout(Duration.ofSeconds(1))).listAll());
            assertTrue(both.getMessage().contains(hung), both.getMessage());
            org.pbxsync.core.AuthenticationFailedException auth = assertThrows(
                    org.pbxsync.core.AuthenticationFailedException.class, () -> source(d.plainConfig()
                            .servers(List.of(d.ldapUrl(), d.ldapUrl())).bind(TestDirectory.READER_DN,
                                    "wrong-pw".toCharArray())).listAll());
            assertTrue(auth.getMessage().contains(TestDirectory.READER_DN), auth.getMessage());
        }
    }

    // ------------------------------------------------------------------ hostile values

    static final String[] HOSTILE = {"nul\u0000inside", "bell\u0007\u001b[31m", "\u202eevil\u202c",
        "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627", "e\u0301\u0301\u0301", "\ud83d\ude08\ud83d\udc68\u200d\ud83d\udc69",
        "\u0662\u0661\u0660\u0661", "\uff12\uff11\uff10\uff11", "  leading", "trailing  ", "*)(uid=*", "' or 1 eq 1",
        "a,b+c=d\"e\\f<g>h;i#j"};

    @Test
    void hostileValuesAndDnsWithEveryEscapeArriveByteForByte() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        Map<String, String> expected = new java.util.HashMap<>();
        for (int i = 0; i < HOSTILE.length; i++) {
            String uid = "h" + i + HOSTILE[i];
            Entry e = new Entry(new com.unboundid.ldap.sdk.DN(new com.unboundid.ldap.sdk.RDN("uid", uid),
                    new com.unboundid.ldap.sdk.DN(TestDirectory.PEOPLE)));
            e.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson");
            e.addAttribute("uid", uid);
            e.addAttribute("cn", HOSTILE[i]);
            e.addAttribute("sn", "x");
            d.add(e);
            expected.put(uid, HOSTILE[i]);
        }
        String mb = "M".repeat(1 << 20);
        d.add("dn: uid=big," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "uid: big", "cn: big", "sn: " + mb);
        expected.put("big", "big");
        List<DirectoryEntry> got = source(d.plainConfig().pageSize(4)).listAll().entries();
        assertEquals(expected.size(), got.size());
        for (DirectoryEntry e : got) {
            String uid = e.getFirst("uid").orElseThrow();
            assertEquals(expected.get(uid), e.getFirst("cn").orElseThrow(), uid);
            assertEquals(uid, new com.unboundid.ldap.sdk.DN(e.getReference()).getRDN().getAttributeValues()[0],
                    "the reference parses back to the same RDN value");
        }
        DirectoryEntry big = got.stream().filter(e -> e.getFirst("uid").orElseThrow().equals("big")).findFirst()
                .orElseThrow();
        assertEquals(mb, big.getFirst("sn").orElseThrow(), "a 1 MB value arrives whole");
    }

    @Test
    void idsThatDifferOnlyInCaseStayTwoEntries() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.add("dn: uid=a," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "uid: a", "cn: a", "sn: a",
                "employeeNumber: AbC-1");
        d.add("dn: uid=b," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "uid: b", "cn: b", "sn: b",
                "employeeNumber: abc-1");
        List<DirectoryEntry> got = source(d.plainConfig().idAttribute("employeeNumber")).listAll().entries();
        assertEquals(Set.of("AbC-1", "abc-1"), got.stream().map(DirectoryEntry::getId).collect(Collectors.toSet()));
    }

    @Test
    void tenThousandGroupsOnOneUserArriveAsTenThousandGroupNames() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        Entry e = new Entry("uid=many," + TestDirectory.PEOPLE);
        e.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "pbxTestAux");
        e.addAttribute("uid", "many");
        e.addAttribute("cn", "Many");
        e.addAttribute("sn", "Many");
        List<String> memberOf = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            memberOf.add("cn=g" + i + "," + TestDirectory.GROUPS);
        }
        e.addAttribute("memberOf", memberOf);
        d.add(e);
        DirectoryEntry got = source(d.plainConfig()).listAll().entries().get(0);
        assertEquals(10_000, got.getGroups().size());
        assertEquals(10_000, new HashSet<>(got.getGroups()).size());
    }

    @Test
    void groupNestingFiftyDeepAndCyclicIsExpandedOnceWithEveryUser() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(50);
        for (int i = 49; i >= 0; i--) {
            List<String> lines = new ArrayList<>(List.of("dn: cn=n" + i + "," + TestDirectory.GROUPS,
                    "objectClass: groupOfNames", "cn: n" + i,
                    "member: uid=" + String.format("user%04d", i + 1) + "," + TestDirectory.PEOPLE));
            lines.add("member: cn=n" + ((i + 1) % 50) + "," + TestDirectory.GROUPS); // n49 -> n0 closes the cycle
            try {
                d.add(lines.toArray(new String[0]));
            } catch (com.unboundid.ldap.sdk.LDAPException ex) {
                fail(ex);
            }
        }
        LdapDirectorySource s = source(d.plainConfig().groupDn("cn=n0," + TestDirectory.GROUPS).nestedGroups(true));
        List<DirectoryEntry> got = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> s.listAll().entries(),
                "hang guard");
        assertEquals(50, got.size(), "all 50 levels are reached");
        assertTrue(s.lastWarnings().stream().anyMatch(w -> w.contains("group cycle")), s.lastWarnings().toString());
    }

    @Test
    void aChainOfFourThousandNestedGroupsDoesNotOverflowTheStack() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(1);
        int depth = 4000; // overflowed the default stack while expansion was recursive
        for (int i = depth - 1; i >= 0; i--) {
            String member = i == depth - 1 ? "uid=user0001," + TestDirectory.PEOPLE
                    : "cn=d" + (i + 1) + "," + TestDirectory.GROUPS;
            d.add("dn: cn=d" + i + "," + TestDirectory.GROUPS, "objectClass: groupOfNames", "cn: d" + i,
                    "member: " + member);
        }
        LdapDirectorySource s = source(d.plainConfig().groupDn("cn=d0," + TestDirectory.GROUPS));
        List<DirectoryEntry> got = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> s.listAll().entries(),
                "hang guard");
        assertEquals(1, got.size());
        assertEquals("user0001", got.get(0).getFirst("uid").orElseThrow());
    }

    // ------------------------------------------------------------------ injection

    /** Records every filter and base the server is asked for. */
    static final class FilterRecorder extends InMemoryOperationInterceptor {
        final List<String> filters = new CopyOnWriteArrayList<>();

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest r) {
            filters.add(r.getRequest().getBaseDN() + " ? " + r.getRequest().getFilter());
        }
    }

    @Test
    void filterSyntaxInConfigurationAndDirectoryValuesCannotWidenTheSearch() throws Exception {
        FilterRecorder rec = new FilterRecorder();
        TestDirectory d = start(TestDirectory.builder(tmp).interceptor(rec));
        d.addUsers(5);
        d.add("dn: uid=evil," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "uid: evil", "cn: evil",
                "sn: evil", "departmentNumber: *)(uid=*");
        // a group whose member values carry filter syntax; group expansion must read them as DNs, not filters
        d.add("dn: cn=*)(uid=*," + TestDirectory.GROUPS, "objectClass: groupOfNames", "cn: *)(uid=*",
                "member: uid=evil," + TestDirectory.PEOPLE, "member: uid=*)(uid=\\2A," + TestDirectory.PEOPLE);
        rec.filters.clear();

        List<DirectoryEntry> got = source(d.plainConfig().requireAttributeValue("departmentNumber", "*)(uid=*"))
                .listAll().entries();
        assertEquals(Set.of("evil"), uids(got), "only the entry whose value is literally '*)(uid=*'");
        assertTrue(rec.filters.stream().anyMatch(f -> f.contains("(departmentNumber=\\2a\\29\\28uid=\\2a)")),
                "the server saw the escaped value: " + rec.filters);
        assertTrue(rec.filters.stream().noneMatch(f -> f.contains("(uid=*)")), rec.filters.toString());

        rec.filters.clear();
        List<DirectoryEntry> members = source(d.plainConfig().groupDn("cn=\\2A\\29\\28uid=\\2A," + TestDirectory.GROUPS))
                .listAll().entries();
        assertEquals(Set.of("evil"), uids(members), "no other user is pulled in");
        assertTrue(rec.filters.stream().noneMatch(f -> f.contains("(uid=*)")), rec.filters.toString());
    }

    // ------------------------------------------------------------------ TLS

    @Test
    void anExpiredCertificateIsRefusedOverLdapsAndStartTlsUnlessInsecureIsChosenWhichWarns() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp).certs(TestCerts.expired()));
        d.addUsers(2);
        ConnectionFailedException ldaps = assertThrows(ConnectionFailedException.class,
                () -> source(d.plainConfig().servers(List.of(d.ldapsUrl("localhost"))).trustPemFile(d.certs.certPem))
                        .listAll());
        assertFalse(ldaps.getMessage().isBlank());
        assertThrows(ConnectionFailedException.class,
                () -> source(d.plainConfig().servers(List.of(d.ldapsUrl("localhost")))
                        .trustPkcs12File(d.certs.pkcs12, TestCerts.PASSWORD.toCharArray())).listAll());
        assertThrows(ConnectionFailedException.class,
                () -> source(d.plainConfig().servers(List.of("ldap://localhost:" + d.ldapPort())).startTls(true)
                        .trustPemFile(d.certs.certPem)).listAll());

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int n;
        try {
            n = source(d.plainConfig().servers(List.of("ldap://localhost:" + d.ldapPort())).startTls(true)
                    .trustAllCertificatesInsecure(true)).listAll().entries().size();
        } finally {
            System.setErr(old);
        }
        assertEquals(2, n);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("INSECURE"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUntrustedCertificateIsRefusedOverStartTls() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(1);
        assertThrows(ConnectionFailedException.class, () -> source(d.plainConfig()
                .servers(List.of("ldap://localhost:" + d.ldapPort())).startTls(true)).listAll());
    }

    // ------------------------------------------------------------------ read-only under every configuration

    /** Records every operation that is not a bind, search, StartTLS or abandon/unbind. */
    static final class AnyWriteRecorder extends Interceptors.WriteRecorder {
        @Override
        public void processCompareRequest(InMemoryInterceptedCompareRequest r) {
            writes.add("compare " + r.getRequest().getDN());
        }

        @Override
        public void processExtendedRequest(InMemoryInterceptedExtendedRequest r) {
            if (!r.getRequest().getOID().equals("1.3.6.1.4.1.1466.20037")) {
                writes.add("extended " + r.getRequest().getOID());
            }
        }
    }

    @Test
    void noConfigurationAndNoFailureMakesTheSourceWrite() throws Exception {
        AnyWriteRecorder rec = new AnyWriteRecorder();
        Interceptors.KillOnPage killer = new Interceptors.KillOnPage(2);
        TestDirectory d = start(TestDirectory.builder(tmp).interceptor(rec));
        d.addUsers(12);
        d.add("dn: cn=G," + TestDirectory.GROUPS, "objectClass: groupOfNames", "cn: G",
                "member: uid=user0001," + TestDirectory.PEOPLE, "member: cn=H," + TestDirectory.GROUPS);
        d.add("dn: cn=H," + TestDirectory.GROUPS, "objectClass: groupOfNames", "cn: H",
                "member: uid=user0002," + TestDirectory.PEOPLE, "member: cn=G," + TestDirectory.GROUPS);
        rec.writes.clear();
        rec.searches.set(0);
        List<Function<LdapSourceConfig.Builder, LdapSourceConfig.Builder>> variants = List.of(
                b -> b,
                b -> b.pageSize(0),
                b -> b.pageSize(5).subtree(false),
                b -> b.servers(List.of(d.ldapsUrl("localhost"))).trustPemFile(d.certs.certPem),
                b -> b.servers(List.of("ldap://localhost:" + d.ldapPort())).startTls(true).trustPemFile(d.certs.certPem),
                b -> b.servers(List.of(d.ldapsUrl("localhost"))).trustAllCertificatesInsecure(true),
                b -> b.groupDn("cn=G," + TestDirectory.GROUPS),
                b -> b.groupDn("cn=G," + TestDirectory.GROUPS).nestedGroups(false).groupNameAttribute("cn"),
                b -> b.changeTracking(LdapSourceConfig.ChangeTracking.AD_USN),
                b -> b.changeTracking(LdapSourceConfig.ChangeTracking.CONTENT_SYNC),
                b -> b.referencePolicy(LdapSourceConfig.ReferencePolicy.IGNORE).userAccountControl(false),
                b -> b.bind(TestDirectory.READER_DN, "wrong".toCharArray()),
                b -> b.baseDn("ou=Missing," + TestDirectory.BASE));
        int ran = 0;
        for (Function<LdapSourceConfig.Builder, LdapSourceConfig.Builder> v : variants) {
            LdapDirectorySource s = source(v.apply(d.plainConfig()));
            s.testConnection();
            try {
                s.listAll();
                if (s.supportsChanges()) {
                    s.listAll().checkpoint().ifPresent(s::listChanges);
                }
            } catch (SyncException expected) {
                // failing configurations must not write either
            }
            ran++;
        }
        assertEquals(variants.size(), ran);
        assertTrue(rec.searches.get() > 20, "the recorder saw the traffic");
        assertEquals(List.of(), rec.writes);
    }
}

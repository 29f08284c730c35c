package org.pbxsync.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.AuthenticationFailedException;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.ConnectionTestResult;
import org.pbxsync.core.directory.DirectoryEntry;

class LdapDirectorySourceTest extends LdapTestSupport {

    private static Map<String, DirectoryEntry> byUid(List<DirectoryEntry> entries) {
        return entries.stream().collect(Collectors.toMap(e -> e.getFirst("uid").orElseThrow(), Function.identity()));
    }

    @Test
    void readsEveryUserThroughPagesWithEntryUuidIdsAndDnReferences() throws Exception {
        Interceptors.PageCounter pages = new Interceptors.PageCounter();
        TestDirectory d = start(TestDirectory.builder(tmp).interceptor(pages));
        d.addUsers(25);
        List<DirectoryEntry> entries = source(d.plainConfig().pageSize(10)).listAll().entries();

        assertEquals(25, entries.size());
        assertEquals(3, pages.pagedRequests.get(), "25 entries in pages of 10 take 3 requests");
        DirectoryEntry u7 = byUid(entries).get("user0007");
        Entry server = d.ds.getEntry("uid=user0007," + TestDirectory.PEOPLE, "entryUUID");
        assertEquals(server.getAttributeValue("entryUUID"), u7.getId());
        assertEquals("uid=user0007," + TestDirectory.PEOPLE, u7.getReference());
        assertEquals(List.of("+1 555 0007"), u7.get("telephoneNumber"));
        assertEquals(List.of("user0007@example.com"), u7.get("mail"));
        assertTrue(u7.isEnabled());
        assertEquals(25, entries.stream().map(DirectoryEntry::getId).distinct().count());
    }

    @Test
    void keepsNonAsciiValuesEscapedDnsMultipleValuesAndBinaryAsBase64() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        byte[] photo = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0x00, 0x10, (byte) 0x80};
        Entry e = new Entry("uid=o\\+brien\\2C jr," + TestDirectory.PEOPLE);
        e.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson");
        e.addAttribute("uid", "o+brien, jr");
        e.addAttribute("cn", "Zoë Weiß 😈", "Zoe Weiss");
        e.addAttribute("sn", "(Us\\er)*");
        e.addAttribute("jpegPhoto", photo);
        d.add(e);
        DirectoryEntry got = source(d.plainConfig().addAttributes("jpegPhoto")).listAll().entries().get(0);

        assertEquals("uid=o\\+brien\\2C jr," + TestDirectory.PEOPLE, got.getReference());
        assertEquals(List.of("o+brien, jr"), got.get("uid"));
        assertEquals(List.of("Zoë Weiß 😈", "Zoe Weiss"), got.get("cn"));
        assertEquals(List.of("(Us\\er)*"), got.get("sn"));
        assertEquals(List.of(Base64.getEncoder().encodeToString(photo)), got.get("jpegPhoto"));
    }

    @Test
    void userAccountControlBit2DisablesAndMemberOfBecomesGroupCns() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.add("dn: uid=off," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "objectClass: pbxTestAux",
                "uid: off", "cn: Off", "sn: Off", "userAccountControl: 514",
                "memberOf: cn=Sales\\, EU," + TestDirectory.GROUPS, "memberOf: CN=Phones,OU=Groups,DC=example,DC=com");
        d.add("dn: uid=on," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "objectClass: pbxTestAux",
                "uid: on", "cn: On", "sn: On", "userAccountControl: 66048");
        d.add("dn: uid=plain," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "uid: plain", "cn: P", "sn: P");
        Map<String, DirectoryEntry> users = byUid(source(d.plainConfig()).listAll().entries());

        assertFalse(users.get("off").isEnabled(), "514 = NORMAL_ACCOUNT | ACCOUNTDISABLE");
        assertTrue(users.get("on").isEnabled(), "66048 = NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD");
        assertTrue(users.get("plain").isEnabled());
        assertEquals(List.of("Sales, EU", "Phones"), users.get("off").getGroups());
        assertEquals(List.of(), users.get("plain").getGroups());

        Map<String, DirectoryEntry> ignoring = byUid(source(d.plainConfig().userAccountControl(false)).listAll()
                .entries());
        assertTrue(ignoring.get("off").isEnabled());
    }

    @Test
    void groupNamesCanComeFromAGroupAttributeWithDnFallbackReported() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.add("dn: cn=g1," + TestDirectory.GROUPS, "objectClass: groupOfNames", "cn: g1",
                "description: Sales Phones", "member: uid=a," + TestDirectory.PEOPLE);
        d.add("dn: uid=a," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "objectClass: pbxTestAux",
                "uid: a", "cn: A", "sn: A", "memberOf: cn=g1," + TestDirectory.GROUPS,
                "memberOf: cn=gone," + TestDirectory.GROUPS);
        LdapDirectorySource s = source(d.plainConfig().groupNameAttribute("description"));
        DirectoryEntry a = s.listAll().entries().get(0);

        assertEquals(List.of("Sales Phones", "gone"), a.getGroups());
        assertTrue(s.lastWarnings().stream().anyMatch(w -> w.contains("cn=gone") && w.contains("description")),
                s.lastWarnings().toString());
    }

    @Test
    void configuredFilterValuesAreEscaped() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.add("dn: uid=x," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "uid: x", "cn: x", "sn: x",
                "departmentNumber: R&D (EU)*\\");
        d.add("dn: uid=y," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "uid: y", "cn: y", "sn: y",
                "departmentNumber: R&D (EU)x\\");
        d.add("dn: uid=z," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "uid: z", "cn: z", "sn: z",
                "departmentNumber: *");
        LdapSourceConfig.Builder b = d.plainConfig().requireAttributeValue("departmentNumber", "R&D (EU)*\\");
        assertEquals("(&(objectClass=inetOrgPerson)(departmentNumber=R&D \\28EU\\29\\2a\\5c))",
                b.build().effectiveUserFilter().toString());
        assertEquals(Set.of("x"), byUid(source(b).listAll().entries()).keySet());
        assertEquals(Set.of("z"), byUid(source(d.plainConfig().requireAttributeValue("departmentNumber", "*"))
                .listAll().entries()).keySet(), "a '*' value matches only '*', not every value");
    }

    @Test
    void sizeLimitWithoutPagingFailsTheWholeListing() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp).maxSizeLimit(5));
        d.addUsers(12);
        List<DirectoryEntry> seen = new ArrayList<>();
        IncompleteListingException ex = assertThrows(IncompleteListingException.class,
                () -> source(d.plainConfig().pageSize(0)).readAll(seen::add));
        assertTrue(ex.getMessage().contains("size limit"), ex.getMessage());
        assertTrue(ex.getMessage().contains("paging is off"), ex.getMessage());
        assertEquals(0, seen.size(), "nothing reaches the sink from a failed page");
        assertEquals(12, source(d.plainConfig().pageSize(5)).listAll().entries().size(),
                "pages within the limit read everything");
    }

    @Test
    void connectionLostOnPageThreeFailsTheListing() throws Exception {
        Interceptors.KillOnPage killer = new Interceptors.KillOnPage(3);
        TestDirectory d = start(TestDirectory.builder(tmp).interceptor(killer));
        killer.server.set(d.ds);
        d.addUsers(50);
        List<DirectoryEntry> seen = new ArrayList<>();
        IncompleteListingException ex = assertThrows(IncompleteListingException.class,
                () -> source(d.plainConfig().pageSize(10)).readAll(seen::add));
        assertEquals(20, seen.size(), "two pages arrived before the connection broke");
        assertTrue(ex.getMessage().contains("incomplete after 20 entries in 2 pages"), ex.getMessage());
        assertTrue(ex.getMessage().contains("connection was lost"), ex.getMessage());
    }

    @Test
    void continuationReferencesFailByDefaultAndAreReportedWhenIgnored() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(3);
        d.add("dn: ou=Remote," + TestDirectory.PEOPLE, "objectClass: referral", "objectClass: extensibleObject",
                "ou: Remote", "ref: ldap://elsewhere.example.test:389/ou=Remote,ou=People,dc=example,dc=com");
        IncompleteListingException ex = assertThrows(IncompleteListingException.class,
                () -> source(d.plainConfig()).listAll());
        assertTrue(ex.getMessage().contains("elsewhere.example.test"), ex.getMessage());

        LdapDirectorySource ignoring = source(d.plainConfig().referencePolicy(LdapSourceConfig.ReferencePolicy.IGNORE));
        assertEquals(3, ignoring.listAll().entries().size());
        assertTrue(ignoring.lastWarnings().get(0).contains("elsewhere.example.test"));

        IncompleteListingException referral = assertThrows(IncompleteListingException.class,
                () -> source(d.plainConfig().baseDn("ou=Remote," + TestDirectory.PEOPLE)).listAll());
        assertTrue(referral.getMessage().contains("referred"), referral.getMessage());
    }

    @Test
    void anEntryWithoutTheIdAttributeFailsTheListingNamingIt() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.add("dn: uid=a," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "uid: a", "cn: a", "sn: a",
                "employeeNumber: 1");
        d.add("dn: uid=b," + TestDirectory.PEOPLE, "objectClass: inetOrgPerson", "uid: b", "cn: b", "sn: b");
        IncompleteListingException ex = assertThrows(IncompleteListingException.class,
                () -> source(d.plainConfig().idAttribute("employeeNumber")).listAll());
        assertTrue(ex.getMessage().contains("uid=b,ou=People") && ex.getMessage().contains("employeeNumber"),
                ex.getMessage());
    }

    @Test
    void missingBaseDnFailsAndBadCredentialsAreAnAuthenticationFailure() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        IncompleteListingException missing = assertThrows(IncompleteListingException.class,
                () -> source(d.plainConfig().baseDn("ou=Nobody," + TestDirectory.BASE)).listAll());
        assertTrue(missing.getMessage().contains("ou=Nobody,dc=example,dc=com does not exist"), missing.getMessage());

        AuthenticationFailedException auth = assertThrows(AuthenticationFailedException.class,
                () -> source(d.plainConfig().bind(TestDirectory.READER_DN, "wrong-pw-xyz".toCharArray())).listAll());
        assertTrue(auth.getMessage().contains(TestDirectory.READER_DN), auth.getMessage());
        assertFalse(auth.getMessage().contains("wrong-pw-xyz"));
    }

    @Test
    void unreachableServerIsAConnectionFailureAndFailoverUsesTheNextServer() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(2);
        int closedPort = freePort();
        LdapSourceConfig.Builder dead = d.plainConfig().servers(List.of("ldap://127.0.0.1:" + closedPort));
        assertThrows(ConnectionFailedException.class, () -> source(dead).listAll());

        LdapSourceConfig.Builder failover = d.plainConfig()
                .servers(List.of("ldap://127.0.0.1:" + closedPort, d.ldapUrl()));
        assertEquals(2, source(failover).listAll().entries().size());
    }

    @Test
    void testConnectionNamesTheFailedStep() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(1);
        ConnectionTestResult ok = source(d.plainConfig()).testConnection();
        assertTrue(ok.isSuccess(), ok.toString());
        assertEquals(List.of("connect", "bind", "base-dn", "search"), names(ok));

        ConnectionTestResult unreachable = source(d.plainConfig()
                .servers(List.of("ldap://127.0.0.1:" + freePort()))).testConnection();
        assertFailedAt(unreachable, "connect", "unreachable");

        ConnectionTestResult badCredentials = source(d.plainConfig()
                .bind(TestDirectory.READER_DN, "nope-nope".toCharArray())).testConnection();
        assertFailedAt(badCredentials, "bind", "refused the credentials of " + TestDirectory.READER_DN);

        ConnectionTestResult noBase = source(d.plainConfig().baseDn("ou=Missing," + TestDirectory.BASE))
                .testConnection();
        assertFailedAt(noBase, "base-dn", "ou=Missing,dc=example,dc=com does not exist");

        ConnectionTestResult noGroup = source(d.plainConfig().groupDn("cn=none," + TestDirectory.GROUPS))
                .testConnection();
        assertFailedAt(noGroup, "group", "cn=none,ou=Groups,dc=example,dc=com does not exist");

        ConnectionTestResult untrusted = source(d.plainConfig().servers(List.of(d.ldapsUrl("localhost"))))
                .testConnection();
        assertFailedAt(untrusted, "tls", "certificate");
        assertEquals(List.of("connect", "tls"), names(untrusted));
    }

    private static List<String> names(ConnectionTestResult r) {
        return r.checks().stream().map(ConnectionTestResult.Check::name).collect(Collectors.toList());
    }

    private static void assertFailedAt(ConnectionTestResult r, String step, String text) {
        assertFalse(r.isSuccess());
        ConnectionTestResult.Check last = r.checks().get(r.checks().size() - 1);
        assertEquals(step, last.name(), r.toString());
        assertFalse(last.passed());
        assertTrue(last.message().contains(text), last.message());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void ldapsVerifiesTheCertificateAgainstTheGivenTrustAndTheHostName() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(2);
        LdapSourceConfig.Builder p12 = d.plainConfig().servers(List.of(d.ldapsUrl("localhost")))
                .trustPkcs12File(d.certs.pkcs12, TestCerts.PASSWORD.toCharArray());
        assertEquals(2, source(p12).listAll().entries().size());
        LdapSourceConfig.Builder pem = d.plainConfig().servers(List.of(d.ldapsUrl("localhost")))
                .trustPemFile(d.certs.certPem);
        assertEquals(2, source(pem).listAll().entries().size());

        ConnectionFailedException jvm = assertThrows(ConnectionFailedException.class,
                () -> source(d.plainConfig().servers(List.of(d.ldapsUrl("localhost")))).listAll());
        assertTrue(jvm.getMessage().contains("localhost:" + d.ldapsPort()), jvm.getMessage());
    }

    @Test
    void aCertificateForAnotherHostIsRejectedOverLdapsAndStartTls() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp)
                .certificateFor(new String[] {"ldap.example.test"}, new String[0]));
        d.addUsers(1);
        // loopback IPs always pass UnboundID's host name check, so connect by name
        ConnectionFailedException ldaps = assertThrows(ConnectionFailedException.class,
                () -> source(d.plainConfig().servers(List.of(d.ldapsUrl("localhost")))
                        .trustPemFile(d.certs.certPem)).listAll());
        assertTrue(ldaps.getMessage().toLowerCase().contains("hostname"), ldaps.getMessage());
        ConnectionFailedException startTls = assertThrows(ConnectionFailedException.class,
                () -> source(d.plainConfig().servers(List.of("ldap://localhost:" + d.ldapPort())).startTls(true)
                        .trustPemFile(d.certs.certPem)).listAll());
        assertTrue(startTls.getMessage().toLowerCase().contains("hostname"), startTls.getMessage());

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int count;
        try {
            count = source(d.plainConfig().servers(List.of(d.ldapsUrl("localhost")))
                    .trustAllCertificatesInsecure(true)).listAll().entries().size();
        } finally {
            System.setErr(old);
        }
        assertEquals(1, count);
        String log = err.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("WARN") && log.contains("INSECURE") && log.contains("trustAllCertificatesInsecure"),
                log);
    }

    @Test
    void startTlsWithATrustedCertificateReads() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(3);
        LdapSourceConfig.Builder b = d.plainConfig().servers(List.of("ldap://localhost:" + d.ldapPort()))
                .startTls(true).trustPemFile(d.certs.certPem);
        assertEquals(3, source(b).listAll().entries().size());
        ConnectionTestResult r = source(b).testConnection();
        assertTrue(r.isSuccess(), r.toString());
        assertTrue(names(r).contains("tls"));
    }

    @Test
    void thePasswordNeverAppearsInLogsToStringOrErrors() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(2);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> texts = new ArrayList<>();
        try {
            LdapSourceConfig good = d.plainConfig().build();
            texts.add(good.toString());
            LdapDirectorySource s = source(d.plainConfig());
            s.listAll();
            texts.add(s.describe());
            texts.add(s.toString());
            texts.add(s.testConnection().toString());
            LdapSourceConfig.Builder plainBad = d.plainConfig().bind(TestDirectory.READER_DN,
                    TestDirectory.ADMIN_PW.toCharArray());
            texts.add(assertThrows(AuthenticationFailedException.class, () -> source(plainBad).listAll()).toString());
            texts.add(source(plainBad).testConnection().toString());
        } finally {
            System.setErr(old);
        }
        texts.add(err.toString(StandardCharsets.UTF_8));
        assertTrue(texts.get(0).contains("bindPassword=<redacted>"), texts.get(0));
        for (String t : texts) {
            assertFalse(t.contains(TestDirectory.READER_PW), t);
            assertFalse(t.contains(TestDirectory.ADMIN_PW), t);
        }
        assertTrue(texts.get(texts.size() - 1).contains("sent unencrypted"), "the plaintext bind is logged as a warning");
    }

    @Test
    void aPageThatDoesNotArriveWithinTheResponseTimeoutFailsTheListing() throws Exception {
        com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor slowSecondPage =
                new com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor() {
                    private final java.util.concurrent.atomic.AtomicInteger pages =
                            new java.util.concurrent.atomic.AtomicInteger();

                    @Override
                    public void processSearchRequest(
                            com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest r) {
                        if (r.getRequest().hasControl(
                                com.unboundid.ldap.sdk.controls.SimplePagedResultsControl.PAGED_RESULTS_OID)
                                && pages.incrementAndGet() == 2) {
                            try {
                                Thread.sleep(3000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                };
        TestDirectory d = start(TestDirectory.builder(tmp).interceptor(slowSecondPage));
        d.addUsers(8);
        IncompleteListingException ex = assertThrows(IncompleteListingException.class,
                () -> source(d.plainConfig().pageSize(5).responseTimeout(java.time.Duration.ofMillis(300))).listAll());
        assertTrue(ex.getMessage().contains("incomplete after 5 entries in 1 pages")
                && ex.getMessage().contains("no response within the response time-out"), ex.getMessage());
    }

    @Test
    void aServerTimeLimitOnTheSecondPageFailsTheListing() throws Exception {
        com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor timeLimit =
                new com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor() {
                    private final java.util.concurrent.atomic.AtomicInteger pages =
                            new java.util.concurrent.atomic.AtomicInteger();

                    @Override
                    public void processSearchResult(
                            com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchResult r) {
                        if (r.getRequest().hasControl(
                                com.unboundid.ldap.sdk.controls.SimplePagedResultsControl.PAGED_RESULTS_OID)
                                && pages.incrementAndGet() == 2) {
                            r.setResult(new com.unboundid.ldap.sdk.LDAPResult(r.getMessageID(),
                                    com.unboundid.ldap.sdk.ResultCode.TIME_LIMIT_EXCEEDED));
                        }
                    }
                };
        TestDirectory d = start(TestDirectory.builder(tmp).interceptor(timeLimit));
        d.addUsers(12);
        List<DirectoryEntry> seen = new ArrayList<>();
        IncompleteListingException ex = assertThrows(IncompleteListingException.class,
                () -> source(d.plainConfig().pageSize(5).searchTimeLimit(java.time.Duration.ofSeconds(30)))
                        .readAll(seen::add));
        assertEquals(5, seen.size());
        assertTrue(ex.getMessage().contains("incomplete after 5 entries in 1 pages: the search time limit was exceeded"),
                ex.getMessage());
    }

    @Test
    void withoutServerSupportChangeTrackingIsOffAndFullListingsCarryNoCheckpoint() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(2);
        LdapSourceConfig.Builder openLdap = LdapSourceConfig.openLdap().server(d.ldapUrl())
                .bind(TestDirectory.READER_DN, TestDirectory.READER_PW.toCharArray()).baseDn(TestDirectory.PEOPLE);
        LdapDirectorySource s = source(openLdap);
        assertFalse(s.supportsChanges(), "the in-memory server has no RFC 4533 content sync");
        assertEquals(java.util.Optional.empty(), s.listAll().checkpoint());
        LdapDirectorySource none = source(d.plainConfig());
        assertFalse(none.supportsChanges());
        assertThrows(UnsupportedOperationException.class,
                () -> none.listChanges(new org.pbxsync.core.directory.Checkpoint("ad-usn", "x:1")));
    }

    @Test
    void closeFromAnotherThreadAbortsTheListing() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(30);
        LdapDirectorySource s = source(d.plainConfig().pageSize(5));
        List<DirectoryEntry> seen = new ArrayList<>();
        assertThrows(IncompleteListingException.class, () -> s.readAll(e -> {
            seen.add(e);
            if (seen.size() == 7) {
                s.close();
            }
        }));
        assertTrue(seen.size() < 30);
    }
}

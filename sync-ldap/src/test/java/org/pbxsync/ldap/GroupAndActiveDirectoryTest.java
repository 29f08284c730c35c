package org.pbxsync.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.CheckpointExpiredException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.directory.FullListing;
import org.pbxsync.ldap.internal.ValueCodec;

/** Group directories (nesting, cycles, AD range retrieval) and Active Directory behaviour (GUIDs, uSNChanged). */
class GroupAndActiveDirectoryTest extends LdapTestSupport {

    private static Set<String> uids(List<DirectoryEntry> entries) {
        return entries.stream().map(e -> e.getFirst("uid").orElseThrow()).collect(Collectors.toSet());
    }

    private static String user(int i) {
        return String.format("uid=user%04d,%s", i, TestDirectory.PEOPLE);
    }

    @Test
    void groupDirectoryFollowsNestedGroupsReportsCyclesAndCompletesRanges() throws Exception {
        Interceptors.RangeEmulator ranges = new Interceptors.RangeEmulator(3);
        TestDirectory d = start(TestDirectory.builder(tmp).interceptor(ranges));
        d.addUsers(12);
        String all = "cn=All Phones," + TestDirectory.GROUPS;
        String nested = "cn=Nested," + TestDirectory.GROUPS;
        String deeper = "cn=Deeper," + TestDirectory.GROUPS;
        List<String> allLdif = new ArrayList<>(List.of("dn: " + all, "objectClass: groupOfNames", "cn: All Phones"));
        for (int i = 1; i <= 7; i++) {
            allLdif.add("member: " + user(i));
        }
        allLdif.add("member: " + nested);
        allLdif.add("member: cn=not-a-user,ou=Elsewhere,dc=example,dc=com");
        d.add(allLdif.toArray(new String[0]));
        d.add("dn: " + nested, "objectClass: groupOfNames", "cn: Nested", "member: " + user(8), "member: " + deeper,
                "member: " + user(1));
        d.add("dn: " + deeper, "objectClass: groupOfUniqueNames", "cn: Deeper", "uniqueMember: " + user(9),
                "uniqueMember: " + all);

        LdapDirectorySource s = source(d.plainConfig().groupDn(all).memberOfAttribute(null));
        Map<String, DirectoryEntry> byUid = s.listAll().entries().stream()
                .collect(Collectors.toMap(e -> e.getFirst("uid").orElseThrow(), Function.identity()));

        assertEquals(Set.of("user0001", "user0002", "user0003", "user0004", "user0005", "user0006", "user0007",
                "user0008", "user0009"), byUid.keySet(), "users 10-12 are not members");
        assertEquals(List.of("All Phones", "Nested"), byUid.get("user0001").getGroups());
        assertEquals(List.of("Deeper"), byUid.get("user0009").getGroups());
        assertTrue(ranges.rangeRequests.contains("member;range=3-*"), ranges.rangeRequests.toString());
        assertTrue(ranges.rangeRequests.contains("member;range=6-*"), ranges.rangeRequests.toString());
        assertTrue(s.lastWarnings().stream().anyMatch(w -> w.startsWith("group cycle: cn=all phones")
                && w.contains("cn=nested") && w.contains("cn=deeper")), s.lastWarnings().toString());
        assertTrue(s.lastWarnings().stream().anyMatch(w -> w.startsWith("1 member(s)")), s.lastWarnings().toString());

        Set<String> direct = uids(source(d.plainConfig().groupDn(all).nestedGroups(false)).listAll().entries());
        assertEquals(7, direct.size());
        assertFalse(direct.contains("user0008"));
    }

    @Test
    void aMissingGroupFailsTheListing() throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp));
        d.addUsers(2);
        IncompleteListingException ex = assertThrows(IncompleteListingException.class,
                () -> source(d.plainConfig().groupDn("cn=Ghost," + TestDirectory.GROUPS)).listAll());
        assertTrue(ex.getMessage().contains("cn=Ghost,ou=Groups,dc=example,dc=com does not exist"), ex.getMessage());
    }

    /** The ldaptive corpus group with 4,999 members, read with AD's 1,500-value ranges. */
    @Test
    void aGroupOfFiveThousandMembersIsReadInRangesOf1500() throws Exception {
        Path corpus = Path.of("..", "..", "shared", "corpora", "ldif", "ldaptive", "rangeHandlerResults.ldif");
        if (!java.nio.file.Files.exists(corpus)) {
            corpus = Path.of("..", "shared", "corpora", "ldif", "ldaptive", "rangeHandlerResults.ldif");
        }
        Corpus.assumePresent(corpus);
        Interceptors.RangeEmulator ranges = new Interceptors.RangeEmulator(1500);
        TestDirectory d = start(TestDirectory.builder(tmp).interceptor(ranges));
        String text = java.nio.file.Files.readString(corpus).replace("${ldapBaseDn}", TestDirectory.GROUPS);
        Entry read = new com.unboundid.ldif.LDIFReader(new java.io.BufferedReader(new java.io.StringReader(text)))
                .readEntry();
        Entry group = new Entry(read.getDN());
        group.addAttribute("objectClass", "groupOfNames");
        group.addAttribute(read.getAttribute("cn"));
        group.addAttribute(read.getAttribute("member"));
        d.add(group);
        String[] members = group.getAttributeValues("member");
        for (String m : members) {
            String cn = m.substring(3, m.indexOf(','));
            d.add("dn: " + m, "objectClass: inetOrgPerson", "cn: " + cn, "sn: x", "uid: " + cn);
        }
        LdapSourceConfig.Builder b = d.plainConfig().baseDn(TestDirectory.GROUPS).groupDn(group.getDN())
                .pageSize(1000);
        List<DirectoryEntry> entries = source(b).listAll().entries();

        assertEquals(4999, members.length);
        assertEquals(4999, entries.size());
        assertEquals(List.of("member;range=1500-*", "member;range=3000-*", "member;range=4500-*"),
                ranges.rangeRequests);
    }

    // ------------------------------------------------------------------ Active Directory

    static final byte[] GUID_BYTES = ValueCodec.guidBytes("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    static final String NTDS = "cn=NTDS Settings,cn=DC1,ou=Sites," + TestDirectory.BASE;

    /** Emulates AD: a root DSE with highestCommittedUSN and dsServiceName; modifies raise uSNChanged. */
    static final class UsnEmulator extends InMemoryOperationInterceptor {
        final AtomicLong usn = new AtomicLong(1000);

        @Override
        public void processModifyRequest(InMemoryInterceptedModifyRequest r) {
            if (r.getRequest().getDN().toLowerCase().endsWith(TestDirectory.PEOPLE.toLowerCase())) {
                ModifyRequest m = r.getRequest().duplicate();
                m.addModification(new Modification(ModificationType.REPLACE, "uSNChanged",
                        Long.toString(usn.incrementAndGet())));
                r.setRequest(m);
            }
        }

        @Override
        public void processSearchEntry(InMemoryInterceptedSearchEntry e) {
            if (e.getSearchEntry().getDN().isEmpty()) {
                Entry root = e.getSearchEntry().duplicate();
                root.setAttribute("highestCommittedUSN", Long.toString(usn.get()));
                root.setAttribute("dsServiceName", NTDS);
                e.setSearchEntry(root);
            }
        }
    }

    private TestDirectory adDirectory(UsnEmulator usn, byte[] invocation) throws Exception {
        TestDirectory d = start(TestDirectory.builder(tmp).interceptor(usn));
        d.add("dn: ou=Sites," + TestDirectory.BASE, "objectClass: organizationalUnit", "ou: Sites");
        d.add("dn: cn=DC1,ou=Sites," + TestDirectory.BASE, "objectClass: organizationalRole", "cn: DC1");
        Entry ntds = new Entry(NTDS);
        ntds.addAttribute("objectClass", "top", "nTDSDSA");
        ntds.addAttribute("cn", "NTDS Settings");
        ntds.addAttribute("invocationId", invocation);
        d.add(ntds);
        long[] usns = {9, 99, 1000};
        for (int i = 1; i <= 3; i++) {
            Entry u = new Entry("cn=User " + i + "," + TestDirectory.PEOPLE);
            u.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
            u.addAttribute("objectCategory", "person");
            u.addAttribute("cn", "User " + i);
            u.addAttribute("sn", "U" + i);
            u.addAttribute("sAMAccountName", "user" + i);
            u.addAttribute("userPrincipalName", "user" + i + "@corp.example.test");
            u.addAttribute("ipPhone", "20" + i);
            byte[] guid = GUID_BYTES.clone();
            guid[15] = (byte) i;
            u.addAttribute("objectGUID", guid);
            u.addAttribute("userAccountControl", i == 2 ? "514" : "512");
            u.addAttribute("uSNChanged", Long.toString(usns[i - 1]));
            u.addAttribute("memberOf", "CN=Sales,OU=Groups,DC=example,DC=com");
            d.add(u);
        }
        Entry pc = new Entry("cn=PC1," + TestDirectory.PEOPLE);
        pc.addAttribute("objectClass", "top", "person", "organizationalPerson", "user", "computer");
        pc.addAttribute("objectCategory", "computer");
        pc.addAttribute("cn", "PC1");
        pc.addAttribute("sn", "PC1");
        byte[] guid = GUID_BYTES.clone();
        guid[15] = 99;
        pc.addAttribute("objectGUID", guid);
        pc.addAttribute("uSNChanged", "5");
        d.add(pc);
        return d;
    }

    private LdapSourceConfig.Builder adConfig(TestDirectory d) {
        return LdapSourceConfig.activeDirectory().server(d.ldapsUrl("localhost"))
                .trustPemFile(d.certs.certPem).bind(TestDirectory.READER_DN, TestDirectory.READER_PW.toCharArray())
                .baseDn(TestDirectory.BASE);
    }

    @Test
    void activeDirectoryPresetGivesGuidIdsSkipsComputersAndMarksDisabledAccounts() throws Exception {
        UsnEmulator usn = new UsnEmulator();
        byte[] invocation = ValueCodec.guidBytes("11111111-2222-3333-4444-555555555555");
        TestDirectory d = adDirectory(usn, invocation);
        LdapDirectorySource s = source(adConfig(d));
        FullListing listing = s.listAll();
        Map<String, DirectoryEntry> bySam = listing.entries().stream()
                .collect(Collectors.toMap(e -> e.getFirst("sAMAccountName").orElseThrow(), Function.identity()));

        assertEquals(Set.of("user1", "user2", "user3"), bySam.keySet(), "computers are not people");
        assertEquals("6f9619ff-8b86-d011-b42d-00c04fc96401", bySam.get("user1").getId());
        assertEquals(List.of("6f9619ff-8b86-d011-b42d-00c04fc96401"), bySam.get("user1").get("objectGUID"));
        assertFalse(bySam.get("user2").isEnabled());
        assertTrue(bySam.get("user3").isEnabled());
        assertEquals(List.of("201"), bySam.get("user1").get("ipPhone"));
        assertEquals(List.of("Sales"), bySam.get("user1").getGroups());
        assertEquals(Optional.of(new Checkpoint("ad-usn", "11111111-2222-3333-4444-555555555555:1000")),
                listing.checkpoint());
        assertTrue(s.supportsChanges());
    }

    @Test
    void usnChangesListOnlyEntriesChangedSinceTheCheckpointComparedAsIntegers() throws Exception {
        UsnEmulator usn = new UsnEmulator();
        TestDirectory d = adDirectory(usn, ValueCodec.guidBytes("11111111-2222-3333-4444-555555555555"));
        LdapDirectorySource s = source(adConfig(d));
        Checkpoint first = s.listAll().checkpoint().orElseThrow();

        try (LDAPConnection admin = new LDAPConnection("127.0.0.1", d.ldapPort(), TestDirectory.ADMIN_DN,
                TestDirectory.ADMIN_PW)) {
            admin.modify("cn=User 1," + TestDirectory.PEOPLE,
                    new Modification(ModificationType.REPLACE, "ipPhone", "999"));
        }
        ChangeSet changes = s.listChanges(first);
        assertEquals(1, changes.upserts().size(), "uSNChanged 9 and 99 are below 1001 as integers, not as text");
        assertEquals(List.of("999"), changes.upserts().get(0).get("ipPhone"));
        assertEquals(Set.of(), changes.removedIds());
        assertEquals(new Checkpoint("ad-usn", "11111111-2222-3333-4444-555555555555:1001"), changes.next());
        assertTrue(s.listChanges(changes.next()).isEmpty());

        assertThrows(CheckpointExpiredException.class,
                () -> s.listChanges(new Checkpoint("ad-usn", "99999999-2222-3333-4444-555555555555:1000")));
        assertThrows(CheckpointExpiredException.class, () -> s.listChanges(new Checkpoint("ldap-syncrepl", "x")));
        assertThrows(CheckpointExpiredException.class, () -> s.listChanges(new Checkpoint("ad-usn", "garbage")));
    }

    @Test
    void excludingDisabledAccountsAddsTheBitwiseFilter() {
        LdapSourceConfig c = LdapSourceConfig.activeDirectory().server("ldaps://dc1.corp.example.test")
                .baseDn("DC=corp,DC=example,DC=test").excludeDisabledAdAccounts(true).build();
        assertEquals("(&(&(objectCategory=person)(objectClass=user))"
                + "(!(userAccountControl:1.2.840.113556.1.4.803:=2)))", c.effectiveUserFilter().toString());
    }

    @Test
    void theSourceNeverWritesToTheDirectory() throws Exception {
        Interceptors.WriteRecorder recorder = new Interceptors.WriteRecorder();
        UsnEmulator usn = new UsnEmulator();
        TestDirectory d = start(TestDirectory.builder(tmp).interceptor(recorder).interceptor(usn));
        d.add("dn: ou=Sites," + TestDirectory.BASE, "objectClass: organizationalUnit", "ou: Sites");
        d.add("dn: cn=DC1,ou=Sites," + TestDirectory.BASE, "objectClass: organizationalRole", "cn: DC1");
        Entry ntds = new Entry(NTDS);
        ntds.addAttribute("objectClass", "top", "nTDSDSA");
        ntds.addAttribute("invocationId", GUID_BYTES);
        d.add(ntds);
        d.addUsers(15);
        d.add("dn: cn=G," + TestDirectory.GROUPS, "objectClass: groupOfNames", "cn: G", "member: " + user(1),
                "member: " + user(2));
        recorder.writes.clear();
        recorder.searches.set(0);

        LdapDirectorySource plain = source(d.plainConfig().pageSize(4));
        assertEquals(15, plain.listAll().entries().size());
        assertTrue(plain.testConnection().isSuccess());
        assertFalse(plain.supportsChanges());
        assertEquals(2, source(d.plainConfig().groupDn("cn=G," + TestDirectory.GROUPS)).listAll().entries().size());
        LdapDirectorySource ad = source(d.plainConfig().changeTracking(LdapSourceConfig.ChangeTracking.AD_USN)
                .idAttribute("entryUUID").groupNameAttribute("cn"));
        Checkpoint cp = ad.listAll().checkpoint().orElseThrow();
        assertTrue(ad.supportsChanges());
        ad.listChanges(cp);

        assertTrue(recorder.searches.get() > 10, "the recorder saw the source's traffic");
        assertEquals(List.of(), recorder.writes);
    }
}

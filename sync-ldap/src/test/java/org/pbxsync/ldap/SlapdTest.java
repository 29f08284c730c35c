package org.pbxsync.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.ConnectionTestResult;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.directory.FullListing;

/** Against a real OpenLDAP slapd started on 127.0.0.1 by the {@link Slapd} extension. */
class SlapdTest {
    @RegisterExtension
    static final Slapd SLAPD = new Slapd();

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static LdapSourceConfig.Builder config() {
        return LdapSourceConfig.openLdap().server("ldaps://localhost:" + SLAPD.ldapsPort)
                .trustPemFile(SLAPD.certs.certPem).bind(Slapd.READER_DN, Slapd.READER_PW.toCharArray())
                .baseDn(Slapd.PEOPLE);
    }

    @Test
    void readsTenThousandUsersThroughPagingPastTheServerSizeLimit() {
        List<DirectoryEntry> entries = new ArrayList<>(Slapd.PEOPLE_COUNT);
        long t0 = System.nanoTime();
        try (LdapDirectorySource s = LdapDirectorySource.create(config().pageSize(500).build())) {
            s.readAll(entries::add);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.err.println("slapd: read " + entries.size() + " users over LDAPS in pages of 500 in " + millis + " ms");

        assertEquals(Slapd.PEOPLE_COUNT, entries.size());
        assertTrue(Slapd.PEOPLE_COUNT > Slapd.SIZE_LIMIT);
        Set<String> ids = entries.stream().map(DirectoryEntry::getId).collect(Collectors.toSet());
        assertEquals(Slapd.PEOPLE_COUNT, ids.size());
        assertTrue(ids.stream().allMatch(id -> UUID.matcher(id).matches()), "entryUUID ids");
        Set<String> uids = entries.stream().map(e -> e.getFirst("uid").orElseThrow()).collect(Collectors.toSet());
        assertTrue(uids.contains("user00001") && uids.contains("user10000"));
        DirectoryEntry e = entries.stream().filter(x -> x.getFirst("uid").orElseThrow().equals("user00042"))
                .findFirst().orElseThrow();
        assertEquals(List.of("+49 30 100042"), e.get("telephoneNumber"));
        assertEquals(List.of("+49 170 2000042"), e.get("mobile"));
    }

    @Test
    void anUnpagedSearchHitsTheSizeLimitAndFailsInsteadOfReturningPart() {
        try (LdapDirectorySource s = LdapDirectorySource.create(config().pageSize(0).build())) {
            List<DirectoryEntry> seen = new ArrayList<>();
            IncompleteListingException ex = assertThrows(IncompleteListingException.class, () -> s.readAll(seen::add));
            assertTrue(ex.getMessage().contains("size limit"), ex.getMessage());
            assertEquals(0, seen.size());
        }
    }

    @Test
    void startTlsAndLdapsPassTheConnectionTestWithHostNameChecks() {
        try (LdapDirectorySource ldaps = LdapDirectorySource.create(config().build());
                LdapDirectorySource startTls = LdapDirectorySource.create(config()
                        .servers(List.of("ldap://localhost:" + SLAPD.ldapPort)).startTls(true).build());
                LdapDirectorySource badPassword = LdapDirectorySource.create(config()
                        .bind(Slapd.READER_DN, "not-it".toCharArray()).build())) {
            ConnectionTestResult a = ldaps.testConnection();
            assertTrue(a.isSuccess(), a.toString());
            ConnectionTestResult b = startTls.testConnection();
            assertTrue(b.isSuccess(), b.toString());
            assertEquals(List.of("connect", "tls", "bind", "base-dn", "search"),
                    b.checks().stream().map(ConnectionTestResult.Check::name).collect(Collectors.toList()));
            ConnectionTestResult c = badPassword.testConnection();
            assertEquals("bind", c.checks().get(c.checks().size() - 1).name(), c.toString());
            assertTrue(c.summary().contains("refused the credentials"), c.summary());
        }
    }

    @Test
    void contentSyncListsChangesAndDeletionsSinceTheCookie() throws Exception {
        try (LdapDirectorySource s = LdapDirectorySource.create(config().baseDn(Slapd.SYNC).build());
                LDAPConnection root = new LDAPConnection("127.0.0.1", SLAPD.ldapPort, Slapd.ROOT_DN, Slapd.ROOT_PW)) {
            assertTrue(s.supportsChanges());
            FullListing full = s.listAll();
            assertEquals(Slapd.SYNC_COUNT, full.entries().size());
            Checkpoint cp = full.checkpoint().orElseThrow();
            assertEquals("ldap-syncrepl", cp.kind());
            String deletedId = full.entries().stream().filter(e -> e.getFirst("uid").orElseThrow().equals("sync06"))
                    .findFirst().orElseThrow().getId();

            ChangeSet none = s.listChanges(cp);
            assertTrue(none.isEmpty(), "nothing changed yet: " + none.upserts() + " " + none.removedIds());

            root.modify("uid=sync05," + Slapd.SYNC, new Modification(ModificationType.REPLACE, "mobile", "+49 1 5"));
            root.delete("uid=sync06," + Slapd.SYNC);
            root.add("dn: uid=sync99," + Slapd.SYNC, "objectClass: inetOrgPerson", "uid: sync99", "cn: New",
                    "sn: New");
            ChangeSet changes = s.listChanges(none.next());
            assertEquals(Set.of("sync05", "sync99"), changes.upserts().stream()
                    .map(e -> e.getFirst("uid").orElseThrow()).collect(Collectors.toSet()));
            assertEquals(List.of("+49 1 5"), changes.upserts().stream()
                    .filter(e -> e.getFirst("uid").orElseThrow().equals("sync05")).findFirst().orElseThrow()
                    .get("mobile"));
            assertEquals(Set.of(deletedId), changes.removedIds());

            ChangeSet after = s.listChanges(changes.next());
            assertTrue(after.isEmpty(), "nothing changed since: " + after.upserts() + " " + after.removedIds());
        }
    }
}

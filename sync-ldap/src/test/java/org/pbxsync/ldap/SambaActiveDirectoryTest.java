package org.pbxsync.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pbxsync.core.CheckpointExpiredException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.ConnectionTestResult;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.directory.FullListing;
import org.pbxsync.ldap.internal.RangeRetrieval;

/** Against Samba running as an Active Directory domain controller on 127.0.0.1 ({@link SambaDc}). */
class SambaActiveDirectoryTest {
    @RegisterExtension
    static final SambaDc DC = new SambaDc();

    private static LdapSourceConfig.Builder ad() {
        return LdapSourceConfig.activeDirectory().server("ldaps://localhost:636").trustPemFile(DC.certs.certPem)
                .bind(SambaDc.ADMIN, SambaDc.ADMIN_PW.toCharArray()).baseDn(SambaDc.DOMAIN).pageSize(500);
    }

    private static Map<String, DirectoryEntry> bySam(List<DirectoryEntry> entries) {
        return entries.stream().collect(Collectors.toMap(e -> e.getFirst("sAMAccountName").orElseThrow(),
                Function.identity()));
    }

    @Test
    void presetReadsEveryPersonFromTheDomainRootWithGuidsDisabledFlagsAndGroups() throws Exception {
        FullListing listing;
        List<String> warnings;
        try (LdapDirectorySource s = LdapDirectorySource.create(ad().build())) {
            listing = s.listAll();
            warnings = s.lastWarnings();
        }
        Map<String, DirectoryEntry> users = bySam(listing.entries());
        // Administrator, Guest, krbtgt, dns-dc1 from provisioning, our 1600 users and the nested user
        assertEquals(SambaDc.USERS + 5, users.size(), users.keySet().stream().filter(k -> !k.startsWith("user"))
                .collect(Collectors.toList()).toString());
        assertFalse(users.containsKey("PC1$"), "computers are excluded by objectCategory=person");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("ignored continuation references")), warnings.toString());

        assertEquals(DC.ldbGuid("user0001"), users.get("user0001").getId(),
                "objectGUID formatted as Samba's own ldbsearch prints it");
        assertEquals(DC.ldbGuid("Administrator"), users.get("Administrator").getId());
        assertTrue(users.get("user0001").isEnabled());
        assertFalse(users.get("user0010").isEnabled(), "546 has ACCOUNTDISABLE");
        assertFalse(users.get("Guest").isEnabled(), "Samba provisions Guest disabled");
        assertEquals(List.of("Phones"), users.get("user0001").getGroups());
        assertEquals(List.of("Zoë"), users.get("user0001").get("givenName"));
        assertEquals(List.of("2001"), users.get("user0001").get("ipPhone"));
        assertTrue(listing.checkpoint().orElseThrow().value().matches("[0-9a-f-]{36}:[0-9]+"),
                listing.checkpoint().toString());
    }

    @Test
    void groupDirectoryReadsTheLargeGroupAndItsNestedGroup() {
        try (LdapDirectorySource s = LdapDirectorySource.create(ad().groupDn(SambaDc.PHONES)
                .changeTracking(LdapSourceConfig.ChangeTracking.NONE).build())) {
            Map<String, DirectoryEntry> users = bySam(s.listAll().entries());
            assertEquals(SambaDc.USERS + 1, users.size());
            assertTrue(users.containsKey("nested1"));
            assertEquals(List.of("Nested Phones"), users.get("nested1").getGroups());
        }
    }

    @Test
    void explicitRangeRequestsAreCompletedAgainstSamba() throws Exception {
        try (LDAPConnection c = DC.admin()) {
            Entry first = c.getEntry(SambaDc.PHONES, "member;range=0-1499");
            assertTrue(first.getAttribute("member") == null, "Samba answered with a ranged attribute");
            Entry all = RangeRetrieval.complete(c, first);
            assertEquals(SambaDc.USERS + 1, all.getAttributeValues("member").length);
        }
    }

    @Test
    void usnChangesReturnOnlyWhatChangedAndRefuseAnotherDomainController() throws Exception {
        try (LdapDirectorySource s = LdapDirectorySource.create(ad().build()); LDAPConnection admin = DC.admin()) {
            assertTrue(s.supportsChanges());
            Checkpoint cp = s.listAll().checkpoint().orElseThrow();
            admin.modify(SambaDc.userDn(2), new Modification(ModificationType.REPLACE, "ipPhone", "4242"));
            ChangeSet changes = s.listChanges(cp);
            assertEquals(List.of("user0002"), changes.upserts().stream()
                    .map(e -> e.getFirst("sAMAccountName").orElseThrow()).collect(Collectors.toList()));
            assertEquals(List.of("4242"), changes.upserts().get(0).get("ipPhone"));
            assertTrue(s.listChanges(changes.next()).isEmpty());
            String usn = cp.value().substring(cp.value().indexOf(':'));
            assertThrows(CheckpointExpiredException.class,
                    () -> s.listChanges(new Checkpoint("ad-usn", "00000000-0000-0000-0000-000000000001" + usn)));
        }
    }

    @Test
    void connectionTestPassesWithHostNameChecksAndNamesBadCredentials() {
        try (LdapDirectorySource ok = LdapDirectorySource.create(ad().build());
                LdapDirectorySource bad = LdapDirectorySource.create(ad().bind(SambaDc.ADMIN, "wrong".toCharArray())
                        .build())) {
            ConnectionTestResult r = ok.testConnection();
            assertTrue(r.isSuccess(), r.toString());
            ConnectionTestResult b = bad.testConnection();
            assertEquals("bind", b.checks().get(b.checks().size() - 1).name(), b.toString());
        }
    }
}

package org.pbxsync.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.DirectoryEntry;

/** The LDIF source over the shared corpora (third-party files) and over malformed input. */
class LdifDirectorySourceTest {
    @TempDir
    Path tmp;

    private static Path corpus(String name) {
        Path p = Corpus.ldif().resolve(name);
        Corpus.assumePresent(p);
        return p;
    }

    private Path substituted(String name, Map<String, String> replacements) throws Exception {
        String text = Files.readString(corpus(name), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            text = text.replace(r.getKey(), r.getValue());
        }
        Path out = tmp.resolve(Path.of(name).getFileName());
        Files.writeString(out, text, StandardCharsets.UTF_8);
        return out;
    }

    private static List<DirectoryEntry> list(LdifDirectorySource.Builder b) {
        return b.build().listAll().entries();
    }

    @Test
    void openLdapExampleDbGives999PeopleWithTheirPhones() {
        List<DirectoryEntry> all = list(LdifDirectorySource.builder(corpus("openldap/its9282-exampledb.ldif"))
                .useDnAsId());
        assertEquals(999, all.size());
        DirectoryEntry katha = all.get(0);
        assertEquals("cn=Katha Petree, ou=Peons, dc=example,dc=com", katha.getReference());
        assertEquals("cn=katha petree,ou=peons,dc=example,dc=com", katha.getId(), "normalised DN as id");
        assertTrue(all.stream().allMatch(e -> !e.get("telephoneNumber").isEmpty()));
        assertTrue(all.stream().allMatch(DirectoryEntry::isEnabled));
    }

    @Test
    void openLdapTestLdifKeepsBase64SpacesAndResolvesGroupsFromGroupEntries() {
        Map<String, DirectoryEntry> byCn = list(LdifDirectorySource.builder(corpus("openldap/test.ldif")).useDnAsId()
                .userFilter("(objectClass=OpenLDAPperson)")).stream()
                .collect(Collectors.toMap(e -> e.getReference(), Function.identity()));
        assertEquals(10, byCn.size());
        DirectoryEntry barbara = byCn.values().stream()
                .filter(e -> e.getFirst("uid").orElse("").equals("bjensen")).findFirst().orElseThrow();
        assertEquals(List.of(" Jensen "), barbara.get("sn"), "base64 keeps leading and trailing spaces");
        assertFalse(barbara.getGroups().isEmpty(), "groupOfNames/groupOfUniqueNames members get group names");
    }

    /** UnboundID's DN parser is lenient: of the file's 18 "Must Fail" DNs it rejects 9. */
    @Test
    void dnTortureFileFailsNamingEveryMalformedMemberDnAndOnlyThose() {
        IncompleteListingException ex = assertThrows(IncompleteListingException.class,
                () -> list(LdifDirectorySource.builder(corpus("openldap/test-dn.ldif")).useDnAsId()));
        Matcher m = Pattern.compile("group (cn=[^,]+),").matcher(ex.getMessage());
        Set<String> failing = new TreeSet<>();
        while (m.find()) {
            failing.add(m.group(1));
        }
        assertEquals(new TreeSet<>(Set.of("cn=Must Fail 1", "cn=Must Fail 9", "cn=Must Fail 10", "cn=Must Fail 11",
                "cn=Must Fail 12", "cn=Must Fail 13", "cn=Must Fail 14", "cn=Must Fail 15", "cn=Must Fail 17",
                "cn=Should Fail 1", "cn=Should Fail 2")), failing, ex.getMessage());
        assertTrue(ex.getMessage().contains("11 group member value(s) are not valid DNs"), ex.getMessage());
        assertTrue(ex.getMessage().contains("line 68: group cn=Must Fail 1,ou=Groups,dc=example,dc=com member"
                + " 'uid;x-option=jsmith'"), ex.getMessage());
    }

    @Test
    void ldaptiveSpecialCharactersFailOnThePlaceholderAndReadOnceSubstituted() throws Exception {
        IncompleteListingException raw = assertThrows(IncompleteListingException.class,
                () -> list(LdifDirectorySource.builder(corpus("ldaptive/specialChars-2.ldif")).useDnAsId()));
        assertTrue(raw.getMessage().contains("line 1") && raw.getMessage().contains("${ldapBaseDn}"),
                raw.getMessage());

        Map<String, String> base = Map.of("${ldapBaseDn}", "ou=test,dc=example,dc=com");
        DirectoryEntry devil = list(LdifDirectorySource.builder(substituted("ldaptive/specialChars.ldif", base))
                .useDnAsId()).get(0);
        assertEquals(List.of("😈Test😈"), devil.get("givenName"));
        assertEquals(List.of("(Us\\er)*"), devil.get("sn"));
        DirectoryEntry escaped = list(LdifDirectorySource.builder(substituted("ldaptive/specialChars-2.ldif", base))
                .useDnAsId()).get(0);
        assertEquals("cn=Test/User/ #2\\,3\\=4/\\+5\\<6\\>7\\;8,ou=test,dc=example,dc=com", escaped.getReference());
        assertEquals(List.of("Test/User/ #2,3=4/+5<6>7;8"), escaped.get("cn"));
        DirectoryEntry multibyte = list(LdifDirectorySource.builder(substituted("ldaptive/specialChars-4.ldif", base))
                .useDnAsId()).get(0);
        assertEquals(List.of("Raphaël"), multibyte.get("givenName"));
        assertEquals(List.of("Weiß"), multibyte.get("sn"));
    }

    @Test
    void europeanLdifReadsRawUtf8DnsAndLanguageOptionsAndTrailingSpacesAreAPolicy() {
        List<DirectoryEntry> all = list(LdifDirectorySource.builder(corpus("389-ds-base/European.ldif")).useDnAsId());
        assertEquals(353, all.size());
        DirectoryEntry first = all.get(0);
        assertEquals("uid=user0, ou=Ännheimè, o=Çéliné Ändrè", first.getReference());
        assertTrue(first.has("cn;lang-es"));
        assertFalse(first.get("cn;lang-es").equals(first.get("cn")) && first.get("cn").isEmpty());

        IncompleteListingException strict = assertThrows(IncompleteListingException.class,
                () -> list(LdifDirectorySource.builder(corpus("389-ds-base/European.ldif")).useDnAsId()
                        .trailingSpaces(LdifDirectorySource.TrailingSpaces.REJECT)));
        assertTrue(strict.getMessage().contains("line 1: malformed LDIF") && strict.getMessage().contains("trailing space"),
                strict.getMessage());
    }

    @Test
    void openDjExampleReads153EntriesOrFailsAtLine4050WhenTrailingSpacesAreRejected() {
        assertEquals(153, list(LdifDirectorySource.builder(corpus("opendj-Example.ldif")).useDnAsId()).size());
        IncompleteListingException strict = assertThrows(IncompleteListingException.class,
                () -> list(LdifDirectorySource.builder(corpus("opendj-Example.ldif")).useDnAsId()
                        .trailingSpaces(LdifDirectorySource.TrailingSpaces.REJECT)));
        assertTrue(strict.getMessage().contains("line 4050"), strict.getMessage());
    }

    @Test
    void sambaProvisioningUsersAreReadAsActiveDirectoryAccounts() throws Exception {
        IncompleteListingException raw = assertThrows(IncompleteListingException.class,
                () -> list(LdifDirectorySource.builder(corpus("samba/provision_users.ldif")).useDnAsId()));
        assertTrue(raw.getMessage().contains("line 39"), raw.getMessage());

        Path file = substituted("samba/provision_users.ldif", Map.of("${DOMAINDN}", "DC=corp,DC=example,DC=test",
                "${DOMAINSID}", "S-1-5-21-1-2-3", "${ADMINPASS_B64}",
                Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8)),
                "${KRBTGTPASS_B64}", Base64.getEncoder().encodeToString("y".getBytes(StandardCharsets.UTF_8))));
        Map<String, DirectoryEntry> bySam = list(LdifDirectorySource.builder(file).useDnAsId()
                .userFilter("(objectClass=user)")).stream()
                .collect(Collectors.toMap(e -> e.getFirst("sAMAccountName").orElseThrow(), Function.identity()));
        assertEquals(Set.of("Administrator", "Guest", "krbtgt"), bySam.keySet());
        assertTrue(bySam.get("Administrator").isEnabled(), "512");
        assertFalse(bySam.get("Guest").isEnabled(), "66082 has bit 2");
        assertFalse(bySam.get("krbtgt").isEnabled(), "514");
        assertTrue(bySam.get("Administrator").getGroups().contains("Administrators"),
                bySam.get("Administrator").getGroups().toString());
        assertEquals(List.of("S-1-5-21-1-2-3-500"), bySam.get("Administrator").get("objectSid"));
    }

    @Test
    void rangeCorpusHasNoPeopleAndItsUntypedGroupIsNotAGroup() {
        assertEquals(0, list(LdifDirectorySource.builder(corpus("ldaptive/rangeHandlerResults.ldif")).useDnAsId())
                .size());
    }

    @Test
    void malformedLdifFailsWithTheLineNumber() throws Exception {
        Path f = tmp.resolve("bad.ldif");
        Files.writeString(f, String.join("\n",
                "dn: uid=a,dc=example,dc=com", "objectClass: person", "uid: a", "cn: a", "sn: a", "",
                "dn: uid=b,dc=example,dc=com", "objectClass: person", "this line has no colon", "sn: b", ""));
        IncompleteListingException ex = assertThrows(IncompleteListingException.class,
                () -> list(LdifDirectorySource.builder(f).useDnAsId()));
        assertTrue(ex.getMessage().contains("bad.ldif line 7: malformed LDIF") // the record's first line
                && ex.getMessage().contains("does not begin with an attribute name"), ex.getMessage());
    }

    @Test
    void entriesWithoutTheIdAttributeAndChangeRecordsFailNamingTheLine() throws Exception {
        Path f = tmp.resolve("noid.ldif");
        Files.writeString(f, String.join("\n",
                "dn: uid=a,dc=example,dc=com", "objectClass: person", "entryUUID: 5b0a3c0e-0000-4000-8000-000000000001",
                "cn: a", "sn: a", "", "dn: uid=b,dc=example,dc=com", "objectClass: person", "cn: b", "sn: b", ""));
        IncompleteListingException ex = assertThrows(IncompleteListingException.class,
                () -> list(LdifDirectorySource.builder(f)));
        assertTrue(ex.getMessage().contains("line 7") && ex.getMessage().contains("uid=b,dc=example,dc=com has no entryUUID"),
                ex.getMessage());

        Path change = tmp.resolve("change.ldif");
        Files.writeString(change, String.join("\n", "dn: uid=a,dc=example,dc=com", "changetype: delete", ""));
        IncompleteListingException changeEx = assertThrows(IncompleteListingException.class,
                () -> list(LdifDirectorySource.builder(change).useDnAsId()));
        assertTrue(changeEx.getMessage().contains("change record"), changeEx.getMessage());
    }

    @Test
    void aMissingFileIsAConnectionFailureAndTheTestSaysSo() {
        Path missing = tmp.resolve("missing.ldif");
        assertThrows(ConnectionFailedException.class, () -> list(LdifDirectorySource.builder(missing).useDnAsId()));
        assertFalse(LdifDirectorySource.builder(missing).build().testConnection().isSuccess());
        assertEquals(List.of("userFilter: '(broken' is not a valid LDAP filter"),
                LdifDirectorySource.builder(missing).userFilter("(broken").validate());
    }
}

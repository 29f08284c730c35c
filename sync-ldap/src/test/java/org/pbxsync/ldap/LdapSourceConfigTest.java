package org.pbxsync.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.ConfigurationException;

class LdapSourceConfigTest {

    @Test
    void validateReportsEveryProblemAtOnceWithoutTheNetwork() {
        LdapSourceConfig.Builder b = LdapSourceConfig.builder()
                .server("ldaps://dc1.corp.example.test").server("ldap://dc2.corp.example.test").server("http://x")
                .startTls(true).bind("not a dn", null).trustPemFile(Path.of("/nonexistent/ca.pem"))
                .trustAllCertificatesInsecure(true).connectTimeout(Duration.ZERO).poolSize(0).baseDn("")
                .userFilter("(objectClass=user").requireAttributeValue("bad attr", "x").groupDn("cn=G,dc=x")
                .memberAttributes(List.of()).pageSize(-1).idAttribute(" ").attributes(List.of("mail", "no good"))
                .changeTracking(LdapSourceConfig.ChangeTracking.CONTENT_SYNC);
        List<String> problems = b.validate();
        String all = String.join("\n", problems);
        for (String expected : new String[] {"servers: 'http://x' is not an LDAP URL",
            "every server must use the same scheme", "startTls: cannot be combined with ldaps://",
            "bindDn: 'not a dn' is not a valid DN", "bind: a bind DN needs a password",
            "trustPemFile: cannot read /nonexistent/ca.pem", "trustAllCertificatesInsecure: contradicts",
            "connectTimeout: must be positive", "poolSize: must be 1 to 32", "baseDn: required",
            "userFilter: '(objectClass=user' is not a valid LDAP filter",
            "requireAttributeValue: 'bad attr' is not a valid attribute description",
            "memberAttributes: group-directory mode needs at least one member attribute",
            "changeTracking: CONTENT_SYNC cannot see group membership changes", "pageSize: must be 0",
            "idAttribute: required", "attributes: 'no good' is not a valid attribute description"}) {
            assertTrue(all.contains(expected), "missing '" + expected + "' in:\n" + all);
        }
        ConfigurationException ex = assertThrows(ConfigurationException.class, b::build);
        assertEquals(problems, ex.getProblems());
    }

    @Test
    void aMinimalConfigIsValid() {
        assertEquals(List.of(), LdapSourceConfig.builder().server("ldap://127.0.0.1:389").baseDn("dc=example,dc=com")
                .validate());
        assertEquals(List.of("servers: at least one server URL (ldap://host:port or ldaps://host:port) is required"),
                LdapSourceConfig.builder().baseDn("dc=example,dc=com").validate());
        assertEquals(List.of("changeTracking: CONTENT_SYNC reports deletions by entryUUID, so idAttribute must be"
                + " entryUUID (was objectGUID)"), LdapSourceConfig.openLdap().server("ldap://h").baseDn("dc=x")
                .idAttribute("objectGUID").validate());
    }

    @Test
    void toStringRedactsBothPasswords() {
        LdapSourceConfig c = LdapSourceConfig.builder().server("ldaps://dc1.corp.example.test")
                .bind("cn=svc,dc=corp", "Sup3r-Secret!".toCharArray()).baseDn("dc=corp")
                .trustPkcs12File(null, "Trust-Store-Pw".toCharArray()).build();
        String s = c.toString();
        assertFalse(s.contains("Sup3r-Secret!"), s);
        assertFalse(s.contains("Trust-Store-Pw"), s);
        assertTrue(s.contains("bindPassword=<redacted>"), s);
        assertTrue(s.contains("bindDn=cn=svc,dc=corp"), s);
        assertFalse(LdapDirectorySource.create(c).describe().contains("Sup3r-Secret!"));
    }

    @Test
    void thePasswordIsCopiedSoTheCallerMayWipeItsArray() {
        char[] pw = "abc-123".toCharArray();
        LdapSourceConfig c = LdapSourceConfig.builder().server("ldap://h").bind("cn=a", pw).baseDn("dc=x").build();
        java.util.Arrays.fill(pw, 'x');
        assertArrayEquals("abc-123".toCharArray(), c.bindPassword());
    }

    @Test
    void presetsCarryTheDirectoryConventions() {
        LdapSourceConfig ad = LdapSourceConfig.activeDirectory().server("ldaps://dc1.corp.example.test")
                .baseDn("DC=corp,DC=example,DC=test").attributes(List.of("mail", "ipPhone")).build();
        assertEquals("(&(objectCategory=person)(objectClass=user))", ad.effectiveUserFilter().toString());
        assertEquals("objectGUID", ad.idAttribute());
        assertEquals(LdapSourceConfig.ChangeTracking.AD_USN, ad.changeTracking());
        assertEquals(1000, ad.pageSize());
        assertEquals(List.of("mail", "ipPhone", "objectGUID", "userAccountControl", "memberOf", "uSNChanged"),
                List.of(ad.requestedAttributes()), "the mapping's attributes plus what the source needs");
        assertTrue(LdapSourceConfig.AD_ATTRIBUTES.containsAll(List.of("ipPhone", "telephoneNumber", "mobile")));

        LdapSourceConfig ol = LdapSourceConfig.openLdap().server("ldap://h").baseDn("dc=example,dc=com").build();
        assertEquals("(objectClass=inetOrgPerson)", ol.effectiveUserFilter().toString());
        assertEquals("entryUUID", ol.idAttribute());
        assertEquals(LdapSourceConfig.ChangeTracking.CONTENT_SYNC, ol.changeTracking());
        assertFalse(List.of(ol.requestedAttributes()).contains("userAccountControl"));
    }

    @Test
    void groupSearchBaseDefaultsToTheGroupsDomain() {
        assertEquals("dc=corp,dc=example", LdapSourceConfig.builder().server("ldap://h").baseDn("ou=Staff,dc=corp,dc=example")
                .groupDn("cn=Phones,ou=Groups,dc=corp,dc=example").build().groupSearchBase());
        assertEquals("o=Org", LdapSourceConfig.builder().server("ldap://h").baseDn("o=Org")
                .groupDn("cn=Phones,o=Org").build().groupSearchBase());
        assertEquals("ou=G,dc=x", LdapSourceConfig.builder().server("ldap://h").baseDn("dc=x")
                .groupDn("cn=P,dc=x").groupSearchBase("ou=G,dc=x").build().groupSearchBase());
    }
}

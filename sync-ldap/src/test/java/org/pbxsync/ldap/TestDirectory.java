package org.pbxsync.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An UnboundID in-memory directory on 127.0.0.1 with LDAP (StartTLS-capable) and LDAPS listeners. */
final class TestDirectory implements AutoCloseable {
    static final String BASE = "dc=example,dc=com";
    static final String PEOPLE = "ou=People," + BASE;
    static final String GROUPS = "ou=Groups," + BASE;
    static final String ADMIN_DN = "cn=Directory Manager";
    static final String ADMIN_PW = "s3cret-Adm1n!";
    static final String READER_DN = "cn=reader," + BASE;
    static final String READER_PW = "Re@der-pw-93";

    /** Schema additions: AD-like attributes and classes, and an auxiliary class for memberOf. */
    static final String EXTRA_SCHEMA = String.join("\n",
            "dn: cn=schema", "objectClass: top", "objectClass: ldapSubentry", "objectClass: subschema", "cn: schema",
            "attributeTypes: ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
            "attributeTypes: ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
            "attributeTypes: ( 1.2.840.113556.1.4.2 NAME 'objectGUID' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )",
            "attributeTypes: ( 1.2.840.113556.1.4.146 NAME 'objectSid' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )",
            "attributeTypes: ( 1.2.840.113556.1.2.120 NAME 'uSNChanged' EQUALITY integerMatch ORDERING integerOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
            "attributeTypes: ( 1.2.840.113556.1.2.102 NAME 'memberOf' EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )",
            "attributeTypes: ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
            "attributeTypes: ( 1.2.840.113556.1.4.782 NAME 'objectCategory' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
            "attributeTypes: ( 1.2.840.113556.1.4.721 NAME 'ipPhone' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
            "attributeTypes: ( 1.2.840.113556.1.2.115 NAME 'invocationId' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )",
            "objectClasses: ( 1.2.840.113556.1.5.9 NAME 'user' SUP organizationalPerson STRUCTURAL MAY ( sAMAccountName $ userPrincipalName $ objectGUID $ objectSid $ uSNChanged $ memberOf $ userAccountControl $ objectCategory $ ipPhone $ mail $ displayName $ givenName $ mobile $ department $ title ) )",
            "objectClasses: ( 1.2.840.113556.1.3.30 NAME 'computer' SUP user STRUCTURAL )",
            "objectClasses: ( 1.2.840.113556.1.5.8 NAME 'group' SUP top STRUCTURAL MUST cn MAY ( member $ sAMAccountName $ objectGUID $ uSNChanged $ memberOf $ objectCategory $ description ) )",
            "objectClasses: ( 1.2.840.113556.1.5.7000.47 NAME 'nTDSDSA' SUP top STRUCTURAL MAY ( cn $ invocationId ) )",
            "objectClasses: ( 1.3.6.1.4.1.99999.1 NAME 'pbxTestAux' SUP top AUXILIARY MAY ( memberOf $ userAccountControl $ ipPhone ) )",
            "");

    final InMemoryDirectoryServer ds;
    final TestCerts certs;

    private TestDirectory(InMemoryDirectoryServer ds, TestCerts certs) {
        this.ds = ds;
        this.certs = certs;
    }

    static Schema schema() throws Exception {
        return Schema.mergeSchemas(Schema.getDefaultStandardSchema(),
                Schema.getSchema(new ByteArrayInputStream(EXTRA_SCHEMA.getBytes(StandardCharsets.UTF_8))));
    }

    static Builder builder(Path tempDir) {
        return new Builder(tempDir);
    }

    static final class Builder {
        private final Path tempDir;
        private final List<InMemoryOperationInterceptor> interceptors = new ArrayList<>();
        private int maxSizeLimit;
        private TestCerts certs;
        private String[] certNames = {"localhost"};
        private String[] certIps = {"127.0.0.1"};

        Builder(Path tempDir) {
            this.tempDir = tempDir;
        }

        Builder interceptor(InMemoryOperationInterceptor i) {
            interceptors.add(i);
            return this;
        }

        Builder maxSizeLimit(int limit) {
            this.maxSizeLimit = limit;
            return this;
        }

        private TestCerts givenCerts;

        /** Serve this certificate (an expired one, say) instead of a fresh one. */
        Builder certs(TestCerts c) {
            this.givenCerts = c;
            return this;
        }

        /** A certificate naming only these hosts (to prove host name checks). */
        Builder certificateFor(String[] names, String[] ips) {
            this.certNames = names;
            this.certIps = ips;
            return this;
        }

        TestDirectory start() throws Exception {
            certs = givenCerts != null ? givenCerts
                    : TestCerts.generate(tempDir, "server-" + System.nanoTime(), certNames, certIps);
            InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(BASE);
            cfg.addAdditionalBindCredentials(ADMIN_DN, ADMIN_PW);
            cfg.setSchema(schema());
            if (maxSizeLimit > 0) {
                cfg.setMaxSizeLimit(maxSizeLimit);
            }
            SSLUtil serverSsl = new SSLUtil(new KeyStoreKeyManager(certs.pkcs12.toFile(),
                    TestCerts.PASSWORD.toCharArray(), "PKCS12", "server-cert"), null);
            SSLUtil clientSsl = new SSLUtil(new TrustAllTrustManager());
            InetAddress lo = InetAddress.getLoopbackAddress();
            cfg.setListenerConfigs(
                    InMemoryListenerConfig.createLDAPConfig("LDAP", lo, 0, serverSsl.createSSLSocketFactory()),
                    InMemoryListenerConfig.createLDAPSConfig("LDAPS", lo, 0, serverSsl.createSSLServerSocketFactory(),
                            clientSsl.createSSLSocketFactory()));
            interceptors.forEach(cfg::addInMemoryOperationInterceptor);
            InMemoryDirectoryServer ds = new InMemoryDirectoryServer(cfg);
            ds.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
            ds.add("dn: " + PEOPLE, "objectClass: top", "objectClass: organizationalUnit", "ou: People");
            ds.add("dn: " + GROUPS, "objectClass: top", "objectClass: organizationalUnit", "ou: Groups");
            ds.add("dn: " + READER_DN, "objectClass: top", "objectClass: person", "cn: reader", "sn: reader",
                    "userPassword: " + READER_PW);
            ds.startListening();
            return new TestDirectory(ds, certs);
        }
    }

    int ldapPort() {
        return ds.getListenPort("LDAP");
    }

    int ldapsPort() {
        return ds.getListenPort("LDAPS");
    }

    String ldapUrl() {
        return "ldap://127.0.0.1:" + ldapPort();
    }

    String ldapsUrl(String host) {
        return "ldaps://" + host + ":" + ldapsPort();
    }

    /** A config for plain LDAP as the reader, base dc=example,dc=com, people filter. */
    LdapSourceConfig.Builder plainConfig() {
        return LdapSourceConfig.builder().server(ldapUrl()).bind(READER_DN, READER_PW.toCharArray())
                .baseDn(PEOPLE).userFilter("(objectClass=inetOrgPerson)").idAttribute("entryUUID")
                .attributes(List.of("uid", "cn", "sn", "mail", "telephoneNumber", "displayName"));
    }

    void add(String... ldif) throws LDAPException, LDIFException {
        ds.add(ldif);
    }

    void add(Entry e) throws LDAPException {
        ds.add(e);
    }

    /** Adds inetOrgPerson users uid=user0001.. under ou=People. */
    void addUsers(int count) throws LDAPException, LDIFException {
        for (int i = 1; i <= count; i++) {
            String uid = String.format("user%04d", i);
            ds.add("dn: uid=" + uid + "," + PEOPLE, "objectClass: top", "objectClass: person",
                    "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "uid: " + uid,
                    "cn: User " + i, "sn: " + i, "mail: " + uid + "@example.com",
                    "telephoneNumber: +1 555 " + String.format("%04d", i));
        }
    }

    @Override
    public void close() {
        ds.shutDown(true);
    }
}

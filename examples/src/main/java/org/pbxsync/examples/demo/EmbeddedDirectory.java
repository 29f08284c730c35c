package org.pbxsync.examples.demo;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * An UnboundID in-memory LDAP server listening on 127.0.0.1 (a free port), with an Active
 * Directory-like schema, loaded with a {@link SampleDirectory}. Anonymous reads are allowed; it
 * is for demonstrations and tests only.
 */
public final class EmbeddedDirectory implements AutoCloseable {
    private final InMemoryDirectoryServer server;

    private EmbeddedDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    /**
     * Starts a server and loads the sample.
     *
     * @param sample the directory content
     * @return the running server
     * @throws IllegalStateException if the server cannot start
     */
    public static EmbeddedDirectory start(SampleDirectory sample) {
        return start(sample, null, null);
    }

    /**
     * Starts a server with one extra bind identity and loads the sample.
     *
     * @param sample the directory content
     * @param bindDn a DN that may bind, or null
     * @param password its password, or null
     * @return the running server
     * @throws IllegalStateException if the server cannot start
     */
    public static EmbeddedDirectory start(SampleDirectory sample, String bindDn, String password) {
        try {
            InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(SampleDirectory.BASE_DN);
            if (bindDn != null) {
                cfg.addAdditionalBindCredentials(bindDn, password);
            }
            cfg.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), Schema.getSchema(
                    new ByteArrayInputStream(SampleDirectory.adSchemaLdif().getBytes(StandardCharsets.UTF_8)))));
            cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("LDAP", InetAddress.getLoopbackAddress(),
                    0, null));
            cfg.setAccessLogHandler(null);
            InMemoryDirectoryServer ds = new InMemoryDirectoryServer(cfg);
            for (Entry e : sample.entries()) {
                ds.add(e);
            }
            ds.startListening();
            return new EmbeddedDirectory(ds);
        } catch (LDAPException | IOException | com.unboundid.ldif.LDIFException e) {
            throw new IllegalStateException("cannot start the embedded directory: " + e.getMessage(), e);
        }
    }

    /** @return the server's URL, {@code ldap://127.0.0.1:<port>} */
    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort("LDAP");
    }

    /**
     * Replaces attribute values of one entry, as an administrator would.
     *
     * @param dn the entry
     * @param attribute the attribute
     * @param values the new values; none removes the attribute
     */
    public void replace(String dn, String attribute, String... values) {
        try {
            server.modify(dn, List.of(new Modification(com.unboundid.ldap.sdk.ModificationType.REPLACE, attribute,
                    values)));
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot modify " + dn + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds one entry.
     *
     * @param entry the entry
     */
    public void add(Entry entry) {
        try {
            server.add(entry);
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot add " + entry.getDN() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes one entry.
     *
     * @param dn the entry
     */
    public void delete(String dn) {
        try {
            server.delete(dn);
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot delete " + dn + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the whole directory to an LDIF file, so it can be used with {@code source = ldif}.
     *
     * @param file the file to write
     * @throws IOException if it cannot be written
     */
    public void exportLdif(Path file) throws IOException {
        try (LDIFWriter w = new LDIFWriter(file.toFile())) {
            for (Entry e : server.search(SampleDirectory.BASE_DN, com.unboundid.ldap.sdk.SearchScope.SUB,
                    "(objectClass=*)").getSearchEntries()) {
                w.writeEntry(e);
            }
        } catch (LDAPException e) {
            throw new IOException("cannot export the directory: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}

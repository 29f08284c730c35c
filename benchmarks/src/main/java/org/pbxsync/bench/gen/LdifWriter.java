package org.pbxsync.bench.gen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pbxsync.bench.gen.DirectoryGenerator.Shape;
import org.pbxsync.core.directory.DirectoryEntry;

/**
 * Writes a generated directory as LDIF. For the OpenLDAP shape the output loads into slapd with
 * the core, cosine, nis and inetorgperson schemas under {@value DirectoryGenerator#LDAP_BASE}
 * ({@code slapadd -q -l FILE}); users carry their generated {@code entryUUID}, so ids match
 * {@link DirectoryGenerator#id(int)}. Groups are {@code groupOfNames} with member DNs, nested
 * three levels. The Active Directory shape writes the same structure with AD attribute names (for
 * LDIF-file sources; slapd has no AD schema).
 */
public final class LdifWriter {
    private final DirectoryGenerator g;
    private boolean groups = true;
    private boolean baseEntries = true;

    public LdifWriter(DirectoryGenerator generator) {
        this.g = generator;
    }

    /** @param include whether to write group entries (default true; large directories load faster without) */
    public LdifWriter groups(boolean include) {
        this.groups = include;
        return this;
    }

    /** @param include whether to write the suffix and the organizational units (default true) */
    public LdifWriter baseEntries(boolean include) {
        this.baseEntries = include;
        return this;
    }

    /** Writes to {@code file} in UTF-8. */
    public void write(Path file) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            write(w);
        }
    }

    /** Writes to {@code w}; does not close it. */
    public void write(Writer w) throws IOException {
        boolean ad = g.shape() == Shape.ACTIVE_DIRECTORY;
        String base = ad ? DirectoryGenerator.AD_BASE : DirectoryGenerator.LDAP_BASE;
        if (baseEntries) {
            if (ad) {
                entry(w, base, List.of("objectClass: top", "objectClass: domain", "dc: corp"));
            } else {
                entry(w, base, List.of("objectClass: dcObject", "objectClass: organization", "dc: example", "o: Example"));
            }
            for (String ou : new String[] {"People", "Groups"}) {
                String name = ad && ou.equals("People") ? "Users" : ou;
                entry(w, (ad ? "OU=" : "ou=") + name + "," + base, List.of("objectClass: organizationalUnit", "ou: " + name));
            }
        }
        for (int i = 0; i < g.indexCount(); i++) {
            if (g.isPresent(i)) {
                user(w, g.user(i), ad);
            }
        }
        if (groups) {
            writeGroups(w, ad);
        }
    }

    private void user(Writer w, GeneratedUser u, boolean ad) throws IOException {
        DirectoryEntry e = u.toEntry();
        line(w, "dn", e.getReference());
        if (ad) {
            w.write("objectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\n");
            line(w, "objectGUID", e.getId());
            line(w, "userAccountControl", e.isEnabled() ? "512" : "514");
        } else {
            w.write("objectClass: inetOrgPerson\n");
            line(w, "entryUUID", e.getId());
        }
        for (String name : e.getAttributeNames()) {
            for (String v : e.get(name)) {
                line(w, name, v);
            }
        }
        if (ad) {
            for (String group : u.groups()) {
                line(w, "memberOf", g.groupDn(group));
            }
        }
        w.write('\n');
    }

    private void writeGroups(Writer w, boolean ad) throws IOException {
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (String name : DirectoryGenerator.groupNames()) {
            members.put(name, new ArrayList<>());
        }
        for (String dept : DirectoryGenerator.DEPARTMENTS) {
            members.get(dept.substring(0, dept.lastIndexOf(' '))).add(g.groupDn(dept));
        }
        for (String div : DirectoryGenerator.DIVISIONS) {
            members.get("All Departments").add(g.groupDn(div));
        }
        for (int i = 0; i < g.indexCount(); i++) {
            if (g.isPresent(i)) {
                GeneratedUser u = g.user(i);
                String dn = u.dn();
                for (String group : u.groups()) {
                    members.get(group).add(dn);
                }
            }
        }
        for (Map.Entry<String, List<String>> e : members.entrySet()) {
            line(w, "dn", g.groupDn(e.getKey()));
            w.write(ad ? "objectClass: top\nobjectClass: group\n" : "objectClass: groupOfNames\n");
            line(w, "cn", e.getKey());
            if (e.getValue().isEmpty()) {
                line(w, "member", ad ? "CN=Nobody," + DirectoryGenerator.AD_BASE : "cn=nobody," + DirectoryGenerator.LDAP_BASE);
            }
            for (String m : e.getValue()) {
                line(w, "member", m);
            }
            w.write('\n');
        }
    }

    private static void entry(Writer w, String dn, List<String> lines) throws IOException {
        line(w, "dn", dn);
        for (String l : lines) {
            w.write(l);
            w.write('\n');
        }
        w.write('\n');
    }

    static void line(Writer w, String name, String value) throws IOException {
        w.write(name);
        if (needsBase64(value)) {
            w.write(":: ");
            w.write(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        } else {
            w.write(": ");
            w.write(value);
        }
        w.write('\n');
    }

    static boolean needsBase64(String v) {
        if (v.isEmpty()) {
            return false;
        }
        char first = v.charAt(0);
        if (first == ' ' || first == ':' || first == '<' || v.charAt(v.length() - 1) == ' ') {
            return true;
        }
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c < 32 || c > 126) {
                return true;
            }
        }
        return false;
    }
}

package org.pbxsync.bench.gen;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.pbxsync.bench.gen.DirectoryGenerator.BadValue;
import org.pbxsync.bench.gen.DirectoryGenerator.Shape;
import org.pbxsync.core.directory.DirectoryEntry;

/**
 * One generated user, computed from the generator's seed, its index and its version. Values are
 * computed on each call; the object holds only the generator and the index.
 */
public final class GeneratedUser {
    private final DirectoryGenerator g;
    private final int index;
    private final int version;
    private final BadValue bad;

    GeneratedUser(DirectoryGenerator g, int index) {
        this.g = g;
        this.index = index;
        this.version = g.version(index);
        this.bad = g.badValue(index);
    }

    public int index() {
        return index;
    }

    public int version() {
        return version;
    }

    public BadValue badValue() {
        return bad;
    }

    public String id() {
        return g.id(index);
    }

    public boolean isDisabled() {
        return g.isDisabled(index);
    }

    public String givenName() {
        return DirectoryGenerator.FIRST[g.pick(1, index, DirectoryGenerator.FIRST.length)];
    }

    public String surname() {
        return DirectoryGenerator.LAST[g.pick(2, index, DirectoryGenerator.LAST.length)];
    }

    public String displayName() {
        String dn = givenName() + " " + surname();
        return bad == BadValue.INVALID_CHARACTERS ? dn + "\u0001" : dn;
    }

    /** @return the account name (sAMAccountName / uid): unique unless the bad value duplicates it */
    public String accountName() {
        int i = bad == BadValue.DUPLICATE_NAME ? index - 1 : index;
        return accountName(g, i);
    }

    static String accountName(DirectoryGenerator g, int i) {
        String given = DirectoryGenerator.FIRST[g.pick(1, i, DirectoryGenerator.FIRST.length)];
        String sn = DirectoryGenerator.LAST[g.pick(2, i, DirectoryGenerator.LAST.length)];
        return ascii(given.substring(0, 1)) + ascii(sn) + i;
    }

    private static String ascii(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(n.length());
        for (int k = 0; k < n.length(); k++) {
            char c = n.charAt(k);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.length() == 0 ? "x" : b.toString();
    }

    public String userPrincipalName() {
        return accountName() + "@" + DirectoryGenerator.MAIL_DOMAIN;
    }

    public String mail() {
        return userPrincipalName();
    }

    /** @return the extension (ipPhone): 7 digits, unique unless the bad value duplicates it */
    public String extension() {
        int i = bad == BadValue.DUPLICATE_EXTENSION ? index - 1 : index;
        return Integer.toString(1_000_000 + i);
    }

    public String telephoneNumber() {
        return "+49 30 " + extension();
    }

    public String mobile() {
        return "+49 170 " + (1_000_000 + index) + (version == 0 ? "" : " " + version);
    }

    public String department() {
        return DirectoryGenerator.DEPARTMENTS[g.pick(3, index, DirectoryGenerator.DEPARTMENTS.length)];
    }

    public String division() {
        String d = department();
        return d.substring(0, d.lastIndexOf(' '));
    }

    public String location() {
        return DirectoryGenerator.LOCATIONS[g.pick(4, index, DirectoryGenerator.LOCATIONS.length)];
    }

    public String title() {
        return DirectoryGenerator.TITLES[(g.pick(5, index, DirectoryGenerator.TITLES.length) + version)
                % DirectoryGenerator.TITLES.length];
    }

    /** @return a 6-digit login code, or letters and digits if the bad value says so */
    public String loginCode() {
        String code = Integer.toString(100_000 + g.pick(6, index, 900_000));
        return bad == BadValue.NON_NUMERIC_CODE ? code.substring(0, 3) + "ab" : code;
    }

    /** @return the names of the groups the user is a direct member of */
    public List<String> groups() {
        List<String> out = new ArrayList<>(3);
        out.add(department());
        out.add("Site " + location());
        if (index % 2 == 0) {
            out.add("All Staff");
        }
        return out;
    }

    /** @return the entry's DN */
    public String dn() {
        return g.shape() == Shape.ACTIVE_DIRECTORY
                ? "CN=" + escapeDn(commonName()) + ",OU=Users," + DirectoryGenerator.AD_BASE
                : "cn=" + escapeDn(commonName()) + ",ou=People," + DirectoryGenerator.LDAP_BASE;
    }

    /** @return the common name (the RDN value): given name, surname and index, always unique */
    public String commonName() {
        return givenName() + " " + surname() + " " + index;
    }

    static String escapeDn(String v) {
        StringBuilder b = new StringBuilder(v.length() + 4);
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (",+\"\\<>;=".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** @return the entry as an LDAP source would give it (attribute names of the shape) */
    public DirectoryEntry toEntry() {
        DirectoryEntry.Builder b = DirectoryEntry.builder(id(), dn());
        if (g.shape() == Shape.ACTIVE_DIRECTORY) {
            b.enabled(!isDisabled())
                    .add("sAMAccountName", accountName())
                    .add("userPrincipalName", userPrincipalName())
                    .add("cn", commonName())
                    .add("displayName", displayName())
                    .add("givenName", givenName())
                    .add("sn", surname())
                    .add("mail", mail())
                    .add("ipPhone", extension())
                    .add("telephoneNumber", telephoneNumber())
                    .add("mobile", mobile())
                    .add("department", department())
                    .add("title", title())
                    .add("extensionAttribute1", loginCode());
        } else {
            b.add("uid", accountName())
                    .add("cn", commonName())
                    .add("displayName", displayName())
                    .add("givenName", givenName())
                    .add("sn", surname())
                    .add("mail", mail())
                    .add("telephoneNumber", extension())
                    .add("mobile", mobile())
                    .add("departmentNumber", department())
                    .add("title", title())
                    .add("employeeNumber", loginCode());
        }
        b.groups(groups());
        return b.build();
    }

    @Override
    public String toString() {
        return "GeneratedUser{" + index + " v" + version + " " + accountName() + (bad == BadValue.NONE ? "" : " " + bad)
                + "}";
    }
}

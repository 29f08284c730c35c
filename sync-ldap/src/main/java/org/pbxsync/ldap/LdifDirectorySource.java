package org.pbxsync.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.ldif.TrailingSpaceBehavior;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.ConnectionTestResult;
import org.pbxsync.core.directory.ConnectionTestResult.Check;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.directory.DirectorySource;
import org.pbxsync.ldap.internal.EntryConverter;

/**
 * A {@link DirectorySource} over an LDIF export (RFC 2849), so an administrator can preview a
 * sync against an export without touching the live directory. Read with UnboundID's LDIF reader;
 * entries become {@link DirectoryEntry} values exactly as {@link LdapDirectorySource} makes them
 * (same id, binary, {@code userAccountControl} and group-name rules).
 *
 * <p>Scope: entries under the optional base DN that match the user filter. Groups: from the
 * memberOf attribute when an entry has it; otherwise, when {@link Builder#groupsFromGroupEntries}
 * is on (default), from the group entries in the same file whose member attributes list the
 * entry (direct membership).
 *
 * <p>Lines ending in spaces: see {@link TrailingSpaces}; stripped by default. {@code uniqueMember}
 * values are read with their Name And Optional UID syntax ({@code dn#'0101'B}).
 *
 * <p>Failures: a malformed file fails the listing with {@link IncompleteListingException} naming
 * the file and line; so does a member value of a group entry that is not a valid DN (the
 * memberships computed from the file would be wrong), an entry in scope without the id
 * attribute, and a change record. Every invalid member value in the file is listed, not just the
 * first. A file that cannot be opened gives {@link ConnectionFailedException}.
 *
 * <p>No incremental listings. Thread-safe: each listing reads the file afresh.
 */
public final class LdifDirectorySource implements DirectorySource {
    private static final java.util.regex.Pattern OPTIONAL_UID = java.util.regex.Pattern.compile("^(.*)#'[01]*'B$");

    /** What to do with a value line that ends with a space (RFC 2849 leaves it ambiguous). */
    public enum TrailingSpaces {
        /** Remove trailing spaces (default; what most exports mean). */
        STRIP,
        /** Keep them as part of the value. */
        KEEP,
        /** Fail the listing naming the line. */
        REJECT
    }

    private final Path file;
    private final String idAttribute;
    private final DN baseDn;
    private final Filter userFilter;
    private final Filter groupFilter;
    private final List<String> memberAttributes;
    private final boolean groupsFromGroupEntries;
    private final EntryConverter converter;
    private final TrailingSpaces trailingSpaces;

    private LdifDirectorySource(Builder b) {
        this.trailingSpaces = b.trailingSpaces;
        this.file = b.file;
        this.idAttribute = b.idAttribute;
        try {
            this.baseDn = b.baseDn == null ? null : new DN(b.baseDn);
            this.userFilter = Filter.create(b.userFilter);
            this.groupFilter = Filter.create(b.groupFilter);
        } catch (LDAPException e) {
            throw new ConfigurationException(e.getMessage());
        }
        this.memberAttributes = List.copyOf(b.memberAttributes);
        this.groupsFromGroupEntries = b.groupsFromGroupEntries;
        this.converter = new EntryConverter(b.idAttribute, b.userAccountControl, b.memberOfAttribute,
                EntryConverter::firstRdnValue);
    }

    /**
     * @param file the LDIF file; not null
     * @return a builder with defaults: id {@code entryUUID}, filter {@code (objectClass=person)},
     *     no base DN (the whole file), {@code userAccountControl} honoured, groups from
     *     {@code memberOf} or from the file's group entries
     */
    public static Builder builder(Path file) {
        return new Builder(Objects.requireNonNull(file, "file"));
    }

    @Override
    public String describe() {
        return "LDIF " + file + (baseDn == null ? "" : " " + baseDn) + " " + userFilter;
    }

    @Override
    public Optional<Checkpoint> readAll(Consumer<? super DirectoryEntry> sink) {
        Objects.requireNonNull(sink, "sink");
        Map<String, List<String>> groupsOfMember = groupsFromGroupEntries ? groupMemberships() : Map.of();
        read(entry -> {
            if (inScope(entry)) {
                List<String> groups = groupsOfMember.getOrDefault(normalized(entry.entry), List.of());
                DirectoryEntry converted;
                try {
                    converted = converter.convert(entry.entry, groups);
                } catch (IncompleteListingException e) {
                    throw new IncompleteListingException(file + " line " + entry.line + ": " + e.getMessage(), e);
                }
                sink.accept(converted);
            }
        });
        return Optional.empty();
    }

    @Override
    public ConnectionTestResult testConnection() {
        if (!Files.isReadable(file)) {
            return new ConnectionTestResult(List.of(Check.failed("file", "cannot read " + file)));
        }
        int[] count = {0};
        try {
            read(e -> count[0]++);
        } catch (RuntimeException e) {
            return new ConnectionTestResult(List.of(Check.ok("file", file + " is readable"),
                    Check.failed("parse", e.getMessage())));
        }
        return new ConnectionTestResult(List.of(Check.ok("file", file + " is readable"),
                Check.ok("parse", count[0] + " entries parsed")));
    }

    private boolean inScope(Located e) {
        try {
            return (baseDn == null || e.entry.getParsedDN().isDescendantOf(baseDn, true))
                    && userFilter.matchesEntry(e.entry);
        } catch (LDAPException ex) {
            throw new IncompleteListingException(file + " line " + e.line + ": entry '" + e.entry.getDN()
                    + "' cannot be evaluated: " + ex.getMessage(), ex);
        }
    }

    private Map<String, List<String>> groupMemberships() {
        Map<String, List<String>> result = new HashMap<>();
        List<String> problems = new ArrayList<>();
        read(e -> {
            boolean group;
            try {
                group = groupFilter.matchesEntry(e.entry);
            } catch (LDAPException ex) {
                group = false;
            }
            if (!group) {
                return;
            }
            String name;
            try {
                name = EntryConverter.firstRdnValue(e.entry.getDN());
            } catch (IllegalArgumentException ex) {
                problems.add("line " + e.line + ": group '" + e.entry.getDN() + "' has an invalid DN ("
                        + ex.getMessage() + ")");
                return;
            }
            for (String attr : memberAttributes) {
                String[] values = e.entry.getAttributeValues(attr);
                if (values == null) {
                    continue;
                }
                for (String v : values) {
                    try {
                        String key = new DN(withoutOptionalUid(attr, v)).toNormalizedString();
                        List<String> gs = result.computeIfAbsent(key, k -> new ArrayList<>());
                        if (!gs.contains(name)) {
                            gs.add(name);
                        }
                    } catch (LDAPException ex) {
                        problems.add("line " + e.line + ": group " + e.entry.getDN() + " " + attr + " '" + v
                                + "' is not a valid DN (" + ex.getMessage() + ")");
                    }
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new IncompleteListingException(file + ": " + problems.size()
                    + " group member value(s) are not valid DNs, so group memberships cannot be computed:\n  "
                    + String.join("\n  ", problems));
        }
        return result;
    }

    /** {@code uniqueMember} has the Name And Optional UID syntax: a DN, optionally {@code #'0101'B}. */
    private static String withoutOptionalUid(String attribute, String value) {
        if (attribute.equalsIgnoreCase("uniqueMember")) {
            java.util.regex.Matcher m = OPTIONAL_UID.matcher(value);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return value;
    }

    private String normalized(Entry e) {
        try {
            return e.getParsedDN().toNormalizedString();
        } catch (LDAPException ex) {
            return e.getDN();
        }
    }

    private static final class Located {
        final Entry entry;
        final long line;

        Located(Entry entry, long line) {
            this.entry = entry;
            this.line = line;
        }
    }

    private void read(Consumer<Located> each) {
        long[] firstLine = {0};
        try (InputStream in = Files.newInputStream(file);
                LDIFReader reader = new LDIFReader(in, 0, (entry, line) -> {
                    firstLine[0] = line;
                    return entry;
                })) {
            reader.setTrailingSpaceBehavior(trailingSpaces == TrailingSpaces.STRIP ? TrailingSpaceBehavior.STRIP
                    : trailingSpaces == TrailingSpaces.KEEP ? TrailingSpaceBehavior.RETAIN : TrailingSpaceBehavior.REJECT);
            while (true) {
                Entry e;
                try {
                    e = reader.readEntry();
                } catch (LDIFException ex) {
                    throw new IncompleteListingException(file + " line " + ex.getLineNumber() + ": malformed LDIF: "
                            + ex.getMessage(), ex);
                }
                if (e == null) {
                    return;
                }
                if (e.hasAttribute("changetype")) {
                    throw new IncompleteListingException(file + " line " + firstLine[0] + ": the record for '"
                            + e.getDN() + "' is a change record (changetype); an export must hold entries only");
                }
                each.accept(new Located(e, firstLine[0]));
            }
        } catch (IOException ex) {
            throw new ConnectionFailedException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Builds an {@link LdifDirectorySource}. Not thread-safe. */
    public static final class Builder {
        private final Path file;
        private String idAttribute = "entryUUID";
        private String baseDn;
        private String userFilter = "(objectClass=person)";
        private String groupFilter = LdapSourceConfig.DEFAULT_GROUP_FILTER;
        private List<String> memberAttributes = List.of("member", "uniqueMember");
        private boolean userAccountControl = true;
        private String memberOfAttribute = "memberOf";
        private boolean groupsFromGroupEntries = true;
        private TrailingSpaces trailingSpaces = TrailingSpaces.STRIP;

        private Builder(Path file) {
            this.file = file;
        }

        /**
         * @param attribute the id attribute ({@code entryUUID}, {@code objectGUID}, ...)
         * @return this builder
         */
        public Builder idAttribute(String attribute) {
            this.idAttribute = attribute;
            return this;
        }

        /**
         * Uses the normalised DN as the id, for exports without UUIDs. Such ids change when an
         * entry is renamed or moved, so a sync would see a removal and an addition.
         *
         * @return this builder
         */
        public Builder useDnAsId() {
            this.idAttribute = EntryConverter.DN_ID;
            return this;
        }

        /**
         * @param dn only entries at or below this DN; null for the whole file
         * @return this builder
         */
        public Builder baseDn(String dn) {
            this.baseDn = dn;
            return this;
        }

        /**
         * @param filter LDAP filter selecting users, evaluated on each entry
         * @return this builder
         */
        public Builder userFilter(String filter) {
            this.userFilter = filter;
            return this;
        }

        /**
         * @param filter recognises group entries
         * @return this builder
         */
        public Builder groupFilter(String filter) {
            this.groupFilter = filter;
            return this;
        }

        /**
         * @param names member attributes of group entries
         * @return this builder
         */
        public Builder memberAttributes(List<String> names) {
            this.memberAttributes = List.copyOf(names);
            return this;
        }

        /**
         * @param use whether {@code userAccountControl} bit 2 marks an entry disabled
         * @return this builder
         */
        public Builder userAccountControl(boolean use) {
            this.userAccountControl = use;
            return this;
        }

        /**
         * @param attribute attribute listing group DNs, or null for none
         * @return this builder
         */
        public Builder memberOfAttribute(String attribute) {
            this.memberOfAttribute = attribute;
            return this;
        }

        /**
         * @param use whether group entries in the file supply group names for entries without
         *     memberOf values
         * @return this builder
         */
        public Builder groupsFromGroupEntries(boolean use) {
            this.groupsFromGroupEntries = use;
            return this;
        }

        /**
         * @param policy what a value line ending in a space means; default {@link TrailingSpaces#STRIP}
         * @return this builder
         */
        public Builder trailingSpaces(TrailingSpaces policy) {
            this.trailingSpaces = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** @return every problem with the settings, without reading the file */
        public List<String> validate() {
            List<String> p = new ArrayList<>();
            if (idAttribute == null || idAttribute.isBlank()) {
                p.add("idAttribute: required");
            }
            if (baseDn != null && !DN.isValidDN(baseDn)) {
                p.add("baseDn: '" + baseDn + "' is not a valid DN");
            }
            for (String[] f : new String[][] {{"userFilter", userFilter}, {"groupFilter", groupFilter}}) {
                try {
                    Filter.create(f[1]);
                } catch (LDAPException | NullPointerException e) {
                    p.add(f[0] + ": '" + f[1] + "' is not a valid LDAP filter");
                }
            }
            return p;
        }

        /**
         * @return the source
         * @throws ConfigurationException with every problem {@link #validate()} finds
         */
        public LdifDirectorySource build() {
            List<String> p = validate();
            if (!p.isEmpty()) {
                throw new ConfigurationException(p);
            }
            return new LdifDirectorySource(this);
        }
    }
}

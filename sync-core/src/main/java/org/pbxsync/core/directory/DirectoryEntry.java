package org.pbxsync.core.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One person as a directory source read it: a stable id, a display reference, multi-valued
 * attributes, an enabled flag and group memberships. Immutable and thread-safe.
 *
 * <h2>Attribute names</h2>
 * Attribute descriptions follow LDAP: a base name plus optional {@code ;}-separated options,
 * for example {@code cn;lang-fr}. Look-ups ignore case and the order of options:
 * {@code get("CN;Lang-FR")} finds values stored as {@code cn;lang-fr}. A look-up matches the
 * description exactly: {@code get("cn")} returns the values of {@code cn} without options and
 * not those of {@code cn;lang-fr}. Values keep the order the source gave.
 *
 * <h2>Values</h2>
 * Values are strings. Sources turn binary values into text before they get here (for example
 * {@code objectGUID} into the standard GUID form; other binary values into base64), and say
 * so in their documentation.
 */
public final class DirectoryEntry {
    private final String id;
    private final String reference;
    private final boolean enabled;
    private final Map<String, Attribute> attributes;
    private final List<String> groups;

    private DirectoryEntry(Builder b) {
        this.id = b.id;
        this.reference = b.reference;
        this.enabled = b.enabled;
        Map<String, Attribute> copy = new LinkedHashMap<>(b.attributes.size() * 4 / 3 + 1);
        for (Map.Entry<String, Attribute> e : b.attributes.entrySet()) {
            Attribute a = e.getValue();
            copy.put(e.getKey(), new Attribute(a.name, List.copyOf(a.values)));
        }
        this.attributes = Collections.unmodifiableMap(copy);
        this.groups = List.copyOf(b.groups);
    }

    /**
     * Starts a builder.
     *
     * @param id the stable id the source gives this person (objectGUID, entryUUID, Graph id);
     *     not null or blank
     * @param reference what an administrator recognises the entry by (DN or UPN); not null
     * @return a new builder; not thread-safe
     * @throws IllegalArgumentException if id is blank
     * @throws NullPointerException if id or reference is null
     */
    public static Builder builder(String id, String reference) {
        return new Builder(id, reference);
    }

    /** @return the stable id; never null or blank */
    public String getId() {
        return id;
    }

    /** @return the DN, UPN or other reference shown to administrators; never null */
    public String getReference() {
        return reference;
    }

    /** @return false when the directory marks the account disabled; defaults to true */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * @return the names of the groups this person is a member of, as the source resolved them
     *     (directly or transitively, as the source documents), in the source's order; never null
     */
    public List<String> getGroups() {
        return groups;
    }

    /**
     * @param attributeDescription an attribute name with optional options; case-insensitive;
     *     not null
     * @return the values, in the source's order; empty (never null) when absent
     */
    public List<String> get(String attributeDescription) {
        Attribute a = attributes.get(normalize(attributeDescription));
        return a == null ? List.of() : a.values;
    }

    /**
     * @param attributeDescription an attribute name; case-insensitive; not null
     * @return the first value, or empty when the attribute is absent
     */
    public Optional<String> getFirst(String attributeDescription) {
        List<String> v = get(attributeDescription);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /**
     * @param attributeDescription an attribute name; case-insensitive; not null
     * @return whether the entry has at least one value for it
     */
    public boolean has(String attributeDescription) {
        return attributes.containsKey(normalize(attributeDescription));
    }

    /** @return the attribute descriptions as the source spelled them, in the source's order */
    public Set<String> getAttributeNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Attribute a : attributes.values()) {
            names.add(a.name);
        }
        return Collections.unmodifiableSet(names);
    }

    /** @return a builder holding this entry's data, for derived copies */
    public Builder toBuilder() {
        Builder b = new Builder(id, reference).enabled(enabled).groups(groups);
        for (Attribute a : attributes.values()) {
            b.put(a.name, a.values);
        }
        return b;
    }

    /**
     * Normalises an attribute description for comparison: lower case, options sorted.
     *
     * @param description an attribute description such as {@code CN;Lang-FR}; not null
     * @return the normalised form, such as {@code cn;lang-fr}
     */
    public static String normalize(String description) {
        Objects.requireNonNull(description, "attribute description");
        String known = NORMALIZED.get(description);
        if (known != null) {
            return known;
        }
        String normalized = normalizeUncached(description);
        if (NORMALIZED.size() < NORMALIZED_LIMIT) {
            NORMALIZED.putIfAbsent(description, normalized);
        }
        return normalized;
    }

    /**
     * Attribute descriptions seen so far and their normalised forms. Directories use a few dozen
     * names, so each entry's keys share one string per name, and the lower-casing is done once.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> NORMALIZED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int NORMALIZED_LIMIT = 4096;

    private static String normalizeUncached(String description) {
        String lower = description.trim().toLowerCase(Locale.ROOT);
        int semi = lower.indexOf(';');
        if (semi < 0) {
            return lower;
        }
        String[] parts = lower.split(";");
        List<String> options = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                options.add(parts[i]);
            }
        }
        Collections.sort(options);
        StringBuilder sb = new StringBuilder(parts[0]);
        for (String o : options) {
            sb.append(';').append(o);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DirectoryEntry)) {
            return false;
        }
        DirectoryEntry other = (DirectoryEntry) o;
        if (!id.equals(other.id) || !reference.equals(other.reference) || enabled != other.enabled
                || !groups.equals(other.groups) || !attributes.keySet().equals(other.attributes.keySet())) {
            return false;
        }
        for (Map.Entry<String, Attribute> e : attributes.entrySet()) {
            if (!e.getValue().values.equals(other.attributes.get(e.getKey()).values)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, reference, enabled, groups);
    }

    /** Shows id, reference, enabled flag and attribute names; never attribute values. */
    @Override
    public String toString() {
        return "DirectoryEntry{id=" + id + ", reference=" + reference + ", enabled=" + enabled
                + ", attributes=" + getAttributeNames() + ", groups=" + groups.size() + "}";
    }

    private static final class Attribute {
        final String name;
        final List<String> values;

        Attribute(String name, List<String> values) {
            this.name = name;
            this.values = values;
        }
    }

    /** Builds a {@link DirectoryEntry}. Not thread-safe; use one builder per entry. */
    public static final class Builder {
        private final String id;
        private final String reference;
        private boolean enabled = true;
        private final Map<String, Attribute> attributes = new LinkedHashMap<>();
        private final List<String> groups = new ArrayList<>();

        private Builder(String id, String reference) {
            this.id = Objects.requireNonNull(id, "id");
            this.reference = Objects.requireNonNull(reference, "reference");
            if (id.isBlank()) {
                throw new IllegalArgumentException("directory entry id must not be blank (entry " + reference + ")");
            }
        }

        /**
         * Adds values to an attribute, after any it already has. Null values are ignored; an
         * attribute with no values is not stored.
         *
         * @param name attribute description; not null
         * @param values values to add
         * @return this builder
         */
        public Builder add(String name, String... values) {
            return add(name, values == null ? List.of() : java.util.Arrays.asList(values));
        }

        /**
         * Adds values to an attribute, after any it already has. Null values are ignored.
         *
         * @param name attribute description; not null
         * @param values values to add; not null
         * @return this builder
         */
        public Builder add(String name, Collection<String> values) {
            String key = normalize(name);
            Attribute a = null;
            for (String v : values) {
                if (v != null) {
                    if (a == null) {
                        a = attributes.computeIfAbsent(key, k -> new Attribute(name, new ArrayList<>(values.size())));
                    }
                    a.values.add(v);
                }
            }
            return this;
        }

        /**
         * Replaces an attribute's values; an empty collection removes the attribute.
         *
         * @param name attribute description; not null
         * @param values the new values; not null
         * @return this builder
         */
        public Builder put(String name, Collection<String> values) {
            attributes.remove(normalize(name));
            return add(name, values);
        }

        /**
         * @param enabled false when the directory marks the account disabled
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param group a group name to add; not null
         * @return this builder
         */
        public Builder addGroup(String group) {
            groups.add(Objects.requireNonNull(group, "group"));
            return this;
        }

        /**
         * Replaces the group memberships.
         *
         * @param groupNames group names; not null, no null elements
         * @return this builder
         */
        public Builder groups(Collection<String> groupNames) {
            groups.clear();
            for (String g : groupNames) {
                addGroup(g);
            }
            return this;
        }

        /** @return the immutable entry */
        public DirectoryEntry build() {
            return new DirectoryEntry(this);
        }
    }
}

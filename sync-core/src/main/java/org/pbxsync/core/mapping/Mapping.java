package org.pbxsync.core.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.validation.Severity;
import org.pbxsync.core.validation.Violation;
import org.pbxsync.core.validation.ViolationCode;

/**
 * The per-field rule set of one synchronisation: which {@link MappingRule} gives each PBX user
 * field its value, and whether the value applies always or on create only. Immutable and
 * thread-safe; {@link #map(DirectoryEntry)} is pure and deterministic and may be called from
 * several threads at once.
 *
 * <p>Build one with {@link #builder()}, from configuration properties with {@link
 * #fromProperties(Map)}, or start from a default ({@link #activeDirectoryDefaults()}, {@link
 * #openLdapDefaults()}, {@link #teamsDefaults()}) and change it with {@link #toBuilder()}. One
 * attribute may feed several fields. A mapping always has a rule for User Identification and for
 * Name (IP Office: "Mapping the User Identification and Name fields is mandatory").
 */
public final class Mapping {
    private final FieldMapping[] entries;
    private final SortedMap<FieldKey, FieldMapping> rules;
    private final Set<String> attributesUsed;
    private final boolean userIdFromEntryId;

    private Mapping(SortedMap<FieldKey, FieldMapping> rules) {
        this.rules = Collections.unmodifiableSortedMap(new TreeMap<>(rules));
        this.entries = rules.values().toArray(new FieldMapping[0]);
        Set<String> attrs = new LinkedHashSet<>();
        for (FieldMapping fm : entries) {
            attrs.addAll(fm.getRule().attributes());
        }
        this.attributesUsed = Collections.unmodifiableSet(attrs);
        FieldMapping userId = rules.get(FieldKey.USER_ID);
        this.userIdFromEntryId = userId != null && userId.getRule().isEntryId();
    }

    /** @return a new, empty builder; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this mapping's rules, to change some of them */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (FieldMapping fm : entries) {
            b.put(fm.getField(), fm.getRule(), fm.isCreateOnly());
        }
        return b;
    }

    /**
     * Defaults for Active Directory:
     * <table>
     *   <caption>Active Directory defaults</caption>
     *   <tr><td>userId</td><td>{@code @id} (objectGUID, as the LDAP source gives it)</td></tr>
     *   <tr><td>name</td><td>{@code sAMAccountName}</td></tr>
     *   <tr><td>fullName</td><td>{@code displayName}</td></tr>
     *   <tr><td>email</td><td>{@code mail}</td></tr>
     *   <tr><td>extension</td><td>{@code ipPhone | or(telephoneNumber) | digits}</td></tr>
     *   <tr><td>mobileTwinning</td><td>{@code mobile}</td></tr>
     *   <tr><td>groups</td><td>{@code @groups}</td></tr>
     * </table>
     *
     * @return the mapping
     */
    public static Mapping activeDirectoryDefaults() {
        return builder()
                .map(FieldKey.USER_ID, MappingRule.entryId())
                .map(FieldKey.NAME, MappingRule.attribute("sAMAccountName"))
                .map(FieldKey.FULL_NAME, MappingRule.attribute("displayName"))
                .map(FieldKey.EMAIL, MappingRule.attribute("mail"))
                .map(FieldKey.EXTENSION, MappingRule.attribute("ipPhone").or("telephoneNumber").digits())
                .map(FieldKey.MOBILE_TWINNING, MappingRule.attribute("mobile"))
                .map(FieldKey.GROUPS, MappingRule.groups())
                .build();
    }

    /**
     * Defaults for OpenLDAP and other directories with the {@code inetOrgPerson} schema:
     * <table>
     *   <caption>OpenLDAP defaults</caption>
     *   <tr><td>userId</td><td>{@code @id} (entryUUID, as the LDAP source gives it)</td></tr>
     *   <tr><td>name</td><td>{@code uid}</td></tr>
     *   <tr><td>fullName</td><td>{@code cn}</td></tr>
     *   <tr><td>email</td><td>{@code mail}</td></tr>
     *   <tr><td>extension</td><td>{@code telephoneNumber | digits}</td></tr>
     *   <tr><td>mobileTwinning</td><td>{@code mobile}</td></tr>
     *   <tr><td>groups</td><td>{@code @groups}</td></tr>
     * </table>
     *
     * @return the mapping
     */
    public static Mapping openLdapDefaults() {
        return builder()
                .map(FieldKey.USER_ID, MappingRule.entryId())
                .map(FieldKey.NAME, MappingRule.attribute("uid"))
                .map(FieldKey.FULL_NAME, MappingRule.attribute("cn"))
                .map(FieldKey.EMAIL, MappingRule.attribute("mail"))
                .map(FieldKey.EXTENSION, MappingRule.attribute("telephoneNumber").digits())
                .map(FieldKey.MOBILE_TWINNING, MappingRule.attribute("mobile"))
                .map(FieldKey.GROUPS, MappingRule.groups())
                .build();
    }

    /**
     * Defaults for Microsoft Teams / Entra ID (Graph user properties):
     * <table>
     *   <caption>Teams defaults</caption>
     *   <tr><td>userId</td><td>{@code @id} (the Graph object id)</td></tr>
     *   <tr><td>name</td><td>{@code userPrincipalName} (unique in the tenant)</td></tr>
     *   <tr><td>fullName</td><td>{@code displayName}</td></tr>
     *   <tr><td>email</td><td>{@code mail}</td></tr>
     *   <tr><td>extension</td><td>{@code businessPhones | digits | last(4)}</td></tr>
     *   <tr><td>mobileTwinning</td><td>{@code mobilePhone}</td></tr>
     *   <tr><td>groups</td><td>{@code @groups}</td></tr>
     * </table>
     * Entra ID has no extension attribute; the default takes the last four digits of the
     * business phone, which suits a four-digit dial plan behind DDI numbers. Two people whose
     * numbers end alike get the same extension, which validation reports as {@code
     * DUPLICATE_EXTENSION} instead of writing it; hosts with another dial plan override the
     * rule, e.g. {@code businessPhones | digits | last(3)} or an extension attribute.
     *
     * @return the mapping
     */
    public static Mapping teamsDefaults() {
        return builder()
                .map(FieldKey.USER_ID, MappingRule.entryId())
                .map(FieldKey.NAME, MappingRule.attribute("userPrincipalName"))
                .map(FieldKey.FULL_NAME, MappingRule.attribute("displayName"))
                .map(FieldKey.EMAIL, MappingRule.attribute("mail"))
                .map(FieldKey.EXTENSION, MappingRule.attribute("businessPhones").digits().last(4))
                .map(FieldKey.MOBILE_TWINNING, MappingRule.attribute("mobilePhone"))
                .map(FieldKey.GROUPS, MappingRule.groups())
                .build();
    }

    /**
     * Reads a mapping from configuration properties. Keys that do not start with {@code map.}
     * are ignored (they belong to other settings). Recognised keys:
     * <ul>
     *   <li>{@code map.<field>} = a rule in {@link MappingRule} syntax, for example
     *       {@code map.extension = ipPhone | or(telephoneNumber) | digits}. {@code <field>} is a
     *       standard field name such as {@code userId}, {@code loginCode} (case-insensitive) or a
     *       custom field name ({@link FieldKey#of(String)}).</li>
     *   <li>{@code map.<field>.createOnly} = {@code true} or {@code false} (default false; case
     *       and surrounding blanks ignored): apply on create only.</li>
     * </ul>
     * A key ending in {@code .createOnly} is always the flag, so a custom field cannot be named
     * {@code something.createOnly}.
     *
     * @param props the properties; not null; null values count as empty
     * @return the mapping
     * @throws ConfigurationException listing every problem at once, each naming its key: a rule
     *     that does not parse (with position), an empty rule, an invalid field name, a field
     *     mapped by two keys, a bad boolean, a {@code createOnly} flag for an unmapped field, and
     *     a missing {@code map.userId} or {@code map.name}
     */
    public static Mapping fromProperties(Map<String, String> props) {
        Objects.requireNonNull(props, "props");
        List<String> problems = new ArrayList<>();
        Map<FieldKey, String> ruleKeys = new TreeMap<>();
        Map<FieldKey, String> flagKeys = new TreeMap<>();
        SortedMap<FieldKey, MappingRule> parsed = new TreeMap<>();
        Map<FieldKey, Boolean> flags = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(props).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("map.")) {
                continue;
            }
            String value = e.getValue() == null ? "" : e.getValue();
            String rest = key.substring(4);
            boolean flag = rest.toLowerCase(Locale.ROOT).endsWith(".createonly");
            String fieldName = flag ? rest.substring(0, rest.length() - ".createOnly".length()) : rest;
            FieldKey field;
            try {
                field = FieldKey.of(fieldName);
            } catch (IllegalArgumentException ex) {
                problems.add(key + ": " + ex.getMessage());
                continue;
            }
            Map<FieldKey, String> seen = flag ? flagKeys : ruleKeys;
            if (seen.containsKey(field)) {
                problems.add(key + ": field '" + field.getName() + "' is already set by key " + seen.get(field));
                continue;
            }
            seen.put(field, key);
            if (flag) {
                String b = value.trim().toLowerCase(Locale.ROOT);
                if (b.equals("true") || b.equals("false")) {
                    flags.put(field, b.equals("true"));
                } else {
                    problems.add(key + ": expected true or false, found '" + value + "'");
                }
            } else if (value.isBlank()) {
                problems.add(key + ": the rule is empty; remove the key to leave field '" + field.getName()
                        + "' unmapped");
            } else {
                try {
                    parsed.put(field, MappingRule.parse(value));
                } catch (RuleParseException ex) {
                    problems.add(key + ": " + ex.getProblems().get(0));
                }
            }
        }
        for (Map.Entry<FieldKey, String> f : flagKeys.entrySet()) {
            if (!ruleKeys.containsKey(f.getKey())) {
                problems.add(f.getValue() + ": field '" + f.getKey().getName() + "' has no rule (map."
                        + f.getKey().getName() + ")");
            }
        }
        for (FieldKey mandatory : List.of(FieldKey.USER_ID, FieldKey.NAME)) {
            if (!ruleKeys.containsKey(mandatory)) {
                problems.add("map." + mandatory.getName() + ": missing; mapping the " + mandatory.getLabel()
                        + " field is mandatory");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        Builder b = builder();
        for (Map.Entry<FieldKey, MappingRule> e : parsed.entrySet()) {
            b.put(e.getKey(), e.getValue(), flags.getOrDefault(e.getKey(), false));
        }
        return b.build();
    }

    /**
     * Maps one directory entry. Pure and deterministic: the same entry always gives an equal
     * result. Never throws for data problems:
     * <ul>
     *   <li>a field whose rule gives no value is absent from {@link MappedUser#getFields()};</li>
     *   <li>a single-valued field ({@code !FieldKey.isMultiValued()}) that gets several values
     *       keeps the first and gets a {@code MULTIPLE_VALUES} {@link Severity#WARNING};</li>
     *   <li>a rule that fails on this entry ({@link MappingException}) leaves its field absent
     *       and adds a {@code MAPPING_FAILED} {@link Severity#ERROR} naming the entry, the field
     *       and the rule; the other fields are still mapped.</li>
     * </ul>
     * Violations carry the mapped User Identification when there is one. Messages never show a
     * secret field's value or constant.
     *
     * @param entry the entry; not null
     * @return the mapped user
     */
    public MappedUser map(DirectoryEntry entry) {
        Objects.requireNonNull(entry, "entry");
        MappedUser.Builder user = MappedUser.builder()
                .entryId(entry.getId())
                .entryReference(entry.getReference())
                .enabled(entry.isEnabled());
        List<Violation.Builder> violations = null;
        String userId = null;
        for (FieldMapping fm : entries) {
            FieldKey field = fm.getField();
            MappingRule rule = fm.getRule();
            List<String> values;
            try {
                values = rule.apply(entry);
            } catch (MappingException | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
                String problem = e instanceof MappingException ? ((MappingException) e).getProblem()
                        : e.getClass().getSimpleName();
                violations = add(violations, field, ViolationCode.MAPPING_FAILED, Severity.ERROR,
                        "field '" + field.getName() + "' of entry '" + entry.getReference() + "': rule '"
                                + ruleText(fm) + "' failed: " + problem + "; the user is skipped");
                continue;
            }
            if (values.isEmpty()) {
                continue;
            }
            if (values.size() > 1 && !field.isMultiValued()) {
                violations = add(violations, field, ViolationCode.MULTIPLE_VALUES, Severity.WARNING,
                        "field '" + field.getName() + "' got " + values.size() + " values from rule '"
                                + ruleText(fm) + "'; the first, " + quoted(field, values.get(0))
                                + ", is used");
                values = List.of(values.get(0));
            }
            if (field.equals(FieldKey.USER_ID)) {
                userId = values.get(0);
            }
            user.putFields(field, MappedField.builder()
                    .field(field)
                    .values(values)
                    .rule(ruleText(fm))
                    .sourceAttributes(rule.attributes())
                    .createOnly(fm.isCreateOnly())
                    .build());
        }
        if (violations != null) {
            for (Violation.Builder v : violations) {
                if (userId != null) {
                    v.userId(userId);
                }
                user.addViolations(v.entryReference(entry.getReference()).build());
            }
        }
        return user.build();
    }

    private static String quoted(FieldKey field, String value) {
        return field.isSecret() ? field.display(value) : "'" + value + "'";
    }

    private static String ruleText(FieldMapping fm) {
        return fm.getField().isSecret() ? fm.getRule().redactedText() : fm.getRule().text();
    }

    private static List<Violation.Builder> add(List<Violation.Builder> list, FieldKey field, ViolationCode code,
            Severity severity, String message) {
        List<Violation.Builder> l = list == null ? new ArrayList<>(2) : list;
        l.add(Violation.builder().field(field).code(code).severity(severity).message(message));
        return l;
    }

    /**
     * @return every attribute description the rules read (sources and {@code or(...)}), in
     *     field order, without duplicates; for LDAP attribute lists and Graph {@code $select}.
     *     Pseudo-attributes ({@code @id}, {@code @groups}...) are not included.
     */
    public Set<String> attributesUsed() {
        return attributesUsed;
    }

    /**
     * @return true when the User Identification rule is exactly {@code @id}, so a user's User
     *     Identification equals the directory entry's id; the runtime relies on this to turn a
     *     change set's removed entry ids into removed users
     */
    public boolean isUserIdFromEntryId() {
        return userIdFromEntryId;
    }

    /** @return the field mappings by field, in field order; unmodifiable */
    public SortedMap<FieldKey, FieldMapping> rules() {
        return rules;
    }

    /**
     * @param field a field; not null
     * @return that field's mapping, if it is mapped
     */
    public Optional<FieldMapping> rule(FieldKey field) {
        return Optional.ofNullable(rules.get(field));
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Mapping && rules.equals(((Mapping) o).rules));
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    /** Lists the field mappings; constants of secret fields are shown as {@code ****}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Mapping{");
        boolean first = true;
        for (FieldMapping fm : entries) {
            sb.append(first ? "" : ", ").append(fm.getField().getName()).append(" <- ").append(ruleText(fm));
            if (fm.isCreateOnly()) {
                sb.append(" (create only)");
            }
            first = false;
        }
        return sb.append('}').toString();
    }

    /**
     * Builds a {@link Mapping}. Not thread-safe. Mapping a field again replaces its earlier rule.
     * Rule texts that do not parse are collected and reported together by {@link #build()}.
     */
    public static final class Builder {
        private final SortedMap<FieldKey, FieldMapping> mappings = new TreeMap<>();
        private final SortedMap<FieldKey, String> errors = new TreeMap<>();

        private Builder() {
        }

        /**
         * Maps a field, applied always (within what the field allows).
         *
         * @param field the field; not null
         * @param ruleText the rule text; not null. A text that does not parse is reported by
         *     {@link #build()}
         * @return this builder
         */
        public Builder map(FieldKey field, String ruleText) {
            return parseAndPut(field, ruleText, false);
        }

        /**
         * Maps a field, applied always (within what the field allows).
         *
         * @param field the field; not null
         * @param rule the rule; not null
         * @return this builder
         */
        public Builder map(FieldKey field, MappingRule rule) {
            return put(field, rule, false);
        }

        /**
         * Maps a field that is applied when a user is created only.
         *
         * @param field the field; not null
         * @param ruleText the rule text; not null
         * @return this builder
         */
        public Builder mapOnCreate(FieldKey field, String ruleText) {
            return parseAndPut(field, ruleText, true);
        }

        /**
         * Maps a field that is applied when a user is created only.
         *
         * @param field the field; not null
         * @param rule the rule; not null
         * @return this builder
         */
        public Builder mapOnCreate(FieldKey field, MappingRule rule) {
            return put(field, rule, true);
        }

        /**
         * Removes a field's mapping, if any.
         *
         * @param field the field; not null
         * @return this builder
         */
        public Builder unmap(FieldKey field) {
            mappings.remove(Objects.requireNonNull(field, "field"));
            errors.remove(field);
            return this;
        }

        Builder put(FieldKey field, MappingRule rule, boolean createOnly) {
            errors.remove(Objects.requireNonNull(field, "field"));
            mappings.put(field, new FieldMapping(field, Objects.requireNonNull(rule, "rule"), createOnly));
            return this;
        }

        private Builder parseAndPut(FieldKey field, String ruleText, boolean createOnly) {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(ruleText, "ruleText");
            try {
                return put(field, MappingRule.parse(ruleText), createOnly);
            } catch (RuleParseException e) {
                mappings.remove(field);
                errors.put(field, "field '" + field.getName() + "': " + e.getProblems().get(0));
                return this;
            }
        }

        /**
         * @return the mapping
         * @throws ConfigurationException listing every rule that did not parse and a missing
         *     User Identification or Name mapping, all at once
         */
        public Mapping build() {
            List<String> problems = new ArrayList<>(errors.values());
            for (FieldKey mandatory : List.of(FieldKey.USER_ID, FieldKey.NAME)) {
                if (!mappings.containsKey(mandatory) && !errors.containsKey(mandatory)) {
                    problems.add("field '" + mandatory.getName() + "': missing; mapping the " + mandatory.getLabel()
                            + " field is mandatory");
                }
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
            return new Mapping(mappings);
        }
    }
}

package org.pbxsync.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A PBX user field: one of the standard fields (IP Office's user fields, generalised) or a
 * custom field a host defines (department, site, title, pager...). Immutable; standard fields
 * are singletons, compare with {@code equals}.
 *
 * <p>Each field says whether a create or an update uses it, following IP Office's table:
 *
 * <table>
 *   <caption>Default applicability</caption>
 *   <tr><th>field</th><th>name</th><th>create</th><th>update</th></tr>
 *   <tr><td>User Identification</td><td>{@code userId}</td><td>yes</td><td>no (the key)</td></tr>
 *   <tr><td>Name</td><td>{@code name}</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>Full Name</td><td>{@code fullName}</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>Email</td><td>{@code email}</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>Extensions</td><td>{@code extension}</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>Login Code</td><td>{@code loginCode}</td><td>yes</td><td>no</td></tr>
 *   <tr><td>Voicemail Code</td><td>{@code voicemailCode}</td><td>yes</td><td>no</td></tr>
 *   <tr><td>Mobile Twinning Number</td><td>{@code mobileTwinning}</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>Group Membership</td><td>{@code groups}</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>User Provisioning Rule</td><td>{@code provisioningRule}</td><td>yes</td><td>no</td></tr>
 *   <tr><td>System: LAN1, LAN2, System Name, FQDN</td><td>{@code systemLan1}, {@code systemLan2},
 *       {@code systemName}, {@code systemFqdn}</td><td>yes</td><td>no</td></tr>
 *   <tr><td>custom fields</td><td>the host's name</td><td>yes</td><td>yes</td></tr>
 * </table>
 *
 * <p>Login and voicemail codes are {@linkplain #isSecret() secret}: everything that prints them
 * masks them.
 */
public final class FieldKey implements Comparable<FieldKey> {
    private static final Map<String, FieldKey> STANDARD = new LinkedHashMap<>();
    private static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    /** User Identification: the anchor tying a PBX user to its directory entry. Mandatory. */
    public static final FieldKey USER_ID = standard("userId", "User Identification", true, false, false, false);
    /** Name: mandatory; unique across the PBX system. */
    public static final FieldKey NAME = standard("name", "Name", true, true, false, false);
    /** Full Name. */
    public static final FieldKey FULL_NAME = standard("fullName", "Full Name", true, true, false, false);
    /** Email address. */
    public static final FieldKey EMAIL = standard("email", "Email", true, true, false, false);
    /** Extension number; unique across the PBX. */
    public static final FieldKey EXTENSION = standard("extension", "Extensions", true, true, false, false);
    /** Login code: 4 to 15 digits; create only; secret. */
    public static final FieldKey LOGIN_CODE = standard("loginCode", "Login Code", true, false, true, false);
    /** Voicemail code: 0 to 31 digits; create only; secret. */
    public static final FieldKey VOICEMAIL_CODE = standard("voicemailCode", "Voicemail Code", true, false, true, false);
    /** Mobile twinning number. */
    public static final FieldKey MOBILE_TWINNING = standard("mobileTwinning", "Mobile Twinning Number", true, true, false, false);
    /** Group membership: several values. */
    public static final FieldKey GROUPS = standard("groups", "Group Membership", true, true, false, true);
    /** User provisioning rule name; create only. */
    public static final FieldKey PROVISIONING_RULE = standard("provisioningRule", "User Provisioning Rule", true, false, false, false);
    /** Target system by LAN1 address; create only. */
    public static final FieldKey SYSTEM_LAN1 = standard("systemLan1", "LAN1 Address", true, false, false, false);
    /** Target system by LAN2 address; create only. */
    public static final FieldKey SYSTEM_LAN2 = standard("systemLan2", "LAN2 Address", true, false, false, false);
    /** Target system by system name; create only. */
    public static final FieldKey SYSTEM_NAME = standard("systemName", "System Name", true, false, false, false);
    /** Target system by FQDN; create only. */
    public static final FieldKey SYSTEM_FQDN = standard("systemFqdn", "FQDN", true, false, false, false);

    private final String name;
    private final String label;
    private final boolean standard;
    private final boolean usedOnCreate;
    private final boolean usedOnUpdate;
    private final boolean secret;
    private final boolean multiValued;
    /** Position in the standard table (compareTo runs in every TreeMap lookup); -1 for custom fields. */
    private final int order;

    private FieldKey(String name, String label, boolean standard, boolean usedOnCreate, boolean usedOnUpdate,
            boolean secret, boolean multiValued) {
        this.order = standard ? STANDARD.size() : -1;
        this.name = name;
        this.label = label;
        this.standard = standard;
        this.usedOnCreate = usedOnCreate;
        this.usedOnUpdate = usedOnUpdate;
        this.secret = secret;
        this.multiValued = multiValued;
    }

    private static FieldKey standard(String name, String label, boolean create, boolean update, boolean secret,
            boolean multi) {
        FieldKey k = new FieldKey(name, label, true, create, update, secret, multi);
        STANDARD.put(name.toLowerCase(Locale.ROOT), k);
        return k;
    }

    /**
     * Returns the standard field of that name (case-insensitive), or a custom field.
     *
     * @param name a standard field's name such as {@code loginCode}, or a custom field name: a
     *     letter followed by up to 63 letters, digits, {@code _ . -}; not null
     * @return the field
     * @throws IllegalArgumentException if the name is not a valid custom field name
     */
    public static FieldKey of(String name) {
        Objects.requireNonNull(name, "field name");
        FieldKey std = STANDARD.get(name.toLowerCase(Locale.ROOT));
        if (std != null) {
            return std;
        }
        if (!CUSTOM_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid field name '" + name
                    + "': a field name is a letter followed by up to 63 letters, digits, '_', '.' or '-'");
        }
        return new FieldKey(name, name, false, true, true, false, false);
    }

    /**
     * @param name a field name
     * @return the standard field of that name, case-insensitive, if there is one
     */
    public static Optional<FieldKey> standardField(String name) {
        return Optional.ofNullable(STANDARD.get(name.toLowerCase(Locale.ROOT)));
    }

    /** @return the standard fields, in the order of IP Office's table */
    public static List<FieldKey> standardFields() {
        return List.copyOf(STANDARD.values());
    }

    /** @return the four fields that choose the target system of a new user */
    public static List<FieldKey> systemFields() {
        return List.of(SYSTEM_LAN1, SYSTEM_LAN2, SYSTEM_NAME, SYSTEM_FQDN);
    }

    /** @return the name used in configuration and reports, such as {@code loginCode} */
    public String getName() {
        return name;
    }

    /** @return the label an administrator knows, such as {@code Login Code} */
    public String getLabel() {
        return label;
    }

    /** @return whether this is one of the standard fields */
    public boolean isStandard() {
        return standard;
    }

    /** @return whether creating a user sets this field */
    public boolean isUsedOnCreate() {
        return usedOnCreate;
    }

    /** @return whether updating a user may change this field */
    public boolean isUsedOnUpdate() {
        return usedOnUpdate;
    }

    /** @return whether values are secrets that are masked wherever they are shown */
    public boolean isSecret() {
        return secret;
    }

    /** @return whether the field holds several values (group membership) */
    public boolean isMultiValued() {
        return multiValued;
    }

    /**
     * @param value a value of this field, may be null
     * @return the value as it may be shown: masked if this field is secret
     */
    public String display(String value) {
        if (value == null) {
            return "(none)";
        }
        return secret ? "****" : value;
    }

    /** Standard fields first in table order, then custom fields by name. */
    @Override
    public int compareTo(FieldKey o) {
        if (standard != o.standard) {
            return standard ? -1 : 1;
        }
        if (standard) {
            return Integer.compare(order, o.order);
        }
        return name.compareTo(o.name);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof FieldKey && !standard && !((FieldKey) o).standard
                && name.equals(((FieldKey) o).name));
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }

    static Map<String, FieldKey> standardByLowerName() {
        return Collections.unmodifiableMap(STANDARD);
    }
}

package org.pbxsync.teams.internal;

import com.microsoft.graph.models.AssignedLicense;
import com.microsoft.graph.models.AssignedPlan;
import com.microsoft.graph.models.OnPremisesExtensionAttributes;
import com.microsoft.graph.models.User;
import com.microsoft.kiota.serialization.UntypedArray;
import com.microsoft.kiota.serialization.UntypedNode;
import com.microsoft.kiota.serialization.UntypedNull;
import com.microsoft.kiota.serialization.UntypedObject;
import com.microsoft.kiota.serialization.ValuedEnum;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.pbxsync.core.directory.DirectoryEntry;

/**
 * The Graph user properties this source can read, how a configured attribute name becomes a
 * {@code $select} item, and how a Graph {@link User} becomes a {@link DirectoryEntry}.
 */
public final class UserAttributes {

    /** Selectable user properties with their canonical spelling (v1.0, list queries). */
    private static final List<String> PROPERTIES = List.of(
            "id", "userPrincipalName", "accountEnabled", "displayName", "givenName", "surname", "mail",
            "mailNickname", "otherMails", "proxyAddresses", "imAddresses", "businessPhones", "mobilePhone",
            "faxNumber", "department", "jobTitle", "officeLocation", "companyName", "employeeId", "employeeType",
            "employeeHireDate", "employeeLeaveDateTime", "streetAddress", "city", "state", "postalCode", "country",
            "usageLocation", "preferredLanguage", "userType", "createdDateTime", "creationType",
            "externalUserState", "onPremisesSamAccountName", "onPremisesUserPrincipalName",
            "onPremisesDistinguishedName", "onPremisesDomainName", "onPremisesImmutableId",
            "onPremisesSecurityIdentifier", "onPremisesSyncEnabled", "onPremisesLastSyncDateTime",
            "onPremisesExtensionAttributes", "securityIdentifier", "showInAddressList", "ageGroup",
            "legalAgeGroupClassification", "consentProvidedForMinor", "assignedLicenses", "assignedPlans");

    private static final Map<String, String> CANONICAL = new LinkedHashMap<>();
    private static final Pattern EXTENSION_ATTRIBUTE = Pattern.compile("extensionattribute([1-9]|1[0-5])");
    private static final Pattern DIRECTORY_EXTENSION = Pattern.compile("extension_[0-9a-fA-F]{32}_[A-Za-z0-9_]+");
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> ACTIVE_PLAN_STATUS = Set.of("enabled", "warning");

    static {
        for (String p : PROPERTIES) {
            CANONICAL.put(p.toLowerCase(Locale.ROOT), p);
        }
    }

    private UserAttributes() {}

    /**
     * @param value a text; may be null
     * @return whether it is a GUID such as a Graph object id
     */
    public static boolean isGuid(String value) {
        return value != null && GUID.matcher(value).matches();
    }

    /**
     * @param names configured attribute names
     * @return one problem per name this source cannot read, naming it and saying why
     */
    public static List<String> problems(Collection<String> names) {
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                problems.add("attributes: an attribute name is null or blank");
            } else if (selectItem(name) == null) {
                problems.add("attributes: '" + name + "' is not a Graph user property this source can read "
                        + "(known: " + String.join(", ", PROPERTIES)
                        + ", extensionAttribute1..15, extension_<appId>_<name>)");
            }
        }
        return problems;
    }

    /**
     * @param name a configured attribute name
     * @return the {@code $select} item that returns it, or null if unknown
     */
    static String selectItem(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        String canonical = CANONICAL.get(lower);
        if (canonical != null) {
            return canonical;
        }
        if (EXTENSION_ATTRIBUTE.matcher(lower).matches()) {
            return "onPremisesExtensionAttributes";
        }
        if (DIRECTORY_EXTENSION.matcher(name.trim()).matches()) {
            return name.trim();
        }
        return null;
    }

    /**
     * @param attributes configured attribute names, all known
     * @param extra properties the filters need
     * @return the {@code $select} list: id, userPrincipalName, accountEnabled, then the
     *     attributes and extras, without duplicates
     */
    static List<String> selectList(Collection<String> attributes, Collection<String> extra) {
        Set<String> select = new LinkedHashSet<>(List.of("id", "userPrincipalName", "accountEnabled"));
        for (String a : attributes) {
            select.add(selectItem(a));
        }
        select.addAll(extra);
        return List.copyOf(select);
    }

    /**
     * Turns a Graph user into a directory entry. Every property the response carried becomes an
     * attribute named as in Graph: strings as they are, booleans and numbers as text, dates in
     * ISO-8601, string collections multi-valued; {@code onPremisesExtensionAttributes} flattened
     * to {@code extensionAttribute1}..{@code 15}; {@code assignedLicenses} as the SKU ids; {@code
     * assignedPlans} as the ids of active service plans; directory extensions from the
     * additional data. Other complex properties are left out.
     *
     * @param user a user from a Graph response, with an id
     * @param groups the group names to record
     * @return the entry: id = object id, reference = userPrincipalName (else mail, else id),
     *     enabled = accountEnabled (true when not returned)
     */
    static DirectoryEntry toEntry(User user, List<String> groups) {
        String id = user.getId();
        String reference = firstNonBlank(user.getUserPrincipalName(), user.getMail(), id);
        DirectoryEntry.Builder b = DirectoryEntry.builder(id, reference)
                .enabled(!Boolean.FALSE.equals(user.getAccountEnabled()))
                .groups(groups);
        Map<String, Object> values = user.getBackingStore().enumerate();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (value == null || key.equals("additionalData") || key.equals("odataType") || key.startsWith("@")) {
                continue;
            }
            if (value instanceof OnPremisesExtensionAttributes ext) {
                addExtensionAttributes(b, ext);
            } else if (key.equals("assignedPlans") && value instanceof List<?> plans) {
                b.add("assignedPlans", activePlanIds(plans));
            } else {
                b.add(key, scalars(value));
            }
        }
        for (Map.Entry<String, Object> e : user.getAdditionalData().entrySet()) {
            if (!e.getKey().startsWith("@") && !e.getKey().contains("@odata")) {
                b.add(e.getKey(), scalars(e.getValue()));
            }
        }
        return b.build();
    }

    /**
     * @param user a Graph user
     * @return whether userType is Guest or the user principal name carries {@code #EXT#}
     */
    static boolean isGuest(User user) {
        String upn = user.getUserPrincipalName();
        return "guest".equalsIgnoreCase(user.getUserType())
                || (upn != null && upn.toUpperCase(Locale.ROOT).contains("#EXT#"));
    }

    /**
     * @param user a Graph user
     * @param skuIds licence SKU ids
     * @return whether the user holds at least one of them
     */
    static boolean hasAnyLicence(User user, Set<UUID> skuIds) {
        List<AssignedLicense> licences = user.getAssignedLicenses();
        if (licences == null) {
            return false;
        }
        return licences.stream().anyMatch(l -> l.getSkuId() != null && skuIds.contains(l.getSkuId()));
    }

    /**
     * @param user a Graph user
     * @param planIds service plan ids
     * @return whether at least one of them is active (Enabled or Warning) in assignedPlans
     */
    static boolean hasAnyActivePlan(User user, Set<UUID> planIds) {
        List<AssignedPlan> plans = user.getAssignedPlans();
        if (plans == null) {
            return false;
        }
        return plans.stream().anyMatch(p -> p.getServicePlanId() != null && planIds.contains(p.getServicePlanId())
                && p.getCapabilityStatus() != null
                && ACTIVE_PLAN_STATUS.contains(p.getCapabilityStatus().toLowerCase(Locale.ROOT)));
    }

    private static List<String> activePlanIds(List<?> plans) {
        List<String> ids = new ArrayList<>();
        for (Object o : plans) {
            if (o instanceof AssignedPlan p && p.getServicePlanId() != null && p.getCapabilityStatus() != null
                    && ACTIVE_PLAN_STATUS.contains(p.getCapabilityStatus().toLowerCase(Locale.ROOT))) {
                ids.add(p.getServicePlanId().toString());
            }
        }
        return ids;
    }

    private static void addExtensionAttributes(DirectoryEntry.Builder b, OnPremisesExtensionAttributes x) {
        String[] values = {x.getExtensionAttribute1(), x.getExtensionAttribute2(), x.getExtensionAttribute3(),
            x.getExtensionAttribute4(), x.getExtensionAttribute5(), x.getExtensionAttribute6(),
            x.getExtensionAttribute7(), x.getExtensionAttribute8(), x.getExtensionAttribute9(),
            x.getExtensionAttribute10(), x.getExtensionAttribute11(), x.getExtensionAttribute12(),
            x.getExtensionAttribute13(), x.getExtensionAttribute14(), x.getExtensionAttribute15()};
        for (int i = 0; i < values.length; i++) {
            b.add("extensionAttribute" + (i + 1), values[i]);
        }
    }

    private static List<String> scalars(Object value) {
        List<String> out = new ArrayList<>();
        collect(value, out);
        return out;
    }

    private static void collect(Object value, List<String> out) {
        if (value == null || value instanceof UntypedNull) {
            return;
        }
        if (value instanceof UntypedArray array) {
            for (UntypedNode n : array.getValue()) {
                collect(n, out);
            }
        } else if (value instanceof UntypedObject) {
            return;
        } else if (value instanceof UntypedNode node) {
            collect(node.getValue(), out);
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) {
                collect(o, out);
            }
        } else if (value instanceof AssignedLicense l) {
            if (l.getSkuId() != null) {
                out.add(l.getSkuId().toString());
            }
        } else if (value instanceof ValuedEnum ve) {
            out.add(ve.getValue());
        } else if (value instanceof String || value instanceof Boolean || value instanceof Number
                || value instanceof UUID || value instanceof TemporalAccessor) {
            out.add(value.toString());
        }
    }

    private static String firstNonBlank(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return candidates[candidates.length - 1];
    }
}

package org.pbxsync.ldap.internal;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.DirectoryEntry;

/**
 * Turns an LDAP entry into a {@link DirectoryEntry}. An entry the source cannot identify fails the
 * whole listing (skipping it would make the person look deleted).
 */
public final class EntryConverter {
    /** Id attribute value meaning "use the normalised DN as the id" (LDIF files without UUIDs). */
    public static final String DN_ID = "dn";

    private final String idAttribute;
    private final boolean userAccountControl;
    private final String memberOfAttribute;
    private final Function<String, String> groupName;

    /**
     * @param idAttribute the id attribute, or {@link #DN_ID}
     * @param userAccountControl whether bit 2 of {@code userAccountControl} disables
     * @param memberOfAttribute attribute of group DNs, or null
     * @param groupName turns a group DN into a group name
     */
    public EntryConverter(String idAttribute, boolean userAccountControl, String memberOfAttribute,
            Function<String, String> groupName) {
        this.idAttribute = idAttribute;
        this.userAccountControl = userAccountControl;
        this.memberOfAttribute = memberOfAttribute;
        this.groupName = groupName;
    }

    /**
     * @param entry the entry, with ranged attributes already completed
     * @param extraGroups group names found otherwise (group expansion, LDIF groups), used when the
     *     entry has no memberOf values; may be empty
     * @return the directory entry
     * @throws IncompleteListingException if the entry has no id or a malformed value the source
     *     must interpret
     */
    public DirectoryEntry convert(Entry entry, Collection<String> extraGroups) {
        String dn = entry.getDN();
        DirectoryEntry.Builder b = DirectoryEntry.builder(id(entry), dn);
        for (Attribute a : entry.getAttributes()) {
            b.add(a.getName(), ValueCodec.decode(a));
        }
        if (userAccountControl) {
            String uac = entry.getAttributeValue("userAccountControl");
            if (uac != null) {
                try {
                    b.enabled((Long.parseLong(uac.trim()) & 2L) == 0);
                } catch (NumberFormatException e) {
                    throw new IncompleteListingException("entry " + dn + ": userAccountControl '" + uac
                            + "' is not a number, so whether the account is disabled is unknown");
                }
            }
        }
        String[] groupDns = memberOfAttribute == null ? null : entry.getAttributeValues(memberOfAttribute);
        if (groupDns != null && groupDns.length > 0) {
            for (String g : groupDns) {
                try {
                    b.addGroup(groupName.apply(g));
                } catch (IllegalArgumentException e) {
                    throw new IncompleteListingException("entry " + dn + ": " + memberOfAttribute + " value '" + g
                            + "' is not a valid DN: " + e.getMessage(), e);
                }
            }
        } else {
            extraGroups.forEach(b::addGroup);
        }
        return b.build();
    }

    private String id(Entry entry) {
        if (DN_ID.equalsIgnoreCase(idAttribute)) {
            try {
                return entry.getParsedDN().toNormalizedString();
            } catch (LDAPException e) {
                throw new IncompleteListingException("entry '" + entry.getDN() + "' has an invalid DN: "
                        + e.getMessage(), e);
            }
        }
        Attribute a = entry.getAttribute(idAttribute);
        if (a == null || !a.hasValue()) {
            throw new IncompleteListingException("entry " + entry.getDN() + " has no " + idAttribute
                    + " value, so it cannot be identified; the listing stops rather than leave it out"
                    + " (check the idAttribute setting and the bind identity's read rights)");
        }
        List<String> values = ValueCodec.decode(a);
        if (values.size() != 1 || values.get(0).isBlank()) {
            throw new IncompleteListingException("entry " + entry.getDN() + " has " + values.size() + " values of "
                    + idAttribute + "; the id attribute must have exactly one non-blank value");
        }
        return values.get(0);
    }

    /**
     * The default group name: the value of the DN's first RDN (the group's CN).
     *
     * @param groupDn a group DN
     * @return the first RDN's value, unescaped
     * @throws IllegalArgumentException if the DN is malformed
     */
    public static String firstRdnValue(String groupDn) {
        try {
            DN dn = new DN(groupDn);
            RDN rdn = dn.getRDN();
            if (rdn == null) {
                throw new IllegalArgumentException("the DN is empty");
            }
            String[] names = rdn.getAttributeNames();
            String[] values = rdn.getAttributeValues();
            for (int i = 0; i < names.length; i++) {
                if (names[i].toLowerCase(Locale.ROOT).equals("cn")) {
                    return values[i];
                }
            }
            return values[0];
        } catch (LDAPException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}

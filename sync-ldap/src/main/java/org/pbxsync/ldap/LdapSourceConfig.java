package org.pbxsync.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.RDN;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.pbxsync.core.ConfigurationException;

/**
 * Settings of an {@link LdapDirectorySource}: servers, transport security, credentials, scope,
 * attributes and change tracking. Immutable and thread-safe; made by {@link Builder}, usually
 * starting from a preset: {@link #activeDirectory()}, {@link #openLdap()} or {@link #builder()}.
 *
 * <p>{@link #toString()} never shows the bind password or the trust store password.
 *
 * <h2>Defaults</h2>
 * <ul>
 *   <li>TLS certificates are checked against the JVM's trust store, or against the PEM or PKCS12
 *       file given, and the server's host name is checked against the certificate (wildcards
 *       allowed). Only {@link Builder#trustAllCertificatesInsecure(boolean)} turns both checks
 *       off, and the source then logs a warning.</li>
 *   <li>Connect time-out 10 s, response time-out 60 s, no server-side search time limit, pages of
 *       500 entries, a pool of at most 3 connections.</li>
 *   <li>Search continuation references fail the listing ({@link ReferencePolicy#FAIL}); the Active
 *       Directory preset ignores them (see {@link ReferencePolicy#IGNORE}).</li>
 * </ul>
 */
public final class LdapSourceConfig {

    /** How the source finds what changed since a checkpoint. */
    public enum ChangeTracking {
        /** No incremental listings; every run is a full listing. */
        NONE,
        /**
         * Active Directory: entries whose {@code uSNChanged} is above the checkpoint's, read from
         * the same domain controller (identified by its {@code invocationId}). Deletions and
         * entries that left the scope are not seen: they need a full run.
         */
        AD_USN,
        /**
         * RFC 4533 content synchronization in refreshOnly mode (OpenLDAP {@code syncprov}). Needs
         * {@code entryUUID} as the id attribute. Deletions are reported when the server keeps a
         * session log; when it answers with a present phase instead the checkpoint is treated as
         * expired and a full run follows.
         */
        CONTENT_SYNC
    }

    /** What a search continuation reference (a pointer to another server or naming context) does. */
    public enum ReferencePolicy {
        /** Fail the listing: the entries behind the reference would be missing. */
        FAIL,
        /**
         * Ignore the reference, log it at INFO level and list it in
         * {@link LdapDirectorySource#lastWarnings()}. Suits Active Directory searches from the
         * domain root, which always return references to the Configuration, DomainDnsZones and
         * ForestDnsZones partitions; those hold no users.
         */
        IGNORE
    }

    /** Filter of the Active Directory preset: people who are users, which excludes computers. */
    public static final String AD_USER_FILTER = "(&(objectCategory=person)(objectClass=user))";
    /** Filter clause that excludes Active Directory accounts with the ACCOUNTDISABLE bit (2) set. */
    public static final String AD_NOT_DISABLED_FILTER = "(!(userAccountControl:1.2.840.113556.1.4.803:=2))";
    /** Filter of the OpenLDAP preset. */
    public static final String OPENLDAP_USER_FILTER = "(objectClass=inetOrgPerson)";
    /** Default filter that recognises group entries in group-directory mode. */
    public static final String DEFAULT_GROUP_FILTER =
            "(|(objectClass=group)(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))";
    /** Attributes the Active Directory preset fetches (besides those the source needs itself). */
    public static final List<String> AD_ATTRIBUTES = List.of("sAMAccountName", "userPrincipalName", "cn",
            "displayName", "givenName", "sn", "mail", "ipPhone", "telephoneNumber", "mobile", "department",
            "title");
    /** Attributes the OpenLDAP preset fetches (besides those the source needs itself). */
    public static final List<String> OPENLDAP_ATTRIBUTES = List.of("uid", "cn", "displayName", "givenName", "sn",
            "mail", "telephoneNumber", "mobile", "departmentNumber", "title");

    private static final Pattern ATTRIBUTE_DESCRIPTION =
            Pattern.compile("^([A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)*)(;[A-Za-z0-9-]+)*$");

    private final List<String> servers;
    private final boolean startTls;
    private final String bindDn;
    private final char[] bindPassword;
    private final Path trustPemFile;
    private final Path trustPkcs12File;
    private final char[] trustPkcs12Password;
    private final boolean trustAllCertificatesInsecure;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration searchTimeLimit;
    private final int poolSize;
    private final String baseDn;
    private final boolean subtree;
    private final String userFilter;
    private final List<String[]> requiredValues;
    private final boolean excludeDisabledAdAccounts;
    private final String groupDn;
    private final boolean nestedGroups;
    private final String groupFilter;
    private final String groupSearchBase;
    private final List<String> memberAttributes;
    private final int pageSize;
    private final String idAttribute;
    private final List<String> attributes;
    private final boolean userAccountControl;
    private final String memberOfAttribute;
    private final String groupNameAttribute;
    private final ChangeTracking changeTracking;
    private final ReferencePolicy referencePolicy;

    private LdapSourceConfig(Builder b) {
        servers = List.copyOf(b.servers);
        startTls = b.startTls;
        bindDn = b.bindDn;
        bindPassword = b.bindPassword == null ? null : b.bindPassword.clone();
        trustPemFile = b.trustPemFile;
        trustPkcs12File = b.trustPkcs12File;
        trustPkcs12Password = b.trustPkcs12Password == null ? null : b.trustPkcs12Password.clone();
        trustAllCertificatesInsecure = b.trustAllCertificatesInsecure;
        connectTimeout = b.connectTimeout;
        responseTimeout = b.responseTimeout;
        searchTimeLimit = b.searchTimeLimit;
        poolSize = b.poolSize;
        baseDn = b.baseDn;
        subtree = b.subtree;
        userFilter = b.userFilter;
        requiredValues = List.copyOf(b.requiredValues);
        excludeDisabledAdAccounts = b.excludeDisabledAdAccounts;
        groupDn = b.groupDn;
        nestedGroups = b.nestedGroups;
        groupFilter = b.groupFilter;
        groupSearchBase = b.groupSearchBase;
        memberAttributes = List.copyOf(b.memberAttributes);
        pageSize = b.pageSize;
        idAttribute = b.idAttribute;
        attributes = List.copyOf(b.attributes);
        userAccountControl = b.userAccountControl;
        memberOfAttribute = b.memberOfAttribute;
        groupNameAttribute = b.groupNameAttribute;
        changeTracking = b.changeTracking;
        referencePolicy = b.referencePolicy;
    }

    /** @return a builder with neutral defaults and no preset filter or attributes */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Active Directory preset: filter {@value #AD_USER_FILTER} (people, not computers), id
     * {@code objectGUID}, {@link #AD_ATTRIBUTES}, {@code memberOf} for groups, disabled accounts
     * from {@code userAccountControl}, pages of 1000 (the AD default MaxPageSize), change tracking
     * {@link ChangeTracking#AD_USN} and references ignored ({@link ReferencePolicy#IGNORE}).
     *
     * @return a builder holding the preset; add servers, credentials and the base DN
     */
    public static Builder activeDirectory() {
        return new Builder().userFilter(AD_USER_FILTER).idAttribute("objectGUID").attributes(AD_ATTRIBUTES)
                .memberOfAttribute("memberOf").userAccountControl(true).pageSize(1000)
                .changeTracking(ChangeTracking.AD_USN).referencePolicy(ReferencePolicy.IGNORE);
    }

    /**
     * OpenLDAP preset: filter {@value #OPENLDAP_USER_FILTER}, id {@code entryUUID},
     * {@link #OPENLDAP_ATTRIBUTES}, {@code memberOf} for groups (needs the memberof overlay; without
     * it entries simply have no groups), change tracking {@link ChangeTracking#CONTENT_SYNC} when the
     * server offers it.
     *
     * @return a builder holding the preset; add servers, credentials and the base DN
     */
    public static Builder openLdap() {
        return new Builder().userFilter(OPENLDAP_USER_FILTER).idAttribute("entryUUID").attributes(OPENLDAP_ATTRIBUTES)
                .memberOfAttribute("memberOf").userAccountControl(false)
                .changeTracking(ChangeTracking.CONTENT_SYNC);
    }

    /** @return server URLs ({@code ldap://host:port} or {@code ldaps://host:port}) in failover order */
    public List<String> servers() {
        return servers;
    }

    /** @return whether plain {@code ldap://} connections are upgraded with StartTLS */
    public boolean startTls() {
        return startTls;
    }

    /** @return the bind DN, or empty for an anonymous bind */
    public Optional<String> bindDn() {
        return Optional.ofNullable(bindDn);
    }

    /** @return a copy of the bind password, or null when none is set; callers should wipe it */
    char[] bindPassword() {
        return bindPassword == null ? null : bindPassword.clone();
    }

    /** @return the PEM file of trusted certificates, if set */
    public Optional<Path> trustPemFile() {
        return Optional.ofNullable(trustPemFile);
    }

    /** @return the PKCS12 trust store, if set */
    public Optional<Path> trustPkcs12File() {
        return Optional.ofNullable(trustPkcs12File);
    }

    char[] trustPkcs12Password() {
        return trustPkcs12Password == null ? null : trustPkcs12Password.clone();
    }

    /** @return whether certificate and host name checks are off */
    public boolean trustAllCertificatesInsecure() {
        return trustAllCertificatesInsecure;
    }

    /** @return the TCP connect time-out */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long to wait for each response */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** @return the server-side time limit sent with each search; zero means none */
    public Duration searchTimeLimit() {
        return searchTimeLimit;
    }

    /** @return the most connections the pool holds */
    public int poolSize() {
        return poolSize;
    }

    /** @return the base DN searched for users */
    public String baseDn() {
        return baseDn;
    }

    /** @return true for a subtree search, false for one level below the base DN */
    public boolean subtree() {
        return subtree;
    }

    /**
     * @return the complete user filter sent to the server: the configured filter, each required
     *     attribute value (escaped), and the not-disabled clause when asked for
     */
    public Filter effectiveUserFilter() {
        try {
            List<Filter> parts = new ArrayList<>();
            parts.add(Filter.create(userFilter));
            for (String[] rv : requiredValues) {
                parts.add(Filter.createEqualityFilter(rv[0], rv[1]));
            }
            if (excludeDisabledAdAccounts) {
                parts.add(Filter.create(AD_NOT_DISABLED_FILTER));
            }
            return parts.size() == 1 ? parts.get(0) : Filter.createANDFilter(parts);
        } catch (LDAPException e) {
            throw new ConfigurationException("userFilter: " + e.getMessage());
        }
    }

    /** @return the group whose members are the scope (group-directory mode), if set */
    public Optional<String> groupDn() {
        return Optional.ofNullable(groupDn);
    }

    /** @return whether members of nested groups count as members */
    public boolean nestedGroups() {
        return nestedGroups;
    }

    /** @return the filter that recognises group entries */
    public String groupFilter() {
        return groupFilter;
    }

    /**
     * @return where groups are searched for in group-directory mode: the configured base, or by
     *     default the group DN's domain part (its trailing {@code dc=} components, for example
     *     {@code dc=corp,dc=example} for {@code cn=Phones,ou=Groups,dc=corp,dc=example}), or the
     *     group's parent when it has no {@code dc=} components
     */
    public String groupSearchBase() {
        if (groupSearchBase != null || groupDn == null) {
            return groupSearchBase == null ? baseDn : groupSearchBase;
        }
        try {
            RDN[] rdns = new DN(groupDn).getRDNs();
            int first = rdns.length;
            while (first > 0 && rdns[first - 1].hasAttribute("dc")) {
                first--;
            }
            if (first < rdns.length) {
                return new DN(Arrays.copyOfRange(rdns, first, rdns.length)).toString();
            }
            DN parent = new DN(groupDn).getParent();
            return parent == null ? "" : parent.toString();
        } catch (LDAPException e) {
            return baseDn;
        }
    }

    /** @return attributes of a group that list its members */
    public List<String> memberAttributes() {
        return memberAttributes;
    }

    /** @return entries per page; 0 turns paging off */
    public int pageSize() {
        return pageSize;
    }

    /** @return the attribute whose value is the entry's stable id */
    public String idAttribute() {
        return idAttribute;
    }

    /** @return the attributes asked for by the caller (typically the mapping's) */
    public List<String> attributes() {
        return attributes;
    }

    /** @return whether {@code userAccountControl} bit 2 marks an entry disabled */
    public boolean userAccountControl() {
        return userAccountControl;
    }

    /** @return the attribute holding the DNs of a user's groups, if group names are wanted */
    public Optional<String> memberOfAttribute() {
        return Optional.ofNullable(memberOfAttribute);
    }

    /**
     * @return the group attribute read for a group's name, or empty to take the value of the
     *     group DN's first RDN (the CN)
     */
    public Optional<String> groupNameAttribute() {
        return Optional.ofNullable(groupNameAttribute);
    }

    /** @return how changes are tracked */
    public ChangeTracking changeTracking() {
        return changeTracking;
    }

    /** @return what continuation references do */
    public ReferencePolicy referencePolicy() {
        return referencePolicy;
    }

    /**
     * @return every attribute the source requests: the configured ones plus the id,
     *     {@code userAccountControl}, the memberOf attribute and {@code uSNChanged} as needed
     */
    public String[] requestedAttributes() {
        Set<String> all = new LinkedHashSet<>(attributes);
        if (!"dn".equalsIgnoreCase(idAttribute)) {
            all.add(idAttribute);
        }
        if (userAccountControl) {
            all.add("userAccountControl");
        }
        if (memberOfAttribute != null) {
            all.add(memberOfAttribute);
        }
        if (changeTracking == ChangeTracking.AD_USN) {
            all.add("uSNChanged");
        }
        return all.toArray(new String[0]);
    }

    /** Shows every setting; passwords appear only as {@code <redacted>} or {@code <none>}. */
    @Override
    public String toString() {
        return "LdapSourceConfig{servers=" + servers + ", startTls=" + startTls + ", bindDn=" + bindDn
                + ", bindPassword=" + (bindPassword == null ? "<none>" : "<redacted>")
                + ", trustPemFile=" + trustPemFile + ", trustPkcs12File=" + trustPkcs12File
                + ", trustPkcs12Password=" + (trustPkcs12Password == null ? "<none>" : "<redacted>")
                + ", trustAllCertificatesInsecure=" + trustAllCertificatesInsecure
                + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
                + ", searchTimeLimit=" + searchTimeLimit + ", poolSize=" + poolSize + ", baseDn=" + baseDn
                + ", subtree=" + subtree + ", userFilter=" + userFilter + ", groupDn=" + groupDn
                + ", nestedGroups=" + nestedGroups + ", pageSize=" + pageSize + ", idAttribute=" + idAttribute
                + ", attributes=" + attributes + ", userAccountControl=" + userAccountControl
                + ", memberOfAttribute=" + memberOfAttribute + ", groupNameAttribute=" + groupNameAttribute
                + ", changeTracking=" + changeTracking + ", referencePolicy=" + referencePolicy + "}";
    }

    /**
     * Builds an {@link LdapSourceConfig}. Setters accept anything; {@link #validate()} reports
     * every problem at once without touching the network, and {@link #build()} throws them. Not
     * thread-safe.
     */
    public static final class Builder {
        private final List<String> servers = new ArrayList<>();
        private boolean startTls;
        private String bindDn;
        private char[] bindPassword;
        private Path trustPemFile;
        private Path trustPkcs12File;
        private char[] trustPkcs12Password;
        private boolean trustAllCertificatesInsecure;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(60);
        private Duration searchTimeLimit = Duration.ZERO;
        private int poolSize = 3;
        private String baseDn;
        private boolean subtree = true;
        private String userFilter = "(objectClass=person)";
        private final List<String[]> requiredValues = new ArrayList<>();
        private boolean excludeDisabledAdAccounts;
        private String groupDn;
        private boolean nestedGroups = true;
        private String groupFilter = DEFAULT_GROUP_FILTER;
        private String groupSearchBase;
        private final List<String> memberAttributes = new ArrayList<>(List.of("member", "uniqueMember"));
        private int pageSize = 500;
        private String idAttribute = "entryUUID";
        private final List<String> attributes = new ArrayList<>();
        private boolean userAccountControl = true;
        private String memberOfAttribute = "memberOf";
        private String groupNameAttribute;
        private ChangeTracking changeTracking = ChangeTracking.NONE;
        private ReferencePolicy referencePolicy = ReferencePolicy.FAIL;

        private Builder() {
        }

        /**
         * Adds a server, tried in the order added (failover).
         *
         * @param url {@code ldap://host[:port]} or {@code ldaps://host[:port]}; ports default to
         *     389 and 636; every server must use the same scheme
         * @return this builder
         */
        public Builder server(String url) {
            servers.add(url);
            return this;
        }

        /**
         * Replaces the server list.
         *
         * @param urls server URLs in failover order; not null
         * @return this builder
         */
        public Builder servers(Collection<String> urls) {
            servers.clear();
            servers.addAll(urls);
            return this;
        }

        /**
         * @param startTls upgrade {@code ldap://} connections with StartTLS before binding
         * @return this builder
         */
        public Builder startTls(boolean startTls) {
            this.startTls = startTls;
            return this;
        }

        /**
         * Sets the simple-bind identity. Without it the source binds anonymously.
         *
         * @param bindDn DN to bind as; null for anonymous
         * @param password its password; copied; never logged or shown
         * @return this builder
         */
        public Builder bind(String bindDn, char[] password) {
            this.bindDn = bindDn;
            this.bindPassword = password == null ? null : password.clone();
            return this;
        }

        /**
         * @param pemFile a file of PEM certificates (for example the AD CA) to trust instead of
         *     the JVM's trust store
         * @return this builder
         */
        public Builder trustPemFile(Path pemFile) {
            this.trustPemFile = pemFile;
            return this;
        }

        /**
         * @param pkcs12File a PKCS12 trust store to trust instead of the JVM's
         * @param password its password; may be null; copied; never shown
         * @return this builder
         */
        public Builder trustPkcs12File(Path pkcs12File, char[] password) {
            this.trustPkcs12File = pkcs12File;
            this.trustPkcs12Password = password == null ? null : password.clone();
            return this;
        }

        /**
         * Turns certificate and host name verification off. Anyone between this host and the
         * directory can then read the bind password and the data. The source logs a warning
         * each time it is created with this setting. For tests and emergencies only.
         *
         * @param insecure true to trust every certificate
         * @return this builder
         */
        public Builder trustAllCertificatesInsecure(boolean insecure) {
            this.trustAllCertificatesInsecure = insecure;
            return this;
        }

        /**
         * @param timeout TCP connect time-out per server; positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * @param timeout how long to wait for each response (each page); positive
         * @return this builder
         */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = timeout;
            return this;
        }

        /**
         * @param limit server-side time limit sent with each search, whole seconds; zero for none
         * @return this builder
         */
        public Builder searchTimeLimit(Duration limit) {
            this.searchTimeLimit = limit;
            return this;
        }

        /**
         * @param size most connections the pool holds; at least 2 are useful (one pages while
         *     another completes ranged attributes); 1 to 32
         * @return this builder
         */
        public Builder poolSize(int size) {
            this.poolSize = size;
            return this;
        }

        /**
         * @param baseDn where users are searched; required
         * @return this builder
         */
        public Builder baseDn(String baseDn) {
            this.baseDn = baseDn;
            return this;
        }

        /**
         * @param subtree true (default) for the whole subtree, false for one level
         * @return this builder
         */
        public Builder subtree(boolean subtree) {
            this.subtree = subtree;
            return this;
        }

        /**
         * @param filter the LDAP filter selecting users, in RFC 4515 text form
         * @return this builder
         */
        public Builder userFilter(String filter) {
            this.userFilter = filter;
            return this;
        }

        /**
         * Restricts the scope to entries with an attribute value, for example a department. The
         * value is escaped, so any character is taken literally.
         *
         * @param attribute attribute name
         * @param value the exact value; may contain {@code *()\} and any other character
         * @return this builder
         */
        public Builder requireAttributeValue(String attribute, String value) {
            requiredValues.add(new String[] {attribute, value});
            return this;
        }

        /**
         * @param exclude add {@value #AD_NOT_DISABLED_FILTER} to the filter, so disabled AD
         *     accounts are not listed at all (instead of being listed as disabled)
         * @return this builder
         */
        public Builder excludeDisabledAdAccounts(boolean exclude) {
            this.excludeDisabledAdAccounts = exclude;
            return this;
        }

        /**
         * Switches to group-directory mode: only members of this group (and, by default, of its
         * nested groups) who also match the base DN and user filter are listed.
         *
         * @param groupDn the group's DN; null to list the whole scope
         * @return this builder
         */
        public Builder groupDn(String groupDn) {
            this.groupDn = groupDn;
            return this;
        }

        /**
         * @param nested whether members of member groups count (default true); cycles are
         *     detected and reported, not followed again
         * @return this builder
         */
        public Builder nestedGroups(boolean nested) {
            this.nestedGroups = nested;
            return this;
        }

        /**
         * @param filter recognises group entries in group-directory mode
         * @return this builder
         */
        public Builder groupFilter(String filter) {
            this.groupFilter = filter;
            return this;
        }

        /**
         * @param base where groups are searched in group-directory mode (to tell member groups from
         *     member users); null (default) for the group DN's domain part, see
         *     {@link LdapSourceConfig#groupSearchBase()}
         * @return this builder
         */
        public Builder groupSearchBase(String base) {
            this.groupSearchBase = base;
            return this;
        }

        /**
         * @param names attributes of a group entry listing its members; default {@code member},
         *     {@code uniqueMember}
         * @return this builder
         */
        public Builder memberAttributes(Collection<String> names) {
            memberAttributes.clear();
            memberAttributes.addAll(names);
            return this;
        }

        /**
         * @param size entries per page, 1 to 10000; 0 turns paging off (a server size limit then
         *     fails the listing)
         * @return this builder
         */
        public Builder pageSize(int size) {
            this.pageSize = size;
            return this;
        }

        /**
         * @param attribute the attribute holding the stable id ({@code entryUUID},
         *     {@code objectGUID}, ...)
         * @return this builder
         */
        public Builder idAttribute(String attribute) {
            this.idAttribute = attribute;
            return this;
        }

        /**
         * Replaces the attributes to fetch; typically the mapping's attributes. The source adds
         * what it needs itself (id, {@code userAccountControl}, memberOf, {@code uSNChanged}). An
         * empty list fetches only those; {@code *} fetches every user attribute and {@code +} every
         * operational attribute.
         *
         * @param names attribute descriptions; not null
         * @return this builder
         */
        public Builder attributes(Collection<String> names) {
            attributes.clear();
            attributes.addAll(names);
            return this;
        }

        /**
         * @param names attribute descriptions to fetch besides those already set
         * @return this builder
         */
        public Builder addAttributes(String... names) {
            attributes.addAll(Arrays.asList(names));
            return this;
        }

        /**
         * @param use whether {@code userAccountControl} bit 2 (ACCOUNTDISABLE) marks an entry
         *     disabled; entries without the attribute are enabled
         * @return this builder
         */
        public Builder userAccountControl(boolean use) {
            this.userAccountControl = use;
            return this;
        }

        /**
         * @param attribute the attribute listing a user's group DNs, usually {@code memberOf};
         *     null for no group names (in group-directory mode the groups found while expanding
         *     are used instead)
         * @return this builder
         */
        public Builder memberOfAttribute(String attribute) {
            this.memberOfAttribute = attribute;
            return this;
        }

        /**
         * @param attribute read from each group entry as its name (for example
         *     {@code sAMAccountName}); null (default) takes the value of the DN's first RDN
         * @return this builder
         */
        public Builder groupNameAttribute(String attribute) {
            this.groupNameAttribute = attribute;
            return this;
        }

        /**
         * @param tracking how changes are listed; not null
         * @return this builder
         */
        public Builder changeTracking(ChangeTracking tracking) {
            this.changeTracking = tracking;
            return this;
        }

        /**
         * @param policy what search continuation references do; not null
         * @return this builder
         */
        public Builder referencePolicy(ReferencePolicy policy) {
            this.referencePolicy = policy;
            return this;
        }

        /**
         * Checks the settings without touching the network.
         *
         * @return every problem found, each naming the setting; empty when the settings are valid
         */
        public List<String> validate() {
            List<String> p = new ArrayList<>();
            if (servers.isEmpty()) {
                p.add("servers: at least one server URL (ldap://host:port or ldaps://host:port) is required");
            }
            Set<String> schemes = new LinkedHashSet<>();
            for (String s : servers) {
                if (s == null || s.isBlank()) {
                    p.add("servers: a server URL is blank");
                    continue;
                }
                try {
                    LDAPURL url = new LDAPURL(s);
                    schemes.add(url.getScheme().toLowerCase(Locale.ROOT));
                    if (!url.hostProvided()) {
                        p.add("servers: '" + s + "' names no host");
                    }
                    if (!url.getScheme().equalsIgnoreCase("ldap") && !url.getScheme().equalsIgnoreCase("ldaps")) {
                        p.add("servers: '" + s + "' must use ldap:// or ldaps://");
                    }
                } catch (LDAPException e) {
                    p.add("servers: '" + s + "' is not an LDAP URL: " + e.getMessage());
                }
            }
            if (schemes.size() > 1) {
                p.add("servers: every server must use the same scheme, found " + schemes);
            }
            if (startTls && schemes.contains("ldaps")) {
                p.add("startTls: cannot be combined with ldaps:// servers (they are already TLS)");
            }
            if (bindDn != null) {
                checkDn(p, "bindDn", bindDn);
                if (bindPassword == null || bindPassword.length == 0) {
                    p.add("bind: a bind DN needs a password (an empty password would be an unauthenticated bind)");
                }
            } else if (bindPassword != null) {
                p.add("bind: a password without a bind DN");
            }
            if (trustPemFile != null && trustPkcs12File != null) {
                p.add("trust: give either a PEM file or a PKCS12 file, not both");
            }
            checkReadable(p, "trustPemFile", trustPemFile);
            checkReadable(p, "trustPkcs12File", trustPkcs12File);
            if (trustAllCertificatesInsecure && (trustPemFile != null || trustPkcs12File != null)) {
                p.add("trustAllCertificatesInsecure: contradicts the trust file given; choose one");
            }
            checkPositive(p, "connectTimeout", connectTimeout);
            checkPositive(p, "responseTimeout", responseTimeout);
            if (searchTimeLimit == null || searchTimeLimit.isNegative()) {
                p.add("searchTimeLimit: must be zero (none) or positive");
            }
            if (poolSize < 1 || poolSize > 32) {
                p.add("poolSize: must be 1 to 32, was " + poolSize);
            }
            if (baseDn == null || baseDn.isBlank()) {
                p.add("baseDn: required");
            } else {
                checkDn(p, "baseDn", baseDn);
            }
            checkFilter(p, "userFilter", userFilter);
            for (String[] rv : requiredValues) {
                checkAttribute(p, "requireAttributeValue", rv[0]);
                if (rv[1] == null) {
                    p.add("requireAttributeValue: the value for " + rv[0] + " is null");
                }
            }
            if (groupDn != null) {
                checkDn(p, "groupDn", groupDn);
                checkFilter(p, "groupFilter", groupFilter);
                if (memberAttributes.isEmpty()) {
                    p.add("memberAttributes: group-directory mode needs at least one member attribute");
                }
                memberAttributes.forEach(a -> checkAttribute(p, "memberAttributes", a));
                if (changeTracking != ChangeTracking.NONE) {
                    p.add("changeTracking: " + changeTracking + " cannot see group membership changes;"
                            + " use NONE in group-directory mode");
                }
            }
            if (groupSearchBase != null) {
                checkDn(p, "groupSearchBase", groupSearchBase);
            }
            if (pageSize < 0 || pageSize > 10000) {
                p.add("pageSize: must be 0 (no paging) to 10000, was " + pageSize);
            }
            if (idAttribute == null || idAttribute.isBlank()) {
                p.add("idAttribute: required");
            } else {
                checkAttribute(p, "idAttribute", idAttribute);
            }
            attributes.stream().filter(a -> !"*".equals(a) && !"+".equals(a))
                    .forEach(a -> checkAttribute(p, "attributes", a));
            if (memberOfAttribute != null) {
                checkAttribute(p, "memberOfAttribute", memberOfAttribute);
            }
            if (groupNameAttribute != null) {
                checkAttribute(p, "groupNameAttribute", groupNameAttribute);
            }
            if (changeTracking == null) {
                p.add("changeTracking: required");
            } else if (changeTracking == ChangeTracking.CONTENT_SYNC && !"entryUUID".equalsIgnoreCase(idAttribute)) {
                p.add("changeTracking: CONTENT_SYNC reports deletions by entryUUID, so idAttribute must be entryUUID"
                        + " (was " + idAttribute + ")");
            }
            if (referencePolicy == null) {
                p.add("referencePolicy: required");
            }
            return p;
        }

        /**
         * @return the configuration
         * @throws ConfigurationException listing every problem {@link #validate()} finds
         */
        public LdapSourceConfig build() {
            List<String> problems = validate();
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
            return new LdapSourceConfig(this);
        }

        private static void checkDn(List<String> p, String setting, String dn) {
            if (!DN.isValidDN(dn)) {
                p.add(setting + ": '" + dn + "' is not a valid DN");
            }
        }

        private static void checkFilter(List<String> p, String setting, String filter) {
            if (filter == null || filter.isBlank()) {
                p.add(setting + ": required");
                return;
            }
            try {
                Filter.create(filter);
            } catch (LDAPException e) {
                p.add(setting + ": '" + filter + "' is not a valid LDAP filter: " + e.getMessage());
            }
        }

        private static void checkAttribute(List<String> p, String setting, String name) {
            if (name == null || !ATTRIBUTE_DESCRIPTION.matcher(name).matches()) {
                p.add(setting + ": '" + name + "' is not a valid attribute description");
            }
        }

        private static void checkPositive(List<String> p, String setting, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                p.add(setting + ": must be positive, was " + d);
            }
        }

        private static void checkReadable(List<String> p, String setting, Path file) {
            if (file != null && !Files.isReadable(file)) {
                p.add(setting + ": cannot read " + file);
            }
        }
    }
}

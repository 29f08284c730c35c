/**
 * LDAP, Active Directory and LDIF directory sources.
 *
 * <ul>
 *   <li>{@link org.pbxsync.ldap.LdapSourceConfig}: settings, with presets
 *       {@link org.pbxsync.ldap.LdapSourceConfig#activeDirectory()} and
 *       {@link org.pbxsync.ldap.LdapSourceConfig#openLdap()}; {@code validate()} reports every
 *       problem without touching the network.</li>
 *   <li>{@link org.pbxsync.ldap.LdapDirectorySource}: the live source (LDAP, LDAPS, StartTLS,
 *       failover, paging, range retrieval, group directories, incremental listings).</li>
 *   <li>{@link org.pbxsync.ldap.LdifDirectorySource}: the same entries from an LDIF export.</li>
 * </ul>
 *
 * <p>Typical use:
 * <pre>{@code
 * LdapSourceConfig config = LdapSourceConfig.activeDirectory()
 *         .server("ldaps://dc1.corp.example:636").server("ldaps://dc2.corp.example:636")
 *         .bind("CN=svc-pbx,OU=Service,DC=corp,DC=example", password)
 *         .baseDn("OU=Staff,DC=corp,DC=example")
 *         .attributes(mapping.attributesUsed())
 *         .build();
 * try (LdapDirectorySource source = LdapDirectorySource.create(config)) {
 *     FullListing listing = source.listAll();
 * }
 * }</pre>
 */
package org.pbxsync.ldap;

/**
 * PBX User Sync LDAP connector: a {@link org.pbxsync.core.directory.DirectorySource} for LDAP
 * servers, Active Directory and LDIF files, built on the UnboundID LDAP SDK.
 */
module org.pbxsync.ldap {
    requires transitive org.pbxsync.core;
    requires unboundid.ldapsdk;
    requires org.slf4j;

    exports org.pbxsync.ldap;
}

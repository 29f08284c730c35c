package org.pbxsync.teams;

/**
 * Which people a {@link TeamsDirectorySource} reads, as IP Office's "Tenant Directory" and
 * "Group Directory".
 */
public enum DirectoryScope {
    /** Every user in the tenant ({@code GET /users}). */
    TENANT,
    /**
     * The users among the transitive members of one group ({@code GET
     * /groups/{id}/transitiveMembers/microsoft.graph.user}): members of nested groups count,
     * devices, contacts, service principals and the nested groups themselves do not.
     */
    GROUP
}

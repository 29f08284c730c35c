/**
 * Microsoft Teams / Entra ID as a directory source, on Microsoft Graph v1.0 (Graph Java SDK v6)
 * and azure-identity.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * TeamsSourceConfig config = TeamsSourceConfig.builder(
 *         GraphCredentials.clientSecret(tenantId, clientId, secretFromVault))
 *     .cloud(GraphCloud.GLOBAL)
 *     .groupDirectory("02bd9fd6-8f93-4758-87c3-1fb73740a315")   // or tenantDirectory()
 *     .attributes(mapping.attributesUsed())
 *     .excludeGuests(true).excludeDisabled(true).requireTeamsPhone()
 *     .build();                                  // checks everything, no network
 * try (TeamsDirectorySource source = TeamsDirectorySource.create(config)) {
 *     ConnectionTestResult test = source.testConnection();
 *     FullListing listing = source.listAll();
 * }
 * }</pre>
 *
 * <h2>App registration</h2>
 * Application permissions {@code User.Read.All} (tenant and group directories) and {@code
 * GroupMember.Read.All} (group directory), granted with admin consent. Nothing else: the source
 * only reads.
 *
 * <h2>Which types to use</h2>
 * {@link org.pbxsync.teams.GraphCredentials} (how tokens are obtained), {@link
 * org.pbxsync.teams.GraphCloud} (global, US Government L4/L5, China), {@link
 * org.pbxsync.teams.TeamsSourceConfig} (all settings, validated at once) and {@link
 * org.pbxsync.teams.TeamsDirectorySource} (the {@link org.pbxsync.core.directory.DirectorySource}).
 * Everything in {@code org.pbxsync.teams.internal} is implementation.
 *
 * <h2>Transport</h2>
 * One HTTP stack: OkHttp, for Graph and (through {@code azure-core-http-okhttp}) for
 * azure-identity; {@code azure-core-http-netty} is excluded. Time-outs default to 10 s connect,
 * 60 s read and 90 s per call. The SDK's own retry handler is off; the source retries itself,
 * with bounded, logged waits. The access token is only sent to the configured Graph host.
 *
 * <h2>Modules</h2>
 * This jar has no {@code module-info}: the Kiota jars the Graph SDK needs all claim the
 * automatic module name {@code com.microsoft.kiota}, which the module system cannot resolve.
 * Its automatic module name is {@code org.pbxsync.teams}; use it on the class path.
 */
package org.pbxsync.teams;

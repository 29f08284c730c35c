/**
 * The directory side: {@link org.pbxsync.core.directory.DirectoryEntry}, the values a source
 * produces, and {@link org.pbxsync.core.directory.DirectorySource}, the SPI a source implements.
 *
 * <h2>Writing a DirectorySource</h2>
 * <ol>
 *   <li><b>Configuration.</b> Take settings in a constructor or builder. Check them there,
 *       without touching the network, and throw
 *       {@link org.pbxsync.core.ConfigurationException} with every problem at once. Keep
 *       secrets out of {@code toString()} and out of {@link
 *       org.pbxsync.core.directory.DirectorySource#describe()}.</li>
 *   <li><b>Entries.</b> For each person build a {@link
 *       org.pbxsync.core.directory.DirectoryEntry}: a stable id that survives renames and moves
 *       (objectGUID, entryUUID, the Graph object id), a reference an administrator recognises
 *       (DN or UPN), every attribute the mapping may read, the enabled flag, and group names.
 *       Turn binary values into text and document how.</li>
 *   <li><b>Full listing.</b> Implement {@link
 *       org.pbxsync.core.directory.DirectorySource#readAll(java.util.function.Consumer)}. Page
 *       through the server. If anything stops the listing before its end, throw {@link
 *       org.pbxsync.core.IncompleteListingException}: the synchronizer then plans nothing, so a
 *       broken connection can never look like "everyone left".</li>
 *   <li><b>Incremental listing (optional).</b> Return a {@link
 *       org.pbxsync.core.directory.Checkpoint} from {@code readAll}, override {@code
 *       supportsChanges()} and {@code listChanges(Checkpoint)}. When the checkpoint is no longer
 *       usable throw {@link org.pbxsync.core.CheckpointExpiredException}; the synchronizer runs
 *       a full listing instead and says so in its report.</li>
 *   <li><b>Connection test.</b> Implement {@code testConnection()} as a sequence of checks
 *       that stops at the first failure and names it.</li>
 *   <li><b>Errors.</b> Wrap SDK exceptions in the library's: {@link
 *       org.pbxsync.core.ConnectionFailedException}, {@link
 *       org.pbxsync.core.AuthenticationFailedException}, {@link
 *       org.pbxsync.core.RetryableException}, keeping the original as the cause.</li>
 *   <li><b>Read only.</b> Never write to the directory.</li>
 * </ol>
 */
package org.pbxsync.core.directory;

package org.pbxsync.core.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A directory that people are read from: LDAP, Active Directory, an LDIF export, Microsoft
 * Graph, or a host's own. This is an SPI: hosts and connector modules implement it; the
 * synchronizer calls it. See the {@linkplain org.pbxsync.core.directory package documentation}
 * for a guide to writing one.
 *
 * <p>A source is read-only: it never changes the directory.
 *
 * <p>Thread safety: the synchronizer calls one method at a time per source. An implementation
 * need not support concurrent listings, but {@link #close()} may be called from another thread
 * to abort one.
 */
public interface DirectorySource extends AutoCloseable {

    /**
     * @return a short description for logs and reports: the kind, the server and the scope (for
     *     example {@code ldaps://dc1.corp:636 ou=Staff,dc=corp,dc=com}); never a secret
     */
    String describe();

    /**
     * Reads every entry in scope and hands each to {@code sink}, in the source's order.
     *
     * <p>All or nothing: if this method returns normally, {@code sink} has seen every entry in
     * scope exactly once. If the listing cannot be completed (connection lost mid-way, size or
     * time limit, an unfollowable referral, a page that failed after retries) it throws, and the
     * caller discards what the sink received. It never returns normally after a partial read.
     *
     * @param sink receives each entry; not null; exceptions it throws propagate unchanged
     * @return where a later {@link #listChanges} can resume, or empty if the source has no
     *     incremental mechanism (or the server lacks it)
     * @throws org.pbxsync.core.IncompleteListingException if the listing could not be completed
     * @throws org.pbxsync.core.ConnectionFailedException if the server could not be reached
     * @throws org.pbxsync.core.AuthenticationFailedException if the credentials were refused
     */
    Optional<Checkpoint> readAll(Consumer<? super DirectoryEntry> sink);

    /**
     * Reads every entry into memory. Same contract as {@link #readAll(Consumer)}.
     *
     * @return the complete listing
     */
    default FullListing listAll() {
        List<DirectoryEntry> entries = new ArrayList<>();
        Optional<Checkpoint> checkpoint = readAll(entries::add);
        return new FullListing(entries, checkpoint);
    }

    /**
     * @return whether {@link #listChanges} can work with this source's configuration and
     *     server; false by default
     */
    default boolean supportsChanges() {
        return false;
    }

    /**
     * Lists what changed since a checkpoint that this source returned earlier. All or nothing,
     * like {@link #readAll}.
     *
     * @param since a checkpoint from an earlier {@link #readAll} or {@link #listChanges} of a
     *     source with the same configuration; not null
     * @return the changes and the next checkpoint
     * @throws org.pbxsync.core.CheckpointExpiredException if the checkpoint cannot be used any
     *     more (expired token, unknown cookie, different domain controller, different kind); the
     *     caller then runs a full listing
     * @throws UnsupportedOperationException if {@link #supportsChanges()} is false
     * @throws org.pbxsync.core.IncompleteListingException if the listing could not be completed
     */
    default ChangeSet listChanges(Checkpoint since) {
        throw new UnsupportedOperationException(describe() + " does not support incremental listings");
    }

    /**
     * Checks that the source can be used, step by step (reach the server, TLS, credentials,
     * permissions, base DN or group), stopping at the first failure. Never throws for a failed
     * check; the result says what failed.
     *
     * @return each check made, with a precise message
     */
    ConnectionTestResult testConnection();

    /** Releases connections. Idempotent. Does not throw checked exceptions. */
    @Override
    default void close() {}
}

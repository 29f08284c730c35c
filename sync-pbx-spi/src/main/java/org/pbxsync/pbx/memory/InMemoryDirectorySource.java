package org.pbxsync.pbx.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.pbxsync.core.CheckpointExpiredException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.ConnectionTestResult;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.directory.DirectorySource;

/**
 * A directory held in memory, for tests and demos: put and remove entries, and the source lists
 * them in full or as changes since a checkpoint, like an LDAP sync cookie or a Graph delta link.
 * Switches make the next listing fail half-way or make old checkpoints expire. Thread-safe.
 *
 * <p>Checkpoints have kind {@value #CHECKPOINT_KIND} and hold this source's instance id and a
 * change counter; a checkpoint of another instance is refused as expired.
 */
public final class InMemoryDirectorySource implements DirectorySource {
    /** The {@link Checkpoint#kind()} of this source's checkpoints. */
    public static final String CHECKPOINT_KIND = "in-memory";

    private final String instance = UUID.randomUUID().toString();
    private final Map<String, DirectoryEntry> entries = new LinkedHashMap<>();
    private final Map<String, Long> lastChange = new LinkedHashMap<>();
    private long counter;
    private long generation;
    private boolean supportsChanges = true;
    private int failNextListings;
    private int fullListings;
    private int changeListings;

    /** @return an empty directory that supports incremental listings */
    public static InMemoryDirectorySource create() {
        return new InMemoryDirectorySource();
    }

    /**
     * Adds or replaces entries (by id).
     *
     * @param added the entries; not null
     * @return this source
     */
    public synchronized InMemoryDirectorySource put(DirectoryEntry... added) {
        for (DirectoryEntry e : added) {
            entries.put(e.getId(), e);
            lastChange.put(e.getId(), ++counter);
        }
        return this;
    }

    /**
     * Adds or replaces entries (by id).
     *
     * @param added the entries; not null
     * @return this source
     */
    public synchronized InMemoryDirectorySource putAll(Collection<DirectoryEntry> added) {
        return put(added.toArray(new DirectoryEntry[0]));
    }

    /**
     * Removes entries; unknown ids are ignored.
     *
     * @param ids entry ids; not null
     * @return this source
     */
    public synchronized InMemoryDirectorySource remove(String... ids) {
        for (String id : ids) {
            if (entries.remove(id) != null) {
                lastChange.put(id, ++counter);
            }
        }
        return this;
    }

    /** @return a copy of the entries, in insertion order */
    public synchronized List<DirectoryEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    /**
     * @param supported whether {@link #supportsChanges()} reports true
     * @return this source
     */
    public synchronized InMemoryDirectorySource supportsChanges(boolean supported) {
        this.supportsChanges = supported;
        return this;
    }

    /**
     * Makes every checkpoint handed out so far expire: the next {@link #listChanges} with one
     * throws {@link CheckpointExpiredException}.
     *
     * @return this source
     */
    public synchronized InMemoryDirectorySource expireCheckpoints() {
        generation++;
        return this;
    }

    /**
     * Makes the next {@code count} listings (full or incremental) fail half-way with {@link
     * IncompleteListingException}, after handing some entries to the sink.
     *
     * @param count how many listings fail
     * @return this source
     */
    public synchronized InMemoryDirectorySource failNextListings(int count) {
        this.failNextListings = count;
        return this;
    }

    /** @return how many full listings were made */
    public synchronized int fullListings() {
        return fullListings;
    }

    /** @return how many incremental listings were made */
    public synchronized int changeListings() {
        return changeListings;
    }

    @Override
    public String describe() {
        return "in-memory directory";
    }

    @Override
    public synchronized Optional<Checkpoint> readAll(Consumer<? super DirectoryEntry> sink) {
        Objects.requireNonNull(sink, "sink");
        fullListings++;
        List<DirectoryEntry> all = new ArrayList<>(entries.values());
        if (failNextListings > 0) {
            failNextListings--;
            all.subList(0, all.size() / 2).forEach(sink);
            throw new IncompleteListingException("in-memory directory: listing broken off after " + all.size() / 2
                    + " of " + all.size() + " entries (injected failure)");
        }
        all.forEach(sink);
        return Optional.of(checkpoint());
    }

    @Override
    public synchronized boolean supportsChanges() {
        return supportsChanges;
    }

    @Override
    public synchronized ChangeSet listChanges(Checkpoint since) {
        Objects.requireNonNull(since, "since");
        if (!supportsChanges) {
            throw new UnsupportedOperationException(describe() + " was told not to support incremental listings");
        }
        changeListings++;
        long from = parse(since);
        if (failNextListings > 0) {
            failNextListings--;
            throw new IncompleteListingException("in-memory directory: change listing broken off (injected failure)");
        }
        List<DirectoryEntry> upserts = new ArrayList<>();
        Set<String> removed = new LinkedHashSet<>();
        for (Map.Entry<String, Long> c : lastChange.entrySet()) {
            if (c.getValue() > from) {
                DirectoryEntry e = entries.get(c.getKey());
                if (e == null) {
                    removed.add(c.getKey());
                } else {
                    upserts.add(e);
                }
            }
        }
        return new ChangeSet(upserts, removed, checkpoint());
    }

    private Checkpoint checkpoint() {
        return new Checkpoint(CHECKPOINT_KIND, instance + ":" + generation + ":" + counter);
    }

    private long parse(Checkpoint cp) {
        if (!CHECKPOINT_KIND.equals(cp.kind()) || !cp.value().startsWith(instance + ":")) {
            throw new CheckpointExpiredException("checkpoint " + cp + " was not made by this in-memory directory");
        }
        String[] parts = cp.value().substring(instance.length() + 1).split(":");
        long gen;
        long seq;
        try {
            gen = Long.parseLong(parts[0]);
            seq = Long.parseLong(parts[1]);
        } catch (RuntimeException e) {
            throw new CheckpointExpiredException("checkpoint " + cp + " is not valid", e);
        }
        if (gen != generation || seq > counter) {
            throw new CheckpointExpiredException("checkpoint " + cp + " has expired");
        }
        return seq;
    }

    @Override
    public ConnectionTestResult testConnection() {
        return new ConnectionTestResult(List.of(ConnectionTestResult.Check.ok("connect", "in memory")));
    }

    @Override
    public String toString() {
        return describe();
    }
}

package org.pbxsync.pbx.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.CheckpointExpiredException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.directory.DirectoryEntry;

class InMemoryDirectorySourceTest {
    static DirectoryEntry entry(String id) {
        return DirectoryEntry.builder(id, "uid=" + id).add("uid", id).build();
    }

    @Test
    void changesSinceACheckpointAreListed() {
        InMemoryDirectorySource src = InMemoryDirectorySource.create().put(entry("a"), entry("b"));
        Checkpoint cp = src.listAll().checkpoint().orElseThrow();
        assertEquals(List.of(), src.listChanges(cp).upserts());
        src.put(entry("c")).remove("a").put(entry("b"));
        ChangeSet changes = src.listChanges(cp);
        assertEquals(List.of("b", "c"), changes.upserts().stream().map(DirectoryEntry::getId).sorted().toList());
        assertEquals(Set.of("a"), changes.removedIds());
        assertEquals(List.of(), src.listChanges(changes.next()).upserts());
    }

    @Test
    void expiredAndForeignCheckpointsAreRefused() {
        InMemoryDirectorySource src = InMemoryDirectorySource.create().put(entry("a"));
        Checkpoint cp = src.listAll().checkpoint().orElseThrow();
        src.expireCheckpoints();
        assertThrows(CheckpointExpiredException.class, () -> src.listChanges(cp));
        Checkpoint fresh = src.listAll().checkpoint().orElseThrow();
        assertEquals(0, src.listChanges(fresh).upserts().size());
        assertThrows(CheckpointExpiredException.class, () -> InMemoryDirectorySource.create().listChanges(fresh));
    }

    @Test
    void brokenListingThrowsAfterPartOfTheEntries() {
        InMemoryDirectorySource src = InMemoryDirectorySource.create().put(entry("a"), entry("b"), entry("c"), entry("d"));
        src.failNextListings(1);
        List<DirectoryEntry> seen = new ArrayList<>();
        assertThrows(IncompleteListingException.class, () -> src.readAll(seen::add));
        assertEquals(2, seen.size());
        assertEquals(4, src.listAll().entries().size());
    }
}

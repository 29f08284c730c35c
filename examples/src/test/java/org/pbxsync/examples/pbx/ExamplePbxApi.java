package org.pbxsync.examples.pbx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stands in for a PBX's own management API (its REST client, say): users are records with a
 * numeric id, fields by name, groups and a free-text note. The PBX itself enforces unique names
 * and extensions, and refuses reserved extensions, as real PBXs do.
 */
final class ExamplePbxApi {
    /** What the PBX answers when it refuses a write. */
    static final class ApiError extends RuntimeException {
        final String code;

        ApiError(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** One user record as the PBX stores it. */
    static final class Record {
        long id;
        final Map<String, String> fields = new TreeMap<>();
        final Set<String> groups = new TreeSet<>();
        String note = "";
        boolean active = true;

        Record copy() {
            Record r = new Record();
            r.id = id;
            r.active = active;
            r.fields.putAll(fields);
            r.groups.addAll(groups);
            r.note = note;
            return r;
        }
    }

    private final Map<Long, Record> users = new LinkedHashMap<>();
    private final Set<String> groups;
    private final Set<String> reserved;
    private long nextId = 1;

    ExamplePbxApi(Set<String> groups, Set<String> reservedExtensions) {
        this.groups = Set.copyOf(groups);
        this.reserved = Set.copyOf(reservedExtensions);
    }

    synchronized List<Record> listUsers() {
        List<Record> out = new ArrayList<>();
        users.values().forEach(r -> out.add(r.copy()));
        return out;
    }

    Set<String> listGroups() {
        return groups;
    }

    Set<String> reservedExtensions() {
        return reserved;
    }

    synchronized long add(Record r) {
        check(r, -1);
        Record stored = r.copy();
        stored.id = nextId++;
        users.put(stored.id, stored);
        return stored.id;
    }

    synchronized void modify(Record r) {
        if (!users.containsKey(r.id)) {
            throw new ApiError("NOT_FOUND", "no user with id " + r.id);
        }
        check(r, r.id);
        users.put(r.id, r.copy());
    }

    synchronized void remove(long id) {
        users.remove(id);
    }

    private void check(Record r, long self) {
        String name = r.fields.get("name");
        String ext = r.fields.get("extension");
        if (ext != null && reserved.contains(ext)) {
            throw new ApiError("RESERVED_NUMBER", "extension " + ext + " is reserved");
        }
        for (Record other : users.values()) {
            if (other.id == self) {
                continue;
            }
            if (name != null && name.toLowerCase(Locale.ROOT).equals(
                    String.valueOf(other.fields.get("name")).toLowerCase(Locale.ROOT))) {
                throw new ApiError("DUPLICATE_NAME", "name '" + name + "' is in use");
            }
            if (ext != null && ext.equals(other.fields.get("extension"))) {
                throw new ApiError("DUPLICATE_NUMBER", "extension " + ext + " is in use");
            }
        }
    }
}

package org.pbxsync.core.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import org.pbxsync.core.mapping.MappedField;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.model.ProvisioningRule;

/** One mapped directory entry as the planner works on it. Mutable, confined to one PlanRun. */
final class Entry {
    enum Kind {
        /** Nothing is planned and the entry holds nothing on the PBX. */
        NONE,
        /** A new user to create. */
        CREATE,
        /** An owned PBX user whose fields may change. */
        UPDATE,
        /** An owned PBX user left as it is (fields); enable/disable may still apply. */
        KEEP
    }

    /** By User Identification (missing ones last), then entry reference, then entry id. */
    static final Comparator<Entry> ORDER = Entry::compare;

    final MappedUser src;
    final String ref;
    String userId;

    /** Field keys in field order, parallel to {@link #values} and {@link #createOnly}. */
    FieldKey[] keys;
    /** Cleaned first value per key; null when the mapping gave none or validation dropped it. */
    String[] values;
    boolean[] createOnly;
    String[] ruleText;
    /** Cleaned group values, null if groups are not mapped. */
    List<String> groupValues;
    boolean groupsCreateOnly;

    boolean error;
    PbxUser existing;
    Kind kind = Kind.NONE;
    boolean eliminated;
    boolean circular;
    boolean noFreeExtension;

    String name;
    String nameKey;
    String ext;
    boolean allocating;
    ProvisioningRule rule;
    String system;
    SortedSet<String> groups;
    boolean suffixLoser;
    boolean suffixed;
    boolean wantDisable;
    boolean wantEnable;

    List<Entry> dependents;
    List<Entry> waitsFor;
    int indegree;
    boolean ordered;

    List<String> trace;

    Entry(MappedUser src) {
        this.src = src;
        this.ref = src.getEntryReference();
    }

    private static int compare(Entry a, Entry b) {
        if (a.userId != b.userId) {
            if (a.userId == null) {
                return 1;
            }
            if (b.userId == null) {
                return -1;
            }
            int c = a.userId.compareTo(b.userId);
            if (c != 0) {
                return c;
            }
        }
        int c = a.ref.compareTo(b.ref);
        return c != 0 ? c : a.src.getEntryId().compareTo(b.src.getEntryId());
    }

    int indexOf(FieldKey key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    boolean isMapped(FieldKey key) {
        return indexOf(key) >= 0;
    }

    String value(FieldKey key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    boolean isLive() {
        return (kind == Kind.CREATE || kind == Kind.UPDATE) && !eliminated && !error;
    }

    void trace(java.util.function.Supplier<String> step) {
        if (trace != null) {
            trace.add(step.get());
        }
    }

    void addDependent(Entry taker) {
        if (dependents == null) {
            dependents = new ArrayList<>(2);
        }
        dependents.add(taker);
        if (taker.waitsFor == null) {
            taker.waitsFor = new ArrayList<>(2);
        }
        taker.waitsFor.add(this);
        taker.indegree++;
    }

    static String origin(MappedField f) {
        return "rule '" + f.getRule() + "'" + (f.getSourceAttributes().isEmpty() ? ""
                : " (attributes " + String.join(", ", new java.util.TreeSet<>(f.getSourceAttributes())) + ")");
    }
}

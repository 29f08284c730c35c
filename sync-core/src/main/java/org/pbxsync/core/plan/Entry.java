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

    /** The mapped fields in field order. */
    MappedField[] mapped;
    /** Cleaned first values, parallel to {@link #mapped}; null while every value is the raw one. */
    private String[] cleaned;
    /** Cleaned group values, null if groups are not mapped. */
    List<String> groupValues;
    boolean groupsCreateOnly;

    boolean error;
    PbxUser existing;
    /** The existing user's name key and extension, cached. */
    String curNameKey;
    String curExt;
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

    int size() {
        return mapped.length;
    }

    FieldKey key(int i) {
        return mapped[i].getField();
    }

    boolean createOnly(int i) {
        return mapped[i].isCreateOnly();
    }

    /** The first value as mapped, before cleaning; null if none. */
    String raw(int i) {
        List<String> vs = mapped[i].getValues();
        return vs.isEmpty() ? null : vs.get(0);
    }

    /**
     * The cleaned first value; null when the mapping gave none, validation dropped it, or it is
     * empty in a field other than the mandatory ones.
     */
    String value(int i) {
        if (cleaned != null) {
            return cleaned[i];
        }
        String v = raw(i);
        return v != null && v.isEmpty() && !isMandatory(key(i)) ? null : v;
    }

    void setValue(int i, String v) {
        if (cleaned == null) {
            if (v == raw(i)) {
                return;
            }
            String[] copy = new String[mapped.length];
            for (int j = 0; j < mapped.length; j++) {
                copy[j] = value(j);
            }
            cleaned = copy;
        }
        cleaned[i] = v;
    }

    static boolean isMandatory(FieldKey k) {
        return k.equals(FieldKey.USER_ID) || k.equals(FieldKey.NAME);
    }

    int indexOf(FieldKey key) {
        if (key.isStandard()) {
            for (int i = 0; i < mapped.length; i++) {
                FieldKey k = mapped[i].getField();
                if (k == key) {
                    return i;
                }
                if (!k.isStandard() || k.compareTo(key) > 0) {
                    return -1;
                }
            }
            return -1;
        }
        for (int i = 0; i < mapped.length; i++) {
            if (mapped[i].getField().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    String value(FieldKey key) {
        int i = indexOf(key);
        return i < 0 ? null : value(i);
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

package org.pbxsync.core.plan;

import java.util.ArrayList;
import java.util.List;
import org.pbxsync.core.model.PbxUser;

/** Who holds a name or extension now, and who wants it after the plan. Confined to one PlanRun. */
final class Slot {
    private Object current;
    boolean reserved;
    private final List<Entry> claimants = new ArrayList<>(1);
    Entry winner;

    void addCurrent(PbxUser u) {
        if (current == null) {
            current = u;
        } else if (current instanceof PbxUser) {
            List<PbxUser> list = new ArrayList<>(2);
            list.add((PbxUser) current);
            list.add(u);
            current = list;
        } else {
            @SuppressWarnings("unchecked")
            List<PbxUser> list = (List<PbxUser>) current;
            list.add(u);
        }
    }

    @SuppressWarnings("unchecked")
    List<PbxUser> holders() {
        if (current == null) {
            return List.of();
        }
        if (current instanceof PbxUser) {
            return List.of((PbxUser) current);
        }
        return (List<PbxUser>) current;
    }

    boolean hasCurrent() {
        return current != null;
    }

    List<Entry> claimants() {
        return claimants;
    }

    void claim(Entry e) {
        claimants.add(e);
    }

    void unclaim(Entry e) {
        claimants.remove(e);
        if (winner == e) {
            winner = null;
        }
    }
}

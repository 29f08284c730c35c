package org.pbxsync.core.plan;

import java.util.ArrayList;
import java.util.List;
import org.pbxsync.core.model.PbxUser;

/**
 * Who holds a name or extension now, and who wants it after the plan. Confined to one PlanRun.
 * Kept small: one holder and one claimant inline, lists only for the rare collision.
 */
final class Slot {
    private PbxUser holder;
    private List<PbxUser> moreHolders;
    boolean reserved;
    private Entry claimant;
    private List<Entry> moreClaimants;
    Entry winner;

    void addCurrent(PbxUser u) {
        if (holder == null) {
            holder = u;
        } else {
            if (moreHolders == null) {
                moreHolders = new ArrayList<>(2);
            }
            moreHolders.add(u);
        }
    }

    int holderCount() {
        return holder == null ? 0 : 1 + (moreHolders == null ? 0 : moreHolders.size());
    }

    PbxUser holder(int i) {
        return i == 0 ? holder : moreHolders.get(i - 1);
    }

    boolean hasCurrent() {
        return holder != null;
    }

    /** Whether nobody but {@code u} (or nobody at all) holds this value now. */
    boolean heldOnlyBy(PbxUser u) {
        return holder == null || (holder == u && moreHolders == null);
    }

    int claimantCount() {
        return claimant == null ? 0 : 1 + (moreClaimants == null ? 0 : moreClaimants.size());
    }

    Entry claimant(int i) {
        return i == 0 ? claimant : moreClaimants.get(i - 1);
    }

    void claim(Entry e) {
        if (claimant == null) {
            claimant = e;
        } else {
            if (moreClaimants == null) {
                moreClaimants = new ArrayList<>(2);
            }
            moreClaimants.add(e);
        }
    }

    void unclaim(Entry e) {
        if (claimant == e) {
            claimant = moreClaimants == null || moreClaimants.isEmpty() ? null : moreClaimants.remove(0);
        } else if (moreClaimants != null) {
            moreClaimants.remove(e);
        }
        if (winner == e) {
            winner = null;
        }
    }
}

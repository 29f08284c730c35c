package org.pbxsync.core.plan;

import java.util.Collection;
import java.util.Set;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.PbxSnapshot;

final class PlanRun {
    PlanRun(PlanOptions options, PbxSnapshot snapshot, String traceSubject) {
    }

    SyncPlan planFull(Collection<MappedUser> desired) {
        throw new UnsupportedOperationException("not yet");
    }

    SyncPlan planIncremental(Collection<MappedUser> upserted, Set<String> removed) {
        throw new UnsupportedOperationException("not yet");
    }

    Explanation explainFull(Collection<MappedUser> desired) {
        throw new UnsupportedOperationException("not yet");
    }
}

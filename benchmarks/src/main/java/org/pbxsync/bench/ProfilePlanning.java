package org.pbxsync.bench;

import java.util.List;
import org.pbxsync.bench.gen.DirectoryGenerator;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.plan.Planner;
import org.pbxsync.core.plan.SyncPlan;

/**
 * Runs the no-change planning of N users in a loop, printing each round's time, for a profiler
 * (JFR) to attach to: {@code java -XX:StartFlightRecording=filename=plan.jfr,settings=profile -cp
 * benchmarks.jar org.pbxsync.bench.ProfilePlanning 100000 20}.
 */
public final class ProfilePlanning {
    private ProfilePlanning() {
    }

    public static void main(String[] args) {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String mode = args.length > 2 ? args[2] : "plan";
        DirectoryGenerator g = DirectoryGenerator.create(42, users, DirectoryGenerator.Shape.ACTIVE_DIRECTORY);
        Mapping mapping = PlanningFixture.mapping();
        Planner planner = PlanningFixture.planner();
        PbxSnapshot empty = PlanningFixture.emptyPbx();
        var entries = g.entries();
        List<MappedUser> mapped = PlanningFixture.map(mapping, entries);
        PbxSnapshot synced = PlanningFixture.applied(planner.plan(mapped, empty), empty);
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            SyncPlan p = mode.equals("map")
                    ? planner.plan(PlanningFixture.map(mapping, entries), synced)
                    : planner.plan(mapped, synced);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("round " + r + ": " + ms + " ms, " + p.counts() + ", unchanged " + p.getUnchangedCount());
        }
    }
}

package org.pbxsync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pbxsync.bench.gen.DirectoryGenerator;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.plan.Planner;
import org.pbxsync.core.plan.SyncPlan;

/**
 * Mapping, validation and planning of a whole directory (Active Directory shape, 5% disabled, 1%
 * bad values) for a first run (empty PBX), a no-change run and a run where 1% of the users
 * changed, beside a plain hash join of the same users by id with field-by-field comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx10g"})
public class PlanningBenchmark {
    @Param({"10000", "100000", "1000000"})
    public int users;

    private Mapping mapping;
    private Planner planner;
    private PbxSnapshot empty;
    private PbxSnapshot synced;
    private List<DirectoryEntry> entries;
    private List<DirectoryEntry> changedEntries;
    private List<MappedUser> mapped;
    private String[][] desiredRecords;
    private String[][] currentRecords;

    @Setup(Level.Trial)
    public void setUp() {
        DirectoryGenerator g = DirectoryGenerator.create(42, users, DirectoryGenerator.Shape.ACTIVE_DIRECTORY);
        mapping = PlanningFixture.mapping();
        planner = PlanningFixture.planner();
        empty = PlanningFixture.emptyPbx();
        entries = g.entries();
        DirectoryGenerator changed = g.mutate(7, 0.01, 0, 0);
        changedEntries = new ArrayList<>(entries);
        for (int i : changed.upsertedSince(g)) {
            changedEntries.set(i, changed.entry(i));
        }
        mapped = PlanningFixture.map(mapping, entries);
        synced = PlanningFixture.applied(planner.plan(mapped, empty), empty);
        desiredRecords = mapped.stream().map(PlanningFixture::record).toArray(String[][]::new);
        currentRecords = synced.getUsers().stream().map(PlanningFixture::record).toArray(String[][]::new);
        SyncPlan noChange = planner.plan(mapped, synced);
        if (!noChange.getOperations().isEmpty()) {
            throw new IllegalStateException("a second run should change nothing: " + noChange.counts());
        }
    }

    @Benchmark
    public SyncPlan firstRun() {
        return planner.plan(PlanningFixture.map(mapping, entries), empty);
    }

    @Benchmark
    public SyncPlan noChangeRun() {
        return planner.plan(PlanningFixture.map(mapping, entries), synced);
    }

    @Benchmark
    public SyncPlan onePercentChangedRun() {
        return planner.plan(PlanningFixture.map(mapping, changedEntries), synced);
    }

    /** Planning alone, on users mapped beforehand: splits the cost of the no-change run. */
    @Benchmark
    public SyncPlan noChangePlanOnly() {
        return planner.plan(mapped, synced);
    }

    @Benchmark
    public int hashJoinBaseline() {
        return PlanningFixture.hashJoin(desiredRecords, currentRecords);
    }
}

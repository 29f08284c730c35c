package org.pbxsync.bench;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pbxsync.bench.gen.DirectoryGenerator;
import org.pbxsync.bench.gen.GeneratedUser;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.mapping.MappingRule;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.core.plan.Planner;
import org.pbxsync.core.plan.SyncPlan;
import org.pbxsync.ldap.LdapDirectorySource;
import org.pbxsync.ldap.LdapSourceConfig;

/**
 * The library's stages chained from a real slapd to a PBX held in a map: read with the LDAP
 * source (RFC 4533 content sync), map as entries arrive, plan, apply the plan to the map. A first
 * run (empty PBX), a no-change run, and an incremental run after 10 entries were modified on the
 * server (cookie from the previous round), beside a raw paged read of the same entries. The
 * runtime's {@code Synchronizer} is not used (it was not on main when these were written); it
 * adds state storage and PBX calls, which the map stands in for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class PipelineBenchmark {
    @Param({"100000"})
    public int users;

    private SlapdServer slapd;
    private LdapDirectorySource source;
    private LDAPConnection root;
    private final LdapReadBenchmark raw = new LdapReadBenchmark();
    private Mapping mapping;
    private Planner planner;
    private PbxSnapshot empty;
    private Map<String, PbxUser> synced;
    private Map<String, PbxUser> incrementalPbx;
    private Checkpoint cookie;
    private DirectoryGenerator g;
    private int round;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        g = DirectoryGenerator.create(42, users, DirectoryGenerator.Shape.OPENLDAP);
        slapd = SlapdServer.start(g, null);
        LdapSourceConfig config = LdapSourceConfig.openLdap().server(slapd.url())
                .bind(SlapdServer.ROOT_DN, SlapdServer.ROOT_PW.toCharArray()).baseDn(SlapdServer.PEOPLE)
                .pageSize(1000).changeTracking(LdapSourceConfig.ChangeTracking.CONTENT_SYNC).build();
        source = LdapDirectorySource.create(config);
        root = new LDAPConnection("127.0.0.1", slapd.port(), SlapdServer.ROOT_DN, SlapdServer.ROOT_PW);
        raw.attach(slapd, config.requestedAttributes());
        mapping = mapping();
        planner = PlanningFixture.planner();
        empty = PlanningFixture.emptyPbx();
        synced = new HashMap<>();
        List<MappedUser> mapped = new ArrayList<>(users);
        cookie = source.readAll(e -> mapped.add(mapping.map(e))).orElseThrow();
        apply(planner.plan(mapped, empty), synced);
        incrementalPbx = new HashMap<>(synced);
        SyncPlan none = run(new HashMap<>(synced));
        if (!none.getOperations().isEmpty()) {
            throw new IllegalStateException("a second run should change nothing: " + none.counts());
        }
    }

    /** The OpenLDAP defaults, with the full name from displayName and the login code from employeeNumber. */
    static Mapping mapping() {
        return Mapping.openLdapDefaults().toBuilder()
                .map(FieldKey.FULL_NAME, MappingRule.attribute("displayName"))
                .map(FieldKey.LOGIN_CODE, MappingRule.attribute("employeeNumber"))
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        root.close();
        source.close();
        raw.tearDownConnection();
        slapd.close();
    }

    /** Before each incremental run: modify 10 entries on the server (not timed). */
    @Setup(Level.Invocation)
    public void modifyTen() throws Exception {
        round++;
        for (int k = 0; k < 10; k++) {
            GeneratedUser u = g.user((round * 7919 + k * 104_729) % users);
            root.modify(u.dn(), new Modification(ModificationType.REPLACE, "mobile", "+49 171 " + round + " " + k));
        }
    }

    @Benchmark
    public long rawPagedSearch() throws Exception {
        return raw.rawPagedSearch();
    }

    @Benchmark
    public SyncPlan firstRun() {
        return run(new HashMap<>());
    }

    @Benchmark
    public SyncPlan noChangeRun() {
        return run(synced);
    }

    @Benchmark
    public SyncPlan incrementalTenChanges() {
        ChangeSet changes = source.listChanges(cookie);
        List<MappedUser> upserted = new ArrayList<>(changes.upserts().size());
        changes.upserts().forEach(e -> upserted.add(mapping.map(e)));
        SyncPlan plan = planner.planChanges(upserted, changes.removedIds(), snapshot(incrementalPbx));
        apply(plan, incrementalPbx);
        cookie = changes.next();
        return plan;
    }

    private SyncPlan run(Map<String, PbxUser> pbx) {
        List<MappedUser> mapped = new ArrayList<>(users);
        source.readAll(e -> mapped.add(mapping.map(e)));
        SyncPlan plan = planner.plan(mapped, snapshot(pbx));
        apply(plan, pbx);
        return plan;
    }

    private PbxSnapshot snapshot(Map<String, PbxUser> pbx) {
        return PbxSnapshot.builder().from(empty).users(pbx.values()).build();
    }

    private static void apply(SyncPlan plan, Map<String, PbxUser> pbx) {
        for (PlannedOperation op : plan.getOperations()) {
            if (op.getAfter().isPresent()) {
                pbx.put(op.getUserId(), op.getAfter().get());
            } else {
                pbx.remove(op.getUserId());
            }
        }
    }
}

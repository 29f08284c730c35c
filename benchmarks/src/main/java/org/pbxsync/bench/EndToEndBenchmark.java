package org.pbxsync.bench;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.time.Clock;
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
import org.pbxsync.ldap.LdapDirectorySource;
import org.pbxsync.ldap.LdapSourceConfig;
import org.pbxsync.pbx.RunKind;
import org.pbxsync.pbx.RunOptions;
import org.pbxsync.pbx.SyncReport;
import org.pbxsync.pbx.SyncStateStore;
import org.pbxsync.pbx.Synchronizer;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;
import org.pbxsync.teams.GraphCredentials;
import org.pbxsync.teams.TeamsDirectorySource;
import org.pbxsync.teams.TeamsSourceConfig;

/**
 * Whole runs through the {@link Synchronizer} from a real slapd (RFC 4533 content sync) into the
 * in-memory reference PBX: a first run into an empty PBX, a forced full run that changes nothing,
 * and an incremental run after 10 entries were modified on the server; beside a raw paged read of
 * the same entries. Plus the Graph delta run with 10 changes from the local Graph stand-in.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class EndToEndBenchmark {

    @State(Scope.Benchmark)
    public static class Server {
        @Param({"100000"})
        public int users;

        DirectoryGenerator g;
        SlapdServer slapd;
        LdapSourceConfig config;
        LDAPConnection root;
        final LdapReadBenchmark raw = new LdapReadBenchmark();
        int round;

        @Setup(Level.Trial)
        public void start() throws Exception {
            g = DirectoryGenerator.create(42, users, DirectoryGenerator.Shape.OPENLDAP);
            slapd = SlapdServer.start(g, null);
            config = LdapSourceConfig.openLdap().server(slapd.url())
                    .bind(SlapdServer.ROOT_DN, SlapdServer.ROOT_PW.toCharArray()).baseDn(SlapdServer.PEOPLE)
                    .pageSize(1000).changeTracking(LdapSourceConfig.ChangeTracking.CONTENT_SYNC).build();
            root = new LDAPConnection("127.0.0.1", slapd.port(), SlapdServer.ROOT_DN, SlapdServer.ROOT_PW);
            raw.attach(slapd, config.requestedAttributes());
        }

        Synchronizer synchronizer(InMemoryPbxTarget pbx) {
            return Synchronizer.builder().source(LdapDirectorySource.create(config)).target(pbx)
                    .mapping(PipelineBenchmark.mapping()).planOptions(PlanningFixture.planner().options())
                    .stateStore(SyncStateStore.inMemory()).clock(Clock.systemUTC()).build();
        }

        void modifyTen() throws Exception {
            round++;
            for (int k = 0; k < 10; k++) {
                GeneratedUser u = g.user((round * 7919 + k * 104_729) % users);
                root.modify(u.dn(), new Modification(ModificationType.REPLACE, "mobile", "+49 171 " + round + " " + k));
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            root.close();
            raw.tearDownConnection();
            slapd.close();
        }
    }

    /** A new synchronizer with an empty PBX before each invocation. */
    @State(Scope.Benchmark)
    public static class Fresh {
        Synchronizer sync;

        @Setup(Level.Invocation)
        public void fresh(Server s) {
            if (sync != null) {
                sync.getSource().close();
            }
            sync = s.synchronizer(InMemoryPbxTarget.empty());
        }
    }

    /** A synchronizer whose PBX is in step with the directory. */
    @State(Scope.Benchmark)
    public static class Synced {
        Synchronizer sync;

        @Setup(Level.Trial)
        public void sync(Server s) {
            sync = s.synchronizer(InMemoryPbxTarget.empty());
            check(sync.synchronize(), RunKind.FULL);
        }

        @TearDown(Level.Trial)
        public void close() {
            sync.getSource().close();
        }
    }

    /** A synced synchronizer; before each invocation 10 entries change on the server. */
    @State(Scope.Benchmark)
    public static class TenChanges {
        Synchronizer sync;
        Server server;

        @Setup(Level.Trial)
        public void sync(Server s) {
            server = s;
            sync = s.synchronizer(InMemoryPbxTarget.empty());
            check(sync.synchronize(), RunKind.FULL);
        }

        @Setup(Level.Invocation)
        public void change() throws Exception {
            server.modifyTen();
        }

        @TearDown(Level.Trial)
        public void close() {
            sync.getSource().close();
        }
    }

    /** A Teams tenant of 100,000 users on the local Graph stand-in, synced; each delta round brings 10 changes. */
    @State(Scope.Benchmark)
    public static class GraphTenant {
        GraphServer server;
        Synchronizer sync;

        @Setup(Level.Trial)
        public void start() throws Exception {
            DirectoryGenerator tenant = DirectoryGenerator.create(42, 100_000, DirectoryGenerator.Shape.ACTIVE_DIRECTORY);
            server = new GraphServer(tenant, tenant.mutateExactly(9, 10), true);
            TeamsDirectorySource source = TeamsDirectorySource.create(TeamsSourceConfig.builder(
                    GraphCredentials.accessToken("bench-token")).graphBaseUrl(server.baseUrl()).build());
            sync = Synchronizer.builder().source(source).target(InMemoryPbxTarget.empty())
                    .mapping(PlanningFixture.teamsMapping()).planOptions(PlanningFixture.planner().options())
                    .stateStore(SyncStateStore.inMemory()).clock(Clock.systemUTC()).build();
            check(sync.synchronize(), RunKind.FULL);
            server.resetCount();
            SyncReport delta = check(sync.synchronize(), RunKind.INCREMENTAL);
            System.out.println("[graph] delta run with 10 changes among 100,000: " + server.requestCount()
                    + " Graph request(s), " + delta.getDuration().toMillis() + " ms, planned " + delta.getPlannedCounts());
        }

        @TearDown(Level.Trial)
        public void stop() {
            sync.getSource().close();
            server.close();
        }
    }

    static SyncReport check(SyncReport r, RunKind kind) {
        if (!r.isSuccess() || r.getKind() != kind) {
            throw new IllegalStateException("expected a successful " + kind + " run: " + r.getKind() + " " + r.getStatus()
                    + " " + r.getKindExplanation());
        }
        return r;
    }

    @Benchmark
    public long rawPagedSearch(Server s) throws Exception {
        return s.raw.rawPagedSearch();
    }

    @Benchmark
    public SyncReport firstRun(Fresh f) {
        return check(f.sync.synchronize(), RunKind.FULL);
    }

    @Benchmark
    public SyncReport noChangeFullRun(Synced s) {
        return check(s.sync.synchronize(RunOptions.full()), RunKind.FULL);
    }

    @Benchmark
    public SyncReport incrementalTenChanges(TenChanges t) {
        return check(t.sync.synchronize(), RunKind.INCREMENTAL);
    }

    @Benchmark
    public SyncReport graphDeltaTenChanges(GraphTenant t) {
        return check(t.sync.synchronize(), RunKind.INCREMENTAL);
    }
}

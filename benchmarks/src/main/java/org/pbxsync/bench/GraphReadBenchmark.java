package org.pbxsync.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.util.Optional;
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
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.teams.GraphCredentials;
import org.pbxsync.teams.TeamsDirectorySource;
import org.pbxsync.teams.TeamsSourceConfig;

/**
 * The Teams source reading a generated tenant from a local Graph stand-in (pages of 999 users),
 * beside a streaming Jackson parse of the same page bytes that only counts users; and the delta
 * round after 10 changes, whose request count is printed at set-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class GraphReadBenchmark {
    private static final JsonFactory JSON = new JsonFactory();

    @Param({"10000"})
    public int users;

    private GraphServer server;
    private TeamsDirectorySource source;
    private Checkpoint checkpoint;
    private byte[][] pages;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        DirectoryGenerator tenant = DirectoryGenerator.create(42, users, DirectoryGenerator.Shape.ACTIVE_DIRECTORY);
        server = new GraphServer(tenant, tenant.mutateExactly(9, 10));
        pages = server.pages();
        source = TeamsDirectorySource.create(TeamsSourceConfig.builder(GraphCredentials.accessToken("bench-token"))
                .graphBaseUrl(server.baseUrl()).build());
        long[] n = {0};
        server.resetCount();
        Optional<Checkpoint> cp = source.readAll(e -> n[0]++);
        int fullRequests = server.requestCount();
        checkpoint = cp.orElseThrow();
        server.resetCount();
        ChangeSet changes = source.listChanges(checkpoint);
        System.out.println("[graph] full listing of " + n[0] + " users: " + fullRequests + " requests; delta with "
                + changes.upserts().size() + " changes: " + server.requestCount() + " request(s)");
        if (n[0] != users || rawParse() != users || changes.upserts().size() != 10) {
            throw new IllegalStateException("unexpected counts");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        source.close();
        server.close();
    }

    @Benchmark
    public long sourceRead() {
        long[] n = {0};
        source.readAll(e -> n[0]++);
        return n[0];
    }

    @Benchmark
    public long rawParse() throws Exception {
        long n = 0;
        for (byte[] page : pages) {
            try (JsonParser p = JSON.createParser(page)) {
                int depth = 0;
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.START_OBJECT) {
                        if (++depth == 2) {
                            n++;
                        }
                    } else if (t == JsonToken.END_OBJECT) {
                        depth--;
                    }
                }
            }
        }
        return n;
    }

    @Benchmark
    public int deltaWithTenChanges() {
        return source.listChanges(checkpoint).upserts().size();
    }
}

package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts a {@link MockGraphServer} with a {@link FakeTenant} for each test, records retry waits
 * instead of sleeping, and checks after each test that only GET requests reached the server.
 */
abstract class GraphTestSupport {
    MockGraphServer server;
    FakeTenant tenant;
    FakeTokenCredential credential;
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final List<TeamsDirectorySource> opened = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new MockGraphServer();
        tenant = new FakeTenant(server.baseUrl());
        server.routes(tenant::handle);
        credential = FakeTokenCredential.opaque("fake-token-" + System.nanoTime());
    }

    @AfterEach
    void onlyGetAndStop() {
        opened.forEach(TeamsDirectorySource::close);
        Set<String> methods = server.requests().stream().map(MockGraphServer.Request::method).collect(Collectors.toSet());
        server.close();
        if (!methods.isEmpty()) {
            assertEquals(Set.of("GET"), methods, "the source must only ever send GET requests");
        }
    }

    TeamsSourceConfig.Builder config() {
        return TeamsSourceConfig.builder(GraphCredentials.tokenCredential(credential))
                .graphBaseUrl(server.baseUrl())
                .sleeper(waits::add);
    }

    TeamsDirectorySource source(TeamsSourceConfig.Builder b) {
        TeamsDirectorySource s = TeamsDirectorySource.create(b.build());
        opened.add(s);
        return s;
    }

    long userPageRequests() {
        return server.count(r -> r.path().endsWith("/v1.0/users"));
    }
}

package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.teams.MockGraphServer.Response;

class ReadOnlyTest extends GraphTestSupport {

    @Test
    void everyOperationSendsOnlyGetRequests() {
        String gid = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
        tenant.generate(1200);
        tenant.addGroup(gid, "Phones", List.of(FakeTenant.idOf(1).toString()));
        TeamsDirectorySource tenantSource = source(config());
        Checkpoint cp = tenantSource.listAll().checkpoint().orElseThrow();
        tenant.update(FakeTenant.idOf(2).toString(), "displayName", "x");
        tenantSource.listChanges(cp);
        tenantSource.testConnection();
        TeamsDirectorySource groupSource = source(config().groupDirectory(gid));
        groupSource.listAll();
        groupSource.testConnection();
        server.failNext(r -> true, Response.error(429, "TooManyRequests", "x").withHeader("Retry-After", "1"));
        tenantSource.listAll();

        Set<String> methods = server.requests().stream().map(MockGraphServer.Request::method).collect(Collectors.toSet());
        assertEquals(Set.of("GET"), methods);
        assertTrue(server.requests().size() >= 12, "requests recorded: " + server.requests().size());
    }

    @Test
    void closingFromAnotherThreadAbortsARunningListing() throws Exception {
        tenant.generate(10);
        CountDownLatch arrived = new CountDownLatch(1);
        server.routes(r -> {
            arrived.countDown();
            return tenant.handle(r).delayed(10_000);
        });
        TeamsDirectorySource s = source(config().incremental(false));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                s.listAll();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        reader.start();
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        s.close();
        reader.join(10_000);
        IncompleteListingException e = assertThrows(IncompleteListingException.class, () -> {
            throw thrown.get();
        });
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}

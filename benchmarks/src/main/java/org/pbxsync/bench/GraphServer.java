package org.pbxsync.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.pbxsync.bench.gen.DirectoryGenerator;
import org.pbxsync.bench.gen.GraphPages;

/**
 * A Graph stand-in on 127.0.0.1 (JDK HttpServer) serving a generated tenant from pages built
 * beforehand: {@code /v1.0/users} and {@code ?$skiptoken=k} pages, {@code
 * /v1.0/users/delta?$deltatoken=latest} (an empty page with delta link {@code d1}), and {@code
 * $deltatoken=d1} answering with every change between the tenant and {@link #changed}. Counts
 * requests.
 */
public final class GraphServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final byte[][] pages;

    public GraphServer(DirectoryGenerator tenant, DirectoryGenerator changed) throws IOException {
        this(tenant, changed, false);
    }

    /**
     * @param replayChanges whether {@code $deltatoken=d2} answers with the same changes again (so
     *     every delta round has work), instead of an empty page
     */
    public GraphServer(DirectoryGenerator tenant, DirectoryGenerator changed, boolean replayChanges)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = baseUrl().toString();
        GraphPages gp = new GraphPages(tenant, 999);
        pages = new byte[gp.pageCount()][];
        for (int p = 0; p < pages.length; p++) {
            String next = p + 1 < pages.length ? base + "/users?$skiptoken=" + (p + 1) : null;
            pages[p] = gp.page(p, next, null).getBytes(StandardCharsets.UTF_8);
        }
        bodies.put("latest", ("{\"value\":[],\"@odata.deltaLink\":\"" + base + "/users/delta?$deltatoken=d1\"}")
                .getBytes(StandardCharsets.UTF_8));
        if (changed != null) {
            bodies.put("d1", new GraphPages(changed, 999).deltaPage(tenant, base + "/users/delta?$deltatoken=d2")
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (replayChanges && changed != null) {
            bodies.put("d2", bodies.get("d1"));
        } else {
            bodies.put("d2", ("{\"value\":[],\"@odata.deltaLink\":\"" + base + "/users/delta?$deltatoken=d2\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0");
    }

    /** @return the user pages as served, for raw parsing */
    public byte[][] pages() {
        return pages.clone();
    }

    public int requestCount() {
        return requests.get();
    }

    public void resetCount() {
        requests.set(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        byte[] body = null;
        if (path.endsWith("/users/delta")) {
            String token = param(query, "%24deltatoken", "$deltatoken");
            body = token == null ? null : bodies.get(token);
        } else if (path.endsWith("/users")) {
            String skip = param(query, "%24skiptoken", "$skiptoken");
            int p = skip == null ? 0 : Integer.parseInt(skip);
            body = p < pages.length ? pages[p] : null;
        }
        if (body == null) {
            body = "{\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":\"no route\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(404, body.length);
        } else {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
        }
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static String param(String query, String... names) {
        for (String part : query.split("&")) {
            for (String n : names) {
                if (part.startsWith(n + "=")) {
                    return part.substring(n.length() + 1);
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

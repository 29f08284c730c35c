package org.pbxsync.teams;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A Graph stand-in on 127.0.0.1 (JDK HttpServer, port 0). Records every request (method, path,
 * decoded query, Authorization header); answers from queued faults first, then from a route
 * function. Only GET is served; anything else gets 405 (and is recorded, so tests can prove it
 * never happens).
 */
final class MockGraphServer implements AutoCloseable {

    record Request(String method, String path, String rawQuery, Map<String, String> query, String authorization) {
        boolean isGet() {
            return method.equals("GET");
        }
    }

    record Response(int status, Map<String, String> headers, String body, long delayMillis) {
        static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", "application/json"), body, 0);
        }

        static Response error(int status, String code, String message) {
            return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
        }

        Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, h, body, delayMillis);
        }

        Response delayed(long millis) {
            return new Response(status, headers, body, millis);
        }
    }

    private record Fault(Predicate<Request> when, Response response) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private volatile Function<Request, Response> routes = r -> Response.error(404, "Request_ResourceNotFound", "no route");

    MockGraphServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0");
    }

    void routes(Function<Request, Response> routes) {
        this.routes = routes;
    }

    /** The next request matching {@code when} gets {@code response} instead of the route's answer. */
    synchronized void failNext(Predicate<Request> when, Response response) {
        faults.add(new Fault(when, response));
    }

    /** The next {@code times} requests matching {@code when} get {@code response}. */
    synchronized void failNext(Predicate<Request> when, Response response, int times) {
        for (int i = 0; i < times; i++) {
            failNext(when, response);
        }
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    long count(Predicate<Request> p) {
        return requests.stream().filter(p).count();
    }

    static Predicate<Request> path(String suffix) {
        return r -> r.path().endsWith(suffix);
    }

    private synchronized Response takeFault(Request r) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.when().test(r)) {
                it.remove();
                return f.response();
            }
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            Request r = new Request(ex.getRequestMethod(), uri.getRawPath() == null ? "" : decode(uri.getRawPath()),
                    uri.getRawQuery(), query(uri.getRawQuery()), ex.getRequestHeaders().getFirst("Authorization"));
            requests.add(r);
            Response resp;
            if (!r.isGet()) {
                resp = Response.error(405, "MethodNotAllowed", "this mock serves GET only");
            } else {
                resp = takeFault(r);
                if (resp == null) {
                    resp = routes.apply(r);
                }
            }
            if (resp.delayMillis() > 0) {
                try {
                    Thread.sleep(resp.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] body = resp.body() == null ? new byte[0] : resp.body().getBytes(StandardCharsets.UTF_8);
            resp.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(resp.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // client went away (time-out tests)
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq));
            String v = eq < 0 ? "" : decode(part.substring(eq + 1));
            q.put(k, v);
        }
        return q;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.SyncException;

/**
 * TLS against Graph: a local HTTPS server with certificates issued by a test CA made with the
 * JDK's keytool. An
 * untrusted certificate, a certificate for another host name, and an expired certificate are
 * each refused; the same server with a trusted, valid certificate for {@code localhost} is read
 * (which proves the refusals are about the certificate). The source has no option to turn the
 * checks off. The test CA is installed as the JVM default trust store
 * ({@code javax.net.ssl.trustStore}) only for the duration of each call.
 */
class GraphTlsTest {
    static final String PW = "changeit";

    @TempDir
    static Path dir;

    static Path good;
    static Path wrongHost;
    static Path expired;

    final List<AutoCloseable> toClose = new ArrayList<>();
    final List<String> methods = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        keytool(List.of("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Test CA",
                "-ext", "bc:c", "-startdate", "-3y", "-validity", "3650", "-keystore", ks("ca"), "-storetype", "PKCS12",
                "-storepass", PW, "-keypass", PW));
        keytool(List.of("-exportcert", "-rfc", "-alias", "ca", "-keystore", ks("ca"), "-storepass", PW, "-file",
                file("ca.cer")));
        keytool(List.of("-importcert", "-noprompt", "-alias", "ca", "-file", file("ca.cer"), "-keystore",
                ks("trust"), "-storetype", "PKCS12", "-storepass", PW));
        good = leaf("good", "SAN=dns:localhost,ip:127.0.0.1", null);
        wrongHost = leaf("wrong", "SAN=dns:graph.other.example.test", null);
        expired = leaf("expired", "SAN=dns:localhost,ip:127.0.0.1", "-2y");
    }

    private static String ks(String name) {
        return file(name + ".p12");
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    /** A server certificate issued by the test CA (which the trust store holds), as real servers have. */
    private static Path leaf(String name, String san, String startDate) throws Exception {
        keytool(List.of("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                "CN=" + name, "-keystore", ks(name), "-storetype", "PKCS12", "-storepass", PW, "-keypass", PW));
        keytool(List.of("-certreq", "-alias", "server", "-keystore", ks(name), "-storepass", PW, "-file",
                file(name + ".csr")));
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", ks("ca"),
                "-storepass", PW, "-infile", file(name + ".csr"), "-outfile", file(name + ".cer"), "-ext", san,
                "-validity", "30"));
        if (startDate != null) {
            sign.add("-startdate");
            sign.add(startDate);
        }
        keytool(sign);
        keytool(List.of("-importcert", "-noprompt", "-alias", "ca", "-file", file("ca.cer"), "-keystore", ks(name),
                "-storepass", PW));
        keytool(List.of("-importcert", "-noprompt", "-alias", "server", "-file", file(name + ".cer"), "-keystore",
                ks(name), "-storepass", PW));
        return Path.of(ks(name));
    }

    private static void keytool(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args.get(0) + " failed: " + out);
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        assertTrue(methods.stream().allMatch("GET"::equals), methods.toString());
    }

    /** An HTTPS Graph stand-in on 127.0.0.1 serving a small tenant with the given key store. */
    private URI serve(Path keyStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PW.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PW.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ctx));
        URI base = URI.create("https://localhost:" + https.getAddress().getPort() + "/v1.0");
        FakeTenant tenant = new FakeTenant(base).generate(5);
        https.createContext("/", ex -> {
            try (ex) {
                methods.add(ex.getRequestMethod());
                URI u = ex.getRequestURI();
                MockGraphServer.Response r = tenant.handle(new MockGraphServer.Request(ex.getRequestMethod(),
                        java.net.URLDecoder.decode(u.getRawPath(), StandardCharsets.UTF_8), u.getRawQuery(),
                        MockGraphServer.query(u.getRawQuery()), ex.getRequestHeaders().getFirst("Authorization")));
                byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
                r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                ex.sendResponseHeaders(r.status(), body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        https.setExecutor(Executors.newCachedThreadPool());
        https.start();
        toClose.add(() -> https.stop(0));
        return base;
    }

    private int listWithTrust(URI base, Path trusted) {
        String[] keys = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
        String[] old = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            old[i] = System.getProperty(keys[i]);
        }
        if (trusted != null) {
            System.setProperty(keys[0], ks("trust"));
            System.setProperty(keys[1], PW);
            System.setProperty(keys[2], "PKCS12");
        }
        try (TeamsDirectorySource s = TeamsDirectorySource.create(TeamsSourceConfig.builder(
                GraphCredentials.tokenCredential(FakeTokenCredential.opaque("tls-token"))).graphBaseUrl(base)
                .incremental(false).retries(0, Duration.ofSeconds(1)).sleeper(d -> { }).build())) {
            return s.listAll().entries().size();
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (old[i] == null) {
                    System.clearProperty(keys[i]);
                } else {
                    System.setProperty(keys[i], old[i]);
                }
            }
        }
    }

    @Test
    void aTrustedValidCertificateForTheHostIsAccepted() throws Exception {
        assertEquals(5, listWithTrust(serve(good), good));
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        URI base = serve(good);
        SyncException e = assertThrows(ConnectionFailedException.class, () -> listWithTrust(base, null));
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("certif")
                || e.getMessage().toLowerCase(Locale.ROOT).contains("pkix"), e.getMessage());
        assertTrue(methods.isEmpty(), "no request was answered");
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() throws Exception {
        URI base = serve(wrongHost);
        SyncException e = assertThrows(ConnectionFailedException.class, () -> listWithTrust(base, wrongHost));
        assertTrue(e.getMessage().contains("localhost") || e.getMessage().toLowerCase(Locale.ROOT).contains("host"),
                e.getMessage());
        assertTrue(methods.isEmpty(), "no request was answered");
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        URI base = serve(expired);
        SyncException e = assertThrows(ConnectionFailedException.class, () -> listWithTrust(base, expired));
        assertFalse(e.getMessage().isBlank());
        assertTrue(methods.isEmpty(), "no request was answered");
    }

    @Test
    void thereIsNoOptionToTurnCertificateChecksOff() {
        for (Method m : TeamsSourceConfig.Builder.class.getMethods()) {
            String n = m.getName().toLowerCase(Locale.ROOT);
            assertFalse(n.contains("insecure") || n.contains("trustall") || n.contains("hostnameverif")
                    || n.contains("sslsocketfactory"), "unexpected TLS switch " + m);
        }
    }
}

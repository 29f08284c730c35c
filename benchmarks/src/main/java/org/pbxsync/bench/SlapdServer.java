package org.pbxsync.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.pbxsync.bench.gen.DirectoryGenerator;
import org.pbxsync.bench.gen.LdifWriter;

/**
 * A private OpenLDAP slapd on 127.0.0.1 holding a generated directory (OpenLDAP shape, no
 * groups): its own slapd.conf (core, cosine, nis, inetorgperson; mdb; syncprov with a session
 * log), data loaded offline with {@code slapadd -q -w}, plain LDAP on a free port, no size limit
 * for the rootdn. Run standalone to keep one up: {@code java -cp benchmarks.jar
 * org.pbxsync.bench.SlapdServer 100000 /tmp/slapd-bench} (prints the URL, stops on Enter).
 */
public final class SlapdServer implements AutoCloseable {
    public static final String SLAPD = "/usr/sbin/slapd";
    public static final String SLAPADD = "/usr/sbin/slapadd";
    public static final String ROOT_DN = "cn=admin," + DirectoryGenerator.LDAP_BASE;
    public static final String ROOT_PW = "bench-root-pw";
    public static final String PEOPLE = "ou=People," + DirectoryGenerator.LDAP_BASE;

    private final Path dir;
    private final boolean deleteOnClose;
    private final Process process;
    private final int port;
    private final long loadMillis;

    private SlapdServer(Path dir, boolean deleteOnClose, Process process, int port, long loadMillis) {
        this.dir = dir;
        this.deleteOnClose = deleteOnClose;
        this.process = process;
        this.port = port;
        this.loadMillis = loadMillis;
    }

    /** @return whether slapd and slapadd are installed */
    public static boolean available() {
        return Files.isExecutable(Path.of(SLAPD)) && Files.isExecutable(Path.of(SLAPADD));
    }

    /**
     * Writes the directory as LDIF, loads it and starts slapd.
     *
     * @param dir an empty or new directory for config, data and log; null for a temporary one
     *     (deleted on close)
     */
    public static SlapdServer start(DirectoryGenerator g, Path dir) throws IOException, InterruptedException {
        if (!available()) {
            throw new IllegalStateException("OpenLDAP slapd is not installed (" + SLAPD
                    + "): apt-get install -y --no-install-recommends slapd ldap-utils");
        }
        boolean temp = dir == null;
        Path d = temp ? Files.createTempDirectory("slapd-bench-") : Files.createDirectories(dir);
        Files.createDirectories(d.resolve("db"));
        Path conf = d.resolve("slapd.conf");
        Files.writeString(conf, String.join("\n",
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/nis.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "moduleload syncprov",
                "pidfile " + d.resolve("slapd.pid"),
                "argsfile " + d.resolve("slapd.args"),
                "sizelimit unlimited",
                "database mdb",
                "maxsize 8589934592",
                "suffix \"" + DirectoryGenerator.LDAP_BASE + "\"",
                "rootdn \"" + ROOT_DN + "\"",
                "rootpw " + ROOT_PW,
                "directory " + d.resolve("db"),
                "index objectClass eq",
                "index entryUUID,entryCSN eq",
                "overlay syncprov",
                "syncprov-checkpoint 1000 10",
                "syncprov-sessionlog 100000",
                ""));
        Path ldif = d.resolve("data.ldif");
        new LdifWriter(g).groups(false).write(ldif);
        long t0 = System.nanoTime();
        run(List.of(SLAPADD, "-q", "-w", "-f", conf.toString(), "-l", ldif.toString()), 1800);
        long load = (System.nanoTime() - t0) / 1_000_000;
        Files.delete(ldif);
        int port = freePort();
        Process p = new ProcessBuilder(SLAPD, "-f", conf.toString(), "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0")
                .redirectErrorStream(true).redirectOutput(d.resolve("slapd.log").toFile()).start();
        SlapdServer s = new SlapdServer(d, temp, p, port, load);
        try {
            s.waitForPort();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long loadMillis() {
        return loadMillis;
    }

    private void waitForPort() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("slapd exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("slapd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("slapd did not listen on " + port + " within 60 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> cmd, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed: " + out);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        if (deleteOnClose) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // best effort: a temporary directory
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : null;
        DirectoryGenerator g = DirectoryGenerator.create(42, users, DirectoryGenerator.Shape.OPENLDAP);
        try (SlapdServer s = start(g, dir)) {
            System.out.println("slapd with " + users + " users at " + s.url() + " (bind " + ROOT_DN + " / " + ROOT_PW
                    + ", base " + PEOPLE + "); slapadd took " + s.loadMillis() + " ms. Press Enter to stop.");
            System.in.read();
        }
    }
}

package org.pbxsync.ldap;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that runs a private OpenLDAP slapd on 127.0.0.1 (LDAP with StartTLS, LDAPS),
 * mdb backend, syncprov overlay with a session log, and a size limit of {@value #SIZE_LIMIT} for
 * every identity but the rootdn. {@value #PEOPLE_COUNT} users under ou=People and
 * {@value #SYNC_COUNT} under ou=Sync are loaded with slapadd before the start. When slapd is not
 * installed, every test of the class is skipped with a printed reason.
 */
final class Slapd implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private String skipReason;

    static final String SLAPD = "/usr/sbin/slapd";
    static final String SLAPADD = "/usr/sbin/slapadd";
    static final String BASE = "dc=example,dc=com";
    static final String PEOPLE = "ou=People," + BASE;
    static final String SYNC = "ou=Sync," + BASE;
    static final String ROOT_DN = "cn=admin," + BASE;
    static final String ROOT_PW = "r00t-Pw-slapd";
    static final String READER_DN = "cn=reader," + BASE;
    static final String READER_PW = "reader-Pw-slapd";
    static final int SIZE_LIMIT = 1000;
    static final int PEOPLE_COUNT = 10_000;
    static final int SYNC_COUNT = 20;

    Path dir;
    Process process;
    int ldapPort;
    int ldapsPort;
    TestCerts certs;
    long loadMillis;
    long startMillis;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!Files.isExecutable(Path.of(SLAPD)) || !Files.isExecutable(Path.of(SLAPADD))) {
            String why = "SKIPPED: OpenLDAP slapd is not installed (" + SLAPD + "); install the Debian packages"
                    + " slapd and ldap-utils (.ci/run does) to run the real-server tests";
            System.err.println(why);
            skipReason = why;
            return;
        }
        dir = Files.createTempDirectory("slapd-test-");
        Files.createDirectories(dir.resolve("db"));
        certs = TestCerts.generate(dir, "slapd", new String[] {"localhost"}, new String[] {"127.0.0.1"});
        ldapPort = LdapDirectorySourceTest.freePort();
        ldapsPort = LdapDirectorySourceTest.freePort();
        Path conf = dir.resolve("slapd.conf");
        Files.writeString(conf, String.join("\n",
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/nis.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "moduleload syncprov",
                "pidfile " + dir.resolve("slapd.pid"),
                "argsfile " + dir.resolve("slapd.args"),
                "TLSCertificateFile " + certs.certPem,
                "TLSCertificateKeyFile " + certs.keyPem,
                "sizelimit size.soft=" + SIZE_LIMIT + " size.hard=" + SIZE_LIMIT + " size.prtotal=unlimited",
                "database mdb",
                "maxsize 1073741824",
                "suffix \"" + BASE + "\"",
                "rootdn \"" + ROOT_DN + "\"",
                "rootpw " + ROOT_PW,
                "directory " + dir.resolve("db"),
                "index objectClass eq",
                "index entryUUID,entryCSN eq",
                "index uid eq",
                "access to attrs=userPassword by anonymous auth by * none",
                "access to * by users read by * none",
                "overlay syncprov",
                "syncprov-checkpoint 100 10",
                "syncprov-sessionlog 10000",
                ""));
        Path ldif = dir.resolve("data.ldif");
        writeData(ldif);
        long t0 = System.nanoTime();
        run(List.of(SLAPADD, "-q", "-w", "-f", conf.toString(), "-l", ldif.toString()), 120);
        loadMillis = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        process = new ProcessBuilder(SLAPD, "-f", conf.toString(), "-h",
                "ldap://127.0.0.1:" + ldapPort + "/ ldaps://127.0.0.1:" + ldapsPort + "/", "-d", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
        waitForPort(ldapPort);
        waitForPort(ldapsPort);
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.err.println("slapd: slapadd of " + (PEOPLE_COUNT + SYNC_COUNT) + " users took " + loadMillis
                + " ms; start until both ports answered took " + startMillis + " ms");
    }

    private void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
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
        throw new IOException("slapd did not listen on " + port + " within 20 s");
    }

    private static void run(List<String> cmd, int seconds) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed: " + out);
        }
    }

    /** A seeded, reproducible directory: base entries, the reader, 10,000 people, 20 sync users. */
    private static void writeData(Path ldif) throws IOException {
        Random random = new Random(4242);
        String[] first = {"Anna", "Bernd", "Chloé", "Dmitri", "Eva", "François", "Günther", "Hana", "Ines", "Jürgen"};
        try (Writer w = Files.newBufferedWriter(ldif, StandardCharsets.UTF_8)) {
            w.write("dn: " + BASE + "\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n\n");
            w.write("dn: " + READER_DN + "\nobjectClass: person\nobjectClass: simpleSecurityObject\ncn: reader\n"
                    + "sn: reader\nuserPassword: " + READER_PW + "\n\n");
            for (String ou : new String[] {"People", "Sync"}) {
                w.write("dn: ou=" + ou + "," + BASE + "\nobjectClass: organizationalUnit\nou: " + ou + "\n\n");
            }
            for (int i = 1; i <= PEOPLE_COUNT; i++) {
                writeUser(w, "user" + String.format("%05d", i), PEOPLE, first[random.nextInt(first.length)], i);
            }
            for (int i = 1; i <= SYNC_COUNT; i++) {
                writeUser(w, "sync" + String.format("%02d", i), SYNC, first[random.nextInt(first.length)], i);
            }
        }
    }

    private static void writeUser(Writer w, String uid, String parent, String given, int i) throws IOException {
        String cn = given + " " + uid;
        w.write("dn: uid=" + uid + "," + parent + "\nobjectClass: inetOrgPerson\nuid: " + uid + "\n");
        w.write("cn:: " + java.util.Base64.getEncoder().encodeToString(cn.getBytes(StandardCharsets.UTF_8)) + "\n");
        w.write("givenName:: " + java.util.Base64.getEncoder().encodeToString(given.getBytes(StandardCharsets.UTF_8))
                + "\nsn: " + uid + "\nmail: " + uid + "@example.com\n");
        w.write("telephoneNumber: +49 30 " + (100000 + i) + "\nmobile: +49 170 " + (2000000 + i) + "\n\n");
    }

    /** Marks each test skipped, with the reason, when the server could not be started. */
    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

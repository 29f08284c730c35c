package org.pbxsync.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that provisions a Samba Active Directory domain controller in a temporary
 * directory, starts it on 127.0.0.1 (LDAP 389 and LDAPS 636: Samba 4.17 cannot change them) with
 * a certificate for {@code localhost}, and creates {@value #USERS} users in OU=Staff, a computer,
 * a group "Phones" holding every user plus a nested group. Skips with a printed reason when Samba
 * is not installed, when not running as root, or when ports 389/636 are taken.
 */
final class SambaDc implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private String skipReason;

    static final String SAMBA = "/usr/sbin/samba";
    static final String SAMBA_TOOL = "/usr/bin/samba-tool";
    static final String LDBSEARCH = "/usr/bin/ldbsearch";
    static final String LDBADD = "/usr/bin/ldbadd";
    static final String DOMAIN = "DC=corp,DC=example,DC=test";
    static final String STAFF = "OU=Staff," + DOMAIN;
    static final String ADMIN = "CN=Administrator,CN=Users," + DOMAIN;
    static final String ADMIN_PW = "Adm1n-Pass-2026!";
    static final int USERS = 1600;
    static final String PHONES = "CN=Phones,OU=Staff," + DOMAIN;
    static final String NESTED = "CN=Nested Phones,OU=Staff," + DOMAIN;

    Path dir;
    Process process;
    TestCerts certs;
    long provisionMillis;
    long startMillis;
    long populateMillis;

    static String userDn(int i) {
        return String.format("CN=User %04d,%s", i, STAFF);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String why = null;
        if (!Files.isExecutable(Path.of(SAMBA)) || !Files.isExecutable(Path.of(SAMBA_TOOL))
                || !Files.isExecutable(Path.of(LDBADD))) {
            why = "Samba is not installed (" + SAMBA + "); install samba samba-ad-dc samba-ad-provision"
                    + " samba-dsdb-modules ldb-tools (.ci/run does) to run the Active Directory tests";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            why = "a Samba domain controller must run as root";
        } else if (!free(389) || !free(636)) {
            why = "ports 389/636 on 127.0.0.1 are in use (Samba cannot listen elsewhere; only one DC per machine)";
        }
        if (why != null) {
            System.err.println("SKIPPED: " + why);
            skipReason = "SKIPPED: " + why;
            return;
        }
        dir = Files.createTempDirectory("samba-dc-");
        long t0 = System.nanoTime();
        run(List.of(SAMBA_TOOL, "domain", "provision", "--targetdir=" + dir.resolve("dc"),
                "--realm=CORP.EXAMPLE.TEST", "--domain=CORP", "--server-role=dc", "--dns-backend=NONE",
                "--adminpass=" + ADMIN_PW, "--host-name=dc1", "--host-ip=127.0.0.1"), 180);
        provisionMillis = (System.nanoTime() - t0) / 1_000_000;
        certs = TestCerts.generate(dir, "samba", new String[] {"localhost"}, new String[] {"127.0.0.1"});
        Path key = dir.resolve("samba-key.pem");
        Files.copy(certs.keyPem, key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path conf = dir.resolve("dc/etc/smb.conf");
        String text = Files.readString(conf);
        text = text.replace("[global]\n", "[global]\n\tinterfaces = 127.0.0.1/8\n\tbind interfaces only = yes\n"
                + "\tldap server require strong auth = no\n\tdisable netbios = yes\n\ttls enabled = yes\n"
                + "\ttls keyfile = " + key + "\n\ttls certfile = " + certs.certPem + "\n\ttls cafile = "
                + certs.certPem + "\n");
        text = text.replaceAll("server services = [^\n]*",
                "server services = -dns -nbt -wrepl -dnsupdate -s3fs -ntp_signd -winbindd -kdc -kcc -drepl -cldap -rpc");
        text = text.replaceAll("log file = [^\n]*", "log file = " + dir.resolve("log.%m"));
        Files.writeString(conf, text);
        t0 = System.nanoTime();
        populate();
        populateMillis = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        process = new ProcessBuilder(SAMBA, "-F", "-s", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("samba.out").toFile()).start();
        waitForPort(636);
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.err.println("samba: provision " + provisionMillis + " ms, start " + startMillis + " ms, creating "
                + USERS + " users and 2 groups offline with ldbadd " + populateMillis + " ms");
    }

    LDAPConnection admin() throws Exception {
        LDAPConnectionOptions o = new LDAPConnectionOptions();
        o.setResponseTimeoutMillis(120_000);
        LDAPConnection c = new LDAPConnection(new SSLUtil(new PEMFileTrustManager(certs.certPem.toFile()))
                .createSSLSocketFactory(), o, "localhost", 636);
        c.bind(ADMIN, ADMIN_PW);
        return c;
    }

    /** Loads the users offline with ldbadd (one transaction; about 8 times faster than LDAP adds). */
    private void populate() throws Exception {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        StringBuilder ldif = new StringBuilder("dn: " + STAFF + "\nobjectClass: organizationalUnit\nou: Staff\n\n");
        for (int i = 1; i <= USERS; i++) {
            // 544 = NORMAL_ACCOUNT | PASSWD_NOTREQD (no password set); 546 adds ACCOUNTDISABLE
            ldif.append("dn: ").append(userDn(i)).append("\nobjectClass: user\n")
                    .append(String.format("sAMAccountName: user%04d%nuserPrincipalName: user%04d@corp.example.test%n", i, i))
                    .append("givenName:: ").append(b64.encodeToString("Zoë".getBytes(StandardCharsets.UTF_8)))
                    .append("\nsn:: ").append(b64.encodeToString(String.format("Weiß %04d", i)
                            .getBytes(StandardCharsets.UTF_8)))
                    .append("\nipPhone: ").append(2000 + i)
                    .append("\nuserAccountControl: ").append(i % 10 == 0 ? "546" : "544").append("\n\n");
        }
        ldif.append("dn: CN=PC1,").append(STAFF).append("\nobjectClass: computer\nsAMAccountName: PC1$\n")
                .append("userAccountControl: 4096\n\n");
        ldif.append("dn: CN=Nested User,").append(STAFF).append("\nobjectClass: user\nsAMAccountName: nested1\n")
                .append("userAccountControl: 544\n\n");
        ldif.append("dn: ").append(NESTED).append("\nobjectClass: group\nmember: CN=Nested User,").append(STAFF)
                .append("\n\n");
        ldif.append("dn: ").append(PHONES).append("\nobjectClass: group\n");
        for (int i = 1; i <= USERS; i++) {
            ldif.append("member: ").append(userDn(i)).append("\n");
        }
        ldif.append("member: ").append(NESTED).append("\n\n");
        Path file = dir.resolve("users.ldif");
        Files.writeString(file, ldif, StandardCharsets.UTF_8);
        run(List.of(LDBADD, "-H", dir.resolve("dc/private/sam.ldb").toString(), file.toString()), 300);
    }

    /** @return the objectGUID of the entry as Samba's own ldbsearch prints it (an independent reference) */
    String ldbGuid(String samAccountName) throws Exception {
        Process p = new ProcessBuilder(LDBSEARCH, "-H", dir.resolve("dc/private/sam.ldb").toString(),
                "(sAMAccountName=" + samAccountName + ")", "objectGUID").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        for (String line : out.split("\n")) {
            if (line.startsWith("objectGUID: ")) {
                return line.substring("objectGUID: ".length()).trim();
            }
        }
        throw new IOException("ldbsearch printed no objectGUID: " + out);
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("samba exited: " + Files.readString(dir.resolve("samba.out")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("samba did not listen on " + port);
    }

    private static void run(List<String> cmd, int seconds) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd.get(0) + " " + cmd.get(1) + " failed: " + out);
        }
    }

    /** Marks each test skipped, with the reason, when the server could not be started. */
    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            List<ProcessHandle> children = process.descendants().collect(java.util.stream.Collectors.toList());
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            children.forEach(h -> {
                if (h.isAlive()) {
                    h.destroy();
                }
            });
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

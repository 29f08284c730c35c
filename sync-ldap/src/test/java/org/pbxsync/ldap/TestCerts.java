package org.pbxsync.ldap;

import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Self-signed certificates made with the SDK's own pure-Java tool. */
final class TestCerts {
    static final String PASSWORD = "changeit";

    final Path pkcs12;
    final Path certPem;
    final Path keyPem;

    private TestCerts(Path pkcs12, Path certPem, Path keyPem) {
        this.pkcs12 = pkcs12;
        this.certPem = certPem;
        this.keyPem = keyPem;
    }

    /**
     * @param dir where to write the files
     * @param name file name prefix
     * @param dnsNames subject alternative DNS names
     * @param ips subject alternative IP addresses
     */
    static synchronized TestCerts generate(Path dir, String name, String[] dnsNames, String[] ips) throws IOException {
        return generate(dnsNames, ips, null);
    }

    /** A certificate for localhost/127.0.0.1 that expired a year ago (valid for 30 days two years back). */
    static synchronized TestCerts expired() throws IOException {
        String start = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusYears(2));
        return generate(new String[] {"localhost"}, new String[] {"127.0.0.1"}, start);
    }

    private static TestCerts generate(String[] dnsNames, String[] ips, String validityStart) throws IOException {
        String key = String.join(",", dnsNames) + "|" + String.join(",", ips) + "|" + validityStart;
        TestCerts cached = CACHE.get(key);
        if (cached != null && Files.exists(cached.pkcs12)) {
            return cached;
        }
        if (sharedDir == null) {
            sharedDir = Files.createTempDirectory("ldap-test-certs-");
            sharedDir.toFile().deleteOnExit();
        }
        TestCerts made = make(sharedDir, "c" + CACHE.size(), dnsNames, ips, validityStart);
        CACHE.put(key, made);
        return made;
    }

    /** Key generation is slow (RSA 2048), so certificates are made once per JVM and per name set. */
    private static final java.util.Map<String, TestCerts> CACHE = new java.util.HashMap<>();
    private static Path sharedDir;

    private static TestCerts make(Path dir, String name, String[] dnsNames, String[] ips, String validityStart)
            throws IOException {
        Path ks = dir.resolve(name + ".p12");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "generate-self-signed-certificate", "--keystore", ks.toString(), "--keystore-password", PASSWORD,
                "--keystore-type", "PKCS12", "--alias", "server-cert", "--subject-dn", "CN=" + dnsNames[0],
                "--days-valid", "30", "--key-algorithm", "RSA", "--key-size-bits", "2048"));
        if (validityStart != null) {
            args.add("--validity-start-time");
            args.add(validityStart);
        }
        for (String d : dnsNames) {
            args.add("--subject-alternative-name-dns");
            args.add(d);
        }
        for (String ip : ips) {
            args.add("--subject-alternative-name-ip-address");
            args.add(ip);
        }
        run(args.toArray(new String[0]));
        Path cert = dir.resolve(name + "-cert.pem");
        run("export-certificate", "--keystore", ks.toString(), "--keystore-password", PASSWORD, "--alias",
                "server-cert", "--output-format", "PEM", "--output-file", cert.toString());
        Path key = dir.resolve(name + "-key.pem");
        run("export-private-key", "--keystore", ks.toString(), "--keystore-password", PASSWORD, "--alias",
                "server-cert", "--output-format", "PEM", "--output-file", key.toString());
        ks.toFile().deleteOnExit();
        cert.toFile().deleteOnExit();
        key.toFile().deleteOnExit();
        return new TestCerts(ks, cert, key);
    }

    private static void run(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCode rc = ManageCertificates.main(null, out, out, args);
        if (rc != ResultCode.SUCCESS) {
            throw new IOException("manage-certificates " + args[0] + " failed: " + rc + " " + out);
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}

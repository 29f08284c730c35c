package org.pbxsync.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link SecretsChild} in a JVM with every logger at TRACE and searches everything it wrote
 * (logs, reports, plans, outcomes, explanations, configurations, exceptions with stack traces)
 * for the bind password, the access token, the client secret and every login and voicemail code.
 */
class SecretsTest {

    static String classPath() throws Exception {
        Set<String> cp = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {SecretsChild.class, org.pbxsync.pbx.Synchronizer.class,
            org.pbxsync.ldap.LdapDirectorySource.class, org.pbxsync.teams.TeamsDirectorySource.class,
            org.pbxsync.core.mapping.Mapping.class}) {
            cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        for (String prop : new String[] {"jdk.module.path", "java.class.path"}) {
            String v = System.getProperty(prop);
            if (v != null) {
                for (String s : v.split(File.pathSeparator)) {
                    if (!s.isBlank()) {
                        cp.add(s);
                    }
                }
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    @Test
    void aFullSyncAtTraceLevelWritesNoSecretAnywhere() throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-cp", classPath(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.logFile=System.out", "-Djava.util.logging.config.file=/dev/null",
                SecretsChild.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "child finished");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "secrets-child-output.txt"), out); // for audit
        assertTrue(out.contains("CHILD-DONE"), tail(out));
        assertTrue(out.contains("ldap-full report:") && out.contains("graph-full report:")
                && out.contains("wrong-password:") && out.contains("client secret listing:"), tail(out));
        assertTrue(out.contains("ldap-full report: SyncReport{ldap-secrets: SUCCEEDED")
                && out.contains("ldap-failing report: SyncReport{ldap-secrets: COMPLETED_WITH_FAILURES")
                && out.contains("ldap-repair report: SyncReport{ldap-secrets: SUCCEEDED")
                && out.contains("graph-full report: SyncReport{teams-secrets: SUCCEEDED"), "the syncs ran: " + tail(out));
        assertTrue(out.contains("wrong-password: org.pbxsync.core.AuthenticationFailedException"), tail(out));
        long traceLines = out.lines().filter(l -> l.contains(" TRACE ") || l.contains(" DEBUG ")).count();
        assertTrue(traceLines > 20, "logging ran at TRACE/DEBUG (" + traceLines + " lines)");
        assertTrue(out.contains("LOGIN_CODE") || out.contains("loginCode"), "codes were handled and reported");

        List<String> secrets = new ArrayList<>(List.of(SecretsChild.BIND_PW, SecretsChild.ACCESS_TOKEN,
                "AccessTokenSecretPart-8812", SecretsChild.CLIENT_SECRET, "73915x99", "5826400999999999999999999999999999"));
        for (int i = 1; i <= 20; i++) {
            secrets.add(SecretsChild.loginCode(i));
            secrets.add(SecretsChild.voicemailCode(i));
        }
        for (int i = 41; i <= 45; i++) {
            secrets.add(SecretsChild.loginCode(i));
            secrets.add(SecretsChild.voicemailCode(i));
        }
        List<String> leaks = new ArrayList<>();
        for (String s : secrets) {
            int at = out.indexOf(s);
            if (at >= 0) {
                int lineStart = out.lastIndexOf('\n', at) + 1;
                int lineEnd = out.indexOf('\n', at);
                leaks.add(s + " in: " + out.substring(lineStart, lineEnd < 0 ? out.length() : lineEnd));
            }
        }
        System.out.println("reliability: secrets check over " + out.length() + " characters of trace output ("
                + out.lines().count() + " lines), " + secrets.size() + " secrets searched, " + leaks.size() + " found");
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
        assertFalse(out.contains("CHILD-FAILED"));
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}

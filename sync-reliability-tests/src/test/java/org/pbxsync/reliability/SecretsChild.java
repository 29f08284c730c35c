package org.pbxsync.reliability;

import com.sun.net.httpserver.HttpServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.ldap.LdapDirectorySource;
import org.pbxsync.ldap.LdapSourceConfig;
import org.pbxsync.pbx.OperationOutcome;
import org.pbxsync.pbx.SyncListener;
import org.pbxsync.pbx.SyncReport;
import org.pbxsync.pbx.SyncStateStore;
import org.pbxsync.pbx.Synchronizer;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;
import org.pbxsync.pbx.memory.InjectedFailure;
import org.pbxsync.teams.GraphCredentials;
import org.pbxsync.teams.TeamsDirectorySource;
import org.pbxsync.teams.TeamsSourceConfig;

/**
 * Full syncs from LDAP and from Graph with every secret configured, run in a JVM whose logging
 * is at TRACE; prints every report, plan, outcome, explanation, configuration and exception
 * (with stack traces) it meets, so {@link SecretsTest} can search all of it for secrets.
 */
public final class SecretsChild {
    static final String BIND_PW = "Bind-Pw-Q7x!93";
    static final String ACCESS_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.AccessTokenSecretPart-8812";
    static final String CLIENT_SECRET = "Client~Secret.kR4vT0pX9";
    static final String READER = "cn=reader,dc=example,dc=com";

    static String loginCode(int i) {
        return "739150" + String.format("%02d", i);
    }

    static String voicemailCode(int i) {
        return "582640" + String.format("%02d", i);
    }

    private SecretsChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path work = Files.createTempDirectory("secrets-child");
        try {
            ldap(out, work);
            graph(out, work);
            out.println("CHILD-DONE");
        } catch (Throwable t) {
            out.println("CHILD-FAILED " + t);
            t.printStackTrace(out);
        }
        out.flush();
        System.exit(0);
    }

    static Mapping mapping(Mapping base, String login, String voicemail) {
        return base.toBuilder().map(FieldKey.LOGIN_CODE, login).map(FieldKey.VOICEMAIL_CODE, voicemail).build();
    }

    static void print(PrintStream out, String label, SyncReport r) {
        out.println(label + " report: " + r);
        out.println(label + " summary: " + r.summary());
        out.println(label + " plan: " + r.getPlan());
        r.getPlan().getOperations().forEach(op -> out.println(label + " op: " + op + " changes " + op.getChanges()));
        r.getOutcomes().forEach(o -> out.println(label + " outcome: " + o));
        r.getViolations().forEach(v -> out.println(label + " violation: " + v));
    }

    static SyncListener printing(PrintStream out) {
        return new SyncListener() {
            @Override
            public void onOperation(OperationOutcome outcome) {
                out.println("listener: " + outcome);
            }

            @Override
            public void onFinished(SyncReport report) {
                out.println("listener finished: " + report);
            }
        };
    }

    static void ldap(PrintStream out, Path work) throws Exception {
        InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("LDAP", InetAddress.getLoopbackAddress(), 0, null));
        InMemoryDirectoryServer ds = new InMemoryDirectoryServer(cfg);
        ds.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        ds.add("dn: ou=People,dc=example,dc=com", "objectClass: organizationalUnit", "ou: People");
        ds.add("dn: " + READER, "objectClass: person", "cn: reader", "sn: reader", "userPassword: " + BIND_PW);
        for (int i = 1; i <= 20; i++) {
            ds.add("dn: uid=u" + i + ",ou=People,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: u" + i,
                    "cn: User " + i, "sn: U", "telephoneNumber: +1 555 01" + String.format("%02d", i),
                    "employeeNumber: " + loginCode(i), "pager: " + voicemailCode(i));
        }
        // a code that breaks the rules must be reported without showing it
        ds.add("dn: uid=bad,ou=People,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: bad", "cn: Bad",
                "sn: B", "telephoneNumber: +1 555 0199", "employeeNumber: 73915x99", "pager: 5826400999999999999999999999999999");
        ds.startListening();
        try {
            LdapSourceConfig.Builder config = LdapSourceConfig.openLdap().server("ldap://127.0.0.1:" + ds.getListenPort())
                    .bind(READER, BIND_PW.toCharArray()).baseDn("ou=People,dc=example,dc=com")
                    .changeTracking(LdapSourceConfig.ChangeTracking.NONE)
                    .addAttributes("employeeNumber", "pager");
            out.println("ldap config: " + config.build());
            InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
            SyncStateStore store = SyncStateStore.inDirectory(work.resolve("state"));
            Mapping m = mapping(Mapping.openLdapDefaults(), "employeeNumber", "pager");
            try (LdapDirectorySource source = LdapDirectorySource.create(config.build())) {
                out.println("ldap source: " + source + " / " + source.describe());
                out.println("ldap test: " + source.testConnection());
                Synchronizer sync = Synchronizer.builder().source(source).target(pbx).mapping(m)
                        .planOptions(PlanOptions.builder().syncName("ldap-secrets").deleteEnabled(true)
                                .deleteMode(DeleteMode.DISABLE).build())
                        .stateStore(store).listener(printing(out)).sleeper(d -> { }).build();
                out.println("synchronizer: " + sync);
                out.println("preview: " + sync.preview());
                print(out, "ldap-full", sync.synchronize());
                out.println("explain: " + sync.explain("uid=u3,ou=People,dc=example,dc=com"));
                out.println("pbx users: " + pbx.users());
                ds.modify("uid=u4,ou=People,dc=example,dc=com", new com.unboundid.ldap.sdk.Modification(
                        com.unboundid.ldap.sdk.ModificationType.REPLACE, "cn", "Renamed Four"));
                ds.delete("uid=u5,ou=People,dc=example,dc=com");
                pbx.failures().failNextWrites(1, InjectedFailure.PERMANENT);
                print(out, "ldap-failing", sync.synchronize());
                pbx.failures().clear();
                print(out, "ldap-repair", sync.synchronize());
                out.println("last run: " + sync.lastRun());
            }
            LdapSourceConfig.Builder wrong = config.bind(READER, ("x" + BIND_PW).toCharArray());
            try (LdapDirectorySource bad = LdapDirectorySource.create(wrong.build())) {
                out.println("wrong-password test: " + bad.testConnection());
                Synchronizer.builder().source(bad).target(pbx).mapping(m)
                        .planOptions(PlanOptions.builder().syncName("ldap-wrong").build())
                        .stateStore(store).build().synchronize();
            } catch (RuntimeException e) {
                out.println("wrong-password: " + e);
                e.printStackTrace(out);
            }
        } finally {
            ds.shutDown(true);
        }
    }

    static String graphUser(int i) {
        return "{\"id\":\"00000000-0000-0000-0000-0000000000" + String.format("%02d", i) + "\",\"userPrincipalName\":"
                + "\"g" + i + "@contoso.com\",\"accountEnabled\":true,\"userType\":\"Member\",\"displayName\":\"G " + i
                + "\",\"mail\":\"g" + i + "@contoso.com\",\"businessPhones\":[\"+1 425 555 02" + String.format("%02d", i)
                + "\"],\"employeeId\":\"" + loginCode(40 + i) + "\",\"mobilePhone\":\"+1 206 555 01" + String.format("%02d", i) + "\",\"officeLocation\":\"" + voicemailCode(40 + i) + "\"}";
    }

    static void graph(PrintStream out, Path work) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> requests = new ArrayList<>();
        server.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            List<String> users = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                users.add(graphUser(i));
            }
            byte[] body = ("{\"value\":[" + String.join(",", users) + "]}").getBytes(StandardCharsets.UTF_8);
            int status = ex.getRequestMethod().equals("GET") ? 200 : 405;
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0");
        try {
            TeamsSourceConfig config = TeamsSourceConfig.builder(GraphCredentials.accessToken(ACCESS_TOKEN))
                    .graphBaseUrl(base).incremental(false).attributes(List.of("displayName", "mail", "businessPhones",
                            "employeeId", "mobilePhone", "officeLocation")).build();
            out.println("graph config: " + config);
            InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
            Mapping m = mapping(Mapping.teamsDefaults(), "employeeId", "officeLocation");
            try (TeamsDirectorySource source = TeamsDirectorySource.create(config)) {
                out.println("graph test: " + source.testConnection());
                Synchronizer sync = Synchronizer.builder().source(source).target(pbx).mapping(m)
                        .planOptions(PlanOptions.builder().syncName("teams-secrets").build())
                        .stateStore(SyncStateStore.inDirectory(work.resolve("state"))).listener(printing(out)).build();
                print(out, "graph-full", sync.synchronize());
                out.println("graph pbx users: " + pbx.users().size());
            }
            GraphCredentials secret = GraphCredentials.clientSecret("11111111-2222-3333-4444-555555555555",
                    "66666666-7777-8888-9999-000000000000", CLIENT_SECRET);
            out.println("client secret credentials: " + secret);
            TeamsSourceConfig secretConfig = TeamsSourceConfig.builder(secret).graphBaseUrl(base)
                    .authorityHost("https://127.0.0.1:9/").incremental(false).retries(0, Duration.ofSeconds(1))
                    .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
            out.println("client secret config: " + secretConfig);
            try (TeamsDirectorySource source = TeamsDirectorySource.create(secretConfig)) {
                out.println("client secret test: " + source.testConnection());
                source.listAll();
            } catch (RuntimeException e) {
                out.println("client secret listing: " + e);
                e.printStackTrace(out);
            }
            out.println("graph requests: " + requests);
        } finally {
            server.stop(0);
        }
    }
}

package org.pbxsync.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.teams.MockGraphServer.Response;

class ConfigurationAndSecretsTest extends GraphTestSupport {
    private static final String SECRET = "s3cr3t~Value.With_Chars";
    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String CLIENT = "00000000-1111-2222-3333-444444444444";

    @Test
    void everyProblemIsReportedAtOnceNamingTheSetting() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> TeamsSourceConfig
                .builder(GraphCredentials.clientSecret(TENANT, CLIENT, SECRET))
                .groupDirectory("Sales")
                .attributes(List.of("displayName", "telephoneNumber", "extensionAttribute16"))
                .pageSize(1000)
                .retries(11, Duration.ofSeconds(5))
                .timeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1))
                .graphBaseUrl(URI.create("http://graph.example.com/v1.0"))
                .authorityHost("http://login.example.com/")
                .build());
        List<String> p = e.getProblems();
        assertEquals(8, p.size(), String.join("\n", p));
        assertTrue(p.get(0).startsWith("groupDirectory: group id 'Sales' is not an object id"), p.get(0));
        assertTrue(p.get(1).startsWith("attributes: 'telephoneNumber' is not a Graph user property"), p.get(1));
        assertTrue(p.get(2).startsWith("attributes: 'extensionAttribute16'"), p.get(2));
        assertTrue(p.get(3).startsWith("pageSize: 1000"), p.get(3));
        assertTrue(p.get(4).startsWith("retries: maxRetries 11"), p.get(4));
        assertTrue(p.get(5).startsWith("connectTimeout"), p.get(5));
        assertTrue(p.stream().anyMatch(x -> x.startsWith("graphBaseUrl:") && x.contains("plain http")));
        assertTrue(p.stream().anyMatch(x -> x.startsWith("authorityHost:")));
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void directoryExtensionsAndExtensionAttributesAreAccepted() {
        TeamsSourceConfig c = TeamsSourceConfig.builder(GraphCredentials.managedIdentity())
                .attributes(List.of("extension_0123456789abcdef0123456789abcdef_costCenter", "ExtensionAttribute15"))
                .build();
        assertEquals(2, c.getAttributes().size());
    }

    @Test
    void toStringAndDescribeNeverShowSecrets() {
        GraphCredentials secret = GraphCredentials.clientSecret(TENANT, CLIENT, SECRET);
        GraphCredentials pfx = GraphCredentials.certificatePfx(TENANT, CLIENT, Path.of("/etc/app.pfx"), SECRET);
        GraphCredentials token = GraphCredentials.accessToken(SECRET);
        for (GraphCredentials c : List.of(secret, pfx, token)) {
            TeamsSourceConfig config = TeamsSourceConfig.builder(c).build();
            assertFalse(c.toString().contains(SECRET), c.toString());
            assertFalse(config.toString().contains(SECRET), config.toString());
            try (TeamsDirectorySource s = TeamsDirectorySource.create(config)) {
                assertFalse(s.describe().contains(SECRET));
                assertFalse(s.toString().contains(SECRET));
            }
        }
        assertEquals("GraphCredentials{CLIENT_SECRET, tenantId=" + TENANT + ", clientId=" + CLIENT + ", clientSecret=***}",
                secret.toString());
        assertTrue(pfx.toString().contains("password=***"));
        assertEquals("GraphCredentials{ACCESS_TOKEN, accessToken=***}", token.toString());
    }

    @Test
    void allCredentialKindsBuildWithoutTouchingTheNetwork() {
        List<GraphCredentials> kinds = List.of(
                GraphCredentials.clientSecret(TENANT, CLIENT, SECRET),
                GraphCredentials.certificatePem(TENANT, CLIENT, Path.of("/nonexistent/app.pem")),
                GraphCredentials.certificatePfx(TENANT, CLIENT, Path.of("/nonexistent/app.pfx"), null),
                GraphCredentials.managedIdentity(),
                GraphCredentials.managedIdentity(CLIENT),
                GraphCredentials.tokenCredential(credential),
                GraphCredentials.accessToken("opaque"));
        for (GraphCredentials c : kinds) {
            try (TeamsDirectorySource s = TeamsDirectorySource.create(TeamsSourceConfig.builder(c)
                    .cloud(GraphCloud.US_GOV_L4).build())) {
                assertEquals("msgraph https://graph.microsoft.us/v1.0 tenant", s.describe());
            }
        }
    }

    @Test
    void cloudsChooseEndpointAuthorityAndScope() {
        assertEquals(URI.create("https://graph.microsoft.com/v1.0"), GraphCloud.GLOBAL.graphBaseUrl());
        assertEquals("https://login.microsoftonline.us/", GraphCloud.US_GOV_L5.authorityHost());
        assertEquals(URI.create("https://dod-graph.microsoft.us/v1.0"), GraphCloud.US_GOV_L5.graphBaseUrl());
        assertEquals("https://microsoftgraph.chinacloudapi.cn/.default", GraphCloud.CHINA.defaultScope());
        TeamsSourceConfig china = TeamsSourceConfig.builder(GraphCredentials.managedIdentity()).cloud(GraphCloud.CHINA).build();
        assertEquals("https://login.chinacloudapi.cn/", china.getAuthorityHost());
        assertEquals(URI.create("https://microsoftgraph.chinacloudapi.cn/v1.0"), china.getGraphBaseUrl());
    }

    @Test
    void aNationalCloudAsksForItsOwnScopeEvenBehindAnOverriddenBaseUrl() {
        tenant.generate(3);
        source(config().cloud(GraphCloud.US_GOV_L4)).listAll();
        assertEquals(List.of("https://graph.microsoft.us/.default"), credential.requests.get(0).getScopes());
    }

    @Test
    void aStaticAccessTokenIsSentAsBearer() {
        tenant.generate(3);
        String token = "eyJ0eXAiOiJKV1QifQ.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln";
        try (TeamsDirectorySource s = TeamsDirectorySource.create(TeamsSourceConfig.builder(GraphCredentials.accessToken(token))
                .graphBaseUrl(server.baseUrl()).build())) {
            assertEquals(3, s.listAll().entries().size());
        }
        assertTrue(server.requests().stream().allMatch(r -> ("Bearer " + token).equals(r.authorization())));
    }

    @Test
    void aStaticJwtExpiresWhenItsExpClaimSaysAndAnOpaqueTokenNever() {
        com.azure.core.credential.TokenRequestContext ctx = new com.azure.core.credential.TokenRequestContext();
        assertEquals(java.time.OffsetDateTime.parse("2100-01-01T00:00Z"), new Credentials.StaticTokenCredential(
                "eyJ0eXAiOiJKV1QifQ.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln").getTokenSync(ctx).getExpiresAt());
        assertEquals(9999, new Credentials.StaticTokenCredential("opaque").getTokenSync(ctx).getExpiresAt().getYear());
        assertFalse(new Credentials.StaticTokenCredential(SECRET).toString().contains(SECRET));
    }

    @Test
    void checkpointToStringHidesTheDeltaLink() {
        tenant.generate(1);
        Checkpoint cp = source(config()).listAll().checkpoint().orElseThrow();
        assertFalse(cp.toString().contains("deltatoken"));
    }

    @Test
    void logsOfARetriedAndFailedRunContainNoTokenOrSecret() {
        tenant.generate(10);
        server.failNext(MockGraphServer.path("/v1.0/users"), Response.error(429, "TooManyRequests", "x")
                .withHeader("Retry-After", "1"), 20);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThrows(IncompleteListingException.class, () -> source(config().retries(2, Duration.ofSeconds(5))).listAll());
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("retry 1/2"), "the retries are logged: " + log);
        assertFalse(log.contains(credential.token()), log);
        assertFalse(log.contains("deltatoken=D"), "delta links carry tokens and are not logged: " + log);
    }
}

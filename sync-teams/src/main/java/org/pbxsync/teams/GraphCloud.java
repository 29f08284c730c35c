package org.pbxsync.teams;

import java.net.URI;

/**
 * The Microsoft cloud a tenant lives in: which Microsoft Graph endpoint to call and which
 * Microsoft Entra authority issues the tokens. Pick the one the tenant was created in; a token
 * from one cloud is not accepted by another.
 *
 * <p>The Graph endpoint can be overridden with {@link TeamsSourceConfig.Builder#graphBaseUrl}
 * (for a proxy or a test server); the authority with {@link
 * TeamsSourceConfig.Builder#authorityHost}.
 */
public enum GraphCloud {
    /** The global (commercial) cloud, including GCC: {@code graph.microsoft.com}, {@code login.microsoftonline.com}. */
    GLOBAL("https://graph.microsoft.com", "https://login.microsoftonline.com/"),
    /** US Government L4 (GCC High): {@code graph.microsoft.us}, {@code login.microsoftonline.us}. */
    US_GOV_L4("https://graph.microsoft.us", "https://login.microsoftonline.us/"),
    /** US Government L5 (DoD): {@code dod-graph.microsoft.us}, {@code login.microsoftonline.us}. */
    US_GOV_L5("https://dod-graph.microsoft.us", "https://login.microsoftonline.us/"),
    /** Microsoft Azure operated by 21Vianet (China): {@code microsoftgraph.chinacloudapi.cn}, {@code login.chinacloudapi.cn}. */
    CHINA("https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn/");

    private final String graphEndpoint;
    private final String authorityHost;

    GraphCloud(String graphEndpoint, String authorityHost) {
        this.graphEndpoint = graphEndpoint;
        this.authorityHost = authorityHost;
    }

    /** @return the Graph service root without version, for example {@code https://graph.microsoft.com} */
    public URI graphEndpoint() {
        return URI.create(graphEndpoint);
    }

    /** @return the v1.0 base URL, for example {@code https://graph.microsoft.com/v1.0} */
    public URI graphBaseUrl() {
        return URI.create(graphEndpoint + "/v1.0");
    }

    /** @return the Entra authority host, with a trailing slash */
    public String authorityHost() {
        return authorityHost;
    }

    /** @return the OAuth scope that grants the app's Graph application permissions: {@code <endpoint>/.default} */
    public String defaultScope() {
        return graphEndpoint + "/.default";
    }
}

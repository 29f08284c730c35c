package org.pbxsync.teams;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.pbxsync.teams.internal.Jwt;
import reactor.core.publisher.Mono;

/** Turns {@link GraphCredentials} into an azure-identity {@link TokenCredential}. Builds make no network call. */
final class Credentials {
    private Credentials() {}

    static TokenCredential toTokenCredential(GraphCredentials c, TeamsSourceConfig config) {
        String authority = config.getAuthorityHost();
        switch (c.getKind()) {
            case CLIENT_SECRET:
                return new ClientSecretCredentialBuilder().authorityHost(authority)
                        .tenantId(c.getTenantId().orElseThrow()).clientId(c.getClientId().orElseThrow())
                        .clientSecret(c.secret().orElseThrow()).build();
            case CERTIFICATE_PEM:
                return new ClientCertificateCredentialBuilder().authorityHost(authority)
                        .tenantId(c.getTenantId().orElseThrow()).clientId(c.getClientId().orElseThrow())
                        .pemCertificate(c.getCertificate().orElseThrow().toString()).build();
            case CERTIFICATE_PFX: {
                ClientCertificateCredentialBuilder b = new ClientCertificateCredentialBuilder().authorityHost(authority)
                        .tenantId(c.getTenantId().orElseThrow()).clientId(c.getClientId().orElseThrow())
                        .pfxCertificate(c.getCertificate().orElseThrow().toString());
                c.secret().ifPresent(b::clientCertificatePassword);
                return b.build();
            }
            case MANAGED_IDENTITY: {
                ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder();
                c.getClientId().ifPresent(b::clientId);
                return b.build();
            }
            case TOKEN_CREDENTIAL:
                return c.credential().orElseThrow();
            case ACCESS_TOKEN:
                return new StaticTokenCredential(c.secret().orElseThrow());
            default:
                throw new IllegalStateException("unknown credential kind " + c.getKind());
        }
    }

    static String identity(GraphCredentials c, TeamsSourceConfig config) {
        switch (c.getKind()) {
            case CLIENT_SECRET:
            case CERTIFICATE_PEM:
            case CERTIFICATE_PFX:
                return "client " + c.getClientId().orElseThrow() + " in tenant " + c.getTenantId().orElseThrow() + " ("
                        + c.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", authority "
                        + config.getAuthorityHost() + ")";
            case MANAGED_IDENTITY:
                return c.getClientId().map(id -> "user-assigned managed identity " + id)
                        .orElse("the system-assigned managed identity");
            case TOKEN_CREDENTIAL:
                return "the supplied credential " + c.credential().orElseThrow().getClass().getName();
            default:
                return "the supplied access token";
        }
    }

    /** Presents a fixed token; its expiry comes from the JWT {@code exp} claim when there is one. */
    static final class StaticTokenCredential implements TokenCredential {
        private final String token;
        private final OffsetDateTime expiresAt;

        StaticTokenCredential(String token) {
            this.token = token;
            this.expiresAt = expiry(token);
        }

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromSupplier(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            return new AccessToken(token, expiresAt);
        }

        private static OffsetDateTime expiry(String token) {
            return Jwt.expiry(token)
                    .map(exp -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(exp), ZoneOffset.UTC))
                    .orElse(OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC));
        }

        @Override
        public String toString() {
            return "StaticTokenCredential{token=***}";
        }
    }
}

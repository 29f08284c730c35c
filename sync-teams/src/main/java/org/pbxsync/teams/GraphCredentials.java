package org.pbxsync.teams;

import com.azure.core.credential.TokenCredential;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link TeamsDirectorySource} gets its access tokens for Microsoft Graph. Immutable and
 * thread-safe. Create one with a static factory:
 *
 * <ul>
 *   <li>{@link #clientSecret}: an app registration with a client secret;</li>
 *   <li>{@link #certificatePem} / {@link #certificatePfx}: an app registration with a
 *       certificate (the file is read when the first token is requested, not here);</li>
 *   <li>{@link #managedIdentity()} / {@link #managedIdentity(String)}: the Azure managed
 *       identity of the host (system- or user-assigned);</li>
 *   <li>{@link #tokenCredential}: any azure-identity {@code TokenCredential} the caller built;</li>
 *   <li>{@link #accessToken}: a ready-made bearer token (the caller renews it).</li>
 * </ul>
 *
 * <p>The app needs the Microsoft Graph <em>application</em> permissions {@code User.Read.All}
 * and, for a {@linkplain DirectoryScope#GROUP group directory}, {@code GroupMember.Read.All},
 * with admin consent.
 *
 * <p>{@link #toString()} never shows a secret, a password or a token; it shows the kind, the
 * tenant id and the client id.
 */
public final class GraphCredentials {

    /** The kind of credential. */
    public enum Kind {
        /** App registration with a client secret. */
        CLIENT_SECRET,
        /** App registration with a PEM certificate and private key. */
        CERTIFICATE_PEM,
        /** App registration with a PKCS#12 (PFX) certificate and private key. */
        CERTIFICATE_PFX,
        /** Azure managed identity. */
        MANAGED_IDENTITY,
        /** A caller-supplied {@code TokenCredential}. */
        TOKEN_CREDENTIAL,
        /** A caller-supplied static access token. */
        ACCESS_TOKEN
    }

    private final Kind kind;
    private final String tenantId;
    private final String clientId;
    private final String secret;
    private final Path certificate;
    private final TokenCredential credential;

    private GraphCredentials(Kind kind, String tenantId, String clientId, String secret, Path certificate,
            TokenCredential credential) {
        this.kind = kind;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.secret = secret;
        this.certificate = certificate;
        this.credential = credential;
    }

    /**
     * @param tenantId the directory (tenant) id or a verified domain name; not null
     * @param clientId the application (client) id of the app registration; not null
     * @param clientSecret the client secret's value (not its id); not null
     * @return credentials for the client-credentials flow with a secret
     * @throws NullPointerException if an argument is null
     */
    public static GraphCredentials clientSecret(String tenantId, String clientId, String clientSecret) {
        return new GraphCredentials(Kind.CLIENT_SECRET, req(tenantId, "tenantId"), req(clientId, "clientId"),
                req(clientSecret, "clientSecret"), null, null);
    }

    /**
     * @param tenantId the directory (tenant) id; not null
     * @param clientId the application (client) id; not null
     * @param pemFile a PEM file holding the certificate and its unencrypted private key; not null
     * @return credentials for the client-credentials flow with a certificate
     */
    public static GraphCredentials certificatePem(String tenantId, String clientId, Path pemFile) {
        return new GraphCredentials(Kind.CERTIFICATE_PEM, req(tenantId, "tenantId"), req(clientId, "clientId"), null,
                req(pemFile, "pemFile"), null);
    }

    /**
     * @param tenantId the directory (tenant) id; not null
     * @param clientId the application (client) id; not null
     * @param pfxFile a PKCS#12 file holding the certificate and its private key; not null
     * @param password the PFX password; may be null for a file without one
     * @return credentials for the client-credentials flow with a certificate
     */
    public static GraphCredentials certificatePfx(String tenantId, String clientId, Path pfxFile, String password) {
        return new GraphCredentials(Kind.CERTIFICATE_PFX, req(tenantId, "tenantId"), req(clientId, "clientId"), password,
                req(pfxFile, "pfxFile"), null);
    }

    /** @return the host's system-assigned managed identity */
    public static GraphCredentials managedIdentity() {
        return new GraphCredentials(Kind.MANAGED_IDENTITY, null, null, null, null, null);
    }

    /**
     * @param clientId the client id of a user-assigned managed identity; not null
     * @return that managed identity
     */
    public static GraphCredentials managedIdentity(String clientId) {
        return new GraphCredentials(Kind.MANAGED_IDENTITY, null, req(clientId, "clientId"), null, null, null);
    }

    /**
     * @param credential any azure-identity credential; it is asked for tokens with the scope
     *     {@code <graph endpoint>/.default}; not null
     * @return credentials that delegate to it
     */
    public static GraphCredentials tokenCredential(TokenCredential credential) {
        return new GraphCredentials(Kind.TOKEN_CREDENTIAL, null, null, null, null, req(credential, "credential"));
    }

    /**
     * A static bearer token. It is used as is until it expires; renewing it is the caller's job
     * (build a new source). If it is a JWT, its {@code exp} claim tells when it expires.
     *
     * @param accessToken an access token for Microsoft Graph; not null or blank
     * @return credentials that always present this token
     */
    public static GraphCredentials accessToken(String accessToken) {
        if (req(accessToken, "accessToken").isBlank()) {
            throw new IllegalArgumentException("accessToken must not be blank");
        }
        return new GraphCredentials(Kind.ACCESS_TOKEN, null, null, accessToken, null, null);
    }

    /** @return the kind of credential */
    public Kind getKind() {
        return kind;
    }

    /** @return the tenant id, for app registrations */
    public Optional<String> getTenantId() {
        return Optional.ofNullable(tenantId);
    }

    /** @return the client id of the app registration or user-assigned managed identity */
    public Optional<String> getClientId() {
        return Optional.ofNullable(clientId);
    }

    /** @return the certificate file, for certificate credentials */
    public Optional<Path> getCertificate() {
        return Optional.ofNullable(certificate);
    }

    /**
     * The secret part: client secret, PFX password or static access token. For the library's
     * own use when building the azure-identity credential; never log it.
     *
     * @return the secret, if this kind has one
     */
    Optional<String> secret() {
        return Optional.ofNullable(secret);
    }

    /** @return the caller-supplied credential, for {@link Kind#TOKEN_CREDENTIAL} */
    Optional<TokenCredential> credential() {
        return Optional.ofNullable(credential);
    }

    /** Shows the kind, tenant and client id and the certificate path; never a secret. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("GraphCredentials{").append(kind);
        if (tenantId != null) {
            sb.append(", tenantId=").append(tenantId);
        }
        if (clientId != null) {
            sb.append(", clientId=").append(clientId);
        }
        if (certificate != null) {
            sb.append(", certificate=").append(certificate);
        }
        if (secret != null) {
            sb.append(kind == Kind.ACCESS_TOKEN ? ", accessToken=***" : kind == Kind.CLIENT_SECRET
                    ? ", clientSecret=***" : ", password=***");
        }
        if (credential != null) {
            sb.append(", credential=").append(credential.getClass().getName());
        }
        return sb.append('}').toString();
    }

    private static <T> T req(T value, String name) {
        return Objects.requireNonNull(value, name);
    }
}

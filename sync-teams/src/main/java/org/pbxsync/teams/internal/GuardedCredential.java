package org.pbxsync.teams.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

/**
 * Wraps the configured credential so that a failure to get a token is recognisable after it
 * passed through the Graph SDK, and says which identity failed (never the secret).
 */
final class GuardedCredential implements TokenCredential {
    private final TokenCredential delegate;
    private final String identity;

    GuardedCredential(TokenCredential delegate, String identity) {
        this.delegate = delegate;
        this.identity = identity;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromSupplier(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        AccessToken token;
        try {
            token = delegate.getTokenSync(request);
        } catch (RuntimeException e) {
            throw new TokenAcquisitionException("Could not get an access token for " + identity + " (scopes "
                    + request.getScopes() + "): " + describe(e), e);
        }
        if (token == null || token.getToken() == null) {
            throw new TokenAcquisitionException("The credential for " + identity + " returned no access token", null);
        }
        return token;
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null && sb.length() < 600; c = c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                String m = c.getMessage().strip();
                sb.append(": ").append(m.length() > 300 ? m.substring(0, 300) + "..." : m);
            }
        }
        return sb.toString();
    }
}

package org.pbxsync.teams;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** Hands out a fixed token without MSAL or network and records what was asked (api-notes 3.3). */
final class FakeTokenCredential implements TokenCredential {
    final List<TokenRequestContext> requests = new CopyOnWriteArrayList<>();
    private final String token;
    private final RuntimeException failure;

    private FakeTokenCredential(String token, RuntimeException failure) {
        this.token = token;
        this.failure = failure;
    }

    static FakeTokenCredential opaque(String token) {
        return new FakeTokenCredential(token, null);
    }

    static FakeTokenCredential failing(RuntimeException failure) {
        return new FakeTokenCredential(null, failure);
    }

    /** A JWT-shaped token (unsigned) with the given application roles. */
    static FakeTokenCredential withRoles(String... roles) {
        StringBuilder json = new StringBuilder("{\"aud\":\"https://graph.microsoft.com\",\"exp\":4102444800,\"roles\":[");
        for (int i = 0; i < roles.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
        }
        json.append("]}");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String jwt = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        return new FakeTokenCredential(jwt, null);
    }

    String token() {
        return token;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext ctx) {
        return Mono.fromSupplier(() -> getTokenSync(ctx));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext ctx) {
        requests.add(ctx);
        if (failure != null) {
            throw failure;
        }
        return new AccessToken(token, OffsetDateTime.now().plusHours(1));
    }
}

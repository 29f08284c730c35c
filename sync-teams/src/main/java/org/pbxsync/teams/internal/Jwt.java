package org.pbxsync.teams.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Reads the payload claims of a JWT access token, without checking its signature (Graph does that). */
public final class Jwt {
    private Jwt() {}

    static Optional<JsonObject> payload(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(parts[1].replace('=', ' ').trim());
            JsonElement e = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
            return e.isJsonObject() ? Optional.of(e.getAsJsonObject()) : Optional.empty();
        } catch (RuntimeException notJwt) {
            return Optional.empty();
        }
    }

    /** @return the {@code roles} claim (application permissions), if the token has one */
    static Optional<List<String>> roles(String token) {
        return payload(token).filter(p -> p.has("roles") && p.get("roles").isJsonArray()).map(p -> {
            List<String> roles = new ArrayList<>();
            p.getAsJsonArray("roles").forEach(r -> roles.add(r.getAsString()));
            return roles;
        });
    }

    /**
     * @param token an access token, JWT or opaque
     * @return the {@code exp} claim in epoch seconds, if the token is a JWT that has one
     */
    public static Optional<Long> expiry(String token) {
        return payload(token).filter(p -> p.has("exp") && p.get("exp").isJsonPrimitive())
                .map(p -> p.get("exp").getAsLong());
    }
}

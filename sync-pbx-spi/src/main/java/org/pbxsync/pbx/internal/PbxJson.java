package org.pbxsync.pbx.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxSystem;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.model.ProvisioningRule;

/** The JSON form of a PBX's content, with Jackson's tree model (no reflection on our classes). */
public final class PbxJson {
    public static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PbxJson() {}

    public static byte[] write(PbxSnapshot s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode users = root.putArray("users");
        for (PbxUser u : s.getUsers()) {
            ObjectNode n = users.addObject();
            n.put("userId", u.getUserId());
            u.getOwner().ifPresent(o -> n.put("owner", o));
            n.put("enabled", u.isEnabled());
            ObjectNode fields = n.putObject("fields");
            u.getFields().forEach((k, v) -> fields.put(k.getName(), v));
            ArrayNode groups = n.putArray("groups");
            u.getGroups().forEach(groups::add);
            u.getSystem().ifPresent(sys -> n.put("system", sys));
        }
        ArrayNode rules = root.putArray("rules");
        for (ProvisioningRule r : s.getRules()) {
            ObjectNode n = rules.addObject();
            n.put("name", r.getName());
            r.getExtensionType().ifPresent(v -> n.put("extensionType", v));
            r.getStartExtension().ifPresent(v -> n.put("startExtension", v));
            r.getSystem().ifPresent(v -> n.put("system", v));
        }
        ArrayNode systems = root.putArray("systems");
        for (PbxSystem sys : s.getSystems()) {
            ObjectNode n = systems.addObject();
            n.put("name", sys.getName());
            sys.getLan1().ifPresent(v -> n.put("lan1", v));
            sys.getLan2().ifPresent(v -> n.put("lan2", v));
            sys.getFqdn().ifPresent(v -> n.put("fqdn", v));
            n.put("primary", sys.isPrimary());
        }
        ArrayNode groups = root.putArray("groups");
        s.getGroups().forEach(groups::add);
        ArrayNode reserved = root.putArray("reservedExtensions");
        s.getReservedExtensions().forEach(reserved::add);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write PBX JSON", e);
        }
    }

    /** @throws IllegalArgumentException with a message saying what is wrong where */
    public static PbxSnapshot read(byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the top level must be a JSON object");
        }
        JsonNode format = root.get("format");
        if (format == null || !format.isInt()) {
            throw new IllegalArgumentException("missing or non-integer \"format\"");
        }
        if (format.intValue() > FORMAT) {
            throw new IllegalArgumentException("format " + format.intValue() + " was written by a newer version of the"
                    + " library; this one reads format " + FORMAT + " and older");
        }
        PbxSnapshot.Builder b = PbxSnapshot.builder();
        int i = 0;
        for (JsonNode n : array(root, "users")) {
            String where = "users[" + i++ + "]";
            PbxUser.Builder u = PbxUser.builder().userId(text(n, "userId", where))
                    .enabled(!n.has("enabled") || n.get("enabled").asBoolean());
            optText(n, "owner", where).ifPresent(u::owner);
            optText(n, "system", where).ifPresent(u::system);
            JsonNode fields = n.get("fields");
            if (fields == null || !fields.isObject()) {
                throw new IllegalArgumentException(where + ": missing object \"fields\"");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getValue().isTextual()) {
                    throw new IllegalArgumentException(where + ".fields." + f.getKey() + ": must be a string");
                }
                u.putFields(FieldKey.of(f.getKey()), f.getValue().textValue());
            }
            for (JsonNode g : array(n, "groups")) {
                u.addGroups(g.asText());
            }
            try {
                b.addUsers(u.build());
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        i = 0;
        for (JsonNode n : array(root, "rules")) {
            String where = "rules[" + i++ + "]";
            ProvisioningRule.Builder r = ProvisioningRule.builder().name(text(n, "name", where));
            optText(n, "extensionType", where).ifPresent(r::extensionType);
            optText(n, "startExtension", where).ifPresent(r::startExtension);
            optText(n, "system", where).ifPresent(r::system);
            try {
                b.addRules(r.build());
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        i = 0;
        for (JsonNode n : array(root, "systems")) {
            String where = "systems[" + i++ + "]";
            PbxSystem.Builder sys = PbxSystem.builder().name(text(n, "name", where))
                    .primary(n.has("primary") && n.get("primary").asBoolean());
            optText(n, "lan1", where).ifPresent(sys::lan1);
            optText(n, "lan2", where).ifPresent(sys::lan2);
            optText(n, "fqdn", where).ifPresent(sys::fqdn);
            b.addSystems(sys.build());
        }
        for (JsonNode g : array(root, "groups")) {
            b.addGroups(g.asText());
        }
        for (JsonNode g : array(root, "reservedExtensions")) {
            b.addReservedExtensions(g.asText());
        }
        try {
            return b.build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Iterable<JsonNode> array(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return java.util.List.of();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("\"" + name + "\" must be an array");
        }
        return n;
    }

    private static String text(JsonNode n, String name, String where) {
        return optText(n, name, where).orElseThrow(() -> new IllegalArgumentException(where + ": missing \"" + name + "\""));
    }

    private static Optional<String> optText(JsonNode n, String name, String where) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + "." + name + ": must be a string");
        }
        return Optional.of(v.textValue());
    }
}

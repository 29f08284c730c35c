package org.pbxsync.teams;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.pbxsync.teams.MockGraphServer.Request;
import org.pbxsync.teams.MockGraphServer.Response;

/**
 * A generated Entra tenant behind {@link MockGraphServer}: users with Graph-shaped JSON, groups
 * with member lists, and a change log so that {@code users/delta} reports what changed since a
 * token. Honours {@code $select} (plus id, as Graph does), {@code $top} (max 999) and pages with
 * {@code $skiptoken}. Thread-safe enough for one client.
 */
final class FakeTenant {
    static final Gson JSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
    static final String TEAMS_PHONE = TeamsSourceConfig.TEAMS_PHONE_SERVICE_PLAN_ID.toString();
    static final String E5_SKU = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";

    private final URI base;
    private final Map<String, Map<String, Object>> users = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final List<Change> log = new ArrayList<>();
    private final Map<String, DeltaToken> deltaTokens = new HashMap<>();
    private final Map<String, DeltaPage> skipTokens = new HashMap<>();
    private final Map<String, Response> expiredTokens = new HashMap<>();
    private final AtomicInteger tokenSeq = new AtomicInteger();
    int deltaPageSize = 200;

    private record Change(int version, String id, String removedReason) {}

    private record DeltaToken(int version, List<String> select) {}

    private record DeltaPage(List<Map<String, Object>> items, int offset, List<String> select) {}

    record Group(String id, String displayName, List<String> memberIds) {}

    FakeTenant(URI base) {
        this.base = base;
    }

    static UUID idOf(int i) {
        return UUID.nameUUIDFromBytes(("user-" + i).getBytes(StandardCharsets.UTF_8));
    }

    /** Adds users 0..n-1 with a deterministic shape (see {@link #generatedUser}). */
    FakeTenant generate(int n) {
        for (int i = 0; i < n; i++) {
            put(generatedUser(i));
        }
        return this;
    }

    /**
     * User i: every 50th disabled, every 100th (offset 7) a guest with #EXT#, every 3rd with Teams
     * Phone, every 2nd with an E5 licence.
     */
    static Map<String, Object> generatedUser(int i) {
        Map<String, Object> u = new LinkedHashMap<>();
        boolean guest = i % 100 == 7;
        u.put("id", idOf(i).toString());
        u.put("userPrincipalName", guest ? "guest" + i + "_fabrikam.com#EXT#@contoso.onmicrosoft.com" : "user" + i + "@contoso.com");
        u.put("userType", guest ? "Guest" : "Member");
        u.put("accountEnabled", i % 50 != 49);
        u.put("displayName", "User " + i);
        u.put("givenName", "Given" + i);
        u.put("surname", "Surname" + i);
        u.put("mail", "user" + i + "@contoso.com");
        u.put("businessPhones", List.of("+1 425 555 " + String.format("%04d", i % 10000), "+1 425 556 0000"));
        u.put("mobilePhone", "+1 206 555 " + String.format("%04d", i % 10000));
        u.put("department", "Dept" + (i % 10));
        u.put("jobTitle", "Engineer");
        u.put("officeLocation", "Building " + (i % 5));
        u.put("employeeId", String.valueOf(100000 + i));
        u.put("onPremisesSamAccountName", "user" + i);
        Map<String, Object> ext = new LinkedHashMap<>();
        for (int k = 1; k <= 15; k++) {
            ext.put("extensionAttribute" + k, k == 3 ? String.valueOf(2000 + i) : null);
        }
        u.put("onPremisesExtensionAttributes", ext);
        List<Map<String, Object>> plans = new ArrayList<>();
        if (i % 3 == 0) {
            plans.add(Map.of("assignedDateTime", "2024-01-01T00:00:00Z", "capabilityStatus", "Enabled", "service",
                    "MicrosoftCommunicationsOnline", "servicePlanId", TEAMS_PHONE));
        }
        plans.add(Map.of("assignedDateTime", "2024-01-01T00:00:00Z", "capabilityStatus", "Enabled", "service",
                "exchange", "servicePlanId", "efb87545-963c-4e0d-99df-69c6916d9eb0"));
        u.put("assignedPlans", plans);
        u.put("assignedLicenses", i % 2 == 0 ? List.of(Map.of("skuId", E5_SKU, "disabledPlans", List.of())) : List.of());
        return u;
    }

    synchronized FakeTenant put(Map<String, Object> user) {
        String id = (String) user.get("id");
        users.put(id, new LinkedHashMap<>(user));
        log.add(new Change(log.size() + 1, id, null));
        return this;
    }

    synchronized void update(String id, String property, Object value) {
        Map<String, Object> u = users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("no user " + id);
        }
        u.put(property, value);
        log.add(new Change(log.size() + 1, id, null));
    }

    synchronized void delete(String id, String reason) {
        users.remove(id);
        log.add(new Change(log.size() + 1, id, reason));
    }

    synchronized void addGroup(String id, String name, List<String> memberIds) {
        groups.put(id, new Group(id, name, new ArrayList<>(memberIds)));
    }

    synchronized Map<String, Object> user(String id) {
        return users.get(id);
    }

    synchronized List<Map<String, Object>> allUsers() {
        return new ArrayList<>(users.values());
    }

    /** Makes every delta token issued so far answer with {@code response}. */
    synchronized void expireDeltaTokens(Response response) {
        for (String t : deltaTokens.keySet()) {
            expiredTokens.put(t, response);
        }
    }

    synchronized Response handle(Request r) {
        String p = r.path();
        String prefix = base.getPath();
        if (!p.startsWith(prefix + "/")) {
            return Response.error(404, "Request_ResourceNotFound", "unknown path " + p);
        }
        String rel = p.substring(prefix.length());
        if (rel.equals("/users")) {
            return listUsers(r, new ArrayList<>(users.values()), "/users");
        }
        if (rel.equals("/users/delta") || rel.equals("/users/delta()")) {
            return delta(r);
        }
        String[] parts = rel.split("/");
        if (parts.length >= 3 && parts[1].equals("groups")) {
            Group g = groups.get(parts[2]);
            if (g == null) {
                return Response.error(404, "Request_ResourceNotFound",
                        "Resource '" + parts[2] + "' does not exist or one of its queried reference-property objects are not present.");
            }
            if (parts.length == 3) {
                return Response.json(200, write(Map.of("id", g.id(), "displayName", g.displayName())));
            }
            if (parts.length == 5 && parts[3].equals("transitiveMembers")
                    && (parts[4].equals("graph.user") || parts[4].equals("microsoft.graph.user"))) {
                List<Map<String, Object>> members = new ArrayList<>();
                for (String id : g.memberIds()) {
                    if (users.containsKey(id)) {
                        members.add(users.get(id));
                    }
                }
                return listUsers(r, members, rel);
            }
        }
        return Response.error(400, "BadRequest", "unsupported request " + rel);
    }

    private Response listUsers(Request r, List<Map<String, Object>> source, String rel) {
        List<String> select = select(r.query().get("$select"));
        int top = r.query().containsKey("$top") ? Integer.parseInt(r.query().get("$top")) : 100;
        if (top > 999) {
            return Response.error(400, "Request_UnsupportedQuery", "Invalid page size specified: '" + top
                    + "'. Must be between 1 and 999 inclusive.");
        }
        int offset = r.query().containsKey("$skiptoken") ? Integer.parseInt(r.query().get("$skiptoken").substring(1)) : 0;
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("@odata.context", base + "/$metadata#users");
        int end = Math.min(source.size(), offset + top);
        if (end < source.size()) {
            page.put("@odata.nextLink", base + rel + "?$select=" + String.join(",", select) + "&$top=" + top
                    + "&$skiptoken=X" + end);
        }
        List<Map<String, Object>> value = new ArrayList<>();
        for (int i = offset; i < end; i++) {
            value.add(project(source.get(i), select));
        }
        page.put("value", value);
        return Response.json(200, write(page));
    }

    private Response delta(Request r) {
        Map<String, String> q = r.query();
        String skip = q.get("$skiptoken");
        if (skip != null) {
            DeltaPage dp = skipTokens.get(skip);
            if (dp == null) {
                return Response.error(400, "BadRequest", "unknown skiptoken");
            }
            return deltaPage(dp);
        }
        String token = q.get("$deltatoken");
        if (token == null) {
            return Response.error(400, "BadRequest", "this mock needs a $deltatoken");
        }
        if (expiredTokens.containsKey(token)) {
            return expiredTokens.get(token);
        }
        if (token.equals("latest")) {
            List<String> select = select(q.get("$select"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("@odata.context", base + "/$metadata#users");
            body.put("@odata.deltaLink", base + "/users/delta?$deltatoken=" + newToken(select));
            body.put("value", List.of());
            return Response.json(200, write(body));
        }
        DeltaToken dt = deltaTokens.get(token);
        if (dt == null) {
            return Response.error(400, "syncStateNotFound", "The sync state generation is not found.");
        }
        Map<String, Change> last = new LinkedHashMap<>();
        for (Change c : log) {
            if (c.version() > dt.version()) {
                last.remove(c.id());
                last.put(c.id(), c);
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (Change c : last.values()) {
            if (c.removedReason() != null || !users.containsKey(c.id())) {
                Map<String, Object> removed = new LinkedHashMap<>();
                removed.put("id", c.id());
                removed.put("@removed", Map.of("reason", c.removedReason() == null ? "deleted" : c.removedReason()));
                items.add(removed);
            } else {
                items.add(project(users.get(c.id()), dt.select()));
            }
        }
        return deltaPage(new DeltaPage(items, 0, dt.select()));
    }

    private Response deltaPage(DeltaPage dp) {
        int end = Math.min(dp.items().size(), dp.offset() + deltaPageSize);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", base + "/$metadata#users");
        if (end < dp.items().size()) {
            String skip = "S" + tokenSeq.incrementAndGet();
            skipTokens.put(skip, new DeltaPage(dp.items(), end, dp.select()));
            body.put("@odata.nextLink", base + "/users/delta?$skiptoken=" + skip);
        } else {
            body.put("@odata.deltaLink", base + "/users/delta?$deltatoken=" + newToken(dp.select()));
        }
        body.put("value", dp.items().subList(dp.offset(), end));
        return Response.json(200, write(body));
    }

    private String newToken(List<String> select) {
        String t = "D" + tokenSeq.incrementAndGet();
        deltaTokens.put(t, new DeltaToken(log.size(), select));
        return t;
    }

    private static List<String> select(String raw) {
        if (raw == null || raw.isEmpty()) {
            return List.of("id", "displayName", "userPrincipalName", "mail", "businessPhones", "givenName", "surname",
                    "jobTitle", "mobilePhone", "officeLocation", "preferredLanguage");
        }
        return Arrays.asList(raw.split(","));
    }

    private static Map<String, Object> project(Map<String, Object> user, List<String> select) {
        Set<String> keep = new LinkedHashSet<>(select);
        keep.add("id");
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : keep) {
            for (Map.Entry<String, Object> e : user.entrySet()) {
                if (e.getKey().equalsIgnoreCase(k)) {
                    out.put(e.getKey(), e.getValue());
                }
            }
        }
        return out;
    }

    static String write(Object o) {
        return JSON.toJson(o);
    }
}

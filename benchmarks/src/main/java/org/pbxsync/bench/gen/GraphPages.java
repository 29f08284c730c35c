package org.pbxsync.bench.gen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Microsoft Graph JSON for a generated directory: {@code /users} pages with {@code
 * @odata.nextLink}, and a {@code /users/delta} page with the changes between two states. Users
 * carry {@code id}, {@code userPrincipalName}, {@code displayName}, {@code givenName}, {@code
 * surname}, {@code mail}, {@code businessPhones}, {@code mobilePhone}, {@code department}, {@code
 * jobTitle}, {@code employeeId} (the login code) and {@code accountEnabled}. Present users are
 * paged in index order. Thread-safe.
 */
public final class GraphPages {
    private static final JsonFactory JSON = new JsonFactory();

    private final DirectoryGenerator g;
    private final int pageSize;
    private final int[] present;

    /**
     * @param generator the directory
     * @param pageSize users per page, 1 to 999 as Graph allows
     */
    public GraphPages(DirectoryGenerator generator, int pageSize) {
        if (pageSize < 1 || pageSize > 999) {
            throw new IllegalArgumentException("pageSize must be 1 to 999");
        }
        this.g = generator;
        this.pageSize = pageSize;
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < generator.indexCount(); i++) {
            if (generator.isPresent(i)) {
                idx.add(i);
            }
        }
        this.present = idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return the number of pages (at least 1, possibly empty) */
    public int pageCount() {
        return Math.max(1, (present.length + pageSize - 1) / pageSize);
    }

    /**
     * @param page 0-based page number
     * @param nextLink the {@code @odata.nextLink} to put on the page, or null for the last page
     * @param deltaLink the {@code @odata.deltaLink} to put on the page, or null
     * @return the page's JSON
     */
    public String page(int page, String nextLink, String deltaLink) {
        int from = page * pageSize;
        int to = Math.min(present.length, from + pageSize);
        try {
            StringWriter out = new StringWriter(Math.max(16, (to - from) * 520));
            try (JsonGenerator j = JSON.createGenerator(out)) {
                j.writeStartObject();
                j.writeStringField("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users");
                if (nextLink != null) {
                    j.writeStringField("@odata.nextLink", nextLink);
                }
                j.writeArrayFieldStart("value");
                for (int k = from; k < to; k++) {
                    user(j, g.user(present[k]));
                }
                j.writeEndArray();
                if (deltaLink != null) {
                    j.writeStringField("@odata.deltaLink", deltaLink);
                }
                j.writeEndObject();
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A single delta page holding every change from {@code before} to this directory: changed and
     * added users in full, removed users as {@code {"id": ..., "@removed": {"reason": "deleted"}}}.
     *
     * @param deltaLink the {@code @odata.deltaLink} for the next round
     * @return the page's JSON
     */
    public String deltaPage(DirectoryGenerator before, String deltaLink) {
        try {
            StringWriter out = new StringWriter();
            try (JsonGenerator j = JSON.createGenerator(out)) {
                j.writeStartObject();
                j.writeStringField("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users");
                j.writeArrayFieldStart("value");
                for (int i : g.upsertedSince(before)) {
                    user(j, g.user(i));
                }
                for (int i : g.removedSince(before)) {
                    j.writeStartObject();
                    j.writeStringField("id", g.id(i));
                    j.writeObjectFieldStart("@removed");
                    j.writeStringField("reason", "deleted");
                    j.writeEndObject();
                    j.writeEndObject();
                }
                j.writeEndArray();
                j.writeStringField("@odata.deltaLink", deltaLink);
                j.writeEndObject();
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void user(JsonGenerator j, GeneratedUser u) throws IOException {
        j.writeStartObject();
        j.writeStringField("id", u.id());
        j.writeStringField("userPrincipalName", u.userPrincipalName());
        j.writeStringField("displayName", u.displayName());
        j.writeStringField("givenName", u.givenName());
        j.writeStringField("surname", u.surname());
        j.writeStringField("mail", u.mail());
        j.writeArrayFieldStart("businessPhones");
        j.writeString(u.telephoneNumber());
        j.writeEndArray();
        j.writeStringField("mobilePhone", u.mobile());
        j.writeStringField("department", u.department());
        j.writeStringField("jobTitle", u.title());
        j.writeStringField("employeeId", u.loginCode());
        j.writeBooleanField("accountEnabled", !u.isDisabled());
        j.writeEndObject();
    }
}

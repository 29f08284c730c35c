package org.pbxsync.teams.internal;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Refuses successful responses whose body is not one well-formed JSON object. The SDK's parser
 * is lenient: a page cut off mid-way parses as a shorter page without {@code @odata.nextLink},
 * which would pass for the end of the listing. This check turns that into an error.
 */
final class StrictJsonInterceptor implements Interceptor {

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (!response.isSuccessful() || response.body() == null || response.code() == 204) {
            return response;
        }
        ResponseBody body = response.body();
        MediaType type = body.contentType();
        String text = body.string();
        String problem = check(text);
        if (problem != null) {
            throw new MalformedResponseException("HTTP " + response.code() + " response to GET "
                    + chain.request().url().encodedPath() + " is not well-formed JSON (" + problem + "; "
                    + text.length() + " characters, content type " + type + ")");
        }
        return response.newBuilder().body(ResponseBody.create(text, type)).build();
    }

    static String check(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                return "it does not start with a JSON object";
            }
            reader.skipValue();
        } catch (IOException | RuntimeException e) {
            return describe(e);
        }
        try {
            return reader.peek() == JsonToken.END_DOCUMENT ? null : "there is text after the JSON object";
        } catch (IOException | RuntimeException e) {
            return "there is text after the JSON object";
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON ", "malformed JSON ");
        int cut = m.indexOf("\nSee ");
        return cut > 0 ? m.substring(0, cut) : m;
    }

    /** A response body that is not Graph JSON; not retried. */
    static final class MalformedResponseException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedResponseException(String message) {
            super(message);
        }
    }
}

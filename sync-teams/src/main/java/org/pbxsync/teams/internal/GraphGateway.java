package org.pbxsync.teams.internal;

import com.azure.core.credential.TokenCredential;
import com.microsoft.graph.core.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.pbxsync.core.AuthenticationFailedException;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.RetryableException;
import org.pbxsync.core.SyncException;
import org.pbxsync.teams.TeamsSourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Graph SDK client with this library's transport settings (time-outs, no SDK retries) and
 * the one retry loop every request goes through: 429, 500, 502, 503, 504 and network errors are
 * retried up to the configured count, honouring {@code Retry-After} (seconds or HTTP date).
 * Only GET requests are ever made through it.
 */
final class GraphGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraphGateway.class);
    private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);

    private final TeamsSourceConfig config;
    private final OkHttpClient http;
    private final GraphServiceClient graph;
    private final URI base;
    private final AtomicBoolean closed = new AtomicBoolean();

    GraphGateway(TeamsSourceConfig config, TokenCredential credential, String identity) {
        this.config = config;
        this.base = config.getGraphBaseUrl();
        AzureIdentityAuthenticationProvider auth = new AzureIdentityAuthenticationProvider(
                new GuardedCredential(credential, identity), new String[] {base.getHost()}, config.getTokenScope());
        // The SDK's own retry handler is switched off: its waits cannot be bounded or observed.
        RequestOption[] options = {new RetryHandlerOption((delay, count, request, response) -> false, 0, 0)};
        this.http = GraphClientFactory.create(options)
                .connectTimeout(config.getConnectTimeout())
                .readTimeout(config.getReadTimeout())
                .writeTimeout(config.getReadTimeout())
                .callTimeout(config.getCallTimeout())
                .retryOnConnectionFailure(false)
                .addInterceptor(new StrictJsonInterceptor())
                .build();
        this.graph = new GraphServiceClient(new BaseGraphRequestAdapter(auth, base.toString(), http));
    }

    GraphServiceClient graph() {
        return graph;
    }

    URI base() {
        return base;
    }

    /**
     * Runs one GET with retries.
     *
     * @param what what is being fetched, for messages (for example "page 3 of /users")
     * @param request the SDK call
     * @return its result
     * @throws GraphCallException when Graph answered with a status that is not retried, or
     *     retries ran out (cause: a {@link RetryableException})
     * @throws AuthenticationFailedException when no token could be obtained
     * @throws ConnectionFailedException when the network failed and retries ran out
     * @throws IncompleteListingException when the response could not be read as Graph JSON, or
     *     the source was closed
     */
    <T> T get(String what, Supplier<T> request) {
        int attempt = 0;
        while (true) {
            checkOpen(what);
            try {
                return request.get();
            } catch (ApiException e) {
                if (e.getResponseStatusCode() <= 0) {
                    attempt = handleNonHttp(what, e, attempt);
                    continue;
                }
                GraphFailure failure = GraphFailure.of(e);
                if (!RETRYABLE.contains(failure.status())) {
                    throw new GraphCallException(what, failure, e);
                }
                Duration retryAfter = retryAfter(e);
                if (attempt >= config.getMaxRetries()) {
                    RetryableException exhausted = new RetryableException("Graph kept answering " + failure + " to "
                            + what + "; gave up after " + (attempt + 1) + " attempts (" + config.getMaxRetries()
                            + " retries)", e, retryAfter);
                    throw new GraphCallException(what, failure, exhausted);
                }
                Duration wait = retryAfter != null ? retryAfter : backoff(attempt);
                if (wait.compareTo(config.getMaxRetryWait()) > 0) {
                    RetryableException tooLong = new RetryableException("Graph answered " + failure + " to " + what
                            + " and asked to wait " + wait.toSeconds() + " s, more than the configured maximum of "
                            + config.getMaxRetryWait().toSeconds() + " s", e, wait);
                    throw new GraphCallException(what, failure, tooLong);
                }
                LOG.info("Graph answered {} to {}; retry {}/{} in {} ms{}", failure.status(), what, attempt + 1,
                        config.getMaxRetries(), wait.toMillis(), retryAfter != null ? " (Retry-After)" : "");
                sleep(wait, what);
                attempt++;
            } catch (RuntimeException e) {
                attempt = handleNonHttp(what, e, attempt);
            }
        }
    }

    private int handleNonHttp(String what, RuntimeException e, int attempt) {
        if (e instanceof SyncException s) {
            throw s;
        }
        TokenAcquisitionException token = find(e, TokenAcquisitionException.class);
        if (token != null) {
            throw new AuthenticationFailedException(token.getMessage(), token.getCause() != null ? token.getCause() : token);
        }
        if (closed.get()) {
            throw new IncompleteListingException("The source was closed while reading " + what, e);
        }
        StrictJsonInterceptor.MalformedResponseException malformed =
                find(e, StrictJsonInterceptor.MalformedResponseException.class);
        if (malformed != null) {
            throw new IncompleteListingException("Could not read the Graph response to " + what + " as Graph JSON: "
                    + malformed.getMessage(), e);
        }
        IOException io = find(e, IOException.class);
        if (io == null) {
            throw new IncompleteListingException("Could not read the Graph response to " + what
                    + " as Graph JSON: " + GuardedCredential.describe(e), e);
        }
        if (attempt >= config.getMaxRetries()) {
            throw new ConnectionFailedException("Could not reach Microsoft Graph at " + base + " for " + what
                    + " after " + (attempt + 1) + " attempts: " + GuardedCredential.describe(io), e);
        }
        Duration wait = backoff(attempt);
        LOG.info("Network error on {} ({}); retry {}/{} in {} ms", what, io.getClass().getSimpleName()
                + (io instanceof InterruptedIOException ? " time-out" : ""), attempt + 1, config.getMaxRetries(),
                wait.toMillis());
        sleep(wait, what);
        return attempt + 1;
    }

    private Duration backoff(int attempt) {
        long seconds = 1L << Math.min(attempt, 6);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(config.getMaxRetryWait()) > 0 ? config.getMaxRetryWait() : d;
    }

    private Duration retryAfter(ApiException e) {
        if (e.getResponseHeaders() == null) {
            return null;
        }
        Set<String> values = e.getResponseHeaders().get("Retry-After");
        if (values == null || values.isEmpty()) {
            return null;
        }
        String v = values.iterator().next().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(config.getClock().instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                LOG.warn("Ignoring unreadable Retry-After header '{}'", v);
                return null;
            }
        }
    }

    private void sleep(Duration wait, String what) {
        try {
            config.getSleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IncompleteListingException("Interrupted while waiting to retry " + what, e);
        }
    }

    private void checkOpen(String what) {
        if (closed.get()) {
            throw new IncompleteListingException("The source was closed before " + what);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new IncompleteListingException("Interrupted before " + what);
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * Checks that a next or delta link points at the configured Graph endpoint, so that the
     * token is never sent elsewhere and a forged link cannot redirect the listing.
     */
    boolean isOwnLink(String link) {
        try {
            URI u = URI.create(link);
            return u.getScheme() != null && u.getScheme().equalsIgnoreCase(base.getScheme())
                    && u.getHost() != null && u.getHost().equalsIgnoreCase(base.getHost())
                    && port(u) == port(base) && u.getRawPath() != null
                    && u.getRawPath().toLowerCase(Locale.ROOT).startsWith(base.getRawPath().toLowerCase(Locale.ROOT) + "/");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static <X extends Throwable> X find(Throwable t, Class<X> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.dispatcher().cancelAll();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** Graph answered with an HTTP error that is final for this request. */
    static final class GraphCallException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient GraphFailure failure;

        GraphCallException(String what, GraphFailure failure, Throwable cause) {
            super("Graph answered " + failure + " to " + what, cause);
            this.failure = failure;
        }

        GraphFailure failure() {
            return failure;
        }
    }
}

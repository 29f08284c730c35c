package org.pbxsync.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may succeed if the same operation is tried again later: throttling, a busy
 * server, a transient network error. PBX writers throw it from a write to ask the synchronizer
 * to retry that write with back-off within the run.
 */
public class RetryableException extends SyncException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /** @param message what failed; not null */
    public RetryableException(String message) {
        this(message, null, null);
    }

    /**
     * @param message what failed; not null
     * @param cause the underlying failure; may be null
     */
    public RetryableException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /**
     * @param message what failed; not null
     * @param cause the underlying failure; may be null
     * @param retryAfter how long the server asked the caller to wait, for example from an HTTP
     *     {@code Retry-After} header; null when the server gave no hint
     */
    public RetryableException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** @return the wait the server asked for, or empty when it gave none */
    public Optional<Duration> getRetryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

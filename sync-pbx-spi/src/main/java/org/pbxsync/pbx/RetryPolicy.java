package org.pbxsync.pbx;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a synchronizer retries a write that failed with a {@link
 * org.pbxsync.core.RetryableException}, within one run: up to {@code maxAttempts} attempts in
 * all, waiting {@code initialDelay}, then twice that, and so on, never more than {@code
 * maxDelay}. When the PBX asked for a wait ({@code getRetryAfter()}), the wait is the longer of
 * that and the back-off, still capped at {@code maxDelay}. What still fails is reported and
 * planned again by the next run.
 *
 * @param maxAttempts attempts per operation, including the first; at least 1
 * @param initialDelay the first wait; not negative
 * @param maxDelay the longest wait; not less than {@code initialDelay}
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    /** Checks the components. */
    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay <= maxDelay, got " + initialDelay
                    + " and " + maxDelay);
        }
    }

    /** @return 4 attempts, waiting 1 s, 2 s, 4 s (at most 30 s) */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** @return a single attempt: retryable failures are reported at once */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /**
     * @param failedAttempts how many attempts failed so far; at least 1
     * @param retryAfter the wait the PBX asked for, if any; not null
     * @return how long to wait before the next attempt
     */
    public Duration delayAfter(int failedAttempts, Optional<Duration> retryAfter) {
        Duration d = initialDelay;
        for (int i = 1; i < failedAttempts && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        if (retryAfter.isPresent() && retryAfter.get().compareTo(d) > 0) {
            d = retryAfter.get();
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}

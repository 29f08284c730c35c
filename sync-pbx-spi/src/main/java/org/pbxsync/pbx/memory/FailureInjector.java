package org.pbxsync.pbx.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.pbxsync.core.plan.PlannedOperation;

/**
 * Switches that make an {@link InMemoryPbxTarget} fail chosen writes, for testing how a
 * synchronizer copes. Rules are checked in the order they were added; the first that matches a
 * write decides its failure. Every write attempt counts, retries included. Thread-safe.
 *
 * <pre>{@code
 * pbx.failures().failNthWrite(3, InjectedFailure.RETRYABLE);      // the 3rd write from now
 * pbx.failures().failWritesFor("u-42", InjectedFailure.PERMANENT); // every write of one user
 * pbx.failures().failRandomly(0.1, 20261121L, InjectedFailure.PERMANENT); // 1 in 10, seeded
 * pbx.failures().clear();
 * }</pre>
 */
public final class FailureInjector {
    private final List<Rule> rules = new ArrayList<>();
    private long writes;
    private int injected;

    FailureInjector() {}

    /**
     * Fails the {@code n}-th write attempt counted from this call.
     *
     * @param n 1 for the next write; positive
     * @param kind what the failure does; not null
     * @return this injector
     */
    public synchronized FailureInjector failNthWrite(int n, InjectedFailure kind) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        long target = writes + n;
        return add(new Rule(kind, (count, op) -> count == target, "write #" + n + " from now"));
    }

    /**
     * Fails the next {@code count} write attempts.
     *
     * @param count how many; positive
     * @param kind what the failures do; not null
     * @return this injector
     */
    public synchronized FailureInjector failNextWrites(int count, InjectedFailure kind) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        long from = writes;
        return add(new Rule(kind, (c, op) -> c > from && c <= from + count, "next " + count + " writes"));
    }

    /**
     * Fails every {@code n}-th write attempt counted from this call (the n-th, 2n-th...).
     *
     * @param n the period; positive
     * @param kind what the failures do; not null
     * @return this injector
     */
    public synchronized FailureInjector failEveryNthWrite(int n, InjectedFailure kind) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        long from = writes;
        return add(new Rule(kind, (c, op) -> (c - from) % n == 0, "every " + n + "th write"));
    }

    /**
     * Fails every write attempt concerning one user.
     *
     * @param userId the User Identification; not null
     * @param kind what the failures do; not null
     * @return this injector
     */
    public synchronized FailureInjector failWritesFor(String userId, InjectedFailure kind) {
        Objects.requireNonNull(userId, "userId");
        return add(new Rule(kind, (c, op) -> op.getUserId().equals(userId), "writes for user " + userId));
    }

    /**
     * Fails a random share of write attempts, reproducibly for a given seed and sequence of
     * writes.
     *
     * @param share between 0 and 1
     * @param seed the random seed
     * @param kind what the failures do; not null
     * @return this injector
     */
    public synchronized FailureInjector failRandomly(double share, long seed, InjectedFailure kind) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be between 0 and 1, got " + share);
        }
        Random random = new Random(seed);
        return add(new Rule(kind, (c, op) -> random.nextDouble() < share, share + " of writes, seed " + seed));
    }

    /**
     * Removes every rule. The write count goes on.
     *
     * @return this injector
     */
    public synchronized FailureInjector clear() {
        rules.clear();
        return this;
    }

    /** @return how many write attempts the target has seen since it was made */
    public synchronized long writeCount() {
        return writes;
    }

    /** @return how many failures were injected since the target was made */
    public synchronized int injectedCount() {
        return injected;
    }

    synchronized InjectedFailure next(PlannedOperation op) {
        writes++;
        for (Rule r : rules) {
            if (r.test.matches(writes, op)) {
                injected++;
                return r.kind;
            }
        }
        return null;
    }

    private FailureInjector add(Rule rule) {
        Objects.requireNonNull(rule.kind, "kind");
        rules.add(rule);
        return this;
    }

    @FunctionalInterface
    private interface Matcher {
        boolean matches(long writeNumber, PlannedOperation op);
    }

    private static final class Rule {
        final InjectedFailure kind;
        final Matcher test;
        final String description;

        Rule(InjectedFailure kind, Matcher test, String description) {
            this.kind = kind;
            this.test = test;
            this.description = description;
        }

        @Override
        public String toString() {
            return kind + " on " + description;
        }
    }

    @Override
    public synchronized String toString() {
        return "FailureInjector" + rules;
    }
}

package org.pbxsync.core.directory;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link DirectorySource#testConnection()}: each check made, in order, with a
 * precise message. The test stops at the first failed check, so a failure is always the last
 * check listed.
 *
 * @param checks the checks made; not null
 */
public record ConnectionTestResult(List<Check> checks) {
    /** Checks and copies the components. */
    public ConnectionTestResult {
        checks = List.copyOf(checks);
    }

    /** @return whether every check passed (and at least one was made) */
    public boolean isSuccess() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    /** @return the first failed check's message, or "OK" */
    public String summary() {
        return checks.stream().filter(c -> !c.passed()).findFirst()
                .map(c -> c.name() + ": " + c.message()).orElse(checks.isEmpty() ? "no check made" : "OK");
    }

    /**
     * One check.
     *
     * @param name what was checked: for example {@code connect}, {@code tls}, {@code bind},
     *     {@code base-dn}, {@code token}, {@code permission}, {@code group}; not null
     * @param passed whether it passed
     * @param message what was found, in words an administrator can act on; never a secret
     */
    public record Check(String name, boolean passed, String message) {
        /** Checks the components. */
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(message, "message");
        }

        /**
         * @param name what was checked
         * @param message what was found
         * @return a passed check
         */
        public static Check ok(String name, String message) {
            return new Check(name, true, message);
        }

        /**
         * @param name what was checked
         * @param message what went wrong
         * @return a failed check
         */
        public static Check failed(String name, String message) {
            return new Check(name, false, message);
        }
    }
}

package org.pbxsync.pbx;

import java.util.Objects;
import java.util.Optional;
import org.pbxsync.core.plan.PlannedOperation;

/**
 * What happened to one planned operation. Immutable. {@code toString()} masks secrets (the
 * operation's own {@code toString()} does).
 *
 * @param operation the operation as planned; not null
 * @param status what happened; not null
 * @param attempts how many times the write was tried (0 when skipped)
 * @param error why it failed or was skipped: the exception's class and message, which never
 *     holds a secret; empty when applied
 * @param retryable whether the last failure was a {@link org.pbxsync.core.RetryableException}
 *     (it still failed after the run's retries)
 */
public record OperationOutcome(PlannedOperation operation, OutcomeStatus status, int attempts, Optional<String> error,
        boolean retryable) {
    /** Checks the components. */
    public OperationOutcome {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(error, "error");
        if (status == OutcomeStatus.APPLIED && error.isPresent()) {
            throw new IllegalArgumentException("an applied operation has no error");
        }
        if (status != OutcomeStatus.APPLIED && error.isEmpty()) {
            throw new IllegalArgumentException("a failed or skipped operation needs an error message");
        }
    }

    @Override
    public String toString() {
        return status + " " + operation + (attempts > 1 ? " after " + attempts + " attempts" : "")
                + error.map(e -> ": " + e).orElse("");
    }
}

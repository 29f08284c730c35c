package org.pbxsync.core;

/**
 * Root of every exception the library throws on purpose.
 *
 * <p>All library exceptions are unchecked. Callers that want to act on a failure catch one of
 * the subclasses: {@link ConnectionFailedException}, {@link AuthenticationFailedException},
 * {@link RetryableException}, {@link ConfigurationException}, {@link PlanBlockedException},
 * {@link IncompleteListingException} and {@link CheckpointExpiredException}. Connector modules
 * wrap their SDK's exceptions at the boundary and keep the original as the {@linkplain
 * #getCause() cause}.
 *
 * <p>Messages never contain secrets (passwords, client secrets, tokens, login or voicemail
 * codes).
 */
public class SyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the entry, field or setting involved; not null */
    public SyncException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; not null
     * @param cause the underlying failure, kept for diagnosis; may be null
     */
    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.pbxsync.core;

/**
 * The server was reached but refused the credentials, or the credentials lack a permission the
 * operation needs. Retrying with the same settings will not help.
 */
public class AuthenticationFailedException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** @param message which identity was refused (bind DN, client id), never the secret; not null */
    public AuthenticationFailedException(String message) {
        super(message);
    }

    /**
     * @param message which identity was refused; not null
     * @param cause the SDK's exception; may be null
     */
    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

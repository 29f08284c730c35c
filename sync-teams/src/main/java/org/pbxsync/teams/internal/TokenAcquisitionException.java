package org.pbxsync.teams.internal;

/** The credential could not produce an access token; carries the credential's failure as cause. */
final class TokenAcquisitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TokenAcquisitionException(String message, Throwable cause) {
        super(message, cause);
    }
}

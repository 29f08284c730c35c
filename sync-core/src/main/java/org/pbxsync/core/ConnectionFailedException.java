package org.pbxsync.core;

/**
 * A directory or PBX could not be reached, or the connection broke: unreachable host, refused
 * or reset connection, TLS handshake or certificate failure, time-out.
 */
public class ConnectionFailedException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and where (host and port, never credentials); not null */
    public ConnectionFailedException(String message) {
        super(message);
    }

    /**
     * @param message what failed and where; not null
     * @param cause the SDK's exception; may be null
     */
    public ConnectionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.pbxsync.core;

/**
 * A directory listing could not be read to the end: the connection broke mid-way, a size or
 * time limit was hit, a referral could not be followed, a page failed after retries. The entries
 * read so far must be discarded; a partial listing is never treated as complete.
 */
public class IncompleteListingException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** @param message why the listing stopped and how far it got; not null */
    public IncompleteListingException(String message) {
        super(message);
    }

    /**
     * @param message why the listing stopped and how far it got; not null
     * @param cause the underlying failure; may be null
     */
    public IncompleteListingException(String message, Throwable cause) {
        super(message, cause);
    }
}

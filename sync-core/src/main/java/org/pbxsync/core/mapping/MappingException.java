package org.pbxsync.core.mapping;

import org.pbxsync.core.SyncException;

/**
 * A mapping rule could not be applied to one directory entry's data, for example a {@code cn}
 * step met a value that is a malformed DN ({@code cn=Smith\}), or a regular expression failed
 * on a value. Thrown by {@link MappingRule#apply(org.pbxsync.core.directory.DirectoryEntry)};
 * {@link Mapping#map(org.pbxsync.core.directory.DirectoryEntry)} never throws it but turns it
 * into a {@code MAPPING_FAILED} error violation for that entry and field.
 *
 * <p>The message names the rule and the step, never the value itself (the value may be a
 * secret such as a login code).
 */
public class MappingException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** The canonical text of the rule that failed. */
    private final String ruleText;
    /** What went wrong, without the rule text. */
    private final String problem;

    /**
     * @param ruleText the canonical text of the rule that failed; not null
     * @param message what went wrong, naming the step; not null; never a secret value
     * @param cause the underlying failure, may be null
     */
    public MappingException(String ruleText, String message, Throwable cause) {
        super("rule '" + ruleText + "': " + message, cause);
        this.ruleText = ruleText;
        this.problem = message;
    }

    /** @return what went wrong, without the rule text, such as {@code step 'cn': malformed DN...} */
    public String getProblem() {
        return problem;
    }

    /** @return the canonical text of the rule that failed; never null */
    public String getRuleText() {
        return ruleText;
    }
}

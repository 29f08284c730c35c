package org.pbxsync.core.mapping;

import java.util.Objects;
import org.pbxsync.core.ConfigurationException;

/**
 * A mapping rule's text does not parse. Thrown by {@link MappingRule#parse(String)}; {@link
 * Mapping.Builder#build()} and {@link Mapping#fromProperties(java.util.Map)} collect these into
 * one {@link ConfigurationException} per configuration.
 *
 * <p>The message has the form {@code rule 'mobile | last(x)': at position 15: expected a number}.
 * Positions are <b>1-based</b> character positions (UTF-16 code units) in the rule text: the
 * first character is position 1, and a problem at the end of the text is reported at
 * {@code text.length() + 1}.
 */
public class RuleParseException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    /** The rule text that failed to parse. */
    private final String ruleText;
    /** The 1-based position of the problem. */
    private final int position;
    /** What was expected at that position. */
    private final String expected;

    /**
     * @param ruleText the whole rule text; not null
     * @param position the 1-based position of the problem, from 1 to {@code ruleText.length() + 1}
     * @param expected what the parser expected there, in words, such as {@code a number}; not null
     */
    public RuleParseException(String ruleText, int position, String expected) {
        super(format(ruleText, position, expected));
        this.ruleText = ruleText;
        this.position = position;
        this.expected = expected;
    }

    private static String format(String ruleText, int position, String expected) {
        Objects.requireNonNull(ruleText, "ruleText");
        Objects.requireNonNull(expected, "expected");
        return "rule '" + ruleText + "': at position " + position + ": expected " + expected;
    }

    /** @return the rule text that failed to parse; never null */
    public String getRuleText() {
        return ruleText;
    }

    /** @return the 1-based position of the problem in {@link #getRuleText()} */
    public int getPosition() {
        return position;
    }

    /** @return what was expected at that position, in words, such as {@code a number}; never null */
    public String getExpected() {
        return expected;
    }
}

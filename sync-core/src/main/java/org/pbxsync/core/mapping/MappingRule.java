package org.pbxsync.core.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.pbxsync.core.directory.DirectoryEntry;

/**
 * How one PBX user field gets its value(s) from a directory entry: a <em>source</em> followed by
 * zero or more {@code |}-separated <em>steps</em>. Immutable and thread-safe; {@link
 * #apply(DirectoryEntry)} is pure, compiles nothing and may be called concurrently.
 *
 * <h2>Text syntax</h2>
 * <pre>
 *   ipPhone | or(telephoneNumber) | digits | last(4)
 *   memberOf | cn
 *   "0000"
 *   mobile | replace('^\+44', '0') | digits
 * </pre>
 * Whitespace around tokens is ignored. A <b>source</b> is one of:
 * <ul>
 *   <li>an attribute description, such as {@code telephoneNumber} or {@code cn;lang-fr}: a letter
 *       or {@code _}, then letters, digits, {@code _ . -}, optionally followed by
 *       {@code ;option}s (or a numeric OID such as {@code 2.5.4.3}). Looked up case-insensitively
 *       as {@link DirectoryEntry#get(String)} documents;</li>
 *   <li>a quoted constant, {@code "0000"} or {@code '0000'};</li>
 *   <li>a pseudo-attribute: {@code @id} (the entry's stable id), {@code @reference} (its DN or
 *       UPN) or {@code @groups} (its group names, several values).</li>
 * </ul>
 * <b>Quoted strings</b> use {@code '} or {@code "}. Inside them {@code \\}, {@code \'} and
 * {@code \"} are escapes for a backslash and the quotes; any other backslash is kept as it is,
 * so regular expressions read naturally: {@code replace('\d+', '')}.
 *
 * <h2>Steps</h2>
 * Every step applies to every value in the list, in order; a value that becomes empty is
 * dropped (empty source values are dropped too). "Characters" are Unicode code points, so an
 * emoji is never cut in half (combining marks count as characters of their own).
 * <table>
 *   <caption>Steps</caption>
 *   <tr><th>step</th><th>effect</th></tr>
 *   <tr><td>{@code digits}</td><td>keeps decimal digits only. Unicode decimal digits (Arabic-Indic
 *       {@code ٤٥}, Devanagari, fullwidth...) are converted to ASCII {@code 0-9}; everything else,
 *       including superscripts, is removed.</td></tr>
 *   <tr><td>{@code first(n)}, {@code last(n)}</td><td>the first or last {@code n} characters
 *       ({@code n} from 1); a shorter value is kept whole.</td></tr>
 *   <tr><td>{@code mask('11XX')}</td><td>Cisco style: the mask is right-aligned over the value's
 *       digits (as {@code digits} gives them); an {@code X} (or {@code x}) keeps the digit under it,
 *       any other character replaces it: {@code 11XX} on {@code 8889945} gives {@code 1145},
 *       on {@code 45} gives {@code 1145}. A value with fewer digits than the mask has positions
 *       from its first {@code X} to its end yields <em>no value</em> (it is dropped), so a later
 *       {@code default(...)} or {@code or(...)} can step in, and the field is reported as missing
 *       instead of receiving a short number.</td></tr>
 *   <tr><td>{@code replace('regex', 'replacement')}</td><td>{@link java.util.regex.Matcher#replaceAll(String)}
 *       with {@code $1}/{@code ${name}} group references; the pattern is compiled once, when the
 *       rule is made.</td></tr>
 *   <tr><td>{@code lower}, {@code upper}</td><td>case conversion in {@link java.util.Locale#ROOT}.</td></tr>
 *   <tr><td>{@code trim}</td><td>removes leading and trailing white space, including no-break
 *       and other Unicode spaces.</td></tr>
 *   <tr><td>{@code default('value')}</td><td>when there is no value (yet), uses {@code value}.</td></tr>
 *   <tr><td>{@code or(otherAttribute)}</td><td>when there is no value (yet), takes the values of
 *       another attribute or pseudo-attribute.</td></tr>
 *   <tr><td>{@code split(',')}</td><td>splits each value at a literal separator into several,
 *       trimming each and dropping empty ones.</td></tr>
 *   <tr><td>{@code cn}</td><td>a DN becomes the unescaped value of its first RDN
 *       ({@code CN=Smith\, John,OU=Staff} gives {@code Smith, John}; hex escapes are UTF-8;
 *       RFC 2253 quoted values are read). A value without {@code =} is not a DN and is kept as it
 *       is. A malformed DN (a trailing backslash, invalid UTF-8 escapes, an unclosed quote, a
 *       BER {@code #} value) makes {@link #apply} throw {@link MappingException}.</td></tr>
 *   <tr><td>{@code join(', ')}</td><td>joins all values into one.</td></tr>
 * </table>
 * Step names are lower case; steps without arguments may be written with empty parentheses
 * ({@code digits()}).
 *
 * <h2>Building rules in Java</h2>
 * <pre>{@code
 *   MappingRule ext = MappingRule.attribute("ipPhone").or("telephoneNumber").digits().last(4);
 *   MappingRule pin = MappingRule.constant("0000");
 * }</pre>
 * Each step method returns a new rule; arguments are checked at once
 * ({@link IllegalArgumentException}). A rule built in Java and one parsed from its {@link
 * #text()} are {@linkplain #equals(Object) equal}.
 */
public final class MappingRule {
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "(?:[A-Za-z_][A-Za-z0-9_.-]*|[0-9]+(?:\\.[0-9]+)*)(?:;[A-Za-z0-9_-]+)*");

    private final Source source;
    private final Step[] steps;
    private final String text;
    private final Set<String> attributes;

    MappingRule(Source source, List<Step> steps) {
        this.source = source;
        this.steps = steps.toArray(new Step[0]);
        StringBuilder sb = new StringBuilder();
        source.appendText(sb);
        Set<String> attrs = new LinkedHashSet<>();
        if (source.attribute() != null) {
            attrs.add(source.attribute());
        }
        for (Step s : this.steps) {
            sb.append(" | ");
            s.appendText(sb);
            if (s.attribute() != null) {
                attrs.add(s.attribute());
            }
        }
        this.text = sb.toString();
        this.attributes = Collections.unmodifiableSet(attrs);
    }

    /**
     * Parses a rule.
     *
     * @param text the rule text, syntax as in the class documentation; not null
     * @return the rule
     * @throws RuleParseException if the text is not a valid rule, with the 1-based position and
     *     what was expected there
     * @throws NullPointerException if text is null
     */
    public static MappingRule parse(String text) {
        return new RuleParser(Objects.requireNonNull(text, "rule text")).parse();
    }

    /**
     * @param description an attribute description such as {@code telephoneNumber} or
     *     {@code cn;lang-fr}; not null
     * @return a rule reading that attribute, with no steps
     * @throws IllegalArgumentException if the description is not a valid attribute description
     */
    public static MappingRule attribute(String description) {
        return new MappingRule(Source.attribute(checkAttribute(description)), List.of());
    }

    /**
     * @param value the constant value; not null; an empty constant gives no value
     * @return a rule giving that constant, with no steps
     */
    public static MappingRule constant(String value) {
        return new MappingRule(new Source.ConstantSource(value), List.of());
    }

    /** @return a rule giving the entry's stable id ({@code @id}) */
    public static MappingRule entryId() {
        return new MappingRule(new Source.PseudoSource(Source.Pseudo.ID), List.of());
    }

    /** @return a rule giving the entry's reference, its DN or UPN ({@code @reference}) */
    public static MappingRule reference() {
        return new MappingRule(new Source.PseudoSource(Source.Pseudo.REFERENCE), List.of());
    }

    /** @return a rule giving the entry's group names ({@code @groups}) */
    public static MappingRule groups() {
        return new MappingRule(new Source.PseudoSource(Source.Pseudo.GROUPS), List.of());
    }

    /** @return this rule followed by {@code digits} */
    public MappingRule digits() {
        return with(new Step.Named(Step.Named.Kind.DIGITS));
    }

    /** @return this rule followed by {@code lower} */
    public MappingRule lower() {
        return with(new Step.Named(Step.Named.Kind.LOWER));
    }

    /** @return this rule followed by {@code upper} */
    public MappingRule upper() {
        return with(new Step.Named(Step.Named.Kind.UPPER));
    }

    /** @return this rule followed by {@code trim} */
    public MappingRule trim() {
        return with(new Step.Named(Step.Named.Kind.TRIM));
    }

    /** @return this rule followed by {@code cn} */
    public MappingRule cn() {
        return with(new Step.Named(Step.Named.Kind.CN));
    }

    /**
     * @param n how many characters to keep, at least 1
     * @return this rule followed by {@code first(n)}
     * @throws IllegalArgumentException if n &lt; 1
     */
    public MappingRule first(int n) {
        return with(new Step.First(checkCount(n)));
    }

    /**
     * @param n how many characters to keep, at least 1
     * @return this rule followed by {@code last(n)}
     * @throws IllegalArgumentException if n &lt; 1
     */
    public MappingRule last(int n) {
        return with(new Step.Last(checkCount(n)));
    }

    /**
     * @param mask a Cisco-style mask such as {@code 11XX}; not null or empty
     * @return this rule followed by {@code mask(mask)}
     * @throws IllegalArgumentException if the mask is empty
     */
    public MappingRule mask(String mask) {
        if (mask.isEmpty()) {
            throw new IllegalArgumentException("a mask must not be empty");
        }
        return with(new Step.Mask(mask));
    }

    /**
     * @param regex a {@link Pattern} regular expression; not null
     * @param replacement a {@link java.util.regex.Matcher#replaceAll(String)} replacement; not null
     * @return this rule followed by {@code replace(regex, replacement)}
     * @throws IllegalArgumentException if the regex does not compile (a {@link
     *     java.util.regex.PatternSyntaxException}) or the replacement refers to a group the regex
     *     does not have or ends in a lone backslash
     */
    public MappingRule replace(String regex, String replacement) {
        Pattern p = Pattern.compile(regex);
        String problem = RuleParser.checkReplacement(p, replacement).problem;
        if (problem != null) {
            throw new IllegalArgumentException("replacement " + Literals.quote(replacement) + ": " + problem);
        }
        return with(new Step.Replace(p, replacement));
    }

    /**
     * Named {@code defaultValue} because {@code default} is a Java keyword.
     *
     * @param value the value used when there is none; not null
     * @return this rule followed by {@code default(value)}
     */
    public MappingRule defaultValue(String value) {
        return with(new Step.Default(Objects.requireNonNull(value, "default value")));
    }

    /**
     * @param attributeOrPseudo an attribute description, or {@code @id}, {@code @reference},
     *     {@code @groups}; not null
     * @return this rule followed by {@code or(attributeOrPseudo)}
     * @throws IllegalArgumentException if the argument is neither
     */
    public MappingRule or(String attributeOrPseudo) {
        Source.Pseudo p = Source.Pseudo.byText(attributeOrPseudo);
        Source s = p != null ? new Source.PseudoSource(p) : Source.attribute(checkAttribute(attributeOrPseudo));
        return with(new Step.Or(s));
    }

    /**
     * @param separator a literal separator; not null or empty
     * @return this rule followed by {@code split(separator)}
     * @throws IllegalArgumentException if the separator is empty
     */
    public MappingRule split(String separator) {
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("a split separator must not be empty");
        }
        return with(new Step.Split(separator));
    }

    /**
     * @param separator what to put between values; not null, may be empty
     * @return this rule followed by {@code join(separator)}
     */
    public MappingRule join(String separator) {
        return with(new Step.Join(Objects.requireNonNull(separator, "join separator")));
    }

    /**
     * Applies the rule to an entry. Pure and deterministic.
     *
     * @param entry the directory entry; not null
     * @return the values, in order, none empty; an empty list when the rule gives no value
     * @throws MappingException when the entry's data cannot be processed by a step (a
     *     malformed DN for {@code cn}, a regular expression failing on a value); the message
     *     names the rule and step, never the value
     */
    public List<String> apply(DirectoryEntry entry) {
        List<String> values = Source.newList();
        source.read(entry, values);
        for (Step s : steps) {
            values = s.apply(values, entry, this);
        }
        return values;
    }

    /**
     * @return the attribute descriptions this rule reads (the source and any {@code or(...)}),
     *     as written, in order; pseudo-attributes and constants are not included. For Graph
     *     {@code $select} and LDAP attribute lists.
     */
    public Set<String> attributes() {
        return attributes;
    }

    /**
     * @return the canonical text: single-quoted strings, steps separated by {@code " | "}.
     *     {@code parse(text())} gives an equal rule.
     */
    public String text() {
        return text;
    }

    /** @return the text with quoted constants (source and default values) shown as '****' */
    String redactedText() {
        StringBuilder sb = new StringBuilder();
        if (source instanceof Source.ConstantSource) {
            sb.append("'****'");
        } else {
            source.appendText(sb);
        }
        for (Step s : steps) {
            sb.append(" | ");
            if (s instanceof Step.Default) {
                sb.append("default('****')");
            } else {
                s.appendText(sb);
            }
        }
        return sb.toString();
    }

    /** @return whether the rule is exactly {@code @id} */
    boolean isEntryId() {
        return steps.length == 0 && source instanceof Source.PseudoSource
                && ((Source.PseudoSource) source).kind == Source.Pseudo.ID;
    }

    /** Two rules are equal when their canonical texts are. */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof MappingRule && text.equals(((MappingRule) o).text));
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** @return the canonical text */
    @Override
    public String toString() {
        return text;
    }

    private MappingRule with(Step step) {
        List<Step> list = new ArrayList<>(steps.length + 1);
        Collections.addAll(list, steps);
        list.add(step);
        return new MappingRule(source, list);
    }

    private static int checkCount(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a character count must be at least 1, got " + n);
        }
        return n;
    }

    private static String checkAttribute(String description) {
        if (!ATTRIBUTE.matcher(Objects.requireNonNull(description, "attribute description")).matches()) {
            throw new IllegalArgumentException("invalid attribute description '" + description + "'");
        }
        return description;
    }
}

package org.pbxsync.core.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Recursive-descent parser for rule text. Positions in errors are 1-based. */
final class RuleParser {
    static final String STEPS = "a step: digits, first(n), last(n), mask('...'), replace('regex', 'replacement'), "
            + "lower, upper, trim, default('...'), or(attribute), split('...'), cn or join('...')";
    private static final String SOURCE = "a source: an attribute name, a quoted constant, @id, @reference or @groups";

    private final String text;
    private int pos;
    /** Rule-text index of each character of the last string literal read. */
    private int[] literalIndex = new int[0];

    RuleParser(String text) {
        this.text = text;
    }

    MappingRule parse() {
        skipSpace();
        Source source = parseSource(SOURCE);
        List<Step> steps = new ArrayList<>();
        skipSpace();
        while (pos < text.length()) {
            if (text.charAt(pos) != '|') {
                throw fail(pos, "'|' or the end of the rule");
            }
            pos++;
            skipSpace();
            steps.add(parseStep());
            skipSpace();
        }
        return new MappingRule(source, steps);
    }

    private Source parseSource(String expected) {
        if (pos >= text.length()) {
            throw fail(pos, expected);
        }
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            return new Source.ConstantSource(readString());
        }
        if (c == '@') {
            int start = pos;
            pos++;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            Source.Pseudo p = Source.Pseudo.byText(text.substring(start, pos));
            if (p == null) {
                throw fail(start, "@id, @reference or @groups");
            }
            return new Source.PseudoSource(p);
        }
        String attr = readAttribute();
        if (attr == null) {
            throw fail(pos, expected);
        }
        return Source.attribute(attr);
    }

    private String readAttribute() {
        int start = pos;
        int n = text.length();
        if (pos < n && isNameStart(text.charAt(pos))) {
            pos++;
            while (pos < n && isNameChar(text.charAt(pos))) {
                pos++;
            }
        } else if (pos < n && isDigit(text.charAt(pos))) {
            while (pos < n && (isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                if (text.charAt(pos) == '.' && (pos + 1 >= n || !isDigit(text.charAt(pos + 1)))) {
                    throw fail(pos + 1, "a digit (a numeric OID is digits separated by dots)");
                }
                pos++;
            }
        } else {
            return null;
        }
        while (pos < n && text.charAt(pos) == ';') {
            pos++;
            int optStart = pos;
            while (pos < n && isOptionChar(text.charAt(pos))) {
                pos++;
            }
            if (pos == optStart) {
                throw fail(pos, "an attribute option after ';'");
            }
        }
        return text.substring(start, pos);
    }

    private Step parseStep() {
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (name.isEmpty()) {
            throw fail(start, STEPS);
        }
        switch (name) {
            case "digits":
                return noArgs(new Step.Named(Step.Named.Kind.DIGITS));
            case "lower":
                return noArgs(new Step.Named(Step.Named.Kind.LOWER));
            case "upper":
                return noArgs(new Step.Named(Step.Named.Kind.UPPER));
            case "trim":
                return noArgs(new Step.Named(Step.Named.Kind.TRIM));
            case "cn":
                return noArgs(new Step.Named(Step.Named.Kind.CN));
            case "first": {
                open(name);
                int n = readCount();
                close();
                return new Step.First(n);
            }
            case "last": {
                open(name);
                int n = readCount();
                close();
                return new Step.Last(n);
            }
            case "mask": {
                open(name);
                int at = pos;
                String mask = readStringArg("a quoted mask such as '11XX'");
                if (mask.isEmpty()) {
                    throw fail(at, "a non-empty mask");
                }
                close();
                return new Step.Mask(mask);
            }
            case "replace":
                return parseReplace();
            case "default": {
                open(name);
                String v = readStringArg("a quoted default value");
                close();
                return new Step.Default(v);
            }
            case "or": {
                open(name);
                int at = pos;
                Source s = parseSource("an attribute name, @id, @reference or @groups");
                if (s instanceof Source.ConstantSource) {
                    throw fail(at, "an attribute name, not a quoted constant (use default('...') for a constant)");
                }
                close();
                return new Step.Or(s);
            }
            case "split": {
                open(name);
                int at = pos;
                String sep = readStringArg("a quoted separator such as ','");
                if (sep.isEmpty()) {
                    throw fail(at, "a non-empty separator");
                }
                close();
                return new Step.Split(sep);
            }
            case "join": {
                open(name);
                String sep = readStringArg("a quoted separator such as ', '");
                close();
                return new Step.Join(sep);
            }
            default:
                throw fail(start, STEPS);
        }
    }

    private Step parseReplace() {
        open("replace");
        int regexAt = pos;
        String regex = readStringArg("a quoted regular expression");
        int[] regexIndex = literalIndex;
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            int i = e.getIndex();
            int at = i >= 0 && i < regexIndex.length ? regexIndex[i] : i >= 0 ? pos - 1 : regexAt;
            throw fail(at, "a valid regular expression (" + e.getDescription() + ")");
        }
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != ',') {
            throw fail(pos, "',' and a quoted replacement");
        }
        pos++;
        skipSpace();
        int replAt = pos;
        String replacement = readStringArg("a quoted replacement");
        ReplacementCheck check = checkReplacement(pattern, replacement);
        if (check.problem != null) {
            int at = check.index >= 0 && check.index < literalIndex.length ? literalIndex[check.index] : replAt;
            throw fail(at, "a valid replacement (" + check.problem + ")");
        }
        close();
        return new Step.Replace(pattern, replacement);
    }

    /** What {@link java.util.regex.Matcher#appendReplacement} would reject, found up front. */
    static final class ReplacementCheck {
        final String problem;
        final int index;

        ReplacementCheck(String problem, int index) {
            this.problem = problem;
            this.index = index;
        }
    }

    static ReplacementCheck checkReplacement(Pattern pattern, String replacement) {
        int groups = pattern.matcher("").groupCount();
        int n = replacement.length();
        for (int i = 0; i < n; i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    return new ReplacementCheck("a backslash at the end escapes nothing; write \\\\\\\\ for a backslash", i);
                }
                i++;
            } else if (c == '$') {
                if (i + 1 >= n) {
                    return new ReplacementCheck("'$' must be followed by a group number or {name}; write \\$ for a dollar sign", i);
                }
                char d = replacement.charAt(i + 1);
                if (d == '{') {
                    int close = replacement.indexOf('}', i + 2);
                    if (close < 0) {
                        return new ReplacementCheck("an unclosed ${name} group reference", i);
                    }
                    String name = replacement.substring(i + 2, close);
                    if (!name.matches("[A-Za-z][A-Za-z0-9]*") || !hasNamedGroup(pattern, name)) {
                        return new ReplacementCheck("no group named '" + name + "' in the regular expression", i);
                    }
                    i = close;
                } else if (d >= '0' && d <= '9') {
                    if (d - '0' > groups) {
                        return new ReplacementCheck("no group " + (d - '0') + " in the regular expression (it has "
                                + groups + ")", i);
                    }
                    i++;
                } else {
                    return new ReplacementCheck("'$' must be followed by a group number or {name}; write \\$ for a dollar sign", i);
                }
            }
        }
        return new ReplacementCheck(null, -1);
    }

    private static boolean hasNamedGroup(Pattern pattern, String name) {
        return pattern.pattern().contains("(?<" + name + ">");
    }

    private Step noArgs(Step step) {
        int save = pos;
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '(') {
            pos++;
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != ')') {
                throw fail(pos, "')' (this step takes no arguments)");
            }
            pos++;
            return step;
        }
        pos = save;
        return step;
    }

    private void open(String step) {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != '(') {
            throw fail(pos, "'(' after " + step);
        }
        pos++;
        skipSpace();
    }

    private void close() {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != ')') {
            throw fail(pos, "')'");
        }
        pos++;
    }

    private int readCount() {
        int start = pos;
        if (pos < text.length() && text.charAt(pos) == '-') {
            throw fail(start, "a positive number");
        }
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail(start, "a number");
        }
        long value = 0;
        for (int i = start; i < pos; i++) {
            value = value * 10 + (text.charAt(i) - '0');
            if (value > Integer.MAX_VALUE) {
                throw fail(start, "a number no greater than " + Integer.MAX_VALUE);
            }
        }
        if (value == 0) {
            throw fail(start, "a positive number");
        }
        return (int) value;
    }

    private String readStringArg(String expected) {
        if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
            throw fail(pos, expected);
        }
        return readString();
    }

    /** Reads a quoted string at {@code pos}, recording where each of its characters came from. */
    private String readString() {
        char quote = text.charAt(pos);
        int open = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        int[] index = new int[Math.max(4, text.length() - pos)];
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                int[] exact = new int[sb.length()];
                System.arraycopy(index, 0, exact, 0, exact.length);
                literalIndex = exact;
                return sb.toString();
            }
            if (c == '\\' && pos + 1 < text.length()) {
                char next = text.charAt(pos + 1);
                if (next == '\\' || next == '\'' || next == '"') {
                    index[sb.length()] = pos;
                    sb.append(next);
                    pos += 2;
                    continue;
                }
            }
            index[sb.length()] = pos;
            sb.append(c);
            pos++;
        }
        throw fail(pos, "a closing " + quote + " for the string opened at position " + (open + 1));
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private RuleParseException fail(int index, String expected) {
        return new RuleParseException(text, index + 1, expected);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || isDigit(c) || c == '-' || c == '.';
    }

    private static boolean isOptionChar(char c) {
        return isNameStart(c) || isDigit(c) || c == '-';
    }
}

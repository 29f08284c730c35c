package org.pbxsync.core.mapping;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.pbxsync.core.directory.DirectoryEntry;

/** One transformation in a rule. Immutable; shared between threads. */
abstract class Step {

    /**
     * @param values a mutable list owned by the caller, holding no empty strings
     * @return the result, possibly {@code values} itself, holding no empty strings
     * @throws MappingException when the data cannot be processed
     */
    abstract List<String> apply(List<String> values, DirectoryEntry entry, MappingRule rule);

    abstract void appendText(StringBuilder sb);

    /** @return the attribute this step reads, or null */
    String attribute() {
        return null;
    }

    /** A step applied to each value on its own; a null or empty result drops the value. */
    abstract static class PerValue extends Step {
        abstract String map(String value, MappingRule rule);

        @Override
        final List<String> apply(List<String> values, DirectoryEntry entry, MappingRule rule) {
            int n = values.size();
            int w = 0;
            for (int i = 0; i < n; i++) {
                String r = map(values.get(i), rule);
                if (r != null && !r.isEmpty()) {
                    values.set(w++, r);
                }
            }
            if (w < n) {
                values.subList(w, n).clear();
            }
            return values;
        }
    }

    static final class Named extends PerValue {
        enum Kind { DIGITS, LOWER, UPPER, TRIM, CN }

        final Kind kind;

        Named(Kind kind) {
            this.kind = kind;
        }

        @Override
        String map(String value, MappingRule rule) {
            switch (kind) {
                case DIGITS:
                    return Text.digits(value);
                case LOWER:
                    return value.toLowerCase(Locale.ROOT);
                case UPPER:
                    return value.toUpperCase(Locale.ROOT);
                case TRIM:
                    return Text.trim(value);
                default:
                    try {
                        return DistinguishedNames.firstRdnValue(value);
                    } catch (IllegalArgumentException e) {
                        throw new MappingException(rule.text(), "step 'cn': " + e.getMessage(), e);
                    }
            }
        }

        @Override
        void appendText(StringBuilder sb) {
            sb.append(kind.name().toLowerCase(Locale.ROOT));
        }
    }

    static final class First extends PerValue {
        final int n;

        First(int n) {
            this.n = n;
        }

        @Override
        String map(String value, MappingRule rule) {
            if (value.length() <= n) {
                return value;
            }
            if (value.codePointCount(0, value.length()) <= n) {
                return value;
            }
            return value.substring(0, value.offsetByCodePoints(0, n));
        }

        @Override
        void appendText(StringBuilder sb) {
            sb.append("first(").append(n).append(')');
        }
    }

    static final class Last extends PerValue {
        final int n;

        Last(int n) {
            this.n = n;
        }

        @Override
        String map(String value, MappingRule rule) {
            if (value.length() <= n) {
                return value;
            }
            if (value.codePointCount(0, value.length()) <= n) {
                return value;
            }
            return value.substring(value.offsetByCodePoints(value.length(), -n));
        }

        @Override
        void appendText(StringBuilder sb) {
            sb.append("last(").append(n).append(')');
        }
    }

    static final class Mask extends PerValue {
        final String mask;
        private final char[] chars;
        /** How many trailing digits the value needs: from the first X to the end of the mask. */
        private final int digitsNeeded;

        Mask(String mask) {
            this.mask = mask;
            this.chars = mask.toCharArray();
            int firstX = -1;
            for (int i = 0; i < chars.length; i++) {
                if (chars[i] == 'X' || chars[i] == 'x') {
                    firstX = i;
                    break;
                }
            }
            this.digitsNeeded = firstX < 0 ? 0 : chars.length - firstX;
        }

        @Override
        String map(String value, MappingRule rule) {
            String digits = Text.digits(value);
            int d = digits.length();
            if (d < digitsNeeded) {
                return null;
            }
            int m = chars.length;
            char[] out = new char[m];
            for (int i = 0; i < m; i++) {
                char c = chars[i];
                out[i] = c == 'X' || c == 'x' ? digits.charAt(d - m + i) : c;
            }
            return new String(out);
        }

        @Override
        void appendText(StringBuilder sb) {
            sb.append("mask(");
            Literals.quote(mask, sb);
            sb.append(')');
        }
    }

    static final class Replace extends PerValue {
        final Pattern pattern;
        final String replacement;

        Replace(Pattern pattern, String replacement) {
            this.pattern = pattern;
            this.replacement = replacement;
        }

        @Override
        String map(String value, MappingRule rule) {
            try {
                return pattern.matcher(value).replaceAll(replacement);
            } catch (RuntimeException | StackOverflowError e) {
                throw new MappingException(rule.text(), "step 'replace' failed: " + e.getClass().getSimpleName(), e);
            }
        }

        @Override
        void appendText(StringBuilder sb) {
            sb.append("replace(");
            Literals.quote(pattern.pattern(), sb);
            sb.append(", ");
            Literals.quote(replacement, sb);
            sb.append(')');
        }
    }

    static final class Split extends Step {
        final String separator;

        Split(String separator) {
            this.separator = separator;
        }

        @Override
        List<String> apply(List<String> values, DirectoryEntry entry, MappingRule rule) {
            List<String> out = null;
            for (int i = 0, n = values.size(); i < n; i++) {
                String v = values.get(i);
                if (v.indexOf(separator) < 0) {
                    String t = Text.trim(v);
                    if (out == null && t == v) {
                        continue;
                    }
                    if (out == null) {
                        out = Source.newList();
                        out.addAll(values.subList(0, i));
                    }
                    if (!t.isEmpty()) {
                        out.add(t);
                    }
                    continue;
                }
                if (out == null) {
                    out = Source.newList();
                    out.addAll(values.subList(0, i));
                }
                int from = 0;
                while (true) {
                    int at = v.indexOf(separator, from);
                    String part = Text.trim(at < 0 ? v.substring(from) : v.substring(from, at));
                    if (!part.isEmpty()) {
                        out.add(part);
                    }
                    if (at < 0) {
                        break;
                    }
                    from = at + separator.length();
                }
            }
            return out == null ? values : out;
        }

        @Override
        void appendText(StringBuilder sb) {
            sb.append("split(");
            Literals.quote(separator, sb);
            sb.append(')');
        }
    }

    static final class Join extends Step {
        final String separator;

        Join(String separator) {
            this.separator = separator;
        }

        @Override
        List<String> apply(List<String> values, DirectoryEntry entry, MappingRule rule) {
            if (values.size() <= 1) {
                return values;
            }
            String joined = String.join(separator, values);
            values.clear();
            values.add(joined);
            return values;
        }

        @Override
        void appendText(StringBuilder sb) {
            sb.append("join(");
            Literals.quote(separator, sb);
            sb.append(')');
        }
    }

    static final class Default extends Step {
        final String value;

        Default(String value) {
            this.value = value;
        }

        @Override
        List<String> apply(List<String> values, DirectoryEntry entry, MappingRule rule) {
            if (values.isEmpty() && !value.isEmpty()) {
                values.add(value);
            }
            return values;
        }

        @Override
        void appendText(StringBuilder sb) {
            sb.append("default(");
            Literals.quote(value, sb);
            sb.append(')');
        }
    }

    static final class Or extends Step {
        final Source source;

        Or(Source source) {
            this.source = source;
        }

        @Override
        List<String> apply(List<String> values, DirectoryEntry entry, MappingRule rule) {
            if (values.isEmpty()) {
                source.read(entry, values);
            }
            return values;
        }

        @Override
        void appendText(StringBuilder sb) {
            sb.append("or(");
            source.appendText(sb);
            sb.append(')');
        }

        @Override
        String attribute() {
            return source.attribute();
        }
    }
}

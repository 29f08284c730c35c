package org.pbxsync.core.mapping;

/** Quoting of string literals in rule text. */
final class Literals {
    private Literals() {
    }

    /**
     * Writes {@code value} as a single-quoted literal that the parser reads back to the same
     * value. A backslash is doubled only where it would otherwise be read as an escape (before
     * a backslash, a quote, or at the end), so regular expressions stay readable.
     */
    static void quote(String value, StringBuilder sb) {
        sb.append('\'');
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                char next = i + 1 < n ? value.charAt(i + 1) : '\0';
                boolean atEnd = i + 1 >= n;
                sb.append(atEnd || next == '\\' || next == '\'' || next == '"' ? "\\\\" : "\\");
            } else if (c == '\'') {
                sb.append("\\'");
            } else {
                sb.append(c);
            }
        }
        sb.append('\'');
    }

    static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2);
        quote(value, sb);
        return sb.toString();
    }
}

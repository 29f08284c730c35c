package org.pbxsync.core.mapping;

/** Small text helpers for the steps. */
final class Text {
    private Text() {
    }

    /**
     * Keeps decimal digits: ASCII digits as they are, other Unicode decimal digits (Arabic-Indic,
     * Devanagari, fullwidth...) converted to ASCII; everything else dropped.
     */
    static String digits(String value) {
        int n = value.length();
        boolean plain = true;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return value;
        }
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= '0' && cp <= '9') {
                sb.append((char) cp);
            } else if (cp > 0x7F && Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
                int d = Character.digit(cp, 10);
                if (d >= 0) {
                    sb.append((char) ('0' + d));
                }
            }
        }
        return sb.toString();
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    /** Removes leading and trailing whitespace, including no-break and other Unicode spaces. */
    static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end) {
            int cp = value.codePointAt(start);
            if (!isSpace(cp)) {
                break;
            }
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = value.codePointBefore(end);
            if (!isSpace(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return start == 0 && end == value.length() ? value : value.substring(start, end);
    }
}

package org.pbxsync.core.validation;

import java.util.Objects;
import java.util.Optional;

/**
 * The single-value rules of the field model, as pure functions. The planner applies them to
 * every mapped user; hosts and mapping code may call them directly. Stateless and thread-safe.
 *
 * <p>Digits means ASCII {@code 0-9} only: PBX dial codes are dialled on a keypad, so Unicode
 * digits such as Arabic-Indic {@code ٣} or full-width {@code ３} are not numeric, and neither
 * are spaces, signs or separators (map with {@code digits} or {@code trim} first).
 */
public final class Validator {
    /** Fewest digits of a login code. */
    public static final int LOGIN_CODE_MIN = 4;
    /** Most digits of a login code. */
    public static final int LOGIN_CODE_MAX = 15;
    /** Most digits of a voicemail code; an empty voicemail code (0 digits) is valid and means none. */
    public static final int VOICEMAIL_CODE_MAX = 31;

    private Validator() {
    }

    /**
     * Checks a login code: 4 to 15 ASCII digits. An empty value means no code and is valid.
     *
     * @param value the mapped value; not null
     * @return {@link ViolationCode#LOGIN_CODE_NOT_NUMERIC} if it has any character that is not an
     *     ASCII digit, else {@link ViolationCode#LOGIN_CODE_LENGTH} if it is 1 to 3 or more than
     *     15 digits, else empty
     */
    public static Optional<ViolationCode> checkLoginCode(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!isAsciiDigits(value)) {
            return Optional.of(ViolationCode.LOGIN_CODE_NOT_NUMERIC);
        }
        if (value.length() < LOGIN_CODE_MIN || value.length() > LOGIN_CODE_MAX) {
            return Optional.of(ViolationCode.LOGIN_CODE_LENGTH);
        }
        return Optional.empty();
    }

    /**
     * Checks a voicemail code: 0 to 31 ASCII digits (empty is valid and means no code).
     *
     * @param value the mapped value; not null
     * @return {@link ViolationCode#VOICEMAIL_CODE_NOT_NUMERIC} if it has a character that is not
     *     an ASCII digit, else {@link ViolationCode#VOICEMAIL_CODE_LENGTH} if it has more than 31
     *     digits, else empty
     */
    public static Optional<ViolationCode> checkVoicemailCode(String value) {
        Objects.requireNonNull(value, "value");
        if (!isAsciiDigits(value)) {
            return Optional.of(ViolationCode.VOICEMAIL_CODE_NOT_NUMERIC);
        }
        if (value.length() > VOICEMAIL_CODE_MAX) {
            return Optional.of(ViolationCode.VOICEMAIL_CODE_LENGTH);
        }
        return Optional.empty();
    }

    /**
     * @param value a string; not null
     * @return whether every character is an ASCII digit {@code 0-9} (true for the empty string)
     */
    public static boolean isAsciiDigits(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether XML (and so MiCollab and other UC systems) can store a code point: {@code 0x9},
     * {@code 0xA}, {@code 0xD}, {@code 0x20-0xD7FF}, {@code 0xE000-0xFFFD}, {@code
     * 0x10000-0x10FFFF}.
     *
     * @param codePoint a Unicode code point
     * @return whether it is in XML's valid ranges
     */
    public static boolean isValidXmlCodePoint(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || (codePoint >= 0x20 && codePoint <= 0xD7FF)
                || (codePoint >= 0xE000 && codePoint <= 0xFFFD)
                || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
    }

    /**
     * Removes every code point outside XML's valid ranges ({@link #isValidXmlCodePoint}). An
     * unpaired surrogate counts as invalid and is removed.
     *
     * @param value a string; not null
     * @return the same instance if nothing was removed, else the string without those code points
     */
    public static String removeInvalidCharacters(String value) {
        int n = value.length();
        int i = 0;
        while (i < n) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0xD800) {
                i++;
                continue;
            }
            int cp = value.codePointAt(i);
            if (!isValidXmlCodePoint(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        if (i == n) {
            return value;
        }
        StringBuilder sb = new StringBuilder(n).append(value, 0, i);
        while (i < n) {
            int cp = value.codePointAt(i);
            if (isValidXmlCodePoint(cp)) {
                sb.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}

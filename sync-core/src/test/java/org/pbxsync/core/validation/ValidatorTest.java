package org.pbxsync.core.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatorTest {

    private static String digits(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + (i * 7 + 3) % 10));
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "login code of {0} digits -> {1}")
    @CsvSource({"1, LOGIN_CODE_LENGTH", "3, LOGIN_CODE_LENGTH", "4, OK", "5, OK", "14, OK", "15, OK",
            "16, LOGIN_CODE_LENGTH", "31, LOGIN_CODE_LENGTH"})
    void loginCodeLengthBoundaries(int n, String expected) {
        Optional<ViolationCode> r = Validator.checkLoginCode(digits(n));
        assertEquals(expected, r.map(Enum::name).orElse("OK"));
    }

    @Test
    void emptyLoginCodeMeansNoCodeAndIsValid() {
        assertEquals(Optional.empty(), Validator.checkLoginCode(""));
    }

    @ParameterizedTest(name = "login code ''{0}'' is not numeric")
    @ValueSource(strings = {" 1234", "1234 ", "12 34", "    ", "12a4", "-1234", "+1234", "12.34", "１２３４",
            "\u0661\u0662\u0663\u0664", "\u06F1\u06F2\u06F3\u06F4", "\u0967\u0968\u0969\u096A"})
    void loginCodeWithAnythingButAsciiDigitsIsNotNumeric(String code) {
        assertEquals(Optional.of(ViolationCode.LOGIN_CODE_NOT_NUMERIC), Validator.checkLoginCode(code));
    }

    @Test
    void notNumericWinsOverLengthForAShortValue() {
        assertEquals(Optional.of(ViolationCode.LOGIN_CODE_NOT_NUMERIC), Validator.checkLoginCode("1a"));
    }

    @ParameterizedTest(name = "voicemail code of {0} digits -> {1}")
    @CsvSource({"0, OK", "1, OK", "4, OK", "30, OK", "31, OK", "32, VOICEMAIL_CODE_LENGTH", "40, VOICEMAIL_CODE_LENGTH"})
    void voicemailCodeLengthBoundaries(int n, String expected) {
        assertEquals(expected, Validator.checkVoicemailCode(digits(n)).map(Enum::name).orElse("OK"));
    }

    @ParameterizedTest(name = "voicemail code ''{0}'' is not numeric")
    @ValueSource(strings = {" ", " 12", "12 ", "x", "\u0661\u0662", "１２", "1-2"})
    void voicemailCodeNotNumeric(String code) {
        assertEquals(Optional.of(ViolationCode.VOICEMAIL_CODE_NOT_NUMERIC), Validator.checkVoicemailCode(code));
    }

    @ParameterizedTest(name = "U+{0} valid={1}")
    @CsvSource({"0, false", "8, false", "9, true", "A, true", "B, false", "C, false", "D, true", "E, false",
            "1F, false", "20, true", "7F, true", "D7FF, true", "D800, false", "DFFF, false", "E000, true",
            "FFFD, true", "FFFE, false", "FFFF, false", "10000, true", "1F600, true", "10FFFF, true", "110000, false"})
    void xmlRangeBoundaries(String hex, boolean valid) {
        assertEquals(valid, Validator.isValidXmlCodePoint(Integer.parseInt(hex, 16)));
    }

    @Test
    void removeInvalidCharactersKeepsValidTextIdentical() {
        String s = "Zoë Ünal \t\n\r 😀 \uFFFD";
        assertSame(s, Validator.removeInvalidCharacters(s));
    }

    @Test
    void removeInvalidCharactersDropsControlsNonCharactersAndLoneSurrogates() {
        assertEquals("AnnSmith", Validator.removeInvalidCharacters("Ann\u0000Smith"));
        assertEquals("ab", Validator.removeInvalidCharacters("a\u0001\u0008\u000B\u000C\u001Fb"));
        assertEquals("xy", Validator.removeInvalidCharacters("x\uFFFE\uFFFFy"));
        assertEquals("pq", Validator.removeInvalidCharacters("p\uD800q"));
        assertEquals("pq", Validator.removeInvalidCharacters("p\uDC00q"));
        assertEquals("😀", Validator.removeInvalidCharacters("\u0002😀"));
        assertEquals("", Validator.removeInvalidCharacters("\u0000\u0001"));
    }

    @Test
    void asciiDigits() {
        assertTrue(Validator.isAsciiDigits(""));
        assertTrue(Validator.isAsciiDigits("0123456789"));
        assertFalse(Validator.isAsciiDigits("\u0660"));
        assertFalse(Validator.isAsciiDigits("/"));
        assertFalse(Validator.isAsciiDigits(":"));
    }
}

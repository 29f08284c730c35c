package org.pbxsync.core.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pbxsync.core.directory.DirectoryEntry;

class MappingRuleStepsTest {

    static DirectoryEntry entry(String attribute, String... values) {
        return DirectoryEntry.builder("id-1", "CN=Test,OU=Staff,DC=example,DC=com").add(attribute, values).build();
    }

    static List<String> apply(String rule, String... values) {
        return MappingRule.parse(rule).apply(entry("v", values));
    }

    @Nested
    class Sources {
        @Test
        void attributeIsCaseInsensitiveAndKeepsOrder() {
            DirectoryEntry e = DirectoryEntry.builder("id", "ref").add("telephoneNumber", "1", "2").build();
            assertEquals(List.of("1", "2"), MappingRule.parse("TELEPHONENUMBER").apply(e));
        }

        @Test
        void attributeWithOptionsReadsOnlyThatDescription() {
            DirectoryEntry e = DirectoryEntry.builder("id", "ref").add("cn", "Plain").add("cn;lang-fr", "Francais").build();
            assertEquals(List.of("Francais"), MappingRule.parse("cn;lang-fr").apply(e));
            assertEquals(List.of("Plain"), MappingRule.parse("cn").apply(e));
        }

        @Test
        void missingAttributeGivesNoValue() {
            assertEquals(List.of(), MappingRule.parse("mobile").apply(entry("other", "x")));
        }

        @Test
        void emptySourceValuesAreDropped() {
            assertEquals(List.of("a"), apply("v", "", "a", ""));
        }

        @Test
        void constantsInBothQuotes() {
            assertEquals(List.of("0000"), apply("\"0000\""));
            assertEquals(List.of("0000"), apply("'0000'"));
            assertEquals(List.of(), apply("''"));
        }

        @Test
        void pseudoAttributes() {
            DirectoryEntry e = DirectoryEntry.builder("guid-7", "uid=j,ou=People").addGroup("Sales").addGroup("Support")
                    .build();
            assertEquals(List.of("guid-7"), MappingRule.parse("@id").apply(e));
            assertEquals(List.of("uid=j,ou=People"), MappingRule.parse("@reference").apply(e));
            assertEquals(List.of("Sales", "Support"), MappingRule.parse("@groups").apply(e));
        }
    }

    @Nested
    class Digits {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "+44 (0)20 7946-0958|4402079460958",
            "12345|12345",
            "ext. 4711|4711",
            "\u0664\u0665\u0666\u0667|4567",          // Arabic-Indic
            "\u06F1\u06F2|12",                        // Extended Arabic-Indic (Persian)
            "\u0967\u0968\u0969|123",                 // Devanagari
            "\uFF11\uFF12|12",                        // fullwidth
            "x\u00B2y|''",                            // superscript two is not a decimal digit
        })
        void keepsDecimalDigitsAsAscii(String in, String expected) {
            assertEquals(expected.isEmpty() ? List.of() : List.of(expected), apply("v | digits", in));
        }

        @Test
        void valueWithoutDigitsIsDropped() {
            assertEquals(List.of("1"), apply("v | digits", "n/a", "1"));
        }

        @Test
        void mathematicalBoldDigitOutsideBmp() {
            assertEquals(List.of("7"), apply("v | digits", new String(Character.toChars(0x1D7D5))));
        }
    }

    @Nested
    class FirstAndLast {
        @ParameterizedTest
        @CsvSource({"12345,3,123,345", "123,3,123,123", "12,3,12,12", "1,1,1,1"})
        void boundaries(String in, int n, String first, String last) {
            assertEquals(List.of(first), apply("v | first(" + n + ")", in));
            assertEquals(List.of(last), apply("v | last(" + n + ")", in));
        }

        @Test
        void countCodePointsNotUtf16Units() {
            String emoji = "\uD83D\uDE00";
            assertEquals(List.of("a" + emoji), apply("v | first(2)", "a" + emoji + "b"));
            assertEquals(List.of(emoji + "b"), apply("v | last(2)", "a" + emoji + "b"));
            assertEquals(List.of(emoji), apply("v | last(1)", emoji));
        }

        @Test
        void appliesToEveryValue() {
            assertEquals(List.of("45", "99"), apply("v | last(2)", "12345", "999"));
        }
    }

    @Nested
    class Mask {
        @ParameterizedTest
        @CsvSource({
            "11XX,8889945,1145",
            "11XX,45,1145",
            "XXXX,8889945,9945",
            "XXXX,9945,9945",
            "9XXX,+1 (555) 010-4321,9321",
            "4xxx,1234,4234",
            "+44XXXX,020 7946 0958,+440958",
            "1234,5,1234",
        })
        void rightAlignedOverDigits(String mask, String in, String out) {
            assertEquals(List.of(out), apply("v | mask('" + mask + "')", in));
        }

        @Test
        void valueShorterThanTheXPositionsIsDropped() {
            assertEquals(List.of(), apply("v | mask('11XX')", "5"));
            assertEquals(List.of(), apply("v | mask('XXXX')", "123"));
            assertEquals(List.of(), apply("v | mask('XX')", "no digits"));
            assertEquals(List.of("0000"), apply("v | mask('XXXX') | default('0000')", "123"));
        }

        @Test
        void unicodeDigitsAreUsed() {
            assertEquals(List.of("1145"), apply("v | mask('11XX')", "\u0668\u0669\u0664\u0665"));
        }
    }

    @Nested
    class Replace {
        @Test
        void replacesAllWithGroups() {
            assertEquals(List.of("0207946"), apply("v | replace('^\\+44\\s*', '0') | digits", "+44 207946"));
            assertEquals(List.of("b-a"), apply("v | replace('(\\w)-(\\w)', '$2-$1')", "a-b"));
            assertEquals(List.of("x.y"), apply("v | replace('(?<first>\\w)@(?<second>\\w)', '${first}.${second}')",
                    "x@y"));
        }

        @Test
        void regexBackslashesNeedNoDoubling() {
            assertEquals(List.of("ab"), apply("v | replace('\\d+', '')", "a12b"));
        }

        @Test
        void escapedDollarInReplacement() {
            assertEquals(List.of("$5"), apply("v | replace('^', '\\$')", "5"));
        }

        @Test
        void valueReplacedByNothingIsDropped() {
            assertEquals(List.of("keep"), apply("v | replace('^drop$', '')", "drop", "keep"));
        }

        @Test
        void patternIsCompiledOnceAndSharedAcrossCalls() {
            MappingRule r = MappingRule.parse("v | replace('a', 'b')");
            assertEquals(List.of("bb"), r.apply(entry("v", "aa")));
            assertEquals(List.of("bc"), r.apply(entry("v", "ac")));
        }
    }

    @Nested
    class CaseAndTrim {
        @Test
        void lowerUpperUseRootLocale() {
            assertEquals(List.of("title"), apply("v | lower", "TITLE"));
            assertEquals(List.of("TITLE"), apply("v | upper", "title"));
            assertEquals(List.of("I"), apply("v | upper", "i"));
        }

        @Test
        void trimRemovesUnicodeSpaces() {
            assertEquals(List.of("a b"), apply("v | trim", " \t\u00A0a b\u2003\n"));
            assertEquals(List.of("x"), apply("v | trim", "   ", "x"));
        }

        @Test
        void withoutTrimSpacesStay() {
            assertEquals(List.of("  a  "), apply("v", "  a  "));
        }
    }

    @Nested
    class DefaultAndOr {
        @Test
        void defaultOnlyWhenNoValue() {
            assertEquals(List.of("0000"), MappingRule.parse("pin | default('0000')").apply(entry("x", "1")));
            assertEquals(List.of("1234"), MappingRule.parse("pin | default('0000')").apply(entry("pin", "1234")));
            assertEquals(List.of("none"), apply("v | digits | default('none')", "abc"));
        }

        @Test
        void orTakesAnotherAttributeWhenEmpty() {
            DirectoryEntry both = DirectoryEntry.builder("i", "r").add("ipPhone", "100").add("telephoneNumber", "200")
                    .build();
            DirectoryEntry onlyTel = DirectoryEntry.builder("i", "r").add("telephoneNumber", "200", "201").build();
            MappingRule r = MappingRule.parse("ipPhone | or(telephoneNumber) | digits");
            assertEquals(List.of("100"), r.apply(both));
            assertEquals(List.of("200", "201"), r.apply(onlyTel));
            assertEquals(List.of("i"), MappingRule.parse("mail | or(@id)").apply(onlyTel));
        }

        @Test
        void orAfterAStepThatEmptiedTheValues() {
            DirectoryEntry e = DirectoryEntry.builder("i", "r").add("ipPhone", "n/a").add("telephoneNumber", "200")
                    .build();
            assertEquals(List.of("200"), MappingRule.parse("ipPhone | digits | or(telephoneNumber)").apply(e));
        }
    }

    @Nested
    class SplitAndJoin {
        @Test
        void splitTrimsAndDropsEmpties() {
            assertEquals(List.of("Sales", "Support", "Night Shift"),
                    apply("v | split(',')", " Sales ,Support,, ,Night Shift,"));
        }

        @Test
        void splitOnMultiCharacterSeparatorIsLiteral() {
            assertEquals(List.of("a", "b.c"), apply("v | split('. ')", "a. b.c"));
            assertEquals(List.of("a", "b"), apply("v | split('|')", "a|b"));
        }

        @Test
        void splitAcrossValues() {
            assertEquals(List.of("a", "b", "c"), apply("v | split(';')", "a;b", "c"));
            assertEquals(List.of("c"), apply("v | split(';')", " ", "c "));
        }

        @Test
        void joinMakesOneValue() {
            assertEquals(List.of("a, b, c"), apply("v | join(', ')", "a", "b", "c"));
            assertEquals(List.of("a"), apply("v | join(', ')", "a"));
            assertEquals(List.of(), apply("v | join(', ')"));
            assertEquals(List.of("ab"), apply("v | join('')", "a", "b"));
        }
    }

    @Nested
    class Cn {
        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "CN=Sales,OU=Groups,DC=example,DC=com|Sales",
            "cn=Smith\\, John,OU=Staff,DC=x|Smith, John",
            "cn=\\23hash,ou=g|#hash",
            "CN=Ren\\C3\\A9e,OU=x|Ren\u00e9e",
            "CN=Ren\u00e9e,OU=x|Ren\u00e9e",
            "cn=a\\+b+uid=z,ou=x|a+b",
            "uid=jdoe,ou=People|jdoe",
            "CN = Spaced Out ,OU=x|Spaced Out",
            "CN=trailing\\ ,OU=x|`trailing `",
            "CN=\\20lead,OU=x|` lead`",
            "CN=\"Smith, John\",OU=x|Smith, John",
            "CN=semi;OU=legacy|semi",
            "CN=\\E2\\82\\AC\\20euro|\u20ac euro",
            "CN=only|only",
            "Sales|Sales",
            "Sales, Support|Sales, Support",
        })
        void firstRdnValueUnescaped(String dn, String expected) {
            assertEquals(List.of(expected), apply("v | cn", dn));
        }

        @Test
        void emptyFirstRdnValueIsDropped() {
            assertEquals(List.of(), apply("v | cn", "cn=,ou=x"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "CN=Smith\\",
            "CN=\\C3\\28,OU=x",
            "CN=\"unclosed,OU=x",
            "CN=#04024869,OU=x",
            "=nothing,OU=x",
            "CN=\"quoted\"tail,OU=x",
        })
        void malformedDnFailsWithMappingExceptionNamingTheRule(String dn) {
            MappingException e = assertThrows(MappingException.class, () -> apply("v | cn", dn));
            assertTrue(e.getMessage().startsWith("rule 'v | cn': step 'cn': "), e.getMessage());
            assertEquals("v | cn", e.getRuleText());
        }
    }

    @Test
    void stepsChainInOrder() {
        DirectoryEntry e = DirectoryEntry.builder("i", "r")
                .add("memberOf", "CN=Sales,OU=G,DC=x", "CN=Night Shift,OU=G,DC=x").build();
        assertEquals(List.of("sales; night shift"), MappingRule.parse("memberOf | cn | lower | join('; ')").apply(e));
    }

    @Test
    void applyDoesNotChangeTheEntryOrItsLists() {
        DirectoryEntry e = entry("v", "a,b", "c");
        List<String> out = MappingRule.parse("v | split(',') | upper").apply(e);
        assertEquals(List.of("A", "B", "C"), out);
        assertEquals(List.of("a,b", "c"), e.get("v"));
    }

    @Test
    void attributesListsSourceAndOrAttributesOnly() {
        MappingRule r = MappingRule.parse("ipPhone | or(telephoneNumber) | or(@reference) | default('1') | digits");
        assertEquals(List.of("ipPhone", "telephoneNumber"), List.copyOf(r.attributes()));
        assertEquals(List.of(), List.copyOf(MappingRule.parse("@groups | cn").attributes()));
        assertEquals(List.of(), List.copyOf(MappingRule.parse("'x'").attributes()));
    }
}

package org.pbxsync.core.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.directory.DirectoryEntry;

class MappingRuleParserTest {

    @ParameterizedTest
    @CsvSource(delimiterString = "~~", quoteCharacter = '`', value = {
        "telephoneNumber~~telephoneNumber",
        "  mobile  ~~mobile",
        "cn;lang-fr~~cn;lang-fr",
        "2.5.4.3~~2.5.4.3",
        "extension_abc123_costCenter~~extension_abc123_costCenter",
        "onPremisesExtensionAttributes.extensionAttribute1~~onPremisesExtensionAttributes.extensionAttribute1",
        "\"0000\"~~'0000'",
        "'0000'~~'0000'",
        "@id~~@id",
        "@reference~~@reference",
        "@groups~~@groups",
        "ipPhone|or(telephoneNumber)|digits~~ipPhone | or(telephoneNumber) | digits",
        "ipPhone   |  or ( telephoneNumber )  |   digits~~ipPhone | or(telephoneNumber) | digits",
        "m|digits()|last( 4 )~~m | digits | last(4)",
        "m\t|\tfirst(12)~~m | first(12)",
        "m | mask(\"11XX\")~~m | mask('11XX')",
        "m | replace( '\\d+' ,'' )~~m | replace('\\d+', '')",
        "m | replace('a\\'b', \"c'd\")~~m | replace('a\\'b', 'c\\'d')",
        "m | default(\"it\\\"s\")~~m | default('it\"s')",
        "m | split(',') | join(', ')~~m | split(',') | join(', ')",
        "memberOf | cn | lower | upper | trim~~memberOf | cn | lower | upper | trim",
        "m | or(@reference)~~m | or(@reference)",
    })
    void parsesToCanonicalText(String text, String canonical) {
        MappingRule r = MappingRule.parse(text);
        assertEquals(canonical, r.text());
        assertEquals(r, MappingRule.parse(r.text()));
        assertEquals(canonical, r.toString());
    }

    @Test
    void javaBuiltRulesEqualParsedOnes() {
        assertEquals(MappingRule.parse("ipPhone | or(telephoneNumber) | digits | last(4)"),
                MappingRule.attribute("ipPhone").or("telephoneNumber").digits().last(4));
        assertEquals(MappingRule.parse("'0000'"), MappingRule.constant("0000"));
        assertEquals(MappingRule.parse("@id"), MappingRule.entryId());
        assertEquals(MappingRule.parse("@reference | cn"), MappingRule.reference().cn());
        assertEquals(MappingRule.parse("@groups | upper | lower | trim"), MappingRule.groups().upper().lower().trim());
        assertEquals(MappingRule.parse("m | first(2) | mask('9XX') | replace('a', 'b') | default('x') | split(',') | join('')"),
                MappingRule.attribute("m").first(2).mask("9XX").replace("a", "b").defaultValue("x").split(",").join(""));
        assertEquals(MappingRule.parse("m | or(@id)"), MappingRule.attribute("m").or("@id"));
        assertEquals(MappingRule.parse("m").hashCode(), MappingRule.attribute("m").hashCode());
        assertNotEquals(MappingRule.parse("m | digits"), MappingRule.parse("m"));
    }

    @Test
    void builderMethodsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> MappingRule.attribute("bad name"));
        assertThrows(IllegalArgumentException.class, () -> MappingRule.attribute(""));
        assertThrows(IllegalArgumentException.class, () -> MappingRule.attribute("m").first(0));
        assertThrows(IllegalArgumentException.class, () -> MappingRule.attribute("m").last(-1));
        assertThrows(IllegalArgumentException.class, () -> MappingRule.attribute("m").mask(""));
        assertThrows(IllegalArgumentException.class, () -> MappingRule.attribute("m").split(""));
        assertThrows(IllegalArgumentException.class, () -> MappingRule.attribute("m").replace("(", ""));
        assertThrows(IllegalArgumentException.class, () -> MappingRule.attribute("m").replace("a", "$1"));
        assertThrows(IllegalArgumentException.class, () -> MappingRule.attribute("m").or("@nope"));
        assertThrows(NullPointerException.class, () -> MappingRule.parse(null));
    }

    @Test
    void ruleIsImmutableUnderChaining() {
        MappingRule base = MappingRule.attribute("m");
        MappingRule derived = base.digits();
        assertEquals("m", base.text());
        assertEquals("m | digits", derived.text());
    }

    @Test
    void exampleFromTheDocumentation() {
        RuleParseException e = assertThrows(RuleParseException.class, () -> MappingRule.parse("mobile | last(x)"));
        assertEquals("rule 'mobile | last(x)': at position 15: expected a number", e.getMessage().replace(
                "Invalid configuration: ", ""));
        assertEquals(15, e.getPosition());
        assertEquals("a number", e.getExpected());
        assertEquals("mobile | last(x)", e.getRuleText());
        assertInstanceOf(ConfigurationException.class, e);
        assertEquals(List.of("rule 'mobile | last(x)': at position 15: expected a number"), e.getProblems());
    }

    /** Each malformed rule, the 1-based position reported and a fragment of what was expected. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "~~", quoteCharacter = '`', value = {
        "``~~1~~a source",
        "`   `~~4~~a source",
        "`mobile |  `~~11~~a step",
        "mobile ||digits~~9~~a step",
        "| digits~~1~~a source",
        "mobile | unknown~~10~~a step: digits",
        "mobile | Digits~~10~~a step",
        "mobile | last(x)~~15~~a number",
        "mobile | last(-1)~~15~~a positive number",
        "mobile | last(0)~~15~~a positive number",
        "mobile | last(99999999999)~~15~~no greater than 2147483647",
        "mobile | last(4~~16~~')'",
        "mobile | last 4~~15~~'(' after last",
        "mobile | last(4))~~17~~'|' or the end of the rule",
        "mobile | first()~~16~~a number",
        "mobile | first(1.5)~~17~~')'",
        "'unclosed~~10~~a closing ' for the string opened at position 1",
        "m | default(\"abc)~~18~~a closing \" for the string opened at position 13",
        "m | default('a\\')~~18~~a closing '",
        "m | mask(11XX)~~10~~a quoted mask",
        "m | mask('')~~10~~a non-empty mask",
        "m | split('')~~11~~a non-empty separator",
        "m | replace('a')~~16~~',' and a quoted replacement",
        "m | replace('(ab', 'x')~~17~~a valid regular expression (Unclosed group)",
        "m | replace('a[b', 'x')~~16~~a valid regular expression (Unclosed character class)",
        "m | replace('*a', 'x')~~14~~a valid regular expression (Dangling meta character '*')",
        "m | replace('a', '$1')~~19~~no group 1",
        "m | replace('a', 'x$')~~20~~'$' must be followed",
        "m | replace('a', '\\')~~22~~a closing ' for the string opened at position 18",
        "m | replace('a', 'x\\\\')~~20~~a valid replacement (a backslash at the end",
        "m | replace('(?<n>a)', '${m}')~~25~~no group named 'm'",
        "m | or('x')~~8~~an attribute name, not a quoted constant",
        "m | or()~~8~~an attribute name, @id, @reference or @groups",
        "m | or(@nope)~~8~~@id, @reference or @groups",
        "@ID~~1~~@id, @reference or @groups",
        "@~~1~~@id, @reference or @groups",
        "mobile phone~~8~~'|' or the end of the rule",
        "mobile $~~8~~'|' or the end of the rule",
        "cn;~~4~~an attribute option",
        "1.2.~~5~~a digit",
        "m | digits(4)~~12~~')' (this step takes no arguments)",
        "m | cn x~~8~~'|' or the end of the rule",
        "m | join(,)~~10~~a quoted separator",
        "-m~~1~~a source",
        "m | default()~~13~~a quoted default value",
    })
    void malformedRulesAreRejectedWithPositionAndExpectation(String text, int position, String expected) {
        RuleParseException e = assertThrows(RuleParseException.class, () -> MappingRule.parse(text));
        assertEquals(position, e.getPosition(), e.getMessage());
        assertTrue(e.getExpected().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("rule '" + text + "': at position " + position + ": expected "),
                e.getMessage());
        assertTrue(position >= 1 && position <= text.length() + 1);
    }

    @Test
    void regexErrorPositionAccountsForEscapes() {
        // the regex is a\'(b -- the escaped quote shifts the rule position by one
        RuleParseException e = assertThrows(RuleParseException.class,
                () -> MappingRule.parse("m | replace('a\\'(b', '')"));
        assertTrue(e.getExpected().startsWith("a valid regular expression"), e.getMessage());
        assertEquals("m | replace('a\\'(b', '')".length() - 5, e.getPosition(), e.getMessage());
    }

    @Test
    void canonicalQuotingKeepsBackslashesReadable() {
        assertEquals("'\\d'", Literals.quote("\\d"));
        assertEquals("'a\\\\'", Literals.quote("a\\"));
        assertEquals("'\\\\\\''", Literals.quote("\\'"));
        assertEquals("'\\\\\\d'", Literals.quote("\\\\d"));
        assertEquals("'\"'", Literals.quote("\""));
        for (String s : List.of("\\d", "a\\", "\\'", "\\\\d", "\"", "\\\"", "'", "", "\\\\", "\u0000\n")) {
            MappingRule r = MappingRule.constant(s);
            assertEquals(r, MappingRule.parse(r.text()), s);
            DirectoryEntry e = DirectoryEntry.builder("i", "r").build();
            assertEquals(s.isEmpty() ? List.of() : List.of(s), MappingRule.parse(r.text()).apply(e), s);
        }
    }

    @Test
    void isEntryIdOnlyForBareId() {
        assertTrue(MappingRule.parse(" @id ").isEntryId());
        assertFalse(MappingRule.parse("@id | lower").isEntryId());
        assertFalse(MappingRule.parse("objectGUID").isEntryId());
    }
}

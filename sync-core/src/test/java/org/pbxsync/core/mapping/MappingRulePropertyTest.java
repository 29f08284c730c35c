package org.pbxsync.core.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.model.FieldKey;
import org.quicktheories.core.Gen;

/**
 * Properties: canonical text round-trips, parsing never fails with anything but a
 * RuleParseException, and mapping is deterministic. QuickTheories (fixed seed, with shrinking)
 * for string contents; seeded generators for whole rules and entries.
 */
class MappingRulePropertyTest {
    static final long BASE_SEED = Long.getLong("prop.seed", 20261121L);

    static final String[] HOSTILE = {
        "", " ", "  lead", "trail  ", "\u00A0nbsp\u00A0", "\u05E9\u05DC\u05D5\u05DD", "e\u0301", "\uD83D\uDE80",
        "nul\u0000x", "\u0661\u0662\u0663", "+44 (0)20 7946-0958", "CN=Smith\\, John,OU=S", "cn=\\23hash,ou=g",
        "a,b,,c", "x'y\"z\\", "\\", "$1", "ä", "\uFFFD", "\uD800", "tab\there", "line\nbreak", "1234567890123456",
    };

    static final String[] ATTRIBUTES = {"mail", "telephoneNumber", "cn;lang-fr", "ipPhone", "memberOf", "x", "2.5.4.3"};

    static Stream<Long> seeds() {
        SplittableRandom r = new SplittableRandom(BASE_SEED);
        return LongStream.range(0, 300).map(i -> r.nextLong()).boxed();
    }

    static String pick(SplittableRandom r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    static String randomText(SplittableRandom r) {
        if (r.nextInt(3) == 0) {
            return pick(r, HOSTILE);
        }
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(5);
            if (kind == 0) {
                sb.append(pick(r, HOSTILE));
            } else if (kind == 1) {
                sb.append((char) ('0' + r.nextInt(10)));
            } else {
                sb.append((char) (0x20 + r.nextInt(0x5F)));
            }
        }
        return sb.toString();
    }

    static MappingRule randomRule(SplittableRandom r) {
        MappingRule rule;
        switch (r.nextInt(6)) {
            case 0:
                rule = MappingRule.constant(randomText(r));
                break;
            case 1:
                rule = MappingRule.entryId();
                break;
            case 2:
                rule = MappingRule.reference();
                break;
            case 3:
                rule = MappingRule.groups();
                break;
            default:
                rule = MappingRule.attribute(pick(r, ATTRIBUTES));
        }
        int steps = r.nextInt(6);
        for (int i = 0; i < steps; i++) {
            switch (r.nextInt(13)) {
                case 0: rule = rule.digits(); break;
                case 1: rule = rule.first(1 + r.nextInt(20)); break;
                case 2: rule = rule.last(1 + r.nextInt(20)); break;
                case 3: rule = rule.mask(nonEmpty(randomText(r)).replace("\\", "X")); break;
                case 4: rule = rule.replace(Pattern.quote(randomText(r)), Matcher.quoteReplacement(randomText(r))); break;
                case 5: rule = rule.lower(); break;
                case 6: rule = rule.upper(); break;
                case 7: rule = rule.trim(); break;
                case 8: rule = rule.defaultValue(randomText(r)); break;
                case 9: rule = rule.or(r.nextBoolean() ? pick(r, ATTRIBUTES) : "@reference"); break;
                case 10: rule = rule.split(nonEmpty(randomText(r))); break;
                case 11: rule = rule.cn(); break;
                default: rule = rule.join(randomText(r));
            }
        }
        return rule;
    }

    static String nonEmpty(String s) {
        return s.isEmpty() ? "X" : s;
    }

    static DirectoryEntry randomEntry(SplittableRandom r) {
        DirectoryEntry.Builder b = DirectoryEntry.builder("id-" + r.nextInt(1000) + pick(r, HOSTILE), pick(r, HOSTILE));
        for (String a : ATTRIBUTES) {
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                b.add(a, randomText(r));
            }
        }
        int g = r.nextInt(3);
        for (int i = 0; i < g; i++) {
            b.addGroup(randomText(r));
        }
        return b.enabled(r.nextBoolean()).build();
    }

    static Object outcome(MappingRule rule, DirectoryEntry e) {
        try {
            return rule.apply(e);
        } catch (MappingException ex) {
            return "MappingException: " + ex.getMessage();
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void canonicalTextRoundTripsAndBehavesTheSame(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        MappingRule rule = randomRule(r);
        MappingRule reparsed = MappingRule.parse(rule.text());
        assertEquals(rule, reparsed);
        assertEquals(rule.text(), reparsed.text());
        assertEquals(rule.attributes(), reparsed.attributes());
        for (int i = 0; i < 5; i++) {
            DirectoryEntry e = randomEntry(r);
            assertEquals(outcome(rule, e), outcome(reparsed, e), rule.text());
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void mapIsDeterministicAndNeverThrowsForData(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Mapping.Builder b = Mapping.builder().map(FieldKey.USER_ID, randomRule(r)).map(FieldKey.NAME, randomRule(r));
        for (FieldKey f : List.of(FieldKey.EMAIL, FieldKey.EXTENSION, FieldKey.GROUPS, FieldKey.LOGIN_CODE)) {
            if (r.nextBoolean()) {
                b.map(f, randomRule(r));
            }
        }
        Mapping m = b.build();
        DirectoryEntry e = randomEntry(r);
        MappedUser first = m.map(e);
        assertEquals(first, m.map(e));
        assertEquals(first, m.map(e.toBuilder().build()));
        for (MappedField f : first.getFields().values()) {
            assertTrue(!f.getValues().isEmpty(), f.toString());
            assertTrue(f.getValues().stream().noneMatch(String::isEmpty), f.toString());
            assertTrue(f.getField().isMultiValued() || f.getValues().size() == 1, f.toString());
        }
    }

    /** Strings over the characters that matter to quoting, plus a few others. */
    static Gen<String> trickyStrings(int maxLength) {
        String alphabet = "\\'\"a$ |(),\u0000\uD83D\uDE80";
        return lists().of(integers().between(0, alphabet.length() - 1)).ofSizeBetween(0, maxLength).map(l -> {
            StringBuilder sb = new StringBuilder();
            for (int i : l) {
                sb.append(alphabet.charAt(i));
            }
            return sb.toString();
        });
    }

    @Test
    void quotedLiteralsRoundTripForTrickyStrings() {
        DirectoryEntry empty = DirectoryEntry.builder("i", "r").build();
        qt().withFixedSeed(BASE_SEED).withExamples(2000)
                .forAll(trickyStrings(10), trickyStrings(6))
                .checkAssert((s, t) -> {
                    MappingRule c = MappingRule.constant(s).defaultValue(t);
                    MappingRule parsed = MappingRule.parse(c.text());
                    assertEquals(c, parsed);
                    List<String> expected = !s.isEmpty() ? List.of(s) : t.isEmpty() ? List.of() : List.of(t);
                    assertEquals(expected, parsed.apply(empty));
                });
    }

    @Test
    void quotedLiteralsRoundTripForAnyString() {
        DirectoryEntry empty = DirectoryEntry.builder("i", "r").build();
        qt().withFixedSeed(BASE_SEED).withExamples(1000)
                .forAll(strings().allPossible().ofLengthBetween(0, 12), strings().allPossible().ofLengthBetween(0, 6))
                .checkAssert((s, t) -> {
                    MappingRule c = MappingRule.constant(s).defaultValue(t);
                    MappingRule parsed = MappingRule.parse(c.text());
                    assertEquals(c, parsed);
                    List<String> expected = !s.isEmpty() ? List.of(s) : t.isEmpty() ? List.of() : List.of(t);
                    assertEquals(expected, parsed.apply(empty));
                    MappingRule rep = MappingRule.attribute("v").replace(Pattern.quote(s), Matcher.quoteReplacement(t));
                    assertEquals(rep, MappingRule.parse(rep.text()));
                    if (!s.isEmpty()) {
                        MappingRule split = MappingRule.attribute("v").split(s).mask(s).join(t);
                        assertEquals(split, MappingRule.parse(split.text()));
                    }
                });
    }

    @Test
    void firstAndLastNeverSplitASurrogatePair() {
        qt().withFixedSeed(BASE_SEED).withExamples(500)
                .forAll(strings().allPossible().ofLengthBetween(0, 10), integers().between(1, 12))
                .checkAssert((s, n) -> {
                    String wellFormed = s.codePoints().filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                            .toString();
                    DirectoryEntry e = DirectoryEntry.builder("i", "r").add("v", wellFormed).build();
                    for (String rule : List.of("v | first(" + n + ")", "v | last(" + n + ")")) {
                        for (String out : MappingRule.parse(rule).apply(e)) {
                            assertTrue(out.codePointCount(0, out.length()) <= n);
                            assertTrue(wellFormed.startsWith(out) || wellFormed.endsWith(out));
                            assertTrue(out.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF), out);
                        }
                    }
                });
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void parseOfMutatedRuleTextFailsOnlyWithAPositionedRuleParseException(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String text = randomRule(r).text();
        StringBuilder sb = new StringBuilder(text);
        String noise = "|()'\",;@\\ x9-";
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
            if (r.nextBoolean() && at < sb.length()) {
                sb.deleteCharAt(at);
            } else {
                sb.insert(at, noise.charAt(r.nextInt(noise.length())));
            }
        }
        String mutated = sb.toString();
        try {
            MappingRule parsed = MappingRule.parse(mutated);
            assertEquals(parsed, MappingRule.parse(parsed.text()));
        } catch (RuleParseException e) {
            assertTrue(e.getPosition() >= 1 && e.getPosition() <= mutated.length() + 1, e.getMessage());
            assertEquals(mutated, e.getRuleText());
        } catch (RuntimeException e) {
            fail("parse('" + mutated + "') threw " + e, e);
        }
    }
}

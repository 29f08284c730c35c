package org.pbxsync.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.validation.Violation;
import org.pbxsync.core.validation.ViolationCode;

/**
 * Hostile directory values through the real mapping and planner: nothing throws, every entry is
 * either planned or named by a violation (nothing silently lost), the result is consistent (a
 * strict model PBX accepts it) and a second run over the result plans nothing.
 * {@code -Dreliability.iterations=N} raises the number of random directories (default 60).
 */
class HostileInputTest {
    static final long BASE_SEED = Long.getLong("prop.seed", 20261121L);
    static final int ITERATIONS = Integer.getInteger("reliability.iterations", 60);

    private static final Mapping AD = Mapping.activeDirectoryDefaults();

    /** Values that have broken sync products: control characters, bidi, combining, astral, odd digits, spaces. */
    static final List<String> HOSTILE = List.of(
            "nul\u0000inside", "bell\u0007\u001b[31mred", "tab\tand\nnewline\r", "\u202eevil\u202c rtl override",
            "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627", "e\u0301\u0301\u0301 combining", "Zo\u00eb",
            "\ud83d\ude08\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67", "\ud83d", "\udc00lone low",
            "\u0662\u0661\u0660\u0661", "\uff12\uff11\uff10\uff11", "\u0967\u0968\u0969\u096a", "  leading",
            "trailing  ", " ", "", "\u00a0nbsp\u00a0", "\ufeffbom", "\ufffe", "\uffff", "a\u2028b\u2029c",
            "*)(uid=*", "' or 1 eq 1", "${jndi:ldap://127.0.0.1/x}", "%s%n%x", "<script>&amp;\"'", "CN=a\\,b+c=d",
            "\\", "#0041", "12\u00002", "+1 (555) 010-2101", "x".repeat(300));

    static Stream<Long> seeds() {
        SplittableRandom r = new SplittableRandom(BASE_SEED);
        return LongStream.range(0, ITERATIONS).map(i -> r.nextLong()).boxed();
    }

    static String hostile(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int parts = 1 + r.nextInt(3);
        for (int i = 0; i < parts; i++) {
            sb.append(r.nextInt(4) == 0 ? randomChars(r, 1 + r.nextInt(12)) : HOSTILE.get(r.nextInt(HOSTILE.size())));
        }
        return sb.toString();
    }

    static String randomChars(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
                case 0:
                    sb.append((char) r.nextInt(0x20));
                    break;
                case 1:
                    sb.append((char) r.nextInt(0x10000));
                    break;
                case 2:
                    sb.appendCodePoint(0x10000 + r.nextInt(0x100000));
                    break;
                default:
                    sb.append((char) ('a' + r.nextInt(26)));
            }
        }
        return sb.toString();
    }

    static DirectoryEntry entry(SplittableRandom r, int i) {
        String id = r.nextInt(8) == 0 ? (i % 2 == 0 ? "guid-" + (i / 2) : "GUID-" + (i / 2)) : "guid-" + i + "-" + r.nextInt(1000);
        String name = r.nextInt(3) == 0 ? hostile(r) : (r.nextInt(6) == 0 ? "User" + (i / 2) : "user" + i);
        DirectoryEntry.Builder b = DirectoryEntry.builder(id, "CN=" + escapeDn(hostile(r)) + ",OU=Staff,DC=corp")
                .add("sAMAccountName", name)
                .add("displayName", hostile(r))
                .add("mail", r.nextBoolean() ? hostile(r) : "u" + i + "@corp.example")
                .add("ipPhone", r.nextBoolean() ? hostile(r) : String.valueOf(2000 + i))
                .add("mobile", hostile(r))
                .enabled(r.nextInt(5) != 0);
        for (int g = r.nextInt(4); g > 0; g--) {
            b.addGroup(hostile(r));
        }
        return b.build();
    }

    static String escapeDn(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (",+\"\\<>;=#".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Runs the pipeline twice over {@code entries} and checks the invariants; returns the first plan. */
    static SyncPlan planAndConverge(List<DirectoryEntry> entries) {
        List<MappedUser> mapped = entries.stream().map(AD::map).collect(Collectors.toList());
        PbxSnapshot empty = Fixtures.snapshot();
        SyncPlan first = Fixtures.planner().plan(mapped, empty);
        Set<String> accounted = new HashSet<>();
        first.getOperations().forEach(o -> accounted.add(o.getEntryReference().orElse(o.getUserId())));
        first.getViolations().forEach(v -> accounted.add(v.getEntryReference()));
        for (DirectoryEntry e : entries) {
            if (!e.isEnabled()) {
                continue; // a disabled account is not created (DisabledAccountPolicy.DISABLE_ON_PBX)
            }
            assertTrue(accounted.contains(e.getReference()),
                    () -> "entry " + e.getReference() + " was neither planned nor reported: " + first);
        }
        for (Violation v : first.getViolations()) {
            assertFalse(v.getMessage().isBlank(), v::toString);
        }
        PbxSnapshot after = Fixtures.applyToSnapshot(first, empty);
        for (PbxUser u : after.getUsers()) {
            for (String value : u.getFields().values()) {
                assertTrue(xmlSafe(value), () -> "text a PBX cannot store reached user " + u.getUserId() + ": "
                        + value.codePoints().mapToObj(Integer::toHexString).collect(Collectors.toList()));
            }
        }
        SyncPlan second = Fixtures.planner().plan(mapped, after);
        assertTrue(second.getOperations().isEmpty(), () -> "second run is not a no-op: " + second.getOperations());
        return first;
    }

    static boolean xmlSafe(String s) {
        return s.codePoints().allMatch(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF));
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void randomHostileDirectoriesArePlannedOrReportedAndConverge(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DirectoryEntry> entries = IntStream.range(0, 1 + r.nextInt(40)).mapToObj(i -> entry(r, i))
                .collect(Collectors.toList());
        // the same reference twice would make "accounted for" ambiguous; give each entry its own
        List<DirectoryEntry> unique = new ArrayList<>();
        Set<String> refs = new HashSet<>();
        for (DirectoryEntry e : entries) {
            if (refs.add(e.getReference())) {
                unique.add(e);
            }
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> planAndConverge(unique), "hang guard");
    }

    @Test
    void eachHostileValueInEachFieldIsStoredCleanOrReportedNamingTheField() {
        for (String v : HOSTILE) {
            for (String attr : List.of("sAMAccountName", "displayName", "mail", "ipPhone", "mobile")) {
                DirectoryEntry e = DirectoryEntry.builder("id-1", "CN=x,DC=corp").add("sAMAccountName", "jdoe")
                        .add("displayName", "J Doe").put(attr, List.of(v)).build();
                SyncPlan p = planAndConverge(List.of(e));
                if (!xmlSafe(v) && !attr.equals("ipPhone")) { // ipPhone goes through digits
                    assertTrue(p.getViolations().stream().anyMatch(x -> x.getCode() == ViolationCode.INVALID_CHARACTERS
                                    && x.getField().isPresent()),
                            () -> attr + "=" + v.codePoints().mapToObj(Integer::toHexString).collect(Collectors.toList())
                                    + " must be reported as INVALID_CHARACTERS with its field: " + p.getViolations());
                }
            }
        }
    }

    @Test
    void aOneMegabyteValueAndTenThousandGroupsOnOneUserAreHandled() {
        String mb = "A".repeat(1 << 20);
        DirectoryEntry.Builder b = DirectoryEntry.builder("big", "CN=big,DC=corp").add("sAMAccountName", "big")
                .add("displayName", mb).add("ipPhone", "2000");
        for (int g = 0; g < 10_000; g++) {
            b.addGroup("group-" + g);
        }
        SyncPlan p = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> planAndConverge(List.of(b.build())),
                "hang guard");
        assertEquals(1, p.getOperations().size(), p.getViolations().toString());
        assertEquals(OperationType.CREATE, p.getOperations().get(0).getType());
        assertEquals(mb, p.getOperations().get(0).getAfter().orElseThrow().get(FieldKey.FULL_NAME).orElseThrow(),
                "a long value is stored whole or reported, never cut silently");
    }

    @Test
    void idsThatDifferOnlyInCaseAndNamesThatDifferOnlyInCaseNeverMakeTwoPbxUsersWithOneName() {
        List<DirectoryEntry> entries = List.of(
                DirectoryEntry.builder("guid-a", "CN=1,DC=corp").add("sAMAccountName", "JSmith").build(),
                DirectoryEntry.builder("GUID-A", "CN=2,DC=corp").add("sAMAccountName", "jsmith").build(),
                DirectoryEntry.builder("guid-b", "CN=3,DC=corp").add("sAMAccountName", "other").build());
        SyncPlan p = planAndConverge(entries);
        assertTrue(p.getOperations().stream().anyMatch(o -> o.getUserId().equals("guid-b")), p.toString());
        long jsmiths = p.getOperations().stream()
                .filter(o -> o.getAfter().orElseThrow().getName().equalsIgnoreCase("jsmith")).count();
        assertTrue(jsmiths <= 1, p.toString());
        assertFalse(p.getViolations().isEmpty(), "the collision is reported");
    }
}

package org.pbxsync.core.mapping;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.schedule.Schedule;

/**
 * Fuzzes the configuration readers with mutated property sets: {@link Mapping#fromProperties}
 * and {@link Schedule#fromProperties} either succeed or throw {@link ConfigurationException}
 * with at least one problem; a mapping that was accepted maps hostile entries throwing nothing
 * but {@link MappingException}; a schedule that was accepted computes its next run throwing
 * nothing but {@link DateTimeException}. Seeded; {@code -Dreliability.iterations=N} (default
 * 3000) and {@code -Dprop.seed=S} change the run.
 */
class ConfigurationFuzzTest {
    static final long SEED = Long.getLong("prop.seed", 20261121L);
    static final int ITERATIONS = Integer.getInteger("reliability.iterations", 3000);

    static final Map<String, String> MAPPING = Map.of(
            "map.userId", "@id",
            "map.name", "sAMAccountName | lower",
            "map.fullName", "displayName | or(cn) | trim | first(40)",
            "map.extension", "ipPhone | or(telephoneNumber) | digits | last(4)",
            "map.loginCode", "employeeNumber | digits",
            "map.loginCode.createOnly", "true",
            "map.groups", "memberOf | split(',') | cn | join(', ') | or(@groups)",
            "map.site", "@reference | replace('^CN=([^,]+),.*$', '$1') | cn | upper",
            "map.mobileTwinning", "mobile | mask('9XXXXXXX') | default('0')",
            "other.key", "ignored");

    static final Map<String, String> SCHEDULE = Map.of(
            "schedule.enabled", "true",
            "schedule.start", "2026-11-23T02:30",
            "schedule.recurring", "true",
            "schedule.frequency", "WEEKLY",
            "schedule.dayOfWeek", "MON");

    static final String[] NASTY = {"", " ", "\u0000", "(", ")", "|", "\"", "\\", "/", "@", "$1", "${x}", "*)(uid=*",
        "' or 1 eq 1", "\ud83d\ude08", "\ud83d", "\u202e", "9".repeat(40), "-1", "0", "P-1D", "PT0S", "2026-02-30T00:00",
        "99999-01-01T00:00", "FEBRUARY", "INTERVAL", "MONTHLY", "31", "(a+)+$", "[", "{999999999}", "\n", "true",
        "FALSE", ".createOnly", "map.", "schedule.", "replace(", "first(", "mask('')", "'", "split(", "join(", "cn", "@groups", "@id", "last(0)", "last(-3)"};

    static String mutate(SplittableRandom r, String s) {
        StringBuilder sb = new StringBuilder(s == null ? "" : s);
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
            int pos = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
            switch (r.nextInt(5)) {
                case 0:
                    sb.insert(pos, NASTY[r.nextInt(NASTY.length)]);
                    break;
                case 1:
                    if (sb.length() > 0) {
                        int end = Math.min(sb.length(), pos + 1 + r.nextInt(6));
                        sb.delete(Math.min(pos, sb.length()), end);
                    }
                    break;
                case 2:
                    sb.insert(pos, (char) r.nextInt(0x80));
                    break;
                case 3:
                    sb.insert(pos, (char) r.nextInt(0x10000));
                    break;
                default:
                    if (sb.length() > 1) {
                        int a = r.nextInt(sb.length());
                        sb.insert(pos, sb.substring(a, Math.min(sb.length(), a + 1 + r.nextInt(8))));
                    }
            }
        }
        return sb.toString();
    }

    static Map<String, String> mutate(SplittableRandom r, Map<String, String> base, String prefix) {
        Map<String, String> m = new LinkedHashMap<>(new java.util.TreeMap<>(base)); // Map.of order varies per JVM
        List<String> keys = new ArrayList<>(m.keySet());
        for (int n = 1 + r.nextInt(4); n > 0; n--) {
            String k = keys.get(r.nextInt(keys.size()));
            switch (r.nextInt(6)) {
                case 0:
                    m.remove(k);
                    break;
                case 1:
                    m.put(mutate(r, k), m.getOrDefault(k, ""));
                    break;
                case 2:
                    m.put(prefix + mutate(r, ""), mutate(r, ""));
                    break;
                case 3:
                    m.put(k, null);
                    break;
                default:
                    m.put(k, mutate(r, m.get(k)));
            }
        }
        return m;
    }

    static DirectoryEntry hostileEntry(SplittableRandom r) {
        return DirectoryEntry.builder("id-" + mutate(r, "id"), mutate(r, "CN=x,DC=corp") + "x")
                .add("sAMAccountName", mutate(r, "jdoe")).add("displayName", mutate(r, "J Doe"))
                .add("ipPhone", mutate(r, "2101")).add("employeeNumber", mutate(r, "1234"))
                .add("mobile", mutate(r, "07700900123")).addGroup(mutate(r, "Sales")).build();
    }

    @Test
    void theUnmutatedSeedsAreValid() {
        Mapping.fromProperties(MAPPING);
        Schedule.fromProperties(SCHEDULE);
    }

    @Test
    void mutatedMappingPropertiesFailOnlyWithAConfigurationExceptionAndAcceptedOnesMapWithoutSurprises() {
        SplittableRandom r = new SplittableRandom(SEED);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                Map<String, String> props = mutate(r, MAPPING, "map.");
                Mapping m;
                try {
                    m = Mapping.fromProperties(props);
                } catch (ConfigurationException e) {
                    assertFalse(e.getProblems().isEmpty(), "a ConfigurationException lists its problems");
                    outcomes[0]++;
                    continue;
                } catch (RuntimeException e) {
                    throw new AssertionError("undocumented " + e + " for " + escape(props.toString()), e);
                }
                outcomes[1]++;
                for (int j = 0; j < 3; j++) {
                    DirectoryEntry e = hostileEntry(r);
                    try {
                        m.map(e);
                    } catch (MappingException expected) {
                        // documented for data a step cannot process
                    } catch (RuntimeException ex) {
                        throw new AssertionError("undocumented " + ex + " mapping " + e + " with " + m, ex);
                    }
                }
            }
        }, "hang guard");
        if (outcomes[0] == 0 || outcomes[1] == 0) {
            fail("the fuzzer should produce both accepted and refused configurations: " + outcomes[0] + "/" + outcomes[1]);
        }
        System.out.println("reliability: mapping properties fuzz " + ITERATIONS + ": " + outcomes[1] + " accepted (each"
                + " mapped 3 hostile entries), " + outcomes[0] + " refused with ConfigurationException");
    }

    @Test
    void mutatedSchedulePropertiesFailOnlyWithAConfigurationException() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                Map<String, String> props = mutate(r, SCHEDULE, "schedule.");
                if (r.nextInt(4) == 0) {
                    props.put("schedule.frequency", NASTY[r.nextInt(NASTY.length)]);
                    props.put("schedule.intervalHours", mutate(r, "6"));
                }
                Schedule s;
                try {
                    s = Schedule.fromProperties(props);
                } catch (ConfigurationException e) {
                    assertFalse(e.getProblems().isEmpty());
                    outcomes[0]++;
                    continue;
                } catch (RuntimeException e) {
                    throw new AssertionError("undocumented " + e + " for " + escape(props.toString()), e);
                }
                outcomes[1]++;
                for (Instant t : List.of(Instant.parse("2026-11-21T12:00:00Z"), Instant.EPOCH,
                        Instant.parse("+99999-12-31T00:00:00Z"))) {
                    try {
                        s.nextRunAfter(t, ZoneId.of("Europe/Berlin"));
                    } catch (DateTimeException documented) {
                        // outside the supported date range
                    } catch (RuntimeException e) {
                        throw new AssertionError("undocumented " + e + " from nextRunAfter(" + t + ") of " + s, e);
                    }
                }
            }
        }, "hang guard");
        if (outcomes[0] == 0 || outcomes[1] == 0) {
            fail("the fuzzer should produce both accepted and refused schedules: " + outcomes[0] + "/" + outcomes[1]);
        }
        System.out.println("reliability: schedule properties fuzz " + ITERATIONS + ": " + outcomes[1] + " accepted, "
                + outcomes[0] + " refused with ConfigurationException");
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return sb.toString();
    }
}

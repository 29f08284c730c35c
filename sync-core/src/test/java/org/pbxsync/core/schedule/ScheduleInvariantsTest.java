package org.pbxsync.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded property test over random schedules, zones (including 30-minute DST, midnight DST
 * and Samoa's skipped day in 2011) and instants: the next run is strictly after the instant,
 * no run is skipped in between, results never go backwards, and each run is a legitimate
 * occurrence of the schedule.
 */
class ScheduleInvariantsTest {
    static final long BASE_SEED = Long.getLong("prop.seed", 20261121L);
    static final String[] ZONES = {"Europe/London", "America/New_York", "UTC", "Australia/Lord_Howe",
        "America/Santiago", "Asia/Kolkata", "Pacific/Apia", "Asia/Beirut"};

    static Stream<Long> seeds() {
        SplittableRandom r = new SplittableRandom(BASE_SEED);
        return LongStream.range(0, 400).map(i -> r.nextLong()).boxed();
    }

    static Instant randomInstant(SplittableRandom r) {
        long from = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2040-01-01T00:00:00Z").getEpochSecond();
        return Instant.ofEpochSecond(r.nextLong(from, to), r.nextInt(1_000_000_000));
    }

    static Schedule randomSchedule(SplittableRandom r, Instant near, ZoneId zone) {
        LocalDateTime start = near.minus(Duration.ofDays(r.nextInt(800) - 100)).atZone(zone).toLocalDateTime()
                .withHour(r.nextInt(24)).withMinute(r.nextBoolean() ? 30 : r.nextInt(60)).withSecond(0).withNano(0);
        Schedule.Builder b = Schedule.builder().enabled(true).start(start);
        switch (r.nextInt(5)) {
            case 0: return b.once().build();
            case 1: return b.daily().build();
            case 2: return b.weekly(DayOfWeek.of(1 + r.nextInt(7))).build();
            case 3: return b.monthly(r.nextInt(4) == 0 ? 28 + r.nextInt(4) : 1 + r.nextInt(31)).build();
            default: return b.every(Duration.ofMinutes(1 + r.nextInt(72 * 60))).build();
        }
    }

    static boolean isOccurrence(Schedule s, ZonedDateTime run, ZoneId zone) {
        LocalDateTime start = s.getStart().orElseThrow();
        if (!s.isRecurring()) {
            return run.equals(ZonedDateTime.of(start, zone));
        }
        if (s.getFrequency() == Frequency.INTERVAL) {
            Duration elapsed = Duration.between(ZonedDateTime.of(start, zone).toInstant(), run.toInstant());
            return !elapsed.isNegative() && elapsed.toNanos() % s.getInterval().orElseThrow().toNanos() == 0;
        }
        for (int back = 0; back <= 2; back++) {
            LocalDate d = run.toLocalDate().minusDays(back);
            if (d.isBefore(start.toLocalDate()) || !ZonedDateTime.of(d, start.toLocalTime(), zone).equals(run)) {
                continue;
            }
            switch (s.getFrequency()) {
                case DAILY:
                    return true;
                case WEEKLY:
                    return d.getDayOfWeek() == s.getDayOfWeek().orElseThrow();
                default:
                    return d.getDayOfMonth() == Math.min(s.getDayOfMonth().getAsInt(), d.lengthOfMonth());
            }
        }
        return false;
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void nextRunIsALegitimateOccurrenceWithNoneSkipped(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ZoneId zone = ZoneId.of(ZONES[r.nextInt(ZONES.length)]);
        Instant after = randomInstant(r);
        Schedule s = randomSchedule(r, after, zone);
        Optional<ZonedDateTime> next = s.nextRunAfter(after, zone);
        if (next.isEmpty()) {
            assertTrue(!s.isRecurring() && !ZonedDateTime.of(s.getStart().orElseThrow(), zone).toInstant().isAfter(after),
                    s.toString());
            return;
        }
        ZonedDateTime run = next.get();
        assertEquals(zone, run.getZone());
        assertTrue(run.toInstant().isAfter(after), s + " after " + after + " gave " + run);
        assertTrue(isOccurrence(s, run, zone), s + " after " + after + " gave " + run + " in " + zone);
        // nothing in between: any instant in [after, run) gives the same run
        Duration gap = Duration.between(after, run.toInstant());
        for (int i = 0; i < 5; i++) {
            Instant t = after.plusNanos((long) (r.nextDouble() * (gap.toNanos() > 0 ? gap.toNanos() : 1)));
            if (t.isBefore(run.toInstant())) {
                assertEquals(run, s.nextRunAfter(t, zone).orElseThrow(), s + " at " + t);
            }
        }
        assertEquals(run, s.nextRunAfter(run.toInstant().minusNanos(1), zone).orElseThrow());
        // the run after this one is later, and legitimate too
        s.nextRunAfter(run.toInstant(), zone).ifPresent(following -> {
            assertTrue(following.toInstant().isAfter(run.toInstant()), s + ": " + run + " then " + following);
            assertTrue(isOccurrence(s, following, zone), s + " gave " + following);
        });
    }
}

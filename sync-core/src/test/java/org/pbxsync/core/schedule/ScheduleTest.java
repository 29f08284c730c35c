package org.pbxsync.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pbxsync.core.ConfigurationException;

class ScheduleTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId UTC = ZoneId.of("UTC");

    static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    static OffsetDateTime next(Schedule s, String after, ZoneId zone) {
        return s.nextRunAfter(at(after), zone).orElseThrow().toOffsetDateTime();
    }

    static Schedule.Builder from(String localDateTime) {
        return Schedule.builder().enabled(true).start(LocalDateTime.parse(localDateTime));
    }

    @Nested
    class OffAndOnce {
        @Test
        void disabledNeverRuns() {
            assertEquals(Optional.empty(), Schedule.disabled().nextRunAfter(at("2026-01-01T00:00Z"), UTC));
            Schedule off = from("2026-01-01T09:00").daily().enabled(false).build();
            assertEquals(Optional.empty(), off.nextRunAfter(at("2025-01-01T00:00Z"), UTC));
            assertFalse(Schedule.disabled().isEnabled());
            assertEquals("Schedule{off}", Schedule.disabled().toString());
        }

        @Test
        void onceRunsAtStartThenNever() {
            Schedule s = from("2026-06-01T09:00").once().build();
            assertEquals(OffsetDateTime.parse("2026-06-01T09:00+01:00"), next(s, "2026-05-01T00:00Z", LONDON));
            assertEquals(OffsetDateTime.parse("2026-06-01T09:00+01:00"), next(s, "2026-06-01T07:59:59.999Z", LONDON));
            assertEquals(Optional.empty(), s.nextRunAfter(at("2026-06-01T08:00Z"), LONDON), "strictly after");
            assertEquals(Optional.empty(), s.nextRunAfter(at("2027-01-01T00:00Z"), LONDON));
        }

        @Test
        void onceInsideTheSpringGapRunsAfterTheGap() {
            Schedule s = from("2026-03-29T01:30").once().build();
            assertEquals(OffsetDateTime.parse("2026-03-29T02:30+01:00"), next(s, "2026-03-01T00:00Z", LONDON));
        }

        @Test
        void theZoneGivesTheStartItsMeaning() {
            Schedule s = from("2026-06-01T09:00").once().build();
            assertEquals(at("2026-06-01T13:00Z"), s.nextRunAfter(at("2026-01-01T00:00Z"), NEW_YORK).orElseThrow()
                    .toInstant());
            assertEquals(NEW_YORK, s.nextRunAfter(at("2026-01-01T00:00Z"), NEW_YORK).orElseThrow().getZone());
        }
    }

    @Nested
    class Daily {
        final Schedule at0230 = from("2026-01-01T02:30").daily().build();

        @Test
        void firstRunIsTheStart() {
            assertEquals(OffsetDateTime.parse("2026-01-01T02:30Z"), next(at0230, "2025-12-01T00:00Z", LONDON));
        }

        @Test
        void nextIsStrictlyAfter() {
            assertEquals(OffsetDateTime.parse("2026-01-06T02:30Z"), next(at0230, "2026-01-05T02:30Z", LONDON));
            assertEquals(OffsetDateTime.parse("2026-01-05T02:30Z"), next(at0230, "2026-01-05T02:29:59Z", LONDON));
        }

        @Test
        void newYorkSpringForwardGapRunsAt0330() {
            // 2026-03-08: clocks go from 02:00 EST to 03:00 EDT; 02:30 does not exist
            assertEquals(OffsetDateTime.parse("2026-03-08T03:30-04:00"), next(at0230, "2026-03-07T12:00-05:00", NEW_YORK));
            assertEquals(OffsetDateTime.parse("2026-03-09T02:30-04:00"), next(at0230, "2026-03-08T03:30-04:00", NEW_YORK));
            assertEquals(OffsetDateTime.parse("2026-03-08T03:30-04:00"), next(at0230, "2026-03-07T02:30-05:00", NEW_YORK));
        }

        @Test
        void newYorkFallBackOverlapRunsOnceAtTheEarlierOffset() {
            // 2026-11-01: 01:00-02:00 happens twice, first at -04:00 then at -05:00
            Schedule s = from("2026-01-01T01:30").daily().build();
            assertEquals(OffsetDateTime.parse("2026-11-01T01:30-04:00"), next(s, "2026-10-31T12:00-04:00", NEW_YORK));
            // between the two 01:30s: the second one is not a run
            assertEquals(OffsetDateTime.parse("2026-11-02T01:30-05:00"), next(s, "2026-11-01T01:30-04:00", NEW_YORK));
            assertEquals(OffsetDateTime.parse("2026-11-02T01:30-05:00"), next(s, "2026-11-01T01:15-05:00", NEW_YORK));
        }

        @Test
        void londonGapAndOverlap() {
            // 2026-03-29: 01:00 GMT -> 02:00 BST; 2026-10-25: 02:00 BST -> 01:00 GMT
            Schedule s = from("2026-01-01T01:30").daily().build();
            assertEquals(OffsetDateTime.parse("2026-03-29T02:30+01:00"), next(s, "2026-03-28T12:00Z", LONDON));
            assertEquals(OffsetDateTime.parse("2026-03-30T01:30+01:00"), next(s, "2026-03-29T02:30+01:00", LONDON));
            assertEquals(OffsetDateTime.parse("2026-10-25T01:30+01:00"), next(s, "2026-10-24T12:00+01:00", LONDON));
            assertEquals(OffsetDateTime.parse("2026-10-26T01:30Z"), next(s, "2026-10-25T01:00Z", LONDON));
        }

        @Test
        void daysAreCountedInTheZoneNotInUtc() {
            Schedule s = from("2026-07-01T23:30").daily().build();
            assertEquals(OffsetDateTime.parse("2026-07-02T23:30-04:00"), next(s, "2026-07-02T12:00Z", NEW_YORK));
            assertEquals(OffsetDateTime.parse("2026-07-02T23:30-04:00"), next(s, "2026-07-03T03:00Z", NEW_YORK));
        }
    }

    @Nested
    class Weekly {
        @Test
        void firstRunIsTheFirstMatchingDayOnOrAfterTheStartDate() {
            // 2026-11-18 is a Wednesday
            Schedule s = from("2026-11-18T09:00").weekly(DayOfWeek.MONDAY).build();
            assertEquals(OffsetDateTime.parse("2026-11-23T09:00Z"), next(s, "2026-01-01T00:00Z", LONDON));
        }

        @Test
        void startOnTheDayItselfRunsThatDay() {
            Schedule s = from("2026-11-23T09:00").weekly(DayOfWeek.MONDAY).build();
            assertEquals(OffsetDateTime.parse("2026-11-23T09:00Z"), next(s, "2026-11-23T08:00Z", LONDON));
            assertEquals(OffsetDateTime.parse("2026-11-30T09:00Z"), next(s, "2026-11-23T10:00Z", LONDON));
        }

        @Test
        void acrossTheYearBoundary() {
            // 2026-12-31 is a Thursday
            Schedule s = from("2026-12-01T09:00").weekly(DayOfWeek.THURSDAY).build();
            assertEquals(OffsetDateTime.parse("2026-12-31T09:00Z"), next(s, "2026-12-31T08:00Z", LONDON));
            assertEquals(OffsetDateTime.parse("2027-01-07T09:00Z"), next(s, "2026-12-31T09:00Z", LONDON));
            Schedule sat = from("2026-12-01T23:00").weekly(DayOfWeek.SATURDAY).build();
            assertEquals(OffsetDateTime.parse("2027-01-02T23:00Z"), next(sat, "2026-12-27T00:00Z", LONDON));
        }

        @Test
        void weeklyOnTheSpringForwardSunday() {
            Schedule s = from("2026-01-01T02:30").weekly(DayOfWeek.SUNDAY).build();
            assertEquals(OffsetDateTime.parse("2026-03-08T03:30-04:00"), next(s, "2026-03-02T00:00Z", NEW_YORK));
            assertEquals(OffsetDateTime.parse("2026-03-15T02:30-04:00"), next(s, "2026-03-08T07:30Z", NEW_YORK));
        }
    }

    @Nested
    class Monthly {
        final Schedule day31 = from("2026-01-01T03:00").monthly(31).build();

        @ParameterizedTest
        @CsvSource({
            "2025-12-01T00:00Z, 2026-01-31T03:00Z",
            "2026-01-31T03:00Z, 2026-02-28T03:00Z",
            "2026-02-28T03:00Z, 2026-03-31T03:00+01:00",
            "2026-03-31T02:00Z, 2026-04-30T03:00+01:00",
            "2026-04-30T02:00Z, 2026-05-31T03:00+01:00",
            "2026-06-15T00:00Z, 2026-06-30T03:00+01:00",
            "2026-11-30T12:00Z, 2026-12-31T03:00Z",
            "2026-12-31T03:00Z, 2027-01-31T03:00Z",
            "2028-02-01T00:00Z, 2028-02-29T03:00Z",
        })
        void day31ClampsToTheLastDayOfShortMonthsAndNeverSkipsAMonth(String after, String expected) {
            assertEquals(OffsetDateTime.parse(expected), next(day31, after, LONDON));
        }

        @Test
        void twelveConsecutiveRunsHitTwelveMonths() {
            Instant t = at("2026-01-01T00:00Z");
            List<Integer> days = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ZonedDateTime r = day31.nextRunAfter(t, LONDON).orElseThrow();
                assertEquals(i + 1, r.getMonthValue());
                days.add(r.getDayOfMonth());
                t = r.toInstant();
            }
            assertEquals(List.of(31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), days);
        }

        @Test
        void day29And30InFebruaryOfLeapAndCommonYears() {
            Schedule d29 = from("2027-01-01T00:00").monthly(29).build();
            assertEquals(OffsetDateTime.parse("2027-02-28T00:00Z"), next(d29, "2027-02-01T00:00Z", LONDON));
            assertEquals(OffsetDateTime.parse("2028-02-29T00:00Z"), next(d29, "2028-02-01T00:00Z", LONDON));
            Schedule d30 = from("2027-01-01T00:00").monthly(30).build();
            assertEquals(OffsetDateTime.parse("2028-02-29T00:00Z"), next(d30, "2028-02-01T00:00Z", LONDON));
            assertEquals(OffsetDateTime.parse("2028-03-30T00:00+01:00"), next(d30, "2028-02-29T00:00Z", LONDON));
        }

        @Test
        void startDateInTheMiddleOfTheMonth() {
            Schedule s = from("2026-03-20T08:00").monthly(15).build();
            assertEquals(OffsetDateTime.parse("2026-04-15T08:00+01:00"), next(s, "2026-01-01T00:00Z", LONDON));
            Schedule clampedOnStart = from("2026-04-30T10:00").monthly(31).build();
            assertEquals(OffsetDateTime.parse("2026-04-30T10:00+01:00"), next(clampedOnStart, "2026-01-01T00:00Z", LONDON));
        }

        @Test
        void monthlyOnAGapDay() {
            Schedule s = from("2026-01-01T01:30").monthly(29).build();
            assertEquals(OffsetDateTime.parse("2026-03-29T02:30+01:00"), next(s, "2026-03-01T00:00Z", LONDON));
        }
    }

    @Nested
    class Interval {
        @Test
        void everyFourHoursFromTheStartInstant() {
            Schedule s = from("2026-11-21T00:00").everyHours(4).build();
            assertEquals(OffsetDateTime.parse("2026-11-21T00:00Z"), next(s, "2026-11-20T23:59Z", UTC));
            assertEquals(OffsetDateTime.parse("2026-11-21T04:00Z"), next(s, "2026-11-21T00:00Z", UTC));
            assertEquals(OffsetDateTime.parse("2026-11-21T16:00Z"), next(s, "2026-11-21T13:17:05Z", UTC));
            assertEquals(OffsetDateTime.parse("2026-11-21T16:00Z"), next(s, "2026-11-21T15:59:59.999999999Z", UTC));
            assertEquals(OffsetDateTime.parse("2026-11-21T20:00Z"), next(s, "2026-11-21T16:00Z", UTC));
        }

        @Test
        void intervalCountsElapsedTimeAcrossDaylightSaving() {
            Schedule daily = from("2026-03-28T09:00").every(Duration.ofHours(24)).build();
            // 24 real hours after 09:00 GMT is 10:00 BST
            assertEquals(OffsetDateTime.parse("2026-03-29T10:00+01:00"), next(daily, "2026-03-28T09:00Z", LONDON));
            Schedule four = from("2026-03-28T22:00").everyHours(4).build();
            assertEquals(OffsetDateTime.parse("2026-03-29T03:00+01:00"), next(four, "2026-03-29T00:30Z", LONDON));
            Schedule ny = from("2026-10-31T23:00").everyHours(1).build();
            assertEquals(OffsetDateTime.parse("2026-11-01T01:00-04:00"), next(ny, "2026-11-01T04:30Z", NEW_YORK));
            assertEquals(OffsetDateTime.parse("2026-11-01T01:00-05:00"), next(ny, "2026-11-01T05:30Z", NEW_YORK));
        }

        @Test
        void subHourAndOddIntervals() {
            Schedule s = from("2026-01-01T00:00").every(Duration.ofMinutes(90)).build();
            assertEquals(OffsetDateTime.parse("2026-01-01T03:00Z"), next(s, "2026-01-01T01:30Z", UTC));
            assertEquals(OffsetDateTime.parse("2027-01-01T00:00Z"), next(s, "2026-12-31T23:59Z", UTC));
        }
    }

    @Nested
    class Validation {
        @Test
        void weeklyWithoutDay() {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> from("2026-01-01T00:00").recurring(true).frequency(Frequency.WEEKLY).build());
            assertEquals(List.of("schedule.dayOfWeek: required when schedule.frequency is WEEKLY"), e.getProblems());
        }

        @ParameterizedTest
        @CsvSource({"0", "32", "-1"})
        void monthlyDayOutOfRange(int day) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> from("2026-01-01T00:00").monthly(day).build());
            assertEquals(List.of("schedule.dayOfMonth: must be from 1 to 31, got " + day), e.getProblems());
        }

        @Test
        void monthlyDayBoundariesAccepted() {
            assertEquals(1, from("2026-01-01T00:00").monthly(1).build().getDayOfMonth().getAsInt());
            assertEquals(31, from("2026-01-01T00:00").monthly(31).build().getDayOfMonth().getAsInt());
        }

        @Test
        void intervalMustBePositive() {
            for (Duration d : List.of(Duration.ZERO, Duration.ofHours(-1), Duration.ofNanos(-1))) {
                ConfigurationException e = assertThrows(ConfigurationException.class,
                        () -> from("2026-01-01T00:00").every(d).build());
                assertTrue(e.getProblems().get(0).startsWith("schedule.intervalHours: the interval must be positive"),
                        e.getMessage());
            }
            assertEquals(Duration.ofNanos(1), from("2026-01-01T00:00").every(Duration.ofNanos(1)).build().getInterval()
                    .orElseThrow());
        }

        @Test
        void enabledNeedsAStart() {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> Schedule.builder().enabled(true).daily().build());
            assertEquals(List.of("schedule.start: required when the schedule is enabled"), e.getProblems());
            assertFalse(Schedule.builder().daily().build().isEnabled());
        }

        @Test
        void everyProblemAtOnce() {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> Schedule.builder()
                    .enabled(true).recurring(true).frequency(Frequency.MONTHLY).dayOfWeek(DayOfWeek.FRIDAY)
                    .interval(Duration.ZERO).build());
            assertEquals(List.of(
                    "schedule.start: required when the schedule is enabled",
                    "schedule.intervalHours: the interval must be positive, got PT0S",
                    "schedule.dayOfMonth: required when schedule.frequency is MONTHLY",
                    "schedule.dayOfWeek: only used when schedule.frequency is WEEKLY (it is MONTHLY)",
                    "schedule.intervalHours: only used when schedule.frequency is INTERVAL (it is MONTHLY)"),
                    e.getProblems());
        }

        @Test
        void intervalFrequencyWithoutInterval() {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> from("2026-01-01T00:00").recurring(true).frequency(Frequency.INTERVAL).build());
            assertEquals(List.of("schedule.intervalHours: required when schedule.frequency is INTERVAL"), e.getProblems());
        }

        @Test
        void convenienceMethodsClearOtherDetails() {
            Schedule s = from("2026-01-01T00:00").weekly(DayOfWeek.MONDAY).monthly(5).daily().build();
            assertEquals(Frequency.DAILY, s.getFrequency());
            assertTrue(s.getDayOfWeek().isEmpty());
            assertTrue(s.getDayOfMonth().isEmpty());
            assertTrue(s.isRecurring());
            assertFalse(from("2026-01-01T00:00").daily().once().build().isRecurring());
        }
    }

    @Test
    void valueSemantics() {
        Schedule a = Schedule.builder().enabled(true).start(LocalDate.of(2026, 11, 23), LocalTime.of(2, 30))
                .weekly(DayOfWeek.MONDAY).build();
        Schedule b = from("2026-11-23T02:30").weekly(DayOfWeek.MONDAY).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, a.toBuilder().build());
        assertFalse(a.equals(a.toBuilder().weekly(DayOfWeek.TUESDAY).build()));
        assertEquals("Schedule{weekly on MONDAY at 02:30, from 2026-11-23T02:30}", a.toString());
        assertEquals("Schedule{every PT4H, from 2026-11-23T02:30}", a.toBuilder().everyHours(4).build().toString());
        assertEquals("Schedule{once at 2026-11-23T02:30}", a.toBuilder().once().build().toString());
        assertEquals("Schedule{monthly on day 31 at 02:30, from 2026-11-23T02:30}",
                a.toBuilder().monthly(31).build().toString());
        assertEquals("Schedule{daily at 02:30, from 2026-11-23T02:30}", a.toBuilder().daily().build().toString());
    }
}

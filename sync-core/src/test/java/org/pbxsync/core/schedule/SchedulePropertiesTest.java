package org.pbxsync.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.ConfigurationException;

class SchedulePropertiesTest {

    static Map<String, String> props(String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void emptyMeansIpOfficeDefaults() {
        Schedule s = Schedule.fromProperties(Map.of("map.userId", "@id"));
        assertEquals(Schedule.disabled(), s);
        assertEquals(Frequency.WEEKLY, s.getFrequency());
        assertFalse(s.isRecurring());
    }

    @Test
    void weekly() {
        Schedule s = Schedule.fromProperties(props("schedule.enabled", "true", "schedule.start", "2026-11-23T02:30",
                "schedule.recurring", "TRUE", "schedule.frequency", "weekly", "schedule.dayOfWeek", "mon"));
        assertEquals(Schedule.builder().enabled(true).start(LocalDateTime.parse("2026-11-23T02:30"))
                .weekly(DayOfWeek.MONDAY).build(), s);
    }

    @Test
    void monthlyAndDaily() {
        assertEquals(31, Schedule.fromProperties(props("schedule.enabled", "true", "schedule.start", "2026-01-01T03:00:00",
                "schedule.recurring", "true", "schedule.frequency", "MONTHLY", "schedule.dayOfMonth", " 31 "))
                .getDayOfMonth().getAsInt());
        assertEquals(Frequency.DAILY, Schedule.fromProperties(props("schedule.enabled", "false",
                "schedule.recurring", "true", "schedule.frequency", "Daily")).getFrequency());
    }

    @Test
    void intervalHoursImpliesIntervalFrequency() {
        Schedule s = Schedule.fromProperties(props("schedule.enabled", "true", "schedule.start", "2026-01-01T00:00",
                "schedule.recurring", "true", "schedule.intervalHours", "6"));
        assertEquals(Frequency.INTERVAL, s.getFrequency());
        assertEquals(Duration.ofHours(6), s.getInterval().orElseThrow());
        Schedule iso = Schedule.fromProperties(props("schedule.enabled", "true", "schedule.start", "2026-01-01T00:00",
                "schedule.recurring", "true", "schedule.interval", "PT30M"));
        assertEquals(Duration.ofMinutes(30), iso.getInterval().orElseThrow());
    }

    @Test
    void onceWithStart() {
        Schedule s = Schedule.fromProperties(props("schedule.enabled", "true", "schedule.start", "2026-12-24T18:00"));
        assertFalse(s.isRecurring());
        assertEquals(LocalDateTime.parse("2026-12-24T18:00"), s.getStart().orElseThrow());
    }

    @Test
    void everyBadKeyIsReportedAtOnce() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Schedule.fromProperties(props(
                "schedule.enabled", "yes",
                "schedule.start", "tomorrow",
                "schedule.recurring", "true",
                "schedule.frequency", "HOURLY",
                "schedule.dayOfWeek", "Funday",
                "schedule.dayOfMonth", "x",
                "schedule.intervalHours", "-1",
                "schedule.startTime", "02:30")));
        assertEquals(List.of(
                "schedule.dayOfMonth: expected a day of the month from 1 to 31, found 'x'",
                "schedule.dayOfWeek: expected a day of the week such as MONDAY or MON, found 'Funday'",
                "schedule.enabled: expected true or false, found 'yes'",
                "schedule.frequency: expected DAILY, WEEKLY, MONTHLY or INTERVAL, found 'HOURLY'",
                "schedule.start: expected an ISO local date and time such as 2026-11-23T02:30, found 'tomorrow'",
                "schedule.startTime: unknown setting; known are schedule.enabled, schedule.start, schedule.recurring, "
                        + "schedule.frequency, schedule.dayOfWeek, schedule.dayOfMonth, schedule.intervalHours and "
                        + "schedule.interval",
                "schedule.intervalHours: the interval must be positive, got PT-1H"), e.getProblems());
    }

    @Test
    void rangeAndConsistencyProblemsNameTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Schedule.fromProperties(props(
                "schedule.enabled", "true",
                "schedule.recurring", "true",
                "schedule.frequency", "MONTHLY",
                "schedule.dayOfMonth", "32",
                "schedule.intervalHours", "abc")));
        assertEquals(List.of(
                "schedule.intervalHours: expected a positive whole number of hours, found 'abc'",
                "schedule.start: required when the schedule is enabled",
                "schedule.dayOfMonth: must be from 1 to 31, got 32"), e.getProblems());
    }

    @Test
    void weeklyWithoutDayAndZeroInterval() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Schedule.fromProperties(props(
                "schedule.enabled", "true", "schedule.start", "2026-01-01T00:00", "schedule.recurring", "true",
                "schedule.frequency", "WEEKLY")));
        assertEquals(List.of("schedule.dayOfWeek: required when schedule.frequency is WEEKLY"), e.getProblems());
        ConfigurationException zero = assertThrows(ConfigurationException.class, () -> Schedule.fromProperties(props(
                "schedule.enabled", "true", "schedule.start", "2026-01-01T00:00", "schedule.recurring", "true",
                "schedule.intervalHours", "0")));
        assertEquals(List.of("schedule.intervalHours: the interval must be positive, got PT0S"), zero.getProblems());
    }

    @Test
    void frequencySettingsOnAOneTimeScheduleAreErrors() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Schedule.fromProperties(props(
                "schedule.enabled", "true", "schedule.start", "2026-01-01T00:00",
                "schedule.frequency", "DAILY", "schedule.dayOfWeek", "FRIDAY")));
        assertEquals(List.of(
                "schedule.dayOfWeek: only used when schedule.recurring is true (this schedule runs once)",
                "schedule.frequency: only used when schedule.recurring is true (this schedule runs once)"),
                e.getProblems());
    }

    @Test
    void isoIntervalProblemsNameTheIsoKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Schedule.fromProperties(props(
                "schedule.enabled", "true", "schedule.start", "2026-01-01T00:00", "schedule.recurring", "true",
                "schedule.interval", "-PT5M")));
        assertEquals(List.of("schedule.interval: the interval must be positive, got PT-5M"), e.getProblems());
        ConfigurationException bad = assertThrows(ConfigurationException.class, () -> Schedule.fromProperties(props(
                "schedule.interval", "5 minutes")));
        assertEquals(List.of("schedule.interval: expected an ISO-8601 duration such as PT30M or PT4H, found '5 minutes'"),
                bad.getProblems());
    }

    @Test
    void bothIntervalKeysAreAnError() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Schedule.fromProperties(props(
                "schedule.enabled", "true", "schedule.start", "2026-01-01T00:00", "schedule.recurring", "true",
                "schedule.interval", "PT1H", "schedule.intervalHours", "2")));
        assertEquals(List.of(
                "schedule.intervalHours: give either schedule.intervalHours or schedule.interval, not both"),
                e.getProblems());
    }
}

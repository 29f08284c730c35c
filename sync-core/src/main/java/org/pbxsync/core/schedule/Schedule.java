package org.pbxsync.core.schedule;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.pbxsync.core.ConfigurationException;

/**
 * When a synchronisation runs: IP Office's schedule model (use schedule on/off; start date and
 * time; recurring or once; daily, weekly on a day of the week, or monthly on a day of the
 * month) plus a plain interval (every N hours), as TIM and Cisco offer. Immutable and
 * thread-safe. Built with {@link #builder()} or read with {@link #fromProperties(Map)}; both
 * reject nonsense with a {@link ConfigurationException} naming each bad setting.
 *
 * <p>Nothing here reads the clock: {@link #nextRunAfter(Instant, ZoneId)} takes the instant and
 * the time zone the schedule's local date and time are meant in.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Once</b> (not recurring): the single run is at the start date and time.</li>
 *   <li><b>Daily, weekly, monthly</b>: runs at the start <em>time</em> on matching dates on or
 *       after the start <em>date</em>. A weekly schedule starting on a Wednesday with day Monday
 *       first runs the following Monday.</li>
 *   <li><b>Day 29, 30 or 31 in a shorter month</b> runs on that month's last day (day 31 runs
 *       on 30 April, on 28 or 29 February). Clamping means a monthly sync never silently skips
 *       a month, which skipping would do for five months a year for day 31, and it still runs
 *       once per month: on the last day of short months, on the chosen day otherwise.</li>
 *   <li><b>Daylight-saving gap</b>: a run whose local time does not exist that day (02:30 on a
 *       spring-forward day in Europe/London or America/New_York) runs at the same time shifted
 *       forward by the length of the gap, 03:30, as {@link ZonedDateTime#of(LocalDateTime,
 *       ZoneId)} resolves it; that is the first moment the clock shows a time past 02:30.</li>
 *   <li><b>Daylight-saving overlap</b>: a run whose local time occurs twice (01:30 on a
 *       fall-back day) runs once, at the earlier offset (the first 01:30).</li>
 *   <li><b>Interval</b>: runs at the start instant and every interval of real elapsed time after
 *       it; across a daylight-saving change the wall-clock time of the runs moves by the
 *       change (every 24 hours from 09:00 GMT is 10:00 BST after the spring change), because
 *       an interval measures elapsed time, not the clock on the wall.</li>
 *   <li>The start date and time are local to the zone passed to {@code nextRunAfter}; a start
 *       time inside a gap or overlap resolves as above.</li>
 * </ul>
 *
 * <h2>Settings</h2>
 * Error messages name settings by their property keys: {@code schedule.enabled}, {@code
 * schedule.start}, {@code schedule.recurring}, {@code schedule.frequency}, {@code
 * schedule.dayOfWeek}, {@code schedule.dayOfMonth}, {@code schedule.intervalHours}
 * (or {@code schedule.interval} for an ISO-8601 duration).
 */
public final class Schedule {
    private static final Schedule DISABLED = new Builder().build();

    private final boolean enabled;
    private final LocalDateTime start;
    private final boolean recurring;
    private final Frequency frequency;
    private final DayOfWeek dayOfWeek;
    private final Integer dayOfMonth;
    private final Duration interval;

    private Schedule(Builder b) {
        this.enabled = b.enabled;
        this.start = b.start;
        this.recurring = b.recurring;
        this.frequency = b.frequency;
        this.dayOfWeek = b.dayOfWeek;
        this.dayOfMonth = b.dayOfMonth;
        this.interval = b.interval;
    }

    /** @return a new builder with IP Office's defaults: schedule off, not recurring, weekly */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a schedule that never runs (Use Schedule off) */
    public static Schedule disabled() {
        return DISABLED;
    }

    /** @return a builder holding this schedule's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.start = start;
        b.recurring = recurring;
        b.frequency = frequency;
        b.dayOfWeek = dayOfWeek;
        b.dayOfMonth = dayOfMonth;
        b.interval = interval;
        return b;
    }

    /**
     * Reads a schedule from configuration properties. Keys that do not start with {@code
     * schedule.} are ignored; unknown {@code schedule.*} keys are errors (they are usually typos).
     * <ul>
     *   <li>{@code schedule.enabled}: {@code true} or {@code false}; default false</li>
     *   <li>{@code schedule.start}: ISO local date-time, such as {@code 2026-11-23T02:30}; required
     *       when enabled</li>
     *   <li>{@code schedule.recurring}: {@code true} or {@code false}; default false (run once)</li>
     *   <li>{@code schedule.frequency}: {@code DAILY}, {@code WEEKLY}, {@code MONTHLY} or {@code
     *       INTERVAL}, any case; default WEEKLY, or INTERVAL when an interval is given</li>
     *   <li>{@code schedule.dayOfWeek}: {@code MONDAY}... or {@code MON}..., any case; for WEEKLY</li>
     *   <li>{@code schedule.dayOfMonth}: 1 to 31; for MONTHLY</li>
     *   <li>{@code schedule.intervalHours}: a positive whole number of hours; for INTERVAL</li>
     *   <li>{@code schedule.interval}: alternatively an ISO-8601 duration such as {@code PT30M}</li>
     * </ul>
     * Frequency settings given for a schedule that is not recurring are errors (they would be
     * silently ignored).
     *
     * @param props the properties; not null; null values count as empty
     * @return the schedule
     * @throws ConfigurationException listing every bad key at once
     */
    public static Schedule fromProperties(Map<String, String> props) {
        Objects.requireNonNull(props, "props");
        List<String> problems = new ArrayList<>();
        Set<String> bad = new HashSet<>();
        Builder b = new Builder();
        boolean frequencyGiven = false;
        boolean intervalGiven = false;
        Set<String> recurringOnly = new java.util.TreeSet<>();
        for (Map.Entry<String, String> e : new TreeMap<>(props).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("schedule.")) {
                continue;
            }
            String raw = e.getValue() == null ? "" : e.getValue();
            String v = raw.trim();
            String setting = key.substring("schedule.".length());
            try {
                switch (setting) {
                    case "enabled":
                        b.enabled = bool(v);
                        break;
                    case "start":
                        b.start = LocalDateTime.parse(v);
                        break;
                    case "recurring":
                        b.recurring = bool(v);
                        break;
                    case "frequency":
                        b.frequency = Frequency.valueOf(v.toUpperCase(Locale.ROOT));
                        frequencyGiven = true;
                        recurringOnly.add(key);
                        break;
                    case "dayOfWeek":
                        b.dayOfWeek = dayOfWeek(v);
                        recurringOnly.add(key);
                        break;
                    case "dayOfMonth":
                        b.dayOfMonth = Integer.parseInt(v);
                        recurringOnly.add(key);
                        break;
                    case "intervalHours":
                        if (intervalGiven) {
                            throw new IllegalArgumentException("give either schedule.intervalHours or schedule.interval, not both");
                        }
                        b.interval = Duration.ofHours(Long.parseLong(v));
                        intervalGiven = true;
                        recurringOnly.add(key);
                        break;
                    case "interval":
                        if (intervalGiven) {
                            throw new IllegalArgumentException("give either schedule.intervalHours or schedule.interval, not both");
                        }
                        b.interval = Duration.parse(v);
                        b.intervalKey = key;
                        intervalGiven = true;
                        recurringOnly.add(key);
                        break;
                    default:
                        problems.add(key + ": unknown setting; known are schedule.enabled, schedule.start, "
                                + "schedule.recurring, schedule.frequency, schedule.dayOfWeek, schedule.dayOfMonth, "
                                + "schedule.intervalHours and schedule.interval");
                        bad.add(key);
                }
            } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException ex) {
                problems.add(key + ": " + explain(setting, raw, ex));
                bad.add(key);
                if (setting.equals("intervalHours") || setting.equals("interval")) {
                    bad.add("schedule.intervalHours");
                    bad.add("schedule.interval");
                }
            }
        }
        if (intervalGiven && !frequencyGiven) {
            b.frequency = Frequency.INTERVAL;
        }
        if (!b.recurring) {
            for (String key : recurringOnly) {
                if (!bad.contains(key)) {
                    problems.add(key + ": only used when schedule.recurring is true (this schedule runs once)");
                    bad.add(key);
                }
            }
        }
        for (String p : b.problems()) {
            String key = p.substring(0, p.indexOf(':'));
            if (!bad.contains(key)) {
                problems.add(p);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return b.build();
    }

    private static String explain(String setting, String raw, RuntimeException ex) {
        switch (setting) {
            case "enabled":
            case "recurring":
                return "expected true or false, found '" + raw + "'";
            case "start":
                return "expected an ISO local date and time such as 2026-11-23T02:30, found '" + raw + "'";
            case "frequency":
                return "expected DAILY, WEEKLY, MONTHLY or INTERVAL, found '" + raw + "'";
            case "dayOfWeek":
                return "expected a day of the week such as MONDAY or MON, found '" + raw + "'";
            case "dayOfMonth":
                return "expected a day of the month from 1 to 31, found '" + raw + "'";
            case "intervalHours":
                return ex.getMessage() != null && ex.getMessage().startsWith("give either") ? ex.getMessage()
                        : "expected a positive whole number of hours, found '" + raw + "'";
            default:
                return ex.getMessage() != null && ex.getMessage().startsWith("give either") ? ex.getMessage()
                        : "expected an ISO-8601 duration such as PT30M or PT4H, found '" + raw + "'";
        }
    }

    private static boolean bool(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        if (l.equals("true")) {
            return true;
        }
        if (l.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    private static DayOfWeek dayOfWeek(String v) {
        String u = v.toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(u) || (u.length() == 3 && d.name().startsWith(u))) {
                return d;
            }
        }
        throw new IllegalArgumentException("not a day of the week");
    }

    /**
     * Computes the next run strictly after an instant.
     *
     * @param after the instant after which to look, usually the current time or the last run;
     *     not null
     * @param zone the time zone the start date and time are meant in; not null
     * @return the next run, in {@code zone}; empty when the schedule is off, or is a one-time
     *     schedule whose run is not after {@code after}
     * @throws DateTimeException if the result would be outside the supported date range
     */
    public Optional<ZonedDateTime> nextRunAfter(Instant after, ZoneId zone) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(zone, "zone");
        if (!enabled) {
            return Optional.empty();
        }
        ZonedDateTime first = ZonedDateTime.of(start, zone);
        if (!recurring || first.toInstant().isAfter(after) && frequency == Frequency.INTERVAL) {
            return first.toInstant().isAfter(after) ? Optional.of(first) : Optional.empty();
        }
        LocalTime time = start.toLocalTime();
        LocalDate startDate = start.toLocalDate();
        LocalDate afterDate = after.atZone(zone).toLocalDate().minusDays(1);
        switch (frequency) {
            case INTERVAL: {
                Duration elapsed = Duration.between(first.toInstant(), after);
                long n = elapsed.dividedBy(interval) + 1;
                return Optional.of(first.toInstant().plus(interval.multipliedBy(n)).atZone(zone));
            }
            case MONTHLY: {
                YearMonth ym = YearMonth.from(afterDate.isAfter(startDate) ? afterDate : startDate);
                for (int i = 0; i < 3; i++, ym = ym.plusMonths(1)) {
                    LocalDate d = ym.atDay(Math.min(dayOfMonth, ym.lengthOfMonth()));
                    if (d.isBefore(startDate)) {
                        continue;
                    }
                    ZonedDateTime run = ZonedDateTime.of(d, time, zone);
                    if (run.toInstant().isAfter(after)) {
                        return Optional.of(run);
                    }
                }
                throw new IllegalStateException("no monthly run found");
            }
            default: {
                LocalDate d = afterDate.isAfter(startDate) ? afterDate : startDate;
                for (int i = 0; i < 16; i++, d = d.plusDays(1)) {
                    if (frequency == Frequency.WEEKLY && d.getDayOfWeek() != dayOfWeek) {
                        continue;
                    }
                    ZonedDateTime run = ZonedDateTime.of(d, time, zone);
                    if (run.toInstant().isAfter(after)) {
                        return Optional.of(run);
                    }
                }
                throw new IllegalStateException("no run found");
            }
        }
    }

    /** @return whether the schedule is in use (IP Office's "Use Schedule"); default false */
    public boolean isEnabled() {
        return enabled;
    }

    /** @return the start date and time, local to the zone given to {@link #nextRunAfter}; empty only when disabled and unset */
    public Optional<LocalDateTime> getStart() {
        return Optional.ofNullable(start);
    }

    /** @return true for a recurring schedule, false for a one-time run; default false */
    public boolean isRecurring() {
        return recurring;
    }

    /** @return the frequency of a recurring schedule; default {@link Frequency#WEEKLY} */
    public Frequency getFrequency() {
        return frequency;
    }

    /** @return the day of the week of a weekly schedule */
    public Optional<DayOfWeek> getDayOfWeek() {
        return Optional.ofNullable(dayOfWeek);
    }

    /** @return the day of the month (1 to 31) of a monthly schedule */
    public OptionalInt getDayOfMonth() {
        return dayOfMonth == null ? OptionalInt.empty() : OptionalInt.of(dayOfMonth);
    }

    /** @return the interval of an interval schedule */
    public Optional<Duration> getInterval() {
        return Optional.ofNullable(interval);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Schedule)) {
            return false;
        }
        Schedule s = (Schedule) o;
        return enabled == s.enabled && recurring == s.recurring && Objects.equals(start, s.start)
                && frequency == s.frequency && dayOfWeek == s.dayOfWeek && Objects.equals(dayOfMonth, s.dayOfMonth)
                && Objects.equals(interval, s.interval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, start, recurring, frequency, dayOfWeek, dayOfMonth, interval);
    }

    /** @return a short description such as {@code Schedule{weekly on MONDAY at 02:30, from 2026-11-23}} */
    @Override
    public String toString() {
        if (!enabled) {
            return "Schedule{off}";
        }
        if (!recurring) {
            return "Schedule{once at " + start + "}";
        }
        String what;
        switch (frequency) {
            case DAILY:
                what = "daily at " + start.toLocalTime();
                break;
            case WEEKLY:
                what = "weekly on " + dayOfWeek + " at " + start.toLocalTime();
                break;
            case MONTHLY:
                what = "monthly on day " + dayOfMonth + " at " + start.toLocalTime();
                break;
            default:
                what = "every " + interval;
        }
        return "Schedule{" + what + ", from " + start + "}";
    }

    /**
     * Builds a {@link Schedule}. Not thread-safe. Starts from IP Office's defaults: off, not
     * recurring, weekly, no start. {@link #build()} checks everything at once.
     */
    public static final class Builder {
        private boolean enabled;
        private LocalDateTime start;
        private boolean recurring;
        private Frequency frequency = Frequency.WEEKLY;
        private DayOfWeek dayOfWeek;
        private Integer dayOfMonth;
        private Duration interval;
        /** The setting name used in messages about the interval. */
        private String intervalKey = "schedule.intervalHours";

        private Builder() {
        }

        /**
         * @param enabled whether the schedule is used (IP Office's "Use Schedule")
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param start the start date and time, local to the zone the schedule is evaluated in;
         *     may be null only for a disabled schedule
         * @return this builder
         */
        public Builder start(LocalDateTime start) {
            this.start = start;
            return this;
        }

        /**
         * @param date the start date; not null
         * @param time the start time, which is also the time of day of daily, weekly and monthly
         *     runs; not null
         * @return this builder
         */
        public Builder start(LocalDate date, LocalTime time) {
            return start(LocalDateTime.of(date, time));
        }

        /**
         * @param recurring true for a recurring schedule, false to run once at the start
         * @return this builder
         */
        public Builder recurring(boolean recurring) {
            this.recurring = recurring;
            return this;
        }

        /**
         * @param frequency the frequency of a recurring schedule; not null
         * @return this builder
         */
        public Builder frequency(Frequency frequency) {
            this.frequency = Objects.requireNonNull(frequency, "frequency");
            return this;
        }

        /**
         * @param dayOfWeek the day of a weekly schedule; null to clear
         * @return this builder
         */
        public Builder dayOfWeek(DayOfWeek dayOfWeek) {
            this.dayOfWeek = dayOfWeek;
            return this;
        }

        /**
         * @param dayOfMonth the day (1 to 31) of a monthly schedule; checked by {@link #build()}
         * @return this builder
         */
        public Builder dayOfMonth(int dayOfMonth) {
            this.dayOfMonth = dayOfMonth;
            return this;
        }

        /**
         * @param interval the interval of an interval schedule; null to clear; must be positive
         * @return this builder
         */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        /** @return this builder, set to run once at the start (not recurring) */
        public Builder once() {
            this.recurring = false;
            return clearDetails();
        }

        /** @return this builder, set to recur daily at the start time */
        public Builder daily() {
            clearDetails();
            this.recurring = true;
            this.frequency = Frequency.DAILY;
            return this;
        }

        /**
         * @param day the day of the week; not null
         * @return this builder, set to recur weekly on that day at the start time
         */
        public Builder weekly(DayOfWeek day) {
            clearDetails();
            this.recurring = true;
            this.frequency = Frequency.WEEKLY;
            this.dayOfWeek = Objects.requireNonNull(day, "day");
            return this;
        }

        /**
         * @param day the day of the month, 1 to 31 (clamped to short months when run)
         * @return this builder, set to recur monthly on that day at the start time
         */
        public Builder monthly(int day) {
            clearDetails();
            this.recurring = true;
            this.frequency = Frequency.MONTHLY;
            this.dayOfMonth = day;
            return this;
        }

        /**
         * @param every the interval; must be positive (checked by {@link #build()})
         * @return this builder, set to recur every interval from the start instant
         */
        public Builder every(Duration every) {
            clearDetails();
            this.recurring = true;
            this.frequency = Frequency.INTERVAL;
            this.interval = Objects.requireNonNull(every, "every");
            return this;
        }

        /**
         * @param hours the number of hours; must be positive (checked by {@link #build()})
         * @return this builder, set to recur every {@code hours} hours from the start instant
         */
        public Builder everyHours(long hours) {
            return every(Duration.ofHours(hours));
        }

        private Builder clearDetails() {
            this.dayOfWeek = null;
            this.dayOfMonth = null;
            this.interval = null;
            return this;
        }

        List<String> problems() {
            List<String> p = new ArrayList<>();
            if (enabled && start == null) {
                p.add("schedule.start: required when the schedule is enabled");
            }
            if (dayOfMonth != null && (dayOfMonth < 1 || dayOfMonth > 31)) {
                p.add("schedule.dayOfMonth: must be from 1 to 31, got " + dayOfMonth);
            }
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                p.add(intervalKey + ": the interval must be positive, got " + interval);
            }
            if (recurring) {
                if (frequency == Frequency.WEEKLY && dayOfWeek == null) {
                    p.add("schedule.dayOfWeek: required when schedule.frequency is WEEKLY");
                }
                if (frequency == Frequency.MONTHLY && dayOfMonth == null) {
                    p.add("schedule.dayOfMonth: required when schedule.frequency is MONTHLY");
                }
                if (frequency == Frequency.INTERVAL && interval == null) {
                    p.add("schedule.intervalHours: required when schedule.frequency is INTERVAL");
                }
                if (frequency != Frequency.WEEKLY && dayOfWeek != null) {
                    p.add("schedule.dayOfWeek: only used when schedule.frequency is WEEKLY (it is " + frequency + ")");
                }
                if (frequency != Frequency.MONTHLY && dayOfMonth != null) {
                    p.add("schedule.dayOfMonth: only used when schedule.frequency is MONTHLY (it is " + frequency + ")");
                }
                if (frequency != Frequency.INTERVAL && interval != null) {
                    p.add(intervalKey + ": only used when schedule.frequency is INTERVAL (it is " + frequency + ")");
                }
            }
            return p;
        }

        /**
         * @return the schedule
         * @throws ConfigurationException listing every problem, each naming its setting: no
         *     start for an enabled schedule, WEEKLY without a day of the week, MONTHLY without a
         *     day of the month or with one outside 1 to 31, INTERVAL without an interval or with
         *     one that is zero or negative, and a detail that does not belong to the frequency
         */
        public Schedule build() {
            List<String> p = problems();
            if (!p.isEmpty()) {
                throw new ConfigurationException(p);
            }
            return new Schedule(this);
        }
    }
}

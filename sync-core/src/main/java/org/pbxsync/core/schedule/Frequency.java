package org.pbxsync.core.schedule;

/** How often a recurring {@link Schedule} runs. */
public enum Frequency {
    /** Every day at the start time. */
    DAILY,
    /** Every week on one day of the week, at the start time (IP Office's default frequency). */
    WEEKLY,
    /** Every month on one day of the month, at the start time; clamped to short months. */
    MONTHLY,
    /** Every fixed interval of elapsed time from the start instant (as TIM and Cisco offer). */
    INTERVAL
}

package org.pbxsync.examples;

import java.io.PrintStream;
import org.pbxsync.core.plan.SyncPlan;
import org.pbxsync.pbx.SyncListener;
import org.pbxsync.pbx.SyncReport;

/** The tool's output helpers, for the demo. */
public final class CliSupport {
    private CliSupport() {}

    /**
     * @param out where to draw
     * @param terminal whether {@code out} is a terminal (a redrawn bar) or not (plain lines)
     * @return a listener showing a run's progress
     */
    public static SyncListener progress(PrintStream out, boolean terminal) {
        return new Progress(out, terminal);
    }

    /**
     * Prints the plan's operations as a table, then the violations and block reasons.
     *
     * @param out where to print
     * @param plan the plan
     * @param maxRows the most operations (and violations) listed
     */
    public static void printPlan(PrintStream out, SyncPlan plan, int maxRows) {
        Reports.printPlan(out, plan, maxRows);
    }

    /**
     * @param plan the plan
     * @return one line of counts
     */
    public static String summaryLine(SyncPlan plan) {
        return Reports.summaryLine(plan);
    }

    /**
     * Prints a run's result and its failed or skipped operations.
     *
     * @param out where to print
     * @param report the run's report
     */
    public static void printOutcome(PrintStream out, SyncReport report) {
        Reports.printOutcome(out, report);
    }
}

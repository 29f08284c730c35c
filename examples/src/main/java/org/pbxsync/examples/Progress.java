package org.pbxsync.examples;

import java.io.PrintStream;
import org.pbxsync.pbx.SyncListener;
import org.pbxsync.pbx.SyncPhase;
import org.pbxsync.pbx.SyncProgress;

/**
 * Shows a run's progress: a redrawn bar when the output is a terminal, otherwise one plain line
 * per phase (no control characters in logs and pipes).
 */
final class Progress implements SyncListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private SyncPhase lastPhase;
    private boolean barOpen;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onProgress(SyncProgress p) {
        switch (p.phase()) {
            case READING_DIRECTORY -> {
                if (p.total() >= 0) {
                    phaseLine("Read " + p.done() + " directory entries");
                } else {
                    counter("Reading the directory", p.done());
                }
            }
            case READING_PBX -> {
                if (p.total() >= 0) {
                    phaseLine("Read the PBX: " + p.done() + " users");
                }
            }
            case PLANNED -> phaseLine("Planned " + p.total() + " operations");
            case APPLYING -> bar("Applying", p.done(), p.total());
            case FINISHED -> closeBar();
            default -> { }
        }
        lastPhase = p.phase();
    }

    private void counter(String label, int done) {
        if (terminal) {
            out.print("\r" + label + ": " + done + " entries");
            out.flush();
            barOpen = true;
        } else if (lastPhase != SyncPhase.READING_DIRECTORY) {
            out.println(label + " ...");
        }
    }

    private void bar(String label, int done, int total) {
        if (total <= 0) {
            return;
        }
        if (terminal) {
            int filled = (int) ((long) WIDTH * done / total);
            out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total);
            out.flush();
            barOpen = true;
            if (done == total) {
                closeBar();
            }
        } else if (done == total) {
            out.println(label + ": " + done + "/" + total + " done");
        } else if (lastPhase != SyncPhase.APPLYING) {
            out.println(label + " " + total + " operations ...");
        }
    }

    private void phaseLine(String text) {
        if (terminal && barOpen) {
            out.print("\r\033[K");
            barOpen = false;
        }
        out.println(text);
    }

    private void closeBar() {
        if (barOpen) {
            out.println();
            barOpen = false;
        }
    }
}

package org.pbxsync.examples;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.pbxsync.core.AuthenticationFailedException;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.ConnectionFailedException;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.directory.ConnectionTestResult;
import org.pbxsync.core.directory.DirectorySource;
import org.pbxsync.core.plan.Explanation;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.core.plan.SyncPlan;
import org.pbxsync.core.validation.Violation;
import org.pbxsync.examples.demo.Demo;
import org.pbxsync.pbx.RunOptions;
import org.pbxsync.pbx.RunStatus;
import org.pbxsync.pbx.SchedulerListener;
import org.pbxsync.pbx.SyncReport;
import org.pbxsync.pbx.SyncScheduler;
import org.pbxsync.pbx.Synchronizer;
import org.pbxsync.pbx.file.FilePbxTarget;

/**
 * The {@code pbx-user-sync} command-line tool. {@link #run} is the whole tool (tests call it);
 * {@link #main} only adds {@link System#exit}.
 */
public final class Main {
    /** Exit code: done (for {@code preview}: planned, not blocked). */
    public static final int OK = 0;
    /** Exit code: an unexpected internal error (a bug; the stack trace is on stderr). */
    public static final int INTERNAL_ERROR = 1;
    /** Exit code: bad command line. */
    public static final int USAGE = 2;
    /** Exit code: the configuration file has problems (all are listed, each with its key). */
    public static final int CONFIGURATION = 3;
    /** Exit code: the directory or the PBX could not be reached, or credentials were refused. */
    public static final int CONNECTION = 4;
    /** Exit code: a guard blocked the plan; nothing was written. */
    public static final int BLOCKED = 5;
    /** Exit code: the sync ran, but some operations failed or were not attempted. */
    public static final int PARTIAL_FAILURE = 6;
    /** Exit code: {@code explain} found no entry or user with that id. */
    public static final int NOT_FOUND = 7;
    /** Exit code: the run failed before writing (incomplete listing, state store, another run holds the lock). */
    public static final int RUN_FAILED = 8;

    static final String USAGE_TEXT = String.join("\n",
            "Usage: pbx-user-sync <command> [options]",
            "",
            "Commands:",
            "  demo [--dir DIR]                    sync a bundled sample directory into a demo PBX (no settings)",
            "  preview --config FILE [--json]      show what a sync would do; writes nothing",
            "  sync --config FILE [--json]         plan and apply; a blocked plan writes nothing",
            "       [--allow-deletes] [--full]",
            "  test-connection --config FILE       check the directory connection and the PBX file",
            "  explain --config FILE --user ID     why this user is created, updated or skipped",
            "  schedule --config FILE              run on the configured schedule until stopped",
            "",
            "Options:",
            "  --json            machine-readable report on stdout (preview, sync)",
            "  --allow-deletes   override the delete guards (guard.maxDeletes, guard.maxDeletePercent) for this run",
            "  --full            read the whole directory even if an incremental run is possible",
            "",
            "Exit codes: 0 done, 2 usage, 3 configuration, 4 connection/authentication, 5 blocked,",
            "            6 some operations failed, 7 explain: not found, 8 run failed before writing, 1 internal error");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean terminal;

    Main(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
    }

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        int code = new Main(System.out, System.err, System.getenv(), System.console() != null).run(args);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs one command.
     *
     * @param args the command line
     * @return the exit code
     */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        String command = args[0];
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json", "--allow-deletes", "--full" -> opts.put(a, "true");
                case "--config", "--user", "--dir" -> {
                    if (i + 1 >= args.length) {
                        problems.add(a + " needs a value");
                    } else {
                        opts.put(a, args[++i]);
                    }
                }
                default -> problems.add("unknown option '" + a + "'");
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("pbx-user-sync: " + p));
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try {
            switch (command) {
                case "demo":
                    return new Demo(out, terminal).run(Path.of(opts.getOrDefault("--dir", "demo-pbx")));
                case "preview":
                case "sync":
                case "test-connection":
                case "explain":
                case "schedule":
                    return withConfig(command, opts);
                default:
                    err.println("pbx-user-sync: unknown command '" + command + "'");
                    err.println(USAGE_TEXT);
                    return USAGE;
            }
        } catch (ConfigurationException e) {
            err.println("Configuration problems:");
            e.getProblems().forEach(p -> err.println("  - " + p));
            return CONFIGURATION;
        } catch (AuthenticationFailedException | ConnectionFailedException e) {
            err.println("Connection failed: " + e.getMessage());
            return CONNECTION;
        } catch (SyncException e) {
            err.println("Run failed, nothing was written: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return RUN_FAILED;
        } catch (RuntimeException e) {
            err.println("Internal error: " + e);
            e.printStackTrace(err);
            return INTERNAL_ERROR;
        }
    }

    private int withConfig(String command, Map<String, String> opts) {
        String config = opts.get("--config");
        if (config == null) {
            err.println("pbx-user-sync: " + command + " needs --config FILE");
            return USAGE;
        }
        boolean json = opts.containsKey("--json");
        if (json && !command.equals("preview") && !command.equals("sync")) {
            err.println("pbx-user-sync: --json is for preview and sync");
            return USAGE;
        }
        if (command.equals("explain") != opts.containsKey("--user")) {
            err.println("pbx-user-sync: --user ID is " + (command.equals("explain") ? "required" : "only for explain"));
            return USAGE;
        }
        Path file = Path.of(config);
        if (!Files.isReadable(file)) {
            err.println("Configuration problems:");
            err.println("  - cannot read the configuration file " + file);
            return CONFIGURATION;
        }
        ToolConfig cfg = ToolConfig.load(file, env);
        RunOptions runOptions = RunOptions.defaults()
                .withAllowDeletesOverThreshold(opts.containsKey("--allow-deletes"))
                .withForceFull(opts.containsKey("--full"));
        try (DirectorySource source = cfg.createSource()) {
            if (command.equals("test-connection")) {
                return testConnection(cfg, source);
            }
            FilePbxTarget pbx = FilePbxTarget.open(cfg.pbxFile());
            Synchronizer.Builder b = Synchronizer.builder().source(source).target(pbx).mapping(cfg.mapping())
                    .planOptions(cfg.planOptions()).stateStore(cfg.stateStore());
            if (!json) {
                b.listener(new Progress(out, terminal));
            }
            Synchronizer sync = b.build();
            switch (command) {
                case "preview":
                    return preview(sync, runOptions, json);
                case "sync":
                    return sync(sync, runOptions, json);
                case "explain":
                    return explain(sync, opts.get("--user"));
                default:
                    return schedule(sync, cfg);
            }
        }
    }

    private int testConnection(ToolConfig cfg, DirectorySource source) {
        out.println("Directory: " + source.describe());
        ConnectionTestResult result = source.testConnection();
        boolean ok = true;
        for (ConnectionTestResult.Check c : result.checks()) {
            out.printf("  %-6s %s%s%n", c.passed() ? "OK" : "FAILED", c.name(),
                    c.message().isEmpty() ? "" : ": " + c.message());
            ok &= c.passed();
        }
        out.println("PBX file: " + cfg.pbxFile());
        try {
            FilePbxTarget pbx = FilePbxTarget.open(cfg.pbxFile());
            out.printf("  %-6s %s%n", "OK", "read " + pbx.read().getUsers().size() + " users");
        } catch (SyncException e) {
            out.printf("  %-6s %s%n", "FAILED", e.getMessage());
            ok = false;
        }
        out.println(ok ? "All checks passed." : "Some checks failed.");
        return ok ? OK : CONNECTION;
    }

    private int preview(Synchronizer sync, RunOptions options, boolean json) {
        SyncPlan plan = sync.preview(options);
        if (json) {
            out.println(Reports.json("preview", sync.getName(), plan, null));
        } else {
            out.println();
            Reports.printPlan(out, plan, 200);
            out.println();
            out.println("Preview (nothing written): " + Reports.summaryLine(plan));
        }
        return plan.isBlocked() ? BLOCKED : OK;
    }

    private int sync(Synchronizer sync, RunOptions options, boolean json) {
        SyncReport report = sync.synchronize(options);
        SyncPlan plan = report.getPlan();
        if (json) {
            out.println(Reports.json("sync", sync.getName(), plan, report));
        } else {
            out.println();
            Reports.printPlan(out, plan, 200);
            out.println();
            Reports.printOutcome(out, report);
        }
        return exitCode(report);
    }

    static int exitCode(SyncReport report) {
        if (report.getStatus() == RunStatus.BLOCKED) {
            return BLOCKED;
        }
        return report.getStatus() == RunStatus.SUCCEEDED ? OK : PARTIAL_FAILURE;
    }

    private int explain(Synchronizer sync, String user) {
        Explanation e = sync.explain(user);
        if (!e.isFound()) {
            out.println("No directory entry or PBX user matches '" + user + "'.");
            return NOT_FOUND;
        }
        out.println("Explanation for " + e.getSubject()
                + e.getUserId().map(u -> ", user id " + u).orElse("")
                + e.getEntryReference().map(r -> ", entry " + r).orElse(""));
        e.getSteps().forEach(s -> out.println("  - " + s));
        if (e.getOperations().isEmpty()) {
            out.println("Planned: nothing (the PBX user is up to date, or the entry is skipped).");
        }
        for (PlannedOperation op : e.getOperations()) {
            out.println("Planned: " + op);
        }
        for (Violation v : e.getViolations()) {
            out.println("Violation: " + v.getSeverity() + " " + v.getCode() + " " + v.getMessage());
        }
        return OK;
    }

    private int schedule(Synchronizer sync, ToolConfig cfg) {
        if (!cfg.schedule().isEnabled()) {
            throw new ConfigurationException("schedule.enabled: must be true for the schedule command (see schedule.*"
                    + " in docs/configuration.md)");
        }
        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger worst = new AtomicInteger(OK);
        AtomicInteger runs = new AtomicInteger();
        SchedulerListener listener = new SchedulerListener() {
            @Override
            public void onRunFinished(String name, SyncReport report) {
                out.println(Instant.now() + " " + name + ": " + report.summary());
                runs.incrementAndGet();
                worst.accumulateAndGet(exitCode(report), Math::max);
            }

            @Override
            public void onRunFailed(String name, Throwable failure) {
                out.println(Instant.now() + " " + name + ": run failed: " + failure.getMessage());
                runs.incrementAndGet();
                worst.accumulateAndGet(RUN_FAILED, Math::max);
            }

            @Override
            public void onRunSkipped(String name, Instant due, String reason) {
                out.println(Instant.now() + " " + name + ": run due at " + due + " skipped: " + reason);
                runs.incrementAndGet();
            }
        };
        try (SyncScheduler scheduler = SyncScheduler.builder().listener(listener).build()) {
            scheduler.register(sync, cfg.schedule());
            scheduler.start();
            if (scheduler.nextRun(sync.getName()).isEmpty()) {
                throw new ConfigurationException("schedule.start: the schedule runs once and its start is in the past;"
                        + " nothing would run");
            }
            out.println("Scheduled '" + sync.getName() + "' (" + cfg.schedule() + "); next run: "
                    + scheduler.nextRun(sync.getName()).map(i -> i.atZone(ZoneId.systemDefault()).toString())
                            .orElse("none"));
            out.println("Press Ctrl+C to stop.");
            Thread hook = new Thread(stop::countDown, "pbx-user-sync-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            while (runs.get() == 0 || scheduler.nextRun(sync.getName()).isPresent()
                    || scheduler.isRunning(sync.getName())) {
                if (stop.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    break;
                }
            }
            out.println("No further runs scheduled; stopping.");
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return worst.get();
    }
}

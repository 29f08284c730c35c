package org.pbxsync.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.plan.FieldChange;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.core.plan.SyncPlan;
import org.pbxsync.core.validation.Severity;
import org.pbxsync.core.validation.Violation;
import org.pbxsync.pbx.OperationOutcome;
import org.pbxsync.pbx.SyncReport;

/** Renders plans and reports for people (tables) and for programs (the {@code --json} format). */
final class Reports {
    /** Version of the JSON format; bumped only for incompatible changes. */
    static final int JSON_FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {}

    /** Distinct entries with at least one error: those the plan skips. */
    static int skipped(SyncPlan plan) {
        Set<String> entries = new HashSet<>();
        for (Violation v : plan.getViolations()) {
            if (v.getSeverity() == Severity.ERROR) {
                entries.add(v.getEntryReference());
            }
        }
        return entries.size();
    }

    static String json(String command, String syncName, SyncPlan plan, SyncReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", JSON_FORMAT);
        root.put("command", command);
        root.put("sync", syncName);
        if (report != null) {
            root.put("status", report.getStatus().name());
        }
        root.put("incremental", plan.isIncremental());
        ObjectNode summary = root.putObject("summary");
        Map<OperationType, Integer> counts = plan.counts();
        summary.put("create", counts.get(OperationType.CREATE));
        summary.put("update", counts.get(OperationType.UPDATE));
        summary.put("delete", counts.get(OperationType.DELETE));
        summary.put("disable", counts.get(OperationType.DISABLE));
        summary.put("enable", counts.get(OperationType.ENABLE));
        summary.put("unchanged", plan.getUnchangedCount());
        summary.put("skipped", skipped(plan));
        summary.put("errors", plan.count(Severity.ERROR));
        summary.put("warnings", plan.count(Severity.WARNING));
        if (report != null) {
            summary.put("applied", report.getOutcomes(org.pbxsync.pbx.OutcomeStatus.APPLIED).size());
            summary.put("failed", report.getOutcomes(org.pbxsync.pbx.OutcomeStatus.FAILED).size());
            summary.put("notAttempted", report.getOutcomes(org.pbxsync.pbx.OutcomeStatus.SKIPPED).size());
        }
        root.put("blocked", plan.isBlocked());
        ArrayNode reasons = root.putArray("blockReasons");
        plan.getBlockReasons().forEach(reasons::add);
        Map<PlannedOperation, OperationOutcome> outcomes = new java.util.HashMap<>();
        if (report != null) {
            for (OperationOutcome o : report.getOutcomes()) {
                outcomes.put(o.operation(), o);
            }
        }
        ArrayNode ops = root.putArray("operations");
        for (PlannedOperation op : plan.getOperations()) {
            ObjectNode o = ops.addObject();
            o.put("type", op.getType().name());
            o.put("userId", op.getUserId());
            o.put("name", op.getName());
            op.getEntryReference().ifPresentOrElse(e -> o.put("entry", e), () -> o.putNull("entry"));
            ObjectNode fields = o.putObject("changes");
            for (FieldChange c : op.getChanges()) {
                ObjectNode f = fields.putObject(c.getField().getName());
                putMasked(f, "from", c.getField(), c.getOldValue().orElse(null));
                putMasked(f, "to", c.getField(), c.getNewValue().orElse(null));
            }
            if (report != null) {
                OperationOutcome out = outcomes.get(op);
                ObjectNode oc = o.putObject("outcome");
                if (out == null) {
                    oc.put("status", "NOT_RUN");
                } else {
                    oc.put("status", out.status().name());
                    oc.put("attempts", out.attempts());
                    out.error().ifPresentOrElse(e -> oc.put("error", e), () -> oc.putNull("error"));
                }
            }
        }
        ArrayNode violations = root.putArray("violations");
        for (Violation v : plan.getViolations()) {
            ObjectNode o = violations.addObject();
            v.getUserId().ifPresentOrElse(u -> o.put("userId", u), () -> o.putNull("userId"));
            o.put("entry", v.getEntryReference());
            v.getField().ifPresentOrElse(f -> o.put("field", f.getName()), () -> o.putNull("field"));
            o.put("code", v.getCode().name());
            o.put("severity", v.getSeverity().name());
            o.put("message", v.getMessage());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putMasked(ObjectNode node, String name, FieldKey field, String value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, field.display(value));
        }
    }

    /** The plan as a table, the violations with reasons and a summary line. */
    static void printPlan(PrintStream out, SyncPlan plan, int maxRows) {
        List<PlannedOperation> ops = plan.getOperations();
        if (ops.isEmpty()) {
            out.println("No changes: the PBX already matches the directory.");
        } else {
            out.printf("%-8s %-24s %-38s %s%n", "ACTION", "NAME", "USER ID", "CHANGES");
            int shown = 0;
            for (PlannedOperation op : ops) {
                if (shown++ == maxRows) {
                    out.printf("... and %d more (use --json for all)%n", ops.size() - maxRows);
                    break;
                }
                out.printf("%-8s %-24s %-38s %s%n", op.getType(), clip(op.getName(), 24), clip(op.getUserId(), 38),
                        changes(op));
            }
        }
        List<Violation> violations = plan.getViolations();
        if (!violations.isEmpty()) {
            out.println();
            out.printf("Violations (%d errors: those entries are skipped; %d warnings: a value is dropped or fixed):%n",
                    plan.count(Severity.ERROR), plan.count(Severity.WARNING));
            List<Violation> sorted = new java.util.ArrayList<>(violations);
            sorted.sort(java.util.Comparator.comparing(Violation::getSeverity).reversed());
            int shown = 0;
            for (Violation v : sorted) {
                if (shown++ == maxRows) {
                    out.printf("... and %d more (use --json for all)%n", violations.size() - maxRows);
                    break;
                }
                out.printf("  %-7s %-20s %s%s%n    %s%n", v.getSeverity(), v.getCode(),
                        v.getField().map(f -> "[" + f.getName() + "] ").orElse(""), v.getEntryReference(),
                        v.getMessage());
            }
        }
        if (plan.isBlocked()) {
            out.println();
            out.println("BLOCKED: nothing will be written. Reasons:");
            plan.getBlockReasons().forEach(r -> out.println("  - " + r));
        }
    }

    static String summaryLine(SyncPlan plan) {
        Map<OperationType, Integer> c = plan.counts();
        return String.format("create %d, update %d, delete %d, disable %d, enable %d, unchanged %d, skipped %d"
                        + " (errors %d, warnings %d)%s",
                c.get(OperationType.CREATE), c.get(OperationType.UPDATE), c.get(OperationType.DELETE),
                c.get(OperationType.DISABLE), c.get(OperationType.ENABLE), plan.getUnchangedCount(), skipped(plan),
                plan.count(Severity.ERROR), plan.count(Severity.WARNING), plan.isBlocked() ? " -- BLOCKED" : "");
    }

    static void printOutcome(PrintStream out, SyncReport report) {
        out.println("Result: " + report.summary());
        List<OperationOutcome> failures = report.getFailures();
        for (OperationOutcome f : failures) {
            out.printf("  %-7s %-8s %-24s %s%n", f.status(), f.operation().getType(), clip(f.operation().getName(), 24),
                    f.error().orElse(""));
        }
    }

    private static String changes(PlannedOperation op) {
        StringBuilder sb = new StringBuilder();
        for (FieldChange c : op.getChanges()) {
            if (op.getType() == OperationType.CREATE && c.getNewValue().isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("; ");
            }
            if (op.getType() == OperationType.CREATE) {
                sb.append(c.getField().getName()).append('=').append(c.displayNew());
            } else {
                sb.append(c.getField().getName()).append(": ").append(c.displayOld()).append(" -> ")
                        .append(c.displayNew());
            }
        }
        return clip(sb.toString(), 110);
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }
}

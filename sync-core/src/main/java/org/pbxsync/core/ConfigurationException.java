package org.pbxsync.core;

import java.util.List;

/**
 * A configuration is invalid. Carries every problem found, not just the first, so an
 * administrator can fix them all at once. Thrown before anything connects or writes.
 */
public class ConfigurationException extends SyncException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems each problem, naming the setting and the rule it breaks; not null or empty */
    public ConfigurationException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** @param problem the one problem, naming the setting and the rule it breaks; not null */
    public ConfigurationException(String problem) {
        this(List.of(problem));
    }

    /** @return every problem found, in a stable order; never empty */
    public List<String> getProblems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
        }
        if (problems.size() == 1) {
            return "Invalid configuration: " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder("Invalid configuration (").append(problems.size()).append(" problems):");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}

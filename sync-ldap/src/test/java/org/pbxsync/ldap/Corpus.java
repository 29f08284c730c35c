package org.pbxsync.ldap;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared/corpora (relative to the repository root) and skips loudly when it is absent. */
final class Corpus {
    private Corpus() {
    }

    /** @return the corpora/ldif directory, looked up from the module directory or the repository root */
    static Path ldif() {
        for (String candidate : new String[] {"../../shared/corpora/ldif", "../shared/corpora/ldif"}) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return Path.of("../../shared/corpora/ldif");
    }

    static void assumePresent(Path p) {
        if (!Files.exists(p)) {
            String why = "SKIPPED: shared corpus file " + p.toAbsolutePath().normalize()
                    + " is absent (expected ../shared/corpora beside the repository)";
            System.err.println(why);
            Assumptions.assumeTrue(false, why);
        }
    }
}

package org.pbxsync.teams;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the shared third-party corpora ({@code ../shared/corpora} from the repository root, which
 * is {@code ../../shared/corpora} from this module). Tests that need them are skipped, with the
 * reason printed, when they are absent.
 */
final class Corpora {
    private Corpora() {}

    static Path graph() {
        for (Path candidate : List.of(Path.of("..", "..", "shared", "corpora", "graph"),
                Path.of("..", "shared", "corpora", "graph"))) {
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        String reason = "skipped: ../shared/corpora/graph (relative to the repository root) is absent";
        System.err.println(reason);
        assumeTrue(false, reason);
        return null;
    }

    static String read(Path dir, String file) {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            String reason = "skipped: corpus file " + p + " is absent";
            System.err.println(reason);
            assumeTrue(false, reason);
        }
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

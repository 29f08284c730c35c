package org.pbxsync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.examples.demo.EmbeddedDirectory;
import org.pbxsync.examples.demo.SampleDirectory;
import org.pbxsync.pbx.file.FilePbxTarget;

/** The schedule command runs the sync when due and stops when no run is left. */
class ScheduleCommandTest {
    @TempDir
    Path dir;

    private Path config(String... schedule) throws Exception {
        Path file = dir.resolve("s.properties");
        List<String> lines = new java.util.ArrayList<>(List.of("sync.name = scheduled", "source = ldif",
                "ldif.file = sample.ldif", "pbx.file = pbx.json", "state.dir = state"));
        lines.addAll(List.of(schedule));
        Files.write(file, lines);
        return file;
    }

    @Test
    void aOneTimeScheduleRunsOnceThenTheCommandEnds() throws Exception {
        try (EmbeddedDirectory d = EmbeddedDirectory.start(SampleDirectory.generate(30, 3))) {
            d.exportLdif(dir.resolve("sample.ldif"));
        }
        String start = LocalDateTime.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).toString();
        ToolRun r = ToolRun.run("schedule", "--config", config("schedule.enabled = true", "schedule.start = " + start)
                .toString());
        assertEquals(Main.OK, r.exitCode(), r::toString);
        assertTrue(r.out().contains("scheduled: SUCCEEDED"), r.out());
        assertTrue(r.out().contains("No further runs scheduled"), r.out());
        assertEquals(29, FilePbxTarget.open(dir.resolve("pbx.json")).read().getUsers().size(),
                "30 entries, one skipped for its duplicate extension");
    }

    @Test
    void aDisabledOrPastScheduleIsAConfigurationError() throws Exception {
        Files.writeString(dir.resolve("sample.ldif"), "");
        ToolRun off = ToolRun.run("schedule", "--config", config().toString());
        assertEquals(Main.CONFIGURATION, off.exitCode(), off::toString);
        assertTrue(off.err().contains("schedule.enabled"), off.err());
        ToolRun past = ToolRun.run("schedule", "--config",
                config("schedule.enabled = true", "schedule.start = 2001-01-01T00:00").toString());
        assertEquals(Main.CONFIGURATION, past.exitCode(), past::toString);
        assertTrue(past.err().contains("schedule.start"), past.err());
    }
}

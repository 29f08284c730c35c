package org.pbxsync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.examples.demo.Demo;
import org.pbxsync.pbx.file.FilePbxTarget;

/** The demo needs no settings, tells the whole story, and is deterministic. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoCreatesThenChangesNothingThenSyncsTheEdits() throws Exception {
        ToolRun run = ToolRun.run("demo", "--dir", dir.toString());
        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertFalse(out.contains("\r"), "plain lines when not a terminal");

        Matcher preview = Pattern.compile("Preview: create (\\d+), update 0, delete 0, disable 0, enable 0, unchanged 0,"
                + " skipped (\\d+) \\(errors (\\d+)").matcher(out);
        assertTrue(preview.find(), out);
        int created = Integer.parseInt(preview.group(1));
        int skipped = Integer.parseInt(preview.group(2));
        assertEquals(4, skipped, "the four entries with deliberate bad values: " + out);
        // disabled accounts are not created (they would only be disabled on the PBX)
        long disabled = org.pbxsync.examples.demo.SampleDirectory.generate(Demo.USERS, Demo.SEED).disabledCount();
        assertEquals(5, disabled);
        assertEquals(Demo.USERS - skipped - disabled, created, out);
        for (String code : new String[] {"EXTENSION_TAKEN", "DUPLICATE_EXTENSION", "DUPLICATE_NAME", "MISSING_MANDATORY"}) {
            assertTrue(out.contains(code), code + " shown with its reason: " + out);
        }
        assertTrue(out.contains("created " + created), out);

        String step3 = out.substring(out.indexOf("Step 3"), out.indexOf("Step 4"));
        assertTrue(step3.contains("No changes: the PBX already matches the directory."), step3);

        String step4 = out.substring(out.indexOf("Step 4"));
        assertTrue(step4.contains("created 1, updated 3, disabled 2"), step4);
        assertTrue(step4.contains("extension: 2005 -> 2305"), step4);
        assertTrue(step4.contains("nlindqvist"), "the new hire is created: " + step4);

        FilePbxTarget pbx = FilePbxTarget.open(dir.resolve("pbx.json"));
        long owned = pbx.read().getUsers().stream().filter(u -> u.getOwner().isPresent()).count();
        assertEquals(created + 1, owned, "users created by the demo, plus the new hire");
        PbxUser hand = pbx.read().getUsers().stream().filter(u -> u.getOwner().isEmpty()).findFirst().orElseThrow();
        assertEquals("hand-made-reception", hand.getUserId(), "the hand-made user is never touched");
        assertTrue(Files.exists(dir.resolve("sample-directory.ldif")));
        assertTrue(Files.exists(dir.resolve("demo.properties")));
    }

    @Test
    void demoIsDeterministicAndTheLdifConfigItWritesWorks() {
        ToolRun first = ToolRun.run("demo", "--dir", dir.resolve("a").toString());
        ToolRun second = ToolRun.run("demo", "--dir", dir.resolve("b").toString());
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(normalise(first.out(), "a"), normalise(second.out(), "b"));

        ToolRun ldif = ToolRun.run("preview", "--config", dir.resolve("a/demo.properties").toString());
        assertEquals(0, ldif.exitCode(), ldif::toString);
        assertTrue(ldif.out().contains("Preview (nothing written): create "), ldif.out());
    }

    private String normalise(String out, String sub) {
        return out.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT").replace(dir.resolve(sub).toString(), "DIR");
    }
}

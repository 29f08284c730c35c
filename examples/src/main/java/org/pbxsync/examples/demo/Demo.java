package org.pbxsync.examples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.pbxsync.core.directory.DirectorySource;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxSystem;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.core.plan.SyncPlan;
import org.pbxsync.examples.CliSupport;
import org.pbxsync.ldap.LdapDirectorySource;
import org.pbxsync.ldap.LdapSourceConfig;
import org.pbxsync.pbx.RunStatus;
import org.pbxsync.pbx.SyncReport;
import org.pbxsync.pbx.SyncStateStore;
import org.pbxsync.pbx.Synchronizer;
import org.pbxsync.pbx.file.FilePbxTarget;

/**
 * The {@code demo} command: a whole sync story with no settings. Starts an embedded LDAP
 * directory on 127.0.0.1 with a generated sample company, previews and applies a sync into a
 * file-backed PBX, runs again (nothing changes), edits a few directory entries and syncs the
 * changes. Deterministic: the same output every time, apart from the port and paths.
 */
public final class Demo {
    /** Users in the sample directory. */
    public static final int USERS = 240;
    /** Seed of the sample directory. */
    public static final long SEED = 2026L;
    /** The demo sync's name (the owner written on the users it creates). */
    public static final String SYNC_NAME = "demo-ldap";
    private static final int TABLE_ROWS = 12;

    private final PrintStream out;
    private final boolean terminal;

    /**
     * @param out where the story is told
     * @param terminal whether {@code out} is a terminal (progress bars) or a pipe (plain lines)
     */
    public Demo(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Runs the demo. Files go to {@code dir}, which is emptied of earlier demo files first.
     *
     * @param dir the demo directory (created if missing)
     * @return the exit code: 0 when every step went as expected
     */
    public int run(Path dir) {
        Path pbxFile = dir.resolve("pbx.json");
        Path stateDir = dir.resolve("state");
        prepare(dir, pbxFile, stateDir);
        SampleDirectory sample = SampleDirectory.generate(USERS, SEED);
        try (EmbeddedDirectory directory = EmbeddedDirectory.start(sample)) {
            heading("PBX User Sync demo");
            out.println("Directory: an embedded LDAP server at " + directory.url() + " holding a sample company:");
            out.println("  " + sample.size() + " Active Directory-shaped users in " + SampleDirectory.DEPARTMENTS.length
                    + " departments, " + sample.disabledCount() + " disabled accounts, groups " + sample.groupNames());
            out.println("  and " + sample.badValues().size() + " entries with deliberately bad values:");
            sample.badValues().forEach((dn, why) -> out.println("    " + dn + ": " + why));
            out.println("PBX:       a file-backed demo PBX in " + pbxFile.toAbsolutePath());
            out.println("           (groups " + initialPbx().getGroups() + "; one hand-made user 'Reception' on 2050)");
            out.println("State:     " + stateDir.toAbsolutePath());

            LdapSourceConfig config = LdapSourceConfig.activeDirectory().server(directory.url())
                    .baseDn(SampleDirectory.BASE_DN).changeTracking(LdapSourceConfig.ChangeTracking.NONE)
                    .addAttributes("department", "title").build();
            try (DirectorySource source = LdapDirectorySource.create(config)) {
                FilePbxTarget pbx = FilePbxTarget.open(pbxFile, initialPbx());
                Synchronizer sync = Synchronizer.builder().source(source).target(pbx)
                        .mapping(Mapping.activeDirectoryDefaults())
                        .planOptions(PlanOptions.builder().syncName(SYNC_NAME).deleteEnabled(true).build())
                        .stateStore(SyncStateStore.inDirectory(stateDir))
                        .listener(CliSupport.progress(out, terminal)).build();
                out.println("Mapping:   Active Directory defaults (userId=@id, name=sAMAccountName, fullName=displayName,");
                out.println("           extension=ipPhone|or(telephoneNumber)|digits, mobileTwinning=mobile, groups=@groups)");

                heading("Step 1: preview (writes nothing)");
                SyncPlan first = sync.preview();
                CliSupport.printPlan(out, first, TABLE_ROWS);
                out.println();
                out.println("Preview: " + CliSupport.summaryLine(first));

                heading("Step 2: sync (apply the plan)");
                SyncReport applied = sync.synchronize();
                CliSupport.printOutcome(out, applied);
                out.println("The PBX now holds " + pbx.read().getUsers().size() + " users.");

                heading("Step 3: sync again (nothing changed in the directory)");
                SyncReport again = sync.synchronize();
                out.println(again.getPlan().isEmpty() ? "No changes: the PBX already matches the directory."
                        : again.getPlan().getOperations().size() + " operations (unexpected)");
                out.println("(the same " + again.getPlan().getViolations().size()
                        + " violations are reported on every run until the directory is fixed)");
                CliSupport.printOutcome(out, again);

                heading("Step 4: an administrator edits the directory");
                List<String> edits = edit(directory, sample);
                edits.forEach(e -> out.println("  - " + e));
                out.println();
                SyncReport update = sync.synchronize();
                CliSupport.printPlan(out, update.getPlan(), TABLE_ROWS);
                out.println();
                CliSupport.printOutcome(out, update);

                Path ldif = dir.resolve("sample-directory.ldif");
                directory.exportLdif(ldif);
                Path props = writeConfig(dir);
                heading("Done");
                out.println("Files: " + pbxFile.toAbsolutePath() + " (the demo PBX, JSON)");
                out.println("       " + ldif.toAbsolutePath() + " (the sample directory after the edits, LDIF)");
                out.println("       " + props.toAbsolutePath() + " (a configuration for that LDIF)");
                out.println("Try the tool on the LDIF export:");
                out.println("  java -jar examples/target/pbx-user-sync.jar preview --config " + props);
                boolean ok = applied.getStatus() == RunStatus.SUCCEEDED && again.getPlan().isEmpty()
                        && update.getStatus() == RunStatus.SUCCEEDED && !update.getPlan().isEmpty();
                if (!ok) {
                    out.println("Something did not go as expected: see the results above.");
                }
                return ok ? 0 : 6;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo PBX before the first sync: a system, groups, and one user made by hand. */
    static PbxSnapshot initialPbx() {
        PbxUser reception = PbxUser.builder().userId("hand-made-reception").enabled(true)
                .putFields(FieldKey.NAME, "Reception").putFields(FieldKey.FULL_NAME, "Front desk")
                .putFields(FieldKey.EXTENSION, "2050").build();
        return PbxSnapshot.builder()
                .addSystems(PbxSystem.builder().name("main").lan1("192.0.2.10").fqdn("pbx.corp.example.test")
                        .primary(true).build())
                .addGroups(SampleDirectory.DEPARTMENTS).addGroups("Managers", "Hunt Group 1", "Hunt Group 2")
                .addUsers(reception).build();
    }

    private static List<String> edit(EmbeddedDirectory directory, SampleDirectory sample) {
        directory.replace(sample.userDn(5), "ipPhone", "2305");
        String renamed = sample.displayName(7) + "-Lund";
        directory.replace(sample.userDn(7), "displayName", renamed);
        directory.replace(sample.userDn(12), "userAccountControl", "514");
        directory.replace(sample.userDn(29), "ipPhone", "2029");
        directory.delete(sample.userDn(33));
        com.unboundid.ldap.sdk.Entry hire = sample.newHire();
        directory.add(hire);
        return List.of(
                sample.userDn(5) + ": ipPhone changed to 2305",
                sample.userDn(7) + ": displayName changed to '" + renamed + "' (married)",
                sample.userDn(12) + ": account disabled (userAccountControl 514)",
                sample.userDn(29) + ": the bad extension fixed (ipPhone 2029)",
                sample.userDn(33) + ": entry deleted (left the company)",
                hire.getDN() + ": new hire added (ipPhone " + hire.getAttributeValue("ipPhone") + ")");
    }

    private void prepare(Path dir, Path pbxFile, Path stateDir) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(pbxFile);
            if (Files.exists(stateDir)) {
                try (Stream<Path> files = Files.walk(stateDir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo directory " + dir, e);
        }
    }

    private static Path writeConfig(Path dir) throws IOException {
        Path props = dir.resolve("demo.properties");
        String text = String.join("\n",
                "# Written by the demo: preview a sync from the sample LDIF export into a second file-backed PBX.",
                "# Every key is explained in docs/configuration.md.",
                "sync.name = demo-ldif",
                "source = ldif",
                "ldif.file = sample-directory.ldif",
                "ldif.idAttribute = objectGUID",
                "pbx.file = pbx-from-ldif.json",
                "state.dir = state-ldif",
                "mapping.preset = activeDirectory",
                "operations = new, update, delete",
                "delete.mode = DISABLE",
                "guard.maxDeletes = 50",
                "guard.maxDeletePercent = 20",
                "");
        Files.writeString(props, text, StandardCharsets.UTF_8);
        return props;
    }

    private void heading(String text) {
        out.println();
        out.println("== " + text + " " + "=".repeat(Math.max(3, 76 - text.length())));
    }
}

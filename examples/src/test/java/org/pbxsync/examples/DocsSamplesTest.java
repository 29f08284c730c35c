package org.pbxsync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.model.FieldKey;

/** The properties samples in the docs are valid configuration (the docs live in the repository's docs/). */
class DocsSamplesTest {
    @TempDir
    Path dir;

    static List<String> propertiesBlocks(String doc) throws IOException {
        String text = Files.readString(doc.equals("README.md") ? Path.of("..", doc) : Path.of("..", "docs", doc));
        Matcher m = Pattern.compile("```properties\\n(.*?)```", Pattern.DOTALL).matcher(text);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    static Map<String, String> load(String block) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(block));
        Map<String, String> map = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k).trim()));
        return map;
    }

    @Test
    void everyPropertiesSampleInTheDocsIsValid() throws Exception {
        Files.writeString(dir.resolve("export.ldif"), "");
        int checked = 0;
        for (String doc : List.of("README.md", "configuration.md")) {
            List<String> blocks = propertiesBlocks(doc);
            assertFalse(blocks.isEmpty(), doc);
            for (String block : blocks) {
                Map<String, String> props = load(block);
                if (!props.containsKey("sync.name")) {
                    // a fragment of map.* rules: complete it into an LDIF configuration
                    props.putAll(Map.of("sync.name", "docs", "source", "ldif", "ldif.file", "export.ldif",
                            "pbx.file", "pbx.json"));
                }
                List<String> problems = new ArrayList<>();
                try {
                    ToolConfig.parse(props, dir, Map.of("PBX_SYNC_LDAP_PASSWORD", "x"));
                } catch (ConfigurationException e) {
                    problems.addAll(e.getProblems());
                }
                // the only acceptable problem: the sample's CA file does not exist on this machine
                problems.removeIf(p -> p.startsWith("ldap.trustFile") && p.contains("/etc/pbx-sync/corp-ca.pem"));
                assertEquals(List.of(), problems, doc + " sample:\n" + block);
                checked++;
            }
        }
        assertTrue(checked >= 5, "samples checked: " + checked);
    }

    @Test
    void aDoubledBackslashInTheFileReachesTheRuleAsOne() throws Exception {
        String block = propertiesBlocks("README.md").stream().filter(b -> b.contains("replace("))
                .findFirst().orElseThrow();
        Map<String, String> props = load(block);
        props.putAll(Map.of("sync.name", "docs", "source", "ldif", "ldif.file", "export.ldif", "pbx.file", "p.json"));
        Files.writeString(dir.resolve("export.ldif"), "");
        ToolConfig cfg = ToolConfig.parse(props, dir, Map.of());
        String rule = cfg.mapping().rule(FieldKey.MOBILE_TWINNING).orElseThrow().getRule().text();
        assertTrue(rule.contains("^\\+44"), rule);
    }

    @Test
    void theJavaSamplesInTheReadmeAreTheCompiledClasses() throws Exception {
        String doc = Files.readString(Path.of("..", "README.md"));
        String target = Files.readString(Path.of("src/test/java/org/pbxsync/examples/pbx/ExamplePbxTarget.java"));
        assertTrue(doc.contains(target.substring(target.indexOf("final class ExamplePbxTarget")).strip()),
                "paste ExamplePbxTarget into README.md again");
        String contract = Files.readString(
                Path.of("src/test/java/org/pbxsync/examples/pbx/ExamplePbxTargetContractTest.java"));
        assertTrue(doc.contains(contract.substring(contract.indexOf("class ExamplePbxTargetContractTest")).strip()),
                "paste ExamplePbxTargetContractTest into README.md again");
        String embedding = Files.readString(
                Path.of("src/main/java/org/pbxsync/examples/embedding/EmbeddingExample.java"));
        String method = embedding.substring(embedding.indexOf("    public static SyncReport"),
                embedding.lastIndexOf("    }") + 5).lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
                .collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(doc.contains(method), "paste EmbeddingExample.syncFromActiveDirectory into README.md again");
    }
}

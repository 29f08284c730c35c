package org.pbxsync.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.directory.DirectoryEntry;

/**
 * Fuzzes the LDIF reader and the LDAP configuration builder: only documented {@link
 * SyncException}s escape, nothing hangs, and a file either lists whole or fails. Seeded;
 * {@code -Dreliability.iterations=N} (default 300) and {@code -Dprop.seed=S} change the run.
 */
class FuzzTest {
    static final long SEED = Long.getLong("prop.seed", 20261121L);
    static final int ITERATIONS = Integer.getInteger("reliability.iterations", 300);

    @TempDir
    Path tmp;

    static final String[] TOKENS = {"\n", "\n ", "\r\n", ":", "::", ":<", " ", "dn:", "dn::", "changetype: delete\n",
        "-\n", "#", "\u0000", "=", ",", "\\", "\\2C", "+", "uid=", "objectClass: person\n", "entryUUID: ",
        "member: ", "version: 1\n", "\ud83d\ude08", "\u202e", "file:///etc/passwd", "AAAA", "====", "\n\n\n"};

    static byte[] mutate(SplittableRandom r, byte[] in) {
        List<Byte> b = new ArrayList<>(in.length + 64);
        for (byte x : in) {
            b.add(x);
        }
        for (int n = 1 + r.nextInt(8); n > 0; n--) {
            int pos = b.isEmpty() ? 0 : r.nextInt(b.size());
            switch (r.nextInt(5)) {
                case 0:
                    for (byte x : TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8)) {
                        b.add(Math.min(pos, b.size()), x);
                        pos++;
                    }
                    break;
                case 1:
                    for (int k = r.nextInt(20); k > 0 && pos < b.size(); k--) {
                        b.remove(pos);
                    }
                    break;
                case 2:
                    if (!b.isEmpty()) {
                        b.set(pos, (byte) r.nextInt(256));
                    }
                    break;
                case 3:
                    while (b.size() > pos + 1 && r.nextInt(3) != 0) {
                        b.remove(b.size() - 1); // truncate
                    }
                    break;
                default:
                    if (!b.isEmpty()) {
                        int from = r.nextInt(b.size());
                        List<Byte> slice = new ArrayList<>(b.subList(from, Math.min(b.size(), from + r.nextInt(200))));
                        b.addAll(Math.min(pos, b.size()), slice);
                    }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(String.join("\n", "version: 1", "", "dn: uid=a,ou=People,dc=example,dc=com",
                "objectClass: inetOrgPerson", "uid: a", "cn: A", "sn: A", "entryUUID: 1", "memberOf: cn=G,dc=example,dc=com",
                "", "dn: cn=G,dc=example,dc=com", "objectClass: groupOfNames", "cn: G",
                "member: uid=a,ou=People,dc=example,dc=com", "").getBytes(StandardCharsets.UTF_8));
        for (String name : new String[] {"openldap/test.ldif", "openldap/test-dn.ldif", "ldaptive/specialChars.ldif",
            "ldaptive/specialChars-2.ldif"}) {
            Path p = Corpus.ldif().resolve(name);
            if (Files.exists(p)) {
                seeds.add(Files.readAllBytes(p));
            } else {
                System.err.println("FuzzTest: corpus file " + p.toAbsolutePath().normalize()
                        + " absent; fuzzing the generated seed only");
            }
        }
        return seeds;
    }

    private int[] readMutatedLdif(SplittableRandom r, List<byte[]> seeds) throws IOException {
        int[] outcomes = new int[2];
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] data = mutate(r, seeds.get(r.nextInt(seeds.size())));
            Path f = tmp.resolve("fuzz-" + i + ".ldif");
            Files.write(f, data);
            LdifDirectorySource.Builder b = LdifDirectorySource.builder(f);
            if (r.nextBoolean()) {
                b.useDnAsId();
            }
            if (r.nextBoolean()) {
                b.trailingSpaces(LdifDirectorySource.TrailingSpaces.values()[r.nextInt(
                        LdifDirectorySource.TrailingSpaces.values().length)]);
            }
            List<DirectoryEntry> seen = new ArrayList<>();
            try (LdifDirectorySource s = b.build()) {
                s.readAll(seen::add);
                outcomes[1]++;
            } catch (SyncException documented) {
                assertFalse(documented.getMessage() == null || documented.getMessage().isBlank());
                assertTrue(documented.getMessage().contains(f.toString())
                                || documented instanceof ConfigurationException,
                        () -> "the error names the file: " + documented.getMessage());
                assertEquals(0, seen.size(), () -> "a failed LDIF listing delivered " + seen.size()
                        + " entries before failing: " + documented.getMessage());
                outcomes[0]++;
            } catch (RuntimeException e) {
                Path kept = Files.write(tmp.getParent().resolve("ldif-fuzz-failure-" + i + ".ldif"), data);
                throw new AssertionError("undocumented " + e + "; input kept in " + kept, e);
            }
            Files.delete(f);
        }
        return outcomes;
    }

    @Test
    void mutatedLdifListsWholeOrFailsWithADocumentedErrorNamingTheFile() throws Exception {
        List<byte[]> seeds = seeds();
        SplittableRandom r = new SplittableRandom(SEED);
        int[] outcomes = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> readMutatedLdif(r, seeds),
                "hang guard");
        System.out.println("reliability: LDIF fuzz " + ITERATIONS + " files: " + outcomes[1] + " read, " + outcomes[0]
                + " refused with a documented error");
        assertTrue(outcomes[0] > 0 && outcomes[1] > 0, outcomes[0] + "/" + outcomes[1]);
    }

    @Test
    void hugeValuesLongFoldsAndManyGroupsInLdifAreRead() throws Exception {
        StringBuilder sb = new StringBuilder("dn: uid=big,ou=People,dc=example,dc=com\nobjectClass: person\nobjectClass: inetOrgPerson\n"
                + "uid: big\nentryUUID: big-1\ncn: big\nsn:: ");
        byte[] mb = new byte[1 << 20];
        new SplittableRandom(SEED).nextBytes(mb);
        for (int i = 0; i < mb.length; i++) {
            mb[i] = (byte) ('a' + Math.floorMod(mb[i], 26));
        }
        String b64 = Base64.getEncoder().encodeToString(mb);
        for (int i = 0; i < b64.length(); i += 76) {
            sb.append(i == 0 ? "" : "\n ").append(b64, i, Math.min(b64.length(), i + 76));
        }
        sb.append('\n');
        for (int g = 0; g < 10_000; g++) {
            sb.append("memberOf: cn=g").append(g).append(",dc=example,dc=com\n");
        }
        Path f = tmp.resolve("big.ldif");
        Files.writeString(f, sb);
        List<DirectoryEntry> got = new ArrayList<>();
        try (LdifDirectorySource s = LdifDirectorySource.builder(f).build()) {
            s.readAll(got::add);
        }
        assertEquals(1, got.size());
        assertEquals(new String(mb, StandardCharsets.US_ASCII), got.get(0).getFirst("sn").orElseThrow());
        assertEquals(10_000, got.get(0).getGroups().size());
    }

    @Test
    void randomConfigurationValuesEitherBuildOrFailWithAConfigurationException() {
        SplittableRandom r = new SplittableRandom(SEED);
        String[] values = {"", " ", "ldap://127.0.0.1:1", "ldaps://[::1]:636", "ldap://", "http://x", "ldap://h:99999",
            "ldap://h/dc=x??sub?(uid=*)", "*)(uid=*", "(uid=*", "(&(a=b)", "dc=example,dc=com", "cn=a\\,b,dc=x", "=",
            "cn=", "\u0000", "uid", "bad attr", "1.2.3", "member;range=0-*", "\ud83d\ude08", "x".repeat(5000)};
        int[] outcomes = new int[2];
        List<Consumer<LdapSourceConfig.Builder>> setters = List.of(
                b -> b.server(pick(r, values)),
                b -> b.servers(List.of(pick(r, values), pick(r, values))),
                b -> b.baseDn(pick(r, values)),
                b -> b.userFilter(pick(r, values)),
                b -> b.requireAttributeValue(pick(r, values), pick(r, values)),
                b -> b.groupDn(pick(r, values)),
                b -> b.groupFilter(pick(r, values)),
                b -> b.groupSearchBase(pick(r, values)),
                b -> b.memberAttributes(List.of(pick(r, values))),
                b -> b.idAttribute(pick(r, values)),
                b -> b.attributes(List.of(pick(r, values), pick(r, values))),
                b -> b.memberOfAttribute(pick(r, values)),
                b -> b.groupNameAttribute(pick(r, values)),
                b -> b.pageSize(r.nextInt(-5, 100_000)),
                b -> b.poolSize(r.nextInt(-2, 50)),
                b -> b.responseTimeout(Duration.ofMillis(r.nextLong(-1000, 100_000))),
                b -> b.trustPemFile(Path.of(pick(r, values).replace("\u0000", ""))),
                b -> b.bind(pick(r, values), pick(r, values).toCharArray()));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < ITERATIONS * 10; i++) {
                LdapSourceConfig.Builder b = r.nextBoolean() ? LdapSourceConfig.activeDirectory()
                        : LdapSourceConfig.openLdap();
                b.server("ldap://127.0.0.1:389").baseDn("dc=example,dc=com");
                for (int n = 1 + r.nextInt(4); n > 0; n--) {
                    setters.get(r.nextInt(setters.size())).accept(b);
                }
                try {
                    LdapDirectorySource.create(b.build()).close();
                    outcomes[1]++;
                } catch (ConfigurationException e) {
                    assertFalse(e.getProblems().isEmpty());
                    outcomes[0]++;
                } catch (RuntimeException e) {
                    throw new AssertionError("undocumented " + e + " from " + b.validate(), e);
                }
            }
        }, "hang guard");
        System.out.println("reliability: LDAP config fuzz " + (ITERATIONS * 10) + " builders: " + outcomes[1]
                + " built, " + outcomes[0] + " refused with ConfigurationException");
        assertTrue(outcomes[0] > 0 && outcomes[1] > 0);
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}

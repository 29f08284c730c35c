package org.pbxsync.bench.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.bench.PlanningFixture;
import org.pbxsync.bench.gen.DirectoryGenerator.BadValue;
import org.pbxsync.bench.gen.DirectoryGenerator.Shape;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.plan.SyncPlan;
import org.pbxsync.core.validation.Violation;
import org.pbxsync.core.validation.ViolationCode;
import org.pbxsync.ldap.LdifDirectorySource;

class DirectoryGeneratorTest {

    @Test
    void theSameSeedGivesTheSameDirectoryAndAnotherSeedAnotherOne() {
        List<DirectoryEntry> a = DirectoryGenerator.create(1, 500, Shape.ACTIVE_DIRECTORY).entries();
        List<DirectoryEntry> b = DirectoryGenerator.create(1, 500, Shape.ACTIVE_DIRECTORY).entries();
        List<DirectoryEntry> c = DirectoryGenerator.create(2, 500, Shape.ACTIVE_DIRECTORY).entries();
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(500, a.stream().map(DirectoryEntry::getId).distinct().count(), "ids are unique");
    }

    @Test
    void sharesOfDisabledAccountsBadValuesAndNonAsciiNamesAreAsConfigured() {
        DirectoryGenerator g = DirectoryGenerator.create(3, 20_000, Shape.ACTIVE_DIRECTORY).withShares(0.10, 0.04);
        Map<BadValue, Integer> bad = new EnumMap<>(BadValue.class);
        int disabled = 0;
        int nonAscii = 0;
        for (int i = 0; i < g.indexCount(); i++) {
            GeneratedUser u = g.user(i);
            bad.merge(u.badValue(), 1, Integer::sum);
            disabled += u.isDisabled() ? 1 : 0;
            nonAscii += (u.givenName() + u.surname()).chars().anyMatch(ch -> ch > 127) ? 1 : 0;
        }
        assertTrue(disabled > 1_800 && disabled < 2_200, "about 10% disabled: " + disabled);
        int badTotal = 20_000 - bad.get(BadValue.NONE);
        assertTrue(badTotal > 700 && badTotal < 900, "about 4% bad: " + bad);
        for (BadValue kind : BadValue.values()) {
            assertTrue(bad.getOrDefault(kind, 0) > 100, "each kind occurs: " + bad);
        }
        assertTrue(nonAscii > 2_000, "non-ASCII names occur: " + nonAscii);
    }

    @Test
    void badValuesReachValidationWithTheirCodes() {
        DirectoryGenerator g = DirectoryGenerator.create(4, 2_000, Shape.ACTIVE_DIRECTORY).withShares(0, 0.05);
        List<MappedUser> mapped = PlanningFixture.map(PlanningFixture.mapping(), g.entries());
        SyncPlan plan = PlanningFixture.planner().plan(mapped, PlanningFixture.emptyPbx());
        Set<ViolationCode> codes = plan.getViolations().stream().map(Violation::getCode).collect(Collectors.toSet());
        assertTrue(codes.containsAll(Set.of(ViolationCode.LOGIN_CODE_NOT_NUMERIC, ViolationCode.DUPLICATE_NAME,
                ViolationCode.DUPLICATE_EXTENSION, ViolationCode.INVALID_CHARACTERS)), codes.toString());
        assertFalse(codes.contains(ViolationCode.UNKNOWN_GROUP), "every generated group exists on the PBX");
    }

    @Test
    void someGroupsHaveMoreThan1500MembersAndGroupsNest(@TempDir Path dir) throws Exception {
        DirectoryGenerator g = DirectoryGenerator.create(5, 4_000, Shape.OPENLDAP);
        Map<String, Integer> sizes = new HashMap<>();
        g.forEachEntry(e -> e.getGroups().forEach(n -> sizes.merge(n, 1, Integer::sum)));
        assertTrue(sizes.get("All Staff") > 1_500, sizes.toString());

        Path ldif = dir.resolve("d.ldif");
        new LdifWriter(g).write(ldif);
        String text = Files.readString(ldif);
        assertTrue(text.contains("dn: cn=Sales,ou=Groups,dc=example,dc=com\nobjectClass: groupOfNames\ncn: Sales\n"
                + "member: cn=Sales 1,ou=Groups,dc=example,dc=com"), "divisions hold department groups");
        assertTrue(text.contains("member: cn=Sales,ou=Groups,dc=example,dc=com"), "the top group holds divisions");
    }

    @Test
    void ldifReadsBackThroughTheLdifSourceWithTheGeneratedIdsAndValues(@TempDir Path dir) throws Exception {
        DirectoryGenerator g = DirectoryGenerator.create(6, 300, Shape.OPENLDAP).withShares(0, 0.05);
        Path ldif = dir.resolve("d.ldif");
        new LdifWriter(g).groups(false).write(ldif);
        List<DirectoryEntry> read = new ArrayList<>();
        try (LdifDirectorySource s = LdifDirectorySource.builder(ldif).userFilter("(objectClass=inetOrgPerson)").build()) {
            s.readAll(read::add);
        }
        assertEquals(300, read.size());
        Map<String, DirectoryEntry> byId = read.stream().collect(Collectors.toMap(DirectoryEntry::getId, e -> e));
        for (int i = 0; i < 300; i++) {
            DirectoryEntry expected = g.entry(i);
            DirectoryEntry actual = byId.get(expected.getId());
            assertEquals(expected.getReference(), actual.getReference());
            for (String attr : List.of("uid", "cn", "displayName", "mail", "telephoneNumber", "mobile", "employeeNumber")) {
                assertEquals(expected.get(attr), actual.get(attr), attr + " of " + expected.getReference());
            }
        }
    }

    @Test
    void graphPagesChainAndHoldEveryUserOnce() throws Exception {
        DirectoryGenerator g = DirectoryGenerator.create(7, 2_500, Shape.ACTIVE_DIRECTORY);
        GraphPages pages = new GraphPages(g, 999);
        assertEquals(3, pages.pageCount());
        ObjectMapper json = new ObjectMapper();
        Set<String> ids = new HashSet<>();
        for (int p = 0; p < pages.pageCount(); p++) {
            boolean last = p == pages.pageCount() - 1;
            JsonNode page = json.readTree(pages.page(p, last ? null : "next-" + (p + 1), last ? "delta-1" : null));
            assertEquals(!last, page.has("@odata.nextLink"));
            assertEquals(last, page.has("@odata.deltaLink"));
            page.get("value").forEach(u -> ids.add(u.get("id").asText()));
        }
        assertEquals(2_500, ids.size());
    }

    @Test
    void mutationChangesRemovesAndAddsTheRequestedShares() throws Exception {
        DirectoryGenerator before = DirectoryGenerator.create(8, 10_000, Shape.ACTIVE_DIRECTORY);
        DirectoryGenerator after = before.mutate(1, 0.05, 0.02, 0.03);
        List<Integer> upserted = after.upsertedSince(before);
        List<Integer> removed = after.removedSince(before);
        long added = upserted.stream().filter(i -> i >= before.indexCount()).count();
        assertEquals(300, added);
        assertTrue(removed.size() > 150 && removed.size() < 250, "about 2% removed: " + removed.size());
        long changed = upserted.size() - added;
        assertTrue(changed > 420 && changed < 580, "about 5% changed: " + changed);
        int i = upserted.get(0);
        assertNotEquals(before.entry(i), after.entry(i));
        assertEquals(before.entry(i).getId(), after.entry(i).getId(), "a change keeps the id");
        assertEquals(before.presentCount() - removed.size() + 300, after.presentCount());

        DirectoryGenerator ten = before.mutateExactly(2, 10);
        assertEquals(10, ten.upsertedSince(before).size());
        assertEquals(0, ten.removedSince(before).size());

        JsonNode delta = new ObjectMapper().readTree(new GraphPages(after, 999).deltaPage(before, "delta-2"));
        assertEquals(upserted.size() + removed.size(), delta.get("value").size());
    }
}

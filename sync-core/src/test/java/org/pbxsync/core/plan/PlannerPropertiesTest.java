package org.pbxsync.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxsync.core.plan.Fixtures.SYNC;
import static org.pbxsync.core.plan.Fixtures.applyToSnapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pbxsync.core.mapping.MappedField;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxUser;

/**
 * Property tests over generated directories and PBXs, with seeded generators (the seed is in
 * each case's name; rerun one with {@code -Dplanner.seed=<seed>}). The model PBX in {@link
 * Fixtures#applyToSnapshot} checks, after every single operation, that names, extensions and
 * User Identifications stay unique and that each operation's {@code before} is current.
 */
class PlannerPropertiesTest {
    private static final long BASE_SEED = 20261121L;
    private static final int CASES = 250;

    static Stream<Long> seeds() {
        Long one = Long.getLong("planner.seed");
        if (one != null) {
            return Stream.of(one);
        }
        SplittableRandom r = new SplittableRandom(BASE_SEED);
        return LongStream.range(0, CASES).map(i -> r.nextLong()).boxed();
    }

    private static final String[] NAMES = {"Ann", "Bob", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jon",
        "Kim", "Lea", "Max", "Ned", "Oli", "Pam", "Ann (2)", "Ann (3)"};
    private static final String[] GROUPS = {"Sales", "sales", "Support", "Nope"};

    /** A generated PBX, directory and options. */
    static final class World {
        PbxSnapshot snapshot;
        List<MappedUser> dir = new ArrayList<>();
        PlanOptions options;

        @Override
        public String toString() {
            return "options=" + options + "\nsnapshot=" + snapshot.getUsers() + "\nreserved="
                    + snapshot.getReservedExtensions() + "\ndir=" + dir;
        }
    }

    private static <T> T pick(SplittableRandom r, T[] a) {
        return a[r.nextInt(a.length)];
    }

    private static String ext(SplittableRandom r) {
        return Integer.toString(200 + r.nextInt(30));
    }

    private static String casing(SplittableRandom r, String s) {
        int k = r.nextInt(6);
        return k == 0 ? s.toUpperCase(Locale.ROOT) : k == 1 ? s.toLowerCase(Locale.ROOT) : s;
    }

    static World world(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        World w = new World();
        boolean delete = r.nextInt(3) > 0;
        PlanOptions.Builder o = PlanOptions.builder().syncName(SYNC)
                .createEnabled(r.nextInt(6) > 0).updateEnabled(r.nextInt(6) > 0).deleteEnabled(delete)
                .deleteMode(r.nextBoolean() ? DeleteMode.DELETE : DeleteMode.DISABLE)
                .disabledAccountPolicy(pick(r, DisabledAccountPolicy.values()))
                .duplicateNamePolicy(pick(r, DuplicateNamePolicy.values()))
                .allowDeletesOverThreshold(r.nextBoolean()).allowEmptySource(r.nextBoolean());
        if (r.nextInt(3) == 0) {
            o.defaultProvisioningRule("Plain");
        }
        if (r.nextInt(5) == 0) {
            EnumSet<OperationType> ops = EnumSet.noneOf(OperationType.class);
            for (OperationType t : OperationType.values()) {
                if (r.nextInt(4) > 0) {
                    ops.add(t);
                }
            }
            o.supportedOperations(ops);
        }
        w.options = o.build();

        PbxSnapshot.Builder s = PbxSnapshot.builder()
                .addRules(Fixtures.rule("R1", "210", "branch"), Fixtures.rule("R2", "220", null),
                        Fixtures.rule("Plain", null, null), Fixtures.rule("R9", "98", null))
                .addSystems(Fixtures.system("main", "10.0.0.1", true), Fixtures.system("branch", "10.0.0.2", false))
                .addGroups("Sales", "Support");
        Set<String> usedNames = new HashSet<>();
        Set<String> usedExts = new HashSet<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            String x = ext(r);
            s.addReservedExtensions(x);
            usedExts.add(x);
        }
        List<String> ownedIds = new ArrayList<>();
        List<String> foreignIds = new ArrayList<>();
        int pbxUsers = r.nextInt(12);
        for (int i = 0; i < pbxUsers; i++) {
            String name = casing(r, pick(r, NAMES));
            if (!usedNames.add(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String x = r.nextInt(4) == 0 ? null : ext(r);
            if (x != null && !usedExts.add(x)) {
                x = null;
            }
            int kind = r.nextInt(10);
            String owner = kind < 6 ? SYNC : kind < 8 || delete ? null : "teams";
            String id = (owner == null ? "h" : owner.equals(SYNC) ? "u" : "t") + i;
            PbxUser.Builder u = PbxUser.builder().userId(id).owner(Optional.ofNullable(owner)).putFields(FieldKey.NAME, name)
                    .enabled(r.nextInt(5) > 0);
            if (x != null) {
                u.putFields(FieldKey.EXTENSION, x);
            }
            if (r.nextBoolean()) {
                u.putFields(FieldKey.EMAIL, "old" + i + "@x");
            }
            if (r.nextBoolean()) {
                u.addGroups("Sales");
            }
            s.addUsers(u.build());
            (SYNC.equals(owner) ? ownedIds : foreignIds).add(id);
        }
        w.snapshot = s.build();

        List<PbxUser> ownedUsers = new ArrayList<>();
        for (PbxUser u : w.snapshot.getUsers()) {
            if (u.getOwner().equals(Optional.of(SYNC))) {
                ownedUsers.add(u);
            }
        }
        if (ownedUsers.size() >= 2 && r.nextInt(4) == 0) {
            PbxUser a = ownedUsers.get(0);
            PbxUser b = ownedUsers.get(1);
            ownedIds.remove(a.getUserId());
            ownedIds.remove(b.getUserId());
            boolean swapName = r.nextBoolean();
            w.dir.add(Fixtures.user(a.getUserId(), swapName ? b.getName() : a.getName(), FieldKey.EXTENSION,
                    swapName ? a.getExtension().orElse("277") : b.getExtension().orElse("278")));
            w.dir.add(Fixtures.user(b.getUserId(), swapName ? a.getName() : b.getName(), FieldKey.EXTENSION,
                    swapName ? b.getExtension().orElse("279") : a.getExtension().orElse("276")));
        }
        int entries = r.nextInt(16);
        for (int i = 0; i < entries; i++) {
            int k = r.nextInt(10);
            String id = k < 4 && !ownedIds.isEmpty() ? (r.nextInt(8) == 0 ? ownedIds.get(r.nextInt(ownedIds.size()))
                    : ownedIds.remove(r.nextInt(ownedIds.size())))
                    : k == 4 && !foreignIds.isEmpty() ? foreignIds.get(r.nextInt(foreignIds.size()))
                    : k == 5 && r.nextBoolean() ? null : "u" + (20 + r.nextInt(80));
            MappedUser.Builder m = MappedUser.builder().entryId("e" + i).entryReference("cn=e" + i + ",o=x")
                    .enabled(r.nextInt(6) > 0);
            if (id != null) {
                m.putFields(FieldKey.USER_ID, Fixtures.field(FieldKey.USER_ID, id));
            }
            int nk = r.nextInt(16);
            PbxUser other = w.snapshot.getUsers().isEmpty() ? null
                    : w.snapshot.getUsers().get(r.nextInt(w.snapshot.getUsers().size()));
            if (other != null && r.nextInt(4) == 0) {
                m.putFields(FieldKey.NAME, Fixtures.field(FieldKey.NAME, other.getName()));
                other.getExtension().ifPresent(x -> m.putFields(FieldKey.EXTENSION, Fixtures.field(FieldKey.EXTENSION, x)));
            } else if (nk > 0) {
                String name = nk == 1 ? " " : nk == 2 ? "\u0001" + pick(r, NAMES) : casing(r, pick(r, NAMES));
                m.putFields(FieldKey.NAME, MappedField.builder().from(Fixtures.field(FieldKey.NAME, name))
                        .createOnly(r.nextInt(10) == 0).build());
            }
            if (r.nextBoolean() && !m.build().getFields().containsKey(FieldKey.EXTENSION)) {
                MappedField f = r.nextInt(8) == 0 ? MappedField.builder().field(FieldKey.EXTENSION).rule("phone").build()
                        : Fixtures.field(FieldKey.EXTENSION, ext(r));
                m.putFields(FieldKey.EXTENSION, f);
            }
            if (r.nextInt(3) == 0) {
                m.putFields(FieldKey.PROVISIONING_RULE, Fixtures.field(FieldKey.PROVISIONING_RULE,
                        pick(r, new String[] {"R1", "R2", "Plain", "Bogus", "R9"})));
            }
            if (r.nextInt(3) == 0) {
                m.putFields(FieldKey.LOGIN_CODE, Fixtures.field(FieldKey.LOGIN_CODE, pick(r, new String[] {"1234", "12", "x1", ""})));
            }
            if (r.nextBoolean()) {
                m.putFields(FieldKey.EMAIL, r.nextInt(5) == 0 ? MappedField.builder().field(FieldKey.EMAIL).rule("mail").build()
                        : Fixtures.field(FieldKey.EMAIL, "m" + r.nextInt(4) + "@x"));
            }
            if (r.nextBoolean()) {
                List<String> gs = new ArrayList<>();
                for (int g = r.nextInt(3); g > 0; g--) {
                    gs.add(pick(r, GROUPS));
                }
                m.putFields(FieldKey.GROUPS, MappedField.builder().from(Fixtures.field(FieldKey.GROUPS, gs.toArray(new String[0])))
                        .createOnly(r.nextInt(4) == 0).build());
            }
            if (r.nextInt(4) == 0) {
                m.putFields(FieldKey.SYSTEM_LAN1, Fixtures.field(FieldKey.SYSTEM_LAN1, r.nextBoolean() ? "10.0.0.2" : "10.9.9.9"));
            }
            if (r.nextInt(4) == 0) {
                m.putFields(FieldKey.of("site"), MappedField.builder().from(Fixtures.field(FieldKey.of("site"), "S" + r.nextInt(2)))
                        .createOnly(r.nextBoolean()).build());
            }
            w.dir.add(m.build());
        }
        return w;
    }

    private static void assertOnlyOwnedTouched(SyncPlan plan, PbxSnapshot s, World w) {
        Map<String, PbxUser> byId = new HashMap<>();
        for (PbxUser u : s.getUsers()) {
            byId.put(u.getUserId(), u);
        }
        for (PlannedOperation op : plan.getOperations()) {
            PbxUser cur = byId.get(op.getUserId());
            if (op.getType() == OperationType.CREATE) {
                assertEquals(null, cur, () -> "create over an existing user " + op + "\n" + w);
                assertEquals(Optional.of(SYNC), op.getAfter().orElseThrow().getOwner());
            } else {
                assertTrue(cur != null && cur.getOwner().equals(Optional.of(SYNC)), () -> "touches a user it does not own: "
                        + op + "\n" + w);
            }
            assertTrue(w.options.getSupportedOperations().contains(op.getType()), () -> "unsupported " + op);
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void applyingAPlanThenPlanningAgainGivesAnEmptyPlanAndOnlyOwnedUsersAreTouched(long seed) {
        World w = world(seed);
        Planner p = Planner.create(w.options);
        SyncPlan plan = p.plan(w.dir, w.snapshot);
        assertOnlyOwnedTouched(plan, w.snapshot, w);
        PbxSnapshot after = applyToSnapshot(plan, w.snapshot);
        SyncPlan again = p.plan(w.dir, after);
        assertTrue(again.isEmpty(), () -> "not idempotent: " + again.getOperations() + "\nfirst plan: "
                + plan.getOperations() + "\n" + plan.getViolations() + "\n" + w);
        for (PbxUser u : w.snapshot.getUsers()) {
            if (!u.getOwner().equals(Optional.of(SYNC))) {
                assertTrue(after.getUsers().contains(u), () -> "foreign user changed: " + u);
            }
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void shufflingTheInputChangesNothing(long seed) {
        World w = world(seed);
        Planner p = Planner.create(w.options);
        SyncPlan expected = p.plan(w.dir, w.snapshot);
        Random r = new Random(seed);
        List<MappedUser> dir = new ArrayList<>(w.dir);
        List<PbxUser> users = new ArrayList<>(w.snapshot.getUsers());
        for (int i = 0; i < 3; i++) {
            Collections.shuffle(dir, r);
            Collections.shuffle(users, r);
            SyncPlan shuffled = p.plan(dir, PbxSnapshot.builder().from(w.snapshot).users(users).build());
            assertEquals(expected, shuffled, () -> "order-dependent plan\n" + w);
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void explainingAnyUserShowsItsOperationsAndViolationsAndNoSecrets(long seed) {
        World w = world(seed);
        Planner p = Planner.create(w.options);
        SyncPlan plan = p.plan(w.dir, w.snapshot);
        for (MappedUser m : w.dir) {
            Explanation ex = p.explain(m.getEntryReference(), w.dir, w.snapshot);
            assertTrue(ex.isFound());
            String text = ex.toString();
            assertFalse(text.contains("1234"), text);
            for (PlannedOperation op : ex.getOperations()) {
                assertTrue(plan.getOperations().contains(op));
            }
            m.getUserId().ifPresent(id -> {
                long planned = plan.getOperations().stream().filter(op -> op.getUserId().equals(id)).count();
                if (w.dir.stream().filter(d -> d.getUserId().equals(Optional.of(id))).count() == 1) {
                    assertEquals(planned, ex.getOperations().size(), text);
                }
            });
        }
    }

    // ---------------------------------------------------------------- incremental = full

    /** A directory with unique names, extensions and ids that no foreign user collides with. */
    static World cleanWorld(SplittableRandom r, PlanOptions options) {
        World w = new World();
        w.options = options;
        PbxSnapshot.Builder s = PbxSnapshot.builder().addRules(Fixtures.rule("R2", "500", null), Fixtures.rule("Plain", null, null))
                .addGroups("Sales", "Support").addReservedExtensions("299");
        for (int i = 0; i < r.nextInt(4); i++) {
            s.addUsers(Fixtures.pbx("h" + i, null, "Hand " + i, "9" + i));
        }
        int owned = r.nextInt(8);
        for (int i = 0; i < owned; i++) {
            s.addUsers(PbxUser.builder().from(Fixtures.owned("u" + i, "Old " + i, "3" + i)).enabled(r.nextInt(4) > 0).build());
        }
        w.snapshot = s.build();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            w.dir.add(cleanEntry(r, "u" + (r.nextBoolean() ? i : 20 + i), "Person " + i, "2" + (10 + i)));
        }
        return w;
    }

    static MappedUser cleanEntry(SplittableRandom r, String id, String name, String ext) {
        MappedUser.Builder m = MappedUser.builder().from(Fixtures.user(id, name)).entryReference("cn=" + id + ",o=x")
                .entryId("e-" + id).enabled(r.nextInt(5) > 0);
        if (r.nextBoolean()) {
            m.putFields(FieldKey.EXTENSION, Fixtures.field(FieldKey.EXTENSION, ext));
        }
        if (r.nextInt(3) == 0) {
            m.putFields(FieldKey.PROVISIONING_RULE, Fixtures.field(FieldKey.PROVISIONING_RULE, r.nextBoolean() ? "R2" : "Plain"));
        }
        if (r.nextBoolean()) {
            m.putFields(FieldKey.EMAIL, Fixtures.field(FieldKey.EMAIL, "m" + r.nextInt(3) + "@x"));
        }
        if (r.nextBoolean()) {
            m.putFields(FieldKey.GROUPS, Fixtures.field(FieldKey.GROUPS, r.nextBoolean() ? "Sales" : "Support"));
        }
        return m.build();
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void incrementalPlanningOfAChangeSetReachesTheSameStateAsAFullPlan(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PlanOptions options = PlanOptions.builder().syncName(SYNC).deleteEnabled(r.nextBoolean())
                .deleteMode(r.nextBoolean() ? DeleteMode.DELETE : DeleteMode.DISABLE)
                .disabledAccountPolicy(pick(r, DisabledAccountPolicy.values()))
                .updateEnabled(r.nextInt(5) > 0).createEnabled(r.nextInt(5) > 0)
                .allowDeletesOverThreshold(true).allowEmptySource(true).build();
        World w = cleanWorld(r, options);
        Planner p = Planner.create(options);
        PbxSnapshot s1 = applyToSnapshot(p.plan(w.dir, w.snapshot), w.snapshot);

        List<MappedUser> d2 = new ArrayList<>();
        List<MappedUser> upserts = new ArrayList<>();
        Set<String> removed = new TreeSet<>();
        int fresh = 0;
        for (MappedUser m : w.dir) {
            int k = r.nextInt(6);
            if (k == 0) {
                removed.add(m.getUserId().get());
            } else if (k == 1) {
                MappedUser changed = cleanEntry(r, m.getUserId().get(), "Renamed " + fresh, "4" + (10 + fresh));
                fresh++;
                d2.add(changed);
                upserts.add(changed);
            } else {
                d2.add(m);
            }
        }
        for (int i = r.nextInt(3); i > 0; i--) {
            MappedUser added = cleanEntry(r, "n" + fresh, "Newcomer " + fresh, "4" + (10 + fresh));
            fresh++;
            d2.add(added);
            upserts.add(added);
        }
        SyncPlan full = p.plan(d2, s1);
        SyncPlan inc = p.planChanges(upserts, removed, s1);
        assertTrue(inc.isIncremental());
        assertFalse(full.isIncremental());
        PbxSnapshot viaFull = applyToSnapshot(full, s1);
        PbxSnapshot viaInc = applyToSnapshot(inc, s1);
        assertEquals(new LinkedHashSet<>(sorted(viaFull.getUsers())), new LinkedHashSet<>(sorted(viaInc.getUsers())),
                () -> "full " + full.getOperations() + "\nincremental " + inc.getOperations() + "\n" + w);
        assertTrue(p.planChanges(upserts, removed, viaInc).isEmpty(), "a change set planned twice does nothing more");
    }

    private static List<PbxUser> sorted(List<PbxUser> users) {
        List<PbxUser> l = new ArrayList<>(users);
        l.sort((a, b) -> a.getUserId().compareTo(b.getUserId()));
        return l;
    }
}

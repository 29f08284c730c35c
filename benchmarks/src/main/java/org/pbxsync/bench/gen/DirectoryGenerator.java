package org.pbxsync.bench.gen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.pbxsync.core.directory.DirectoryEntry;

/**
 * A deterministic generator of realistic directories, for benchmarks and tests. Nothing is held in
 * memory: user {@code i} is computed from the seed and {@code i} whenever it is asked for, so a
 * directory of 1,000,000 users costs nothing until it is read, and the same seed always gives the
 * same users, groups and bad values.
 *
 * <p>A directory has {@link #indexCount()} user indices; each index is present or removed
 * ({@link #isPresent(int)}) and has a version that grows each time a {@linkplain #mutate mutation}
 * changes it. Outputs: {@link DirectoryEntry} values ({@link #entry(int)}, {@link
 * #forEachEntry(Consumer)}), LDIF for slapd ({@link LdifWriter}) and Graph JSON pages ({@link
 * GraphPages}).
 *
 * <p>Users are shaped like Active Directory ({@code objectGUID}, {@code sAMAccountName}, {@code
 * userPrincipalName}, {@code givenName}, {@code sn}, {@code displayName}, {@code mail}, {@code
 * telephoneNumber}, {@code ipPhone}, {@code mobile}, {@code department}, {@code title}, {@code
 * memberOf}, {@code userAccountControl}, {@code extensionAttribute1} as a login code) or like
 * OpenLDAP ({@code inetOrgPerson}: {@code entryUUID}, {@code uid}, {@code cn}, ..., {@code
 * employeeNumber} as a login code). About one name in six has non-ASCII letters. A configurable
 * share of users carries one bad value each ({@link BadValue}). Groups: one per department (40),
 * nested in 8 divisions, nested in one top group, plus location groups and an "All Staff" group
 * with every second user, so with 3,000 users or more some groups have over 1,500 members.
 *
 * <p>Immutable and thread-safe.
 */
public final class DirectoryGenerator {
    /** The schema the users follow. */
    public enum Shape {
        ACTIVE_DIRECTORY,
        OPENLDAP
    }

    /** The kinds of bad value a user may carry. */
    public enum BadValue {
        NONE,
        /** The login code holds letters ({@code LOGIN_CODE_NOT_NUMERIC}). */
        NON_NUMERIC_CODE,
        /** The account name is the previous user's ({@code DUPLICATE_NAME}). */
        DUPLICATE_NAME,
        /** The extension is the previous user's ({@code DUPLICATE_EXTENSION}). */
        DUPLICATE_EXTENSION,
        /** The display name holds a control character ({@code INVALID_CHARACTERS}). */
        INVALID_CHARACTERS
    }

    public static final String AD_BASE = "DC=corp,DC=example,DC=com";
    public static final String LDAP_BASE = "dc=example,dc=com";
    public static final String MAIL_DOMAIN = "corp.example.com";

    static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jonas",
        "Karla", "Lukas", "Mia", "Noah", "Olivia", "Paul", "Quentin", "Rosa", "Sam", "Tara", "Uwe", "Vera",
        "William", "Xenia", "Yusuf", "Zoe", "Amelia", "Oliver", "Sophie", "Liam", "Hannah", "Elias", "Lea",
        "Chloé", "Jürgen", "Łukasz", "Søren", "José", "Zoë", "Ðorđe", "Ågot", "Nguyễn", "Αλέξης", "Иван"};
    static final String[] LAST = {"Smith", "Jones", "Miller", "Brown", "Wilson", "Taylor", "Clark", "Walker",
        "Young", "King", "Wright", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Turner",
        "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Rogers", "Reed", "Cook", "Morgan", "Bell",
        "Murphy", "Bailey", "Cooper", "Richardson", "Cox", "Howard", "Ward", "Torres", "Peterson", "Gray",
        "Müller", "Öztürk", "Gonçalves", "Šimůnek", "Østergaard", "Dvořák", "Ñúñez", "O'Brien"};
    static final String[] DEPARTMENTS = new String[40];
    static final String[] DIVISIONS = {"Sales", "Engineering", "Operations", "Finance", "People", "Support",
        "Marketing", "Legal"};
    static final String[] LOCATIONS = {"Berlin", "München", "Hamburg", "Wien", "Zürich", "London", "Paris",
        "Madrid", "Kraków", "Dublin"};
    static final String[] TITLES = {"Engineer", "Senior Engineer", "Manager", "Director", "Analyst", "Consultant",
        "Assistant", "Technician", "Specialist", "Team Lead", "Architect", "Accountant", "Recruiter", "Designer",
        "Sales Representative", "Support Agent", "Product Owner", "Intern", "Head of Unit", "Coordinator"};

    static {
        for (int d = 0; d < DEPARTMENTS.length; d++) {
            DEPARTMENTS[d] = DIVISIONS[d % DIVISIONS.length] + " " + (d / DIVISIONS.length + 1);
        }
    }

    private final long seed;
    private final int baseUsers;
    private final Shape shape;
    private final double disabledShare;
    private final double badShare;
    private final List<Layer> layers;
    private final int indexCount;

    /** One mutation step: removes and changes users by hashed draws, adds indices at the end. */
    private record Layer(long seed, double change, double remove, int firstAdded, int endAdded, int changeLimit) {}

    private DirectoryGenerator(long seed, int baseUsers, Shape shape, double disabledShare, double badShare,
            List<Layer> layers) {
        this.seed = seed;
        this.baseUsers = baseUsers;
        this.shape = shape;
        this.disabledShare = disabledShare;
        this.badShare = badShare;
        this.layers = List.copyOf(layers);
        this.indexCount = layers.isEmpty() ? baseUsers : layers.get(layers.size() - 1).endAdded;
    }

    /**
     * @param seed the seed; the same seed gives the same directory
     * @param users the number of users, at least 1
     * @param shape Active Directory or OpenLDAP
     * @return a generator with 5% disabled accounts (Active Directory only) and 1% bad values
     */
    public static DirectoryGenerator create(long seed, int users, Shape shape) {
        return new DirectoryGenerator(seed, users, shape, 0.05, 0.01, List.of());
    }

    /**
     * @param disabledShare share of disabled accounts, 0 to 1 (Active Directory only)
     * @param badShare share of users with one bad value, 0 to 1
     * @return a copy with those shares
     */
    public DirectoryGenerator withShares(double disabledShare, double badShare) {
        if (disabledShare < 0 || disabledShare > 1 || badShare < 0 || badShare > 1) {
            throw new IllegalArgumentException("shares must be between 0 and 1");
        }
        return new DirectoryGenerator(seed, baseUsers, shape, disabledShare, badShare, layers);
    }

    /**
     * The next state of the directory: of the users present now, a share {@code removeShare} is
     * removed and a share {@code changeShare} changed (new mobile number and title, so mapped fields
     * change), and {@code addShare} times the present count of new users is added. Draws are
     * hashed from {@code mutationSeed} and the index, so the result is deterministic.
     *
     * @return the mutated directory; this one is unchanged
     */
    public DirectoryGenerator mutate(long mutationSeed, double changeShare, double removeShare, double addShare) {
        if (changeShare < 0 || removeShare < 0 || changeShare + removeShare > 1 || addShare < 0) {
            throw new IllegalArgumentException("bad shares");
        }
        int adds = (int) Math.round(addShare * presentCount());
        List<Layer> next = new ArrayList<>(layers);
        next.add(new Layer(mix(seed ^ mutationSeed * 0x9E3779B97F4A7C15L), changeShare, removeShare, indexCount,
                indexCount + adds, Integer.MAX_VALUE));
        return new DirectoryGenerator(seed, baseUsers, shape, disabledShare, badShare, next);
    }

    /**
     * A mutation that changes exactly {@code changes} present users (fewer only if fewer are
     * present) and removes or adds none, for "10 changes among 100,000" incremental runs.
     *
     * @return the mutated directory
     */
    public DirectoryGenerator mutateExactly(long mutationSeed, int changes) {
        long layerSeed = mix(seed ^ mutationSeed * 0x9E3779B97F4A7C15L);
        int present = Math.max(1, presentCount());
        double share = Math.min(1.0, Math.max(changes * 4.0, 64) / present);
        while (true) {
            int picked = 0;
            int limit = 0;
            for (int i = 0; i < indexCount && picked < changes; i++) {
                if (isPresent(i) && draw(layerSeed, i) < share) {
                    picked++;
                    limit = i + 1;
                }
            }
            if (picked == changes || share >= 1.0) {
                List<Layer> next = new ArrayList<>(layers);
                next.add(new Layer(layerSeed, share, 0, indexCount, indexCount, limit));
                return new DirectoryGenerator(seed, baseUsers, shape, disabledShare, badShare, next);
            }
            share = Math.min(1.0, share * 2);
        }
    }

    /** @return the shape */
    public Shape shape() {
        return shape;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the number of user indices (present or removed) */
    public int indexCount() {
        return indexCount;
    }

    /** @return how many users are present; O(n) */
    public int presentCount() {
        int n = 0;
        for (int i = 0; i < indexCount; i++) {
            if (isPresent(i)) {
                n++;
            }
        }
        return n;
    }

    /** @return whether user {@code index} exists in this state */
    public boolean isPresent(int index) {
        if (index < 0 || index >= indexCount) {
            return false;
        }
        for (Layer l : layers) {
            if (index < l.firstAdded && draw(l.seed, index) < l.remove) {
                return false;
            }
        }
        return true;
    }

    /** @return how many mutations changed user {@code index} */
    public int version(int index) {
        int v = 0;
        for (Layer l : layers) {
            if (index < l.firstAdded) {
                double d = draw(l.seed, index);
                if (d >= l.remove && d < l.remove + l.change && index < l.changeLimit) {
                    v++;
                }
            }
        }
        return v;
    }

    /** @return the stable id of user {@code index} (objectGUID / entryUUID / Graph id), a UUID string */
    public String id(int index) {
        return new UUID(mix(seed + 31L * index), mix(~seed ^ index)).toString();
    }

    /** @return the bad value user {@code index} carries, if any */
    public BadValue badValue(int index) {
        if (index == 0) {
            return BadValue.NONE;
        }
        double d = draw(seed ^ 0xBADL, index);
        if (d >= badShare) {
            return BadValue.NONE;
        }
        return BadValue.values()[1 + (int) (d / badShare * 4) % 4];
    }

    /** @return whether the account of user {@code index} is disabled (Active Directory only) */
    public boolean isDisabled(int index) {
        return shape == Shape.ACTIVE_DIRECTORY && draw(seed ^ 0xD15AL, index) < disabledShare;
    }

    /** @return user {@code index}, present or not */
    public GeneratedUser user(int index) {
        return new GeneratedUser(this, index);
    }

    /** @return the entry of user {@code index} as a directory source would give it */
    public DirectoryEntry entry(int index) {
        return user(index).toEntry();
    }

    /** Gives every present user's entry to {@code sink}, in index order. */
    public void forEachEntry(Consumer<? super DirectoryEntry> sink) {
        for (int i = 0; i < indexCount; i++) {
            if (isPresent(i)) {
                sink.accept(entry(i));
            }
        }
    }

    /** @return every present user's entry, in index order */
    public List<DirectoryEntry> entries() {
        List<DirectoryEntry> out = new ArrayList<>(indexCount);
        forEachEntry(out::add);
        return out;
    }

    /** @return the indices whose user is present here but changed since {@code before}, or added */
    public List<Integer> upsertedSince(DirectoryGenerator before) {
        check(before);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < indexCount; i++) {
            if (isPresent(i) && (!before.isPresent(i) || version(i) != before.version(i))) {
                out.add(i);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** @return the indices present in {@code before} and removed here */
    public List<Integer> removedSince(DirectoryGenerator before) {
        check(before);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < before.indexCount; i++) {
            if (before.isPresent(i) && !isPresent(i)) {
                out.add(i);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private void check(DirectoryGenerator before) {
        Objects.requireNonNull(before, "before");
        if (before.seed != seed || before.shape != shape || before.baseUsers != baseUsers) {
            throw new IllegalArgumentException("not an earlier state of this directory");
        }
    }

    /** @return the group names (department, division, location, top and all-staff groups) */
    public static List<String> groupNames() {
        List<String> out = new ArrayList<>();
        Collections.addAll(out, DEPARTMENTS);
        Collections.addAll(out, DIVISIONS);
        for (String l : LOCATIONS) {
            out.add("Site " + l);
        }
        out.add("All Departments");
        out.add("All Staff");
        return out;
    }

    String groupDn(String name) {
        return shape == Shape.ACTIVE_DIRECTORY
                ? "CN=" + name + ",OU=Groups," + AD_BASE
                : "cn=" + name + ",ou=Groups," + LDAP_BASE;
    }

    static double draw(long s, int index) {
        return (mix(s * 0x100000001B3L + index) >>> 11) * 0x1.0p-53;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    int pick(long salt, int index, int bound) {
        return (int) ((mix(seed ^ salt * 0x9E3779B97F4A7C15L ^ index * 0xC2B2AE3D27D4EB4FL) >>> 1) % bound);
    }
}

package org.pbxsync.examples.demo;

import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic, Active Directory-shaped sample company: users with departments, titles,
 * phones ({@code ipPhone} extensions, {@code telephoneNumber}, {@code mobile}), group
 * memberships, a few disabled accounts ({@code userAccountControl} 514) and a few deliberately
 * bad values that validation must catch. The same seed always gives the same directory.
 */
public final class SampleDirectory {
    /** The base DN of the sample company. */
    public static final String BASE_DN = "DC=corp,DC=example,DC=test";
    /** Where users live. */
    public static final String USERS_DN = "OU=Staff," + BASE_DN;
    /** Where groups live. */
    public static final String GROUPS_DN = "OU=Groups," + BASE_DN;

    static final String[] DEPARTMENTS = {"Sales", "Support", "Engineering", "Finance", "Operations", "Marketing",
            "Human Resources", "Legal"};
    private static final String[] GIVEN = {"Anna", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hugo",
            "Ines", "Jonas", "Keira", "Liam", "Maya", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara",
            "Umar", "Vera", "Wout", "Xenia", "Yusuf", "Zoe", "Amelie", "Bjorn", "Carmen", "Dmitri"};
    private static final String[] SURNAMES = {"Andersen", "Baker", "Costa", "Dubois", "Eriksen", "Fischer",
            "Garcia", "Hansen", "Ivanova", "Jensen", "Kowalski", "Lopez", "Meyer", "Nakamura", "Okafor", "Petrov",
            "Quist", "Rossi", "Schmidt", "Tanaka", "Ulrich", "Vargas", "Weber", "Xu", "Yilmaz", "Zimmermann"};
    private static final String[] TITLES = {"Associate", "Specialist", "Senior Specialist", "Team Lead", "Manager"};

    /** One generated person, before it becomes an LDAP entry. */
    record Person(int n, String sam, String displayName, String givenName, String surname, String department,
            String title, String ipPhone, String telephone, String mobile, boolean disabled, List<String> groups,
            String note) {}

    private final List<Person> people;

    private SampleDirectory(List<Person> people) {
        this.people = people;
    }

    /**
     * Generates the sample company.
     *
     * @param users how many users (at least 20)
     * @param seed the random seed; the same seed gives the same directory
     * @return the directory
     */
    public static SampleDirectory generate(int users, long seed) {
        if (users < 20) {
            throw new IllegalArgumentException("at least 20 users, got " + users);
        }
        Random rnd = new Random(seed);
        List<Person> people = new ArrayList<>();
        Map<String, Integer> samCount = new TreeMap<>();
        for (int n = 1; n <= users; n++) {
            String given = GIVEN[rnd.nextInt(GIVEN.length)];
            String surname = SURNAMES[rnd.nextInt(SURNAMES.length)];
            String base = (given.charAt(0) + surname).toLowerCase(Locale.ROOT);
            int k = samCount.merge(base, 1, Integer::sum);
            String sam = k == 1 ? base : base + k;
            String dept = DEPARTMENTS[rnd.nextInt(DEPARTMENTS.length)];
            String title = TITLES[rnd.nextInt(TITLES.length)];
            int ext = 2000 + n;
            String ipPhone = Integer.toString(ext);
            String telephone = "+44 20 7946 " + ext;
            String mobile = rnd.nextInt(3) == 0 ? null : String.format("+44 7700 9%05d", rnd.nextInt(100000));
            boolean disabled = n % 47 == 0;
            List<String> groups = new ArrayList<>();
            groups.add(dept);
            if (title.equals("Manager") || title.equals("Team Lead")) {
                groups.add("Managers");
            }
            if (rnd.nextInt(5) == 0) {
                groups.add("Hunt Group " + (1 + rnd.nextInt(3)));
            }
            String note = null;
            String displayName = given + " " + surname;
            // Deliberately bad values, at fixed positions so the demo output is stable.
            if (n == 13) {
                ipPhone = "2011"; // same extension as user 11
                note = "duplicate extension (also user 11)";
            } else if (n == 29) {
                ipPhone = "ext. TBD";
                telephone = null;
                note = "extension without digits";
            } else if (n == 61) {
                sam = null;
                note = "no sAMAccountName (no Name)";
            } else if (n == 88) {
                sam = people.get(86).sam().toUpperCase(Locale.ROOT);
                note = "Name differs only in case from user 87";
            }
            people.add(new Person(n, sam, displayName, given, surname, dept, title, ipPhone, telephone, mobile,
                    disabled, groups, note));
        }
        return new SampleDirectory(people);
    }

    /** @return how many users */
    public int size() {
        return people.size();
    }

    /** @return how many accounts are disabled */
    public long disabledCount() {
        return people.stream().filter(Person::disabled).count();
    }

    /** @return the deliberately bad entries: sAMAccountName or number, and what is wrong */
    public Map<String, String> badValues() {
        Map<String, String> bad = new LinkedHashMap<>();
        for (Person p : people) {
            if (p.note() != null) {
                bad.put(userDn(p), p.note());
            }
        }
        return bad;
    }

    /** @return the group names, sorted */
    public List<String> groupNames() {
        TreeMap<String, Boolean> names = new TreeMap<>();
        people.forEach(p -> p.groups().forEach(g -> names.put(g, true)));
        return List.copyOf(names.keySet());
    }

    /**
     * @param n the user's number, from 1
     * @return that user's displayName
     */
    public String displayName(int n) {
        return people.get(n - 1).displayName();
    }

    /**
     * A new employee who is not in the generated directory yet.
     *
     * @return the entry, under {@link #USERS_DN}
     */
    public Entry newHire() {
        int n = people.size() + 1;
        Entry e = new Entry("CN=Nadia Lindqvist " + n + "," + USERS_DN);
        e.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
        e.addAttribute("objectCategory", "person");
        e.addAttribute("cn", "Nadia Lindqvist " + n);
        e.addAttribute("sn", "Lindqvist");
        e.addAttribute("givenName", "Nadia");
        e.addAttribute("displayName", "Nadia Lindqvist");
        e.addAttribute("sAMAccountName", "nlindqvist");
        e.addAttribute("userPrincipalName", "nlindqvist@corp.example.test");
        e.addAttribute("mail", "nlindqvist@corp.example.test");
        e.addAttribute("objectGUID", guid(n));
        e.addAttribute("department", "Support");
        e.addAttribute("title", "Associate");
        e.addAttribute("ipPhone", Integer.toString(2000 + n));
        e.addAttribute("userAccountControl", "512");
        e.addAttribute("memberOf", groupDn("Support"));
        return e;
    }

    /** @return the organisational units, the users and the groups, as LDAP entries in add order */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        Entry base = new Entry(BASE_DN);
        base.addAttribute("objectClass", "top", "domain");
        base.addAttribute("dc", "corp");
        out.add(base);
        for (String ou : new String[] {"Staff", "Groups"}) {
            Entry e = new Entry("OU=" + ou + "," + BASE_DN);
            e.addAttribute("objectClass", "top", "organizationalUnit");
            e.addAttribute("ou", ou);
            out.add(e);
        }
        Map<String, List<String>> members = new TreeMap<>();
        for (Person p : people) {
            Entry e = new Entry(userDn(p));
            e.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
            e.addAttribute("objectCategory", "person");
            e.addAttribute("cn", p.displayName() + " " + p.n());
            e.addAttribute("sn", p.surname());
            e.addAttribute("givenName", p.givenName());
            e.addAttribute("displayName", p.displayName());
            if (p.sam() != null) {
                e.addAttribute("sAMAccountName", p.sam());
                e.addAttribute("userPrincipalName", p.sam().toLowerCase(Locale.ROOT) + "@corp.example.test");
                e.addAttribute("mail", p.sam().toLowerCase(Locale.ROOT) + "@corp.example.test");
            }
            e.addAttribute("objectGUID", guid(p.n()));
            e.addAttribute("department", p.department());
            e.addAttribute("title", p.title());
            e.addAttribute("ipPhone", p.ipPhone());
            if (p.telephone() != null) {
                e.addAttribute("telephoneNumber", p.telephone());
            }
            if (p.mobile() != null) {
                e.addAttribute("mobile", p.mobile());
            }
            e.addAttribute("userAccountControl", p.disabled() ? "514" : "512");
            for (String g : p.groups()) {
                e.addAttribute("memberOf", groupDn(g));
                members.computeIfAbsent(g, x -> new ArrayList<>()).add(userDn(p));
            }
            out.add(e);
        }
        for (Map.Entry<String, List<String>> g : members.entrySet()) {
            Entry e = new Entry(groupDn(g.getKey()));
            e.addAttribute("objectClass", "top", "group");
            e.addAttribute("objectCategory", "group");
            e.addAttribute("cn", g.getKey());
            e.addAttribute("member", g.getValue());
            out.add(e);
        }
        return out;
    }

    /**
     * @param n the user's number, from 1
     * @return the DN of that user
     */
    public String userDn(int n) {
        return userDn(people.get(n - 1));
    }

    private static String userDn(Person p) {
        return "CN=" + p.displayName() + " " + p.n() + "," + USERS_DN;
    }

    private static String groupDn(String group) {
        return "CN=" + group + "," + GROUPS_DN;
    }

    /**
     * @param n the user's number
     * @return a stable 16-byte objectGUID for that user
     */
    static byte[] guid(int n) {
        byte[] b = new byte[16];
        Random r = new Random(0x5EED0000L + n);
        r.nextBytes(b);
        b[7] = (byte) ((b[7] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        return b;
    }

    /** @return the schema additions the sample needs on top of the standard schema (AD-like attributes) */
    static String adSchemaLdif() {
        return String.join("\n",
                "dn: cn=schema", "objectClass: top", "objectClass: ldapSubentry", "objectClass: subschema", "cn: schema",
                "attributeTypes: ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
                "attributeTypes: ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
                "attributeTypes: ( 1.2.840.113556.1.4.2 NAME 'objectGUID' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )",
                "attributeTypes: ( 1.2.840.113556.1.2.102 NAME 'memberOf' EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )",
                "attributeTypes: ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
                "attributeTypes: ( 1.2.840.113556.1.4.782 NAME 'objectCategory' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
                "attributeTypes: ( 1.2.840.113556.1.2.141 NAME 'department' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
                "attributeTypes: ( 1.2.840.113556.1.4.721 NAME 'ipPhone' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
                "objectClasses: ( 1.2.840.113556.1.5.9 NAME 'user' SUP organizationalPerson STRUCTURAL MAY ( sAMAccountName $ userPrincipalName $ objectGUID $ memberOf $ userAccountControl $ objectCategory $ ipPhone $ mail $ displayName $ givenName $ mobile $ department $ title ) )",
                "objectClasses: ( 1.2.840.113556.1.5.8 NAME 'group' SUP top STRUCTURAL MUST cn MAY ( member $ objectCategory $ description ) )",
                "");
    }
}

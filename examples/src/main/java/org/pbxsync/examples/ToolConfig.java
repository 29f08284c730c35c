package org.pbxsync.examples;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.directory.DirectorySource;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.mapping.MappingRule;
import org.pbxsync.core.mapping.RuleParseException;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.core.plan.DisabledAccountPolicy;
import org.pbxsync.core.plan.DuplicateNamePolicy;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.core.schedule.Schedule;
import org.pbxsync.ldap.LdapDirectorySource;
import org.pbxsync.ldap.LdapSourceConfig;
import org.pbxsync.ldap.LdifDirectorySource;
import org.pbxsync.pbx.SyncStateStore;
import org.pbxsync.teams.GraphCredentials;
import org.pbxsync.teams.TeamsDirectorySource;
import org.pbxsync.teams.TeamsSourceConfig;

/**
 * The tool's configuration, read from a Java properties file. Every key is checked before
 * anything connects; all problems are reported together, each naming its key. Secrets are never
 * read from the file itself: a secret {@code X} is given as {@code X.env} (the name of an
 * environment variable) or {@code X.file} (a file holding only the secret).
 */
public final class ToolConfig {
    /** Where the directory entries come from. */
    public enum SourceKind {
        /** An LDAP server or Active Directory. */
        LDAP,
        /** An LDIF export file. */
        LDIF,
        /** Microsoft Teams / Entra ID through Microsoft Graph. */
        TEAMS
    }

    static final Set<String> GENERAL_KEYS = Set.of("sync.name", "source", "pbx.file", "state.dir", "mapping.preset",
            "operations", "delete.mode", "guard.maxDeletes", "guard.maxDeletePercent", "guard.allowEmptySource",
            "disabledAccounts", "duplicateNames", "defaultProvisioningRule", "sharedPbx");
    static final Set<String> LDAP_KEYS = Set.of("ldap.preset", "ldap.url", "ldap.startTls", "ldap.bindDn",
            "ldap.bindPassword.env", "ldap.bindPassword.file", "ldap.baseDn", "ldap.userFilter", "ldap.groupDn",
            "ldap.nestedGroups", "ldap.pageSize", "ldap.trustFile", "ldap.trustFilePassword.env",
            "ldap.trustFilePassword.file", "ldap.trustAllCertificatesInsecure", "ldap.idAttribute",
            "ldap.attributes", "ldap.changeTracking", "ldap.excludeDisabledAccounts", "ldap.connectTimeoutSeconds",
            "ldap.responseTimeoutSeconds");
    static final Set<String> LDIF_KEYS = Set.of("ldif.file", "ldif.idAttribute", "ldif.baseDn", "ldif.userFilter",
            "ldif.useDnAsId");
    static final Set<String> TEAMS_KEYS = Set.of("teams.tenantId", "teams.clientId", "teams.clientSecret.env",
            "teams.clientSecret.file", "teams.certificateFile", "teams.certificatePassword.env",
            "teams.certificatePassword.file", "teams.accessToken.env", "teams.accessToken.file", "teams.directory",
            "teams.groupId", "teams.graphBaseUrl", "teams.excludeGuests", "teams.excludeDisabled",
            "teams.requireTeamsPhone", "teams.incremental", "teams.pageSize", "teams.attributes");
    /** Keys that would hold a secret in the file itself: refused. */
    static final Set<String> SECRET_KEYS = Set.of("ldap.bindPassword", "ldap.trustFilePassword", "teams.clientSecret",
            "teams.certificatePassword", "teams.accessToken");

    private final String syncName;
    private final SourceKind sourceKind;
    private final Path pbxFile;
    private final Path stateDir;
    private final Mapping mapping;
    private final PlanOptions planOptions;
    private final Schedule schedule;
    private final LdapSourceConfig ldapConfig;
    private final LdifDirectorySource.Builder ldifBuilder;
    private final TeamsSourceConfig teamsConfig;
    private final String describeSource;

    private ToolConfig(Parser p) {
        this.syncName = p.syncName;
        this.sourceKind = p.sourceKind;
        this.pbxFile = p.pbxFile;
        this.stateDir = p.stateDir;
        this.mapping = p.mapping;
        this.planOptions = p.planOptions;
        this.schedule = p.schedule;
        this.ldapConfig = p.ldapConfig;
        this.ldifBuilder = p.ldifBuilder;
        this.teamsConfig = p.teamsConfig;
        this.describeSource = p.describeSource;
    }

    /**
     * Reads and checks a configuration file.
     *
     * @param file the properties file
     * @param env the environment, for {@code *.env} secrets
     * @return the configuration
     * @throws ConfigurationException listing every problem, each starting with its key
     */
    public static ToolConfig load(Path file, Map<String, String> env) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("cannot read the configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new TreeMap<>();
        for (String k : props.stringPropertyNames()) {
            map.put(k.trim(), props.getProperty(k).trim());
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(map, base, env);
    }

    /**
     * Checks configuration properties.
     *
     * @param props the keys and values
     * @param baseDir the directory relative file names are resolved against
     * @param env the environment, for {@code *.env} secrets
     * @return the configuration
     * @throws ConfigurationException listing every problem, each starting with its key
     */
    public static ToolConfig parse(Map<String, String> props, Path baseDir, Map<String, String> env) {
        Parser p = new Parser(props, baseDir, env);
        p.run();
        if (!p.problems.isEmpty()) {
            throw new ConfigurationException(p.problems);
        }
        return new ToolConfig(p);
    }

    /** @return the sync's name (owner of the users it creates) */
    public String syncName() {
        return syncName;
    }

    /** @return the kind of source */
    public SourceKind sourceKind() {
        return sourceKind;
    }

    /** @return the file-backed PBX */
    public Path pbxFile() {
        return pbxFile;
    }

    /** @return the mapping */
    public Mapping mapping() {
        return mapping;
    }

    /** @return the planner's options */
    public PlanOptions planOptions() {
        return planOptions;
    }

    /** @return the schedule (disabled unless configured) */
    public Schedule schedule() {
        return schedule;
    }

    /** @return the state store: files in {@code state.dir} */
    public SyncStateStore stateStore() {
        return SyncStateStore.inDirectory(stateDir);
    }

    /** @return the state directory */
    public Path stateDir() {
        return stateDir;
    }

    /** @return a short description of the source, without secrets */
    public String describeSource() {
        return describeSource;
    }

    /**
     * Creates the directory source. Creating does not connect; the first listing does.
     *
     * @return a new source; the caller closes it
     */
    public DirectorySource createSource() {
        switch (sourceKind) {
            case LDAP:
                return LdapDirectorySource.create(ldapConfig);
            case LDIF:
                return ldifBuilder.build();
            default:
                return TeamsDirectorySource.create(teamsConfig);
        }
    }

    private static final class Parser {
        final Map<String, String> props;
        final Path baseDir;
        final Map<String, String> env;
        final List<String> problems = new ArrayList<>();
        String syncName;
        SourceKind sourceKind;
        Path pbxFile;
        Path stateDir;
        Mapping mapping;
        PlanOptions planOptions;
        Schedule schedule;
        LdapSourceConfig ldapConfig;
        LdifDirectorySource.Builder ldifBuilder;
        TeamsSourceConfig teamsConfig;
        String describeSource;

        Parser(Map<String, String> props, Path baseDir, Map<String, String> env) {
            this.props = props;
            this.baseDir = baseDir;
            this.env = env;
        }

        void run() {
            checkKeys();
            syncName = required("sync.name");
            String src = required("source");
            if (src != null) {
                try {
                    sourceKind = SourceKind.valueOf(src.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add("source: expected ldap, ldif or teams, found '" + src + "'");
                }
            }
            String pbx = required("pbx.file");
            pbxFile = pbx == null ? null : path(pbx);
            stateDir = path(props.getOrDefault("state.dir", "pbx-sync-state"));
            if (sourceKind != null) {
                for (SourceKind other : SourceKind.values()) {
                    if (other != sourceKind) {
                        String prefix = other.name().toLowerCase(Locale.ROOT) + ".";
                        props.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(k -> problems.add(k
                                + ": belongs to source " + other.name().toLowerCase(Locale.ROOT) + ", but source is "
                                + sourceKind.name().toLowerCase(Locale.ROOT)));
                    }
                }
                switch (sourceKind) {
                    case LDAP -> ldap();
                    case LDIF -> ldif();
                    case TEAMS -> teams();
                    default -> throw new IllegalStateException();
                }
            }
            mapping();
            planOptions();
            try {
                schedule = Schedule.fromProperties(props);
            } catch (ConfigurationException e) {
                problems.addAll(e.getProblems());
            }
        }

        private void checkKeys() {
            for (String key : props.keySet()) {
                if (GENERAL_KEYS.contains(key) || LDAP_KEYS.contains(key) || LDIF_KEYS.contains(key)
                        || TEAMS_KEYS.contains(key) || key.startsWith("map.") || key.startsWith("schedule.")) {
                    continue;
                }
                if (SECRET_KEYS.contains(key)) {
                    problems.add(key + ": secrets are never written in the configuration file; give " + key
                            + ".env (an environment variable's name) or " + key + ".file (a file holding only the secret)");
                } else {
                    problems.add(key + ": unknown key" + suggestion(key));
                }
            }
        }

        private String suggestion(String key) {
            String lower = key.toLowerCase(Locale.ROOT);
            for (Set<String> set : List.of(GENERAL_KEYS, LDAP_KEYS, LDIF_KEYS, TEAMS_KEYS)) {
                for (String k : set) {
                    if (k.toLowerCase(Locale.ROOT).equals(lower)) {
                        return " (did you mean " + k + "? keys are case-sensitive)";
                    }
                }
            }
            return "; see docs/configuration.md for the keys";
        }

        private String required(String key) {
            String v = props.get(key);
            if (v == null || v.isEmpty()) {
                problems.add(key + ": required");
                return null;
            }
            return v;
        }

        private String opt(String key) {
            String v = props.get(key);
            return v == null || v.isEmpty() ? null : v;
        }

        private Path path(String value) {
            Path p = Path.of(value);
            return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
        }

        private Boolean bool(String key) {
            String v = opt(key);
            if (v == null) {
                return null;
            }
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    problems.add(key + ": expected true or false, found '" + v + "'");
                    return null;
            }
        }

        private Integer integer(String key, int min, int max) {
            String v = opt(key);
            if (v == null) {
                return null;
            }
            try {
                int i = Integer.parseInt(v);
                if (i < min || i > max) {
                    problems.add(key + ": must be " + min + " to " + max + ", found " + i);
                    return null;
                }
                return i;
            } catch (NumberFormatException e) {
                problems.add(key + ": expected a whole number, found '" + v + "'");
                return null;
            }
        }

        private <E extends Enum<E>> E enumValue(String key, Class<E> type, E dflt) {
            String v = opt(key);
            if (v == null) {
                return dflt;
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v.replace('-', '_'))) {
                    return e;
                }
            }
            problems.add(key + ": expected one of " + Arrays.toString(type.getEnumConstants()) + ", found '" + v + "'");
            return dflt;
        }

        /** Reads a secret from {@code key.env} or {@code key.file}; never echoes its value. */
        private String secret(String key, boolean needed) {
            String envName = opt(key + ".env");
            String fileName = opt(key + ".file");
            if (envName != null && fileName != null) {
                problems.add(key + ".env / " + key + ".file: give one of them, not both");
                return null;
            }
            if (envName != null) {
                String v = env.get(envName);
                if (v == null || v.isEmpty()) {
                    problems.add(key + ".env: the environment variable " + envName + " is not set or empty");
                    return null;
                }
                return v;
            }
            if (fileName != null) {
                Path f = path(fileName);
                try {
                    String v = Files.readString(f, StandardCharsets.UTF_8).strip();
                    if (v.isEmpty()) {
                        problems.add(key + ".file: the file " + f + " is empty");
                        return null;
                    }
                    return v;
                } catch (IOException e) {
                    problems.add(key + ".file: cannot read " + f + " (" + e.getClass().getSimpleName() + ")");
                    return null;
                }
            }
            if (needed) {
                problems.add(key + ".env or " + key + ".file: required");
            }
            return null;
        }

        private List<String> list(String key) {
            String v = opt(key);
            if (v == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }

        private void addPrefixed(String prefix, List<String> builderProblems, Function<String, String> rename) {
            for (String bp : builderProblems) {
                int colon = bp.indexOf(':');
                String setting = colon > 0 ? bp.substring(0, colon) : "";
                String renamed = rename.apply(setting);
                problems.add(renamed != null ? renamed + bp.substring(colon) : prefix + "*: " + bp);
            }
        }

        private void ldap() {
            String preset = props.getOrDefault("ldap.preset", "activeDirectory");
            LdapSourceConfig.Builder b;
            switch (preset.toLowerCase(Locale.ROOT)) {
                case "activedirectory":
                    b = LdapSourceConfig.activeDirectory();
                    break;
                case "openldap":
                    b = LdapSourceConfig.openLdap();
                    break;
                case "none":
                    b = LdapSourceConfig.builder();
                    break;
                default:
                    problems.add("ldap.preset: expected activeDirectory, openLdap or none, found '" + preset + "'");
                    b = LdapSourceConfig.activeDirectory();
            }
            List<String> urls = list("ldap.url");
            if (urls.isEmpty()) {
                problems.add("ldap.url: required (ldaps://host:636, several separated by commas for failover)");
            }
            b.servers(urls);
            Boolean startTls = bool("ldap.startTls");
            if (startTls != null) {
                b.startTls(startTls);
            }
            String bindDn = opt("ldap.bindDn");
            String password = secret("ldap.bindPassword", bindDn != null);
            if (bindDn != null && password != null) {
                b.bind(bindDn, password.toCharArray());
            } else if (bindDn == null && password != null) {
                problems.add("ldap.bindPassword: given without ldap.bindDn");
            }
            String baseDn = opt("ldap.baseDn");
            if (baseDn != null) {
                b.baseDn(baseDn);
            }
            if (opt("ldap.userFilter") != null) {
                b.userFilter(opt("ldap.userFilter"));
            }
            if (opt("ldap.groupDn") != null) {
                b.groupDn(opt("ldap.groupDn"));
                if (opt("ldap.changeTracking") == null) {
                    b.changeTracking(LdapSourceConfig.ChangeTracking.NONE);
                }
            }
            Boolean nested = bool("ldap.nestedGroups");
            if (nested != null) {
                b.nestedGroups(nested);
            }
            Integer page = integer("ldap.pageSize", 0, 10000);
            if (page != null) {
                b.pageSize(page);
            }
            String trust = opt("ldap.trustFile");
            if (trust != null) {
                Path t = path(trust);
                String lower = trust.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
                    String tp = secret("ldap.trustFilePassword", true);
                    b.trustPkcs12File(t, tp == null ? new char[0] : tp.toCharArray());
                } else {
                    b.trustPemFile(t);
                }
            }
            Boolean insecure = bool("ldap.trustAllCertificatesInsecure");
            if (insecure != null) {
                b.trustAllCertificatesInsecure(insecure);
            }
            if (opt("ldap.idAttribute") != null) {
                b.idAttribute(opt("ldap.idAttribute"));
            }
            List<String> attrs = list("ldap.attributes");
            if (!attrs.isEmpty()) {
                b.addAttributes(attrs.toArray(String[]::new));
            }
            if (opt("ldap.changeTracking") != null) {
                b.changeTracking(enumValue("ldap.changeTracking", LdapSourceConfig.ChangeTracking.class,
                        LdapSourceConfig.ChangeTracking.NONE));
            }
            Boolean excl = bool("ldap.excludeDisabledAccounts");
            if (excl != null) {
                b.excludeDisabledAdAccounts(excl);
            }
            Integer ct = integer("ldap.connectTimeoutSeconds", 1, 600);
            if (ct != null) {
                b.connectTimeout(java.time.Duration.ofSeconds(ct));
            }
            Integer rt = integer("ldap.responseTimeoutSeconds", 1, 3600);
            if (rt != null) {
                b.responseTimeout(java.time.Duration.ofSeconds(rt));
            }
            Map<String, String> names = new LinkedHashMap<>();
            names.put("servers", "ldap.url");
            names.put("bind", "ldap.bindDn");
            names.put("trust", "ldap.trustFile");
            names.put("trustPemFile", "ldap.trustFile");
            names.put("trustPkcs12File", "ldap.trustFile");
            List<String> v = b.validate();
            List<String> filtered = new ArrayList<>();
            for (String s : v) {
                if (urls.isEmpty() && s.startsWith("servers:")) {
                    continue;
                }
                if (s.startsWith("bind:") && (bindDn == null || password == null)) {
                    continue;
                }
                filtered.add(s);
            }
            addPrefixed("ldap.", filtered, s -> names.getOrDefault(s, s.isEmpty() ? null : "ldap." + s));
            if (filtered.isEmpty() && problems.isEmpty()) {
                ldapConfig = b.build();
            }
            describeSource = "LDAP " + String.join(", ", urls) + (baseDn == null ? "" : " base " + baseDn);
        }

        private void ldif() {
            String f = required("ldif.file");
            if (f == null) {
                return;
            }
            Path file = path(f);
            if (!Files.isReadable(file)) {
                problems.add("ldif.file: cannot read " + file);
            }
            LdifDirectorySource.Builder b = LdifDirectorySource.builder(file);
            String id = opt("ldif.idAttribute");
            Boolean dnAsId = bool("ldif.useDnAsId");
            if (id != null && Boolean.TRUE.equals(dnAsId)) {
                problems.add("ldif.useDnAsId: contradicts ldif.idAttribute; choose one");
            }
            if (Boolean.TRUE.equals(dnAsId)) {
                b.useDnAsId();
            } else {
                b.idAttribute(id != null ? id : "objectGUID");
            }
            if (opt("ldif.baseDn") != null) {
                b.baseDn(opt("ldif.baseDn"));
            }
            if (opt("ldif.userFilter") != null) {
                b.userFilter(opt("ldif.userFilter"));
            }
            addPrefixed("ldif.", b.validate(), s -> s.isEmpty() ? null : "ldif." + s);
            ldifBuilder = b;
            describeSource = "LDIF file " + file;
        }

        private void teams() {
            String tenant = opt("teams.tenantId");
            String client = opt("teams.clientId");
            boolean tokenGiven = opt("teams.accessToken.env") != null || opt("teams.accessToken.file") != null;
            boolean secretGiven = opt("teams.clientSecret.env") != null || opt("teams.clientSecret.file") != null;
            String cert = opt("teams.certificateFile");
            GraphCredentials creds = null;
            int kinds = (tokenGiven ? 1 : 0) + (secretGiven ? 1 : 0) + (cert != null ? 1 : 0);
            if (kinds != 1) {
                problems.add("teams.clientSecret.env/.file, teams.certificateFile, teams.accessToken.env/.file: give"
                        + " exactly one way to sign in, found " + kinds);
            } else if (tokenGiven) {
                String token = secret("teams.accessToken", true);
                if (token != null) {
                    creds = GraphCredentials.accessToken(token);
                }
            } else {
                if (tenant == null) {
                    problems.add("teams.tenantId: required");
                }
                if (client == null) {
                    problems.add("teams.clientId: required");
                }
                if (secretGiven) {
                    String s = secret("teams.clientSecret", true);
                    if (s != null && tenant != null && client != null) {
                        creds = GraphCredentials.clientSecret(tenant, client, s);
                    }
                } else {
                    Path c = path(cert);
                    if (!Files.isReadable(c)) {
                        problems.add("teams.certificateFile: cannot read " + c);
                    }
                    String lower = cert.toLowerCase(Locale.ROOT);
                    if (tenant != null && client != null) {
                        if (lower.endsWith(".pfx") || lower.endsWith(".p12")) {
                            String pw = secret("teams.certificatePassword", false);
                            creds = GraphCredentials.certificatePfx(tenant, client, c, pw == null ? "" : pw);
                        } else {
                            creds = GraphCredentials.certificatePem(tenant, client, c);
                        }
                    }
                }
            }
            String directory = props.getOrDefault("teams.directory", "tenant");
            String group = opt("teams.groupId");
            URI graph = null;
            if (opt("teams.graphBaseUrl") != null) {
                try {
                    graph = new URI(opt("teams.graphBaseUrl"));
                    if (graph.getScheme() == null || graph.getHost() == null) {
                        throw new URISyntaxException(opt("teams.graphBaseUrl"), "needs a scheme and a host");
                    }
                } catch (URISyntaxException e) {
                    problems.add("teams.graphBaseUrl: not a URL: " + e.getMessage());
                    graph = null;
                }
            }
            Boolean guests = bool("teams.excludeGuests");
            Boolean disabled = bool("teams.excludeDisabled");
            Boolean phone = bool("teams.requireTeamsPhone");
            Boolean incremental = bool("teams.incremental");
            Integer page = integer("teams.pageSize", 1, 999);
            if (!directory.equalsIgnoreCase("tenant") && !directory.equalsIgnoreCase("group")) {
                problems.add("teams.directory: expected tenant or group, found '" + directory + "'");
            } else if (directory.equalsIgnoreCase("group") && group == null) {
                problems.add("teams.groupId: required when teams.directory is group");
            } else if (directory.equalsIgnoreCase("tenant") && group != null) {
                problems.add("teams.groupId: only used when teams.directory is group");
            }
            describeSource = "Microsoft Graph " + (graph != null ? graph : "(global cloud)")
                    + (group != null ? " group " + group : " tenant directory");
            if (creds == null || !problemsFree()) {
                return;
            }
            try {
                TeamsSourceConfig.Builder b = TeamsSourceConfig.builder(creds);
                if (graph != null) {
                    b.graphBaseUrl(graph);
                }
                if (group != null) {
                    b.groupDirectory(group);
                } else {
                    b.tenantDirectory();
                }
                List<String> attrs = list("teams.attributes");
                if (!attrs.isEmpty()) {
                    List<String> all = new ArrayList<>(TeamsSourceConfig.DEFAULT_ATTRIBUTES);
                    attrs.stream().filter(a -> !all.contains(a)).forEach(all::add);
                    b.attributes(all);
                }
                if (guests != null) {
                    b.excludeGuests(guests);
                }
                if (disabled != null) {
                    b.excludeDisabled(disabled);
                }
                if (Boolean.TRUE.equals(phone)) {
                    b.requireTeamsPhone();
                }
                if (incremental != null) {
                    b.incremental(incremental);
                }
                if (page != null) {
                    b.pageSize(page);
                }
                teamsConfig = b.build();
            } catch (ConfigurationException e) {
                e.getProblems().forEach(p -> problems.add("teams.*: " + p));
            } catch (IllegalArgumentException e) {
                problems.add("teams.*: " + e.getMessage());
            }
        }

        private boolean problemsFree() {
            return problems.isEmpty();
        }

        private void mapping() {
            String dflt = sourceKind == SourceKind.TEAMS ? "teams"
                    : "openldap".equalsIgnoreCase(props.get("ldap.preset")) ? "openLdap" : "activeDirectory";
            String preset = props.getOrDefault("mapping.preset", dflt);
            Mapping.Builder b;
            switch (preset.toLowerCase(Locale.ROOT)) {
                case "activedirectory":
                    b = Mapping.activeDirectoryDefaults().toBuilder();
                    break;
                case "openldap":
                    b = Mapping.openLdapDefaults().toBuilder();
                    break;
                case "teams":
                    b = Mapping.teamsDefaults().toBuilder();
                    break;
                case "none":
                    b = Mapping.builder();
                    break;
                default:
                    problems.add("mapping.preset: expected activeDirectory, openLdap, teams or none, found '" + preset
                            + "'");
                    b = Mapping.activeDirectoryDefaults().toBuilder();
            }
            Map<FieldKey, Boolean> createOnly = new TreeMap<>();
            Map<FieldKey, MappingRule> rules = new TreeMap<>();
            Set<FieldKey> unmapped = new TreeSet<>();
            int before = problems.size();
            for (Map.Entry<String, String> e : props.entrySet()) {
                String key = e.getKey();
                if (!key.startsWith("map.")) {
                    continue;
                }
                String rest = key.substring(4);
                boolean flag = rest.toLowerCase(Locale.ROOT).endsWith(".createonly");
                String name = flag ? rest.substring(0, rest.length() - ".createOnly".length()) : rest;
                FieldKey field;
                try {
                    field = FieldKey.of(name);
                } catch (IllegalArgumentException ex) {
                    problems.add(key + ": " + ex.getMessage());
                    continue;
                }
                if (flag) {
                    Boolean v = bool(key);
                    if (v != null) {
                        createOnly.put(field, v);
                    }
                } else if (e.getValue().isEmpty()) {
                    unmapped.add(field);
                } else {
                    try {
                        rules.put(field, MappingRule.parse(e.getValue()));
                    } catch (RuleParseException ex) {
                        problems.add(key + ": " + ex.getProblems().get(0));
                    }
                }
            }
            if (problems.size() > before) {
                return;
            }
            for (FieldKey f : unmapped) {
                b.unmap(f);
            }
            for (Map.Entry<FieldKey, MappingRule> r : rules.entrySet()) {
                if (createOnly.getOrDefault(r.getKey(), false)) {
                    b.mapOnCreate(r.getKey(), r.getValue());
                } else {
                    b.map(r.getKey(), r.getValue());
                }
            }
            for (FieldKey f : createOnly.keySet()) {
                if (!rules.containsKey(f)) {
                    problems.add("map." + f.getName() + ".createOnly: field '" + f.getName() + "' has no rule (map."
                            + f.getName() + ")");
                }
            }
            try {
                mapping = b.build();
                for (FieldKey mandatory : List.of(FieldKey.USER_ID, FieldKey.NAME)) {
                    if (mapping.rule(mandatory).isEmpty()) {
                        problems.add("map." + mandatory.getName() + ": missing; mapping this field is mandatory");
                    }
                }
            } catch (ConfigurationException ex) {
                ex.getProblems().forEach(p -> problems.add("map.*: " + p));
            } catch (IllegalArgumentException ex) {
                problems.add("map.*: " + ex.getMessage());
            }
        }

        private void planOptions() {
            PlanOptions.Builder b = PlanOptions.builder().syncName(syncName == null ? "unnamed" : syncName);
            List<String> ops = list("operations");
            if (opt("operations") != null) {
                Set<OperationType> on = EnumSet.noneOf(OperationType.class);
                for (String op : ops) {
                    switch (op.toLowerCase(Locale.ROOT)) {
                        case "new", "create" -> on.add(OperationType.CREATE);
                        case "update" -> on.add(OperationType.UPDATE);
                        case "delete" -> on.add(OperationType.DELETE);
                        default -> problems.add("operations: unknown operation '" + op
                                + "'; expected a list of new, update, delete");
                    }
                }
                b.createEnabled(on.contains(OperationType.CREATE));
                b.updateEnabled(on.contains(OperationType.UPDATE));
                b.deleteEnabled(on.contains(OperationType.DELETE));
            }
            b.deleteMode(enumValue("delete.mode", DeleteMode.class, DeleteMode.DISABLE));
            Integer maxDeletes = integer("guard.maxDeletes", 0, Integer.MAX_VALUE);
            if (maxDeletes != null) {
                b.maxDeletes(maxDeletes);
            }
            Integer pct = integer("guard.maxDeletePercent", 0, 100);
            if (pct != null) {
                b.maxDeletePercent(pct);
            }
            Boolean empty = bool("guard.allowEmptySource");
            if (empty != null) {
                b.allowEmptySource(empty);
            }
            b.disabledAccountPolicy(enumValue("disabledAccounts", DisabledAccountPolicy.class,
                    DisabledAccountPolicy.DISABLE_ON_PBX));
            b.duplicateNamePolicy(enumValue("duplicateNames", DuplicateNamePolicy.class,
                    DuplicateNamePolicy.SKIP_DUPLICATES));
            if (opt("defaultProvisioningRule") != null) {
                b.defaultProvisioningRule(opt("defaultProvisioningRule"));
            }
            Boolean shared = bool("sharedPbx");
            if (shared != null) {
                b.sharedPbx(shared);
            }
            try {
                planOptions = b.build();
            } catch (ConfigurationException e) {
                e.getProblems().forEach(p -> problems.add(planKey(p) + p));
            }
        }

        private static String planKey(String problem) {
            if (problem.startsWith("maxDeletes")) {
                return "guard.maxDeletes: ";
            }
            if (problem.startsWith("maxDeletePercent")) {
                return "guard.maxDeletePercent: ";
            }
            if (problem.startsWith("deleteEnabled")) {
                return "operations: ";
            }
            return "sync.*: ";
        }
    }
}

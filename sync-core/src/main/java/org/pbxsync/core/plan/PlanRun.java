package org.pbxsync.core.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.mapping.MappedField;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxSystem;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.model.ProvisioningRule;
import org.pbxsync.core.validation.Severity;
import org.pbxsync.core.validation.Validator;
import org.pbxsync.core.validation.Violation;
import org.pbxsync.core.validation.ViolationCode;

/** One planning run: all the mutable working state of {@link Planner}. Not thread-safe; used once. */
final class PlanRun {
    private static final Comparator<Violation> VIOLATION_ORDER = Comparator
            .comparing(Violation::getEntryReference)
            .thenComparing(v -> v.getUserId().orElse(""))
            .thenComparing(v -> v.getField().orElse(null), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Violation::getCode)
            .thenComparing(Violation::getSeverity)
            .thenComparing(Violation::getMessage);
    private static final Comparator<FieldChange> CHANGE_ORDER = Comparator.comparing(FieldChange::getField);
    private static final Comparator<PbxUser> USER_ORDER = Comparator.comparing(PbxUser::getUserId)
            .thenComparing(PbxUser::getName);

    private final PlanOptions options;
    private final PbxSnapshot snapshot;
    private final String syncName;
    private final String traceSubject;

    private Map<String, PbxUser> pbxById;
    private final Map<String, ProvisioningRule> rulesByName = new HashMap<>();
    private final Map<String, String> groupsByLower = new HashMap<>();
    private final Map<String, PbxSystem> systemsByLan1 = new HashMap<>();
    private final Map<String, PbxSystem> systemsByLan2 = new HashMap<>();
    private final Map<String, PbxSystem> systemsByName = new HashMap<>();
    private final Map<String, PbxSystem> systemsByFqdn = new HashMap<>();
    private PbxSystem primary;
    private int ownedCount;

    private final List<Violation> violations = new ArrayList<>();
    private Map<String, Entry> byId;
    private List<Entry> entries = List.of();
    private final Set<PbxUser> deleted = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<PbxUser> deletes = new ArrayList<>();
    private final List<PbxUser> removalDisables = new ArrayList<>();
    private Map<String, Slot> nameSlots;
    private Map<String, Slot> extSlots;
    private final List<String> subjectSteps = new ArrayList<>();
    private boolean subjectIsPbxUser;
    private boolean incremental;

    PlanRun(PlanOptions options, PbxSnapshot snapshot, String traceSubject) {
        this.options = options;
        this.snapshot = snapshot;
        this.syncName = options.getSyncName();
        this.traceSubject = traceSubject;
    }

    // ---------------------------------------------------------------- entry points

    SyncPlan planFull(Collection<MappedUser> desired) {
        return run(desired, null);
    }

    SyncPlan planIncremental(Collection<MappedUser> upserted, Set<String> removed) {
        incremental = true;
        return run(upserted, removed);
    }

    Explanation explainFull(Collection<MappedUser> desired) {
        SyncPlan plan = run(desired, null);
        List<Entry> matched = new ArrayList<>();
        for (Entry e : entries) {
            if (e.trace != null) {
                matched.add(e);
            }
        }
        Set<String> ids = new TreeSet<>();
        Set<String> refs = new TreeSet<>();
        List<String> steps = new ArrayList<>();
        for (Entry e : matched) {
            if (e.userId != null) {
                ids.add(e.userId);
            }
            refs.add(e.ref);
            String prefix = matched.size() > 1 ? "[" + e.ref + "] " : "";
            for (String s : e.trace) {
                steps.add(prefix + s);
            }
        }
        if (subjectIsPbxUser) {
            ids.add(traceSubject);
        }
        steps.addAll(subjectSteps);
        List<PlannedOperation> ops = new ArrayList<>();
        for (PlannedOperation op : plan.getOperations()) {
            if (ids.contains(op.getUserId())) {
                ops.add(op);
            }
        }
        List<Violation> vs = new ArrayList<>();
        for (Violation v : plan.getViolations()) {
            if (refs.contains(v.getEntryReference()) || (v.getUserId().isPresent() && ids.contains(v.getUserId().get()))) {
                vs.add(v);
            }
        }
        boolean found = !matched.isEmpty() || subjectIsPbxUser;
        if (!found) {
            steps.add("no directory entry has this User Identification, reference or id, and no PBX user has this"
                    + " User Identification");
        }
        if (plan.isBlocked()) {
            steps.add("the whole plan is blocked: " + String.join("; ", plan.getBlockReasons()));
        }
        return Explanation.builder()
                .subject(traceSubject)
                .found(found)
                .userId(ids.size() == 1 ? Optional.of(ids.iterator().next()) : Optional.empty())
                .entryReference(refs.size() == 1 ? Optional.of(refs.iterator().next()) : Optional.empty())
                .steps(steps)
                .operations(ops)
                .violations(vs)
                .build();
    }

    // ---------------------------------------------------------------- the run

    private SyncPlan run(Collection<MappedUser> desired, Set<String> removedIds) {
        int expected = desired.size() + snapshot.getUsers().size();
        nameSlots = new HashMap<>(capacity(expected));
        extSlots = new HashMap<>(capacity(expected));
        byId = new HashMap<>(capacity(desired.size()));
        pbxById = new HashMap<>(capacity(snapshot.getUsers().size()));
        indexSnapshot();
        checkConfiguration();
        entries = new ArrayList<>(desired.size());
        for (MappedUser mu : desired) {
            entries.add(validate(Objects.requireNonNull(mu, "desired user")));
        }
        entries.sort(Entry.ORDER);
        findDuplicateIds();
        for (Entry e : entries) {
            if (!e.error) {
                match(e);
            }
        }
        planRemovals(removedIds);
        buildSlots();
        resolveClaims();
        allocateExtensions();
        List<Entry> updateOrder = orderUpdates();
        explainEliminations();
        return buildPlan(desired.isEmpty(), updateOrder);
    }

    private void indexSnapshot() {
        for (PbxUser u : snapshot.getUsers()) {
            pbxById.putIfAbsent(u.getUserId(), u);
            if (isOwned(u)) {
                ownedCount++;
            }
            if (traceSubject != null && traceSubject.equals(u.getUserId())) {
                subjectIsPbxUser = true;
            }
        }
        for (ProvisioningRule r : snapshot.getRules()) {
            rulesByName.putIfAbsent(r.getName(), r);
        }
        for (String g : snapshot.getGroups()) {
            groupsByLower.merge(g.toLowerCase(Locale.ROOT), g, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        for (PbxSystem s : snapshot.getSystems()) {
            s.getLan1().ifPresent(v -> systemsByLan1.putIfAbsent(v.trim(), s));
            s.getLan2().ifPresent(v -> systemsByLan2.putIfAbsent(v.trim(), s));
            systemsByName.putIfAbsent(s.getName().toLowerCase(Locale.ROOT), s);
            s.getFqdn().ifPresent(v -> systemsByFqdn.putIfAbsent(v.trim().toLowerCase(Locale.ROOT), s));
            if (s.isPrimary()) {
                primary = s;
            }
        }
    }

    private void checkConfiguration() {
        List<String> problems = new ArrayList<>();
        if (options.isDeleteEnabled()) {
            Set<String> others = new TreeSet<>();
            for (PbxUser u : snapshot.getUsers()) {
                if (u.getOwner().isPresent() && !u.getOwner().get().equals(syncName)) {
                    others.add(u.getOwner().get());
                }
            }
            if (!others.isEmpty()) {
                problems.add("deleteEnabled is not allowed for sync '" + syncName
                        + "': the PBX also holds users of the synchronizations " + others
                        + ", and Delete is not available when several synchronizations feed one PBX;"
                        + " switch delete off");
            }
        }
        options.getDefaultProvisioningRule().ifPresent(r -> {
            if (!rulesByName.containsKey(r)) {
                problems.add("defaultProvisioningRule '" + r + "' does not exist on the PBX; it has "
                        + new TreeSet<>(rulesByName.keySet()));
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    // ---------------------------------------------------------------- per-user validation

    private Entry validate(MappedUser mu) {
        Entry e = new Entry(mu);
        if (traceSubject != null && (traceSubject.equals(mu.getEntryReference()) || traceSubject.equals(mu.getEntryId())
                || traceSubject.equals(mu.getUserId().orElse(null)))) {
            e.trace = new ArrayList<>();
            e.trace.add("directory entry " + mu.getEntryReference() + " (id " + mu.getEntryId() + "), account "
                    + (mu.isEnabled() ? "enabled" : "disabled"));
        }
        for (Violation v : mu.getViolations()) {
            violations.add(v);
            if (v.getSeverity() == Severity.ERROR) {
                e.error = true;
                if (e.trace != null) {
                    e.trace(() -> "mapping reported an error: " + v.getCode() + ": " + v.getMessage());
                }
            }
        }
        Collection<MappedField> fields = mu.getFields().values();
        e.mapped = new MappedField[fields.size()];
        int n = 0;
        for (MappedField f : fields) {
            e.mapped[n++] = f;
        }
        for (int i = 0; i < e.mapped.length; i++) {
            MappedField f = e.mapped[i];
            FieldKey key = f.getField();
            if (key.equals(FieldKey.GROUPS)) {
                List<String> cleaned = new ArrayList<>(f.getValues().size());
                for (String g : f.getValues()) {
                    String c = clean(e, key, g);
                    if (!c.isBlank()) {
                        cleaned.add(c.trim());
                    }
                }
                e.groupValues = cleaned;
                e.groupsCreateOnly = f.isCreateOnly();
                if (e.trace != null) {
                    e.trace(() -> key.getLabel() + " = " + cleaned + " from " + Entry.origin(f)
                            + (f.isCreateOnly() ? ", on create only" : ""));
                }
                continue;
            }
            String raw = e.raw(i);
            String value = raw == null ? null : clean(e, key, raw);
            if (value != null && key.isSecret()) {
                Optional<ViolationCode> problem = key.equals(FieldKey.LOGIN_CODE) ? Validator.checkLoginCode(value)
                        : key.equals(FieldKey.VOICEMAIL_CODE) ? Validator.checkVoicemailCode(value) : Optional.empty();
                if (problem.isPresent()) {
                    warn(e, key, problem.get(), codeProblem(key, value));
                    value = null;
                }
            }
            if (value != null && value.isEmpty() && !Entry.isMandatory(key)) {
                value = null;
            }
            if (value != raw) {
                e.setValue(i, value);
            }
            if (key.equals(FieldKey.USER_ID) && value != null && !value.isBlank()) {
                e.userId = value;
            }
            if (e.trace != null) {
                String shown = value;
                e.trace(() -> key.getLabel() + " = " + (shown == null ? "(blank)" : "'" + key.display(shown) + "'")
                        + " from " + Entry.origin(f) + (f.isCreateOnly() ? ", on create only" : ""));
            }
        }
        String name = e.value(FieldKey.NAME);
        if (e.userId == null) {
            error(e, FieldKey.USER_ID, ViolationCode.MISSING_MANDATORY, blankReason(e, FieldKey.USER_ID)
                    + "; the entry cannot be matched to a PBX user and is skipped");
        }
        if (name == null || name.isBlank()) {
            error(e, FieldKey.NAME, ViolationCode.MISSING_MANDATORY, blankReason(e, FieldKey.NAME)
                    + "; the user is skipped");
        } else {
            e.name = name;
            e.nameKey = nameKey(name);
        }
        return e;
    }

    private String blankReason(Entry e, FieldKey key) {
        int i = e.indexOf(key);
        if (i < 0) {
            return key.getLabel() + " is not mapped or the mapping gave no value (it is mandatory)";
        }
        MappedField f = e.src.getFields().get(key);
        boolean hadValue = f.getValue().isPresent() && !f.getValue().get().isBlank();
        return key.getLabel() + (hadValue ? " has only invalid characters" : " is blank") + " after rule '"
                + e.mapped[i].getRule() + "' (it is mandatory)";
    }

    private String clean(Entry e, FieldKey key, String raw) {
        String cleaned = Validator.removeInvalidCharacters(raw);
        if (cleaned != raw && !cleaned.equals(raw)) {
            boolean mandatory = key.equals(FieldKey.USER_ID) || key.equals(FieldKey.NAME);
            int removed = raw.codePointCount(0, raw.length()) - cleaned.codePointCount(0, cleaned.length());
            StringBuilder what = new StringBuilder();
            if (!key.isSecret()) {
                Set<String> cps = new TreeSet<>();
                raw.codePoints().filter(cp -> !Validator.isValidXmlCodePoint(cp))
                        .forEach(cp -> cps.add(String.format(Locale.ROOT, "U+%04X", cp)));
                what.append(' ').append(cps);
            }
            String msg = key.getLabel() + " had " + removed + " character(s) outside XML's valid ranges" + what
                    + "; removed";
            if (mandatory && cleaned.isBlank()) {
                error(e, key, ViolationCode.INVALID_CHARACTERS, msg + ", which leaves the mandatory field empty;"
                        + " the user is skipped");
            } else {
                warn(e, key, ViolationCode.INVALID_CHARACTERS, msg);
            }
        }
        return cleaned;
    }

    private static String codeProblem(FieldKey key, String value) {
        boolean login = key.equals(FieldKey.LOGIN_CODE);
        String range = login ? Validator.LOGIN_CODE_MIN + " to " + Validator.LOGIN_CODE_MAX
                : "0 to " + Validator.VOICEMAIL_CODE_MAX;
        if (!Validator.isAsciiDigits(value)) {
            long bad = value.chars().filter(c -> c < '0' || c > '9').count();
            return key.getLabel() + " has " + bad + " character(s) that are not ASCII digits 0-9 (it must be " + range
                    + " digits); left blank";
        }
        return key.getLabel() + " has " + value.length() + " digits, it must have " + range + "; left blank";
    }

    private void findDuplicateIds() {
        Map<String, List<Entry>> dups = null;
        for (Entry e : entries) {
            if (e.userId == null) {
                continue;
            }
            Entry prev = byId.putIfAbsent(e.userId, e);
            if (prev != null) {
                if (dups == null) {
                    dups = new TreeMap<>();
                }
                dups.computeIfAbsent(e.userId, k -> new ArrayList<>(List.of(prev))).add(e);
            }
        }
        if (dups == null) {
            return;
        }
        for (Map.Entry<String, List<Entry>> d : dups.entrySet()) {
            List<String> refs = new ArrayList<>();
            for (Entry e : d.getValue()) {
                refs.add(e.ref);
            }
            String shown = refs.size() <= 5 ? refs.toString() : refs.subList(0, 5) + " and " + (refs.size() - 5) + " more";
            for (Entry e : d.getValue()) {
                error(e, FieldKey.USER_ID, ViolationCode.DUPLICATE_USER_ID, refs.size()
                        + " entries map to User Identification '" + d.getKey() + "' " + shown
                        + "; nobody can tell which is right, so all of them are skipped");
            }
        }
    }

    // ---------------------------------------------------------------- matching and decisions

    private void match(Entry e) {
        PbxUser x = pbxById.get(e.userId);
        DisabledAccountPolicy policy = options.getDisabledAccountPolicy();
        boolean accountEnabled = e.src.isEnabled();
        if (x != null && !isOwned(x)) {
            error(e, FieldKey.USER_ID, ViolationCode.USER_ID_TAKEN, "User Identification '" + e.userId
                    + "' belongs to PBX user '" + x.getName() + "' " + ownerText(x)
                    + "; this sync never touches it, the entry is skipped");
            return;
        }
        if (x == null) {
            if (e.trace != null) {
                e.trace(() -> "no PBX user has User Identification '" + e.userId + "': a new user");
            }
            if (!accountEnabled && policy != DisabledAccountPolicy.IGNORE) {
                if (e.trace != null) {
                    e.trace(() -> "not created: the directory account is disabled (disabledAccountPolicy " + policy + ")");
                }
                return;
            }
            if (!options.isCreateEnabled()) {
                if (e.trace != null) {
                    e.trace(() -> "not created: create (New) is switched off");
                }
                return;
            }
            if (!supports(OperationType.CREATE)) {
                warn(e, null, ViolationCode.OPERATION_NOT_SUPPORTED,
                        "the PBX cannot create users; the user is not created");
                return;
            }
            prepareCreate(e);
            if (!e.error) {
                e.kind = Entry.Kind.CREATE;
            }
            return;
        }
        e.existing = x;
        e.curNameKey = nameKey(x.getName());
        e.curExt = x.getFields().get(FieldKey.EXTENSION);
        if (e.trace != null) {
            e.trace(() -> "matched PBX user '" + x.getName() + "' owned by this sync (" + (x.isEnabled() ? "enabled" : "disabled")
                    + ")");
        }
        if (!accountEnabled && policy == DisabledAccountPolicy.SKIP) {
            e.kind = Entry.Kind.KEEP;
            if (e.trace != null) {
                e.trace(() -> "left as it is: the directory account is disabled (disabledAccountPolicy SKIP)");
            }
            return;
        }
        prepareUpdate(e);
        if (!options.isUpdateEnabled()) {
            e.kind = Entry.Kind.KEEP;
            if (e.trace != null) {
                e.trace(() -> "fields not updated: update is switched off");
            }
        } else if (!supports(OperationType.UPDATE)) {
            e.kind = Entry.Kind.KEEP;
            if (!computeUpdate(e).isEmpty()) {
                warn(e, null, ViolationCode.OPERATION_NOT_SUPPORTED,
                        "the PBX cannot update users; the user's changed fields are not written");
            }
        } else {
            e.kind = Entry.Kind.UPDATE;
        }
        boolean wantEnabled = accountEnabled || policy == DisabledAccountPolicy.IGNORE;
        if (!wantEnabled && x.isEnabled()) {
            if (!options.isUpdateEnabled()) {
                if (e.trace != null) {
                    e.trace(() -> "not disabled: the account is disabled in the directory, but update is switched off");
                }
            } else if (!supports(OperationType.DISABLE)) {
                warn(e, null, ViolationCode.OPERATION_NOT_SUPPORTED,
                        "the PBX cannot disable users; the user stays enabled although its directory account is disabled");
            } else {
                e.wantDisable = true;
                if (e.trace != null) {
                    e.trace(() -> "to be disabled: the directory account is disabled");
                }
            }
        } else if (wantEnabled && !x.isEnabled()) {
            if (!options.isUpdateEnabled() && !options.isCreateEnabled()) {
                if (e.trace != null) {
                    e.trace(() -> "not enabled again: create and update are switched off");
                }
            } else if (!supports(OperationType.ENABLE)) {
                warn(e, null, ViolationCode.OPERATION_NOT_SUPPORTED,
                        "the PBX cannot enable users; the user stays disabled although its entry is back");
            } else {
                e.wantEnable = true;
                if (e.trace != null) {
                    e.trace(() -> "to be enabled again: the entry is present and enabled");
                }
            }
        }
    }

    private void prepareCreate(Entry e) {
        String mapped = e.value(FieldKey.PROVISIONING_RULE);
        Optional<String> dflt = options.getDefaultProvisioningRule();
        if (mapped != null) {
            ProvisioningRule r = rulesByName.get(mapped);
            if (r != null) {
                e.rule = r;
                if (e.trace != null) {
                    e.trace(() -> "provisioning rule '" + r.getName() + "' (mapped)");
                }
            } else if (dflt.isPresent()) {
                e.rule = rulesByName.get(dflt.get());
                warn(e, FieldKey.PROVISIONING_RULE, ViolationCode.UNKNOWN_PROVISIONING_RULE, "provisioning rule '"
                        + mapped + "' does not exist on the PBX (names must match exactly); the default rule '"
                        + dflt.get() + "' is used");
                if (e.trace != null) {
                    e.trace(() -> "provisioning rule '" + dflt.get() + "' (default, the mapped one does not exist)");
                }
            } else {
                error(e, FieldKey.PROVISIONING_RULE, ViolationCode.UNKNOWN_PROVISIONING_RULE, "provisioning rule '"
                        + mapped + "' does not exist on the PBX (names must match exactly, existing: "
                        + new TreeSet<>(rulesByName.keySet())
                        + ") and no defaultProvisioningRule is configured; the user is not created");
                return;
            }
        } else if (dflt.isPresent()) {
            e.rule = rulesByName.get(dflt.get());
            if (e.trace != null) {
                e.trace(() -> "provisioning rule '" + dflt.get() + "' (default, none mapped)");
            }
        } else {
            if (e.trace != null) {
                e.trace(() -> "no provisioning rule");
            }
        }
        String mappedExt = e.value(FieldKey.EXTENSION);
        if (e.rule != null && e.rule.getStartExtension().isPresent()) {
            e.allocating = true;
            if (e.trace != null) {
                e.trace(() -> "extension: allocated from rule '" + e.rule.getName() + "' at or above "
                        + e.rule.getStartExtension().get()
                        + (mappedExt != null ? "; the mapped extension " + mappedExt + " is ignored, the rule wins" : ""));
            }
        } else {
            e.ext = mappedExt;
            if (e.trace != null) {
                e.trace(() -> "extension: " + (mappedExt == null ? "none" : mappedExt + " (mapped)"));
            }
        }
        e.system = chooseSystem(e);
        e.groups = resolveGroups(e);
    }

    private void prepareUpdate(Entry e) {
        PbxUser x = e.existing;
        String mappedRule = e.value(FieldKey.PROVISIONING_RULE);
        ProvisioningRule r = mappedRule == null ? null : rulesByName.get(mappedRule);
        if (r == null && options.getDefaultProvisioningRule().isPresent()) {
            r = rulesByName.get(options.getDefaultProvisioningRule().get());
        }
        e.rule = r;
        e.allocating = r != null && r.getStartExtension().isPresent();
        int ni = e.indexOf(FieldKey.NAME);
        if (ni < 0 || e.createOnly(ni)) {
            e.name = x.getName();
            e.nameKey = nameKey(e.name);
        }
        int xi = e.indexOf(FieldKey.EXTENSION);
        if (xi >= 0 && !e.createOnly(xi) && !e.allocating) {
            e.ext = e.value(xi);
        } else {
            e.ext = e.curExt;
            if (xi >= 0 && e.allocating) {
                if (e.trace != null) {
                    e.trace(() -> "extension not updated from the mapping: rule '" + e.rule.getName() + "' allocates extensions");
                }
            }
        }
        if (e.groupValues != null && !e.groupsCreateOnly) {
            e.groups = resolveGroups(e);
        }
    }

    private String chooseSystem(Entry e) {
        FieldKey[] keys = {FieldKey.SYSTEM_LAN1, FieldKey.SYSTEM_LAN2, FieldKey.SYSTEM_NAME, FieldKey.SYSTEM_FQDN};
        for (FieldKey k : keys) {
            String v = e.value(k);
            if (v == null || v.isBlank()) {
                continue;
            }
            String t = v.trim();
            PbxSystem s = k.equals(FieldKey.SYSTEM_LAN1) ? systemsByLan1.get(t)
                    : k.equals(FieldKey.SYSTEM_LAN2) ? systemsByLan2.get(t)
                    : k.equals(FieldKey.SYSTEM_NAME) ? systemsByName.get(t.toLowerCase(Locale.ROOT))
                    : systemsByFqdn.get(t.toLowerCase(Locale.ROOT));
            if (s != null) {
                if (e.trace != null) {
                    e.trace(() -> "system '" + s.getName() + "' chosen by " + k.getLabel() + " " + t);
                }
                return s.getName();
            }
            warn(e, k, ViolationCode.UNKNOWN_SYSTEM, "no PBX system has " + k.getLabel() + " '" + t
                    + "'; falling back to the provisioning rule's system, else the primary");
        }
        if (e.rule != null && e.rule.getSystem().isPresent()) {
            String rs = e.rule.getSystem().get();
            PbxSystem s = systemsByName.get(rs.toLowerCase(Locale.ROOT));
            if (s != null) {
                if (e.trace != null) {
                    e.trace(() -> "system '" + s.getName() + "' from provisioning rule '" + e.rule.getName() + "'");
                }
                return s.getName();
            }
            warn(e, FieldKey.PROVISIONING_RULE, ViolationCode.UNKNOWN_SYSTEM, "provisioning rule '"
                    + e.rule.getName() + "' names system '" + rs + "', which the PBX does not have; the primary is used");
        }
        if (primary != null) {
            if (e.trace != null) {
                e.trace(() -> "system '" + primary.getName() + "' (the primary)");
            }
            return primary.getName();
        }
        if (e.trace != null) {
            e.trace(() -> "no system: the PBX lists none");
        }
        return null;
    }

    private SortedSet<String> resolveGroups(Entry e) {
        if (e.groupValues == null) {
            return null;
        }
        SortedSet<String> result = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (String g : e.groupValues) {
            String canonical = groupsByLower.get(g.toLowerCase(Locale.ROOT));
            if (canonical != null) {
                result.add(canonical);
            } else {
                unknown.add(g);
            }
        }
        for (String g : unknown) {
            warn(e, FieldKey.GROUPS, ViolationCode.UNKNOWN_GROUP, "group '" + g
                    + "' does not exist on the PBX; that membership is dropped");
        }
        return result;
    }

    private void planRemovals(Set<String> removedIds) {
        List<PbxUser> removed = new ArrayList<>();
        if (removedIds == null) {
            for (PbxUser u : snapshot.getUsers()) {
                if (isOwned(u) && !byId.containsKey(u.getUserId())) {
                    removed.add(u);
                }
            }
        } else {
            for (String id : new TreeSet<>(removedIds)) {
                if (byId.containsKey(id)) {
                    traceSubject(id, "removal of '" + id + "' ignored: the change set also upserts it");
                    continue;
                }
                PbxUser u = pbxById.get(id);
                if (u == null) {
                    traceSubject(id, "removal of '" + id + "' ignored: no PBX user has it");
                } else if (!isOwned(u)) {
                    traceSubject(id, "removal of '" + id + "' ignored: PBX user '" + u.getName() + "' is "
                            + ownerText(u));
                } else {
                    removed.add(u);
                }
            }
        }
        removed.sort(USER_ORDER);
        for (PbxUser u : removed) {
            String why = incremental ? "the change set removes its entry" : "no directory entry has its User Identification";
            if (!options.isDeleteEnabled()) {
                traceSubject(u.getUserId(), "PBX user '" + u.getName() + "': " + why
                        + "; kept, because delete is switched off");
                continue;
            }
            if (options.getDeleteMode() == DeleteMode.DELETE) {
                if (supports(OperationType.DELETE)) {
                    deletes.add(u);
                    deleted.add(u);
                    traceSubject(u.getUserId(), "PBX user '" + u.getName() + "': " + why + "; to be deleted (delete mode DELETE)");
                } else {
                    violations.add(pbxViolation(u, ViolationCode.OPERATION_NOT_SUPPORTED, Severity.WARNING,
                            "the PBX cannot delete users; '" + u.getName() + "' (" + why + ") is kept"));
                }
            } else if (u.isEnabled()) {
                if (supports(OperationType.DISABLE)) {
                    removalDisables.add(u);
                    traceSubject(u.getUserId(), "PBX user '" + u.getName() + "': " + why
                            + "; to be disabled (delete mode DISABLE keeps the record)");
                } else {
                    violations.add(pbxViolation(u, ViolationCode.OPERATION_NOT_SUPPORTED, Severity.WARNING,
                            "the PBX cannot disable users; '" + u.getName() + "' (" + why + ") stays enabled"));
                }
            } else {
                traceSubject(u.getUserId(), "PBX user '" + u.getName() + "': " + why + "; already disabled");
            }
        }
    }

    // ---------------------------------------------------------------- uniqueness

    private void buildSlots() {
        for (PbxUser u : snapshot.getUsers()) {
            slot(nameSlots, nameKey(u.getName())).addCurrent(u);
            u.getExtension().ifPresent(x -> slot(extSlots, x).addCurrent(u));
        }
        for (String r : snapshot.getReservedExtensions()) {
            slot(extSlots, r).reserved = true;
        }
        for (Entry e : entries) {
            if (e.isLive()) {
                slot(nameSlots, e.nameKey).claim(e);
                if (e.ext != null) {
                    slot(extSlots, e.ext).claim(e);
                }
            }
        }
    }

    private static Slot slot(Map<String, Slot> slots, String key) {
        Slot s = slots.get(key);
        if (s == null) {
            s = new Slot();
            slots.put(key, s);
        }
        return s;
    }

    private void resolveClaims() {
        boolean suffix = options.getDuplicateNamePolicy() == DuplicateNamePolicy.DISAMBIGUATE_WITH_SUFFIX;
        Deque<Entry> losers = new ArrayDeque<>();
        List<Entry> suffixLosers = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.isLive()) {
                continue;
            }
            Slot ns = nameSlots.get(e.nameKey);
            boolean nsFree = ns.heldOnlyBy(e.existing);
            if (!nsFree && fixedForeign(ns) != null) {
                losers.add(e);
            } else if ((!nsFree && fixedOwned(ns) != null) || winner(ns, true) != e) {
                if (suffix) {
                    suffixLosers.add(e);
                } else {
                    losers.add(e);
                }
            }
            if (e.ext != null) {
                Slot xs = extSlots.get(e.ext);
                boolean xsFree = xs.heldOnlyBy(e.existing);
                if (xs.reserved || (!xsFree && (fixedForeign(xs) != null || fixedOwned(xs) != null))
                        || winner(xs, false) != e) {
                    losers.add(e);
                }
            }
        }
        for (Entry e : suffixLosers) {
            nameSlots.get(e.nameKey).unclaim(e);
            e.suffixLoser = true;
        }
        eliminate(losers);
        Map<String, Integer> nextSuffix = new HashMap<>();
        for (Entry e : suffixLosers) {
            if (!e.eliminated) {
                assignSuffix(e, nextSuffix);
            }
        }
    }

    private void assignSuffix(Entry e, Map<String, Integer> nextSuffix) {
        String base = e.name;
        String baseKey = e.nameKey;
        if (e.existing != null) {
            String cur = e.curNameKey;
            String prefix = baseKey + " (";
            if (cur.startsWith(prefix) && cur.endsWith(")") && cur.length() > prefix.length() + 1
                    && Validator.isAsciiDigits(cur.substring(prefix.length(), cur.length() - 1))
                    && freeName(cur, e)) {
                takeSuffix(e, e.existing.getName(), cur, base);
                return;
            }
        }
        int n = nextSuffix.getOrDefault(baseKey, 2);
        while (true) {
            String candidate = base + " (" + n + ")";
            String key = nameKey(candidate);
            n++;
            if (freeName(key, e)) {
                nextSuffix.put(baseKey, n);
                takeSuffix(e, candidate, key, base);
                return;
            }
        }
    }

    private void takeSuffix(Entry e, String name, String key, String base) {
        e.name = name;
        e.nameKey = key;
        e.suffixed = true;
        slot(nameSlots, key).claim(e);
        nameSlots.get(key).winner = e;
        warn(e, FieldKey.NAME, ViolationCode.DUPLICATE_NAME, "Name '" + base
                + "' is taken by another user of this sync; this user gets '" + name
                + "' (duplicateNamePolicy DISAMBIGUATE_WITH_SUFFIX)");
    }

    private boolean freeName(String key, Entry self) {
        Slot s = nameSlots.get(key);
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.holderCount(); i++) {
            if (s.holder(i) != self.existing) {
                return false;
            }
        }
        for (int i = 0; i < s.claimantCount(); i++) {
            if (s.claimant(i) != self) {
                return false;
            }
        }
        return true;
    }

    /** The claimant that gets a slot: the one holding it already, else the lowest User Identification. */
    private Entry winner(Slot s, boolean names) {
        if (s.winner != null) {
            return s.winner;
        }
        Entry best = null;
        for (int i = 0; i < s.claimantCount(); i++) {
            Entry c = s.claimant(i);
            if (c.existing != null && Objects.equals(names ? c.curNameKey : c.curExt, names ? c.nameKey : c.ext)) {
                best = c;
                break;
            }
        }
        if (best == null && s.claimantCount() > 0) {
            best = s.claimant(0);
        }
        s.winner = best;
        return best;
    }

    private boolean isFixed(PbxUser h) {
        if (deleted.contains(h)) {
            return false;
        }
        if (!isOwned(h)) {
            return true;
        }
        Entry he = byId.get(h.getUserId());
        return he == null || he.existing != h || !he.isLive();
    }

    private PbxUser fixedForeign(Slot s) {
        if (s == null) {
            return null;
        }
        PbxUser best = null;
        for (int i = 0; i < s.holderCount(); i++) {
            PbxUser h = s.holder(i);
            if (!isOwned(h) && isFixed(h) && (best == null || USER_ORDER.compare(h, best) < 0)) {
                best = h;
            }
        }
        return best;
    }

    private PbxUser fixedOwned(Slot s) {
        if (s == null) {
            return null;
        }
        PbxUser best = null;
        for (int i = 0; i < s.holderCount(); i++) {
            PbxUser h = s.holder(i);
            if (isOwned(h) && isFixed(h) && (best == null || USER_ORDER.compare(h, best) < 0)) {
                best = h;
            }
        }
        return best;
    }

    /** Eliminates entries; an eliminated owned user keeps its current values, which beats their claimants. */
    private void eliminate(Deque<Entry> work) {
        while (!work.isEmpty()) {
            Entry e = work.pop();
            if (e.eliminated) {
                continue;
            }
            e.eliminated = true;
            if (e.existing == null) {
                continue;
            }
            pushClaimants(nameSlots.get(e.curNameKey), e, work);
            if (e.curExt != null) {
                pushClaimants(extSlots.get(e.curExt), e, work);
            }
        }
    }

    private static void pushClaimants(Slot s, Entry self, Deque<Entry> work) {
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.claimantCount(); i++) {
            Entry c = s.claimant(i);
            if (c != self && !c.eliminated) {
                work.push(c);
            }
        }
    }

    // ---------------------------------------------------------------- extension allocation

    private void allocateExtensions() {
        Map<String, long[]> cursors = new HashMap<>();
        for (Entry e : entries) {
            if (!e.isLive() || e.kind != Entry.Kind.CREATE || !e.allocating) {
                continue;
            }
            String start = e.rule.getStartExtension().get();
            int width = start.length();
            if (width > 18) {
                noFreeExtension(e, "rule '" + e.rule.getName() + "' has a start extension of " + width
                        + " digits; at most 18 are supported");
                continue;
            }
            long max = 1;
            for (int i = 0; i < width; i++) {
                max *= 10;
            }
            long[] cursor = cursors.computeIfAbsent(e.rule.getName(), k -> new long[] {Long.parseLong(start)});
            String found = null;
            while (cursor[0] < max) {
                String candidate = pad(cursor[0], width);
                if (freeExtension(candidate)) {
                    found = candidate;
                    break;
                }
                cursor[0]++;
            }
            if (found == null) {
                noFreeExtension(e, "every " + width + "-digit extension from " + start + " up is in use");
                continue;
            }
            cursor[0]++;
            e.ext = found;
            Slot s = slot(extSlots, found);
            s.claim(e);
            s.winner = e;
            String allocated = found;
            if (e.trace != null) {
                e.trace(() -> "extension " + allocated + " allocated: the lowest free number at or above " + start);
            }
        }
    }

    private void noFreeExtension(Entry e, String why) {
        e.eliminated = true;
        e.noFreeExtension = true;
        error(e, FieldKey.EXTENSION, ViolationCode.NO_FREE_EXTENSION, "provisioning rule '" + e.rule.getName()
                + "': " + why + "; the user is not created");
    }

    private boolean freeExtension(String ext) {
        Slot s = extSlots.get(ext);
        if (s == null) {
            return true;
        }
        if (s.hasCurrent() || s.reserved) {
            return false;
        }
        for (int i = 0; i < s.claimantCount(); i++) {
            if (!s.claimant(i).eliminated) {
                return false;
            }
        }
        return true;
    }

    private static String pad(long n, int width) {
        String s = Long.toString(n);
        if (s.length() >= width) {
            return s;
        }
        StringBuilder sb = new StringBuilder(width);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s).toString();
    }

    // ---------------------------------------------------------------- update order

    private List<Entry> orderUpdates() {
        List<Entry> updates = new ArrayList<>();
        boolean edges = false;
        for (Entry e : entries) {
            if (!e.isLive() || e.kind != Entry.Kind.UPDATE) {
                continue;
            }
            updates.add(e);
            if (!e.nameKey.equals(e.curNameKey)) {
                edges |= linkHolders(nameSlots.get(e.nameKey), e);
            }
            if (e.ext != null && !e.ext.equals(e.curExt)) {
                edges |= linkHolders(extSlots.get(e.ext), e);
            }
        }
        if (!edges) {
            return updates;
        }
        PriorityQueue<Entry> ready = new PriorityQueue<>(Entry.ORDER);
        for (Entry e : updates) {
            if (e.indegree == 0) {
                ready.add(e);
            }
        }
        List<Entry> order = new ArrayList<>(updates.size());
        while (!ready.isEmpty()) {
            Entry e = ready.poll();
            e.ordered = true;
            order.add(e);
            if (e.dependents != null) {
                for (Entry d : e.dependents) {
                    if (--d.indegree == 0) {
                        ready.add(d);
                    }
                }
            }
        }
        if (order.size() < updates.size()) {
            Deque<Entry> stuck = new ArrayDeque<>();
            for (Entry e : updates) {
                if (!e.ordered) {
                    e.circular = true;
                    stuck.add(e);
                }
            }
            eliminate(stuck);
            order.removeIf(e -> e.eliminated);
        }
        return order;
    }

    private boolean linkHolders(Slot s, Entry taker) {
        boolean linked = false;
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.holderCount(); i++) {
            PbxUser h = s.holder(i);
            if (h == taker.existing || deleted.contains(h)) {
                continue;
            }
            Entry he = byId.get(h.getUserId());
            if (he != null && he.existing == h && he.isLive() && he.kind == Entry.Kind.UPDATE) {
                he.addDependent(taker);
                linked = true;
            }
        }
        return linked;
    }

    // ---------------------------------------------------------------- reasons

    private void explainEliminations() {
        for (Entry e : entries) {
            if (!e.eliminated || e.error || e.noFreeExtension) {
                continue;
            }
            if (e.circular) {
                Set<String> waits = new TreeSet<>();
                if (e.waitsFor != null) {
                    for (Entry w : e.waitsFor) {
                        waits.add("'" + w.userId + "' (" + w.existing.getName() + ")");
                    }
                }
                reject(e, null, ViolationCode.CIRCULAR_CHANGE, "its change of Name or extension needs " + waits
                        + " to be updated first, and those changes wait, directly or through others, on this one"
                        + " (a swap or a cycle); the user is skipped and keeps its current values");
                continue;
            }
            boolean found = false;
            if (!e.suffixed) {
                found |= nameReason(e);
            }
            if (e.ext != null && !e.allocating) {
                found |= extReason(e);
            }
            if (!found) {
                reject(e, null, ViolationCode.DUPLICATE_NAME, "skipped because a value it needs stays with another user");
            }
        }
    }

    private boolean nameReason(Entry e) {
        Slot s = nameSlots.get(e.nameKey);
        PbxUser foreign = fixedForeign(s);
        if (foreign != null) {
            reject(e, FieldKey.NAME, ViolationCode.NAME_TAKEN, "Name '" + e.name + "' belongs to PBX user '"
                    + foreign.getUserId() + "' " + ownerText(foreign) + " (names are unique ignoring case); "
                    + skipped(e));
            return true;
        }
        PbxUser owned = fixedOwned(s);
        if (owned != null) {
            reject(e, FieldKey.NAME, ViolationCode.DUPLICATE_NAME, "Name '" + e.name + "' stays with PBX user '"
                    + owned.getUserId() + "' (" + owned.getName() + "), owned by this sync, " + keptBecause(owned)
                    + "; " + skipped(e));
            return true;
        }
        Entry w = s == null ? null : s.winner;
        if (w != null && w != e) {
            reject(e, FieldKey.NAME, ViolationCode.DUPLICATE_NAME, "Name '" + e.name + "' is also mapped for '"
                    + w.userId + "' (" + w.ref + "), which gets it (" + (w.existing != null
                    && nameKey(w.existing.getName()).equals(e.nameKey) ? "it holds it already" : "lowest User Identification")
                    + "); " + skipped(e));
            return true;
        }
        return false;
    }

    private boolean extReason(Entry e) {
        Slot s = extSlots.get(e.ext);
        if (s.reserved) {
            reject(e, FieldKey.EXTENSION, ViolationCode.EXTENSION_TAKEN, "extension " + e.ext
                    + " is reserved on the PBX (hunt group, voicemail or similar); " + skipped(e));
            return true;
        }
        PbxUser foreign = fixedForeign(s);
        if (foreign != null) {
            reject(e, FieldKey.EXTENSION, ViolationCode.EXTENSION_TAKEN, "extension " + e.ext + " belongs to PBX user '"
                    + foreign.getUserId() + "' (" + foreign.getName() + ") " + ownerText(foreign) + "; " + skipped(e));
            return true;
        }
        PbxUser owned = fixedOwned(s);
        if (owned != null) {
            reject(e, FieldKey.EXTENSION, ViolationCode.DUPLICATE_EXTENSION, "extension " + e.ext
                    + " stays with PBX user '" + owned.getUserId() + "' (" + owned.getName() + "), owned by this sync, "
                    + keptBecause(owned) + "; " + skipped(e));
            return true;
        }
        Entry w = s.winner;
        if (w != null && w != e) {
            reject(e, FieldKey.EXTENSION, ViolationCode.DUPLICATE_EXTENSION, "extension " + e.ext
                    + " is also mapped for '" + w.userId + "' (" + w.ref + "), which gets it (" + (w.existing != null
                    && e.ext.equals(w.existing.getExtension().orElse(null)) ? "it holds it already"
                    : "lowest User Identification") + "); " + skipped(e));
            return true;
        }
        return false;
    }

    private String keptBecause(PbxUser h) {
        Entry he = byId.get(h.getUserId());
        if (he == null || he.existing != h) {
            return incremental ? "which is not in this change set" : "whose directory entry is gone and which is kept";
        }
        if (he.circular) {
            return "which keeps it because its own change is refused (CIRCULAR_CHANGE)";
        }
        if (he.eliminated) {
            return "which keeps it because its own change is skipped";
        }
        if (he.error) {
            return "whose own entry has errors";
        }
        return "which this run does not update";
    }

    private static String skipped(Entry e) {
        return e.existing == null ? "the user is not created" : "the user is not updated";
    }

    // ---------------------------------------------------------------- the plan

    private SyncPlan buildPlan(boolean emptyListing, List<Entry> updateOrder) {
        List<PlannedOperation> ops = new ArrayList<>();
        Map<String, PbxUser> state = new HashMap<>();
        for (PbxUser u : deletes) {
            ops.add(PlannedOperation.builder().type(OperationType.DELETE).userId(u.getUserId()).name(u.getName())
                    .before(u).build());
        }
        List<PbxUser> disables = new ArrayList<>(removalDisables);
        Map<String, Entry> disableEntries = new HashMap<>();
        for (Entry e : entries) {
            if (e.wantDisable && !e.error && !e.eliminated) {
                disables.add(e.existing);
                disableEntries.put(e.userId, e);
            }
        }
        disables.sort(USER_ORDER);
        for (PbxUser u : disables) {
            PbxUser after = u.withEnabled(false);
            state.put(u.getUserId(), after);
            Entry e = disableEntries.get(u.getUserId());
            ops.add(PlannedOperation.builder().type(OperationType.DISABLE).userId(u.getUserId()).name(u.getName())
                    .entryReference(Optional.ofNullable(e == null ? null : e.ref)).before(u).after(after).build());
            if (e != null) {
                if (e.trace != null) {
                    e.trace(() -> "planned: DISABLE");
                }
            }
        }
        int unchanged = 0;
        for (Entry e : updateOrder) {
            PbxUser before = state.getOrDefault(e.userId, e.existing);
            List<FieldChange> changes = new ArrayList<>();
            PbxUser after = applyUpdate(e, before, changes);
            if (changes.isEmpty()) {
                continue;
            }
            state.put(e.userId, after);
            ops.add(PlannedOperation.builder().type(OperationType.UPDATE).userId(e.userId).name(after.getName())
                    .entryReference(e.ref).before(before).after(after).changes(changes).build());
            if (e.trace != null) {
                e.trace(() -> "planned: UPDATE of " + changedNames(changes));
            }
        }
        List<Entry> enables = new ArrayList<>();
        for (Entry e : entries) {
            if (e.wantEnable && !e.error && !e.eliminated) {
                enables.add(e);
            }
        }
        for (Entry e : enables) {
            PbxUser before = state.getOrDefault(e.userId, e.existing);
            PbxUser after = before.withEnabled(true);
            state.put(e.userId, after);
            ops.add(PlannedOperation.builder().type(OperationType.ENABLE).userId(e.userId).name(after.getName())
                    .entryReference(e.ref).before(before).after(after).build());
            if (e.trace != null) {
                e.trace(() -> "planned: ENABLE");
            }
        }
        for (Entry e : entries) {
            if (e.isLive() && e.kind == Entry.Kind.CREATE) {
                ops.add(create(e));
                if (e.trace != null) {
                    e.trace(() -> "planned: CREATE");
                }
            }
        }
        for (Entry e : entries) {
            if (e.existing != null && !e.error && !e.eliminated && !state.containsKey(e.userId)) {
                if (e.kind == Entry.Kind.UPDATE || computeUpdate(e).isEmpty()) {
                    unchanged++;
                    if (e.trace != null) {
                        e.trace(() -> "unchanged: the PBX user already matches");
                    }
                } else {
                    if (e.trace != null) {
                        e.trace(() -> "left as it is although it differs from the directory");
                    }
                }
            } else if (e.error || e.eliminated) {
                if (e.trace != null) {
                    e.trace(() -> "skipped: see the errors");
                }
            }
        }
        List<String> blocks = guards(emptyListing, ops);
        violations.sort(VIOLATION_ORDER);
        return SyncPlan.builder()
                .operations(ops)
                .violations(violations)
                .unchangedCount(unchanged)
                .incremental(incremental)
                .blockReasons(blocks)
                .build();
    }

    private List<String> guards(boolean emptyListing, List<PlannedOperation> ops) {
        List<String> blocks = new ArrayList<>();
        if (!incremental && emptyListing && !options.isAllowEmptySource()) {
            blocks.add("the directory listing is empty; planning it would treat all " + ownedCount
                    + " users this sync owns as removed. If the directory really is empty, plan again with"
                    + " PlanOptions.allowEmptySource(true)");
        }
        int removals = 0;
        for (PlannedOperation op : ops) {
            if (op.getType() == OperationType.DELETE || op.getType() == OperationType.DISABLE) {
                removals++;
            }
        }
        if (removals > 0 && !options.isAllowDeletesOverThreshold()) {
            if (removals > options.getMaxDeletes()) {
                blocks.add(removals + " users would be deleted or disabled, more than maxDeletes="
                        + options.getMaxDeletes() + ". Check the directory and its filter; to apply anyway, plan"
                        + " again with PlanOptions.allowDeletesOverThreshold(true) or raise maxDeletes");
            }
            if ((long) removals * 100 > (long) options.getMaxDeletePercent() * ownedCount) {
                blocks.add(removals + " of the " + ownedCount + " users this sync owns would be deleted or disabled,"
                        + " more than maxDeletePercent=" + options.getMaxDeletePercent() + "%. Check the directory"
                        + " and its filter; to apply anyway, plan again with"
                        + " PlanOptions.allowDeletesOverThreshold(true) or raise maxDeletePercent");
            }
        }
        return blocks;
    }

    private PlannedOperation create(Entry e) {
        TreeMap<FieldKey, String> fields = new TreeMap<>();
        for (int i = 0; i < e.size(); i++) {
            FieldKey k = e.key(i);
            String v = e.value(i);
            if (v == null || !k.isUsedOnCreate() || k.equals(FieldKey.USER_ID) || k.equals(FieldKey.GROUPS)
                    || isSystemField(k) || k.equals(FieldKey.EXTENSION) || k.equals(FieldKey.PROVISIONING_RULE)) {
                continue;
            }
            fields.put(k, v);
        }
        fields.put(FieldKey.NAME, e.name);
        if (e.ext != null) {
            fields.put(FieldKey.EXTENSION, e.ext);
        }
        if (e.rule != null) {
            fields.put(FieldKey.PROVISIONING_RULE, e.rule.getName());
        }
        SortedSet<String> groups = e.groups == null ? Collections.emptySortedSet() : e.groups;
        PbxUser after = PbxUser.builder().userId(e.userId).owner(syncName).enabled(true).fields(fields)
                .groups(groups).system(Optional.ofNullable(e.system)).build();
        List<FieldChange> changes = new ArrayList<>(fields.size() + 1);
        for (Map.Entry<FieldKey, String> f : fields.entrySet()) {
            changes.add(FieldChange.builder().field(f.getKey()).newValue(f.getValue()).build());
        }
        if (!groups.isEmpty()) {
            changes.add(FieldChange.builder().field(FieldKey.GROUPS).newValue(String.join(", ", groups)).build());
            changes.sort(CHANGE_ORDER);
        }
        return PlannedOperation.builder().type(OperationType.CREATE).userId(e.userId).name(e.name).entryReference(e.ref)
                .after(after).changes(changes).build();
    }

    /** The user after the update of {@code before}; adds each change to {@code changes} in field order. */
    private PbxUser applyUpdate(Entry e, PbxUser before, List<FieldChange> changes) {
        Map<FieldKey, String> old = before.getFields();
        for (int i = 0; i < e.size(); i++) {
            FieldKey k = e.key(i);
            if (!k.isUsedOnUpdate() || e.createOnly(i) || k.equals(FieldKey.GROUPS) || k.equals(FieldKey.NAME)
                    || k.equals(FieldKey.EXTENSION)) {
                continue;
            }
            diff(changes, k, old.get(k), e.value(i));
        }
        diff(changes, FieldKey.NAME, old.get(FieldKey.NAME), e.name);
        diff(changes, FieldKey.EXTENSION, old.get(FieldKey.EXTENSION), e.ext);
        boolean groupsChange = e.groups != null && !e.groups.equals(before.getGroups());
        if (groupsChange) {
            changes.add(FieldChange.builder().field(FieldKey.GROUPS)
                    .oldValue(before.getGroups().isEmpty() ? Optional.empty() : Optional.of(String.join(", ", before.getGroups())))
                    .newValue(e.groups.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", e.groups))).build());
        }
        if (changes.isEmpty()) {
            return before;
        }
        changes.sort(CHANGE_ORDER);
        TreeMap<FieldKey, String> fields = new TreeMap<>(old);
        for (FieldChange c : changes) {
            if (c.getField().equals(FieldKey.GROUPS)) {
                continue;
            }
            if (c.getNewValue().isPresent()) {
                fields.put(c.getField(), c.getNewValue().get());
            } else {
                fields.remove(c.getField());
            }
        }
        PbxUser after = before.withFields(fields);
        return groupsChange ? after.withGroups(e.groups) : after;
    }

    private static void diff(List<FieldChange> changes, FieldKey k, String oldValue, String newValue) {
        if (!Objects.equals(oldValue, newValue)) {
            changes.add(FieldChange.builder().field(k).oldValue(Optional.ofNullable(oldValue))
                    .newValue(Optional.ofNullable(newValue)).build());
        }
    }

    /** The changes {@link #applyUpdate} would make to the current user, before uniqueness is resolved. */
    private List<FieldChange> computeUpdate(Entry e) {
        List<FieldChange> changes = new ArrayList<>();
        if (e.name == null) {
            return changes;
        }
        applyUpdate(e, e.existing, changes);
        return changes;
    }


    private static String changedNames(List<FieldChange> changes) {
        List<String> names = new ArrayList<>();
        for (FieldChange c : changes) {
            names.add(c.toString());
        }
        return String.join(", ", names);
    }

    // ---------------------------------------------------------------- helpers

    private boolean isOwned(PbxUser u) {
        return u.getOwner().isPresent() && u.getOwner().get().equals(syncName);
    }

    private static String ownerText(PbxUser u) {
        return u.getOwner().map(o -> "(owned by sync '" + o + "')").orElse("(made by hand, no sync owns it)");
    }

    private boolean supports(OperationType t) {
        return options.getSupportedOperations().contains(t);
    }

    private static boolean isSystemField(FieldKey k) {
        return k.equals(FieldKey.SYSTEM_LAN1) || k.equals(FieldKey.SYSTEM_LAN2) || k.equals(FieldKey.SYSTEM_NAME)
                || k.equals(FieldKey.SYSTEM_FQDN);
    }

    private static int capacity(int n) {
        return (int) Math.min(1 << 30, n * 4L / 3 + 16);
    }

    static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private void traceSubject(String userId, String step) {
        if (traceSubject != null && traceSubject.equals(userId)) {
            subjectSteps.add(step);
        }
    }

    private void error(Entry e, FieldKey field, ViolationCode code, String message) {
        e.error = true;
        add(e, field, code, Severity.ERROR, message);
    }

    /** An error for an entry already eliminated by a conflict. */
    private void reject(Entry e, FieldKey field, ViolationCode code, String message) {
        add(e, field, code, Severity.ERROR, message);
    }

    private void warn(Entry e, FieldKey field, ViolationCode code, String message) {
        add(e, field, code, Severity.WARNING, message);
    }

    private void add(Entry e, FieldKey field, ViolationCode code, Severity severity, String message) {
        violations.add(Violation.builder().userId(Optional.ofNullable(e.userId)).entryReference(e.ref)
                .field(Optional.ofNullable(field)).code(code).severity(severity).message(message).build());
        if (e.trace != null) {
            e.trace(() -> severity + " " + code + ": " + message);
        }
    }

    private static Violation pbxViolation(PbxUser u, ViolationCode code, Severity severity, String message) {
        return Violation.builder().userId(u.getUserId()).entryReference("(PBX user " + u.getUserId() + ")")
                .code(code).severity(severity).message(message).build();
    }
}

package org.pbxsync.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pbxsync.bench.gen.DirectoryGenerator;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.mapping.MappingRule;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.core.plan.Planner;
import org.pbxsync.core.plan.SyncPlan;

/** Shared set-up for the planning benchmarks and the scale run: mapping, planner, snapshots. */
public final class PlanningFixture {
    public static final String SYNC_NAME = "bench";
    /** The fields the hash-join baseline compares (what the mapping produces for an update). */
    static final FieldKey[] COMPARED = {FieldKey.NAME, FieldKey.FULL_NAME, FieldKey.EMAIL, FieldKey.EXTENSION,
        FieldKey.MOBILE_TWINNING};

    private PlanningFixture() {
    }

    /** @return the Active Directory default mapping plus the login code from extensionAttribute1 */
    public static Mapping mapping() {
        return Mapping.activeDirectoryDefaults().toBuilder()
                .map(FieldKey.LOGIN_CODE, MappingRule.attribute("extensionAttribute1"))
                .build();
    }

    /** @return the Teams defaults with 7-digit extensions and the login code from employeeId (the generator's Graph users carry it) */
    public static Mapping teamsMapping() {
        return Mapping.teamsDefaults().toBuilder()
                .map(FieldKey.EXTENSION, MappingRule.attribute("businessPhones").digits().last(7))
                .map(FieldKey.LOGIN_CODE, MappingRule.attribute("employeeId"))
                .build();
    }

    public static Planner planner() {
        return Planner.create(PlanOptions.builder().syncName(SYNC_NAME).build());
    }

    /** @return a PBX holding no users but every generated group */
    public static PbxSnapshot emptyPbx() {
        return PbxSnapshot.builder().groups(DirectoryGenerator.groupNames()).build();
    }

    public static List<MappedUser> map(Mapping mapping, List<DirectoryEntry> entries) {
        List<MappedUser> out = new ArrayList<>(entries.size());
        for (DirectoryEntry e : entries) {
            out.add(mapping.map(e));
        }
        return out;
    }

    /** @return the PBX as it is after {@code plan} was applied to {@code before} (creates and updates only) */
    public static PbxSnapshot applied(SyncPlan plan, PbxSnapshot before) {
        Map<String, PbxUser> users = new HashMap<>(before.getUsers().size() * 2);
        for (PbxUser u : before.getUsers()) {
            users.put(u.getUserId(), u);
        }
        for (PlannedOperation op : plan.getOperations()) {
            Optional<PbxUser> after = op.getAfter();
            if (after.isPresent()) {
                users.put(op.getUserId(), after.get());
            } else {
                users.remove(op.getUserId());
            }
        }
        return PbxSnapshot.builder().from(before).users(users.values()).build();
    }

    /** A flat record per user, for the hash-join baseline: userId then the {@link #COMPARED} fields. */
    public static String[] record(MappedUser u) {
        String[] r = new String[COMPARED.length + 1];
        r[0] = u.getUserId().orElse(u.getEntryId());
        for (int k = 0; k < COMPARED.length; k++) {
            r[k + 1] = u.getValue(COMPARED[k]).orElse(null);
        }
        return r;
    }

    public static String[] record(PbxUser u) {
        String[] r = new String[COMPARED.length + 1];
        r[0] = u.getUserId();
        for (int k = 0; k < COMPARED.length; k++) {
            r[k + 1] = u.get(COMPARED[k]).orElse(null);
        }
        return r;
    }

    /**
     * The baseline: a hash join of two sets of user records by id with field-by-field comparison.
     *
     * @return the number of records that are new or differ in some field
     */
    public static int hashJoin(String[][] desired, String[][] current) {
        Map<String, String[]> byId = new HashMap<>(current.length * 2);
        for (String[] r : current) {
            byId.put(r[0], r);
        }
        int differing = 0;
        for (String[] d : desired) {
            String[] c = byId.get(d[0]);
            if (c == null) {
                differing++;
                continue;
            }
            for (int k = 1; k < d.length; k++) {
                if (!Objects.equals(d[k], c[k])) {
                    differing++;
                    break;
                }
            }
        }
        return differing;
    }
}

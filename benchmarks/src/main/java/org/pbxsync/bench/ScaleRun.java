package org.pbxsync.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.pbxsync.bench.gen.DirectoryGenerator;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.mapping.MappedUser;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.plan.Planner;
import org.pbxsync.core.plan.SyncPlan;

/**
 * Memory and time of whole planning runs at scale, mapping as entries are generated (the way a
 * synchronizer maps while the source reads), on whatever heap the JVM is given: {@code java
 * -Xmx2g -cp benchmarks.jar org.pbxsync.bench.ScaleRun 1000000}. Prints each phase's time and
 * the largest heap occupancy seen after any garbage collection (the live set's peak, as the
 * collector saw it), and the heap's committed peak.
 */
public final class ScaleRun {
    private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();

    private ScaleRun() {
    }

    public static void main(String[] args) {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        watchCollections();
        DirectoryGenerator g = DirectoryGenerator.create(42, users, DirectoryGenerator.Shape.ACTIVE_DIRECTORY);
        Mapping mapping = PlanningFixture.mapping();
        Planner planner = PlanningFixture.planner();
        PbxSnapshot empty = PlanningFixture.emptyPbx();
        System.out.println("users " + users + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");

        long t0 = System.nanoTime();
        List<MappedUser> mapped = mapStreaming(mapping, g);
        SyncPlan first = planner.plan(mapped, empty);
        phase("first run (map + plan, empty PBX)", t0, first);
        mapped = null;
        PbxSnapshot synced = PlanningFixture.applied(first, empty);
        first = null;

        t0 = System.nanoTime();
        mapped = mapStreaming(mapping, g);
        if (Boolean.getBoolean("scale.histogram")) {
            histogram("mapped users and the synced PBX snapshot");
        }
        SyncPlan none = planner.plan(mapped, synced);
        phase("no-change run (map + plan)", t0, none);
        mapped = null;
        none = null;

        t0 = System.nanoTime();
        mapped = mapStreaming(mapping, g.mutate(7, 0.01, 0, 0));
        SyncPlan changed = planner.plan(mapped, synced);
        phase("1% changed run (map + plan)", t0, changed);

        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.printf("peak heap occupancy after GC: %d MB (%.0f bytes per user); committed now %d MB%n",
                PEAK_AFTER_GC.get() >> 20, PEAK_AFTER_GC.get() / (double) users, heap.getCommitted() >> 20);
    }

    private static void histogram(String what) {
        try {
            String h = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] lines = h.split("\n");
            System.out.println("live objects holding " + what + ":");
            for (int i = 0; i < Math.min(lines.length, 28); i++) {
                System.out.println("  " + lines[i]);
            }
            System.out.println("  " + lines[lines.length - 1]);
        } catch (javax.management.JMException e) {
            System.out.println("no class histogram: " + e);
        }
    }

    private static List<MappedUser> mapStreaming(Mapping mapping, DirectoryGenerator g) {
        List<MappedUser> out = new ArrayList<>(g.indexCount());
        g.forEachEntry(e -> out.add(mapping.map(e)));
        return out;
    }

    private static void phase(String what, long t0, SyncPlan plan) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%-40s %7d ms  %s, %d unchanged, %d violations; peak after GC so far %d MB%n", what, ms,
                plan.counts(), plan.getUnchangedCount(), plan.getViolations().size(), PEAK_AFTER_GC.get() >> 20);
    }

    private static void watchCollections() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed)
                        .sum();
                PEAK_AFTER_GC.accumulateAndGet(used, Math::max);
            }, null, null);
        }
    }
}

package com.nxtnd.hub.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The heap a full collection leaves, as the collection itself reports it: what the hub holds on to. Micrometer's
 * figures count garbage that outlived a young collection ({@code jvm.memory.usage.after.gc}, with G1 also taken after
 * young collections; {@code jvm.gc.live.data.size}, after the last collection that shrank it): a scale run's push read
 * 1.6 x its pull with them while its live heap stayed flat. The heap in use read after {@code System.gc()} returns
 * also holds what the hub's busy threads allocated since: in a scale run's push that rose by 10 to 15 MB (1.22 x the
 * pull's) while class histograms taken after full collections stayed at 46 to 54 MB.
 */
final class LiveHeap {

    private LiveHeap() {
    }

    /** Runs a full collection; the least heap any collection during it left (a young one may follow at once). */
    static long afterFullCollection() {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        long[] before = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).toArray();
        System.gc();
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        long least = Long.MAX_VALUE;
        for (int i = 0; i < collectors.size(); i++) {
            if (collectors.get(i).getCollectionCount() > before[i]
                    && collectors.get(i) instanceof com.sun.management.GarbageCollectorMXBean gc
                    && gc.getLastGcInfo() != null) {
                long used = gc.getLastGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                least = Math.min(least, used);
            }
        }
        // no collector reported one (System.gc() disabled): the heap in use, as before
        return least != Long.MAX_VALUE ? least : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

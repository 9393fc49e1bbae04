package com.nxtnd.hub.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Step of route woo-batch-writer: gives one page's writes their aggregation group (resource and page) and marks the
 * last write of each group, so the aggregator completes every group of the page while the page is still being
 * written. The caller's split then ends only when all its /batch calls are done: no latch, no timeout to wait for.
 */
@Component("wooWriteGroups")
public class WooWriteGroups {

    public List<WooWrite> close(List<WooWrite> writes) {
        Map<String, List<WooWrite>> byResource = new LinkedHashMap<>();
        writes.forEach(w -> byResource.computeIfAbsent(w.resource(), k -> new ArrayList<>()).add(w));
        List<WooWrite> out = new ArrayList<>(writes.size());
        byResource.forEach((resource, group) -> {
            PushRun run = group.get(0).run();
            String key = resource + "|" + (run == null ? java.util.UUID.randomUUID().toString() : run.nextGroup());
            for (int i = 0; i < group.size(); i++) {
                out.add(group.get(i).grouped(key, i == group.size() - 1));
            }
        });
        return out;
    }
}

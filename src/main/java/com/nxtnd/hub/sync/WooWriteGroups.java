package com.nxtnd.hub.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Steps of route woo-batch-writer: {@code close} gives one page's writes their aggregation group (resource and page)
 * and marks the last write of each group, so the aggregator completes every group of the page as soon as the page
 * has handed it on; {@code settled}/{@code failed} count a group's writes down once its /batch call and outcomes are
 * done (on the aggregator's threads), and {@code await} holds the page until all of its writes are.
 */
@Component("wooWriteGroups")
public class WooWriteGroups {

    /** Longer than a /batch call's retries take; a page still waiting then fails (its run is resumed). */
    private static final Duration WRITES_WAIT = Duration.ofMinutes(15);

    public List<WooWrite> close(List<WooWrite> writes) {
        PageWrites page = new PageWrites(writes.size());
        Map<String, List<WooWrite>> byResource = new LinkedHashMap<>();
        writes.forEach(w -> byResource.computeIfAbsent(w.resource(), k -> new ArrayList<>()).add(w));
        List<WooWrite> out = new ArrayList<>(writes.size());
        byResource.forEach((resource, group) -> {
            PushRun run = group.get(0).run();
            String key = resource + "|" + (run == null ? java.util.UUID.randomUUID().toString() : run.nextGroup());
            for (int i = 0; i < group.size(); i++) {
                out.add(group.get(i).grouped(key, i == group.size() - 1, page));
            }
        });
        return out;
    }

    /** One /batch call's writes are written, refused or failed, and told so. */
    public void settled(List<WooWrite> group) {
        group.get(0).page().settled(group.size());
    }

    /** One /batch call's writes failed outside WooCommerce's per-item answers: the page waiting for them fails. */
    public void failed(List<WooWrite> group, Exception e) {
        group.get(0).page().failed(e instanceof RuntimeException r ? r : new IllegalStateException(e), group.size());
    }

    /** Waits until every write of this page is settled (the list {@code close} made). */
    public void await(List<WooWrite> writes) throws InterruptedException {
        if (!writes.isEmpty()) {
            writes.get(0).page().await(WRITES_WAIT);
        }
    }
}

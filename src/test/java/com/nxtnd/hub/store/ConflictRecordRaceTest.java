package com.nxtnd.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.HubIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The same record-level conflict found by two paths at once (a webhook and a pull of one record) is recorded once: a
 * CI run recorded a poisoned product's type_mismatch twice when the inbox and a pull met it together.
 */
class ConflictRecordRaceTest extends HubIntegrationTest {

    /** Records of this test: WooCommerce ids from here on. */
    private static final long OURS = 8_100_000;

    @Autowired
    ConflictRepository conflicts;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSameConflictFoundByFourPathsAtOnceIsRecordedOnce() throws Exception {
        int paths = 4;
        int records = 40;
        ExecutorService pool = Executors.newFixedThreadPool(paths);
        try {
            for (int r = 0; r < records; r++) {
                long wooId = OURS + r;
                CyclicBarrier together = new CyclicBarrier(paths);
                List<Future<?>> done = new ArrayList<>();
                for (int p = 0; p < paths; p++) {
                    String source = p % 2 == 0 ? "webhook" : "batch";
                    done.add(pool.submit(() -> {
                        together.await();
                        conflicts.recordTypeMismatch("product", wooId, null, List.of("regular_price"),
                                "WooCommerce product " + wooId + ": regular_price is not a number", source);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForList("""
                select woo_id from wc_sync_conflicts where entity_type = 'product' and status = 'pending'
                and woo_id >= ? and woo_id < ? group by woo_id having count(*) > 1""", Long.class, OURS, OURS + records))
                .as("records with more than one pending conflict").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from wc_sync_conflicts where woo_id >= ? and woo_id < ?",
                Long.class, OURS, OURS + records)).isEqualTo(records);
        jdbc.update("update wc_sync_conflicts set status = 'superseded' where woo_id >= ? and woo_id < ?", OURS,
                OURS + records);
    }
}

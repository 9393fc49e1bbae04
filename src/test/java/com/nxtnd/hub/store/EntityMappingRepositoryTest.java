package com.nxtnd.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.HubIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

class EntityMappingRepositoryTest extends HubIntegrationTest {

    @Autowired
    EntityMappingRepository pairs;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void aPairIsLookedUpByItsIdEvenOnStatisticsTakenWhileThereWereNoPairs() {
        // a fresh install: the table was analyzed empty, then a first sync or webhook flood fills it
        List<String> plans = tx.execute(status -> {
            status.setRollbackOnly();
            jdbc.execute("create temp table wc_entity_mapping (like public.wc_entity_mapping including all) on commit drop");
            jdbc.execute("analyze wc_entity_mapping");
            jdbc.update("""
                    insert into wc_entity_mapping (entity_type, woo_id, nxt_id, match_key)
                    select 'product', g, 'nxt-' || g, 'SKU-' || g from generate_series(1, 2000) g""");
            return List.of(
                    plan("select * from wc_entity_mapping where entity_type = 'product' and woo_id = 5"),
                    plan("select * from wc_entity_mapping where entity_type = 'product' and nxt_id = 'nxt-5'"),
                    plan("select woo_id, id from wc_entity_mapping where entity_type = 'product' and woo_id = any('{5,6}')"),
                    plan("select * from wc_entity_mapping where entity_type = 'product' and nxt_id = any('{nxt-5}')"),
                    plan("select * from wc_entity_mapping where entity_type = 'product' and lower(match_key) = 'sku-5'"));
        });

        // the id is an index condition, not a filter over every pair of the type
        assertThat(plans).allSatisfy(plan -> assertThat(plan)
                .containsPattern("Index Cond: \\(\\((woo_id|nxt_id|lower\\(match_key\\)) = ")
                .doesNotContain("Filter:"));
    }

    private String plan(String query) {
        return String.join("\n", jdbc.queryForList("explain " + query, String.class));
    }

    @Test
    void theSamePairSavedConcurrentlyEndsAsOneRow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<EntityMapping>> saves = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String hash = String.format("%064d", i);
            saves.add(() -> pairs.save(new EntityMappingRepository.SyncedPair("product", 777001L, null, "nxt-777001",
                    "RACE-1", hash, hash, hash, null, null, null, null, null, null, "push", "woo")));
        }
        for (Future<EntityMapping> f : pool.invokeAll(saves)) {
            assertThat(f.get().wooId()).isEqualTo(777001L);
        }
        pool.shutdown();
        assertThat(pairs.byWooId("product", 777001L)).isPresent();
        assertThat(pairs.all("product").stream().filter(m -> "RACE-1".equals(m.matchKey()))).hasSize(1);
    }

    @Test
    void aPageOfPairsIsSavedAsSaveWouldOneByOne() {
        var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        // one pair known by its WooCommerce id, one known only by its NXT-ND id, one new
        pairs.save(pair(888001L, null, "OLD-1", "a"));
        pairs.save(pair(null, "nxt-888002", "OLD-2", "b"));

        pairs.saveAll(List.of(pair(888001L, "nxt-888001", "PAGE-1", "c"), pair(888002L, "nxt-888002", "PAGE-2", "d"),
                new EntityMappingRepository.SyncedPair("product", 888003L, 888000L, "nxt-888003", "PAGE-3",
                        hash("e"), hash("e"), hash("f"), json.objectNode().put("sku", "PAGE-3"), null,
                        json.objectNode().put("id", "nxt-888003"), java.time.Instant.parse("2026-11-30T10:00:00Z"),
                        null, 4, "pull", "nxt")));

        EntityMapping first = pairs.byWooId("product", 888001L).orElseThrow();
        assertThat(first.nxtId()).isEqualTo("nxt-888001");
        assertThat(first.matchKey()).isEqualTo("PAGE-1");
        assertThat(first.contentHash()).isEqualTo(hash("c"));
        EntityMapping second = pairs.byNxtId("product", "nxt-888002").orElseThrow();
        assertThat(second.wooId()).isEqualTo(888002L);
        assertThat(second.matchKey()).isEqualTo("PAGE-2");
        EntityMapping third = pairs.byWooId("product", 888003L).orElseThrow();
        assertThat(third.wooParentId()).isEqualTo(888000L);
        assertThat(third.nxtHash()).isEqualTo(hash("f"));
        assertThat(third.baseSnapshot().path("sku").asText()).isEqualTo("PAGE-3");
        assertThat(third.nxtSnapshot().path("id").asText()).isEqualTo("nxt-888003");
        assertThat(third.nxtVersion()).isEqualTo(4);
        assertThat(third.lastDirection()).isEqualTo("pull");
        assertThat(pairs.all("product").stream().filter(m -> m.matchKey() != null && m.matchKey().startsWith("PAGE-")))
                .hasSize(3);
        assertThat(pairs.byWooIds("product", List.of(888001L, 888002L, 888003L, 999999L))).containsOnlyKeys(888001L, 888002L, 888003L);
        assertThat(pairs.byNxtIds("product", List.of("nxt-888001", "nope"))).containsOnlyKeys("nxt-888001");
    }

    @Test
    void aPageMeetingAPairStoredMeanwhileFallsBackToOneByOne() {
        // the same pair twice in one page makes the batch insert fail on the unique key: nothing may be lost
        pairs.saveAll(List.of(pair(889001L, "nxt-889001", "TWICE-1", "a"), pair(889001L, "nxt-889001", "TWICE-1", "b"),
                pair(889002L, "nxt-889002", "TWICE-2", "c")));

        assertThat(pairs.byWooId("product", 889001L).orElseThrow().contentHash()).isEqualTo(hash("b"));
        assertThat(pairs.byWooId("product", 889002L)).isPresent();
    }

    @Test
    void aPageThatLosesADeadlockToAnotherWriterFallsBackToOneByOne() throws Exception {
        // another writer (a webhook batch) in a transaction: stores B, then wants A, which the page's batch holds
        // while it waits for B. PostgreSQL aborts the one whose wait began first: the page's batch.
        java.util.concurrent.CountDownLatch heldB = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> other = pool.submit(() -> {
            tx.executeWithoutResult(status -> {
                pairs.save(pair(890002L, "nxt-890002", "LOCK-2", "x"));
                heldB.countDown();
                try {
                    goOn.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                pairs.save(pair(890001L, "nxt-890001", "LOCK-1", "x"));
            });
            return null;
        });
        heldB.await();
        Future<?> page = pool.submit(() -> {
            pairs.saveAll(List.of(pair(890001L, "nxt-890001", "LOCK-1", "p"), pair(890002L, "nxt-890002", "LOCK-2", "p")));
            return null;
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock'", Long.class) > 0);
        goOn.countDown();

        page.get(); // no failure: the deadlock's victim saved its pairs one by one after the other writer committed
        other.get();
        pool.shutdown();
        assertThat(pairs.byWooId("product", 890001L).orElseThrow().contentHash()).isEqualTo(hash("p"));
        assertThat(pairs.byWooId("product", 890002L).orElseThrow().contentHash()).isEqualTo(hash("p"));
    }

    private static EntityMappingRepository.SyncedPair pair(Long wooId, String nxtId, String key, String seed) {
        return new EntityMappingRepository.SyncedPair("product", wooId, null, nxtId, key, hash(seed), hash(seed), hash(seed),
                null, null, null, null, null, null, "push", "woo");
    }

    private static String hash(String seed) {
        return seed.repeat(64).substring(0, 64);
    }
}

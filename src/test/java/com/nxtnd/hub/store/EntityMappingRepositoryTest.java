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

class EntityMappingRepositoryTest extends HubIntegrationTest {

    @Autowired
    EntityMappingRepository pairs;

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
}

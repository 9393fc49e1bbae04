package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.store.ConflictRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pull's per-record step: a SKU held by two WooCommerce products in one run is a conflict, never a merge. */
class PullPlannerTest {

    private final ObjectMapper json = new ObjectMapper();
    private final WooToNxtWriter writer = mock(WooToNxtWriter.class);
    private final CanonicalRecords canonical = mock(CanonicalRecords.class);
    private final SkuLessProducts skuLess = mock(SkuLessProducts.class);
    private final ConflictRepository conflicts = mock(ConflictRepository.class);
    private final PullSettle settle = mock(PullSettle.class);
    private final PullPlanner planner = new PullPlanner(writer, canonical, skuLess, conflicts, mock(PullErrors.class),
            settle);

    @Test
    void aSkuAlreadySeenInTheRunUnderAnotherProductIsAConflict() {
        when(skuLess.prepare(any(), any(), anyBoolean(), any())).thenAnswer(i -> Optional.of(i.getArgument(0)));
        when(writer.mapValid(eq("product"), any(), anyLong(), any(), eq("batch"), any())).thenAnswer(i -> Optional.of(
                json.createObjectNode().put("sku", ((JsonNode) i.getArgument(1)).path("sku").asText())));
        when(canonical.hash(any())).thenReturn("hash");
        when(settle.settle(eq("product"), any(), any())).thenAnswer(i -> Optional.of(i.getArgument(1)));
        PullRun run = new PullRun("product", new SyncRequest("pull", List.of("product"), false, false, false, null),
                new SyncCounts(), new ArrayList<>(), SyncCheckpoint.START, (next, total, size) -> { });

        assertThat(planner.product(run, item(10, "SKU-A"))).isNotNull();
        assertThat(planner.product(run, item(11, "SKU-B"))).isNotNull();
        assertThat(planner.product(run, item(10, "SKU-A"))).as("the same product read again").isNotNull();
        verifyNoInteractions(conflicts);

        assertThat(planner.product(run, item(12, "SKU-A"))).isNull();
        verify(conflicts).recordBusinessRule("product", 12L, null, List.of("sku"),
                "SKU SKU-A is used by WooCommerce products 10 and 12", "batch");
        assertThat(run.counts().get("product", "pull", "conflicts")).isEqualTo(1);
    }

    private PullItem item(long id, String sku) {
        return new PullItem(json.createObjectNode().put("id", id).put("sku", sku), null, Optional.empty());
    }
}

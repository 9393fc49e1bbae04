package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.store.WatermarkRepository;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A full push reads NXT-ND a page at a time, as the split asks, across entities too. */
class PushFeedTest {

    private final ObjectMapper json = new ObjectMapper();
    private final NxtClient nxt = mock(NxtClient.class);
    private final PushFeed feed = new PushFeed(nxt, mock(WatermarkRepository.class));

    @Test
    void aFullPushReadsTheNextPageOnlyWhenAskedForIt() {
        for (String resource : List.of("products", "customers")) {
            when(nxt.list(eq(resource), anyInt(), eq(PushFeed.PAGE), isNull()))
                    .thenAnswer(call -> page(call.getArgument(1), 5));
        }
        PushRun run = new PushRun(List.of("product", "customer"),
                new SyncRequest("push", List.of("product", "customer"), false, false, false, null), new SyncCounts(),
                new ArrayList<>());

        Iterator<PushPage> pages = feed.pages(run, PushFeed.PAGE);
        assertThat(pages.next().entity()).isEqualTo("product");
        verify(nxt, times(1)).list(eq("products"), anyInt(), anyInt(), isNull()); // not the other four pages
        verify(nxt, never()).list(eq("customers"), anyInt(), anyInt(), isNull());

        int read = 1;
        while (pages.hasNext()) {
            PushPage page = pages.next();
            read++;
            assertThat(page.entity()).isEqualTo(read <= 5 ? "product" : "customer");
        }
        assertThat(read).isEqualTo(10);
        verify(nxt, times(5)).list(eq("customers"), anyInt(), anyInt(), isNull());
    }

    private NxtClient.Page page(int number, int totalPages) {
        List<JsonNode> items = List.of(json.createObjectNode().put("id", "r" + number));
        return new NxtClient.Page(items, number, totalPages, totalPages);
    }
}

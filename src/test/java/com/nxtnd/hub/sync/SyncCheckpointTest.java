package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A run resumed after hub.pull.page-size was changed starts at the page holding its first unread record. */
class SyncCheckpointTest {

    @Test
    void aCheckpointOfAnotherPageSizeStartsAtThePageHoldingItsFirstUnreadRecord() {
        SyncCheckpoint after200Of100 = new SyncCheckpoint("pull:product", 3, 100); // records 1-200 done
        assertThat(after200Of100.startPage(100)).isEqualTo(3);
        assertThat(after200Of100.startPage(50)).isEqualTo(5);   // records 201-250
        assertThat(after200Of100.startPage(30)).isEqualTo(7);   // records 181-210: 181-200 read again, none skipped
        SyncCheckpoint after60Of30 = new SyncCheckpoint("pull:product", 3, 30);
        assertThat(after60Of30.startPage(100)).isEqualTo(1);    // records 1-100
        assertThat(SyncCheckpoint.START.startPage(10)).isEqualTo(1);
    }

    @Test
    void aCheckpointStoredBeforeThePageSizeWasKeptCountsPagesOf100() throws Exception {
        SyncCheckpoint stored = new ObjectMapper().readValue("{\"phase\":\"pull:product\",\"page\":4}", SyncCheckpoint.class);
        assertThat(stored.pageSize()).isNull();
        assertThat(stored.startPage(100)).isEqualTo(4);
        assertThat(stored.startPage(50)).isEqualTo(7);
    }
}

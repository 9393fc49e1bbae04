package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.nxt.NxtClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NxtCustomerMatcherTest {

    private final ObjectMapper json = new ObjectMapper();
    private final NxtClient nxt = mock(NxtClient.class);

    @Test
    void aShortCustomerListIsReadOnceAndMatchesByEmailIgnoringCase() {
        when(nxt.list("customers", 1, 500, null)).thenReturn(page(1, 1, 2, customer("c1", "Ann@Example.com"),
                customer("c2", "bob@example.com")));
        var matcher = new NxtCustomerMatcher(nxt, json, 50_000);

        matcher.prepare(List.of("ann@example.com", "carl@example.com"));

        assertThat(matcher.find(" ann@EXAMPLE.com").orElseThrow().path("customerCode").asText()).isEqualTo("CODE-c1");
        assertThat(matcher.find("carl@example.com")).isEmpty();
        matcher.prepare(List.of("dora@example.com"));
        verify(nxt, times(1)).list(anyString(), anyInt(), anyInt(), any());
        verify(nxt, never()).findCustomerByEmail(anyString());
    }

    @Test
    void aLongListIsReadOnlyOnceLookupsWouldCostAsMuch() {
        // 10 pages of customers: a page of 3 new customers is cheaper one by one, 3 + 7 more reach the 9 pages left
        List<JsonNode> firstHundreds = IntStream.range(0, 500).mapToObj(i -> customer("a" + i, "a" + i + "@example.com")).toList();
        when(nxt.list("customers", 1, 500, null)).thenReturn(page(1, 10, 5000, firstHundreds.toArray(JsonNode[]::new)));
        for (int p = 2; p <= 10; p++) {
            int from = (p - 1) * 500;
            when(nxt.list("customers", p, 500, null)).thenReturn(page(p, 10, 5000, IntStream.range(from, from + 500)
                    .mapToObj(i -> customer("a" + i, "a" + i + "@example.com")).toArray(JsonNode[]::new)));
        }
        when(nxt.findCustomerByEmail(anyString())).thenReturn(Optional.empty());
        var matcher = new NxtCustomerMatcher(nxt, json, 50_000);

        matcher.prepare(List.of("x1@example.com", "x2@example.com", "x3@example.com"));
        assertThat(matcher.indexed()).isFalse();
        List.of("x1@example.com", "x2@example.com", "x3@example.com").forEach(matcher::find);
        matcher.prepare(emails(7));

        assertThat(matcher.indexed()).isTrue();
        assertThat(matcher.find("a4321@example.com").orElseThrow().path("id").asText()).isEqualTo("a4321");
        verify(nxt, times(3)).findCustomerByEmail(anyString());
        verify(nxt, times(1)).list(eq("customers"), eq(1), anyInt(), any());
        verify(nxt, times(1)).list(eq("customers"), eq(10), anyInt(), any());
    }

    @Test
    void aListLongerThanTheLimitIsNeverHeldInMemory() {
        when(nxt.list("customers", 1, 500, null)).thenReturn(page(1, 3, 1200, customer("c1", "ann@example.com")));
        when(nxt.findCustomerByEmail("ann@example.com")).thenReturn(Optional.of(customer("c1", "ann@example.com")));
        var matcher = new NxtCustomerMatcher(nxt, json, 1000);

        matcher.prepare(emails(100));

        assertThat(matcher.indexed()).isFalse();
        assertThat(matcher.find("ann@example.com")).isPresent();
        verify(nxt, times(1)).findCustomerByEmail("ann@example.com");
    }

    @Test
    void aCustomerTheRunCreatedIsFoundBySecondWooCustomerWithItsEmail() {
        when(nxt.list("customers", 1, 500, null)).thenReturn(page(1, 0, 0));
        var matcher = new NxtCustomerMatcher(nxt, json, 50_000);
        matcher.prepare(List.of("new@example.com"));
        assertThat(matcher.find("new@example.com")).isEmpty();

        matcher.created(customer("n1", "New@example.com"));

        assertThat(matcher.find("new@example.com").orElseThrow().path("id").asText()).isEqualTo("n1");
        verify(nxt, never()).findCustomerByEmail(anyString());
    }

    private List<String> emails(int n) {
        List<String> emails = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> emails.add("new" + i + "@example.com"));
        return emails;
    }

    private JsonNode customer(String id, String email) {
        return json.createObjectNode().put("id", id).put("customerCode", "CODE-" + id).put("email", email);
    }

    private static NxtClient.Page page(int page, int totalPages, long totalCount, JsonNode... items) {
        return new NxtClient.Page(List.of(items), page, totalPages, totalCount);
    }
}

package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.nxt.NxtClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the NXT-ND customer a new WooCommerce customer is (same e-mail, case-insensitive), for one pull run.
 * One lookup per customer costs a round trip each: 10,000 new customers made 10,000 calls beside the 100 batches.
 * So the matcher reads NXT-ND's customer list once instead, as soon as that is no more calls than the lookups it
 * saves (lookups so far plus those of the page at hand reach the list's pages: never more than twice the cheaper
 * of the two), and as long as the list holds at most {@code maxIndexed} customers (kept as compact JSON bytes).
 * Customers the run creates are added; one created in NXT-ND by someone else during the run is not seen, and the
 * batch upsert then creates it under the WooCommerce code, as a lookup a moment earlier would have.
 */
final class NxtCustomerMatcher {

    private final NxtClient nxt;
    private final ObjectMapper json;
    private final int maxIndexed;
    private Map<String, byte[]> byEmail;
    private NxtClient.Page firstPage;
    private long lookups;

    NxtCustomerMatcher(NxtClient nxt, ObjectMapper json, int maxIndexed) {
        this.nxt = nxt;
        this.json = json;
        this.maxIndexed = maxIndexed;
    }

    /** Call before matching a page: {@code emails} are the page's customers that have no pair yet. */
    synchronized void prepare(Collection<String> emails) {
        if (byEmail != null || emails.isEmpty() || maxIndexed <= 0) {
            return;
        }
        if (firstPage == null) {
            firstPage = nxt.list("customers", 1, NxtClient.MAX_PAGE_SIZE, null);
        }
        boolean allRead = firstPage.items().size() < NxtClient.MAX_PAGE_SIZE || firstPage.totalPages() <= 1;
        long pagesLeft = allRead ? 0 : firstPage.totalPages() - 1;
        if (firstPage.totalCount() <= maxIndexed && lookups + emails.size() >= pagesLeft) {
            Map<String, byte[]> index = new HashMap<>();
            firstPage.items().forEach(c -> remember(index, c));
            for (int page = 2; page <= firstPage.totalPages() && !allRead; page++) {
                NxtClient.Page next = nxt.list("customers", page, NxtClient.MAX_PAGE_SIZE, null);
                next.items().forEach(c -> remember(index, c));
                allRead = next.items().size() < NxtClient.MAX_PAGE_SIZE;
            }
            byEmail = index;
            firstPage = null;
        }
    }

    synchronized Optional<JsonNode> find(String email) {
        if (byEmail == null) {
            lookups++;
            return nxt.findCustomerByEmail(email);
        }
        byte[] found = byEmail.get(key(email));
        try {
            return found == null ? Optional.empty() : Optional.of(json.readTree(found));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A customer this run wrote to NXT-ND, so a second WooCommerce customer with its e-mail finds it. */
    synchronized void created(JsonNode customer) { // from the batches' thread while the pages are planned
        if (byEmail != null) {
            remember(byEmail, customer);
        }
    }

    synchronized boolean indexed() {
        return byEmail != null;
    }

    private void remember(Map<String, byte[]> index, JsonNode customer) {
        String email = customer.path("email").asText("");
        if (email.isBlank()) {
            return;
        }
        try {
            index.putIfAbsent(key(email), json.writeValueAsBytes(customer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}

package com.nxtnd.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Both sides' end state compared record by record: every SKU and e-mail on both sides, same name, price, stock
 * (where NXT-ND keeps stock for it) and customer names; and duplicates (one key held by two records on one side).
 */
final class EndState {

    final List<String> differences = new ArrayList<>();
    long differenceCount;
    long duplicates;
    long wooProducts;
    long nxtProducts;
    long wooCustomers;
    long nxtCustomers;

    private EndState() {
    }

    static EndState compare(Peers peers, boolean stock) {
        EndState s = new EndState();
        Map<String, JsonNode> wooP = new LinkedHashMap<>();
        Map<String, JsonNode> nxtP = new LinkedHashMap<>();
        Map<String, JsonNode> wooC = new LinkedHashMap<>();
        Map<String, JsonNode> nxtC = new LinkedHashMap<>();
        peers.eachWoo("products", r -> s.put(wooP, r.path("sku").asText(), r, "WooCommerce SKU"));
        peers.eachNxt("products", r -> s.put(nxtP, r.path("sku").asText(), r, "NXT-ND SKU"));
        peers.eachWoo("customers", r -> s.put(wooC, r.path("email").asText().toLowerCase(), r, "WooCommerce e-mail"));
        peers.eachNxt("customers", r -> s.put(nxtC, r.path("email").asText().toLowerCase(), r, "NXT-ND e-mail"));
        s.wooProducts = wooP.size();
        s.nxtProducts = nxtP.size();
        s.wooCustomers = wooC.size();
        s.nxtCustomers = nxtC.size();
        Map<String, Integer> levels = stock ? peers.nxtLevels(new ArrayList<>(nxtP.keySet())) : Map.of();
        for (String sku : new TreeSet<>(union(wooP, nxtP))) {
            JsonNode w = wooP.get(sku);
            JsonNode n = nxtP.get(sku);
            if (w == null || n == null) {
                s.diff("product " + sku + " only in " + (w == null ? "NXT-ND" : "WooCommerce"));
                continue;
            }
            if (!w.path("name").asText().equals(n.path("name").asText())) {
                s.diff("product " + sku + " name: " + w.path("name").asText() + " / " + n.path("name").asText());
            }
            if (!samePrice(w.path("regular_price").asText(), n.path("unitPrice").asText())) {
                s.diff("product " + sku + " price: " + w.path("regular_price").asText() + " / " + n.path("unitPrice").asText());
            }
            Integer level = levels.get(sku);
            if (stock && level != null && w.path("stock_quantity").asInt(Integer.MIN_VALUE) != level) {
                s.diff("product " + sku + " stock: " + w.path("stock_quantity").asText() + " / " + level);
            }
        }
        for (String email : new TreeSet<>(union(wooC, nxtC))) {
            JsonNode w = wooC.get(email);
            JsonNode n = nxtC.get(email);
            if (w == null || n == null) {
                s.diff("customer " + email + " only in " + (w == null ? "NXT-ND" : "WooCommerce"));
                continue;
            }
            if (!w.path("first_name").asText().equals(n.path("firstName").asText())
                    || !w.path("last_name").asText().equals(n.path("lastName").asText())) {
                s.diff("customer " + email + " name: " + w.path("first_name").asText() + " " + w.path("last_name").asText()
                        + " / " + n.path("firstName").asText() + " " + n.path("lastName").asText());
            }
        }
        return s;
    }

    private void put(Map<String, JsonNode> side, String key, JsonNode record, String what) {
        if (side.putIfAbsent(key, record) != null) {
            duplicates++;
            diff(what + " " + key + " held by two records");
        }
    }

    private void diff(String d) {
        differenceCount++;
        if (differences.size() < 20) {
            differences.add(d);
        }
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static boolean samePrice(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return a.equals(b);
        }
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new HashMap<>();
        m.put("differences", differenceCount);
        m.put("duplicates", duplicates);
        m.put("firstDifferences", differences);
        m.put("wooProducts", wooProducts);
        m.put("nxtProducts", nxtProducts);
        m.put("wooCustomers", wooCustomers);
        m.put("nxtCustomers", nxtCustomers);
        return m;
    }
}

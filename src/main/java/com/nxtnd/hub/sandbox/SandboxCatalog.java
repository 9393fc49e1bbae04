package com.nxtnd.hub.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The deterministic catalogue both sandboxes are seeded from, so a first sync finds matches (same SKUs, same
 * e-mails) and records that exist on one side only.
 */
public final class SandboxCatalog {

    private static final String[] ADJECTIVES = {"Classic", "Organic", "Rustic", "Urban", "Vintage", "Premium",
        "Compact", "Deluxe", "Handmade", "Nordic"};
    private static final String[] NOUNS = {"Mug", "Backpack", "Lamp", "Notebook", "Scarf", "Teapot", "Chair",
        "Candle", "Blanket", "Bottle", "Wallet", "Planter"};
    private static final String[] CATEGORIES = {"Kitchen", "Bags", "Lighting", "Stationery", "Clothing", "Home"};
    private static final String[] FIRST = {"Ada", "Ben", "Chloe", "Dev", "Elena", "Felix", "Grace", "Hugo", "Iris", "Jonas"};
    private static final String[] LAST = {"Novak", "Okafor", "Schmidt", "Tanaka", "Moreau", "Silva", "Berg", "Rossi"};
    private static final String[] CITIES = {"Lisbon", "Berlin", "Lyon", "Porto", "Vienna", "Ghent"};

    private SandboxCatalog() {
    }

    public static String productName(int i) {
        return ADJECTIVES[i % ADJECTIVES.length] + " " + NOUNS[(i / ADJECTIVES.length) % NOUNS.length] + " " + i;
    }

    public static String category(int i) {
        return CATEGORIES[i % CATEGORIES.length];
    }

    /** A price string with two decimals, e.g. "12.50". */
    public static String price(int i) {
        return String.format("%d.%02d", 5 + (i * 37) % 95, (i * 25) % 100 / 25 * 25);
    }

    public static int stock(int i) {
        return 20 + (i * 7) % 80;
    }

    public static String firstName(int i) {
        return FIRST[i % FIRST.length];
    }

    public static String lastName(int i) {
        return LAST[i % LAST.length];
    }

    public static String city(int i) {
        return CITIES[i % CITIES.length];
    }

    /** An address in NXT-ND's shape. */
    public static ObjectNode address(ObjectMapper json, int i) {
        return json.createObjectNode().put("line1", (10 + i) + " Market Street").put("line2", (String) null)
                .put("city", city(i)).put("state", (String) null).put("postcode", String.format("%05d", 1000 + i))
                .put("country", "PT");
    }
}

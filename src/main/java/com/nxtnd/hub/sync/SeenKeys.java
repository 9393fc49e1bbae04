package com.nxtnd.hub.sync;

import com.carrotsearch.hppc.BitMixer;
import com.carrotsearch.hppc.LongLongHashMap;

/**
 * The SKUs a pull run has seen, each with the WooCommerce product that had it first: a second holder is a conflict.
 * A run sees the whole catalogue, so this is the one thing it holds per record. Kept as a 64-bit hash of the SKU ->
 * the product's id in a primitive map: about 20 bytes a SKU where a {@code HashMap<String, Long>} took about 120 (10 MB
 * of live heap at 100,000 products in bench scale, grown through the pull and freed at its end). Two SKUs with one hash
 * would be taken for one; at a million SKUs the chance of any such pair is about one in 30 million.
 */
final class SeenKeys {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final LongLongHashMap holders = new LongLongHashMap();

    /** Records {@code wooId} as the holder of {@code sku} when it has none; answers the first holder. */
    long holder(String sku, long wooId) {
        long key = hash(sku);
        int slot = holders.indexOf(key);
        if (holders.indexExists(slot)) {
            return holders.indexGet(slot);
        }
        holders.indexInsert(slot, key, wooId);
        return wooId;
    }

    int size() {
        return holders.size();
    }

    /** FNV-1a over the SKU's characters, then mixed: 64 bits, so that distinct SKUs practically never share one. */
    static long hash(String sku) {
        long h = FNV_OFFSET;
        for (int i = 0; i < sku.length(); i++) {
            char c = sku.charAt(i);
            h = (h ^ (c & 0xff)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return BitMixer.mix64(h);
    }
}

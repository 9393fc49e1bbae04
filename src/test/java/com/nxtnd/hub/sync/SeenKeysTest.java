package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeenKeysTest {

    @Test
    void theFirstHolderOfASkuIsKeptAndNamedToTheNext() {
        SeenKeys seen = new SeenKeys();
        assertThat(seen.holder("SKU-1", 10)).isEqualTo(10);
        assertThat(seen.holder("SKU-2", 11)).isEqualTo(11);
        assertThat(seen.holder("SKU-1", 12)).as("a second product with SKU-1").isEqualTo(10);
        assertThat(seen.holder("SKU-1", 10)).as("the holder itself again").isEqualTo(10);
        assertThat(seen.holder("sku-1", 13)).as("SKUs are compared as written").isEqualTo(13);
        assertThat(seen.size()).isEqualTo(3);
    }

    @Test
    void aCatalogueOfSkusGetsAHashEach() {
        // SKUs alike but for a character or two, as shops number them, and non-Latin ones
        Set<Long> hashes = new HashSet<>();
        int n = 0;
        for (int i = 0; i < 200_000; i++) {
            hashes.add(SeenKeys.hash("SKU-" + i));
            hashes.add(SeenKeys.hash("ÄÖ-" + i + "-x"));
            n += 2;
        }
        hashes.add(SeenKeys.hash(""));
        assertThat(hashes).hasSize(n + 1);
        SeenKeys seen = new SeenKeys();
        for (int i = 0; i < 200_000; i++) {
            assertThat(seen.holder("SKU-" + i, i)).isEqualTo(i);
        }
        assertThat(seen.holder("SKU-199999", 1)).isEqualTo(199_999);
    }
}

package com.nxtnd.hub.sync;

import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import com.nxtnd.hub.sync.WooBatchCall.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Step of route woo-batch-writer after the /batch call: the pairs of the saved records are stored together (one
 * statement per call), then every write hears how it went (counts, error store). A store that fails fails those
 * writes (WooCommerce has them; the next run finds them by SKU or e-mail).
 */
@Component("wooBatchOutcomes")
public class WooBatchOutcomes {

    private final EntityMappingRepository pairs;

    public WooBatchOutcomes(EntityMappingRepository pairs) {
        this.pairs = pairs;
    }

    public void store(List<Outcome> outcomes) {
        List<Outcome> toStore = new ArrayList<>();
        List<SyncedPair> pairsOf = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.failed() || o.write().pairOf() == null) {
                report(o);
                continue;
            }
            try {
                pairsOf.add(o.write().pairOf().apply(o.result()));
                toStore.add(o);
            } catch (RuntimeException e) {
                report(new Outcome(o.write(), true, "hub_error", e.getMessage(), null));
            }
        }
        if (toStore.isEmpty()) {
            return;
        }
        try {
            pairs.saveAll(pairsOf);
        } catch (RuntimeException e) {
            toStore.forEach(o -> report(new Outcome(o.write(), true, "hub_error",
                    "saved in WooCommerce, but not stored in the mapping: " + e.getMessage(), null)));
            return;
        }
        toStore.forEach(WooBatchOutcomes::report);
    }

    private static void report(Outcome o) {
        try {
            if (o.failed()) {
                o.write().onFailed().accept(o.code(), o.message());
            } else {
                o.write().onSaved().accept(o.result());
            }
        } catch (RuntimeException e) {
            o.write().onFailed().accept("hub_error", e.getMessage());
        }
    }
}

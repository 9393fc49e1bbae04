package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.conflict.ConflictDetector;
import com.nxtnd.hub.conflict.Detection;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A changed WooCommerce record whose pair NXT-ND changed too since the last sync: three-way merge. Held for a
 * person: left out of the batch. Otherwise the settled record is what goes to NXT-ND (and back to WooCommerce when
 * NXT-ND's side won a field). NXT-ND is only asked when there is a base to merge against.
 */
@Component
public class PullSettle {

    private final NxtClient nxt;
    private final CanonicalRecords canonical;
    private final ConflictDetector detector;
    private final EntityMappingRepository pairs;

    public PullSettle(NxtClient nxt, CanonicalRecords canonical, ConflictDetector detector,
                      EntityMappingRepository pairs) {
        this.nxt = nxt;
        this.canonical = canonical;
        this.detector = detector;
        this.pairs = pairs;
    }

    Optional<PullCandidate> settle(String entity, PullCandidate c, PullRun run) {
        if (c.pair().isEmpty() || c.pair().get().baseSnapshot() == null || c.pair().get().nxtId() == null
                || run.dryRun()) {
            return Optional.of(c);
        }
        EntityMapping pair = c.pair().get();
        Optional<JsonNode> current = nxt.get(entity + "s", pair.nxtId());
        if (current.isEmpty() || canonical.nxtHash(entity, current.get()).equals(pair.nxtHash())) {
            return Optional.of(c);
        }
        Detection detection = detector.detect(entity, pair, c.canonical(), WooToNxtWriter.wooModified(c.woo()),
                current.get(), WooToNxtWriter.instant(current.get().path("updatedAt").asText(null)), "batch");
        if (detection.conflicted()) {
            run.count("conflicts");
        }
        if (detection.held()) {
            pairs.rememberSeen(pair.id(), "woo", c.woo());
            return Optional.empty();
        }
        ObjectNode settled = ((ObjectNode) c.canonical()).deepCopy();
        settled.setAll(detection.merged());
        boolean writeBack = !detector.synced(entity, c.canonical()).equals(detector.synced(entity, settled));
        return Optional.of(new PullCandidate(c.woo(), settled, c.hash(), c.key(), c.pair(), current.get(), writeBack));
    }
}

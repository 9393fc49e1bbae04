package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Up to 100 NXT-ND records of one entity (product, customer or order), one split item of route sync-push. */
public record PushPage(PushRun run, String entity, List<JsonNode> records) {
}

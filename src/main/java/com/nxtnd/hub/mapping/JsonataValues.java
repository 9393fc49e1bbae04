package com.nxtnd.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree as jsonata-java evaluates it: the values {@code ObjectMapper.convertValue(node, Object.class)} gives
 * (LinkedHashMap, ArrayList, String, Boolean, the node's own Number type, null), made in one walk of the tree instead
 * of writing it out as tokens and reading them back: about a third of Jackson's time (2.7 to 4.6 against 7.4 to 8.7 us
 * for the docs' product sample in a loop, on a busy machine), where mapping a product takes about 50 us.
 */
final class JsonataValues {

    /** For the node types parsing never makes (below); built once, not per record. */
    private static final ObjectMapper OTHER = new ObjectMapper();

    private JsonataValues() {
    }

    static Object of(JsonNode node) {
        if (node == null) {
            return null;
        }
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, node.size() * 4 / 3 + 1));
                node.fields().forEachRemaining(e -> map.put(e.getKey(), of(e.getValue())));
                return map;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(item -> list.add(of(item)));
                return list;
            }
            case STRING:
                return node.textValue();
            case NUMBER:
                return node.numberValue();
            case BOOLEAN:
                return node.booleanValue();
            case NULL:
            case MISSING:
                return null;
            default: // binary and POJO nodes are not made by parsing JSON: as Jackson would convert them
                return OTHER.convertValue(node, Object.class);
        }
    }
}

package org.cdcgen.kstreams.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import org.cdcgen.kstreams.Event;

/**
 * The {@link Event} {@link EventReader} makes. JSON documents held as text in a column are parsed
 * at most once per record, on the first condition that needs them, and shared by every branch.
 */
final class ParsedEvent implements Event {
    private final byte[] bytes;
    private final ObjectNode row;
    private final Map<String, JsonNode> documents = new HashMap<>(4);

    ParsedEvent(byte[] bytes, ObjectNode row) {
        this.bytes = bytes;
        this.row = row;
    }

    @Override
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public ObjectNode row() {
        return row;
    }

    /**
     * The JSON document of a column: its text parsed as JSON, or an object or array given inline;
     * null (a Java null) when the column is absent, not such a value, or not JSON.
     */
    JsonNode document(String column) {
        JsonNode cached = documents.get(column);
        if (cached != null || documents.containsKey(column)) {
            return cached;
        }
        JsonNode doc = documentOf(row, column);
        documents.put(column, doc);
        return doc;
    }

    /** {@link #document} of any event's row, without the cache. */
    static JsonNode documentOf(ObjectNode row, String column) {
        JsonNode raw = row.get(column);
        if (raw != null && raw.isTextual()) {
            return EventReader.parseDocument(raw.textValue());
        }
        return raw != null && (raw.isObject() || raw.isArray()) ? raw : null;
    }
}

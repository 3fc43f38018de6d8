package org.cdcgen.kstreams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * One record of the source topic: its bytes as received (what the sinks write, unchanged) and its
 * row, the JSON object the predicates read. JSON documents held as text in a column are parsed at
 * most once per record, on the first predicate that needs them, and shared by every branch.
 */
public final class Event {
    private final byte[] bytes;
    private final ObjectNode row;
    private final Map<String, JsonNode> documents = new HashMap<>(4);

    Event(byte[] bytes, ObjectNode row) {
        this.bytes = bytes;
        this.row = row;
    }

    /** The record value exactly as it was read from the source topic. */
    public byte[] bytes() {
        return bytes;
    }

    /** The row: the flat record, or the row image of a Debezium envelope with its metadata. */
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
        JsonNode raw = row.get(column);
        JsonNode doc = null;
        if (raw != null && raw.isTextual()) {
            doc = EventReader.parseDocument(raw.textValue());
        } else if (raw != null && (raw.isObject() || raw.isArray())) {
            doc = raw;
        }
        documents.put(column, doc);
        return doc;
    }
}

package org.cdcgen.kstreams.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.cdcgen.kstreams.Event;
import org.cdcgen.kstreams.UnreadableRecordException;
import org.cdcgen.kstreams.ValueFormat;

/**
 * Record bytes to {@link Event}s, strictly: UTF-8 without malformed sequences, RFC 8259 JSON with
 * nothing after the value, strings without unpaired surrogates, and a JSON object at the top.
 * What {@code cdcgen eval} reads, this reads: a flat row, or a Debezium change event (optionally
 * inside a {@code {"schema", "payload"}} wrapper) whose row image gets the metadata Debezium's
 * ExtractNewRecordState adds: {@code __op}, {@code __table}, {@code __ts_ms}, {@code __deleted}.
 */
public final class EventReader {
    private static final int SR_HEADER = 5;

    // Immutable once built and thread-safe: Jackson's recommended way to share a mapper. Limits
    // as wide as jansson's (cdcgen eval): nesting to 2048, numbers of any sensible length.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(2048)
                            .maxNumberLength(100_000)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ValueFormat format;

    public EventReader(ValueFormat format) {
        this.format = format;
    }

    /** Reads one record value; a null value (a tombstone) is the caller's business. */
    public Event read(byte[] data) {
        int from = 0;
        if (format == ValueFormat.JSON_SR) {
            if (data.length < SR_HEADER || data[0] != 0) {
                throw new UnreadableRecordException(
                        "no Schema Registry framing (magic byte 0 and a 4-byte schema id)");
            }
            from = SR_HEADER;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, from, data.length - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableRecordException("not UTF-8");
        }
        JsonNode node = parse(text);
        if (node == null) {
            throw new UnreadableRecordException("not JSON");
        }
        if (!node.isObject()) {
            throw new UnreadableRecordException("an event must be a JSON object, not "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return new ParsedEvent(data, rowOf((ObjectNode) node));
    }

    /** JSON text to a node (any JSON value), or null when it is not JSON. */
    static JsonNode parseDocument(String text) {
        return parse(text);
    }

    private static JsonNode parse(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null || node.isMissingNode()) {
            return null;
        }
        // Jackson takes "\ud800" as a lone UTF-16 unit; such a string is no Unicode text.
        if (text.contains("\\u") && !wellFormed(node)) {
            return null;
        }
        return node;
    }

    private static boolean wellFormed(JsonNode node) {
        if (node.isTextual()) {
            return wellFormed(node.textValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!wellFormed(e.getKey()) || !wellFormed(e.getValue())) {
                    return false;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode k : node) {
                if (!wellFormed(k)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    // The row a Debezium change event stands for; a flat row is its own.
    private static ObjectNode rowOf(ObjectNode in) {
        JsonNode payload = in.get("payload");
        if (payload != null && payload.isObject() && in.has("schema")) {
            in = (ObjectNode) payload;
        }
        JsonNode op = in.get("op");
        if (op == null || !op.isTextual() || !(in.has("after") || in.has("before"))) {
            return in;
        }
        JsonNode after = in.get("after");
        JsonNode before = in.get("before");
        if (!isObject(after) && !isObject(before)) {
            throw new UnreadableRecordException(
                    "a Debezium change event needs an 'after' or 'before' object");
        }
        ObjectNode row = ((ObjectNode) (isObject(after) ? after : before)).deepCopy();
        JsonNode source = in.get("source");
        JsonNode ts = in.has("ts_ms") ? in.get("ts_ms")
                : source != null && source.isObject() && source.has("ts_ms") ? source.get("ts_ms")
                : null;
        row.set("__op", op);
        if (source != null && source.isObject() && source.has("table")) {
            row.set("__table", source.get("table"));
        }
        if (ts != null) {
            row.set("__ts_ms", ts);
        }
        row.set("__deleted", TextNode.valueOf(op.textValue().equals("d") ? "true" : "false"));
        return row;
    }

    private static boolean isObject(JsonNode n) {
        return n != null && n.isObject();
    }
}

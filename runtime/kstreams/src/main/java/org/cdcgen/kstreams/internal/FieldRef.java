package org.cdcgen.kstreams.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.cdcgen.kstreams.Event;

/**
 * Where a predicate's value is in a record and how to read it (the topology's {@code field}):
 * a column, a path into the column's JSON document (strings are keys, integers array indexes),
 * and the type the value is read as. {@link #read} returns null for SQL NULL: an absent column,
 * JSON null, nothing at the path, or a value of another JSON type or that does not parse.
 */
public record FieldRef(String column, List<Object> path, Type type, boolean epochMillis, boolean jsonText) {

    /** The value types of the topology's fields and literals. */
    public enum Type {
        STRING("string"),
        INT("int"),
        FLOAT("float"),
        BOOLEAN("boolean"),
        TIMESTAMP("timestamp"),
        JSON("json");

        private final String id;

        Type(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Type of(String id) {
            return Ids.of(Type.class, Type::id, id);
        }
    }

    public FieldRef {
        path = List.copyOf(path);
    }

    /**
     * The value at this field, typed: String, Long, Double, Boolean, {@link Moment}, or the JSON
     * node itself for a json field; null when NULL.
     */
    Object read(Event e) {
        JsonNode v = !jsonText ? e.row().get(column)
                : e instanceof ParsedEvent p ? p.document(column) : ParsedEvent.documentOf(e.row(), column);
        for (Object step : path) {
            if (v == null) {
                return null;
            }
            if (step instanceof Integer index) {
                v = v.isArray() ? v.get(index) : null;
            } else {
                v = v.isObject() ? v.get((String) step) : null;
            }
        }
        if (v == null || v.isNull()) {
            return null;
        }
        switch (type) {
            case STRING:
                return v.isTextual() ? v.textValue() : null;
            case INT:
                return int64(v);
            case FLOAT:
                return v.isNumber() ? v.doubleValue() : null;
            case BOOLEAN:
                return v.isBoolean() ? v.booleanValue() : null;
            case TIMESTAMP:
                if (epochMillis) {
                    Long ms = int64(v);
                    return ms == null ? null : Moment.ofEpochMillis(ms);
                }
                return v.isTextual() ? Moment.parseIso(v.textValue()) : null;
            case JSON:
                return v;
            default:
                throw new IllegalStateException("field type " + type);
        }
    }

    // A JSON integer (written without fraction or exponent) that fits 64 bits.
    private static Long int64(JsonNode v) {
        return v.isIntegralNumber() && v.canConvertToLong() ? v.longValue() : null;
    }
}

package org.cdcgen.kstreams.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.cdcgen.kstreams.Event;

/**
 * Where a predicate's value is in a record and how to read it (the topology's {@code field}):
 * a column, a path into the column's JSON document (strings are keys, integers array indexes),
 * and the type the value is read as (a decimal's values must fit DECIMAL(precision, scale)). {@link #read} returns null for SQL NULL: an absent column,
 * JSON null, nothing at the path, or a value of another JSON type or that does not parse.
 */
public record FieldRef(String column, List<Object> path, Type type, boolean epochMillis, boolean jsonText,
        int precision, int scale) {

    /** The value types of the topology's fields and literals. */
    public enum Type {
        STRING("string"),
        INT("int"),
        FLOAT("float"),
        DECIMAL("decimal"),
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

    /** A field of any type but decimal (which has a precision and a scale). */
    public FieldRef(String column, List<Object> path, Type type, boolean epochMillis, boolean jsonText) {
        this(column, path, type, epochMillis, jsonText, 0, 0);
    }

    /**
     * The value at this field, typed: String, Long, Double, BigDecimal, Boolean, {@link Moment}, or the JSON
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
            case DECIMAL:
                return fits(decimal(v));
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

    /** Plain decimal text as Debezium writes numeric (decimal.handling.mode=string). */
    static final java.util.regex.Pattern DECIMAL_TEXT = java.util.regex.Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

    // Debezium's text, or a JSON number: a 64-bit integer exactly, another number as the double
    // it reads as (BigDecimal.valueOf, its shortest text), as cdcgen eval reads them.
    private static java.math.BigDecimal decimal(JsonNode v) {
        if (v.isTextual()) {
            String s = v.textValue();
            return DECIMAL_TEXT.matcher(s).matches() ? new java.math.BigDecimal(s) : null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return java.math.BigDecimal.valueOf(v.longValue());
        }
        return v.isNumber() ? java.math.BigDecimal.valueOf(v.doubleValue()) : null;
    }

    // The value if it is one of DECIMAL(precision, scale), else null (as on Flink, whose cast
    // would round or fail): at most precision - scale digits before the point, scale after it.
    private java.math.BigDecimal fits(java.math.BigDecimal d) {
        if (d == null || d.signum() == 0) {
            return d;
        }
        java.math.BigDecimal t = d.stripTrailingZeros();
        int after = Math.max(t.scale(), 0);
        int before = Math.max(t.precision() - t.scale(), 0);
        return after <= scale && before <= precision - scale ? d : null;
    }

    // A JSON integer (written without fraction or exponent) that fits 64 bits.
    private static Long int64(JsonNode v) {
        return v.isIntegralNumber() && v.canConvertToLong() ? v.longValue() : null;
    }
}

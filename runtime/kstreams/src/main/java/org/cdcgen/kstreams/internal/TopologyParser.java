package org.cdcgen.kstreams.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.cdcgen.kstreams.TopologyException;
import org.cdcgen.kstreams.TopologyLoader;
import org.cdcgen.kstreams.TopologySpec;
import org.cdcgen.kstreams.ValueFormat;

/**
 * The validation behind {@link TopologyLoader}: a topology document to a {@link TopologySpec},
 * or a {@link TopologyException} naming the file and the JSON pointer of the refused value.
 */
public final class TopologyParser {
    // The semantics this runtime implements, by key; a file declaring others is refused.
    private static final Map<String, String> SEMANTICS = new LinkedHashMap<>();

    static {
        SEMANTICS.put("logic", "sql-three-valued");
        SEMANTICS.put("routeWhen", "TRUE");
        SEMANTICS.put("missingField", "NULL");
        SEMANTICS.put("malformedValue", "NULL");
        SEMANTICS.put("strings", "code-point-order");
        SEMANTICS.put("numbers", "numeric");
        SEMANTICS.put("timestamps", "instant, millisecond literals");
    }

    private static final Set<String> GUARANTEES = Set.of("at_least_once", "exactly_once_v2");
    private static final List<String> OPERATORS = List.of("and", "or", "not", "equals", "greaterThan",
            "lessThan", "greaterThanOrEqual", "lessThanOrEqual", "between", "in", "notIn", "matches",
            "isNull", "isNotNull");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String file;
    private final Map<String, FieldRef.Type> columns = new HashMap<>();

    private TopologyParser(String file) {
        this.file = file;
    }

    /** Validates a topology document; {@code file} names it in messages. */
    public static TopologySpec parse(String file, String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            int cut = why.indexOf(" (start marker at");
            throw new TopologyException(file, "", "not JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): " + (cut < 0 ? why : why.substring(0, cut)), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new TopologyException(file, "", "empty file");
        }
        return new TopologyParser(file).document(root);
    }

    private TopologyException refuse(String pointer, String problem) {
        return new TopologyException(file, pointer, problem);
    }

    // ---- plain values ----

    private JsonNode member(JsonNode obj, String ptr, String key) {
        if (obj == null || !obj.isObject()) {
            throw refuse(ptr, "expected an object");
        }
        JsonNode v = obj.get(key);
        if (v == null) {
            throw refuse(ptr + "/" + key, "missing");
        }
        return v;
    }

    private String string(JsonNode obj, String ptr, String key) {
        JsonNode v = member(obj, ptr, key);
        if (!v.isTextual() || v.textValue().isEmpty()) {
            throw refuse(ptr + "/" + key, "expected a non-empty string");
        }
        return v.textValue();
    }

    private String oneOf(JsonNode obj, String ptr, String key, String expected) {
        String v = string(obj, ptr, key);
        if (!v.equals(expected)) {
            throw refuse(ptr + "/" + key, "\"" + v + "\" is not supported by this runtime (it knows \""
                    + expected + "\")");
        }
        return v;
    }

    private JsonNode array(JsonNode obj, String ptr, String key, boolean nonEmpty) {
        JsonNode v = member(obj, ptr, key);
        if (!v.isArray() || (nonEmpty && v.isEmpty())) {
            throw refuse(ptr + "/" + key, nonEmpty ? "expected a non-empty array" : "expected an array");
        }
        return v;
    }

    // ---- the document ----

    private TopologySpec document(JsonNode root) {
        if (!root.isObject()) {
            throw refuse("", "expected a JSON object");
        }
        JsonNode version = member(root, "", "formatVersion");
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() < 1) {
            throw refuse("/formatVersion", "expected a positive integer");
        }
        if (version.intValue() > TopologyLoader.FORMAT_VERSION) {
            throw refuse("/formatVersion", "version " + version.intValue()
                    + " is newer than this runtime reads (" + TopologyLoader.FORMAT_VERSION + "); use a newer runtime");
        }
        semantics(member(root, "", "semantics"));
        schema(member(root, "", "schema"));

        String applicationId = string(root, "", "applicationId");
        String bootstrap = string(root, "", "bootstrapServers");
        String guarantee = string(root, "", "processingGuarantee");
        if (!GUARANTEES.contains(guarantee)) {
            throw refuse("/processingGuarantee", "unknown processing guarantee \"" + guarantee
                    + "\" (at_least_once, exactly_once_v2)");
        }

        JsonNode src = member(root, "", "source");
        serdes(src, "/source");
        String format = string(src, "/source", "valueFormat");
        ValueFormat valueFormat = ValueFormat.of(format);
        if (valueFormat == null) {
            throw refuse("/source/valueFormat", "unknown value format \"" + format + "\" (json, json-sr)");
        }
        TopologySpec.Source source = new TopologySpec.Source(
                string(src, "/source", "name"), string(src, "/source", "topic"), valueFormat);

        JsonNode errors = member(root, "", "deserializationErrors");
        oneOf(errors, "/deserializationErrors", "handler", TopologyLoader.HANDLER);
        String dlq = errors.has("deadLetterTopic")
                ? string(errors, "/deserializationErrors", "deadLetterTopic") : null;

        List<TopologySpec.Branch> branches = new ArrayList<>();
        Set<String> names = new HashSet<>(Set.of(source.name()));
        JsonNode bs = array(root, "", "branches", false);
        for (int i = 0; i < bs.size(); i++) {
            String ptr = "/branches/" + i;
            JsonNode b = bs.get(i);
            String filter = string(b, ptr, "filter");
            String processor = string(b, ptr, "processor");
            JsonNode sink = member(b, ptr, "sink");
            serdes(sink, ptr + "/sink");
            String sinkName = string(sink, ptr + "/sink", "name");
            String topic = string(sink, ptr + "/sink", "topic");
            if (!names.add(processor)) {
                throw refuse(ptr + "/processor", "node name \"" + processor + "\" is used twice");
            }
            if (!names.add(sinkName)) {
                throw refuse(ptr + "/sink/name", "node name \"" + sinkName + "\" is used twice");
            }
            Condition c = condition(member(b, ptr, "predicate"), ptr + "/predicate");
            branches.add(new TopologySpec.Branch(filter, processor, c, sinkName, topic));
        }
        return new TopologySpec(file, applicationId, bootstrap, guarantee, source, dlq, branches);
    }

    private void semantics(JsonNode sem) {
        for (Map.Entry<String, String> e : SEMANTICS.entrySet()) {
            oneOf(sem, "/semantics", e.getKey(), e.getValue());
        }
        JsonNode regex = member(sem, "/semantics", "regex");
        oneOf(regex, "/semantics/regex", "dialect", "java");
        oneOf(regex, "/semantics/regex", "match", "find");
    }

    // The columns the predicates may name, with their types.
    private void schema(JsonNode schema) {
        JsonNode fields = array(schema, "/schema", "fields", true);
        for (int i = 0; i < fields.size(); i++) {
            String ptr = "/schema/fields/" + i;
            String type = string(fields.get(i), ptr, "type");
            FieldRef.Type t = FieldRef.Type.of(type);
            if (t == null) {
                throw refuse(ptr + "/type", "unknown type \"" + type + "\"");
            }
            columns.put(string(fields.get(i), ptr, "name"), t);
        }
    }

    private void serdes(JsonNode endpoint, String ptr) {
        oneOf(endpoint, ptr, "keySerde", TopologyLoader.KEY_SERDE);
        oneOf(endpoint, ptr, "valueSerde", TopologyLoader.VALUE_SERDE);
    }

    // ---- conditions (the file's predicate trees) ----

    private Condition condition(JsonNode p, String ptr) {
        String op = string(p, ptr, "op");
        switch (op) {
            case "and":
            case "or": {
                JsonNode args = array(p, ptr, "args", true);
                List<Condition> kids = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    kids.add(condition(args.get(i), ptr + "/args/" + i));
                }
                return new Condition.Junction(op.equals("and"), kids);
            }
            case "not":
                return new Condition.Not(condition(member(p, ptr, "arg"), ptr + "/arg"));
            default:
                break;
        }
        if (!OPERATORS.contains(op)) {
            throw refuse(ptr + "/op", "unknown operator \"" + op + "\" (this runtime knows "
                    + String.join(", ", OPERATORS) + ")");
        }
        FieldRef f = field(member(p, ptr, "field"), ptr + "/field");
        if (f.type() == FieldRef.Type.JSON && !op.equals("isNull") && !op.equals("isNotNull")) {
            throw refuse(ptr + "/op", op + " on a json field (only isNull and isNotNull apply)");
        }
        switch (op) {
            case "isNull":
            case "isNotNull":
                return new Condition.IsNull(f, op.equals("isNotNull"));
            case "matches": {
                if (f.type() != FieldRef.Type.STRING) {
                    throw refuse(ptr + "/field/type", "matches on a " + f.type().id() + " field");
                }
                String pattern = (String) literal(member(p, ptr, "value"), ptr + "/value", FieldRef.Type.STRING);
                try {
                    return new Condition.Matches(f, Pattern.compile(pattern));
                } catch (PatternSyntaxException e) {
                    throw refuse(ptr + "/value/value", "not a Java regular expression: "
                            + e.getDescription() + " near index " + e.getIndex());
                }
            }
            case "between":
                return new Condition.Between(f, literal(member(p, ptr, "min"), ptr + "/min", f.type()),
                        literal(member(p, ptr, "max"), ptr + "/max", f.type()));
            case "in":
            case "notIn": {
                JsonNode vs = array(p, ptr, "values", true);
                List<Object> lits = new ArrayList<>();
                for (int i = 0; i < vs.size(); i++) {
                    lits.add(literal(vs.get(i), ptr + "/values/" + i, f.type()));
                }
                return new Condition.In(f, lits, op.equals("notIn"));
            }
            default:
                for (Condition.Comparison c : Condition.Comparison.values()) {
                    if (c.op.equals(op)) {
                        return new Condition.Compare(c, f, literal(member(p, ptr, "value"), ptr + "/value", f.type()));
                    }
                }
                throw new IllegalStateException("operator " + op);
        }
    }

    private FieldRef field(JsonNode f, String ptr) {
        String column = string(f, ptr, "column");
        FieldRef.Type declared = columns.get(column);
        if (declared == null) {
            throw refuse(ptr + "/column", "column \"" + column + "\" is not in /schema/fields");
        }
        String typeName = string(f, ptr, "type");
        FieldRef.Type type = FieldRef.Type.of(typeName);
        if (type == null) {
            throw refuse(ptr + "/type", "unknown type \"" + typeName
                    + "\" (string, int, float, decimal, boolean, timestamp, json)");
        }
        JsonNode pathNode = array(f, ptr, "path", false);
        List<Object> path = new ArrayList<>();
        for (int i = 0; i < pathNode.size(); i++) {
            JsonNode step = pathNode.get(i);
            if (step.isTextual()) {
                path.add(step.textValue());
            } else if (step.isIntegralNumber() && step.canConvertToInt() && step.intValue() >= 0) {
                path.add(step.intValue());
            } else {
                throw refuse(ptr + "/path/" + i, "a path step is a key (string) or an array index (integer >= 0)");
            }
        }
        JsonNode jt = member(f, ptr, "jsonText");
        if (!jt.isBoolean()) {
            throw refuse(ptr + "/jsonText", "expected true or false");
        }
        if (jt.booleanValue() && (declared != FieldRef.Type.JSON || path.isEmpty())) {
            throw refuse(ptr + "/jsonText", "jsonText needs a json column and a path");
        }
        if (!path.isEmpty() && !jt.booleanValue()) {
            throw refuse(ptr + "/path", "a path needs jsonText (the column's JSON document)");
        }
        if (path.isEmpty() && type != declared) {
            throw refuse(ptr + "/type", "column \"" + column + "\" is " + declared.id() + ", not " + type.id());
        }
        boolean epochMillis = false;
        if (type == FieldRef.Type.TIMESTAMP) {
            String enc = string(f, ptr, "encoding");
            if (!enc.equals("epoch-millis") && !enc.equals("iso-8601")) {
                throw refuse(ptr + "/encoding", "unknown timestamp encoding \"" + enc + "\" (iso-8601, epoch-millis)");
            }
            epochMillis = enc.equals("epoch-millis");
        }
        if (type == FieldRef.Type.DECIMAL) {
            int precision = bounded(f, ptr, "precision", 1, 38);
            int scale = bounded(f, ptr, "scale", 0, precision - 1);
            return new FieldRef(column, path, type, false, jt.booleanValue(), precision, scale);
        }
        return new FieldRef(column, path, type, epochMillis, jt.booleanValue());
    }

    // An integer member in [min, max].
    private int bounded(JsonNode f, String ptr, String name, int min, int max) {
        JsonNode n = member(f, ptr, name);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
            throw refuse(ptr + "/" + name, "expected an integer from " + min + " to " + max);
        }
        return n.intValue();
    }

    // {"type": T, "value": V}: V read as T, which must be the field's type.
    private Object literal(JsonNode l, String ptr, FieldRef.Type want) {
        String type = string(l, ptr, "type");
        if (!type.equals(want.id())) {
            throw refuse(ptr + "/type", "a " + type + " literal for a " + want.id() + " field");
        }
        JsonNode v = member(l, ptr, "value");
        String vptr = ptr + "/value";
        switch (want) {
            case STRING:
                if (v.isTextual()) {
                    return v.textValue();
                }
                throw refuse(vptr, "expected a string");
            case INT:
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    return v.longValue();
                }
                throw refuse(vptr, "expected a 64-bit integer");
            case FLOAT:
                if (v.isNumber()) {
                    return v.doubleValue();
                }
                throw refuse(vptr, "expected a number");
            case DECIMAL:
                if (v.isTextual() && FieldRef.DECIMAL_TEXT.matcher(v.textValue()).matches()) {
                    return new java.math.BigDecimal(v.textValue());
                }
                throw refuse(vptr, "expected a decimal as text, such as \"10000.10\"");
            case BOOLEAN:
                if (v.isBoolean()) {
                    return v.booleanValue();
                }
                throw refuse(vptr, "expected true or false");
            case TIMESTAMP:
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    return Moment.ofEpochMillis(v.longValue());
                }
                throw refuse(vptr, "expected epoch milliseconds (an integer)");
            default:
                throw refuse(ptr + "/type", "no literal of type " + type);
        }
    }
}

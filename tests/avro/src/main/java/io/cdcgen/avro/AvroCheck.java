package io.cdcgen.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Checks an avro-schemas.json written by cdcgen with Apache Avro, the
 * implementation a Schema Registry parses Avro schemas with.
 *
 * <pre>
 * AvroCheck AVRO_SCHEMAS_JSON [RECORDS.jsonl...]
 * </pre>
 *
 * <ul>
 *   <li>every schema of "schemas" parses (names, types and defaults
 *       validated), "schemaType" is AVRO, and every subject is its topic
 *       plus "-value" and names one of the schemas;
 *   <li>every line of each RECORDS file, a JSON record as the connector
 *       writes it, is converted per every subject's schema (a field the
 *       record lacks takes its default, or the record is refused; a member
 *       that is no field, or a value of another type, is refused), validated
 *       by GenericData, written in Avro's binary encoding and read back
 *       equal;
 *   <li>each record of a file's first 20 lines broken (its first required field removed; each field
 *       given a value of another JSON type in turn; a field the schema does
 *       not have added) must be refused, so the check above can fail.
 * </ul>
 *
 * Prints one line of counts; exit status 0 when everything holds, 1 when
 * something does not (each problem on standard error), 2 on a usage or I/O
 * error.
 */
public final class AvroCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Records broken per file: those of its first lines (a topic dump has thousands alike). */
    private static final int BROKEN_LINES = 20;

    private AvroCheck() {}

    /** A record that does not match its schema. */
    static final class Mismatch extends Exception {
        Mismatch(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: AvroCheck AVRO_SCHEMAS_JSON [RECORDS.jsonl...]");
            System.exit(2);
        }
        try {
            System.exit(run(args));
        } catch (IOException e) {
            System.err.println("avro: " + e.getMessage());
            System.exit(2);
        }
    }

    private static int run(String[] args) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode doc = JSON.readTree(Path.of(args[0]).toFile());
        if (!"AVRO".equals(doc.path("schemaType").asText()))
            problems.add(args[0] + ": schemaType is not AVRO");
        Map<String, Schema> schemas = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = doc.path("schemas").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                schemas.put(e.getKey(), new Schema.Parser().parse(JSON.writeValueAsString(e.getValue())));
            } catch (AvroRuntimeException ex) { // SchemaParseException, AvroTypeException
                problems.add(args[0] + ": schema '" + e.getKey() + "': " + ex.getMessage());
            }
        }
        if (schemas.isEmpty())
            problems.add(args[0] + ": no schema parsed");
        List<Schema> used = new ArrayList<>();
        int subjects = 0;
        for (JsonNode s : doc.path("subjects")) {
            subjects++;
            String subject = s.path("subject").asText(), topic = s.path("topic").asText();
            if (!subject.equals(topic + "-value"))
                problems.add(args[0] + ": subject '" + subject + "' is not topic '" + topic + "' + -value");
            Schema schema = schemas.get(s.path("schema").asText());
            if (schema == null)
                problems.add(args[0] + ": subject '" + subject + "' names no schema of 'schemas'");
            else if (!used.contains(schema))
                used.add(schema);
        }
        if (subjects == 0)
            problems.add(args[0] + ": no subjects");

        int records = 0, refused = 0;
        for (int i = 1; i < args.length; i++) {
            List<String> lines = Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).isBlank())
                    continue;
                String where = args[i] + ":" + (n + 1);
                JsonNode record = JSON.readTree(lines.get(n));
                for (Schema schema : used) {
                    try {
                        roundTrip(schema, record);
                        records++;
                    } catch (Mismatch ex) {
                        problems.add(where + ": " + ex.getMessage());
                        continue;
                    }
                    if (n >= BROKEN_LINES)
                        continue;
                    for (Map.Entry<String, JsonNode> broken : broken(schema, record).entrySet()) {
                        try {
                            roundTrip(schema, broken.getValue());
                            problems.add(where + ": accepted with " + broken.getKey());
                        } catch (Mismatch ex) {
                            refused++;
                        }
                    }
                }
            }
        }
        for (String p : problems)
            System.err.println("avro: " + p);
        System.out.printf("avro: %d schemas parsed for %d subjects, %d records encoded and read back, "
                + "%d broken records refused%n", schemas.size(), subjects, records, refused);
        return problems.isEmpty() ? 0 : 1;
    }

    /** Converts, validates, encodes and decodes one record. */
    private static void roundTrip(Schema schema, JsonNode json) throws Mismatch, IOException {
        Object datum = convert(schema, json, "");
        if (!GenericData.get().validate(schema, datum))
            throw new Mismatch("GenericData does not validate " + datum);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<Object>(schema).write(datum, enc);
        enc.flush();
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
        Object back = new GenericDatumReader<Object>(schema).read(null, dec);
        if (!dec.isEnd())
            throw new Mismatch("bytes left after reading the record back");
        if (GenericData.get().compare(datum, back, schema) != 0)
            throw new Mismatch("read back as " + back + ", written " + datum);
    }

    /** A JSON value as the Avro datum of schema, strictly. */
    private static Object convert(Schema schema, JsonNode v, String path) throws Mismatch {
        switch (schema.getType()) {
            case NULL:
                if (v == null || v.isNull())
                    return null;
                throw new Mismatch(path + ": " + v + " is not null");
            case UNION:
                if (v == null || v.isNull()) {
                    for (Schema b : schema.getTypes())
                        if (b.getType() == Schema.Type.NULL)
                            return null;
                    throw new Mismatch(path + ": null where " + schema + " takes none");
                }
                Mismatch last = null;
                for (Schema b : schema.getTypes()) {
                    if (b.getType() == Schema.Type.NULL)
                        continue;
                    try {
                        return convert(b, v, path);
                    } catch (Mismatch m) {
                        last = m;
                    }
                }
                throw last != null ? last : new Mismatch(path + ": no branch of " + schema);
            case STRING:
                if (v != null && v.isTextual())
                    return v.asText();
                break;
            case LONG:
                if (v != null && v.isIntegralNumber() && v.canConvertToLong())
                    return v.asLong();
                break;
            case INT:
                if (v != null && v.isIntegralNumber() && v.canConvertToInt())
                    return v.asInt();
                break;
            case DOUBLE:
                if (v != null && v.isNumber())
                    return v.asDouble();
                break;
            case BOOLEAN:
                if (v != null && v.isBoolean())
                    return v.asBoolean();
                break;
            case RECORD:
                if (v == null || !v.isObject())
                    break;
                GenericRecord r = new GenericData.Record(schema);
                Iterator<String> names = v.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (schema.getField(name) == null)
                        throw new Mismatch(path + "/" + name + ": not a field of " + schema.getFullName());
                }
                for (Schema.Field f : schema.getFields()) {
                    JsonNode fv = v.get(f.name());
                    if (fv == null) {
                        if (!f.hasDefaultValue())
                            throw new Mismatch(path + "/" + f.name() + ": missing, and it has no default");
                        r.put(f.pos(), GenericData.get().getDefaultValue(f));
                    } else {
                        r.put(f.pos(), convert(f.schema(), fv, path + "/" + f.name()));
                    }
                }
                return r;
            default:
                throw new Mismatch(path + ": cdcgen writes no " + schema.getType() + " (unexpected type)");
        }
        throw new Mismatch(path + ": " + v + " is not " + schema);
    }

    /** The record broken in ways its schema must refuse, by what was done. */
    private static Map<String, JsonNode> broken(Schema schema, JsonNode record) {
        Map<String, JsonNode> out = new HashMap<>();
        for (Schema.Field f : schema.getFields()) {
            if (!f.hasDefaultValue() && record.has(f.name())) {
                ObjectNode r = record.deepCopy();
                r.remove(f.name());
                out.put("'" + f.name() + "' removed", r);
                break;
            }
        }
        for (Schema.Field f : schema.getFields()) {
            JsonNode v = record.get(f.name());
            if (v == null || v.isNull())
                continue;
            ObjectNode r = record.deepCopy();
            // another JSON type: text for a number or boolean, an object for text
            r.set(f.name(), v.isTextual() ? JsonNodeFactory.instance.objectNode().put("x", 1)
                    : JsonNodeFactory.instance.textNode(v.asText()));
            out.put("'" + f.name() + "' as " + r.get(f.name()), r);
        }
        ObjectNode extra = record.deepCopy();
        extra.put("__not_a_column", "x");
        out.put("a field the schema lacks", extra);
        return out;
    }
}

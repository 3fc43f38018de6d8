package org.cdcgen.kstreams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.cdcgen.kstreams.Repo;
import org.cdcgen.kstreams.TopologyException;
import org.cdcgen.kstreams.TopologyLoader;
import org.cdcgen.kstreams.TopologySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of topology file the runtime refuses at start-up, with the exact message (file and
 * JSON pointer), both from the library and from the command line (exit status 2). The files are
 * tests' own topology ({@link Repo#topology()}) with one thing changed.
 */
class StartupRefusalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path file;

    private String refusal(Consumer<ObjectNode> change) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(Repo.topology()));
        change.accept(doc);
        return refusal(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }

    private String refusal(String text) throws Exception {
        file = tmp.resolve("kstreams-topology.json");
        Files.writeString(file, text);
        TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load(file));
        // The command line says the same and exits 2 without starting anything.
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--topology", file.toString(), "--replay", "-"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertEquals("cdcgen-kstreams: error: " + e.getMessage() + System.lineSeparator(),
                err.toString(StandardCharsets.UTF_8));
        return e.getMessage().substring(file.toString().length() + 2);
    }

    private static ObjectNode leaf(ObjectNode doc, int branch, int arg) {
        return (ObjectNode) doc.get("branches").get(branch).get("predicate").get("args").get(arg);
    }

    @Test
    void fixtureTopologyLoads() throws Exception {
        TopologySpec spec = TopologyLoader.load(Repo.topology());
        assertEquals(4, spec.branches().size());
        assertEquals("at_least_once", spec.processingGuarantee());
    }

    @Test
    void newerFormatVersion() throws Exception {
        assertEquals("/formatVersion: version 2 is newer than this runtime reads (1); use a newer runtime",
                refusal(d -> d.put("formatVersion", 2)));
    }

    @Test
    void unknownSemantics() throws Exception {
        assertEquals("/semantics/logic: \"two-valued\" is not supported by this runtime (it knows \"sql-three-valued\")",
                refusal(d -> ((ObjectNode) d.get("semantics")).put("logic", "two-valued")));
        assertEquals("/semantics/regex/match: \"matches\" is not supported by this runtime (it knows \"find\")",
                refusal(d -> ((ObjectNode) d.get("semantics").get("regex")).put("match", "matches")));
        assertEquals("/semantics/strings: missing",
                refusal(d -> ((ObjectNode) d.get("semantics")).remove("strings")));
    }

    @Test
    void unknownOperator() throws Exception {
        assertEquals("/branches/1/predicate/args/0/op: unknown operator \"like\" (this runtime knows and, or, not, "
                        + "equals, greaterThan, lessThan, greaterThanOrEqual, lessThanOrEqual, between, in, notIn, "
                        + "matches, isNull, isNotNull)",
                refusal(d -> leaf(d, 1, 0).put("op", "like")));
    }

    @Test
    void badConditionTrees() throws Exception {
        assertEquals("/branches/0/predicate/args/0/value/type: a int literal for a string field",
                refusal(d -> ((ObjectNode) leaf(d, 0, 0).get("value")).put("type", "int")));
        assertEquals("/branches/0/predicate/args/0/field/column: column \"event_typ\" is not in /schema/fields",
                refusal(d -> ((ObjectNode) leaf(d, 0, 0).get("field")).put("column", "event_typ")));
        assertEquals("/branches/2/predicate/args: expected a non-empty array",
                refusal(d -> ((ObjectNode) d.get("branches").get(2).get("predicate")).putArray("args")));
        assertEquals("/branches/0/predicate/args/0/value/value: not a Java regular expression: "
                        + "Unclosed group near index 4",
                refusal(d -> {
                    ObjectNode l = leaf(d, 0, 0);
                    l.put("op", "matches");
                    ((ObjectNode) l.get("value")).put("value", "(Car");
                }));
    }

    @Test
    void unknownSerdeHandlerGuaranteeOrFormat() throws Exception {
        assertEquals("/source/keySerde: \"String\" is not supported by this runtime (it knows "
                        + "\"org.apache.kafka.common.serialization.Serdes$ByteArraySerde\")",
                refusal(d -> ((ObjectNode) d.get("source")).put("keySerde", "String")));
        assertEquals("/branches/3/sink/valueSerde: \"JsonNode\" is not supported by this runtime (it knows "
                        + "\"org.cdcgen.kstreams.EventSerde\")",
                refusal(d -> ((ObjectNode) d.get("branches").get(3).get("sink")).put("valueSerde", "JsonNode")));
        assertEquals("/processingGuarantee: unknown processing guarantee \"exactly_once\" (at_least_once, exactly_once_v2)",
                refusal(d -> d.put("processingGuarantee", "exactly_once")));
        assertEquals("/source/valueFormat: unknown value format \"avro\" (json, json-sr)",
                refusal(d -> ((ObjectNode) d.get("source")).put("valueFormat", "avro")));
        assertEquals("/deserializationErrors: missing",
                refusal(d -> d.remove("deserializationErrors")));
    }

    @Test
    void duplicateNodeNames() throws Exception {
        assertEquals("/branches/1/processor: node name \"filter-car-created-filter\" is used twice",
                refusal(d -> {
                    ArrayNode b = (ArrayNode) d.get("branches");
                    ((ObjectNode) b.get(1)).set("processor", b.get(0).get("processor"));
                }));
    }

    @Test
    void notJsonOrNoFile() throws Exception {
        assertEquals("(document): not JSON (line 1, column 20): Unexpected end-of-input: expected close marker "
                + "for Object", refusal("{\"formatVersion\": 1"));
        assertEquals("(document): expected a JSON object", refusal("[]"));
        TopologyException e = assertThrows(TopologyException.class,
                () -> TopologyLoader.load(tmp.resolve("missing.json")));
        assertEquals(tmp.resolve("missing.json") + ": (document): cannot read the file: no such file", e.getMessage());
    }

    @Test
    void pointerNamesTheValue() throws Exception {
        refusal(d -> d.put("formatVersion", 2));
        JsonNode doc = JSON.readTree(Files.readString(file));
        assertEquals(2, doc.at("/formatVersion").intValue());
    }
}

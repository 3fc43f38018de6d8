package org.cdcgen.kstreams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records the source cannot route, on the tests' own topology ({@link Repo#topology()})
 * with a dead-letter topic: each has its documented outcome, is counted, and crashes nothing;
 * routable records keep their key, headers and bytes.
 */
class BadRecordsTest {
    private static final String DLQ = "router-unreadable";
    private static final String LOAN = "{\"event_type\": \"LoanCreated\", \"__op\": \"c\"}";

    private TopologySpec spec;
    private RouterMetrics metrics;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> in;
    private TestOutputTopic<byte[], byte[]> loans;
    private TestOutputTopic<byte[], byte[]> dead;

    static TopologySpec projectTopology(String deadLetterTopic, String valueFormat) throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode doc = (ObjectNode) m.readTree(Files.readString(Repo.topology()));
        if (deadLetterTopic != null) {
            ((ObjectNode) doc.get("deserializationErrors")).put("deadLetterTopic", deadLetterTopic);
        }
        ((ObjectNode) doc.get("source")).put("valueFormat", valueFormat);
        return TopologyLoader.parse("kstreams-topology.json", m.writeValueAsString(doc));
    }

    static TopologyTestDriver driver(TopologySpec spec, RouterMetrics metrics) {
        Properties props = RouterConfig.build(spec, new Properties(), Map.of(), metrics);
        return new TopologyTestDriver(RouterTopology.build(spec, metrics), props);
    }

    @BeforeEach
    void start() throws Exception {
        spec = projectTopology(DLQ, "json");
        metrics = new RouterMetrics(spec);
        driver = driver(spec, metrics);
        in = driver.createInputTopic("raw-event-headers", new ByteArraySerializer(), new ByteArraySerializer());
        loans = driver.createOutputTopic("filtered-loan-created-events-spring", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        dead = driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void assertUnreadable(byte[] value, String reason) {
        long before = metrics.unreadable();
        Headers h = new RecordHeaders().add("trace", utf8("t-1"));
        in.pipeInput(new TestRecord<>(utf8("k"), value, h));
        assertEquals(before + 1, metrics.unreadable());
        assertEquals(reason, metrics.lastUnreadableReason());
        assertTrue(loans.isEmpty(), "an unreadable record was routed");
        TestRecord<byte[], byte[]> d = dead.readRecord();
        assertArrayEquals(utf8("k"), d.key());
        assertArrayEquals(value, d.value());
        assertArrayEquals(utf8("t-1"), d.headers().lastHeader("trace").value());
        assertEquals(reason, new String(d.headers().lastHeader(SkipUnreadableHandler.HEADER_REASON).value(),
                StandardCharsets.UTF_8));
        assertTrue(new String(d.headers().lastHeader(SkipUnreadableHandler.HEADER_ORIGIN).value(),
                StandardCharsets.UTF_8).startsWith("raw-event-headers-0@"));
        assertTrue(dead.isEmpty());
    }

    @Test
    void notJsonIsSkippedCountedAndDeadLettered() {
        assertUnreadable(utf8("LoanCreated,c"), "not JSON");
        assertUnreadable(utf8(LOAN + " trailing"), "not JSON");
    }

    @Test
    void arraysAndScalarsAreNoEvents() {
        assertUnreadable(utf8("[" + LOAN + "]"), "an event must be a JSON object, not array");
        assertUnreadable(utf8("null"), "an event must be a JSON object, not null");
        assertUnreadable(utf8("\"LoanCreated\""), "an event must be a JSON object, not string");
    }

    @Test
    void textThatIsNoUnicodeIsUnreadable() {
        assertUnreadable(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}, "not UTF-8");
        assertUnreadable(utf8("{\"event_type\": \"\\ud800\", \"__op\": \"c\"}"), "not JSON");
    }

    @Test
    void envelopeWithoutRowIsUnreadable() {
        assertUnreadable(utf8("{\"op\": \"c\", \"after\": null}"),
                "a Debezium change event needs an 'after' or 'before' object");
    }

    @Test
    void tombstoneIsCountedAndRoutedNowhere() {
        in.pipeInput(utf8("k"), (byte[]) null);
        assertEquals(1, metrics.tombstones());
        assertEquals(0, metrics.unreadable());
        assertTrue(loans.isEmpty());
        assertTrue(dead.isEmpty());
        for (int i = 0; i < spec.branches().size(); i++) {
            assertEquals(0, metrics.routed(i));
        }
    }

    @Test
    void missingKeyIsRoutedWithNullKeyAndCounted() {
        in.pipeInput(null, utf8(LOAN));
        assertEquals(1, metrics.nullKeys());
        TestRecord<byte[], byte[]> r = loans.readRecord();
        assertNull(r.key());
        assertArrayEquals(utf8(LOAN), r.value());
    }

    @Test
    void routedRecordKeepsKeyHeadersAndBytes() {
        String value = "{ \"__op\":\"c\" ,\n \"event_type\" : \"LoanCreated\", \"extra\": [1.50, \"x\"] }";
        Headers h = new RecordHeaders().add("trace", utf8("t-2"));
        in.pipeInput(new TestRecord<>(utf8("{\"id\":7}"), utf8(value), h, 1234L));
        TestRecord<byte[], byte[]> r = loans.readRecord();
        assertArrayEquals(utf8("{\"id\":7}"), r.key());
        assertArrayEquals(utf8(value), r.value());
        assertArrayEquals(utf8("t-2"), r.headers().lastHeader("trace").value());
        assertEquals(1234L, r.timestamp());
        assertTrue(loans.isEmpty());
        assertEquals(1, metrics.records());
    }

    @Test
    void unreadableWithoutDeadLetterTopicIsOnlySkipped() throws Exception {
        TopologySpec plain = projectTopology(null, "json");
        RouterMetrics m = new RouterMetrics(plain);
        try (TopologyTestDriver d = driver(plain, m)) {
            TestInputTopic<byte[], byte[]> i = d.createInputTopic("raw-event-headers", new ByteArraySerializer(),
                    new ByteArraySerializer());
            i.pipeInput(utf8("k"), utf8("{"));
            i.pipeInput(utf8("k"), utf8(LOAN));
            assertEquals(1, m.unreadable());
            assertEquals(List.of("filtered-loan-created-events-spring"),
                    List.copyOf(d.producedTopicNames()));
        }
    }

    @Test
    void schemaRegistryFramingIsRequiredAndStripped() throws Exception {
        TopologySpec sr = projectTopology(null, "json-sr");
        RouterMetrics m = new RouterMetrics(sr);
        try (TopologyTestDriver d = driver(sr, m)) {
            TestInputTopic<byte[], byte[]> i = d.createInputTopic("raw-event-headers", new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> o = d.createOutputTopic("filtered-loan-created-events-spring",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            byte[] json = utf8(LOAN);
            byte[] framed = new byte[json.length + 5];
            framed[4] = 42; // magic byte 0, schema id 42
            System.arraycopy(json, 0, framed, 5, json.length);
            i.pipeInput(utf8("k"), framed);
            i.pipeInput(utf8("k"), json);
            assertArrayEquals(framed, o.readValue());
            assertTrue(o.isEmpty());
            assertEquals(1, m.unreadable());
            assertEquals("no Schema Registry framing (magic byte 0 and a 4-byte schema id)", m.lastUnreadableReason());
        }
    }
}

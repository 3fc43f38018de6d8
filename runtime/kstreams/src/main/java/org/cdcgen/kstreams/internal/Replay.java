package org.cdcgen.kstreams.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.cdcgen.kstreams.RouterConfig;
import org.cdcgen.kstreams.RouterMetrics;
import org.cdcgen.kstreams.RouterTopology;
import org.cdcgen.kstreams.TopologySpec;
import org.cdcgen.kstreams.ValueFormat;

/**
 * Replay mode: the topology on Kafka Streams' TopologyTestDriver over JSON lines, one record per
 * non-blank line, printing per record what {@code cdcgen eval} prints:
 * {@code {"line":N,"filters":["id",...]}} (the filters whose sinks received it, in the topology's
 * order). A line the source cannot read goes to the deserialization handler like on a broker; it
 * is reported on standard error as {@code FILE:N: error: REASON [bad-event]} and gets no line.
 * Lines are JSON text; for a source of Schema Registry framed JSON each gets the framing (magic
 * byte 0, schema id 0) before it goes in, so the same topology reads it.
 */
final class Replay {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopologySpec spec;

    Replay(TopologySpec spec) {
        this.spec = spec;
    }

    /** Counts of a replay; {@code nanos} is the time from the first record to the last. */
    record Result(long events, long unreadable, long routings, long nanos) {
    }

    /**
     * Replays {@code input} (the bytes of a JSON-lines file named {@code name}); returns the
     * counts. Output lines go to {@code out}, bad-event reports to {@code err}.
     */
    Result run(String name, byte[] input, PrintStream out, PrintStream err) {
        RouterMetrics metrics = new RouterMetrics(spec);
        Properties props = RouterConfig.build(spec, new Properties(), Map.of(), metrics);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
        List<TopologySpec.Branch> branches = spec.branches();
        long events = 0;
        long routings = 0;
        long start = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(RouterTopology.build(spec, metrics), props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(spec.source().topic(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            // One output per distinct topic; branches may share one.
            Map<String, TestOutputTopic<byte[], byte[]>> outputs = new LinkedHashMap<>();
            for (TopologySpec.Branch b : branches) {
                outputs.computeIfAbsent(b.topic(), t -> driver.createOutputTopic(t,
                        new ByteArrayDeserializer(), new ByteArrayDeserializer()));
            }
            long[] before = new long[branches.size()];
            start = System.nanoTime(); // records only: not the JVM, the loading, the driver
            int lineNo = 0;
            int from = 0;
            while (from < input.length) {
                int nl = indexOf(input, (byte) '\n', from);
                int to = nl < 0 ? input.length : nl + 1;
                lineNo++;
                byte[] line = spec.source().valueFormat() == ValueFormat.JSON_SR
                        ? framed(input, from, to) : java.util.Arrays.copyOfRange(input, from, to);
                from = to;
                if (blank(line)) {
                    continue;
                }
                for (int i = 0; i < before.length; i++) {
                    before[i] = metrics.routed(i);
                }
                long unreadable = metrics.unreadable();
                in.pipeInput(null, line);
                if (metrics.unreadable() != unreadable) {
                    err.println(name + ":" + lineNo + ": error: " + metrics.lastUnreadableReason() + " [bad-event]");
                    continue;
                }
                events++;
                ObjectNode o = JSON.createObjectNode();
                o.put("line", lineNo);
                ArrayNode ids = o.putArray("filters");
                Map<String, Long> expected = new HashMap<>();
                for (int i = 0; i < before.length; i++) {
                    long n = metrics.routed(i) - before[i];
                    if (n > 0) {
                        ids.add(branches.get(i).filter());
                        expected.merge(branches.get(i).topic(), n, Long::sum);
                        routings++;
                    }
                }
                // What the sinks wrote must be what the branches passed: per line for the
                // topics routed to, and at the end for all (nothing else may be left).
                for (Map.Entry<String, Long> e : expected.entrySet()) {
                    long got = outputs.get(e.getKey()).readRecordsToList().size();
                    if (got != e.getValue()) {
                        throw new IllegalStateException("line " + lineNo + ": topic " + e.getKey() + " received "
                                + got + " records, the branches routed " + e.getValue());
                    }
                }
                out.println(o);
            }
            for (Map.Entry<String, TestOutputTopic<byte[], byte[]>> e : outputs.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    throw new IllegalStateException("topic " + e.getKey() + " received records no branch routed");
                }
            }
        }
        return new Result(events, metrics.unreadable(), routings, System.nanoTime() - start);
    }

    // Schema Registry framing: magic byte 0, then a 4-byte schema id (0 here).
    private static byte[] framed(byte[] a, int from, int to) {
        byte[] v = new byte[to - from + 5];
        System.arraycopy(a, from, v, 5, to - from);
        return v;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    // Blank as cdcgen eval reads it: only spaces, tabs, CR and LF (after any framing).
    private boolean blank(byte[] line) {
        int start = spec.source().valueFormat() == ValueFormat.JSON_SR ? 5 : 0;
        for (int i = start; i < line.length; i++) {
            byte c = line[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

}

package org.cdcgen.kstreams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * The router's counts are Kafka Streams metrics (what KafkaStreams#metrics(), JMX and exporters
 * see), with the values RouterMetrics reports: per filter the records routed, for the router the
 * records read, tombstones, records without a key and unreadable records.
 */
class MetricsTest {
    private static final String LOAN = "{\"event_type\": \"LoanCreated\", \"__op\": \"c\"}";
    private static final String CAR = "{\"event_type\": \"CarCreated\", \"__op\": \"c\"}";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // name -> value of the metrics in group, for the entity tag = entity (one stream thread here).
    private static Map<String, Double> metrics(TopologyTestDriver d, String group, String tag, String entity) {
        Map<String, Double> m = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : d.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.group().equals(group) && entity.equals(n.tags().get(tag))) {
                assertNotNull(n.tags().get("thread-id"), n + " has no thread-id");
                m.put(n.name(), ((Number) e.getValue().metricValue()).doubleValue());
            }
        }
        return m;
    }

    @Test
    void countsAreKafkaStreamsMetrics() throws Exception {
        TopologySpec spec = TopologyLoader.load(Repo.topology());
        RouterMetrics counts = new RouterMetrics(spec);
        try (TopologyTestDriver d = BadRecordsTest.driver(spec, counts)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("raw-event-headers", new ByteArraySerializer(),
                    new ByteArraySerializer());
            in.pipeInput(utf8("k1"), utf8(LOAN));
            in.pipeInput(utf8("k2"), utf8(LOAN));
            in.pipeInput(null, utf8(CAR));
            in.pipeInput(utf8("k4"), utf8("{\"event_type\": \"LoanCreated\", \"__op\": \"u\"}"));
            in.pipeInput(utf8("k5"), (byte[]) null);
            in.pipeInput(utf8("k6"), utf8("not json"));

            Map<String, Double> router = metrics(d, RouterMetrics.ROUTER_GROUP, RouterMetrics.ROUTER_TAG,
                    "raw-event-headers");
            assertEquals(6.0, router.get("records-total"));
            assertEquals(1.0, router.get("tombstones-total"));
            assertEquals(1.0, router.get("null-keys-total"));
            assertEquals(1.0, router.get("unreadable-total"));
            assertTrue(router.get("records-rate") > 0, "records-rate " + router.get("records-rate"));

            assertEquals(Map.of("routed-total", 2.0), total(metrics(d, RouterMetrics.FILTER_GROUP,
                    RouterMetrics.FILTER_TAG, "loan-created-filter")));
            assertEquals(Map.of("routed-total", 1.0), total(metrics(d, RouterMetrics.FILTER_GROUP,
                    RouterMetrics.FILTER_TAG, "car-created-filter")));
            assertEquals(Map.of("routed-total", 0.0), total(metrics(d, RouterMetrics.FILTER_GROUP,
                    RouterMetrics.FILTER_TAG, "service-events-filter")));
            assertTrue(metrics(d, RouterMetrics.FILTER_GROUP, RouterMetrics.FILTER_TAG,
                    "loan-created-filter").containsKey("routed-rate"));

            // The same counts as RouterMetrics, which sums the stream threads.
            assertEquals(6, counts.records());
            assertEquals(1, counts.tombstones());
            assertEquals(1, counts.nullKeys());
            assertEquals(1, counts.unreadable());
            int loans = spec.branches().stream().map(TopologySpec.Branch::filter).toList()
                    .indexOf("loan-created-filter");
            assertEquals(2, counts.routed(loans));
        }
    }

    private static Map<String, Double> total(Map<String, Double> m) {
        Map<String, Double> t = new TreeMap<>(m);
        t.keySet().retainAll(java.util.Set.of("routed-total"));
        return t;
    }
}

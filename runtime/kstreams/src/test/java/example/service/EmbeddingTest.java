package example.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.cdcgen.kstreams.Repo;
import org.cdcgen.kstreams.RouterMetrics;
import org.cdcgen.kstreams.RouterTopology;
import org.cdcgen.kstreams.SkipUnreadableHandler;
import org.cdcgen.kstreams.TopologyLoader;
import org.cdcgen.kstreams.TopologySpec;
import org.junit.jupiter.api.Test;

/**
 * The library inside an application that owns its StreamsBuilder (as a Spring Boot Kafka
 * Streams service does through StreamsBuilderFactoryBean): the README's few lines, compiled
 * here against the library alone and run beside the application's own stream.
 */
class EmbeddingTest {

    /** What a Spring {@code @Bean} method taking the injected StreamsBuilder would do. */
    static void addRouter(StreamsBuilder builder) {
        TopologySpec spec = TopologyLoader.load(Repo.topology());
        RouterTopology.addTo(builder, spec, new RouterMetrics(spec));
    }

    @Test
    void routesBesideTheApplicationsOwnStreams() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("audit", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase(java.util.Locale.ROOT))
                .to("audit-upper", Produced.with(Serdes.String(), Serdes.String()));
        addRouter(builder);

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "service");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipUnreadableHandler.class);
        try (TopologyTestDriver d = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, String> raw = d.createInputTopic("raw-event-headers",
                    Serdes.String().serializer(), Serdes.String().serializer());
            TestOutputTopic<String, String> cars = d.createOutputTopic("filtered-car-created-events-spring",
                    Serdes.String().deserializer(), Serdes.String().deserializer());
            raw.pipeInput("k1", "{\"event_type\": \"CarCreated\", \"__op\": \"c\"}");
            raw.pipeInput("k2", "{\"event_type\": \"CarCreated\", \"__op\": \"u\"}");
            raw.pipeInput("k3", "not json");
            d.createInputTopic("audit", Serdes.String().serializer(), Serdes.String().serializer()).pipeInput("a", "x");

            assertEquals(List.of("k1"), cars.readKeyValuesToList().stream().map(kv -> kv.key).toList());
            assertEquals("X", d.createOutputTopic("audit-upper", Serdes.String().deserializer(),
                    Serdes.String().deserializer()).readValue());
        }
    }
}

package org.cdcgen.kstreams;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties of a topology, built in one place. Precedence, lowest first:
 * <ol>
 *   <li>the topology file: application.id, bootstrap.servers, processing.guarantee, the
 *       deserialization handler and the dead-letter topic;</li>
 *   <li>a properties file ({@code --config FILE}): any Kafka Streams, consumer or producer
 *       property, {@value #DEAD_LETTER_TOPIC} and {@value #STARTUP_TIMEOUT};</li>
 *   <li>environment variables {@value #ENV_PREFIX}NAME: NAME lower-cased with '_' read as '.',
 *       so {@code CDCGEN_KSTREAMS_BOOTSTRAP_SERVERS} sets bootstrap.servers.</li>
 * </ol>
 */
public final class RouterConfig {
    /** The dead-letter topic of unreadable records (empty: none). */
    public static final String DEAD_LETTER_TOPIC = "cdcgen.dead.letter.topic";
    /** Where the deserialization handler finds the {@link RouterMetrics}; set by the runtime. */
    public static final String METRICS = "cdcgen.metrics";
    /** How long the command line's start-up waits for the brokers (milliseconds, default 30000). */
    public static final String STARTUP_TIMEOUT = "cdcgen.startup.timeout.ms";
    /** Prefix of the environment variables that override properties. */
    public static final String ENV_PREFIX = "CDCGEN_KSTREAMS_";

    private RouterConfig() {
    }

    /** Properties of {@code spec}, then {@code file}, then {@code env}; metrics last. */
    public static Properties build(TopologySpec spec, Properties file, Map<String, String> env,
                                   RouterMetrics metrics) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, spec.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, spec.processingGuarantee());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipUnreadableHandler.class.getName());
        if (spec.deadLetterTopic() != null) {
            p.put(DEAD_LETTER_TOPIC, spec.deadLetterTopic());
        }
        for (String k : file.stringPropertyNames()) {
            p.put(k, file.getProperty(k));
        }
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) && k.length() > ENV_PREFIX.length()) {
                p.put(k.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        p.put(METRICS, metrics);
        return p;
    }

    /** Reads a properties file (UTF-8). */
    public static Properties readFile(Path path) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}

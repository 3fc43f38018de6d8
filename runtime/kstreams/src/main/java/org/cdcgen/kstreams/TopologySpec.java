package org.cdcgen.kstreams;

import java.util.List;
import org.cdcgen.kstreams.internal.Condition;

/**
 * A validated topology file: everything the runtime reads from it, as immutable values. Built by
 * {@link TopologyLoader}; the runtime never reads the JSON text again.
 *
 * @param file                the file as named to the loader (for messages)
 * @param applicationId       Kafka Streams' application.id
 * @param bootstrapServers    the brokers
 * @param processingGuarantee Kafka Streams' processing.guarantee
 * @param source              the one source topic
 * @param deadLetterTopic     where unreadable records also go; null for none
 * @param branches            one per filter, in the file's order
 */
public record TopologySpec(
        String file,
        String applicationId,
        String bootstrapServers,
        String processingGuarantee,
        Source source,
        String deadLetterTopic,
        List<Branch> branches) {

    public TopologySpec {
        branches = List.copyOf(branches);
    }

    /** The source node: its name, topic and value format. */
    public record Source(String name, String topic, ValueFormat valueFormat) {
    }

    /**
     * A filter: records for which {@code condition} is TRUE go, through the processor node
     * {@code processor}, to the sink node {@code sinkName} writing {@code topic}. The condition
     * is an internal type (its shape may change in any release); the router evaluates it.
     */
    public record Branch(String filter, String processor, Condition condition, String sinkName, String topic) {
    }
}

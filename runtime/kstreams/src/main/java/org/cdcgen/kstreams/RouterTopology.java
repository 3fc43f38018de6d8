package org.cdcgen.kstreams;

import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.cdcgen.kstreams.internal.BranchProcessor;
import org.cdcgen.kstreams.internal.RouteProcessor;
import org.cdcgen.kstreams.internal.Router;

/**
 * The Kafka Streams graph a topology file describes, node for node as its "topology" section
 * names them: one source; one route node ({@value #ROUTE_NODE}) that decides every branch once
 * per record and forwards the record only to the branches that route it; per branch a
 * processor that counts what it passes and a sink to the branch's topic. Keys, headers and timestamps go to the sinks with
 * the record; values are written as they were read; a tombstone passes no branch.
 *
 * <p>{@link #addTo} adds the graph to any {@link StreamsBuilder} (an application's own, e.g.
 * Spring Kafka's); {@link #build} makes a topology of it alone.
 */
public final class RouterTopology {
    /** The name of the node between the source and the branches' processors. */
    public static final String ROUTE_NODE = "route";

    private RouterTopology() {
    }

    /** The topology of {@code spec} alone; {@code metrics} counts what it reads and routes. */
    public static Topology build(TopologySpec spec, RouterMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, spec, metrics);
        return builder.build();
    }

    /** Adds the source, branches and sinks of {@code spec} to {@code builder}; returns the source stream. */
    public static KStream<byte[], Event> addTo(StreamsBuilder builder, TopologySpec spec, RouterMetrics metrics) {
        EventSerde values = new EventSerde(spec.source().valueFormat(), metrics);
        Serde<byte[]> keys = Serdes.serdeFrom(new ByteArraySerializer(), values.keyDeserializer());
        KStream<byte[], Event> source = builder.stream(spec.source().topic(),
                Consumed.with(keys, values).withName(spec.source().name()));
        List<TopologySpec.Branch> branches = spec.branches();
        String[] processors = branches.stream().map(TopologySpec.Branch::processor).toArray(String[]::new);
        KStream<byte[], Event> routed = source.processValues(
                RouteProcessor.supplier(Router.compile(spec), processors), Named.as(ROUTE_NODE));
        for (int i = 0; i < branches.size(); i++) {
            TopologySpec.Branch b = branches.get(i);
            routed.processValues(BranchProcessor.supplier(i, metrics.counters()), Named.as(b.processor()))
                    .to(b.topic(), Produced.with(Serdes.ByteArray(), values).withName(b.sinkName()));
        }
        return source;
    }
}

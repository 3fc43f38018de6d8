package org.cdcgen.kstreams;

import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Builds the Kafka Streams {@link Topology} a topology file describes, node for node as its
 * "topology" section names them: one source, per branch a processor that forwards the records
 * its predicate holds TRUE for, and a sink to the branch's topic. Keys, headers and timestamps
 * go to the sinks with the record; values are written as they were read.
 */
public final class RouterTopology {
    private RouterTopology() {
    }

    /** The topology of {@code spec}; {@code metrics} counts what it reads and routes. */
    public static Topology build(TopologySpec spec, RouterMetrics metrics) {
        Topology t = new Topology();
        EventSerde serde = new EventSerde(spec.source().valueFormat(), metrics);
        String source = spec.source().name();
        t.addSource(source, serde.keyDeserializer(), serde.deserializer(), spec.source().topic());
        List<TopologySpec.Branch> branches = spec.branches();
        for (int i = 0; i < branches.size(); i++) {
            TopologySpec.Branch b = branches.get(i);
            int index = i;
            t.addProcessor(b.processor(), () -> new BranchProcessor(b.predicate(), index, metrics), source);
            t.addSink(b.sinkName(), b.topic(), new ByteArraySerializer(), serde.serializer(), b.processor());
        }
        return t;
    }

    /** Forwards a record when the branch's predicate is TRUE; a tombstone goes nowhere. */
    private static final class BranchProcessor implements Processor<byte[], Event, byte[], Event> {
        private final Predicate predicate;
        private final int index;
        private final RouterMetrics metrics;
        private ProcessorContext<byte[], Event> context;

        BranchProcessor(Predicate predicate, int index, RouterMetrics metrics) {
            this.predicate = predicate;
            this.index = index;
            this.metrics = metrics;
        }

        @Override
        public void init(ProcessorContext<byte[], Event> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], Event> record) {
            if (record.value() != null && predicate.eval(record.value()) == Truth.TRUE) {
                metrics.countRouted(index);
                context.forward(record);
            }
        }
    }
}

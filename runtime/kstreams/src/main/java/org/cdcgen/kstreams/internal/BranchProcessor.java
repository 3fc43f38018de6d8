package org.cdcgen.kstreams.internal;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.cdcgen.kstreams.Event;
import org.cdcgen.kstreams.TopologySpec;

/**
 * A branch's processor node: passes on, unchanged, the records its condition holds TRUE for,
 * and counts them; a tombstone passes no branch. One instance per task, as Kafka Streams asks.
 */
public final class BranchProcessor implements FixedKeyProcessor<byte[], Event, Event> {
    private final int index;
    private final Condition condition;
    private final Counters counters;
    private FixedKeyProcessorContext<byte[], Event> context;
    private Sensor routed;

    private BranchProcessor(int index, Condition condition, Counters counters) {
        this.index = index;
        this.condition = condition;
        this.counters = counters;
    }

    /** The processors of branch {@code index} of {@code spec}. */
    public static FixedKeyProcessorSupplier<byte[], Event, Event> supplier(TopologySpec spec, int index,
                                                                           Counters counters) {
        Condition c = spec.branches().get(index).condition();
        return () -> new BranchProcessor(index, c, counters);
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Event> context) {
        this.context = context;
        if (index == 0) {
            counters.bind(context.metrics()); // once per task, on its stream thread
        }
        routed = counters.branchSensor(context.metrics(), index);
    }

    @Override
    public void process(FixedKeyRecord<byte[], Event> record) {
        Event e = record.value();
        if (e != null && condition.eval(e) == Truth.TRUE) {
            counters.routed(index, routed);
            context.forward(record);
        }
    }
}

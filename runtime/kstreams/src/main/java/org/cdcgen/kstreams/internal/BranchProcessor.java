package org.cdcgen.kstreams.internal;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.cdcgen.kstreams.Event;

/**
 * A branch's processor node: counts the records the route node ({@link RouteProcessor}) sends
 * it, the ones its condition holds TRUE for, and passes them on unchanged to the branch's sink.
 * One instance per task, as Kafka Streams asks.
 */
public final class BranchProcessor implements FixedKeyProcessor<byte[], Event, Event> {
    private final int index;
    private final Counters counters;
    private FixedKeyProcessorContext<byte[], Event> context;
    private Sensor routed;

    private BranchProcessor(int index, Counters counters) {
        this.index = index;
        this.counters = counters;
    }

    /** The processors of branch {@code index}. */
    public static FixedKeyProcessorSupplier<byte[], Event, Event> supplier(int index, Counters counters) {
        return () -> new BranchProcessor(index, counters);
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
        counters.routed(index, routed);
        context.forward(record);
    }
}

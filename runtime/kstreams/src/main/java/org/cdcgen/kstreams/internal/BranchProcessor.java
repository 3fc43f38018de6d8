package org.cdcgen.kstreams.internal;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.cdcgen.kstreams.Event;

/**
 * A branch's processor node: passes on, unchanged, the records its condition holds TRUE for,
 * and counts them; a tombstone passes no branch. One instance per task, as Kafka Streams asks.
 * The record's routing is computed once, by the first branch it reaches ({@link Router#routes});
 * the others read it.
 */
public final class BranchProcessor implements FixedKeyProcessor<byte[], Event, Event> {
    private final int index;
    private final Router router;
    private final Counters counters;
    private FixedKeyProcessorContext<byte[], Event> context;
    private Sensor routed;

    private BranchProcessor(int index, Router router, Counters counters) {
        this.index = index;
        this.router = router;
        this.counters = counters;
    }

    /** The processors of branch {@code index} of the branches {@code router} compiled. */
    public static FixedKeyProcessorSupplier<byte[], Event, Event> supplier(Router router, int index,
                                                                           Counters counters) {
        return () -> new BranchProcessor(index, router, counters);
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
        if (e != null && router.routes(e, index)) {
            counters.routed(index, routed);
            context.forward(record);
        }
    }
}

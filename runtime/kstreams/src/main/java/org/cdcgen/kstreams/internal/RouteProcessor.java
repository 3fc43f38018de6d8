package org.cdcgen.kstreams.internal;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.cdcgen.kstreams.Event;

/**
 * The node between the source and the branches: decides every branch once per record
 * ({@link Router#route}) and forwards the record, unchanged, only to the processors of the
 * branches that route it. Kafka Streams hands a record to every child of a node, so without
 * this node each record would visit every branch's processor: a cost per record that grows
 * with the filter count even when one filter routes it. A tombstone passes no branch.
 */
public final class RouteProcessor implements FixedKeyProcessor<byte[], Event, Event> {
    private final Router router;
    private final String[] branchProcessors;
    private FixedKeyProcessorContext<byte[], Event> context;

    private RouteProcessor(Router router, String[] branchProcessors) {
        this.router = router;
        this.branchProcessors = branchProcessors;
    }

    /** The route node's processors: branch i of {@code router} is the child named {@code branchProcessors[i]}. */
    public static FixedKeyProcessorSupplier<byte[], Event, Event> supplier(Router router, String[] branchProcessors) {
        return () -> new RouteProcessor(router, branchProcessors);
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Event> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], Event> record) {
        Event e = record.value();
        if (e == null) {
            return;
        }
        for (int branch : router.route(e)) {
            context.forward(record, branchProcessors[branch]);
        }
    }
}

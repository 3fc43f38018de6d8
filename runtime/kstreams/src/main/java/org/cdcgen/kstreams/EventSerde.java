package org.cdcgen.kstreams;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.cdcgen.kstreams.internal.Counters;
import org.cdcgen.kstreams.internal.EventReader;

/**
 * The value serde of the topology's source and sinks. Reading parses the record as an event
 * (an unreadable one throws {@link UnreadableRecordException}, which Kafka Streams hands to the
 * deserialization handler) and counts it; writing returns the bytes that were read, so routed
 * records reach their topics unchanged.
 */
public final class EventSerde implements Serde<Event> {
    private final EventReader reader;
    private final Counters counters;

    public EventSerde(ValueFormat format, RouterMetrics metrics) {
        this.reader = new EventReader(format);
        this.counters = metrics.counters();
    }

    @Override
    public Serializer<Event> serializer() {
        return (topic, event) -> event == null ? null : event.bytes();
    }

    @Override
    public Deserializer<Event> deserializer() {
        return (topic, data) -> {
            counters.record();
            if (data == null) {
                counters.tombstone();
                return null;
            }
            return reader.read(data);
        };
    }

    /** The key deserializer of the source: keys stay bytes; a missing one is counted. */
    Deserializer<byte[]> keyDeserializer() {
        return (topic, data) -> {
            if (data == null) {
                counters.nullKey();
            }
            return data;
        };
    }
}

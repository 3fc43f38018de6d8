package org.cdcgen.kstreams;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serde of the topology's source and sinks. Reading parses the record as an event
 * ({@link EventReader}; an unreadable one throws, which Kafka Streams hands to the deserialization
 * handler) and counts it; writing returns the bytes that were read, so routed records reach their
 * topics unchanged.
 */
public final class EventSerde implements Serde<Event> {
    private final EventReader reader;
    private final RouterMetrics metrics;

    public EventSerde(EventReader.Format format, RouterMetrics metrics) {
        this.reader = new EventReader(format);
        this.metrics = metrics;
    }

    @Override
    public Serializer<Event> serializer() {
        return (topic, event) -> event == null ? null : event.bytes();
    }

    @Override
    public Deserializer<Event> deserializer() {
        return (topic, data) -> {
            metrics.record();
            if (data == null) {
                metrics.tombstone();
                return null;
            }
            return reader.read(data);
        };
    }

    /** The key deserializer of the source: keys stay bytes; a missing one is counted. */
    Deserializer<byte[]> keyDeserializer() {
        return (topic, data) -> {
            if (data == null) {
                metrics.nullKey();
            }
            return data;
        };
    }
}

package org.cdcgen.kstreams.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * What the router has seen, counted twice: in totals across its stream threads (what
 * {@code RouterMetrics} reads) and in Kafka Streams sensors of the stream thread that saw it (what
 * {@code KafkaStreams#metrics()}, JMX and the usual exporters see). Sensors are per thread, as
 * Kafka Streams' own are; a thread gets its router sensors when its first branch processor is
 * initialized ({@link #bind}), and its branch sensors from each processor.
 *
 * <p>Metric names: group {@value #ROUTER_GROUP}, tag {@value #ROUTER_TAG} (the source topic),
 * {@code records-total}, {@code tombstones-total}, {@code null-keys-total}, {@code unreadable-total}
 * and their {@code -rate}s; group {@value #FILTER_GROUP}, tag {@value #FILTER_TAG} (the filter id),
 * {@code routed-total} and {@code routed-rate}. Both also carry Kafka Streams' {@code thread-id}.
 */
public final class Counters {
    /** Scope of the router-wide sensors (metrics group {@value #ROUTER_GROUP}). */
    public static final String ROUTER_SCOPE = "cdcgen-router";
    public static final String ROUTER_GROUP = "stream-" + ROUTER_SCOPE + "-metrics";
    public static final String ROUTER_TAG = ROUTER_SCOPE + "-id";
    /** Scope of the per-filter sensors (metrics group {@value #FILTER_GROUP}). */
    public static final String FILTER_SCOPE = "cdcgen-filter";
    public static final String FILTER_GROUP = "stream-" + FILTER_SCOPE + "-metrics";
    public static final String FILTER_TAG = FILTER_SCOPE + "-id";

    private final String router;
    private final List<String> filters;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong nullKeys = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicReference<String> lastUnreadable = new AtomicReference<>();
    private final AtomicLongArray routed;
    // The router sensors of the current stream thread; null on a thread that runs no branch.
    private final ThreadLocal<ThreadSensors> sensors = new ThreadLocal<>();

    private record ThreadSensors(Sensor records, Sensor tombstones, Sensor nullKeys, Sensor unreadable) {
    }

    /** Counters of a router reading {@code sourceTopic} with the branches of {@code filters}. */
    public Counters(String sourceTopic, List<String> filters) {
        this.router = sourceTopic;
        this.filters = List.copyOf(filters);
        this.routed = new AtomicLongArray(filters.size());
    }

    /** Creates (or finds) the calling stream thread's router sensors in {@code metrics}. */
    void bind(StreamsMetrics metrics) {
        sensors.set(new ThreadSensors(
                sensor(metrics, ROUTER_SCOPE, router, "records"),
                sensor(metrics, ROUTER_SCOPE, router, "tombstones"),
                sensor(metrics, ROUTER_SCOPE, router, "null-keys"),
                sensor(metrics, ROUTER_SCOPE, router, "unreadable")));
    }

    /** The calling stream thread's sensor of routings to branch {@code i}. */
    Sensor branchSensor(StreamsMetrics metrics, int i) {
        return sensor(metrics, FILTER_SCOPE, filters.get(i), "routed");
    }

    private static Sensor sensor(StreamsMetrics metrics, String scope, String entity, String operation) {
        return metrics.addRateTotalSensor(scope, entity, operation, Sensor.RecordingLevel.INFO);
    }

    public void record() {
        records.incrementAndGet();
        ThreadSensors s = sensors.get();
        if (s != null) {
            s.records.record();
        }
    }

    public void tombstone() {
        tombstones.incrementAndGet();
        ThreadSensors s = sensors.get();
        if (s != null) {
            s.tombstones.record();
        }
    }

    public void nullKey() {
        nullKeys.incrementAndGet();
        ThreadSensors s = sensors.get();
        if (s != null) {
            s.nullKeys.record();
        }
    }

    public void unreadable(String reason) {
        lastUnreadable.set(reason);
        unreadable.incrementAndGet();
        ThreadSensors s = sensors.get();
        if (s != null) {
            s.unreadable.record();
        }
    }

    /** Branch {@code i} routed a record; {@code sensor} is its processor's. */
    void routed(int i, Sensor sensor) {
        routed.incrementAndGet(i);
        sensor.record();
    }

    public long records() {
        return records.get();
    }

    public long tombstones() {
        return tombstones.get();
    }

    public long nullKeys() {
        return nullKeys.get();
    }

    public long unreadable() {
        return unreadable.get();
    }

    public String lastUnreadableReason() {
        return lastUnreadable.get();
    }

    public long routed(int i) {
        return routed.get(i);
    }

    public List<String> filters() {
        return filters;
    }
}

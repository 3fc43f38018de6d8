package org.cdcgen.kstreams;

import org.cdcgen.kstreams.internal.Counters;

/**
 * What the router has seen, counted across its stream threads: records read, tombstones,
 * records without a key, unreadable records (skipped), and routings per branch.
 *
 * <p>The same counts are Kafka Streams metrics, per stream thread (tag {@code thread-id}), so
 * {@code KafkaStreams#metrics()}, JMX and the usual exporters see them:
 * <ul>
 *   <li>group {@value #ROUTER_GROUP}, tag {@value #ROUTER_TAG} = the source topic:
 *       {@code records-total}, {@code tombstones-total}, {@code null-keys-total},
 *       {@code unreadable-total}, each with its {@code -rate} (per second);</li>
 *   <li>group {@value #FILTER_GROUP}, tag {@value #FILTER_TAG} = the filter id:
 *       {@code routed-total} and {@code routed-rate}.</li>
 * </ul>
 * A record that a branch does not route is not counted per branch: it is
 * {@code records-total} less {@code unreadable-total}, {@code tombstones-total} and the
 * branch's {@code routed-total}.
 */
public final class RouterMetrics {
    /** Metrics group of the router-wide counts. */
    public static final String ROUTER_GROUP = Counters.ROUTER_GROUP;
    /** Tag of the router-wide counts: the source topic. */
    public static final String ROUTER_TAG = Counters.ROUTER_TAG;
    /** Metrics group of the per-filter counts. */
    public static final String FILTER_GROUP = Counters.FILTER_GROUP;
    /** Tag of the per-filter counts: the filter id. */
    public static final String FILTER_TAG = Counters.FILTER_TAG;

    private final Counters counters;

    public RouterMetrics(TopologySpec spec) {
        this.counters = new Counters(spec.source().topic(),
                spec.branches().stream().map(TopologySpec.Branch::filter).toList());
    }

    Counters counters() {
        return counters;
    }

    /** Record values read, tombstones and unreadable ones included. */
    public long records() {
        return counters.records();
    }

    /** Records with a null value: counted and routed nowhere. */
    public long tombstones() {
        return counters.tombstones();
    }

    /** Records without a key: routed by their value like any other, with a null key. */
    public long nullKeys() {
        return counters.nullKeys();
    }

    /** Records whose value could not be read as an event: logged, counted, skipped. */
    public long unreadable() {
        return counters.unreadable();
    }

    /** Why the last unreadable record was refused; null when there was none. */
    public String lastUnreadableReason() {
        return counters.lastUnreadableReason();
    }

    /** Records routed to branch {@code i} (the topology's order). */
    public long routed(int i) {
        return counters.routed(i);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("records ").append(records()).append(", tombstones ").append(tombstones())
                .append(", unreadable ").append(unreadable()).append(", without key ").append(nullKeys());
        for (int i = 0; i < counters.filters().size(); i++) {
            s.append(i == 0 ? "; routed: " : ", ").append(counters.filters().get(i)).append(' ').append(routed(i));
        }
        return s.toString();
    }
}

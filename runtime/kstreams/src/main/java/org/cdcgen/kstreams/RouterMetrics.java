package org.cdcgen.kstreams;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the router has seen, counted across its stream threads: records read, tombstones,
 * records without a key, unreadable records (skipped), and routings per branch.
 */
public final class RouterMetrics {
    private final List<String> filters;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong nullKeys = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicReference<String> lastUnreadable = new AtomicReference<>();
    private final AtomicLongArray routed;

    public RouterMetrics(TopologySpec spec) {
        this.filters = spec.branches().stream().map(TopologySpec.Branch::filter).toList();
        this.routed = new AtomicLongArray(filters.size());
    }

    void record() {
        records.incrementAndGet();
    }

    void tombstone() {
        tombstones.incrementAndGet();
    }

    void nullKey() {
        nullKeys.incrementAndGet();
    }

    void unreadable(String reason) {
        lastUnreadable.set(reason);
        unreadable.incrementAndGet();
    }

    void countRouted(int branch) {
        routed.incrementAndGet(branch);
    }

    /** Record values read, tombstones and unreadable ones included. */
    public long records() {
        return records.get();
    }

    /** Records with a null value: counted and routed nowhere. */
    public long tombstones() {
        return tombstones.get();
    }

    /** Records without a key: routed by their value like any other, with a null key. */
    public long nullKeys() {
        return nullKeys.get();
    }

    /** Records whose value could not be read as an event: logged, counted, skipped. */
    public long unreadable() {
        return unreadable.get();
    }

    /** Why the last unreadable record was refused; null when there was none. */
    public String lastUnreadableReason() {
        return lastUnreadable.get();
    }

    /** Records routed to branch {@code i} (the topology's order). */
    public long routed(int i) {
        return routed.get(i);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("records ").append(records()).append(", tombstones ").append(tombstones())
                .append(", unreadable ").append(unreadable()).append(", without key ").append(nullKeys());
        for (int i = 0; i < filters.size(); i++) {
            s.append(i == 0 ? "; routed: " : ", ").append(filters.get(i)).append(' ').append(routed(i));
        }
        return s.toString();
    }
}

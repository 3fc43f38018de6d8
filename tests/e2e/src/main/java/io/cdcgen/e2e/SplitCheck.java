package io.cdcgen.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The filtered topics of one engine after a filter change was rolled out (E2eTool
 * compare-split), held to cdcgen eval split at the switch-over point R: the old filter set
 * routes the source records before R, the new set those at or after R, and the backfill of
 * each backfilled filter (added, widened) writes, into its new topic, the records before R
 * that the new filter routes and the old one did not.
 *
 * <pre>
 *   R      per partition of the source topic, the engine's committed offsets once the old
 *          version stopped: where the new version starts
 *   HIGH   per partition, the source topic's end offsets once the old version stopped: it
 *          cannot have read further
 * </pre>
 *
 * Every topic of the engine in either manifest must hold exactly the expected records, as
 * multisets of values (RecordCheck.canonical), with two allowances, each counted:
 * <ul>
 *   <li>window: a record the old version routed from [R, HIGH): it read those records but
 *       the group's commit did not record it (the last commit is asynchronous and may be
 *       lost as the source closes); the new version routes them again. This is the
 *       documented at-least-once bound of a switch-over.</li>
 *   <li>earlier: a further copy of a record the old version routed below EARLIER (per
 *       partition, the source's end offsets when the rollout began): the at-least-once
 *       restart of the run's earlier stage, which compare allows too.</li>
 * </ul>
 * Nothing else may be twice: a backfilled record, or one the new version routed after R
 * (but for the window's), is there exactly once. A missing record, or one nobody routes
 * there, is a difference.
 */
final class SplitCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXAMPLES = 3;

    /** Where the records of one topic come from: counts per canonical value. */
    private static final class Want {
        final Map<String, Integer> required = new HashMap<>();
        final Map<String, Integer> window = new HashMap<>();
        final Set<String> earlier = new LinkedHashSet<>();
        long before, backfilled, after;
        final Set<String> filters = new TreeSet<>();
    }

    private final List<String> raw;
    private final int[] partition;
    private final long[] offset;
    private final PrintStream out;
    private final Map<String, String> kinds;
    private final Map<String, Want> topics = new TreeMap<>();
    private long records, windowRecords, earlierDuplicates, missing, extra, backfilled;

    /**
     * RAW and RAW_RECORDS: the dump of the source topic and its sidecar (partition, offset);
     * OLD and NEW: the filter ids cdcgen eval gives each raw record under the old and the new
     * filter set; OLD_TOPIC and NEW_TOPIC: filter id to the engine's topic in each manifest;
     * BACKFILLED: the filters whose backfill ran; KINDS: filter id to its kind of change; R, HIGH and
     * EARLIER: offsets per partition (EARLIER empty: no earlier duplicates allowed).
     */
    SplitCheck(List<String> raw, List<String> rawRecords, List<String> evalOld, List<String> evalNew,
               Map<String, String> oldTopic, Map<String, String> newTopic, Map<Integer, Long> r,
               Map<Integer, Long> high, Map<Integer, Long> earlier, Set<String> backfill, Map<String, String> kinds,
               PrintStream out) {
        if (rawRecords.size() != raw.size() || evalOld.size() != raw.size() || evalNew.size() != raw.size()) {
            throw new IllegalStateException(raw.size() + " raw values, " + rawRecords.size() + " raw records, "
                    + evalOld.size() + " and " + evalNew.size() + " eval lines");
        }
        this.raw = raw;
        this.out = out;
        this.kinds = kinds;
        partition = new int[raw.size()];
        offset = new long[raw.size()];
        oldTopic.forEach((f, t) -> want(t).filters.add(f));
        newTopic.forEach((f, t) -> want(t).filters.add(f));
        for (int i = 0; i < raw.size(); i++) {
            JsonNode rec = tree(rawRecords.get(i));
            partition[i] = rec.get("partition").asInt();
            offset[i] = rec.get("offset").asLong();
            Long rp = r.get(partition[i]), hp = high.get(partition[i]);
            if (rp == null || hp == null) {
                throw new IllegalStateException("no offset R or HIGH for partition " + partition[i]);
            }
            Set<String> before = ids(evalOld.get(i)), now = ids(evalNew.get(i));
            String c = RecordCheck.canonical(raw.get(i));
            if (offset[i] < rp) {
                for (String f : before) {
                    String t = oldTopic.get(f);
                    if (t != null) {
                        Want w = want(t);
                        w.required.merge(c, 1, Integer::sum);
                        if (offset[i] < earlier.getOrDefault(partition[i], 0L)) {
                            w.earlier.add(c);
                        }
                        w.before++;
                    }
                }
                for (String f : now) {
                    if (backfill.contains(f) && !before.contains(f) && newTopic.containsKey(f)) {
                        Want w = want(newTopic.get(f));
                        w.required.merge(c, 1, Integer::sum);
                        w.backfilled++;
                        backfilled++;
                    }
                }
            } else {
                for (String f : now) {
                    String t = newTopic.get(f);
                    if (t != null) {
                        want(t).required.merge(c, 1, Integer::sum);
                        want(t).after++;
                    }
                }
                if (offset[i] < hp) {
                    for (String f : before) {
                        String t = oldTopic.get(f);
                        if (t != null) {
                            want(t).window.merge(c, 1, Integer::sum);
                        }
                    }
                }
            }
        }
    }

    private Want want(String topic) {
        return topics.computeIfAbsent(topic, k -> new Want());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> ids(String evalLine) {
        Set<String> ids = new LinkedHashSet<>();
        tree(evalLine).get("filters").forEach(f -> ids.add(f.asText()));
        return ids;
    }

    /** The topics to read, each with the number of records it must hold at least. */
    Map<String, Long> expectedCounts() {
        Map<String, Long> n = new TreeMap<>();
        topics.forEach((t, w) -> n.put(t, w.required.values().stream().mapToLong(Integer::longValue).sum()));
        return n;
    }

    private String label(Want w) {
        List<String> parts = new ArrayList<>();
        for (String f : w.filters) {
            parts.add(f + " " + kinds.getOrDefault(f, "unchanged"));
        }
        return String.join(", ", parts);
    }

    /** Holds TOPIC's records to what the split routes there; prints a line per changed filter's topic. */
    void topic(String topic, List<ConsumerRecord<byte[], byte[]>> got) {
        Want w = topics.get(topic);
        Map<String, Integer> have = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : got) {
            have.merge(RecordCheck.canonical(E2eTool.text(r.value())), 1, Integer::sum);
        }
        records += got.size();
        Set<String> all = new TreeSet<>(w.required.keySet());
        all.addAll(have.keySet());
        long win = 0, earlier = 0, miss = 0, ext = 0;
        List<String> examples = new ArrayList<>();
        for (String c : all) {
            int want = w.required.getOrDefault(c, 0), g = have.getOrDefault(c, 0);
            if (g < want) {
                miss += want - g;
                examples.add(String.format("missing %s (expected %d, got %d)", c, want, g));
                continue;
            }
            int more = g - want;
            int inWindow = Math.min(more, w.window.getOrDefault(c, 0));
            win += inWindow;
            more -= inWindow;
            if (more > 0 && w.earlier.contains(c)) {
                earlier += more;
                more = 0;
            }
            if (more > 0) {
                ext += more;
                examples.add(String.format("extra %s (expected %d, got %d)", c, want, g));
            }
        }
        windowRecords += win;
        earlierDuplicates += earlier;
        missing += miss;
        extra += ext;
        boolean changed = w.filters.stream().anyMatch(kinds::containsKey);
        if (changed || miss > 0 || ext > 0) {
            out.printf("%s (%s): %d records: %d routed before R, %d backfilled, %d after R; %d from the window"
                            + " [R, HIGH), %d earlier duplicates%s%n", topic, label(w), got.size(), w.before,
                    w.backfilled, w.after, win, earlier,
                    miss + ext == 0 ? "" : String.format("; %d MISSING, %d EXTRA", miss, ext));
            examples.stream().limit(EXAMPLES).forEach(e -> out.println("  " + e));
        }
    }

    /** Prints the figures; true when nothing is missing or extra. */
    boolean summary(String processor, Map<Integer, Long> r, Map<Integer, Long> high) {
        long span = 0;
        for (var e : r.entrySet()) {
            span += Math.max(0, high.get(e.getKey()) - e.getValue());
        }
        boolean ok = missing == 0 && extra == 0;
        out.printf("%d topics of %s, %d raw records, %d records compared; %d backfilled; switch-over duplicates"
                        + " %d (bound: %d source records in [R, HIGH)); %d earlier duplicates; %d missing, %d extra;"
                        + " %s%n", topics.size(), processor, raw.size(), records, backfilled, windowRecords, span,
                earlierDuplicates, missing, extra,
                ok ? "as cdcgen eval routes it, split at R" : "NOT as cdcgen eval routes it, split at R");
        out.printf("split\t%d\t%d\t%d\t%d\t%d%n", backfilled, windowRecords, span, missing, extra);
        return ok;
    }
}

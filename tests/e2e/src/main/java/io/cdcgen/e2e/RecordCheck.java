package io.cdcgen.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

/**
 * A filtered topic held to the source records cdcgen eval routes there (E2eTool compare),
 * aspect by aspect:
 *
 * <pre>
 *   values   the multisets of values are equal (JSON objects, key order ignored)
 *   keys     every record's key is its source record's key, byte for byte
 *   headers  every record's headers are its source record's: names, values, order
 *   order    a key's records sit on the partition Kafka's default partitioner gives the key
 *            (murmur2 of its bytes), in the order of the source topic
 * </pre>
 *
 * A record is matched with its source record by its value. The source side is the dump of
 * the source topic (values) and its sidecar (describe: partition, offset, key, headers).
 * Differences are printed per topic with a few examples; summary prints the figures.
 */
final class RecordCheck {
    static final List<String> ASPECTS = List.of("values", "keys", "headers", "order");
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final int EXAMPLES = 3;
    /** Topics whose differences are shown per aspect; the others are counted. */
    private static final int TOPICS_SHOWN = 3;

    private final List<String> raw;
    private final List<String> rawRecords;
    private final String[] canonical;
    private final JsonNode[] described;
    private final Set<String> checks;
    private final boolean allowDuplicates;
    private final PrintStream out;

    private long routings, received, duplicates, keys, headers, keysWithSeveral;
    /** Aspect -> records (or keys, for order) that differ, over every topic. */
    private final Map<String, Long> differing = new LinkedHashMap<>();
    /** Aspect -> topics with differences. */
    private final Map<String, Integer> topicsDiffering = new HashMap<>();

    RecordCheck(List<String> raw, List<String> rawRecords, Set<String> checks, boolean allowDuplicates,
                PrintStream out) {
        this.raw = raw;
        this.rawRecords = rawRecords;
        this.canonical = new String[raw.size()];
        this.described = new JsonNode[raw.size()];
        this.checks = checks;
        this.allowDuplicates = allowDuplicates;
        this.out = out;
        if (rawRecords != null && rawRecords.size() != raw.size()) {
            throw new IllegalStateException(raw.size() + " raw values but " + rawRecords.size() + " raw records");
        }
        ASPECTS.stream().filter(checks::contains).forEach(a -> differing.put(a, 0L));
    }

    /** One line of a dump's sidecar: where the record sits, its key (text) and its headers (base64 values). */
    static String describe(ConsumerRecord<byte[], byte[]> r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("partition", r.partition());
        o.put("offset", r.offset());
        o.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
        ArrayNode hs = o.putArray("headers");
        for (Header h : r.headers()) {
            hs.addObject().put("name", h.key())
                    .put("value", h.value() == null ? null : Base64.getEncoder().encodeToString(h.value()));
        }
        return o.toString();
    }

    /** A value's identity: its JSON with keys sorted (engines may reorder keys). */
    static String canonical(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return n instanceof ObjectNode ? JSON.writeValueAsString(JSON.treeToValue(n, TreeMap.class)) : json;
        } catch (IOException e) {
            return json;
        }
    }

    private String canonicalRaw(int i) {
        if (canonical[i] == null) {
            canonical[i] = canonical(raw.get(i));
        }
        return canonical[i];
    }

    private JsonNode rawRecord(int i) {
        if (described[i] == null) {
            try {
                described[i] = JSON.readTree(rawRecords.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return described[i];
    }

    private String rawKey(int i) {
        JsonNode k = rawRecord(i).get("key");
        return k == null || k.isNull() ? null : k.asText();
    }

    /** Headers as one comparable string: name=base64 pairs in order. */
    private String rawHeaders(int i) {
        StringBuilder b = new StringBuilder();
        for (JsonNode h : rawRecord(i).get("headers")) {
            b.append(h.get("name").asText()).append('=').append(h.get("value").asText()).append('\n');
        }
        return b.toString();
    }

    private static String headers(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder b = new StringBuilder();
        for (Header h : r.headers()) {
            b.append(h.key()).append('=')
                    .append(h.value() == null ? "null" : Base64.getEncoder().encodeToString(h.value())).append('\n');
        }
        return b.toString();
    }

    /** Headers for a message: name=value (UTF-8) pairs. */
    private static String show(String headers) {
        if (headers.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (String h : headers.split("\n")) {
            int eq = h.indexOf('=');
            String v = h.substring(eq + 1);
            parts.add(h.substring(0, eq) + "="
                      + (v.equals("null") ? "null" : new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    /** "id/op" of an event, for messages. */
    private static String label(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return n.path("id").asText("?") + "/" + n.path("__op").asText("?");
        } catch (IOException e) {
            return json;
        }
    }

    private void report(String topic, String aspect, long n, String what, List<String> examples) {
        differing.merge(aspect, n, Long::sum);
        if (topicsDiffering.merge(aspect, 1, Integer::sum) > TOPICS_SHOWN) {
            return;
        }
        out.printf("%s: %s%n", topic, what);
        examples.stream().limit(EXAMPLES).forEach(e -> out.println("  " + e));
    }

    /**
     * Holds TOPIC's records (GOT, each partition in offset order; the topic has PARTITIONS
     * partitions) to the raw records at WANT (indexes, in raw order, once per routing).
     */
    void topic(String topic, List<Integer> want, List<ConsumerRecord<byte[], byte[]>> got, int partitions) {
        Map<String, Integer> wantCount = new HashMap<>();
        Map<String, Integer> source = new HashMap<>(); // canonical value -> the first raw index with it
        for (int i : want) {
            wantCount.merge(canonicalRaw(i), 1, Integer::sum);
            source.putIfAbsent(canonicalRaw(i), i);
        }
        List<String> gotCanonical = new ArrayList<>(got.size());
        Map<String, Integer> gotCount = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : got) {
            String c = canonical(E2eTool.text(r.value()));
            gotCanonical.add(c);
            gotCount.merge(c, 1, Integer::sum);
        }
        routings += want.size();
        received += got.size();

        // values: the multisets
        List<String> diffs = new ArrayList<>();
        Set<String> all = new TreeSet<>(wantCount.keySet());
        all.addAll(gotCount.keySet());
        for (String k : all) {
            int w = wantCount.getOrDefault(k, 0), g = gotCount.getOrDefault(k, 0);
            if (w == g) {
                continue;
            }
            if (allowDuplicates && w > 0 && g > w) {
                duplicates += g - w;
                continue;
            }
            diffs.add(String.format("%s %s (expected %d, got %d): %s", g < w ? "missing" : "extra", label(k), w, g, k));
        }
        if (!diffs.isEmpty()) {
            report(topic, "values", diffs.size(), diffs.size() + " values differ", diffs);
        }
        if (rawRecords == null) {
            return;
        }

        // keys and headers, record by record; records grouped by their source's key for the order
        long keyDiffs = 0, headerDiffs = 0;
        List<String> keyExamples = new ArrayList<>(), headerExamples = new ArrayList<>();
        Map<String, List<Integer>> byKey = new LinkedHashMap<>(); // source key -> indexes into got
        for (int j = 0; j < got.size(); j++) {
            Integer src = source.get(gotCanonical.get(j));
            if (src == null) {
                continue; // an extra record: values reports it
            }
            ConsumerRecord<byte[], byte[]> r = got.get(j);
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            if (!Objects.equals(key, rawKey(src))) {
                keyDiffs++;
                keyExamples.add(String.format("%s: key %s, the source record's is %s", label(raw.get(src)),
                        key == null ? "none" : key, rawKey(src)));
            }
            headers += r.headers().toArray().length;
            String hs = headers(r);
            if (!hs.equals(rawHeaders(src))) {
                headerDiffs++;
                headerExamples.add(String.format("%s: headers %s, the source record's are %s", label(raw.get(src)),
                        show(hs), show(rawHeaders(src))));
            }
            byKey.computeIfAbsent(String.valueOf(rawKey(src)), k -> new ArrayList<>()).add(j);
        }
        if (checks.contains("keys") && keyDiffs > 0) {
            report(topic, "keys", keyDiffs, keyDiffs + " of " + got.size() + " records without their source's key",
                    keyExamples);
        }
        if (checks.contains("headers") && headerDiffs > 0) {
            report(topic, "headers", headerDiffs,
                    headerDiffs + " of " + got.size() + " records without their source's headers", headerExamples);
        }

        // order: per key, the partition of the key and the sequence of the source
        Map<String, List<Integer>> wantByKey = new HashMap<>();
        for (int i : want) {
            wantByKey.computeIfAbsent(String.valueOf(rawKey(i)), k -> new ArrayList<>()).add(i);
        }
        keys += wantByKey.size();
        keysWithSeveral += wantByKey.values().stream().filter(l -> new LinkedHashSet<>(l).size() > 1).count();
        long orderDiffs = 0;
        List<String> orderExamples = new ArrayList<>();
        for (var e : byKey.entrySet()) {
            List<ConsumerRecord<byte[], byte[]>> rs = new ArrayList<>();
            e.getValue().forEach(j -> rs.add(got.get(j)));
            Set<Integer> on = new TreeSet<>();
            rs.forEach(r -> on.add(r.partition()));
            int home = Utils.toPositive(Utils.murmur2(e.getKey().getBytes(StandardCharsets.UTF_8))) % partitions;
            if (!on.equals(Set.of(home))) {
                orderDiffs++;
                orderExamples.add(String.format("key %s: records on partition %s; Kafka's default partitioner "
                        + "puts the key on %d", e.getKey(), on, home));
                continue;
            }
            rs.sort(Comparator.comparingLong(ConsumerRecord::offset));
            List<Integer> seen = new ArrayList<>(new LinkedHashSet<>(
                    rs.stream().map(r -> source.get(canonical(E2eTool.text(r.value())))).toList()));
            List<Integer> expectedOrder = new ArrayList<>(new LinkedHashSet<>(wantByKey.get(e.getKey())));
            expectedOrder.retainAll(seen);
            if (!seen.equals(expectedOrder)) {
                orderDiffs++;
                orderExamples.add(String.format("key %s: records in the order %s, the source's is %s", e.getKey(),
                        seen.stream().map(i -> label(raw.get(i))).toList(),
                        expectedOrder.stream().map(i -> label(raw.get(i))).toList()));
            }
        }
        if (checks.contains("order") && orderDiffs > 0) {
            report(topic, "order", orderDiffs, orderDiffs + " of " + byKey.size()
                    + " keys not on their partition or out of the source's order", orderExamples);
        }
    }

    /** Prints the figures and each aspect's verdict; true when every aspect checked holds. */
    boolean summary(String processor, int topics) {
        List<String> verdicts = new ArrayList<>();
        for (var e : differing.entrySet()) {
            boolean same = e.getValue() == 0;
            verdicts.add(switch (e.getKey()) {
                case "values" -> same ? "values equal" : "values DIFFER (" + e.getValue() + ")";
                case "keys" -> same ? "keys equal (" + keys + " keys)"
                        : "keys DIFFER (" + e.getValue() + " records)";
                case "headers" -> same ? "headers equal (" + headers + " headers)"
                        : "headers DIFFER (" + e.getValue() + " records)";
                default -> same ? "per-key order kept (" + keysWithSeveral + " keys with several records, each key"
                        + " on its partition)" : "per-key order LOST (" + e.getValue() + " keys)";
            });
        }
        boolean ok = differing.values().stream().allMatch(n -> n == 0);
        // The same as a table row (tab-separated, after a header naming the columns): one
        // column per aspect, so an aspect added to ASPECTS is a column of run.sh's table.
        List<String> cells = new ArrayList<>(List.of("topics", "records"));
        cells.addAll(differing.keySet());
        out.println("columns\t" + String.join("\t", cells));
        cells = new ArrayList<>(List.of(String.valueOf(topics), String.valueOf(received)));
        for (var e : differing.entrySet()) {
            boolean same = e.getValue() == 0;
            cells.add(switch (e.getKey()) {
                case "values" -> same ? "equal" : "DIFFER (" + e.getValue() + ")";
                case "keys" -> same ? "equal (" + keys + ")" : "DIFFER (" + e.getValue() + ")";
                case "headers" -> same ? "equal (" + headers + ")" : "DIFFER (" + e.getValue() + ")";
                default -> same ? "kept (" + keysWithSeveral + ")" : "LOST (" + e.getValue() + ")";
            });
        }
        out.println("row\t" + String.join("\t", cells));
        topicsDiffering.forEach((aspect, n) -> {
            if (n > TOPICS_SHOWN) {
                out.printf("(%s: %d more topics differ)%n", aspect, n - TOPICS_SHOWN);
            }
        });
        out.printf("%d topics of %s, %d raw records, %d routings expected, %d records compared, %d duplicates; %s; %s%n",
                topics, processor, raw.size(), routings, received, duplicates, String.join("; ", verdicts),
                ok ? "all equal to cdcgen eval" : "NOT equal to cdcgen eval");
        return ok;
    }
}

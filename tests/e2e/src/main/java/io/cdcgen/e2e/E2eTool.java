package io.cdcgen.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The end-to-end harness's view of Kafka (tests/e2e/run.sh calls it):
 *
 * <pre>
 *   topics-check BOOTSTRAP MANIFEST            every topic of topics.json exists as declared
 *   await BOOTSTRAP TOPIC COUNT SECONDS        wait until TOPIC exists and holds at least COUNT records
 *   dump BOOTSTRAP TOPIC FILE                  every record value of TOPIC, one line each
 *   await-routed BOOTSTRAP RAW EVAL SECONDS SINCE_MS MANIFEST:PROCESSOR...
 *                                              wait until those topics hold what cdcgen eval routes
 *   compare BOOTSTRAP MANIFEST RAW EVAL PROCESSOR SECONDS [--allow-duplicates]
 * </pre>
 *
 * compare: RAW is the dump of the source topic, EVAL what `cdcgen eval` printed for it
 * (one line per event, "filters": the ids that route it). For each filtered topic of
 * PROCESSOR in the manifest it expects exactly the raw events routed by the topic's
 * filters, waits until the topic holds that many records (or SECONDS pass), waits for
 * quiet, reads it and compares the multisets of events (JSON objects, key order ignored).
 * With --allow-duplicates (at-least-once after a restart) an event may arrive more than
 * once, but none may be missing and none may be extra. Exit status 1 on any difference.
 */
public final class E2eTool {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final PrintStream OUT = System.out;

    private E2eTool() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        int status;
        switch (args[0]) {
            case "topics-check" -> status = args.length == 3 ? topicsCheck(args[1], Path.of(args[2])) : usage();
            case "await" -> status = args.length == 5
                    ? await(args[1], args[2], Long.parseLong(args[3]), Integer.parseInt(args[4])) : usage();
            case "dump" -> status = args.length == 4 ? dump(args[1], args[2], Path.of(args[3])) : usage();
            case "await-routed" -> status = args.length >= 7
                    ? awaitRouted(args[1], Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]),
                            Long.parseLong(args[5]), List.of(args).subList(6, args.length))
                    : usage();
            case "compare" -> status = args.length == 7 || args.length == 8
                    ? compare(args[1], Path.of(args[2]), Path.of(args[3]), Path.of(args[4]), args[5],
                            Integer.parseInt(args[6]), args.length == 8 && args[7].equals("--allow-duplicates"))
                    : usage();
            default -> status = usage();
        }
        System.exit(status);
    }

    private static int usage() {
        System.err.println("usage: E2eTool topics-check|await|dump|compare ... (see the class comment)");
        System.exit(2);
        return 2;
    }

    // ---------------------------------------------------------------- Kafka access

    private static Properties clientProps(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = clientProps(bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Transactional outputs count only once committed.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        var infos = c.partitionsFor(topic, Duration.ofSeconds(30));
        return infos == null ? List.of() : infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .collect(Collectors.toList());
    }

    /** Records in TOPIC now: the sum of its partitions' end offsets; -1 if it does not exist. */
    private static long count(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> tps = partitions(c, topic);
        return tps.isEmpty() ? -1 : c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every record value of the topic up to its end offsets at the time of the call. */
    private static List<String> readAll(KafkaConsumer<byte[], byte[]> c, String topic) {
        List<TopicPartition> tps = partitions(c, topic);
        Map<TopicPartition, Long> end = c.endOffsets(tps);
        c.assign(tps);
        c.seekToBeginning(tps);
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out reading " + topic);
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    values.add(r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    // ---------------------------------------------------------------- commands

    private static int topicsCheck(String bootstrap, Path manifest) throws Exception {
        JsonNode topics = JSON.readTree(manifest.toFile()).get("topics");
        List<String> names = new ArrayList<>();
        topics.forEach(t -> names.add(t.get("name").asText()));
        int problems = 0;
        try (Admin admin = Admin.create(clientProps(bootstrap))) {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).collect(Collectors.toList());
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (JsonNode t : topics) {
                String name = t.get("name").asText();
                TopicDescription d = described.get(name);
                int partitions = d.partitions().size();
                int replicas = d.partitions().get(0).replicas().size();
                if (partitions != t.get("partitions").asInt() || replicas != t.get("replicationFactor").asInt()) {
                    OUT.printf("topic %s: %d partitions x %d replicas, manifest says %d x %d%n", name,
                            partitions, replicas, t.get("partitions").asInt(), t.get("replicationFactor").asInt());
                    problems++;
                }
                Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
                var fields = t.get("config").fields();
                while (fields.hasNext()) {
                    var e = fields.next();
                    String have = actual.get(e.getKey()) == null ? null : actual.get(e.getKey()).value();
                    if (!e.getValue().asText().equals(have)) {
                        OUT.printf("topic %s: %s=%s, manifest says %s%n", name, e.getKey(), have, e.getValue().asText());
                        problems++;
                    }
                }
            }
        }
        OUT.printf("topics: %d topics as the manifest declares them%s%n", names.size(),
                problems == 0 ? "" : ", " + problems + " differences");
        return problems == 0 ? 0 : 1;
    }

    private static int await(String bootstrap, String topic, long want, int seconds) throws InterruptedException {
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long have = count(c, topic);
            while ((have < want || have < 0) && System.nanoTime() < deadline) {
                Thread.sleep(250);
                have = count(c, topic);
            }
            if (have < want || have < 0) {
                OUT.printf("%s: %d records after %d s, expected %d%n", topic, have, seconds, want);
                return 1;
            }
            return 0;
        }
    }

    private static int dump(String bootstrap, String topic, Path file) throws IOException {
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            List<String> values = readAll(c, topic);
            Files.write(file, values, StandardCharsets.UTF_8);
            OUT.printf("%s: %d records%n", topic, values.size());
            return 0;
        }
    }

    /** An event's identity: its JSON with keys sorted (engines may reorder keys). */
    private static String canonical(String json) throws IOException {
        JsonNode n = JSON.readTree(json);
        return n instanceof ObjectNode ? JSON.writeValueAsString(JSON.treeToValue(n, TreeMap.class)) : json;
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

    /** Filter id -> the raw events (JSON text) cdcgen eval routes to it, one entry per routing. */
    private static Map<String, List<String>> routedBy(List<String> raw, List<String> eval) throws IOException {
        if (raw.size() != eval.size()) {
            throw new IllegalStateException(raw.size() + " raw events but " + eval.size() + " eval lines");
        }
        Map<String, List<String>> routedBy = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            for (JsonNode id : JSON.readTree(eval.get(i)).get("filters")) {
                routedBy.computeIfAbsent(id.asText(), k -> new ArrayList<>()).add(raw.get(i));
            }
        }
        return routedBy;
    }

    /** Filtered topic of PROCESSOR -> the canonical events it must hold, with multiplicity. */
    private static Map<String, Map<String, Integer>> expected(Path manifest, String processor,
                                                             Map<String, List<String>> routedBy) throws IOException {
        Map<String, Map<String, Integer>> expected = new TreeMap<>();
        for (JsonNode t : JSON.readTree(manifest.toFile()).get("topics")) {
            if (!t.path("role").asText().equals("filtered") || !t.path("processor").asText().equals(processor)) {
                continue;
            }
            Map<String, Integer> events = new HashMap<>();
            for (JsonNode f : t.get("filters")) {
                for (String e : routedBy.getOrDefault(f.asText(), List.of())) {
                    events.merge(canonical(e), 1, Integer::sum);
                }
            }
            expected.put(t.get("name").asText(), events);
        }
        return expected;
    }

    private static long total(Map<String, Integer> events) {
        return events.values().stream().mapToLong(Integer::longValue).sum();
    }

    /**
     * await-routed: waits until every filtered topic of every MANIFEST:PROCESSOR holds at least
     * the records cdcgen eval routes there, and prints how long after SINCE_MS (epoch ms) that was.
     */
    private static int awaitRouted(String bootstrap, Path rawFile, Path evalFile, int seconds, long sinceMs,
                                   List<String> engines) throws Exception {
        var routedBy = routedBy(Files.readAllLines(rawFile, StandardCharsets.UTF_8),
                Files.readAllLines(evalFile, StandardCharsets.UTF_8));
        Map<String, Long> want = new TreeMap<>();
        for (String e : engines) {
            int colon = e.lastIndexOf(':');
            expected(Path.of(e.substring(0, colon)), e.substring(colon + 1), routedBy)
                    .forEach((topic, events) -> want.put(topic, total(events)));
        }
        long routings = want.values().stream().mapToLong(Long::longValue).sum();
        long last = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (want.entrySet().stream().anyMatch(e -> count(c, e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    OUT.printf("routed: not every topic complete after %d s%n", seconds);
                    return 1;
                }
                Thread.sleep(100);
            }
            // When the last record arrived: the broker's append time of each partition's
            // last record (the harness's broker stamps LogAppendTime), so the figure does
            // not include this tool's own start or its waiting.
            for (String topic : want.keySet()) {
                for (TopicPartition tp : partitions(c, topic)) {
                    long end = c.endOffsets(List.of(tp)).get(tp);
                    if (end == 0) {
                        continue;
                    }
                    c.assign(List.of(tp));
                    c.seek(tp, end - 1);
                    for (int tries = 0; tries < 50; tries++) {
                        var records = c.poll(Duration.ofMillis(100)).records(tp);
                        if (!records.isEmpty()) {
                            last = Math.max(last, records.get(records.size() - 1).timestamp());
                            break;
                        }
                    }
                }
            }
        }
        OUT.printf("routed: %d routings in %d topics complete after %d ms%n", routings, want.size(), last - sinceMs);
        return 0;
    }

    private static int compare(String bootstrap, Path manifest, Path rawFile, Path evalFile, String processor,
                               int seconds, boolean allowDuplicates) throws Exception {
        List<String> raw = Files.readAllLines(rawFile, StandardCharsets.UTF_8);
        var expected = expected(manifest, processor,
                routedBy(raw, Files.readAllLines(evalFile, StandardCharsets.UTF_8)));
        if (expected.isEmpty()) {
            OUT.printf("%s: no filtered topics in the manifest%n", processor);
            return 1;
        }
        int problems = 0;
        long routings = 0, received = 0, duplicates = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            // Wait until every topic holds at least what it should, then for quiet: a
            // second look must find no more records (extras would show up there).
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            Map<String, Long> want = new TreeMap<>();
            expected.forEach((topic, ev) -> want.put(topic, total(ev)));
            while (System.nanoTime() < deadline && want.entrySet().stream().anyMatch(e -> count(c, e.getKey()) < e.getValue())) {
                Thread.sleep(250);
            }
            Map<String, Long> before = new HashMap<>();
            for (String topic : want.keySet()) {
                before.put(topic, count(c, topic));
            }
            do {
                Thread.sleep(2000);
                boolean moved = false;
                for (String topic : want.keySet()) {
                    long now = count(c, topic);
                    moved |= now != before.put(topic, now);
                }
                if (!moved) {
                    break;
                }
            } while (System.nanoTime() < deadline);

            for (var e : expected.entrySet()) {
                String topic = e.getKey();
                Map<String, Integer> want1 = e.getValue();
                Map<String, Integer> got = new HashMap<>();
                Map<String, String> labels = new HashMap<>();
                for (String v : readAll(c, topic)) {
                    String k = canonical(v);
                    got.merge(k, 1, Integer::sum);
                    labels.put(k, v);
                }
                Collection<String> keys = new TreeSet<>(want1.keySet());
                keys.addAll(got.keySet());
                List<String> diffs = new ArrayList<>();
                for (String k : keys) {
                    int w = want1.getOrDefault(k, 0), g = got.getOrDefault(k, 0);
                    routings += w;
                    received += g;
                    if (w == g) {
                        continue;
                    }
                    if (allowDuplicates && w > 0 && g > w) {
                        duplicates += g - w;
                        continue;
                    }
                    String what = g < w ? "missing" : "extra";
                    diffs.add(String.format("  %s %s (expected %d, got %d): %s", what,
                            label(labels.getOrDefault(k, k)), w, g, labels.getOrDefault(k, k)));
                }
                if (!diffs.isEmpty()) {
                    problems += diffs.size();
                    OUT.printf("%s: %d differences%n", topic, diffs.size());
                    diffs.stream().limit(20).forEach(OUT::println);
                }
            }
        }
        OUT.printf("%s: %d topics, %d raw events, %d routings expected, %d records read, %d duplicates, %s%n",
                processor, expected.size(), raw.size(), routings, received, duplicates,
                problems == 0 ? "all equal to cdcgen eval" : problems + " differences");
        return problems == 0 ? 0 : 1;
    }
}

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The end-to-end harness's view of Kafka (tests/e2e/run.sh and tests/bench/engines.sh call it):
 *
 * <pre>
 *   topics-check BOOTSTRAP MANIFEST            every topic of topics.json exists as declared
 *   topics-create BOOTSTRAP MANIFEST [PROCESSOR]
 *                                              create the topics of topics.json (those of PROCESSOR
 *                                              and the source with PROCESSOR): Admin calls of 500
 *                                              topics each, existing topics left as they are
 *   topics-delete BOOTSTRAP MANIFEST PROCESSOR delete the filtered topics of PROCESSOR, in batches
 *   produce BOOTSTRAP TOPIC FILE [NAME=VALUE...]
 *                                              each line of FILE a record value, keyed as Debezium
 *                                              keys it ({"id":...}, the value's id), with the headers
 *   await BOOTSTRAP TOPIC COUNT SECONDS        wait until TOPIC exists and holds at least COUNT records
 *   dump BOOTSTRAP TOPIC FILE                  every record value of TOPIC, one line each; FILE.records:
 *                                              the same records' partition, offset, key and headers
 *   await-routed BOOTSTRAP RAW EVAL SECONDS SINCE_MS MANIFEST:PROCESSOR...
 *                                              wait until those topics hold what cdcgen eval routes
 *   compare BOOTSTRAP MANIFEST RAW EVAL PROCESSOR SECONDS [--allow-duplicates] [--check ASPECTS]
 *   copy-routed BOOTSTRAP SOURCE RAW EVAL MANIFEST PROCESSOR [NAME=VALUE...]
 *                                              the plain copy of a routing: reads SOURCE from its start
 *                                              and writes each record, unchanged, into the topics of
 *                                              PROCESSOR where cdcgen eval routes it (bench-engines'
 *                                              fan-out floor); NAME=VALUE: producer settings
 *   offsets BOOTSTRAP TOPIC [GROUP]            TOPIC's end offsets, or GROUP's committed offsets on
 *                                              TOPIC, as P:OFFSET,P:OFFSET... (every partition)
 *   compare-split BOOTSTRAP RAW EVAL_OLD EVAL_NEW MANIFEST_OLD MANIFEST_NEW PROCESSOR R HIGH SECONDS
 *                 [--backfilled ID,...] [--kind ID=KIND]... [--earlier OFFSETS]
 *                                              after a rollout: PROCESSOR's topics of both manifests
 *                                              held to the eval of the old filters before R and the
 *                                              new ones from R, plus the backfills (SplitCheck)
 * </pre>
 *
 * compare: RAW is the dump of the source topic, EVAL what `cdcgen eval` printed for it
 * (one line per event, "filters": the ids that route it). For each filtered topic of
 * PROCESSOR in the manifest it expects exactly the raw records routed by the topic's
 * filters, waits until the topic holds that many records (or SECONDS pass), waits for
 * quiet, reads it and compares (RecordCheck): the multisets of values (JSON objects, key
 * order ignored), and with --check (a comma-separated list; default values) the keys,
 * the headers and the per-key order of RAW.records. With --allow-duplicates (at-least-once
 * after a restart) a record may arrive more than once, but none may be missing and none
 * may be extra. Exit status 1 on any difference.
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
            case "topics-create" -> status = args.length == 3 || args.length == 4
                    ? topicsCreate(args[1], Path.of(args[2]), args.length == 4 ? args[3] : null) : usage();
            case "topics-delete" -> status = args.length == 4 ? topicsDelete(args[1], Path.of(args[2]), args[3]) : usage();
            case "produce" -> status = args.length >= 4
                    ? produce(args[1], args[2], Path.of(args[3]), List.of(args).subList(4, args.length)) : usage();
            case "await" -> status = args.length == 5
                    ? await(args[1], args[2], Long.parseLong(args[3]), Integer.parseInt(args[4])) : usage();
            case "dump" -> status = args.length == 4 ? dump(args[1], args[2], Path.of(args[3])) : usage();
            case "await-routed" -> status = args.length >= 7
                    ? awaitRouted(args[1], Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]),
                            Long.parseLong(args[5]), List.of(args).subList(6, args.length))
                    : usage();
            case "compare" -> status = compareCommand(args);
            case "copy-routed" -> status = args.length >= 7
                    ? copyRouted(args[1], args[2], Path.of(args[3]), Path.of(args[4]), Path.of(args[5]), args[6],
                            List.of(args).subList(7, args.length)) : usage();
            case "offsets" -> status = args.length == 3 || args.length == 4
                    ? offsets(args[1], args[2], args.length == 4 ? args[3] : null) : usage();
            case "compare-split" -> status = compareSplitCommand(args);
            default -> status = usage();
        }
        System.exit(status);
    }

    private static int compareCommand(String[] args) throws Exception {
        if (args.length < 7) {
            return usage();
        }
        boolean allowDuplicates = false;
        Set<String> checks = Set.of("values");
        for (int i = 7; i < args.length; i++) {
            if (args[i].equals("--allow-duplicates")) {
                allowDuplicates = true;
            } else if (args[i].equals("--check") && i + 1 < args.length) {
                checks = Set.of(args[++i].split(","));
                if (!RecordCheck.ASPECTS.containsAll(checks)) {
                    System.err.println("compare: --check takes " + String.join(",", RecordCheck.ASPECTS));
                    return 2;
                }
            } else {
                return usage();
            }
        }
        return compare(args[1], Path.of(args[2]), Path.of(args[3]), Path.of(args[4]), args[5],
                Integer.parseInt(args[6]), allowDuplicates, checks);
    }

    private static int usage() {
        System.err.println("usage: E2eTool topics-check|topics-create|topics-delete|produce|await|dump|await-routed|compare"
                + "|offsets|compare-split ..."
                + " (see the class comment)");
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

    /** Topic -> its partitions, once found (each lookup is a metadata request; counts asks for thousands). */
    private static final Map<String, List<TopicPartition>> PARTITIONS = new HashMap<>();

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> known = PARTITIONS.get(topic);
        if (known != null) {
            return known;
        }
        var infos = c.partitionsFor(topic, Duration.ofSeconds(30));
        List<TopicPartition> tps = infos == null ? List.of() : infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .collect(Collectors.toList());
        if (!tps.isEmpty()) {
            PARTITIONS.put(topic, tps);
        }
        return tps;
    }

    /** Records in TOPIC now: the sum of its partitions' end offsets; -1 if it does not exist. */
    private static long count(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> tps = partitions(c, topic);
        return tps.isEmpty() ? -1 : c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records in each of TOPICS now, with one end-offsets request for all of them (thousands of topics). */
    private static Map<String, Long> counts(KafkaConsumer<?, ?> c, Collection<String> topics) {
        if (!PARTITIONS.keySet().containsAll(topics)) {
            // Every topic's partitions in one metadata request.
            c.listTopics(Duration.ofSeconds(60)).forEach((t, infos) -> {
                if (topics.contains(t) && !infos.isEmpty()) {
                    PARTITIONS.put(t, infos.stream().map(i -> new TopicPartition(t, i.partition())).toList());
                }
            });
        }
        List<TopicPartition> tps = new ArrayList<>();
        for (String t : topics) {
            tps.addAll(PARTITIONS.getOrDefault(t, List.of()));
        }
        Map<String, Long> n = new HashMap<>();
        // Thousands of partitions on a busy broker can take longer than a request's default minute.
        c.endOffsets(tps, Duration.ofSeconds(300)).forEach((tp, end) -> n.merge(tp.topic(), end, Long::sum));
        topics.forEach(t -> n.putIfAbsent(t, -1L));
        return n;
    }

    /** Every record of the topic up to its end offsets at the time of the call, each partition in order. */
    static List<ConsumerRecord<byte[], byte[]>> readRecords(KafkaConsumer<byte[], byte[]> c, String topic) {
        List<TopicPartition> tps = partitions(c, topic);
        Map<TopicPartition, Long> end = c.endOffsets(tps);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        if (end.values().stream().allMatch(e -> e == 0)) {
            return records;
        }
        c.assign(tps);
        c.seekToBeginning(tps);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out reading " + topic);
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    records.add(r);
                }
            }
        }
        return records;
    }

    /**
     * Every record of each of TOPICS up to its end offsets at the time of the call, each
     * partition in order, read through one assignment of all their partitions: thousands of
     * topics cost a few fetches, not a round of requests each.
     */
    static Map<String, List<ConsumerRecord<byte[], byte[]>>> readAll(KafkaConsumer<byte[], byte[]> c,
                                                                    Collection<String> topics) {
        counts(c, topics); // every topic's partitions, in one metadata request
        List<TopicPartition> tps = new ArrayList<>();
        for (String t : topics) {
            tps.addAll(PARTITIONS.getOrDefault(t, List.of()));
        }
        Map<TopicPartition, Long> end = c.endOffsets(tps);
        List<TopicPartition> unread = tps.stream().filter(tp -> end.get(tp) > 0).collect(Collectors.toList());
        Map<String, List<ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();
        topics.forEach(t -> records.put(t, new ArrayList<>()));
        c.assign(unread);
        c.seekToBeginning(unread);
        long deadline = System.nanoTime() + Duration.ofSeconds(60 + unread.size() / 50).toNanos();
        while (unread.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out reading " + topics.size() + " topics");
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    records.get(r.topic()).add(r);
                }
            }
        }
        c.unsubscribe();
        return records;
    }

    static String text(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
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

    /** Topics of the manifest: every one, or those of PROCESSOR and the source (PROCESSOR not null). */
    private static List<JsonNode> manifestTopics(Path manifest, String processor, boolean withSource)
            throws IOException {
        List<JsonNode> topics = new ArrayList<>();
        for (JsonNode t : JSON.readTree(manifest.toFile()).get("topics")) {
            boolean source = !t.path("role").asText().equals("filtered");
            if (processor == null || (source ? withSource : t.path("processor").asText().equals(processor))) {
                topics.add(t);
            }
        }
        return topics;
    }

    /** Admin calls carry at most this many topics (a KRaft controller takes a bounded number of records per call). */
    private static final int TOPICS_PER_CALL = 500;

    private static int topicsCreate(String bootstrap, Path manifest, String processor) throws Exception {
        List<NewTopic> all = new ArrayList<>();
        for (JsonNode t : manifestTopics(manifest, processor, true)) {
            Map<String, String> config = new HashMap<>();
            t.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            all.add(new NewTopic(t.get("name").asText(), t.get("partitions").asInt(),
                    (short) t.get("replicationFactor").asInt()).configs(config));
        }
        long t0 = System.nanoTime();
        int created = 0, calls = 0;
        try (Admin admin = Admin.create(clientProps(bootstrap))) {
            for (int i = 0; i < all.size(); i += TOPICS_PER_CALL) {
                var result = admin.createTopics(all.subList(i, Math.min(all.size(), i + TOPICS_PER_CALL)));
                calls++;
                for (var f : result.values().values()) {
                    try {
                        f.get();
                        created++;
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
        }
        OUT.printf("topics: %d created, %d existed, in %d Admin calls, %d ms%n", created, all.size() - created, calls,
                (System.nanoTime() - t0) / 1_000_000);
        return 0;
    }

    private static int topicsDelete(String bootstrap, Path manifest, String processor) throws Exception {
        List<String> names = manifestTopics(manifest, processor, false).stream()
                .map(t -> t.get("name").asText()).collect(Collectors.toList());
        try (Admin admin = Admin.create(clientProps(bootstrap))) {
            for (int i = 0; i < names.size(); i += TOPICS_PER_CALL) {
                admin.deleteTopics(names.subList(i, Math.min(names.size(), i + TOPICS_PER_CALL))).all().get();
            }
        }
        OUT.printf("topics: %d deleted%n", names.size());
        return 0;
    }

    /**
     * Writes each line of FILE as a record value, keyed as Debezium's JsonConverter (schemas
     * disabled) keys a row of a table whose primary key is id: {"id":"..."}; NAME=VALUE headers.
     * Idempotent producer, so each partition holds the file's order.
     */
    private static int produce(String bootstrap, String topic, Path file, List<String> headers) throws Exception {
        Properties p = clientProps(bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        List<RecordHeader> hs = new ArrayList<>();
        for (String h : headers) {
            int eq = h.indexOf('=');
            hs.add(new RecordHeader(h.substring(0, eq), h.substring(eq + 1).getBytes(StandardCharsets.UTF_8)));
        }
        long n = 0, t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
             var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                ObjectNode key = JSON.createObjectNode();
                key.set("id", JSON.readTree(line).get("id"));
                producer.send(new ProducerRecord<>(topic, null, JSON.writeValueAsBytes(key),
                        line.getBytes(StandardCharsets.UTF_8), new ArrayList<Header>(hs)));
                n++;
            }
            producer.flush();
        }
        OUT.printf("%s: %d records written in %d ms%n", topic, n, (System.nanoTime() - t0) / 1_000_000);
        return 0;
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
            List<ConsumerRecord<byte[], byte[]>> records = readRecords(c, topic);
            Files.write(file, records.stream().map(r -> text(r.value())).collect(Collectors.toList()),
                    StandardCharsets.UTF_8);
            Files.write(Path.of(file + ".records"),
                    records.stream().map(RecordCheck::describe).collect(Collectors.toList()), StandardCharsets.UTF_8);
            OUT.printf("%s: %d records%n", topic, records.size());
            return 0;
        }
    }

    /**
     * copy-routed: what a processor with no routing cost would do, the floor a routing engine
     * is measured against when it writes to many topics. A consumer reads SOURCE from its start
     * (assigned, no group) and a producer with Kafka Streams' defaults (linger.ms 100;
     * NAME=VALUE pairs override) writes each record's key, value and headers into every topic
     * of PROCESSOR that cdcgen eval routes it to, looked up by the record's partition and
     * offset in RAW's dump. Ends when every record of SOURCE's dump is copied.
     */
    private static int copyRouted(String bootstrap, String source, Path rawFile, Path evalFile, Path manifest,
                                  String processor, List<String> settings) throws Exception {
        List<String> records = Files.readAllLines(Path.of(rawFile + ".records"), StandardCharsets.UTF_8);
        List<String> eval = Files.readAllLines(evalFile, StandardCharsets.UTF_8);
        Map<String, String> topicOf = filterTopics(manifest, processor);
        // (partition, offset) of each raw event -> the topics it goes to
        Map<Long, String[]> routes = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode at = JSON.readTree(records.get(i));
            List<String> topics = new ArrayList<>();
            for (JsonNode id : JSON.readTree(eval.get(i)).get("filters")) {
                topics.add(topicOf.get(id.asText()));
            }
            routes.put(at.get("partition").asLong() << 40 | at.get("offset").asLong(), topics.toArray(new String[0]));
        }
        Properties p = clientProps(bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "100");
        for (String kv : settings) {
            int eq = kv.indexOf('=');
            p.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        long copied = 0, written = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            List<TopicPartition> tps = partitions(c, source);
            c.assign(tps);
            c.seekToBeginning(tps);
            while (copied < records.size()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String[] to = routes.get((long) r.partition() << 40 | r.offset());
                    if (to == null) {
                        continue; // not in the dump: written after it
                    }
                    copied++;
                    for (String topic : to) {
                        producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), r.headers()));
                        written++;
                    }
                }
            }
            producer.flush();
        }
        OUT.printf("copy-routed: %d records copied, %d written%n", copied, written);
        return 0;
    }

    /** Filter id -> the indexes of the raw events cdcgen eval routes to it, in raw order. */
    private static Map<String, List<Integer>> routedBy(int rawSize, List<String> eval) throws IOException {
        if (rawSize != eval.size()) {
            throw new IllegalStateException(rawSize + " raw events but " + eval.size() + " eval lines");
        }
        Map<String, List<Integer>> routedBy = new HashMap<>();
        for (int i = 0; i < rawSize; i++) {
            for (JsonNode id : JSON.readTree(eval.get(i)).get("filters")) {
                routedBy.computeIfAbsent(id.asText(), k -> new ArrayList<>()).add(i);
            }
        }
        return routedBy;
    }

    /**
     * Filtered topic of PROCESSOR -> the indexes of the raw events it must hold, in raw order,
     * an event once per filter of the topic that routes it.
     */
    private static Map<String, List<Integer>> expected(Path manifest, String processor,
                                                       Map<String, List<Integer>> routedBy) throws IOException {
        Map<String, List<Integer>> expected = new TreeMap<>();
        for (JsonNode t : JSON.readTree(manifest.toFile()).get("topics")) {
            if (!t.path("role").asText().equals("filtered") || !t.path("processor").asText().equals(processor)) {
                continue;
            }
            List<Integer> events = new ArrayList<>();
            for (JsonNode f : t.get("filters")) {
                events.addAll(routedBy.getOrDefault(f.asText(), List.of()));
            }
            events.sort(null);
            expected.put(t.get("name").asText(), events);
        }
        return expected;
    }

    /**
     * await-routed: waits until every filtered topic of every MANIFEST:PROCESSOR holds at least
     * the records cdcgen eval routes there, and prints how long after SINCE_MS (epoch ms) that was.
     * After SECONDS it prints how many of the routings had arrived by then, and exits 1.
     */
    private static int awaitRouted(String bootstrap, Path rawFile, Path evalFile, int seconds, long sinceMs,
                                   List<String> engines) throws Exception {
        List<String> eval = Files.readAllLines(evalFile, StandardCharsets.UTF_8);
        var routedBy = routedBy(eval.size(), eval);
        Map<String, Long> want = new TreeMap<>();
        for (String e : engines) {
            int colon = e.lastIndexOf(':');
            expected(Path.of(e.substring(0, colon)), e.substring(colon + 1), routedBy)
                    .forEach((topic, events) -> want.put(topic, (long) events.size()));
        }
        long routings = want.values().stream().mapToLong(Long::longValue).sum();
        long last = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            for (;;) {
                Map<String, Long> have = counts(c, want.keySet());
                if (want.entrySet().stream().allMatch(e -> have.get(e.getKey()) >= e.getValue())) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    long arrived = want.keySet().stream().mapToLong(t -> Math.max(0, Math.min(have.get(t), want.get(t))))
                            .sum();
                    OUT.printf("routed: %d of %d routings in %d topics after %d s, not complete%n", arrived, routings,
                            want.size(), seconds);
                    return 1;
                }
                Thread.sleep(want.size() > 100 ? 1000 : 100);
            }
            // When the last record arrived: the broker's append time of each partition's
            // last record (the harness's broker stamps LogAppendTime, so it is the largest
            // timestamp), in one Admin call for every partition, so the figure does not
            // include this tool's own start or its waiting.
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            for (String topic : want.keySet()) {
                partitions(c, topic).forEach(tp -> specs.put(tp, OffsetSpec.maxTimestamp()));
            }
            try (Admin admin = Admin.create(clientProps(bootstrap))) {
                for (var info : admin.listOffsets(specs).all().get().values()) {
                    last = Math.max(last, info.timestamp());
                }
            }
        }
        OUT.printf("routed: %d routings in %d topics complete after %d ms%n", routings, want.size(), last - sinceMs);
        return 0;
    }

    /**
     * Waits until every topic of WANT holds at least its count of records, then for quiet: a
     * second look must find no more records (extras would show up there); at most SECONDS.
     * Returns the last counts (-1: no such topic).
     */
    private static Map<String, Long> awaitQuiet(KafkaConsumer<byte[], byte[]> c, Map<String, Long> want,
                                                int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Map<String, Long> before = counts(c, want.keySet());
        while (System.nanoTime() < deadline
               && want.entrySet().stream().anyMatch(e -> before.get(e.getKey()) < e.getValue())) {
            Thread.sleep(250);
            before.putAll(counts(c, want.keySet()));
        }
        do {
            Thread.sleep(2000);
            Map<String, Long> now = counts(c, want.keySet());
            boolean moved = !now.equals(before);
            before.putAll(now);
            if (!moved) {
                break;
            }
        } while (System.nanoTime() < deadline);
        return before;
    }

    private static int compare(String bootstrap, Path manifest, Path rawFile, Path evalFile, String processor,
                               int seconds, boolean allowDuplicates, Set<String> checks) throws Exception {
        List<String> raw = Files.readAllLines(rawFile, StandardCharsets.UTF_8);
        List<String> rawRecords = checks.equals(Set.of("values")) ? null
                : Files.readAllLines(Path.of(rawFile + ".records"), StandardCharsets.UTF_8);
        var expected = expected(manifest, processor,
                routedBy(raw.size(), Files.readAllLines(evalFile, StandardCharsets.UTF_8)));
        if (expected.isEmpty()) {
            OUT.printf("%s: no filtered topics in the manifest%n", processor);
            return 1;
        }
        RecordCheck check = new RecordCheck(raw, rawRecords, checks, allowDuplicates, OUT);
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            Map<String, Long> want = new TreeMap<>();
            expected.forEach((topic, ev) -> want.put(topic, (long) ev.size()));
            awaitQuiet(c, want, seconds);
            var got = readAll(c, expected.keySet());
            for (var e : expected.entrySet()) {
                check.topic(e.getKey(), e.getValue(), got.get(e.getKey()), partitions(c, e.getKey()).size());
            }
        }
        return check.summary(processor, expected.size()) ? 0 : 1;
    }

    // ---------------------------------------------------------------- rollouts

    /** "P:OFFSET,..." for every partition of TOPIC, in partition order. */
    private static String offsetList(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<TopicPartition, Long> e) -> e.getKey().partition()))
                .map(e -> e.getKey().partition() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    /** "P:OFFSET,..." read back; every partition once. */
    static Map<Integer, Long> parseOffsets(String list) {
        Map<Integer, Long> m = new TreeMap<>();
        for (String part : list.split(",")) {
            String[] po = part.split(":");
            if (po.length != 2 || m.put(Integer.parseInt(po[0]), Long.parseLong(po[1])) != null) {
                throw new IllegalArgumentException("offsets are P:OFFSET,P:OFFSET...: " + list);
            }
        }
        return m;
    }

    /**
     * offsets: TOPIC's end offsets, or (GROUP given) the offsets GROUP committed on TOPIC; a
     * partition the group has no offset for is an error (exit 1): R would be undefined there.
     */
    private static int offsets(String bootstrap, String topic, String group) throws Exception {
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> tps = partitions(c, topic);
            if (tps.isEmpty()) {
                System.err.println("offsets: no topic " + topic);
                return 1;
            }
            if (group == null) {
                OUT.println(offsetList(c.endOffsets(tps)));
                return 0;
            }
            try (Admin admin = Admin.create(clientProps(bootstrap))) {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> r = new HashMap<>();
                for (TopicPartition tp : tps) {
                    var om = committed.get(tp);
                    if (om == null) {
                        System.err.printf("offsets: group %s has no offset for %s%n", group, tp);
                        return 1;
                    }
                    r.put(tp, om.offset());
                }
                OUT.println(offsetList(r));
                return 0;
            }
        }
    }

    /** Filter id -> its topic of PROCESSOR in MANIFEST. */
    private static Map<String, String> filterTopics(Path manifest, String processor) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (JsonNode t : manifestTopics(manifest, processor, false)) {
            t.get("filters").forEach(f -> m.put(f.asText(), t.get("name").asText()));
        }
        return m;
    }

    private static int compareSplitCommand(String[] args) throws Exception {
        if (args.length < 11) {
            return usage();
        }
        Set<String> backfilled = Set.of();
        Map<String, String> kinds = new HashMap<>();
        Map<Integer, Long> earlier = Map.of();
        for (int i = 11; i < args.length; i++) {
            if (args[i].equals("--backfilled") && i + 1 < args.length) {
                backfilled = args[++i].isEmpty() ? Set.of() : Set.of(args[i].split(","));
            } else if (args[i].equals("--earlier") && i + 1 < args.length) {
                earlier = parseOffsets(args[++i]);
            } else if (args[i].equals("--kind") && i + 1 < args.length && args[i + 1].contains("=")) {
                String[] kv = args[++i].split("=", 2);
                kinds.put(kv[0], kv[1]);
            } else {
                return usage();
            }
        }
        String bootstrap = args[1], processor = args[7];
        Path rawFile = Path.of(args[2]);
        Map<Integer, Long> r = parseOffsets(args[8]), high = parseOffsets(args[9]);
        SplitCheck check = new SplitCheck(Files.readAllLines(rawFile, StandardCharsets.UTF_8),
                Files.readAllLines(Path.of(rawFile + ".records"), StandardCharsets.UTF_8),
                Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8),
                Files.readAllLines(Path.of(args[4]), StandardCharsets.UTF_8),
                filterTopics(Path.of(args[5]), processor), filterTopics(Path.of(args[6]), processor), r, high,
                earlier, backfilled, kinds, OUT);
        Map<String, Long> want = check.expectedCounts();
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            Map<String, Long> before = awaitQuiet(c, want, Integer.parseInt(args[10]));
            for (String topic : want.keySet()) {
                check.topic(topic, before.get(topic) < 0 ? List.of() : readRecords(c, topic));
            }
        }
        return check.summary(processor, r, high) ? 0 : 1;
    }
}

package org.cdcgen.kstreams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cdcgen.kstreams.Event;
import org.cdcgen.kstreams.Repo;
import org.cdcgen.kstreams.TopologyLoader;
import org.cdcgen.kstreams.TopologySpec;
import org.cdcgen.kstreams.ValueFormat;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case with a Kafka Streams topology (tests/golden/<group>/<case>/expected/
 * kstreams-topology.json) replayed through the runtime over the case's events.jsonl: the routing
 * of every event must be the one {@code cdcgen eval} prints for the case's filters, line for
 * line, and over the events every condition of every branch must have been TRUE, FALSE and
 * UNKNOWN at least once (isNull and isNotNull: TRUE and FALSE, they are never UNKNOWN).
 */
class GoldenCasesTest {

    static List<Path> cases() throws IOException {
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Repo.path("tests/golden"), 4)) {
            s.filter(p -> p.endsWith(Path.of("expected", "kstreams-topology.json")))
                    .map(p -> p.getParent().getParent())
                    .filter(dir -> Files.exists(dir.resolve("events.jsonl")))
                    .sorted()
                    .forEach(cases::add);
        }
        return cases;
    }

    @Test
    void everyOperatorCaseHasEvents() throws IOException {
        Set<String> withEvents = new java.util.HashSet<>();
        for (Path c : cases()) {
            withEvents.add(c.getFileName().toString());
        }
        try (Stream<Path> ops = Files.list(Repo.path("tests/golden/ops"))) {
            ops.forEach(op -> assertTrue(withEvents.contains(op.getFileName().toString()),
                    op + " has no events.jsonl"));
        }
        assertTrue(withEvents.contains("nested"), "tests/golden/groups/nested has no events.jsonl");
    }

    @TestFactory
    Stream<DynamicTest> routesLikeCdcgenEval() throws IOException {
        return cases().stream().map(dir -> DynamicTest.dynamicTest(
                Repo.root().relativize(dir).toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws Exception {
        TopologySpec spec = TopologyLoader.load(dir.resolve("expected/kstreams-topology.json"));
        Path events = dir.resolve("events.jsonl");
        List<String> filterFiles = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> (n.endsWith(".yaml") || n.endsWith(".json")) && !n.equals("cdcgen.yaml"))
                    .sorted()
                    .forEach(filterFiles::add);
        }
        Repo.Run ref = Repo.eval(dir, filterFiles, events);
        assertEquals(0, ref.status(), "cdcgen eval: " + ref.stderr());
        Repo.Run got = replay(spec, events.toString(), Files.readAllBytes(events));
        assertEquals(0, got.status(), got.stderr());
        assertFalse(ref.stdout().isEmpty(), "cdcgen eval routed nothing");
        assertEquals(ref.stdout(), got.stdout(), "routing differs from cdcgen eval");

        // Each condition TRUE, FALSE and UNKNOWN somewhere in the events.
        EventReader reader = new EventReader(ValueFormat.JSON); // the lines, unframed
        Map<String, EnumSet<Truth>> seen = new TreeMap<>();
        Map<String, Condition> leaves = new TreeMap<>();
        for (TopologySpec.Branch b : spec.branches()) {
            collect(b.filter(), b.condition(), leaves);
        }
        for (String line : Files.readAllLines(events)) {
            if (line.isBlank()) {
                continue;
            }
            Event e = reader.read(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            leaves.forEach((name, p) -> seen.computeIfAbsent(name, k -> EnumSet.noneOf(Truth.class)).add(p.eval(e)));
        }
        leaves.forEach((name, p) -> {
            EnumSet<Truth> want = p instanceof Condition.IsNull ? EnumSet.of(Truth.TRUE, Truth.FALSE)
                    : EnumSet.allOf(Truth.class);
            assertEquals(want, seen.get(name), name + ": outcomes over " + events);
        });
    }

    private static void collect(String prefix, Condition p, Map<String, Condition> leaves) {
        if (p instanceof Condition.Junction j) {
            for (int i = 0; i < j.args().size(); i++) {
                collect(prefix + "/" + i, j.args().get(i), leaves);
            }
        } else if (p instanceof Condition.Not n) {
            collect(prefix + "/not", n.arg(), leaves);
        } else {
            leaves.put(prefix + " " + p, p);
        }
    }

    /** The runtime's replay of {@code events} (the bytes of a JSON-lines file), as cdcgen eval's output. */
    static Repo.Run replay(TopologySpec spec, String name, byte[] events) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Replay.Result r;
        try (java.io.PrintStream o = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
             java.io.PrintStream e = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8)) {
            r = new Replay(spec).run(name, events, o, e);
        }
        return new Repo.Run(r.unreadable() > 0 ? 1 : 0, out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}

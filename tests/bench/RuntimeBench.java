// The Kafka Streams runtime's routing function, timed (tests/bench/runtime.sh runs it with the
// runtime's jar on the class path: java -cp JAR tests/bench/RuntimeBench.java TOPOLOGY EVENTS SECONDS).
//
// Reads the events in chunks (parsing is not timed: every record is parsed once per method into
// a fresh event, as the source's deserializer does), then times per chunk, until the events or
// the SECONDS run out:
//   plain   every branch's condition evaluated on its own (Condition.eval), as the runtime did
//           before it had a router; the reference semantics;
//   router  the router (org.cdcgen.kstreams.internal.Router, when the jar has one): the index,
//           each field and leaf once per record, short-circuits;
//   driver  the whole topology (RouterTopology) on Kafka Streams' TopologyTestDriver, records
//           piped in as bytes (parsing included, as on a broker); the sinks' output is drained
//           between chunks, untimed.
// Times are the CPU time of the thread doing the work (steadier than wall time on a shared
// machine); a warm-up over the first chunk (one second at most) runs before each. Prints one
// line per method: "METHOD EVENTS ROUTINGS CPU_SECONDS EVENTS_PER_CPU_S"; plain and router must
// route every event alike, and the driver must route as many, else it prints "DIFFER" and exits
// 1. With a fourth argument, writes the router's routing of every event it routed to that file
// in cdcgen eval's format ({"line":N,"filters":[...]}), for the caller to compare. Asserts
// nothing else.
import java.io.BufferedReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.cdcgen.kstreams.Event;
import org.cdcgen.kstreams.RouterConfig;
import org.cdcgen.kstreams.RouterMetrics;
import org.cdcgen.kstreams.RouterTopology;
import org.cdcgen.kstreams.TopologyLoader;
import org.cdcgen.kstreams.TopologySpec;
import org.cdcgen.kstreams.ValueFormat;
import org.cdcgen.kstreams.internal.Condition;
import org.cdcgen.kstreams.internal.EventReader;
import org.cdcgen.kstreams.internal.Truth;

public final class RuntimeBench {
    private static final int CHUNK = 5000;
    private static final int FIRST_CHUNK = 100;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    interface Method {
        /** Routes e; returns the branches routed, ascending. */
        int[] route(Event e) throws Throwable;
    }

    public static void main(String[] args) throws Throwable {
        TopologySpec spec = TopologyLoader.load(Path.of(args[0]));
        List<byte[]> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
            for (String l; (l = r.readLine()) != null; ) {
                if (!l.isBlank()) {
                    lines.add(l.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        double seconds = Double.parseDouble(args[2]);
        List<Condition> conditions = spec.branches().stream().map(TopologySpec.Branch::condition).toList();
        int[] buffer = new int[conditions.size()];
        Method plain = e -> {
            int n = 0;
            for (int i = 0; i < conditions.size(); i++) {
                if (conditions.get(i).eval(e) == Truth.TRUE) {
                    buffer[n++] = i;
                }
            }
            return java.util.Arrays.copyOf(buffer, n);
        };
        List<int[]> plainRoutes = run("plain", plain, lines, seconds);
        Class<?> routerClass = null;
        try {
            routerClass = Class.forName("org.cdcgen.kstreams.internal.Router");
        } catch (ClassNotFoundException e) {
            System.out.println("router - - - - (this runtime has none)");
        }
        long[] driven = driver(spec, lines, seconds, plainRoutes.size());
        long expected = routings(plainRoutes.subList(0, (int) driven[0]));
        if (driven[1] != expected) {
            System.out.println("DIFFER: the driver routed " + driven[1] + " records of the first " + driven[0]
                    + " events, plain " + expected);
            System.exit(1);
        }
        if (routerClass == null) {
            return;
        }
        Object router = routerClass.getMethod("compile", TopologySpec.class).invoke(null, spec);
        MethodHandle route = MethodHandles.publicLookup()
                .findVirtual(routerClass, "route", MethodType.methodType(int[].class, Event.class)).bindTo(router);
        List<int[]> routerRoutes = run("router", e -> (int[]) route.invokeExact(e), lines, seconds);
        if (args.length > 3) {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            try (java.io.PrintWriter w = new java.io.PrintWriter(Files.newBufferedWriter(Path.of(args[3])))) {
                for (int i = 0; i < routerRoutes.size(); i++) {
                    com.fasterxml.jackson.databind.node.ObjectNode o = json.createObjectNode();
                    o.put("line", i + 1); // the generated files have no blank lines
                    com.fasterxml.jackson.databind.node.ArrayNode ids = o.putArray("filters");
                    for (int b : routerRoutes.get(i)) {
                        ids.add(spec.branches().get(b).filter());
                    }
                    w.println(o);
                }
            }
        }
        int n = Math.min(plainRoutes.size(), routerRoutes.size());
        for (int i = 0; i < n; i++) {
            if (!java.util.Arrays.equals(plainRoutes.get(i), routerRoutes.get(i))) {
                System.out.println("DIFFER: event " + (i + 1) + " routed differently by plain and router");
                System.exit(1);
            }
        }
    }

    // Times m over the lines; returns the routing of every event it routed.
    private static List<int[]> run(String name, Method m, List<byte[]> lines, double seconds) throws Throwable {
        EventReader reader = new EventReader(ValueFormat.JSON);
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < Math.min(CHUNK, lines.size()) && System.nanoTime() < warmEnd; i++) {
            m.route(reader.read(lines.get(i)));
        }
        List<int[]> routes = new ArrayList<>();
        long routings = 0;
        long nanos = 0;
        int done = 0;
        Event[] chunk = new Event[CHUNK];
        while (done < lines.size() && nanos < seconds * 1e9) {
            int k = Math.min(next(done, nanos), lines.size() - done);
            for (int i = 0; i < k; i++) {
                chunk[i] = reader.read(lines.get(done + i));
            }
            long t0 = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < k; i++) {
                routes.add(m.route(chunk[i]));
            }
            nanos += THREADS.getCurrentThreadCpuTime() - t0;
            done += k;
        }
        routings = routings(routes);
        double s = nanos / 1e9;
        System.out.printf("%s %d %d %.3f %.0f%n", name, done, routings, s, done / Math.max(s, 1e-9));
        return routes;
    }

    // The next chunk: about a quarter of a second at the rate so far, so the time limit is kept.
    private static int next(int done, long nanos) {
        if (done == 0 || nanos == 0) {
            return FIRST_CHUNK;
        }
        return (int) Math.max(FIRST_CHUNK, Math.min(CHUNK, done * 0.25e9 / nanos));
    }

    private static long routings(List<int[]> routes) {
        long n = 0;
        for (int[] r : routes) {
            n += r.length;
        }
        return n;
    }

    // The topology on TopologyTestDriver over the first `limit` events (as many as plain routed,
    // so the routings compare) or fewer when the time runs out first; returns the events piped
    // and the records routed.
    private static long[] driver(TopologySpec spec, List<byte[]> lines, double seconds, int limit) {
        RouterMetrics metrics = new RouterMetrics(spec);
        Properties props = RouterConfig.build(spec, new Properties(), Map.of(), metrics);
        try (TopologyTestDriver d = new TopologyTestDriver(RouterTopology.build(spec, metrics), props)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic(spec.source().topic(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            Map<String, TestOutputTopic<byte[], byte[]>> outs = new LinkedHashMap<>();
            for (TopologySpec.Branch b : spec.branches()) {
                outs.computeIfAbsent(b.topic(), t -> d.createOutputTopic(t, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()));
            }
            long warmEnd = System.nanoTime() + 1_000_000_000L;
            for (int i = 0; i < Math.min(CHUNK, lines.size()) && System.nanoTime() < warmEnd; i++) {
                in.pipeInput(null, lines.get(i));
            }
            long routed = 0;
            for (TestOutputTopic<byte[], byte[]> o : outs.values()) {
                o.readRecordsToList();
            }
            long nanos = 0;
            int done = 0;
            while (done < limit && nanos < seconds * 1e9) {
                int k = Math.min(next(done, nanos), limit - done);
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < k; i++) {
                    in.pipeInput(null, lines.get(done + i));
                }
                nanos += THREADS.getCurrentThreadCpuTime() - t0;
                done += k;
                for (TestOutputTopic<byte[], byte[]> o : outs.values()) {
                    routed += o.readRecordsToList().size();
                }
            }
            double s = nanos / 1e9;
            System.out.printf("driver %d %d %.3f %.0f%n", done, routed, s, done / Math.max(s, 1e-9));
            return new long[] {done, routed};
        }
    }
}

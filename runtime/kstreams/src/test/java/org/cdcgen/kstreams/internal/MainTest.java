package org.cdcgen.kstreams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.cdcgen.kstreams.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: usage errors, replay's output and status, brokers that do not answer. */
class MainTest {
    @TempDir
    Path tmp;

    private record Out(int status, String out, String err) {
    }

    private static Out main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Out(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String topology() {
        return Repo.topology().toString();
    }

    @Test
    void usage() {
        Out help = main("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("usage: java -jar cdcgen-kstreams.jar --topology FILE [--config FILE]"));
        assertEquals(2, main().status());
        assertTrue(main().err().startsWith("cdcgen-kstreams: --topology FILE is required"));
        assertEquals(2, main("--topology").status());
        assertEquals(2, main("--topology", topology(), "--bogus").status());
        assertEquals(2, main("--topology", topology(), "--stats").status());
    }

    @Test
    void replayPrintsEvalsFormatAndReportsBadLines() throws Exception {
        Path events = tmp.resolve("events.jsonl");
        Files.writeString(events, "{\"event_type\": \"LoanCreated\", \"__op\": \"c\"}\n\n"
                + "{\"event_type\": \"LoanCreated\", \"__op\": \"u\"}\n{oops\n"
                + "{\"schema\": {}, \"payload\": {\"op\": \"c\", \"before\": null, "
                + "\"after\": {\"event_type\": \"CarServiceDone\"}, \"source\": {\"table\": \"event_headers\"}}}\n");
        Out r = main("--topology", topology(), "--replay", events.toString());
        assertEquals(1, r.status());
        assertEquals("{\"line\":1,\"filters\":[\"loan-created-filter\"]}\n{\"line\":3,\"filters\":[]}\n"
                + "{\"line\":5,\"filters\":[\"service-events-filter\"]}\n", r.out());
        assertEquals(events + ":4: error: not JSON [bad-event]\n", r.err());
    }

    // A loopback port nothing listens on (free once closed).
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path noBrokerConfig(int port) throws Exception {
        Path config = tmp.resolve("router.properties");
        Files.writeString(config, "bootstrap.servers=127.0.0.1:" + port + "\ncdcgen.startup.timeout.ms=1500\n");
        return config;
    }

    private static String waiting(int port) {
        return "cdcgen-kstreams: waiting up to 1500 ms (cdcgen.startup.timeout.ms) for a Kafka broker at 127.0.0.1:"
                + port + " (bootstrap.servers)";
    }

    private static String noBroker(int port) {
        return "cdcgen-kstreams: error: no Kafka broker answered at 127.0.0.1:" + port
                + " within 1500 ms (cdcgen.startup.timeout.ms); last attempt: 127.0.0.1:" + port + ": Connection refused";
    }

    @Test
    void brokersThatDoNotAnswerAreAnError() throws Exception {
        int port = closedPort();
        Out r = main("--topology", topology(), "--config", noBrokerConfig(port).toString());
        assertEquals(2, r.status());
        assertEquals(waiting(port) + "\n" + noBroker(port) + "\n", r.err());
    }

    /**
     * The runnable application as it ships (its own logging settings, not the tests'), without a
     * broker: one line saying what it waits for, the error, and not a line of Kafka client
     * warnings between them.
     */
    @Test
    void withoutBrokerTheApplicationSaysWhatItWaitsForOnce() throws Exception {
        int port = closedPort();
        String sep = File.pathSeparator;
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String classpath = Arrays.stream(cp.split(sep))
                .filter(e -> !Path.of(e).endsWith("test-classes"))
                .collect(Collectors.joining(sep));
        Path jvm = Path.of(System.getProperty("java.home"), "bin", "java");
        Repo.Run r = Repo.run(tmp, List.of(jvm.toString(), "-Xmx128m", "-cp", classpath,
                Main.class.getName(), "--topology", topology(), "--config", noBrokerConfig(port).toString()));
        assertEquals(2, r.status(), r.stderr());
        assertEquals("", r.stdout());
        assertEquals(waiting(port) + "\n" + noBroker(port) + "\n", r.stderr());
    }

    @Test
    void unreadablePropertiesFile() {
        Out r = main("--topology", topology(), "--config", tmp.resolve("none.properties").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("cdcgen-kstreams: error: " + tmp.resolve("none.properties")
                + ": cannot read the properties file"), r.err());
    }
}

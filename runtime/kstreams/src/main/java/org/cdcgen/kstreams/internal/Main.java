package org.cdcgen.kstreams.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.cdcgen.kstreams.RouterConfig;
import org.cdcgen.kstreams.RouterMetrics;
import org.cdcgen.kstreams.RouterTopology;
import org.cdcgen.kstreams.TopologyException;
import org.cdcgen.kstreams.TopologyLoader;
import org.cdcgen.kstreams.TopologySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: {@code java -jar cdcgen-kstreams.jar --topology FILE [--config FILE]} runs
 * the router on the brokers; {@code --replay EVENTS.jsonl} runs it on TopologyTestDriver over a
 * file and prints {@code cdcgen eval}'s output format.
 * Exit status: 0 ok, 1 replay met unreadable lines, 2 usage, topology, configuration or
 * broker error, or the application failed; on SIGTERM the application closes cleanly (offsets
 * committed, producers flushed) and the JVM exits 143, as it does on that signal.
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FINDINGS = 1;
    static final int EXIT_ERROR = 2;

    private static final String USAGE = String.join("\n",
            "usage: java -jar cdcgen-kstreams.jar --topology FILE [--config FILE]",
            "       java -jar cdcgen-kstreams.jar --topology FILE --replay EVENTS.jsonl [--stats]",
            "",
            "Runs cdcgen's Kafka Streams topology JSON (cdcgen generate -t kstreams).",
            "",
            "  --topology FILE   the topology JSON",
            "  --config FILE     Kafka Streams properties; they override the topology's",
            "                    (environment variables CDCGEN_KSTREAMS_* override both)",
            "  --replay FILE     run on TopologyTestDriver over JSON lines ('-' for standard",
            "                    input) and print {\"line\":N,\"filters\":[...]} per event",
            "  --stats           with --replay: counts and events per second on standard error",
            "  -h, --help        show this help",
            "");

    // Start-up's wait for a listener: one connection attempt at most this long, then a pause.
    private static final long CONNECT_ATTEMPT_MS = 1000;
    private static final long RETRY_MS = 250;

    private Main() {
    }

    public static void main(String[] args) {
        // Replay reports bad lines itself; the log would only repeat them. Set before the
        // first logger exists, since slf4j-simple reads its settings once.
        if (java.util.Arrays.asList(args).contains("--replay")
                && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String topology = null;
        String config = null;
        String replay = null;
        boolean stats = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return EXIT_OK;
                }
                case "--stats" -> stats = true;
                case "--topology", "--config", "--replay" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, a + " needs a value");
                    }
                    String v = args[++i];
                    if (a.equals("--topology")) {
                        topology = v;
                    } else if (a.equals("--config")) {
                        config = v;
                    } else {
                        replay = v;
                    }
                }
                default -> {
                    return usage(err, "unknown argument '" + a + "'");
                }
            }
        }
        if (topology == null) {
            return usage(err, "--topology FILE is required");
        }
        if (stats && replay == null) {
            return usage(err, "--stats needs --replay");
        }
        TopologySpec spec;
        try {
            spec = TopologyLoader.load(Path.of(topology));
        } catch (TopologyException e) {
            err.println("cdcgen-kstreams: error: " + e.getMessage());
            return EXIT_ERROR;
        }
        if (replay != null) {
            return replay(spec, replay, stats, out, err);
        }
        Properties file = new Properties();
        if (config != null) {
            try {
                file = RouterConfig.readFile(Path.of(config));
            } catch (IOException | IllegalArgumentException e) {
                err.println("cdcgen-kstreams: error: " + config + ": cannot read the properties file: " + e.getMessage());
                return EXIT_ERROR;
            }
        }
        return stream(spec, file, err);
    }

    private static int usage(PrintStream err, String problem) {
        err.println("cdcgen-kstreams: " + problem);
        err.print(USAGE);
        return EXIT_ERROR;
    }

    private static int replay(TopologySpec spec, String path, boolean stats, PrintStream out, PrintStream err) {
        byte[] input;
        try {
            input = path.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            err.println("cdcgen-kstreams: error: cannot read '" + path + "': " + e.getMessage());
            return EXIT_ERROR;
        }
        PrintStream buffered = new PrintStream(new java.io.BufferedOutputStream(out, 1 << 16), false,
                StandardCharsets.UTF_8);
        Replay.Result r = new Replay(spec).run(path, input, buffered, err);
        buffered.flush();
        if (stats) {
            double secs = r.nanos() / 1e9;
            err.printf("replay: %d events, %d unreadable, %d branches, %d routings, %.2f s, %.0f events/s%n",
                    r.events(), r.unreadable(), spec.branches().size(), r.routings(), secs,
                    (r.events() + r.unreadable()) / Math.max(secs, 1e-9));
        }
        return r.unreadable() > 0 ? EXIT_FINDINGS : EXIT_OK;
    }

    private static int stream(TopologySpec spec, Properties file, PrintStream err) {
        Logger log = LoggerFactory.getLogger(Main.class);
        RouterMetrics metrics = new RouterMetrics(spec);
        Properties props = RouterConfig.build(spec, file, System.getenv(), metrics);
        long timeout;
        try {
            timeout = Long.parseLong(props.getProperty(RouterConfig.STARTUP_TIMEOUT, "30000"));
        } catch (NumberFormatException e) {
            err.println("cdcgen-kstreams: error: " + RouterConfig.STARTUP_TIMEOUT + " is not a number of milliseconds");
            return EXIT_ERROR;
        }
        String problem = preflight(spec, props, timeout, err, log);
        if (problem != null) {
            err.println("cdcgen-kstreams: error: " + problem);
            return EXIT_ERROR;
        }

        KafkaStreams streams;
        try {
            streams = new KafkaStreams(RouterTopology.build(spec, metrics), props);
        } catch (RuntimeException e) {
            err.println("cdcgen-kstreams: error: invalid configuration: " + e.getMessage());
            return EXIT_ERROR;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        AtomicBoolean terminating = new AtomicBoolean();
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stopping: {}", e.toString(), e);
            failed.set(true);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            log.info("state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Thread hook = new Thread(() -> {
            terminating.set(true);
            log.info("signal: closing");
            streams.close(Duration.ofSeconds(30));
            log.info("closed; {}", metrics);
        }, "cdcgen-kstreams-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("starting {} ({} branches) on {}, source {}, {}", spec.applicationId(), spec.branches().size(),
                props.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG), spec.source().topic(),
                props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        streams.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminating.get()) {
            return EXIT_OK; // the hook closes; the JVM is exiting already (status 143)
        }
        streams.close(Duration.ofSeconds(30));
        Runtime.getRuntime().removeShutdownHook(hook);
        log.info("stopped; {}", metrics);
        if (failed.get() || streams.state() == KafkaStreams.State.ERROR) {
            err.println("cdcgen-kstreams: error: the application failed (see the log above)");
            return EXIT_ERROR;
        }
        return EXIT_OK;
    }

    /**
     * Brokers reachable and the source topic there; null when so, else what is wrong. First a
     * plain TCP connection to one of the bootstrap servers, retried until the timeout (saying
     * once on {@code err} what it waits for): a Kafka client would log a warning per attempt.
     * Then the source topic, through an admin client, in the time left.
     */
    private static String preflight(TopologySpec spec, Properties props, long timeoutMs, PrintStream err,
                                    Logger log) {
        StreamsConfig config = new StreamsConfig(props);
        List<String> servers = config.getList(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        String named = String.join(",", servers);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String unreachable = waitForListener(servers, deadline, timeoutMs, err);
        if (unreachable != null) {
            return "no Kafka broker answered at " + named + " within " + timeoutMs + " ms ("
                    + RouterConfig.STARTUP_TIMEOUT + "); last attempt: " + unreachable;
        }
        Properties adminProps = new Properties();
        adminProps.putAll(config.getAdminConfigs("cdcgen-kstreams-preflight"));
        Admin admin;
        try {
            admin = Admin.create(adminProps);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return "cannot connect to " + named + ": " + root.getMessage();
        }
        try {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            admin.describeCluster().nodes().get(left, TimeUnit.MILLISECONDS);
            left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            Set<String> topics = admin.listTopics().names().get(left, TimeUnit.MILLISECONDS);
            if (!topics.contains(spec.source().topic())) {
                return "source topic '" + spec.source().topic() + "' does not exist on " + named;
            }
            List<String> missing = new ArrayList<>();
            for (TopologySpec.Branch b : spec.branches()) {
                if (!topics.contains(b.topic()) && !missing.contains(b.topic())) {
                    missing.add(b.topic());
                }
            }
            if (!missing.isEmpty()) {
                log.warn("sink topics missing on {} (written only if the brokers create topics): {}", named, missing);
            }
            return null;
        } catch (TimeoutException e) {
            return "a server at " + named + " accepts connections but no Kafka broker answered within "
                    + timeoutMs + " ms (" + RouterConfig.STARTUP_TIMEOUT
                    + "); check security.protocol and the brokers' advertised listeners";
        } catch (ExecutionException e) {
            return "cannot talk to the Kafka brokers at " + named + ": " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return "cannot connect to " + named + ": " + e.getMessage();
        } finally {
            // Without a bound, close() waits for the calls still pending on absent brokers.
            admin.close(Duration.ofSeconds(2));
        }
    }

    /**
     * Connects to each of {@code servers} (host:port) in turn until one accepts or the deadline
     * passes; null once one did, else why the last attempt failed. After a first round that
     * failed, says once on {@code err} what it is waiting for.
     */
    private static String waitForListener(List<String> servers, long deadline, long timeoutMs, PrintStream err) {
        String why = "no bootstrap server";
        boolean said = false;
        while (true) {
            for (String server : servers) {
                String host = Utils.getHost(server);
                Integer port = Utils.getPort(server);
                if (host == null || port == null) {
                    return "'" + server + "' is not host:port (" + StreamsConfig.BOOTSTRAP_SERVERS_CONFIG + ")";
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return why;
                }
                InetSocketAddress address = new InetSocketAddress(host, port);
                if (address.isUnresolved()) {
                    why = "unknown host " + host;
                    continue;
                }
                try (Socket socket = new Socket()) {
                    socket.connect(address, (int) Math.min(left, CONNECT_ATTEMPT_MS));
                    return null;
                } catch (IOException e) {
                    why = server + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            }
            if (!said) {
                err.println("cdcgen-kstreams: waiting up to " + timeoutMs + " ms (" + RouterConfig.STARTUP_TIMEOUT
                        + ") for a Kafka broker at " + String.join(",", servers) + " ("
                        + StreamsConfig.BOOTSTRAP_SERVERS_CONFIG + ")");
                said = true;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return why;
            }
            try {
                Thread.sleep(Math.min(left, RETRY_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }
}

package cdcgen.flink;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * Run-as-is mode: execute a Flink SQL script statement by statement, exactly
 * as written (SET, CREATE TABLE with the Kafka connector, views, the
 * statement set), on a local MiniCluster. Jobs run until they finish or the
 * process gets SIGTERM/SIGINT, which cancels them.
 *
 *   RunSql --sql SCRIPT [--set KEY=VALUE]... [--ready-file PATH] [--rest-port PORT]
 *
 * --ready-file: written (job ids, one a line) once every job is RUNNING.
 * --rest-port: the jobs run on a session MiniCluster whose REST API listens
 * on 127.0.0.1:PORT (0: any free port, printed), as on a JobManager; it
 * keeps answering after the jobs end (stopped with a savepoint, say),
 * until SIGTERM or SIGINT.
 */
public final class RunSql {
    public static void main(String[] args) {
        LocalFlink.exitWith("run-sql", () -> run(args));
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p >= 0 && p <= 65535)
                return p;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--rest-port needs a port from 0 to 65535, not '" + s + "'");
    }

    static int run(String[] args) throws Exception {
        String sqlPath = null, ready = null;
        Integer restPort = null;
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length)
                throw new IllegalArgumentException(a + " needs a value");
            switch (a) {
                case "--sql" -> sqlPath = args[++i];
                case "--set" -> settings.add(args[++i]);
                case "--ready-file" -> ready = args[++i];
                case "--rest-port" -> restPort = port(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (sqlPath == null)
            throw new IllegalArgumentException("--sql is required");
        SqlScript script = new SqlScript(Files.readString(Path.of(sqlPath), StandardCharsets.UTF_8));
        // Each job runs on a MiniCluster of its own, which stops when the job
        // ends; with --rest-port, on one session cluster that stays.
        MiniCluster cluster = restPort == null ? null : LocalFlink.session(settings, restPort);
        if (cluster != null)
            System.err.println("run-sql: Flink's REST API at " + cluster.getRestAddress().get());
        TableEnvironment env = cluster == null ? LocalFlink.create(settings) : LocalFlink.createOn(cluster, settings);
        List<JobClient> jobs = new CopyOnWriteArrayList<>();
        Set<JobClient> ended = ConcurrentHashMap.newKeySet();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (JobClient j : jobs)
                if (!ended.contains(j))
                    try {
                        System.err.println("run-sql: cancelling job " + j.getJobID());
                        j.cancel().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        System.err.println("run-sql: cancelling job " + j.getJobID() + ": " + e.getMessage());
                    }
        }));
        for (SqlScript.Statement st : script.statements) {
            String first = st.text().strip().lines().filter(l -> !l.isBlank() && !l.startsWith("--")).findFirst().orElse("");
            System.err.println("run-sql: line " + st.line() + ": " + first);
            TableResult r = LocalFlink.execute(env, st);
            if (r == null)
                continue;
            String verb = st.code().get(0).value().toUpperCase(Locale.ROOT);
            if (Set.of("SELECT", "WITH", "VALUES", "SHOW", "DESCRIBE", "DESC", "EXPLAIN").contains(verb)) {
                r.print();
            } else if (r.getJobClient().isPresent()) {
                jobs.add(r.getJobClient().get());
                System.err.println("run-sql: job " + r.getJobClient().get().getJobID() + " submitted");
            }
        }
        if (ready != null) {
            for (JobClient j : jobs)
                for (;;) {
                    JobStatus s;
                    try {
                        s = j.getJobStatus().get();
                    } catch (Exception e) {
                        break; // its MiniCluster has stopped: the job has ended
                    }
                    if (s == JobStatus.RUNNING || s.isGloballyTerminalState())
                        break;
                    Thread.sleep(100);
                }
            StringBuilder b = new StringBuilder();
            jobs.forEach(j -> b.append(j.getJobID()).append('\n'));
            Path tmp = Path.of(ready + ".tmp");
            Files.writeString(tmp, b.toString());
            Files.move(tmp, Path.of(ready), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        for (JobClient j : jobs) {
            j.getJobExecutionResult().get();
            ended.add(j);
            System.err.println("run-sql: job " + j.getJobID() + " finished");
        }
        if (cluster != null) {
            System.err.println("run-sql: every job has ended; the REST API answers until SIGTERM");
            Thread.currentThread().join();
        }
        return 0;
    }
}

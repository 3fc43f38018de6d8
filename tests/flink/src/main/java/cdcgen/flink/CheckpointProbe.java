package cdcgen.flink;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Checks that a script's SET statements turn checkpointing on: applies them
 * (as run-sql does), then runs an unbounded datagen source into a
 * 'cdcgen-collect' sink and waits for a completed checkpoint. The Kafka
 * source commits its group's offsets exactly then, so without one a
 * restarted job would route the whole topic again.
 *
 *   CheckpointProbe --sql SCRIPT [--timeout SECONDS]
 */
public final class CheckpointProbe {
    public static void main(String[] args) {
        LocalFlink.exitWith("checkpoint-probe", () -> run(args));
    }

    static int run(String[] args) throws Exception {
        String sqlPath = null;
        long timeout = 60;
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length)
                throw new IllegalArgumentException(args[i] + " needs a value");
            switch (args[i]) {
                case "--sql" -> sqlPath = args[++i];
                case "--timeout" -> timeout = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (sqlPath == null)
            throw new IllegalArgumentException("--sql is required");
        SqlScript script = new SqlScript(Files.readString(Path.of(sqlPath), StandardCharsets.UTF_8));
        TableEnvironment env = LocalFlink.create(List.of());
        int sets = 0;
        for (SqlScript.Statement st : script.statements)
            if (!st.code().isEmpty() && st.code().get(0).isWord("SET")) {
                LocalFlink.execute(env, st);
                sets++;
            }
        String interval = env.getConfig().getConfiguration().toMap().get("execution.checkpointing.interval");
        if (interval == null)
            throw new IllegalStateException(sqlPath + " sets no execution.checkpointing.interval (" + sets
                                            + " SET statement(s))");
        String run = UUID.randomUUID().toString();
        env.executeSql("CREATE TABLE probe_source (x BIGINT) WITH ('connector' = 'datagen', "
                       + "'rows-per-second' = '20')");
        env.executeSql("CREATE TABLE probe_sink (x BIGINT) WITH ('connector' = 'cdcgen-collect', 'run' = '"
                       + run + "', 'table' = 'probe_sink')");
        JobClient job = env.executeSql("INSERT INTO probe_sink SELECT * FROM probe_source").getJobClient()
            .orElseThrow();
        long start = System.nanoTime();
        Registry reg = Registry.of(run);
        try {
            while (reg.checkpoints.isEmpty()) {
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(timeout)) {
                    System.err.println("checkpoint-probe: Flink " + LocalFlink.version() + ": no checkpoint completed in "
                                       + timeout + " s with execution.checkpointing.interval = " + interval);
                    return 1;
                }
                Thread.sleep(100);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("checkpoint-probe: Flink " + LocalFlink.version() + ": checkpoint "
                               + reg.checkpoints.peek() + " completed " + ms + " ms after the start, "
                               + "execution.checkpointing.interval = " + interval + " (from " + sqlPath + ")");
            return 0;
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
            Registry.drop(run);
        }
    }
}

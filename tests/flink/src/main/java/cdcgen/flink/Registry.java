package cdcgen.flink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What one replay's source decoded and its sinks received. The local
 * MiniCluster runs the job's tasks in this JVM, with this class path, so
 * the source and sink functions reach the same instance by run id (as
 * Flink's own test connectors do).
 */
final class Registry {
    /** Per event line: the key of the row the format decoded, or null when it dropped the line. */
    final Map<Long, String> decoded = new ConcurrentHashMap<>();
    /** Per sink table: the keys of the rows it received. */
    final Map<String, ConcurrentLinkedQueue<String>> received = new ConcurrentHashMap<>();
    /** Completed checkpoints seen by the sinks. */
    final ConcurrentLinkedQueue<Long> checkpoints = new ConcurrentLinkedQueue<>();

    private static final Map<String, Registry> RUNS = new ConcurrentHashMap<>();

    static Registry of(String run) {
        return RUNS.computeIfAbsent(run, k -> new Registry());
    }

    static void drop(String run) {
        RUNS.remove(run);
    }

    static final String DROPPED = "";
}

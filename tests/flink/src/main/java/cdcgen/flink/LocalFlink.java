package cdcgen.flink;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/** A streaming Table environment on a local MiniCluster in this JVM (or a session one), bound to loopback only. */
final class LocalFlink {
    private LocalFlink() {
    }

    /** {@code settings}: "key=value" pairs applied after the defaults (--set on the command line). */
    static TableEnvironment create(List<String> settings) {
        Configuration c = Configuration.fromMap(conf(settings));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(c);
        return StreamTableEnvironment.create(env, EnvironmentSettings.newInstance().inStreamingMode().build());
    }

    /**
     * A session cluster: a MiniCluster whose REST API listens on 127.0.0.1:restPort
     * (0: any free port) and outlives the jobs submitted to it, as a JobManager
     * does, so that Flink's REST API (jobs, checkpoints, stop with a savepoint)
     * answers about a job also after it has ended.
     */
    static MiniCluster session(List<String> settings, int restPort) throws Exception {
        Map<String, String> conf = conf(settings);
        conf.put("rest.bind-port", Integer.toString(restPort));
        conf.put("rest.port", Integer.toString(restPort));
        MiniClusterConfiguration mc = new MiniClusterConfiguration.Builder()
            .setConfiguration(Configuration.fromMap(conf))
            .setNumTaskManagers(1)
            .setNumSlotsPerTaskManager(4)
            .build();
        MiniCluster cluster = new MiniCluster(mc);
        cluster.start();
        return cluster;
    }

    /** A streaming Table environment submitting its jobs to cluster through its REST API. */
    static TableEnvironment createOn(MiniCluster cluster, List<String> settings) throws Exception {
        URI rest = cluster.getRestAddress().get();
        Configuration c = Configuration.fromMap(conf(settings));
        StreamExecutionEnvironment env =
            StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(), rest.getPort(), c);
        return StreamTableEnvironment.create(env, EnvironmentSettings.newInstance().inStreamingMode().build());
    }

    /** Loopback addresses, any free REST port, parallelism 1, then {@code settings}. */
    private static Map<String, String> conf(List<String> settings) {
        Map<String, String> conf = new LinkedHashMap<>();
        for (String k : List.of("rest.address", "rest.bind-address", "jobmanager.rpc.address",
                                "jobmanager.bind-host", "taskmanager.bind-host", "taskmanager.host"))
            conf.put(k, "127.0.0.1");
        conf.put("rest.bind-port", "0");
        conf.put("parallelism.default", "1");
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0)
                throw new IllegalArgumentException("--set needs KEY=VALUE, not '" + s + "'");
            conf.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return conf;
    }

    /**
     * Executes one statement of a script. SET 'key' = 'value' is a statement
     * of Flink's SQL client, not of TableEnvironment.executeSql; like the SQL
     * client, it sets the option for the statements that follow.
     */
    static TableResult execute(TableEnvironment env, SqlScript.Statement st) {
        List<SqlScript.Token> c = st.code();
        if (!c.isEmpty() && c.get(0).isWord("SET")) {
            if (c.size() != 4 || c.get(1).kind() != SqlScript.Kind.STRING || !c.get(2).isPunct('=')
                || c.get(3).kind() != SqlScript.Kind.STRING)
                throw new IllegalArgumentException("line " + st.line() + ": expected SET 'key' = 'value'");
            env.getConfig().set(c.get(1).value(), c.get(3).value());
            return null;
        }
        return env.executeSql(st.text());
    }

    static String version() {
        return EnvironmentInformation.getVersion();
    }

    /** A harness's main body: run it and exit with its status; a bad command line exits 2, a failure 1. */
    interface Body {
        int run() throws Exception;
    }

    static void exitWith(String tool, Body body) {
        int status;
        try {
            status = body.run();
        } catch (IllegalArgumentException e) {
            System.err.println(tool + ": error: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            System.err.println(tool + ": failed on Flink " + version() + ":");
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }
}

package cdcgen.flink;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * Replay mode: run a cdcgen Flink SQL script over a JSON-lines file and print,
 * per event line, the filters whose sinks received it, in `cdcgen eval`'s
 * format ({"line":N,"filters":[...]}).
 *
 * Only the WITH clauses change: the source table reads the file through
 * 'cdcgen-replay' with the script's own format options, and every sink
 * table writes to 'cdcgen-collect'. Views, WHERE clauses and casts run as
 * cdcgen wrote them. A script whose INSERTs read a table it does not create
 * (the Confluent target's inferred source table) gets that table from
 * --source-ddl, the source table of a script of the flink target, renamed.
 *
 *   Replay --sql SCRIPT --events EVENTS.jsonl [--source-ddl FLINK_SQL] [--set KEY=VALUE]...
 *
 * A sink row maps back to the lines that decoded into the same row: the
 * filters are deterministic, so all such lines route alike (checked).
 */
public final class Replay {
    private static final Pattern FILTER_COMMENT = Pattern.compile("^--\\s*Filter\\s+([^\\s:]+):");
    /** The fan-out layout's list of routes: one line per filter, in filter order. */
    private static final Pattern ROUTE_COMMENT = Pattern.compile("(?m)^-- Route to (\\S+): filter (\\S+) \\(");

    public static void main(String[] args) {
        LocalFlink.exitWith("replay", () -> run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws Exception {
        String sqlPath = null, eventsPath = null, sourceDdl = null;
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length)
                throw new IllegalArgumentException(a + " needs a value");
            switch (a) {
                case "--sql" -> sqlPath = args[++i];
                case "--events" -> eventsPath = args[++i];
                case "--source-ddl" -> sourceDdl = args[++i];
                case "--set" -> settings.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (sqlPath == null || eventsPath == null)
            throw new IllegalArgumentException("--sql and --events are required");
        Path events = Path.of(eventsPath).toAbsolutePath();
        String run = UUID.randomUUID().toString();
        SqlScript script = new SqlScript(read(sqlPath));

        List<SqlScript.CreateTable> tables = script.createTables();
        Set<String> sinks = new HashSet<>(script.insertTargets());
        Set<String> created = new HashSet<>();
        tables.forEach(t -> created.add(t.name()));
        for (SqlScript.Statement st : script.statements) {
            List<SqlScript.Token> c = st.code();
            for (int k = 0; k + 1 < c.size(); k++)
                if (c.get(k).isWord("VIEW"))
                    created.add(c.get(k + 1).value());
        }

        List<String> statements = new ArrayList<>();
        // The Confluent target reads a table it does not create.
        Set<String> missing = new LinkedHashSet<>();
        for (String name : script.fromNames())
            if (!created.contains(name))
                missing.add(name);
        if (!missing.isEmpty()) {
            if (sourceDdl == null)
                throw new IllegalArgumentException("the script reads " + missing
                                                   + ", which it does not create; give --source-ddl");
            String ddlPath = sourceDdl;
            SqlScript flink = new SqlScript(read(ddlPath));
            Set<String> flinkSinks = new HashSet<>(flink.insertTargets());
            SqlScript.CreateTable src = flink.createTables().stream()
                .filter(t -> !flinkSinks.contains(t.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(ddlPath + " has no source table"));
            for (String name : missing) {
                String ddl = replaySource(src, events, run);
                int at = ddl.indexOf(SqlScript.quoteIdent(src.name()));
                if (at < 0)
                    throw new IllegalArgumentException("cannot rename the source table of " + sourceDdl);
                statements.add(ddl.substring(0, at) + SqlScript.quoteIdent(name)
                               + ddl.substring(at + SqlScript.quoteIdent(src.name()).length()));
            }
        }

        Map<String, String> filterOf = new LinkedHashMap<>();
        // The fan-out layout: one sink, rows recorded under "@" + their topic.
        Matcher route = ROUTE_COMMENT.matcher(script.text);
        while (route.find())
            if (filterOf.put("@" + route.group(1), route.group(2)) != null)
                throw new IllegalArgumentException("topic " + route.group(1) + " is routed to by several filters;"
                                                   + " a fan-out replay needs a topic per filter");
        boolean fanOut = !filterOf.isEmpty();
        Map<SqlScript.Statement, String> replaced = new HashMap<>();
        for (SqlScript.CreateTable t : tables) {
            if (sinks.contains(t.name())) {
                Map<String, String> o = new LinkedHashMap<>();
                o.put("connector", "cdcgen-collect");
                o.put("run", run);
                o.put("table", t.name());
                replaced.put(t.stmt(), t.withOptions(o));
                if (!fanOut)
                    filterOf.put(t.name(), filterId(t));
            } else {
                replaced.put(t.stmt(), replaySource(t, events, run));
            }
        }
        for (SqlScript.Statement st : script.statements)
            statements.add(replaced.getOrDefault(st, st.text()));
        if (filterOf.isEmpty())
            throw new IllegalArgumentException("the script has no INSERT INTO a table it creates");

        TableEnvironment env = LocalFlink.create(settings);
        for (String text : statements)
            for (SqlScript.Statement st : new SqlScript(text).statements) {
                TableResult r = LocalFlink.execute(env, st);
                if (r != null && r.getJobClient().isPresent())
                    r.await();
            }

        Registry reg = Registry.of(run);
        Map<String, Map<String, Integer>> got = new LinkedHashMap<>();
        for (String table : filterOf.keySet()) {
            Map<String, Integer> counts = new HashMap<>();
            for (String k : reg.received.getOrDefault(table, new ConcurrentLinkedQueue<>()))
                counts.merge(k, 1, Integer::sum);
            got.put(table, counts);
        }
        Map<String, Integer> decodedCount = new HashMap<>();
        reg.decoded.values().forEach(k -> decodedCount.merge(k, 1, Integer::sum));
        for (Map.Entry<String, Map<String, Integer>> e : got.entrySet())
            for (Map.Entry<String, Integer> k : e.getValue().entrySet()) {
                int lines = decodedCount.getOrDefault(k.getKey(), 0);
                if (lines != k.getValue())
                    throw new IllegalStateException("sink " + e.getKey() + " received a row " + k.getValue()
                                                    + " time(s) that " + lines + " line(s) decoded into");
            }

        List<Tuple2<Long, byte[]>> lines = ReplaySourceFactory.readLines(events);
        StringBuilder b = new StringBuilder();
        for (Tuple2<Long, byte[]> line : lines) {
            String key = reg.decoded.get(line.f0);
            if (key == null)
                throw new IllegalStateException("line " + line.f0 + " never reached the source's decoder");
            if (key.equals(Registry.DROPPED)) {
                System.err.println(events + ":" + line.f0 + ": the table's format drops this line");
                continue;
            }
            b.setLength(0);
            b.append("{\"line\":").append(line.f0).append(",\"filters\":[");
            String sep = "";
            for (Map.Entry<String, Map<String, Integer>> e : got.entrySet())
                if (e.getValue().containsKey(key)) {
                    b.append(sep).append(jsonString(filterOf.get(e.getKey())));
                    sep = ",";
                }
            out.println(b.append("]}"));
        }
        Registry.drop(run);
        return 0;
    }

    /** The source table's DDL with a 'cdcgen-replay' WITH clause that keeps its format options. */
    private static String replaySource(SqlScript.CreateTable t, Path events, String run) {
        String format = t.options().getOrDefault("format", t.options().get("value.format"));
        if (format == null)
            throw new IllegalArgumentException("source table " + t.name() + " names no format");
        Map<String, String> o = new LinkedHashMap<>();
        o.put("connector", "cdcgen-replay");
        o.put("path", events.toString());
        o.put("run", run);
        o.put("format", format);
        for (String k : List.of("key.fields", "value.fields-include"))
            if (t.options().containsKey(k))
                o.put(k, t.options().get(k));
        for (Map.Entry<String, String> e : t.options().entrySet()) {
            if (e.getKey().startsWith(format + "."))
                o.put(e.getKey(), e.getValue());
            else if (e.getKey().startsWith("value." + format + "."))
                o.put(e.getKey().substring(6), e.getValue());
        }
        return t.withOptions(o);
    }

    private static String filterId(SqlScript.CreateTable t) {
        for (String c : t.comments()) {
            Matcher m = FILTER_COMMENT.matcher(c);
            if (m.find())
                return m.group(1);
        }
        return t.name();
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\')
                b.append('\\').append(c);
            else if (c < 0x20)
                b.append(String.format("\\u%04x", (int) c));
            else
                b.append(c);
        }
        return b.append('"').toString();
    }

    static String read(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }
}

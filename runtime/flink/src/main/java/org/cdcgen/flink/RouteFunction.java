package org.cdcgen.flink;

import java.util.List;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.cdcgen.kstreams.Event;
import org.cdcgen.kstreams.TopologySpec;
import org.cdcgen.kstreams.UnreadableRecordException;
import org.cdcgen.kstreams.internal.EventReader;
import org.cdcgen.kstreams.internal.Router;
import org.cdcgen.kstreams.internal.TopologyParser;

/**
 * The routing function of the flink target's fan-out layout: for a record value, one row per
 * filter that routes it, holding that filter's topic, in the routing table's order.
 *
 * <pre>
 * CREATE TEMPORARY SYSTEM FUNCTION cdcgen_route AS 'org.cdcgen.flink.RouteFunction' LANGUAGE JAVA;
 * ... LATERAL TABLE(cdcgen_route(s.record_value, 'routing', 'table', ...)) AS r(topic)
 * </pre>
 *
 * The arguments after the value are the routing table, cut into string literals (the JVM limits
 * a constant to 64 KB): the kstreams target's topology document, branches only, each sinking on
 * its flink topic. It is read by the Kafka Streams runtime's own parser and evaluated by its
 * router (the equality index, each field read once, each distinct condition decided once), so
 * the semantics are the ones the differentials prove against {@code cdcgen eval}. The literals
 * are the same objects on every call (Flink keeps constants in fields of its generated code),
 * so the table is parsed once per task; a different table is parsed again.
 *
 * A value that is no event (not UTF-8 JSON, not an object, a Debezium envelope without a row) is
 * routed nowhere, as {@code cdcgen eval} skips it; a null value (a tombstone) never reaches the
 * function (the raw format skips it). A routing table the parser refuses fails the job with the
 * parser's message (the table's JSON pointer).
 */
@FunctionHint(output = @DataTypeHint("STRING"))
public final class RouteFunction extends TableFunction<String> {
    private static final long serialVersionUID = 1L;

    /** A parsed routing table and the literals it came from. */
    private record Compiled(String[] chunks, Router router, EventReader reader, String[] topics) {
    }

    private transient Compiled compiled;

    /** Routes one record value. */
    public void eval(byte[] value, String... routes) {
        if (value == null) {
            return;
        }
        Compiled c = compiled(routes);
        Event e;
        try {
            e = c.reader.read(value);
        } catch (UnreadableRecordException unreadable) {
            return;
        }
        for (int b : c.router.route(e)) {
            collect(c.topics[b]);
        }
    }

    private Compiled compiled(String[] routes) {
        Compiled c = compiled;
        if (c != null && same(c.chunks, routes)) {
            return c;
        }
        StringBuilder text = new StringBuilder();
        for (String chunk : routes) {
            if (chunk == null) {
                throw new IllegalArgumentException("cdcgen_route: a NULL part of the routing table");
            }
            text.append(chunk);
        }
        TopologySpec spec = TopologyParser.parse("the routing table of cdcgen_route", text.toString());
        List<TopologySpec.Branch> branches = spec.branches();
        String[] topics = new String[branches.size()];
        for (int i = 0; i < topics.length; i++) {
            topics[i] = branches.get(i).topic();
        }
        c = new Compiled(routes.clone(), Router.compile(spec), new EventReader(spec.source().valueFormat()), topics);
        compiled = c;
        return c;
    }

    /** The same literals: the same objects (the usual case), or equal text. */
    private static boolean same(String[] a, String[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && !a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }
}

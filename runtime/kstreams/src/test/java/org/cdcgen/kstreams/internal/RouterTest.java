package org.cdcgen.kstreams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.cdcgen.kstreams.Event;
import org.cdcgen.kstreams.ValueFormat;
import org.junit.jupiter.api.Test;

/**
 * The router (index, shared reads and leaves, short-circuits) routes exactly as the plain
 * evaluation of every branch's condition does, and evaluates only the branches its index leaves.
 */
class RouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventReader READER = new EventReader(ValueFormat.JSON);

    private static final FieldRef TYPE = column("event_type", FieldRef.Type.STRING);
    private static final FieldRef OP = column("__op", FieldRef.Type.STRING);
    private static final FieldRef AMOUNT = new FieldRef("header_data", List.of("amount"), FieldRef.Type.INT, false, true);

    private static FieldRef column(String name, FieldRef.Type type) {
        return new FieldRef(name, List.of(), type, false, false);
    }

    private static Event event(String json) {
        return READER.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Condition eq(FieldRef f, Object v) {
        return new Condition.Compare(Condition.Comparison.EQUALS, f, v);
    }

    private static Condition in(FieldRef f, Object... v) {
        return new Condition.In(f, List.of(v), false);
    }

    private static Condition notIn(FieldRef f, Object... v) {
        return new Condition.In(f, List.of(v), true);
    }

    private static Condition and(Condition... c) {
        return new Condition.Junction(true, List.of(c));
    }

    private static Condition or(Condition... c) {
        return new Condition.Junction(false, List.of(c));
    }

    private static Condition not(Condition c) {
        return new Condition.Not(c);
    }

    /** The branches routing e by the plain evaluation, and by the router. */
    private static void assertRoutesLikePlain(List<Condition> branches, Router r, Event e) {
        List<Integer> plain = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            if (branches.get(i).eval(e) == Truth.TRUE) {
                plain.add(i);
            }
        }
        assertEquals(plain, routed(r, e, branches.size()), "route of " + e.row());
    }

    private static List<Integer> routed(Router r, Event e, int n) {
        int[] routed = r.route(e);
        List<Integer> out = new ArrayList<>();
        for (int i : routed) {
            assertTrue(i >= 0 && i < n, "branch " + i);
            out.add(i);
        }
        return out; // ascending: compared with lists built in order
    }

    @Test
    void aThousandBranchesCostOneEvaluationThroughTheIndex() {
        List<Condition> branches = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            branches.add(i % 4 == 3 ? and(in(TYPE, "T" + i, "U" + i), in(OP, "c", "u"))
                    : and(eq(TYPE, "T" + i), in(OP, "c", "u")));
        }
        Router r = new Router(branches);
        for (int i = 0; i < 1000; i++) {
            assertEquals(TYPE, r.indexField(i));
        }
        assertEquals(2, r.fieldCount());
        assertEquals(1001, r.leafCount()); // __op in [c, u] is one leaf, decided once per record
        long evals = r.evaluations();
        long reads = r.fieldReads();
        assertEquals(List.of(42), routed(r, event("{\"event_type\": \"T42\", \"__op\": \"c\"}"), 1000));
        assertEquals(1, r.evaluations() - evals);
        assertEquals(2, r.fieldReads() - reads);
        assertEquals(List.of(43), routed(r, event("{\"event_type\": \"U43\", \"__op\": \"u\"}"), 1000));
        assertEquals(List.of(), routed(r, event("{\"event_type\": \"T42\", \"__op\": \"d\"}"), 1000));
        evals = r.evaluations();
        assertEquals(List.of(), routed(r, event("{\"event_type\": \"Other\", \"__op\": \"c\"}"), 1000));
        assertEquals(List.of(), routed(r, event("{\"__op\": \"c\"}"), 1000));
        assertEquals(List.of(), routed(r, event("{\"event_type\": 42, \"__op\": \"c\"}"), 1000));
        assertEquals(0, r.evaluations() - evals, "no branch holds these values");
    }

    @Test
    void aBranchWithoutIndexableConditionIsEvaluatedForEveryRecord() {
        List<Condition> branches = List.of(
                eq(TYPE, "A"),
                new Condition.Compare(Condition.Comparison.GREATER_THAN, AMOUNT, 5L),
                and(new Condition.Compare(Condition.Comparison.GREATER_THAN, AMOUNT, 5L), not(eq(TYPE, "A"))));
        Router r = new Router(branches);
        assertEquals(TYPE, r.indexField(0));
        assertNull(r.indexField(1));
        assertNull(r.indexField(2), "not(equals) needs no particular value");
        for (String e : List.of("{\"event_type\": \"A\", \"header_data\": \"{\\\"amount\\\": 6}\"}",
                "{\"event_type\": \"B\", \"header_data\": \"{\\\"amount\\\": 6}\"}",
                "{\"event_type\": \"B\", \"header_data\": \"{\\\"amount\\\": 5}\"}",
                "{\"header_data\": \"{\\\"amount\\\": 7}\"}",
                "{\"event_type\": \"A\"}")) {
            assertRoutesLikePlain(branches, r, event(e));
        }
        assertEquals(List.of(1, 2), routed(r, event("{\"event_type\": \"B\", \"header_data\": \"{\\\"amount\\\": 6}\"}"), 3));
        assertEquals(List.of(1), routed(r, event("{\"header_data\": \"{\\\"amount\\\": 7}\"}"), 3),
                "not(event_type = A) is UNKNOWN on a NULL event_type");
    }

    @Test
    void notInAndNull() {
        List<Condition> branches = List.of(
                not(notIn(TYPE, "A", "B")), // TRUE only on A or B: indexed
                notIn(TYPE, "A", "B"),      // TRUE on any other non-NULL value: not indexable
                and(notIn(TYPE, "A"), eq(OP, "c")),
                not(or(notIn(TYPE, "A"), notIn(OP, "c", "u"))));
        Router r = new Router(branches);
        assertEquals(TYPE, r.indexField(0));
        assertNull(r.indexField(1));
        assertEquals(OP, r.indexField(2));
        assertTrue(r.indexField(3) != null);
        assertEquals(List.of(0), routed(r, event("{\"event_type\": \"A\", \"__op\": \"d\"}"), 4));
        assertEquals(List.of(1, 2), routed(r, event("{\"event_type\": \"C\", \"__op\": \"c\"}"), 4));
        assertEquals(List.of(0, 3), routed(r, event("{\"event_type\": \"A\", \"__op\": \"u\"}"), 4));
        assertEquals(List.of(), routed(r, event("{\"__op\": \"c\"}"), 4), "NULL: notIn is UNKNOWN, so is not(notIn)");
        assertEquals(List.of(), routed(r, event("{\"event_type\": null, \"__op\": \"c\"}"), 4));
        assertEquals(List.of(), routed(r, event("{\"event_type\": [\"A\"], \"__op\": \"c\"}"), 4));
        for (String e : List.of("{\"event_type\": \"A\", \"__op\": \"c\"}", "{\"event_type\": \"B\"}", "{}",
                "{\"event_type\": \"C\", \"__op\": null}")) {
            assertRoutesLikePlain(branches, r, event(e));
        }
    }

    @Test
    void orAtTheTopIsIndexedOnlyWhenEveryArgumentNeedsOneField() {
        List<Condition> branches = List.of(
                or(eq(TYPE, "A"), in(TYPE, "B", "C")),
                or(eq(TYPE, "A"), eq(OP, "c")),
                or(and(eq(TYPE, "A"), eq(OP, "c")), and(eq(OP, "u"), eq(TYPE, "B"))),
                not(and(notIn(TYPE, "A"), notIn(TYPE, "D"))));
        Router r = new Router(branches);
        assertEquals(TYPE, r.indexField(0));
        assertNull(r.indexField(1));
        assertTrue(r.indexField(2) != null);
        assertEquals(TYPE, r.indexField(3));
        assertEquals(List.of(0, 1, 2, 3), routed(r, event("{\"event_type\": \"A\", \"__op\": \"c\"}"), 4));
        assertEquals(List.of(1), routed(r, event("{\"event_type\": \"X\", \"__op\": \"c\"}"), 4));
        assertEquals(List.of(0, 2), routed(r, event("{\"event_type\": \"B\", \"__op\": \"u\"}"), 4));
        assertEquals(List.of(3), routed(r, event("{\"event_type\": \"D\", \"__op\": \"u\"}"), 4));
        assertEquals(List.of(1), routed(r, event("{\"__op\": \"c\"}"), 4), "or(UNKNOWN, TRUE) is TRUE");
    }

    @Test
    void indexKeysCompareAsTheConditionsDo() {
        FieldRef f = column("f", FieldRef.Type.FLOAT);
        FieldRef ts = new FieldRef("ts", List.of(), FieldRef.Type.TIMESTAMP, false, false);
        FieldRef ms = new FieldRef("ms", List.of(), FieldRef.Type.TIMESTAMP, true, false);
        FieldRef n = column("n", FieldRef.Type.INT);
        List<Condition> branches = List.of(eq(f, 0.0), eq(f, -0.0), in(f, 1.5, 2.0),
                eq(ts, Moment.ofEpochMillis(1705314600000L)), eq(ms, Moment.ofEpochMillis(1705314600120L)),
                in(n, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), notIn(n, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
        Router r = new Router(branches);
        assertEquals(f, r.indexField(0));
        assertEquals(ts, r.indexField(3));
        assertEquals(ms, r.indexField(4));
        assertEquals(n, r.indexField(5));
        for (String e : List.of("{\"f\": -0.0}", "{\"f\": 0}", "{\"f\": 2}", "{\"f\": 1.50}", "{\"f\": \"0\"}",
                "{\"ts\": \"2024-01-15T12:30:00.000+02:00\"}", "{\"ts\": \"2024-01-15 10:30:00Z\"}",
                "{\"ts\": \"2024-01-15T10:30:00.0000001Z\"}", "{\"ms\": 1705314600120}", "{\"ms\": 1705314600121}",
                "{\"ts\": \"2024-01-15T10:30:00.12Z\", \"ms\": 1705314600000}", "{\"n\": 10}", "{\"n\": 11}",
                "{\"n\": 1.0}", "{\"n\": null}")) {
            assertRoutesLikePlain(branches, r, event(e));
        }
        assertEquals(List.of(0, 1), routed(r, event("{\"f\": -0.0}"), branches.size()));
        assertEquals(List.of(3), routed(r, event("{\"ts\": \"2024-01-15T12:30:00.000+02:00\"}"), branches.size()));
        assertEquals(List.of(4), routed(r, event("{\"ms\": 1705314600120}"), branches.size()));
        assertEquals(List.of(5), routed(r, event("{\"n\": 10}"), branches.size()));
    }

    @Test
    void shortCircuitsKeepKleenesTruthTables() {
        // x, y, z: each TRUE ("t"), FALSE ("f") or UNKNOWN (absent), in every combination.
        FieldRef x = column("x", FieldRef.Type.STRING);
        FieldRef y = column("y", FieldRef.Type.STRING);
        FieldRef z = column("z", FieldRef.Type.STRING);
        Condition cx = eq(x, "t");
        Condition cy = eq(y, "t");
        Condition cz = new Condition.Matches(z, Pattern.compile("^t$"));
        List<Condition> branches = List.of(and(cx, cy, cz), or(cx, cy, cz), and(cx, or(cy, cz)),
                or(not(cx), and(cy, not(cz))), not(and(cz, cx)), not(or(cy, cz, cx)));
        Router r = new Router(branches);
        String[] v = {"\"t\"", "\"f\"", null};
        for (String a : v) {
            for (String b : v) {
                for (String c : v) {
                    ObjectNode o = JSON.createObjectNode();
                    try {
                        if (a != null) {
                            o.set("x", JSON.readTree(a));
                        }
                        if (b != null) {
                            o.set("y", JSON.readTree(b));
                        }
                        if (c != null) {
                            o.set("z", JSON.readTree(c));
                        }
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                    assertRoutesLikePlain(branches, r, event(o.toString()));
                }
            }
        }
    }

    // ---- random branches against random events ----

    private static final String[] STRINGS = {"A", "B", "c", "u", "", "\uD83D\uDE00", "\uFF5E"};
    private static final FieldRef[] FIELDS = {
        TYPE, OP, column("n", FieldRef.Type.INT), column("f", FieldRef.Type.FLOAT),
        column("b", FieldRef.Type.BOOLEAN), new FieldRef("ms", List.of(), FieldRef.Type.TIMESTAMP, true, false),
        new FieldRef("ts", List.of(), FieldRef.Type.TIMESTAMP, false, false), AMOUNT,
        new FieldRef("header_data", List.of("kind"), FieldRef.Type.STRING, false, true),
    };

    private static Object literal(Random rnd, FieldRef f) {
        return switch (f.type()) {
            case STRING -> STRINGS[rnd.nextInt(STRINGS.length)];
            case INT -> (long) (rnd.nextInt(5) - 1);
            case FLOAT -> new double[] {0.0, -0.0, 1.5, 2.0, -1.0}[rnd.nextInt(5)];
            case BOOLEAN -> rnd.nextBoolean();
            case TIMESTAMP -> Moment.ofEpochMillis(1705314600000L + rnd.nextInt(3) * 500L);
            default -> throw new IllegalStateException();
        };
    }

    private static Condition leaf(Random rnd) {
        FieldRef f = FIELDS[rnd.nextInt(FIELDS.length)];
        int op = rnd.nextInt(f.type() == FieldRef.Type.STRING ? 8 : 7);
        switch (op) {
            case 0, 1: {
                Object[] vs = new Object[1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 12 : 3)];
                for (int i = 0; i < vs.length; i++) {
                    vs[i] = literal(rnd, f);
                }
                return new Condition.In(f, List.of(vs), op == 1);
            }
            case 2:
                return new Condition.IsNull(f, rnd.nextBoolean());
            case 3: {
                Object a = literal(rnd, f);
                Object b = literal(rnd, f);
                return Values.compare(a, b) <= 0 ? new Condition.Between(f, a, b) : new Condition.Between(f, b, a);
            }
            case 7:
                return new Condition.Matches(f, Pattern.compile(new String[] {"^A", "c|u", "^$", "\uD83D"}[rnd.nextInt(4)]));
            default: {
                Condition.Comparison[] cs = Condition.Comparison.values();
                return new Condition.Compare(rnd.nextInt(3) == 0 ? cs[rnd.nextInt(cs.length)] : Condition.Comparison.EQUALS,
                        f, literal(rnd, f));
            }
        }
    }

    private static Condition tree(Random rnd, int depth) {
        int k = depth == 0 ? 0 : rnd.nextInt(5);
        if (k <= 1) {
            return leaf(rnd);
        }
        if (k == 2) {
            return not(tree(rnd, depth - 1));
        }
        List<Condition> args = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            args.add(tree(rnd, depth - 1));
        }
        return new Condition.Junction(k == 3, args);
    }

    private static String value(Random rnd, FieldRef f) {
        switch (rnd.nextInt(6)) {
            case 0:
                return null; // absent
            case 1:
                return "null";
            case 2:
                return new String[] {"\"A\"", "1", "1.0", "true", "[]", "\"2024-01-15T10:30:00.5Z\""}[rnd.nextInt(6)];
            default:
                break;
        }
        return switch (f.type()) {
            case STRING -> JSON.valueToTree(STRINGS[rnd.nextInt(STRINGS.length)]).toString();
            case INT -> String.valueOf(rnd.nextInt(5) - 1);
            case FLOAT -> new String[] {"0", "-0.0", "1.5", "2", "-1", "0.0"}[rnd.nextInt(6)];
            case BOOLEAN -> String.valueOf(rnd.nextBoolean());
            case TIMESTAMP -> f.epochMillis() ? String.valueOf(1705314600000L + rnd.nextInt(3) * 500L)
                    : new String[] {"\"2024-01-15T10:30:00Z\"", "\"2024-01-15T12:30:00.500+02:00\"",
                        "\"2024-01-15T10:30:01.000000001Z\"", "\"2024-02-30T00:00:00Z\""}[rnd.nextInt(4)];
            default -> throw new IllegalStateException();
        };
    }

    private static Event randomEvent(Random rnd) {
        StringBuilder s = new StringBuilder("{");
        StringBuilder header = new StringBuilder("{");
        for (FieldRef f : FIELDS) {
            String v = value(rnd, f);
            if (v == null) {
                continue;
            }
            if (f.jsonText()) {
                header.append(header.length() > 1 ? ", " : "").append('"').append(f.path().get(0)).append("\": ").append(v);
            } else {
                s.append(s.length() > 1 ? ", " : "").append('"').append(f.column()).append("\": ").append(v);
            }
        }
        header.append('}');
        if (rnd.nextInt(4) != 0) {
            s.append(s.length() > 1 ? ", " : "").append("\"header_data\": ")
                    .append(rnd.nextInt(8) == 0 ? "\"{not json\"" : JSON.valueToTree(header.toString()).toString());
        }
        return event(s.append('}').toString());
    }

    @Test
    void randomBranchesRouteAsThePlainEvaluation() {
        Random rnd = new Random(20240115);
        int indexed = 0;
        int total = 0;
        for (int round = 0; round < 60; round++) {
            List<Condition> branches = new ArrayList<>();
            int n = 1 + rnd.nextInt(round % 10 == 0 ? 300 : 40);
            for (int i = 0; i < n; i++) {
                // Mostly seed-shaped (an equality or in on event_type under an and), some anything.
                branches.add(rnd.nextInt(3) == 0 ? tree(rnd, 3)
                        : and(rnd.nextBoolean() ? eq(TYPE, literal(rnd, TYPE)) : in(TYPE, literal(rnd, TYPE), literal(rnd, TYPE)),
                            tree(rnd, 2)));
            }
            Router r = new Router(branches);
            for (int i = 0; i < n; i++) {
                indexed += r.indexField(i) != null ? 1 : 0;
            }
            total += n;
            for (int k = 0; k < 200; k++) {
                assertRoutesLikePlain(branches, r, randomEvent(rnd));
            }
        }
        assertTrue(indexed > total / 2 && indexed < total, indexed + " of " + total + " branches indexed");
    }
}

package org.cdcgen.kstreams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.cdcgen.kstreams.Event;
import org.cdcgen.kstreams.ValueFormat;
import org.junit.jupiter.api.Test;

/**
 * Corners of the topology's semantics that the golden cases and the differential reach rarely
 * or not at all (the differential's events carry at most 6 fraction digits, for one).
 */
class SemanticsTest {
    private static Event event(String json) {
        return new EventReader(ValueFormat.JSON).read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static FieldRef column(String name, FieldRef.Type type) {
        return new FieldRef(name, List.of(), type, false, false);
    }

    @Test
    void stringsOrderByCodePointNotUtf16Unit() {
        // U+FF5E is one UTF-16 unit above the surrogates of U+1F600, but a lower code point.
        assertTrue("\uFF5E".compareTo("\uD83D\uDE00") > 0);
        assertTrue(Values.codePointOrder("\uFF5E", "\uD83D\uDE00") < 0);
        Condition lt = new Condition.Compare(Condition.Comparison.LESS_THAN, column("s", FieldRef.Type.STRING), "\uD83D\uDE00");
        assertEquals(Truth.TRUE, lt.eval(event("{\"s\": \"\uFF5E\"}")));
    }

    @Test
    void decimalsCompareExactlyWithinTheirType() {
        FieldRef amount = new FieldRef("a", List.of(), FieldRef.Type.DECIMAL, false, false, 12, 2);
        Condition gt = new Condition.Compare(Condition.Comparison.GREATER_THAN, amount,
                new java.math.BigDecimal("10000.10"));
        assertEquals(Truth.TRUE, gt.eval(event("{\"a\": \"10000.11\"}")));
        assertEquals(Truth.FALSE, gt.eval(event("{\"a\": \"10000.10\"}")));
        assertEquals(Truth.FALSE, gt.eval(event("{\"a\": \"10000.1000\"}"))); // trailing zeros fit
        assertEquals(Truth.TRUE, gt.eval(event("{\"a\": 10000.11}")));
        assertEquals(Truth.UNKNOWN, gt.eval(event("{\"a\": \"10000.105\"}"))); // beyond scale 2
        assertEquals(Truth.UNKNOWN, gt.eval(event("{\"a\": \"12345678901\"}"))); // 11 > 12 - 2 digits
        assertEquals(Truth.UNKNOWN, gt.eval(event("{\"a\": \"1e5\"}"))); // not Debezium's text
        assertEquals(Truth.UNKNOWN, gt.eval(event("{\"a\": \" 10000.11\"}")));
        FieldRef big = new FieldRef("b", List.of(), FieldRef.Type.DECIMAL, false, false, 38, 18);
        Condition eq = new Condition.Compare(Condition.Comparison.EQUALS, big,
                new java.math.BigDecimal("9007199254740993"));
        assertEquals(Truth.TRUE, eq.eval(event("{\"b\": \"9007199254740993.000\"}")));
        assertEquals(Truth.FALSE, eq.eval(event("{\"b\": \"9007199254740992\"}"))); // equal as doubles
        assertEquals(Truth.TRUE, eq.eval(event("{\"b\": 9007199254740993}")));
    }

    @Test
    void negativeZeroEqualsZero() {
        Condition eq = new Condition.Compare(Condition.Comparison.EQUALS, column("f", FieldRef.Type.FLOAT), 0.0);
        assertEquals(Truth.TRUE, eq.eval(event("{\"f\": -0.0}")));
    }

    @Test
    void instantsCompareAtFullPrecision() {
        Moment lit = Moment.ofEpochMillis(1705314600000L);
        assertEquals(0, Moment.parseIso("2024-01-15T10:30:00.000000000000Z").compareTo(lit));
        assertTrue(Moment.parseIso("2024-01-15T10:30:00.0000000000001Z").compareTo(lit) > 0);
        assertEquals(0, Moment.parseIso("2024-01-15 12:30:00+0200").compareTo(lit));
        assertEquals(0, Moment.parseIso("0000-03-01T00:00:00Z").compareTo(Moment.ofEpochMillis(-62162035200000L)));
        assertNull(Moment.parseIso("2024-02-30T00:00:00Z"));
        assertNull(Moment.parseIso("2024-01-15T24:00:00Z"));
        assertNull(Moment.parseIso("2024-01-15T10:30:00+24:00"));
        assertNull(Moment.parseIso("2024-01-15T10:30:00"));
    }

    @Test
    void epochMillisAreTheInstantsTheyName() {
        for (long ms : new long[] {0, 1, 5, 10, 50, 99, 100, 120, 123, 999, 1000, 1001, -1, -5, -120, -999, -1000,
            -1001, 1705314600123L, -62162035200001L}) {
            Moment m = Moment.ofEpochMillis(ms);
            assertEquals(Moment.parseIso(java.time.Instant.ofEpochMilli(ms).toString()), m, "ms " + ms);
            assertEquals(0, m.compareTo(Moment.parseIso(java.time.Instant.ofEpochMilli(ms).toString())));
        }
        assertEquals("12", Moment.ofEpochMillis(1705314600120L).fraction());
        assertEquals("", Moment.ofEpochMillis(-2000).fraction());
        assertEquals("999", Moment.ofEpochMillis(-1).fraction());
    }

    @Test
    void integersAre64BitJsonIntegers() {
        FieldRef f = column("n", FieldRef.Type.INT);
        assertEquals(9223372036854775807L, f.read(event("{\"n\": 9223372036854775807}")));
        assertNull(f.read(event("{\"n\": 9223372036854775808}")));
        assertNull(f.read(event("{\"n\": 1.0}")));
        assertNull(f.read(event("{\"n\": \"1\"}")));
    }

    @Test
    void runawayMatchIsUnknownNotAHang() {
        // Exponential in Java's engine: about 3.5 s for 24 characters without a budget.
        Condition m = new Condition.Matches(column("s", FieldRef.Type.STRING), Pattern.compile("(.*){1,32000}[bc]"));
        assertEquals(Truth.UNKNOWN, m.eval(event("{\"s\": \"" + "a".repeat(40) + "\"}")));
        assertEquals(Truth.TRUE, m.eval(event("{\"s\": \"aab\"}")));
        assertEquals(Truth.FALSE, m.eval(event("{\"s\": \"aaa\"}")));
    }

    @Test
    void jsonTextIsParsedOnceAndSharedByEveryLeaf() {
        Event e = event("{\"h\": \"{\\\"a\\\": {\\\"b\\\": [10, \\\"x\\\"]}}\"}");
        FieldRef a = new FieldRef("h", List.of("a", "b", 0), FieldRef.Type.INT, false, true);
        FieldRef b = new FieldRef("h", List.of("a", "b", 1), FieldRef.Type.STRING, false, true);
        assertEquals(10L, a.read(e));
        assertEquals("x", b.read(e));
        ParsedEvent p = (ParsedEvent) e;
        assertTrue(p.document("h") == p.document("h"));
        assertNull(new FieldRef("h", List.of("a", 0), FieldRef.Type.INT, false, true).read(e));
    }
}

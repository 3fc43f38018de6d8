package org.cdcgen.kstreams.internal;

import java.util.List;
import java.util.regex.Pattern;
import org.cdcgen.kstreams.Event;

/**
 * A branch's condition, validated from the topology's predicate tree. Evaluation follows the
 * topology's "semantics" block: SQL three-valued logic (Kleene's and/or/not), a comparison with a
 * NULL field is UNKNOWN, isNull/isNotNull are never UNKNOWN, notIn is not(in), matches is
 * {@link java.util.regex.Matcher#find()}.
 *
 * <p>{@link #eval} is the plain evaluation of one condition on one event, every argument
 * evaluated: the reference. The router evaluates many at once ({@link Router}: an index, each
 * field read and each leaf decided once per record, short-circuits); its tests hold it to this.
 */
public sealed interface Condition {

    Truth eval(Event e);

    /** A comparison of one field's value: the tree's leaves. */
    sealed interface Leaf extends Condition {
        FieldRef field();

        /** The truth of this leaf for the field's value {@code v} (null: NULL). */
        Truth test(Object v);

        @Override
        default Truth eval(Event e) {
            return test(field().read(e));
        }
    }

    /**
     * and ({@code and} true): FALSE if any argument is FALSE, else UNKNOWN if any is UNKNOWN,
     * else TRUE; or: TRUE if any argument is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE.
     * Every argument is evaluated, as in cdcgen eval.
     */
    record Junction(boolean and, List<Condition> args) implements Condition {
        public Junction {
            args = List.copyOf(args);
        }

        @Override
        public Truth eval(Event e) {
            Truth dominant = and ? Truth.FALSE : Truth.TRUE;
            boolean unknown = false;
            boolean hit = false;
            for (Condition p : args) {
                Truth t = p.eval(e);
                hit |= t == dominant;
                unknown |= t == Truth.UNKNOWN;
            }
            return hit ? dominant : unknown ? Truth.UNKNOWN : dominant.not();
        }
    }

    record Not(Condition arg) implements Condition {
        @Override
        public Truth eval(Event e) {
            return arg.eval(e).not();
        }
    }

    /** The comparisons of one value with one literal. */
    enum Comparison {
        EQUALS("equals"),
        GREATER_THAN("greaterThan"),
        LESS_THAN("lessThan"),
        GREATER_THAN_OR_EQUAL("greaterThanOrEqual"),
        LESS_THAN_OR_EQUAL("lessThanOrEqual");

        final String op;

        Comparison(String op) {
            this.op = op;
        }

        boolean holds(int sign) {
            return switch (this) {
                case EQUALS -> sign == 0;
                case GREATER_THAN -> sign > 0;
                case LESS_THAN -> sign < 0;
                case GREATER_THAN_OR_EQUAL -> sign >= 0;
                case LESS_THAN_OR_EQUAL -> sign <= 0;
            };
        }
    }

    record Compare(Comparison op, FieldRef field, Object literal) implements Leaf {
        @Override
        public Truth test(Object v) {
            return v == null ? Truth.UNKNOWN : Truth.of(op.holds(Values.compare(v, literal)));
        }
    }

    /** in, and notIn (negated): literal lists hold no NULL, so only a NULL field is UNKNOWN. */
    record In(FieldRef field, List<Object> literals, boolean negated) implements Leaf {
        public In {
            literals = List.copyOf(literals);
        }

        @Override
        public Truth test(Object v) {
            if (v == null) {
                return Truth.UNKNOWN;
            }
            boolean found = false;
            for (Object l : literals) {
                if (Values.compare(v, l) == 0) {
                    found = true;
                    break;
                }
            }
            return Truth.of(found != negated);
        }
    }

    /** between, inclusive: min <= field <= max. */
    record Between(FieldRef field, Object min, Object max) implements Leaf {
        @Override
        public Truth test(Object v) {
            return v == null ? Truth.UNKNOWN
                    : Truth.of(Values.compare(v, min) >= 0 && Values.compare(v, max) <= 0);
        }
    }

    /**
     * matches: the pattern, compiled once, found somewhere in the value. Like cdcgen eval's match
     * limit, a search that backtracks without end (more than {@link #MATCH_BUDGET} character
     * reads, or deeper than the stack) is abandoned and UNKNOWN, so one value cannot stall a
     * stream thread.
     */
    record Matches(FieldRef field, Pattern pattern) implements Leaf {
        static final long MATCH_BUDGET = 10_000_000L;

        @Override
        public Truth test(Object v) {
            if (v == null) {
                return Truth.UNKNOWN;
            }
            try {
                return Truth.of(pattern.matcher(new Budgeted((String) v)).find());
            } catch (Budgeted.Exhausted | StackOverflowError runaway) {
                org.slf4j.LoggerFactory.getLogger(Condition.class).warn(
                        "matches {}: search abandoned ({}), UNKNOWN", pattern.pattern(),
                        runaway instanceof StackOverflowError ? "stack overflow" : "over the budget");
                return Truth.UNKNOWN;
            }
        }

        /** The value, counting the characters the matcher reads. */
        private static final class Budgeted implements CharSequence {
            static final class Exhausted extends RuntimeException {
                Exhausted() {
                    super(null, null, false, false);
                }
            }

            private final String s;
            private long left = MATCH_BUDGET;

            Budgeted(String s) {
                this.s = s;
            }

            @Override
            public char charAt(int i) {
                if (--left < 0) {
                    throw new Exhausted();
                }
                return s.charAt(i);
            }

            @Override
            public int length() {
                return s.length();
            }

            @Override
            public CharSequence subSequence(int from, int to) {
                return s.subSequence(from, to);
            }

            @Override
            public String toString() {
                return s;
            }
        }
    }

    /** isNull, and isNotNull (negated): never UNKNOWN. */
    record IsNull(FieldRef field, boolean negated) implements Leaf {
        @Override
        public Truth test(Object v) {
            return Truth.of((v == null) != negated);
        }
    }
}

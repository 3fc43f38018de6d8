package org.cdcgen.kstreams;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A branch's predicate, validated from the topology's predicate tree. Evaluation follows the
 * topology's "semantics" block: SQL three-valued logic (Kleene's and/or/not, every argument
 * evaluated), a comparison with a NULL field is UNKNOWN, isNull/isNotNull are never UNKNOWN,
 * notIn is not(in), matches is {@link java.util.regex.Matcher#find()}.
 */
public sealed interface Predicate {

    Truth eval(Event e);

    /** and: FALSE if any argument is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE. */
    record And(List<Predicate> args) implements Predicate {
        public And {
            args = List.copyOf(args);
        }

        @Override
        public Truth eval(Event e) {
            boolean unknown = false;
            boolean sawFalse = false;
            for (Predicate p : args) {
                Truth t = p.eval(e);
                sawFalse |= t == Truth.FALSE;
                unknown |= t == Truth.UNKNOWN;
            }
            return sawFalse ? Truth.FALSE : unknown ? Truth.UNKNOWN : Truth.TRUE;
        }
    }

    /** or: TRUE if any argument is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE. */
    record Or(List<Predicate> args) implements Predicate {
        public Or {
            args = List.copyOf(args);
        }

        @Override
        public Truth eval(Event e) {
            boolean unknown = false;
            boolean sawTrue = false;
            for (Predicate p : args) {
                Truth t = p.eval(e);
                sawTrue |= t == Truth.TRUE;
                unknown |= t == Truth.UNKNOWN;
            }
            return sawTrue ? Truth.TRUE : unknown ? Truth.UNKNOWN : Truth.FALSE;
        }
    }

    record Not(Predicate arg) implements Predicate {
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

    record Compare(Comparison op, FieldRef field, Object literal) implements Predicate {
        @Override
        public Truth eval(Event e) {
            Object v = field.read(e);
            return v == null ? Truth.UNKNOWN : Truth.of(op.holds(Values.compare(v, literal)));
        }
    }

    /** in, and notIn (negated): literal lists hold no NULL, so only a NULL field is UNKNOWN. */
    record In(FieldRef field, List<Object> literals, boolean negated) implements Predicate {
        public In {
            literals = List.copyOf(literals);
        }

        @Override
        public Truth eval(Event e) {
            Object v = field.read(e);
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
    record Between(FieldRef field, Object min, Object max) implements Predicate {
        @Override
        public Truth eval(Event e) {
            Object v = field.read(e);
            return v == null ? Truth.UNKNOWN
                    : Truth.of(Values.compare(v, min) >= 0 && Values.compare(v, max) <= 0);
        }
    }

    /** matches: the pattern, compiled once, found somewhere in the value. */
    record Matches(FieldRef field, Pattern pattern) implements Predicate {
        @Override
        public Truth eval(Event e) {
            Object v = field.read(e);
            if (v == null) {
                return Truth.UNKNOWN;
            }
            try {
                return Truth.of(pattern.matcher((String) v).find());
            } catch (StackOverflowError deepBacktracking) {
                // A pattern that recurses too deep on this value decides nothing.
                return Truth.UNKNOWN;
            }
        }
    }

    /** isNull, and isNotNull (negated): never UNKNOWN. */
    record IsNull(FieldRef field, boolean negated) implements Predicate {
        @Override
        public Truth eval(Event e) {
            return Truth.of((field.read(e) == null) != negated);
        }
    }
}

package org.cdcgen.kstreams.internal;

/** Orders a field's value against a literal of the same type, as the topology's semantics say. */
final class Values {
    private Values() {
    }

    /** Sign of (value - literal). Both are non-null and of one type. */
    static int compare(Object v, Object literal) {
        if (v instanceof String s) {
            return codePointOrder(s, (String) literal);
        }
        if (v instanceof Long l) {
            return Long.compare(l, (Long) literal);
        }
        if (v instanceof Double d) {
            // Numeric order: -0.0 equals 0.0 (Double.compare would order them).
            double x = d;
            double y = (Double) literal;
            return x < y ? -1 : x > y ? 1 : 0;
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.compareTo((java.math.BigDecimal) literal); // by value: 1.10 equals 1.1
        }
        if (v instanceof Boolean b) {
            return Boolean.compare(b, (Boolean) literal);
        }
        if (v instanceof Moment m) {
            return m.compareTo((Moment) literal);
        }
        throw new IllegalStateException("no order for " + v.getClass().getSimpleName());
    }

    /**
     * A hash key of a value with the equality of {@link #compare} == 0 among values of one type:
     * the value itself, but -0.0 is 0.0 and a decimal drops its trailing zeros (1.10 is 1.1).
     * (Strings equal by code point are equal strings; a
     * Moment's fraction has no trailing zeros, so equal instants are equal records.)
     */
    static Object key(Object v) {
        if (v instanceof java.math.BigDecimal d) {
            return d.signum() == 0 ? java.math.BigDecimal.ZERO : d.stripTrailingZeros();
        }
        return v instanceof Double d && d == 0.0 ? (Object) 0.0d : v;
    }

    /** Unicode code point order; String.compareTo orders UTF-16 units, which differs above U+FFFF. */
    static int codePointOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return x < y ? -1 : 1;
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return i < a.length() ? 1 : j < b.length() ? -1 : 0;
    }
}

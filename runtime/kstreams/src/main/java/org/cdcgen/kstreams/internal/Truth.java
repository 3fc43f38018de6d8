package org.cdcgen.kstreams.internal;

/** SQL's three truth values; a record is routed only on {@link #TRUE}. */
public enum Truth {
    TRUE,
    FALSE,
    UNKNOWN;

    static Truth of(boolean b) {
        return b ? TRUE : FALSE;
    }

    Truth not() {
        return this == UNKNOWN ? UNKNOWN : this == TRUE ? FALSE : TRUE;
    }
}

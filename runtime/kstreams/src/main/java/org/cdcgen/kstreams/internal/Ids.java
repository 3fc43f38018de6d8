package org.cdcgen.kstreams.internal;

import java.util.function.Function;

/** Enum constants by the id the topology file spells them with. */
final class Ids {
    private Ids() {
    }

    /** The constant of {@code type} whose {@code id} is {@code s}; null when none is. */
    static <E extends Enum<E>> E of(Class<E> type, Function<E, String> id, String s) {
        for (E e : type.getEnumConstants()) {
            if (id.apply(e).equals(s)) {
                return e;
            }
        }
        return null;
    }
}

package org.cdcgen.kstreams;

/** The source topic's value format, as the topology's {@code source.valueFormat} names it. */
public enum ValueFormat {
    /** Plain JSON. */
    JSON("json"),
    /** Schema Registry framing (magic byte 0, a 4-byte schema id) before the JSON. */
    JSON_SR("json-sr");

    private final String id;

    ValueFormat(String id) {
        this.id = id;
    }

    /** The name the topology file spells it with. */
    public String id() {
        return id;
    }

    /** The format the topology file names {@code id}; null when none is. */
    public static ValueFormat of(String id) {
        for (ValueFormat f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        return null;
    }
}

package org.cdcgen.kstreams;

/**
 * A topology file this runtime refuses: the message names the file and the JSON pointer of the
 * offending value, so a user can find it ({@code kstreams-topology.json: /branches/2/predicate/op:
 * unknown operator "like"}). Thrown only while loading, never while records flow.
 */
public final class TopologyException extends RuntimeException {
    private final String file;
    private final String pointer;

    public TopologyException(String file, String pointer, String problem) {
        super(file + ": " + (pointer.isEmpty() ? "(document)" : pointer) + ": " + problem);
        this.file = file;
        this.pointer = pointer;
    }

    public TopologyException(String file, String pointer, String problem, Throwable cause) {
        this(file, pointer, problem);
        initCause(cause);
    }

    /** The file as it was named to the loader. */
    public String file() {
        return file;
    }

    /** RFC 6901 pointer of the refused value; empty for the whole document. */
    public String pointer() {
        return pointer;
    }
}

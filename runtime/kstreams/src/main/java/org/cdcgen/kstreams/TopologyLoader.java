package org.cdcgen.kstreams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.cdcgen.kstreams.internal.TopologyParser;

/**
 * Loads and validates a topology file written by {@code cdcgen generate -t kstreams}
 * (grammar/topology.schema.json). Everything is checked before anything runs: the format version,
 * the semantics the file declares (each must be the one this runtime implements), the serdes,
 * every predicate tree (operators, field types, literals of the field's type, patterns that
 * compile). A refusal is a {@link TopologyException} naming the file and the JSON pointer.
 */
public final class TopologyLoader {
    /** The newest formatVersion this runtime reads. */
    public static final int FORMAT_VERSION = 1;

    /** The key serde of source and sinks: keys pass through as bytes, never read. */
    public static final String KEY_SERDE = "org.apache.kafka.common.serialization.Serdes$ByteArraySerde";
    /*
     * The class names are written out, not taken from the classes: the routing table of the
     * Flink runtime (runtime/flink) is read by the same parser, which must then load no Kafka
     * class. PackagingTest holds them to the classes.
     */
    /** The value serde of source and sinks: JSON events in, the same bytes out. */
    public static final String VALUE_SERDE = "org.cdcgen.kstreams.EventSerde";
    /** The deserialization handler the topology asks for. */
    public static final String HANDLER = "org.cdcgen.kstreams.SkipUnreadableHandler";

    private TopologyLoader() {
    }

    /** Reads and validates a topology file. */
    public static TopologySpec load(Path path) {
        String name = path.toString();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TopologyException(name, "", "cannot read the file: " + describe(e), e);
        }
        return parse(name, text);
    }

    /** Validates a topology document; {@code file} names it in messages. */
    public static TopologySpec parse(String file, String text) {
        return TopologyParser.parse(file, text);
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

package org.cdcgen.kstreams;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record of the source topic, as the router's value serde ({@link EventSerde}) read it: its
 * bytes as received (what the sinks write, unchanged) and its row, the JSON object the
 * conditions read.
 */
public interface Event {
    /** The record value exactly as it was read from the source topic. */
    byte[] bytes();

    /**
     * The row: the flat record, or the row image of a Debezium change event with its metadata
     * ({@code __op}, {@code __table}, {@code __ts_ms}, {@code __deleted}). Read it, do not change it:
     * the router's conditions read the same object.
     */
    ObjectNode row();
}

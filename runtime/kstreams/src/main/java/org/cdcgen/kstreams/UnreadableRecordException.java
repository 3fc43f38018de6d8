package org.cdcgen.kstreams;

/**
 * A record value the runtime cannot read as an event: not UTF-8, not JSON, not a JSON object, a
 * Debezium envelope without a row image, or no Schema Registry framing where the topology
 * declares it. The deserialization handler logs, counts and skips such records.
 */
public final class UnreadableRecordException extends RuntimeException {
    public UnreadableRecordException(String reason) {
        super(reason);
    }
}

package org.cdcgen.kstreams;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology's deserialization handler: a record whose value is no event is logged, counted
 * and skipped (as Flink's json source with ignore-parse-errors skips it), and, when the topology
 * names a dead-letter topic, written there unchanged with headers saying why and where it came
 * from. Kafka Streams creates it by class name and hands it the application's properties, where
 * {@link RouterConfig} put the metrics and the dead-letter topic.
 */
public final class SkipUnreadableHandler implements DeserializationExceptionHandler {
    /** Header of a dead-letter record: why it was not read. */
    public static final String HEADER_REASON = "cdcgen.error.reason";
    /** Header of a dead-letter record: topic, partition and offset it was read from. */
    public static final String HEADER_ORIGIN = "cdcgen.error.origin";

    private static final Logger LOG = LoggerFactory.getLogger(SkipUnreadableHandler.class);

    private RouterMetrics metrics;
    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object m = configs.get(RouterConfig.METRICS);
        metrics = m instanceof RouterMetrics rm ? rm : null;
        Object t = configs.get(RouterConfig.DEAD_LETTER_TOPIC);
        deadLetterTopic = t instanceof String s && !s.isEmpty() ? s : null;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        String reason = exception instanceof UnreadableRecordException ? exception.getMessage()
                : exception.getClass().getSimpleName() + ": " + exception.getMessage();
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        LOG.warn("skipping unreadable record {}: {}", origin, reason);
        if (metrics != null) {
            metrics.counters().unreadable(reason);
        }
        if (deadLetterTopic == null) {
            return Response.resume();
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, record.timestamp(),
                record.key(), record.value(), headers)));
    }
}

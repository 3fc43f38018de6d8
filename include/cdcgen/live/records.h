/* records.c: reading records of Kafka topics over ranges of offsets (what
 * audit reads), one record at a place (its witnesses), and the offsets of
 * a time. */
#ifndef CDCGEN_LIVE_RECORDS_H
#define CDCGEN_LIVE_RECORDS_H

#include <stdint.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/live/kafka.h"

/* A record as read: borrowed, valid during the callback only. */
typedef struct cdc_record {
    const char *topic;
    int32_t partition;
    int64_t offset;
    int64_t timestamp; /* ms since the epoch; -1: none */
    const char *key;   /* NULL: no key */
    size_t key_len;
    const char *value; /* NULL: no value (a tombstone) */
    size_t value_len;
    rd_kafka_headers_t *headers; /* NULL: none */
} cdc_record;

/* A topic's partitions and the offsets to read in each: [lo, hi). */
typedef struct cdc_topic_range {
    const char *topic;
    int32_t npartitions;
    int64_t *lo, *hi; /* heap arrays of npartitions */
} cdc_topic_range;

/* Called per record of a range (range: its index); false stops the read. */
typedef bool (*cdc_record_fn)(void *ctx, size_t range, const cdc_record *r);

/* Reads every record of the ranges (k: a consumer without a group) and
 * hands each to fn, partitions interleaved, offsets ascending within a
 * partition. false with the reason in err when the broker stops answering
 * (no record for k's timeout) or a partition cannot be read. */
bool cdc_kafka_read_ranges(cdc_kafka *k, const cdc_topic_range *ranges, size_t n, cdc_record_fn fn,
                           void *ctx, cdc_buf *err);

/* Reads the one record at topic, partition, offset and hands it to fn;
 * false with the reason in err when it is not there. */
bool cdc_kafka_read_at(cdc_kafka *k, const char *topic, int32_t partition, int64_t offset,
                       cdc_record_fn fn, void *ctx, cdc_buf *err);

/* Per partition of topic, the first offset whose timestamp is at or after
 * ts_ms (the high watermark when there is none) into out[npartitions]. */
bool cdc_kafka_offsets_for_time(cdc_kafka *k, const char *topic, int32_t npartitions, int64_t ts_ms,
                                int64_t *out, cdc_buf *err);

#endif

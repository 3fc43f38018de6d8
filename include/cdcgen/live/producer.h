/* producer.c: writing records into Kafka topics as a Java producer writes
 * them (murmur2 partitioning of keyed records, idempotent, acks=all), all
 * of a run inside one transaction: committed whole, or aborted so that
 * read_committed consumers see none of it. */
#ifndef CDCGEN_LIVE_PRODUCER_H
#define CDCGEN_LIVE_PRODUCER_H

#include <stdint.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/live/kafka.h"
#include "cdcgen/live/records.h"

typedef struct cdc_producer {
    cdc_kafka k;             /* the producer handle */
    bool open;               /* a transaction is open */
    unsigned long sent;      /* records handed to librdkafka */
    unsigned long delivered; /* delivery reports without an error */
    unsigned long failed;    /* delivery reports with one */
    char first_error[512];   /* the first failed report's reason */
} cdc_producer;

/* Connects (settings s over default_bootstrap, as cdc_kafka_open), fences
 * any earlier producer with transactional_id (aborting what it left open)
 * and begins the transaction; the transaction may stay open for at most
 * timeout_ms. false with the reason in err (no broker within the client's
 * timeout, a broker refusing transactions or the timeout). */
bool cdc_producer_begin(cdc_producer *p, const cdc_kafka_settings *s, const char *default_bootstrap,
                        const char *transactional_id, int timeout_ms, cdc_buf *err);

/* Queues a copy of record r for topic: its key, value, headers and
 * timestamp, on the partition the Java producer's default partitioner
 * picks for its key (murmur2; a record without a key: any). false with
 * the reason in err. */
bool cdc_producer_send(cdc_producer *p, const char *topic, const cdc_record *r, cdc_buf *err);

/* Waits for every delivery report and commits the transaction: false with
 * the reason in err when a record was not delivered or the commit failed
 * (the transaction is then aborted). */
bool cdc_producer_commit(cdc_producer *p, cdc_buf *err);

/* Aborts an open transaction (nothing it holds becomes visible to
 * read_committed consumers) and closes the handle. */
void cdc_producer_close(cdc_producer *p);

#endif

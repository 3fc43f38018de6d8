/* backfill_kstreams.c: `cdcgen backfill --processor kstreams`: the backfill
 * of the Kafka Streams application's topics, run by cdcgen itself. */
#ifndef CDCGEN_CMD_BACKFILL_KSTREAMS_H
#define CDCGEN_CMD_BACKFILL_KSTREAMS_H

#include <stdint.h>

#include "cdcgen/back/emit_flink.h"
#include "cdcgen/base/common.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/live/kafka.h"

/* Where the backfill reads: [from, until) of every partition of the
 * source topic. */
typedef struct cdc_ks_backfill {
    const cdc_kafka_settings *kafka;
    const int64_t *until;         /* R: until[p] for every partition p */
    int nuntil;                   /* the partitions R gives */
    const int64_t *from;          /* from[p] (-1: the partition's first), or NULL */
    int nfrom;                    /* the partitions from gives */
    int64_t from_ts;              /* else the first record at or after (ms), or -1: the first */
    const cdc_backfill_filter *v; /* the filters, each with its base version (or none) */
    size_t n;
} cdc_ks_backfill;

/* Reads [from, R) of the source topic (partitions assigned: no consumer
 * group, nothing committed), routes each event with every filter of b and
 * its base version, and writes each event whose filter routes it and whose
 * base version does not (new IS TRUE AND old IS NOT TRUE) into the
 * filter's Kafka Streams topic as the runtime would have: in one
 * transaction, committed only when every record was delivered. Prints the
 * counts per filter on standard error. false (an io error in head's
 * diagnostics) on any failure: no broker in time, a missing topic, R past
 * a partition's end, an undelivered record. */
bool cdc_backfill_kstreams(cdc_run *head, cdc_run *base, const cdc_ks_backfill *b);

#endif

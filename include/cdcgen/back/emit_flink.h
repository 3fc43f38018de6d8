/* emit_flink.c: the Apache Flink and Confluent Cloud Flink SQL targets. */
#ifndef CDCGEN_BACK_EMIT_FLINK_H
#define CDCGEN_BACK_EMIT_FLINK_H

#include "cdcgen/base/buf.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

/* Whether the flink target writes the fan-out layout (flink.layout; auto:
 * by the number of generated filters). */
bool cdc_flink_fan_out(const cdc_program *p, const cdc_config *cfg);
void cdc_emit_flink(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);
void cdc_emit_confluent(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

/* A backfill job (cdcgen backfill): per filter, the events of the source
 * topic between a start and the end offsets R that its new version (head,
 * of the program emitted) routes and its old version (base, of the earlier
 * program; NULL for a filter that routed nothing before) did not. */
typedef struct cdc_backfill_filter {
    const cdc_filter *head;
    const cdc_filter *base;
} cdc_backfill_filter;

typedef struct cdc_flink_backfill {
    const char *against;       /* the base, as given, for the comments */
    const char *startup_mode;  /* scan.startup.mode: earliest-offset, timestamp, specific-offsets */
    const char *startup_value; /* timestamp: epoch milliseconds; specific-offsets: the offsets
                                * ("partition:0,offset:42;..."); else NULL */
    const char *until;         /* scan.bounded.specific-offsets: R, every partition */
    const cdc_backfill_filter *v;
    size_t n;
} cdc_flink_backfill;

/* The bounded Flink SQL job of bf: a source over [start, R) without a
 * consumer group, a sink per filter as the per-filter layout writes it,
 * and one statement set. */
void cdc_emit_flink_backfill(const cdc_program *p, const cdc_config *cfg,
                             const cdc_flink_backfill *bf, cdc_buf *out);

#endif

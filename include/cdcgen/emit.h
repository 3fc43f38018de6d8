/* Back ends. Each reads only a checked program and the project config and
 * writes one complete artifact into a buffer; none can fail. */
#ifndef CDCGEN_EMIT_H
#define CDCGEN_EMIT_H

#include <jansson.h>

#include "cdcgen/ast.h"
#include "cdcgen/config.h"

/* emit_flink.c */
void cdc_emit_flink(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);
void cdc_emit_confluent(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);
/* emit_kstreams.c */
void cdc_emit_kstreams(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);
/* emit_connect.c */
void cdc_emit_connect_debezium(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);
void cdc_emit_connect_confluent(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

/* emit_topics.c */
void cdc_emit_topics(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);
void cdc_emit_topics_script(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

/* Dispatch by target. */
void cdc_emit(cdc_target t, const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

/* emit_common.c: helpers every back end shares. */
/* Appends root as JSON (indent 2, insertion order, final newline; extra
 * jansson flags such as JSON_REAL_PRECISION) and releases root. */
void cdc_emit_json(json_t *root, size_t flags, cdc_buf *out);
/* Appends the topic a filter writes to: outputTopic + suffix, unless
 * outputTopic already ends with suffix (the seed's v2 topics do). */
void cdc_output_topic(const cdc_filter *f, const char *suffix, cdc_buf *out);
/* "filters/a.yaml, filters/b.yaml" of the program's sources. */
void cdc_emit_source_list(const cdc_program *p, cdc_buf *out);
/* Literal value as text in a canonical form (numbers as written by %.17g,
 * timestamps as ISO-8601 UTC with milliseconds). */
void cdc_literal_canonical(const cdc_literal *l, cdc_buf *out);

#endif

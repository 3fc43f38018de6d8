/* Back ends. Each reads only a checked program and the project config and
 * writes one complete artifact into a buffer; none can fail. target.c lists
 * them in the table of targets. */
#ifndef CDCGEN_EMIT_H
#define CDCGEN_EMIT_H

#include "cdcgen/ast.h"
#include "cdcgen/config.h"
#include "cdcgen/json.h"

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

/* emit_common.c: helpers every back end shares. */
/* "filters/a.yaml, filters/b.yaml" of the program's sources. */
void cdc_emit_source_list(const cdc_program *p, cdc_buf *out);
/* The first members of a generated JSON document's top-level object:
 * "generatedBy", "doNotEdit", "formatVersion" and the "sources" read. */
void cdc_emit_json_preamble(const cdc_program *p, cdc_json_writer *w);

#endif

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

#endif

/* emit_avro.c: the avro target, the Avro schema of the value of every topic
 * of the pipeline (subject <topic>-value). */
#ifndef CDCGEN_BACK_EMIT_AVRO_H
#define CDCGEN_BACK_EMIT_AVRO_H

#include <stdbool.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

/* Whether s is an Avro name ([A-Za-z_][A-Za-z0-9_]*): what a record field
 * must be called, so what check asks of every column when this target is
 * configured. */
bool cdc_avro_name(const char *s);
void cdc_emit_avro(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

#endif

/* emit_json_schema.c: the json-schema target, the JSON Schema of the value
 * of every topic of the pipeline (subject <topic>-value). */
#ifndef CDCGEN_BACK_EMIT_JSON_SCHEMA_H
#define CDCGEN_BACK_EMIT_JSON_SCHEMA_H

#include "cdcgen/base/buf.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

void cdc_emit_json_schema(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

#endif

/* emit_common.c: helpers every back end shares. Back ends read only a
 * checked program and the project config and write one complete artifact
 * into a buffer; none can fail. target.c lists them in the table of
 * targets. */
#ifndef CDCGEN_BACK_EMIT_COMMON_H
#define CDCGEN_BACK_EMIT_COMMON_H

#include "cdcgen/base/buf.h"
#include "cdcgen/base/json.h"
#include "cdcgen/lang/ast.h"

/* "filters/a.yaml, filters/b.yaml" of the program's sources. */
void cdc_emit_source_list(const cdc_program *p, cdc_buf *out);
/* The first members of a generated JSON document's top-level object:
 * "generatedBy", "doNotEdit", "formatVersion" and the "sources" read. */
void cdc_emit_json_preamble(const cdc_program *p, cdc_json_writer *w);
/* The description of a change event of the program's table, which every
 * topic schema (json-schema, avro) gives its record. */
void cdc_emit_change_event_doc(const cdc_program *p, cdc_buf *out);

#endif

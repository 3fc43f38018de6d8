/* emit_kstreams.c: the Kafka Streams topology JSON target. */
#ifndef CDCGEN_BACK_EMIT_KSTREAMS_H
#define CDCGEN_BACK_EMIT_KSTREAMS_H

#include "cdcgen/base/buf.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

void cdc_emit_kstreams(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

#endif

/* emit_kstreams.c: the Kafka Streams topology JSON target. */
#ifndef CDCGEN_BACK_EMIT_KSTREAMS_H
#define CDCGEN_BACK_EMIT_KSTREAMS_H

#include "cdcgen/back/target.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

void cdc_emit_kstreams(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

/* The routing table of the flink target's fan-out layout: the same document
 * as the topology JSON, read by the same runtime code (TopologyParser), with
 * each branch's sink on the topic of target `topics`, branches holding only
 * what the runtime reads, and no topology graph. Indented like the rest. */
void cdc_emit_kstreams_routes(const cdc_program *p, const cdc_config *cfg, cdc_target topics,
                              cdc_buf *out);

#endif

/* emit_connect.c: the Kafka Connect targets (Debezium, Confluent Cloud). */
#ifndef CDCGEN_BACK_EMIT_CONNECT_H
#define CDCGEN_BACK_EMIT_CONNECT_H

#include "cdcgen/base/buf.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

void cdc_emit_connect_debezium(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);
void cdc_emit_connect_confluent(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

#endif

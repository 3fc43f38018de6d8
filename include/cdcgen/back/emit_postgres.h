/* emit_postgres.c: the postgres target: the SQL that sets the source
 * database up for the connector (publication, replica identity, wal_level
 * check, the role as a template). Idempotent. */
#ifndef CDCGEN_BACK_EMIT_POSTGRES_H
#define CDCGEN_BACK_EMIT_POSTGRES_H

#include "cdcgen/base/buf.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

void cdc_emit_postgres(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

#endif

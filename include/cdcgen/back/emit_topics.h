/* emit_topics.c: the topic manifest and the script creating the topics. */
#ifndef CDCGEN_BACK_EMIT_TOPICS_H
#define CDCGEN_BACK_EMIT_TOPICS_H

#include "cdcgen/base/buf.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

void cdc_emit_topics(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);
void cdc_emit_topics_script(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

#endif

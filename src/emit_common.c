/* emit_common.c: what every back end shares: the JSON writer and the list
 * of source files for headers. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/emit.h"

void cdc_emit_json(json_t *root, size_t flags, cdc_buf *out)
{
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | flags);
    if (!text)
        CDC_BUG("json_dumps failed");
    cdc_buf_puts(out, text);
    cdc_buf_putc(out, '\n');
    free(text);
    json_decref(root);
}

void cdc_emit_source_list(const cdc_program *p, cdc_buf *out)
{
    for (size_t i = 0; i < p->nsources; i++)
        cdc_buf_printf(out, "%s%s", i ? ", " : "", p->sources[i]->path);
}


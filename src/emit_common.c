/* emit_common.c: what every back end shares: the list of source files for
 * headers. */
#include "cdcgen/emit.h"

void cdc_emit_source_list(const cdc_program *p, cdc_buf *out)
{
    for (size_t i = 0; i < p->nsources; i++)
        cdc_buf_printf(out, "%s%s", i ? ", " : "", p->sources[i]->path);
}

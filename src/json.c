/* json.c: the one JSON writer (include/cdcgen/json.h). jansson writes
 * straight into the buffer, with no intermediate copy of the document. */
#include "cdcgen/json.h"

static int append(const char *text, size_t n, void *ctx)
{
    cdc_buf_add(ctx, text, n);
    return 0;
}

void cdc_json_write(json_t *root, size_t flags, cdc_buf *out)
{
    if (json_dump_callback(root, append, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | flags) != 0)
        CDC_BUG("jansson could not write a document");
    cdc_buf_putc(out, '\n');
    json_decref(root);
}

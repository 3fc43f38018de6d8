/* json.c: the one JSON writer (include/cdcgen/json.h). jansson writes
 * straight into the buffer, with no intermediate copy of the document; a
 * large array can be written item by item, so no tree of the whole
 * document is ever held. */
#include <stdio.h>
#include <string.h>

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

/* ---- streamed arrays ---- */

/* The array of stream s, as jansson would write it at indentation ind:
 * each item is written wrapped in as many one-item arrays as put it at its
 * depth, and the wrappers' lines are left out, so jansson indents it. */
static void write_stream(const cdc_json_stream *s, size_t ind, size_t flags, cdc_buf *out)
{
    size_t wraps = ind / 2 + 1, n = 0;
    cdc_buf item = CDC_BUF_INIT;
    for (json_t *it; (it = s->next(s->ctx)) != NULL; n++) {
        json_t *doc = it;
        for (size_t k = 0; k < wraps; k++) {
            json_t *w = json_array();
            if (!w || json_array_append_new(w, doc) != 0)
                CDC_BUG("jansson could not wrap an item of '%s'", s->name);
            doc = w;
        }
        cdc_buf_reset(&item);
        if (json_dump_callback(doc, append, &item, JSON_INDENT(2) | JSON_PRESERVE_ORDER | flags))
            CDC_BUG("jansson could not write an item of '%s'", s->name);
        json_decref(doc);
        /* Without the first and last `wraps` lines, which hold brackets. */
        const char *from = item.data, *to = item.data + item.len;
        for (size_t k = 0; k < wraps; k++)
            from = strchr(from, '\n') + 1;
        for (size_t k = 0; k < wraps; k++)
            while (*--to != '\n')
                ;
        cdc_buf_puts(out, n ? ",\n" : "[\n");
        cdc_buf_add(out, from, (size_t)(to - from));
    }
    cdc_buf_release(&item);
    if (!n) {
        cdc_buf_puts(out, "[]");
        return;
    }
    cdc_buf_putc(out, '\n');
    cdc_buf_fill(out, ' ', ind);
    cdc_buf_putc(out, ']');
}

/* A NUL then the name: the document's other strings come from C strings or
 * from literals check keeps free of NUL, so "\u0000" marks only these. */
json_t *cdc_json_stream_mark(const cdc_json_stream *s)
{
    char mark[128];
    int n = snprintf(mark, sizeof mark, "%c%s", '\0', s->name);
    return json_stringn(mark, (size_t)n);
}

void cdc_json_write_streamed(json_t *root, size_t flags, const cdc_json_stream *streams, size_t n,
                             cdc_buf *out)
{
    cdc_buf doc = CDC_BUF_INIT;
    cdc_json_write(root, flags, &doc);
    const char *p = doc.data, *end = doc.data + doc.len;
    for (;;) {
        const char *m = strstr(p, "\"\\u0000");
        if (!m)
            break;
        const char *name = m + 7, *close = strchr(name, '"');
        const cdc_json_stream *s = NULL;
        for (size_t i = 0; i < n && !s; i++)
            if (strlen(streams[i].name) == (size_t)(close - name) &&
                memcmp(streams[i].name, name, (size_t)(close - name)) == 0)
                s = &streams[i];
        if (!s)
            CDC_BUG("no stream for a mark in a JSON document");
        const char *line = m;
        while (line > doc.data && line[-1] != '\n')
            line--;
        cdc_buf_add(out, p, (size_t)(m - p));
        write_stream(s, strspn(line, " "), flags, out);
        p = close + 1;
    }
    cdc_buf_add(out, p, (size_t)(end - p));
    cdc_buf_release(&doc);
}

/* source.c: files in memory with a line map (jq's locfile), so positions
 * can be turned into line:column and a line's text fetched for carets. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cdcgen/source.h"

static void build_line_map(cdc_arena *a, cdc_source *src)
{
    uint32_t n = 1;
    for (size_t i = 0; i < src->len; i++)
        if (src->text[i] == '\n')
            n++;
    src->line_start = cdc_arena_alloc(a, n * sizeof *src->line_start);
    src->nlines = n;
    uint32_t k = 0;
    src->line_start[k++] = 0;
    for (size_t i = 0; i < src->len; i++)
        if (src->text[i] == '\n')
            src->line_start[k++] = (uint32_t)(i + 1);
}

cdc_source *cdc_source_from_string(cdc_arena *a, const char *path, const char *text,
                                   size_t len)
{
    cdc_source *src = CDC_ARENA_NEW(a, cdc_source);
    src->path = cdc_arena_strdup(a, path);
    src->text = cdc_arena_strndup(a, text, len);
    src->len = len;
    build_line_map(a, src);
    return src;
}

cdc_source *cdc_source_read(cdc_arena *a, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        cdc_buf_add(&b, chunk, n);
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    if (f != stdin)
        fclose(f);
    if (err || b.len > UINT32_MAX - 1) {
        cdc_buf_release(&b);
        errno = err ? err : EFBIG;
        return NULL;
    }
    cdc_source *src = cdc_source_from_string(a, path, b.data, b.len);
    cdc_buf_release(&b);
    return src;
}

cdc_pos cdc_source_pos(const cdc_source *src, size_t off, size_t len)
{
    cdc_pos p = {0, 0, 0, 0};
    if (!src)
        return p;
    if (off > src->len)
        off = src->len;
    if (len > src->len - off)
        len = src->len - off;
    /* Binary search for the last line starting at or before off. */
    uint32_t lo = 0, hi = src->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (src->line_start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    p.off = (uint32_t)off;
    p.len = (uint32_t)len;
    p.line = lo + 1;
    p.col = (uint32_t)cdc_utf8_count(src->text + src->line_start[lo],
                                     off - src->line_start[lo]) + 1;
    return p;
}

const char *cdc_source_line(const cdc_source *src, uint32_t line, size_t *len)
{
    if (line == 0 || line > src->nlines) {
        *len = 0;
        return "";
    }
    size_t start = src->line_start[line - 1];
    size_t end = line < src->nlines ? src->line_start[line] - 1 : src->len;
    if (end > start && src->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return src->text + start;
}

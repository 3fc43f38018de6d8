/* json.c: the one JSON writer, for the back ends and the diagnostics. */
#ifndef CDCGEN_JSON_H
#define CDCGEN_JSON_H

#include <jansson.h>

#include "cdcgen/common.h"

/* Appends root as a JSON document: indent 2, keys in insertion order, a
 * final newline, plus jansson flags (JSON_REAL_PRECISION...); then
 * releases root. */
void cdc_json_write(json_t *root, size_t flags, cdc_buf *out);

/* An array written item by item: next(ctx) returns a new reference to the
 * next item, or NULL after the last. Its place in the document is marked
 * by the value cdc_json_stream_mark returns. */
typedef struct cdc_json_stream {
    const char *name; /* unique in the document; letters only */
    json_t *(*next)(void *ctx);
    void *ctx;
} cdc_json_stream;

json_t *cdc_json_stream_mark(const cdc_json_stream *s);

/* Writes root as cdc_json_write does, each stream's array written where its
 * mark stands, byte for byte as if it had been in the tree; releases root.
 * Every stream's items are written once, in the order of the marks. */
void cdc_json_write_streamed(json_t *root, size_t flags, const cdc_json_stream *streams, size_t n,
                             cdc_buf *out);

#endif

/* json.c: the one JSON writer, for the back ends and the diagnostics.
 *
 * A streaming writer: the caller opens and closes objects and arrays and
 * writes keys and values in document order, straight into a cdc_buf, so no
 * tree of the document is ever built. The text is jansson's
 * (json_dumps with JSON_INDENT(2) | JSON_PRESERVE_ORDER and
 * JSON_REAL_PRECISION), byte for byte: two-space indentation, "key": value,
 * empty containers as {} and [], jansson's string escapes and real format.
 * cdc_json_write puts a jansson tree through the same writer. Misuse (a key
 * outside an object, a value without its key, unbalanced containers,
 * invalid UTF-8, a non-finite real) is a bug in the caller: CDC_BUG. */
#ifndef CDCGEN_BASE_JSON_H
#define CDCGEN_BASE_JSON_H

#include <stdint.h>

#include <jansson.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"

typedef struct cdc_json_writer {
    cdc_buf *out;
    int real_precision; /* significant digits of reals, 1..31 */
    bool empty;         /* the innermost open container has no item yet */
    bool keyed;         /* a key was written; its value comes next */
    char *open;         /* '{' or '[' per open container, outermost first */
    size_t depth, cap;  /* open containers; room in open */
    bool done;          /* the top-level value is complete */
} cdc_json_writer;

/* A writer appending to out; reals get real_precision significant digits
 * (0: 17, as jansson). */
void cdc_json_writer_init(cdc_json_writer *w, cdc_buf *out, int real_precision);
/* Ends the document (a final newline) and releases the writer. */
void cdc_json_writer_finish(cdc_json_writer *w);

void cdc_json_begin_object(cdc_json_writer *w);
void cdc_json_end_object(cdc_json_writer *w);
void cdc_json_begin_array(cdc_json_writer *w);
void cdc_json_end_array(cdc_json_writer *w);
/* The key of the next value in the open object. */
void cdc_json_keyn(cdc_json_writer *w, const char *key, size_t len);
void cdc_json_key(cdc_json_writer *w, const char *key);

/* Values: an array item, or the value of the key just written. Strings are
 * UTF-8 and may hold NUL (written \u0000). */
void cdc_json_stringn(cdc_json_writer *w, const char *s, size_t len);
void cdc_json_string(cdc_json_writer *w, const char *s);
void cdc_json_integer(cdc_json_writer *w, int64_t v);
void cdc_json_real(cdc_json_writer *w, double v);
void cdc_json_bool(cdc_json_writer *w, bool v);
void cdc_json_null(cdc_json_writer *w);

/* A key and its value in one call, for the common object members. */
void cdc_json_put_string(cdc_json_writer *w, const char *key, const char *s);
void cdc_json_put_integer(cdc_json_writer *w, const char *key, int64_t v);
void cdc_json_put_bool(cdc_json_writer *w, const char *key, bool v);
/* "key": [] (an empty array). */
void cdc_json_put_empty_array(cdc_json_writer *w, const char *key);

/* Appends the jansson tree root as a document (as cdc_json_writer_finish
 * leaves it, final newline included), then releases root. */
void cdc_json_write(json_t *root, int real_precision, cdc_buf *out);

#endif

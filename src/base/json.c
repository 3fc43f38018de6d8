/* base/json.c: the one JSON writer (include/cdcgen/base/json.h). It writes the text
 * jansson's json_dumps writes with JSON_INDENT(2) | JSON_PRESERVE_ORDER |
 * JSON_REAL_PRECISION(p) (jansson 2.14, src/dump.c and src/strconv.c), so
 * documents keep their bytes whichever way they are built; tests/unit
 * compares the two on random documents. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/base/json.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"

#define INDENT 2 /* spaces per level */

void cdc_json_writer_init(cdc_json_writer *w, cdc_buf *out, int real_precision)
{
    if (real_precision < 0 || real_precision > 31)
        CDC_BUG("real precision %d out of 0..31", real_precision);
    *w = (cdc_json_writer){.out = out, .real_precision = real_precision ? real_precision : 17};
}

void cdc_json_writer_finish(cdc_json_writer *w)
{
    if (!w->done || w->depth)
        CDC_BUG("JSON document ended %s", w->depth ? "inside a container" : "before its value");
    cdc_buf_putc(w->out, '\n');
    free(w->open);
    w->open = NULL;
}

/* A comma if asked, a newline and the indentation of depth levels, in one
 * append as a rule. */
static void new_line(cdc_json_writer *w, bool comma, size_t depth)
{
    static const char sep[] = ",\n                                                                ";
    const char *from = comma ? sep : sep + 1;
    size_t spaces = depth * INDENT, room = sizeof sep - 3;
    cdc_buf_add(w->out, from, (size_t)(sep + 2 - from) + (spaces < room ? spaces : room));
    if (spaces > room)
        cdc_buf_fill(w->out, ' ', spaces - room);
}

/* Before an item of the innermost open container (a value in an array, a
 * key in an object). */
static void item_start(cdc_json_writer *w)
{
    new_line(w, !w->empty, w->depth);
    w->empty = false;
}

/* Before a value: its separator and indentation in an array, nothing after
 * a key. */
static void value_start(cdc_json_writer *w)
{
    if (w->done)
        CDC_BUG("a second top-level JSON value");
    if (w->depth == 0)
        return;
    if (w->open[w->depth - 1] == '{') {
        if (!w->keyed)
            CDC_BUG("a JSON value in an object without its key");
        w->keyed = false;
        return;
    }
    item_start(w);
}

/* After a value: the document is complete when it was the top level. */
static void value_end(cdc_json_writer *w)
{
    if (w->depth == 0)
        w->done = true;
}

static void begin(cdc_json_writer *w, char open)
{
    value_start(w);
    if (w->depth == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 16;
        w->open = xrealloc(w->open, w->cap);
    }
    w->open[w->depth++] = open;
    w->empty = true;
    cdc_buf_putc(w->out, open);
}

static void end(cdc_json_writer *w, char open, char close)
{
    if (!w->depth || w->open[w->depth - 1] != open || w->keyed)
        CDC_BUG("'%c' does not close the open JSON container", close);
    w->depth--;
    if (!w->empty)
        new_line(w, false, w->depth);
    cdc_buf_putc(w->out, close);
    w->empty = false; /* the container was an item of its parent */
    value_end(w);
}

void cdc_json_begin_object(cdc_json_writer *w)
{
    begin(w, '{');
}

void cdc_json_end_object(cdc_json_writer *w)
{
    end(w, '{', '}');
}

void cdc_json_begin_array(cdc_json_writer *w)
{
    begin(w, '[');
}

void cdc_json_end_array(cdc_json_writer *w)
{
    end(w, '[', ']');
}

/* s[0..len) in quotes. jansson escapes '"', '\\' and the control
 * characters below U+0020 (\b \f \n \r \t by name, the others as \u00XX
 * with upper-case hex) and writes everything else as it is. */
static void put_quoted(cdc_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    cdc_buf_putc(out, '"');
    size_t run = 0; /* s[run..i) waits to be copied */
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = cdc_utf8_decode(s + i, len - i, &cp);
            if (!k)
                CDC_BUG("invalid UTF-8 in a JSON string at byte %zu", i);
            i += k;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        cdc_buf_add(out, s + run, i - run);
        char esc[6] = {'\\', 0};
        size_t n = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 0xF];
            n = 6;
        }
        cdc_buf_add(out, esc, n);
        run = ++i;
    }
    cdc_buf_add(out, s + run, len - run);
    cdc_buf_putc(out, '"');
}

void cdc_json_keyn(cdc_json_writer *w, const char *key, size_t len)
{
    if (!w->depth || w->open[w->depth - 1] != '{' || w->keyed)
        CDC_BUG("JSON key '%.*s' where no key can stand", (int)len, key);
    item_start(w);
    put_quoted(w->out, key, len);
    cdc_buf_add(w->out, ": ", 2);
    w->keyed = true;
}

void cdc_json_key(cdc_json_writer *w, const char *key)
{
    cdc_json_keyn(w, key, strlen(key));
}

void cdc_json_stringn(cdc_json_writer *w, const char *s, size_t len)
{
    value_start(w);
    put_quoted(w->out, s, len);
    value_end(w);
}

void cdc_json_string(cdc_json_writer *w, const char *s)
{
    if (!s)
        CDC_BUG("a null pointer as a JSON string");
    cdc_json_stringn(w, s, strlen(s));
}

void cdc_json_integer(cdc_json_writer *w, int64_t v)
{
    char digits[24], *p = digits + sizeof digits;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v; /* INT64_MIN too */
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    value_start(w);
    cdc_buf_add(w->out, p, (size_t)(digits + sizeof digits - p));
    value_end(w);
}

/* jansson's jsonp_dtostr: %.*g, then ".0" when the text would read back as
 * an integer, then the exponent without '+' and leading zeros (1e+20 ->
 * 1e20, 1e-05 -> 1e-5). */
void cdc_json_real(cdc_json_writer *w, double v)
{
    if (!isfinite(v))
        CDC_BUG("a non-finite real in a JSON document");
    char text[64];
    int n = snprintf(text, sizeof text, "%.*g", w->real_precision, v);
    if (n < 0 || (size_t)n + 3 > sizeof text)
        CDC_BUG("real %g does not fit its buffer", v);
    size_t len = (size_t)n;
    char *e = strchr(text, 'e');
    if (!e && !strchr(text, '.')) {
        memcpy(text + len, ".0", 3);
        len += 2;
    }
    if (e) {
        char *digits = e + 1 + (e[1] == '-'), *from = e + 2;
        while (*from == '0')
            from++;
        memmove(digits, from, (size_t)(text + len - from) + 1);
        len -= (size_t)(from - digits);
    }
    value_start(w);
    cdc_buf_add(w->out, text, len);
    value_end(w);
}

void cdc_json_bool(cdc_json_writer *w, bool v)
{
    value_start(w);
    cdc_buf_puts(w->out, v ? "true" : "false");
    value_end(w);
}

void cdc_json_null(cdc_json_writer *w)
{
    value_start(w);
    cdc_buf_add(w->out, "null", 4);
    value_end(w);
}

void cdc_json_put_string(cdc_json_writer *w, const char *key, const char *s)
{
    cdc_json_key(w, key);
    cdc_json_string(w, s);
}

void cdc_json_put_integer(cdc_json_writer *w, const char *key, int64_t v)
{
    cdc_json_key(w, key);
    cdc_json_integer(w, v);
}

void cdc_json_put_bool(cdc_json_writer *w, const char *key, bool v)
{
    cdc_json_key(w, key);
    cdc_json_bool(w, v);
}

void cdc_json_put_empty_array(cdc_json_writer *w, const char *key)
{
    cdc_json_key(w, key);
    cdc_json_begin_array(w);
    cdc_json_end_array(w);
}

/* ---- jansson trees ---- */

static void write_value(cdc_json_writer *w, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        cdc_json_begin_object(w);
        for (void *it = json_object_iter((json_t *)v); it;
             it = json_object_iter_next((json_t *)v, it)) {
            cdc_json_keyn(w, json_object_iter_key(it), json_object_iter_key_len(it));
            write_value(w, json_object_iter_value(it));
        }
        cdc_json_end_object(w);
        return;
    case JSON_ARRAY:
        cdc_json_begin_array(w);
        for (size_t i = 0; i < json_array_size(v); i++)
            write_value(w, json_array_get(v, i));
        cdc_json_end_array(w);
        return;
    case JSON_STRING: cdc_json_stringn(w, json_string_value(v), json_string_length(v)); return;
    case JSON_INTEGER: cdc_json_integer(w, (int64_t)json_integer_value(v)); return;
    case JSON_REAL: cdc_json_real(w, json_real_value(v)); return;
    case JSON_TRUE: cdc_json_bool(w, true); return;
    case JSON_FALSE: cdc_json_bool(w, false); return;
    case JSON_NULL: cdc_json_null(w); return;
    }
    CDC_BUG("jansson value of unknown type %d", (int)json_typeof(v));
}

void cdc_json_write(json_t *root, int real_precision, cdc_buf *out)
{
    if (!root)
        CDC_BUG("no JSON document to write");
    cdc_json_writer w;
    cdc_json_writer_init(&w, out, real_precision);
    write_value(&w, root);
    cdc_json_writer_finish(&w);
    json_decref(root);
}

/* base/buf.c: growable byte buffer. Emitters write whole artifacts here so the
 * driver can write each output file at once, or not at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"

void cdc_buf_init(cdc_buf *b)
{
    b->cap = 256;
    b->len = 0;
    b->data = xmalloc(b->cap);
    b->data[0] = '\0';
}

void cdc_buf_release(cdc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void cdc_buf_reset(cdc_buf *b)
{
    if (!b->data)
        cdc_buf_init(b);
    b->len = 0;
    b->data[0] = '\0';
}

static void grow(cdc_buf *b, size_t extra)
{
    if (!b->data)
        cdc_buf_init(b);
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap * 2;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void cdc_buf_add(cdc_buf *b, const void *data, size_t n)
{
    if (b->len + n >= b->cap) /* also when data is NULL: cap 0 */
        grow(b, n);
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void cdc_buf_puts(cdc_buf *b, const char *s)
{
    cdc_buf_add(b, s, strlen(s));
}

void cdc_buf_putc(cdc_buf *b, char c)
{
    if (b->len + 1 >= b->cap)
        grow(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

size_t cdc_vprintf_len(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        CDC_BUG("bad format '%s'", fmt);
    return (size_t)n;
}

/* Formats into the room left, and only when the text does not fit there
 * grows the buffer and formats again: most appends are formatted once. */
void cdc_buf_vprintf(cdc_buf *b, const char *fmt, va_list ap)
{
    if (!b->data)
        cdc_buf_init(b);
    size_t room = b->cap - b->len; /* the NUL's byte included */
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(b->data + b->len, room, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        CDC_BUG("bad format '%s'", fmt);
    if ((size_t)n >= room) {
        grow(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void cdc_buf_printf(cdc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cdc_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void cdc_buf_put_quoted(cdc_buf *b, const char *s, char q)
{
    cdc_buf_putc(b, q);
    for (; *s; s++) {
        if (*s == q)
            cdc_buf_putc(b, q);
        cdc_buf_putc(b, *s);
    }
    cdc_buf_putc(b, q);
}

void cdc_buf_fill(cdc_buf *b, char c, size_t n)
{
    if (b->len + n >= b->cap)
        grow(b, n);
    memset(b->data + b->len, c, n);
    b->len += n;
    b->data[b->len] = '\0';
}

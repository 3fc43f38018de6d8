/* buf.c: a growable NUL-terminated byte buffer on the heap. */
#ifndef CDCGEN_BASE_BUF_H
#define CDCGEN_BASE_BUF_H

#include "cdcgen/base/common.h"

typedef struct cdc_buf {
    char *data; /* always NUL-terminated once initialised */
    size_t len; /* bytes used, not counting the NUL */
    size_t cap; /* bytes allocated */
} cdc_buf;
#define CDC_BUF_INIT                                                                               \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }
void cdc_buf_init(cdc_buf *b);
void cdc_buf_release(cdc_buf *b);
void cdc_buf_reset(cdc_buf *b); /* len = 0, keeps memory */
void cdc_buf_add(cdc_buf *b, const void *data, size_t n);
void cdc_buf_puts(cdc_buf *b, const char *s);
void cdc_buf_putc(cdc_buf *b, char c);
void cdc_buf_fill(cdc_buf *b, char c, size_t n); /* n times c */
/* s between two q, each q inside doubled: SQL's quoting of literals and names */
void cdc_buf_put_quoted(cdc_buf *b, const char *s, char q);
void cdc_buf_printf(cdc_buf *b, const char *fmt, ...) CDC_PRINTF(2, 3);
void cdc_buf_vprintf(cdc_buf *b, const char *fmt, va_list ap) CDC_PRINTF(2, 0);
/* Bytes vprintf would write for fmt and ap (ap is left unused). */
size_t cdc_vprintf_len(const char *fmt, va_list ap) CDC_PRINTF(1, 0);

#endif

/* util.c: allocation that aborts on failure, the abort of a broken
 * invariant, did-you-mean, UTF-8, whole writes, topic characters and the
 * shortest double. */
#ifndef CDCGEN_BASE_UTIL_H
#define CDCGEN_BASE_UTIL_H

#include "cdcgen/base/common.h"

/* Internal invariant broken: a bug in cdcgen, never a user error. Aborts. */
#define CDC_BUG(...) cdc_bug(__FILE__, __LINE__, __VA_ARGS__)
CDC_NORETURN void cdc_bug(const char *file, int line, const char *fmt, ...) CDC_PRINTF(3, 4);

/* Heap allocation outside the arena. On failure these print
 * "cdcgen: out of memory" and abort; callers never check for NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Levenshtein distance, used for did-you-mean suggestions. */
size_t cdc_edit_distance(const char *a, const char *b);
/* Closest of candidates[0..n) to word if it is close enough, else NULL. */
const char *cdc_suggest(const char *word, const char *const *candidates, size_t n);
/* Writes data[0..len) to fd whole, again after EINTR; false with errno set
 * on failure. */
bool cdc_write_all(int fd, const char *data, size_t len);
/* Writes path whole: a temporary file beside it (mode 0644), renamed over
 * it, so a reader never sees half of it and a failure leaves the old file.
 * false with errno set. */
bool cdc_write_file_whole(const char *path, const char *data, size_t len);
/* True if s ends with suffix (file names: ".json", ".test.yaml"). */
bool cdc_has_suffix(const char *s, const char *suffix);
/* True if s[0..n) is well-formed UTF-8; else *bad is the first bad offset. */
bool cdc_utf8_valid(const char *s, size_t n, size_t *bad);
/* Number of code points in s[0..n) (invalid bytes count one each). */
size_t cdc_utf8_count(const char *s, size_t n);
/* Decodes the sequence at s[0..n), n >= 1: its length (1..4) and *cp, or 0
 * when it is malformed (then *cp is the first byte). */
size_t cdc_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Bytes from s[0] to the next lead byte (at most n): one code point. */
size_t cdc_utf8_step(const char *s, size_t n);
/* The largest k <= n that does not cut s inside a UTF-8 sequence (s[n] readable). */
size_t cdc_utf8_boundary(const char *s, size_t n);

/* Kafka's topic characters: ASCII letters, digits, '.', '_', '-'. */
bool cdc_topic_char(unsigned char c);
/* Bytes at the start of s that are topic characters. */
size_t cdc_topic_span(const char *s);

/* Writes v with %.*e or %.*g (conv 'e' or 'g') at the smallest precision
 * from min_prec up (at most 17) that reads back as v; returns it. */
#define CDC_DOUBLE_BUF 40
int cdc_double_shortest(double v, char conv, int min_prec, char out[CDC_DOUBLE_BUF]);

#endif

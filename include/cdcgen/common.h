/* Shared basics: allocation that aborts on failure, the arena every stage
 * allocates from, a growable byte buffer, and source positions. */
#ifndef CDCGEN_COMMON_H
#define CDCGEN_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CDCGEN_VERSION "0.1.0"

#if defined(__GNUC__)
#define CDC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define CDC_NORETURN __attribute__((noreturn))
#else
#define CDC_PRINTF(fmt, args)
#define CDC_NORETURN
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Internal invariant broken: a bug in cdcgen, never a user error. Aborts. */
#define CDC_BUG(...) cdc_bug(__FILE__, __LINE__, __VA_ARGS__)
CDC_NORETURN void cdc_bug(const char *file, int line, const char *fmt, ...) CDC_PRINTF(3, 4);

/* Exit statuses of the command line (man/cdcgen.1, EXIT STATUS). */
enum cdc_exit {
    CDC_EXIT_OK = 0,       /* success */
    CDC_EXIT_FINDINGS = 1, /* invalid filters, failed tests, stale outputs */
    CDC_EXIT_ERROR = 2,    /* usage, I/O or internal error */
};

/* Heap allocation outside the arena. On failure these print
 * "cdcgen: out of memory" and abort; callers never check for NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* ---- arena.c: one arena per run; freed once, as a whole ---- */
typedef struct cdc_arena cdc_arena;
cdc_arena *cdc_arena_new(void);
void cdc_arena_free(cdc_arena *a);             /* NULL is a no-op */
void *cdc_arena_alloc(cdc_arena *a, size_t n); /* zeroed, max-aligned */
char *cdc_arena_strdup(cdc_arena *a, const char *s);
char *cdc_arena_strndup(cdc_arena *a, const char *s, size_t n);
char *cdc_arena_printf(cdc_arena *a, const char *fmt, ...) CDC_PRINTF(2, 3);
char *cdc_arena_vprintf(cdc_arena *a, const char *fmt, va_list ap) CDC_PRINTF(2, 0);
/* An arena array v of n elements of size bytes, with room for one more:
 * v itself, or a copy twice as large when n is a power of two (or 0).
 * Arena arrays cannot grow in place; doubling keeps appends linear. */
void *cdc_arena_grow(cdc_arena *a, void *v, size_t n, size_t size);
/* A zeroed object of type from the arena. */
#define CDC_ARENA_NEW(a, type) ((type *)cdc_arena_alloc((a), sizeof(type)))

/* A list of pointers growing on the heap while its length is unknown (a
 * parser's children), then moved into the arena once complete. */
typedef struct cdc_ptrvec {
    void **v;
    size_t n, cap;
} cdc_ptrvec;
void cdc_ptrvec_push(cdc_ptrvec *v, void *p);
/* The n pointers in the arena (room for at least one); frees v's heap. */
void *cdc_ptrvec_to_arena(cdc_arena *a, cdc_ptrvec *v);

/* ---- buf.c: growable NUL-terminated byte buffer (heap) ---- */
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
void cdc_buf_printf(cdc_buf *b, const char *fmt, ...) CDC_PRINTF(2, 3);
void cdc_buf_vprintf(cdc_buf *b, const char *fmt, va_list ap) CDC_PRINTF(2, 0);
/* Bytes vprintf would write for fmt and ap (ap is left unused). */
size_t cdc_vprintf_len(const char *fmt, va_list ap) CDC_PRINTF(1, 0);

/* ---- positions ---- */
/* A span in a source file. off/len are byte offsets; line and col are
 * 1-based, col counted in code points. A zero line means "no position". */
typedef struct cdc_pos {
    uint32_t off;
    uint32_t len;
    uint32_t line;
    uint32_t col;
} cdc_pos;

/* ---- strmap.c: byte strings -> pointers, for linear-time uniqueness checks ---- */
typedef struct cdc_strmap {
    struct cdc_strmap_slot *slots;
    size_t cap, n;
} cdc_strmap;
void cdc_strmap_init(cdc_strmap *m);
void cdc_strmap_release(cdc_strmap *m);
/* The value stored under key[0..len), or NULL. */
void *cdc_strmap_get(const cdc_strmap *m, const char *key, size_t len);
/* Stores value (not NULL) under key unless the key is present; returns the
 * value stored under it now: value, or the earlier one. The key's bytes are
 * not copied and must outlive the map. */
void *cdc_strmap_put(cdc_strmap *m, const char *key, size_t len, void *value);

/* ---- util.c ---- */
/* Levenshtein distance, used for did-you-mean suggestions. */
size_t cdc_edit_distance(const char *a, const char *b);
/* Closest of candidates[0..n) to word if it is close enough, else NULL. */
const char *cdc_suggest(const char *word, const char *const *candidates, size_t n);
/* Writes data[0..len) to fd whole, again after EINTR; false with errno set
 * on failure. */
bool cdc_write_all(int fd, const char *data, size_t len);
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

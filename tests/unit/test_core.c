/* Unit tests for the core: arena.c, buf.c, source.c, util.c and diag.c. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "fixture.h"

/* A diagnostic without a code (a variable: cppcheck takes a literal NULL
 * among the arguments of a variadic function for a sentinel). */
static const char *const no_code = NULL;

/* ---- arena ---- */

static bool all_zero(const void *p, size_t n)
{
    const unsigned char *u = p;
    for (size_t i = 0; i < n; i++)
        if (u[i])
            return false;
    return true;
}

static void test_arena_alloc_zeroed(void **state)
{
    (void)state;
    /* Dirty the heap first, so fresh memory is not zero by accident. */
    cdc_arena *dirty = cdc_arena_new();
    for (int i = 0; i < 64; i++)
        memset(cdc_arena_alloc(dirty, 1000), 0xAA, 1000);
    cdc_arena_free(dirty);
    void *junk = malloc(20000);
    assert_non_null(junk);
    memset(junk, 0x55, 20000);
    free(junk);

    cdc_arena *a = cdc_arena_new();
    for (size_t n = 1; n <= 4096; n = n * 2 + 1) {
        unsigned char *p = cdc_arena_alloc(a, n);
        assert_non_null(p);
        assert_true(all_zero(p, n));
        memset(p, 0xFF, n); /* the next allocation must not see this */
    }
    int *arr = cdc_arena_alloc(a, 100 * sizeof *arr);
    assert_true(all_zero(arr, 100 * sizeof *arr));
    cdc_arena_free(a);
    cdc_arena_free(NULL); /* no-op */
}

static void test_arena_alignment(void **state)
{
    (void)state;
    const size_t align = _Alignof(max_align_t);
    cdc_arena *a = cdc_arena_new();
    for (size_t n = 0; n < 100; n++) {
        void *p = cdc_arena_alloc(a, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % align, 0);
    }
    /* Odd-sized strings do not misalign what follows. */
    cdc_arena_strdup(a, "abc");
    long double *ld = CDC_ARENA_NEW(a, long double);
    assert_int_equal((uintptr_t)ld % align, 0);
    *ld = 1.5L;
    /* Zero-byte requests still get distinct pointers. */
    void *z1 = cdc_arena_alloc(a, 0), *z2 = cdc_arena_alloc(a, 0);
    assert_ptr_not_equal(z1, z2);
    cdc_arena_free(a);
}

static void test_arena_many_allocations(void **state)
{
    (void)state;
    enum { N = 50000 };
    cdc_arena *a = cdc_arena_new();
    unsigned char **v = malloc(N * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < N; i++) {
        size_t n = 1 + i % 97;
        v[i] = cdc_arena_alloc(a, n);
        assert_true(all_zero(v[i], n));
        memset(v[i], (int)(i & 0xFF), n);
    }
    /* No allocation overlapped another. */
    for (size_t i = 0; i < N; i++) {
        size_t n = 1 + i % 97;
        for (size_t k = 0; k < n; k++)
            if (v[i][k] != (unsigned char)(i & 0xFF))
                fail_msg("allocation %zu byte %zu overwritten", i, k);
    }
    free(v);
    cdc_arena_free(a);
}

static void test_arena_big_allocation(void **state)
{
    (void)state;
    const size_t big = 8u * 1024 * 1024 + 3;
    cdc_arena *a = cdc_arena_new();
    char *small1 = cdc_arena_strdup(a, "before");
    unsigned char *p = cdc_arena_alloc(a, big);
    assert_non_null(p);
    assert_true(all_zero(p, big));
    memset(p, 0x11, big);
    char *small2 = cdc_arena_strdup(a, "after");
    unsigned char *p2 = cdc_arena_alloc(a, big);
    assert_true(all_zero(p2, big));
    assert_string_equal(small1, "before");
    assert_string_equal(small2, "after");
    assert_int_equal(p[0], 0x11);
    assert_int_equal(p[big - 1], 0x11);
    /* The second big block is disjoint from the first. */
    assert_true(p2 >= p + big || p2 + big <= p);
    cdc_arena_free(a);
}

static void test_arena_strings(void **state)
{
    (void)state;
    cdc_arena *a = cdc_arena_new();
    const char *orig = "hello world";
    char *s = cdc_arena_strdup(a, orig);
    assert_string_equal(s, "hello world");
    assert_ptr_not_equal(s, orig);
    char *n = cdc_arena_strndup(a, orig, 5);
    assert_string_equal(n, "hello");
    assert_int_equal(n[5], '\0');
    char *e = cdc_arena_strndup(a, "", 0);
    assert_string_equal(e, "");
    char *f = cdc_arena_printf(a, "%d-%s-%.2f-%c", 42, "x", 1.5, 'z');
    assert_string_equal(f, "42-x-1.50-z");
    /* Longer than the first block: the formatted size is measured first. */
    char *wide = cdc_arena_printf(a, "[%40000d]", 7);
    assert_int_equal(strlen(wide), 40002);
    assert_int_equal(wide[0], '[');
    assert_int_equal(wide[40000], '7');
    assert_int_equal(wide[40001], ']');
    char *empty = cdc_arena_printf(a, "%s", "");
    assert_string_equal(empty, "");
    cdc_arena_free(a);
}

/* ---- cdc_buf ---- */

static void test_buf_add(void **state)
{
    (void)state;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_add(&b, "abc", 3); /* works without cdc_buf_init */
    assert_int_equal(b.len, 3);
    assert_string_equal(b.data, "abc");
    cdc_buf_add(&b, "x\0y", 3); /* bytes, NUL included */
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.data, "abcx\0y", 7);
    cdc_buf_puts(&b, "--");
    cdc_buf_putc(&b, '!');
    assert_int_equal(b.len, 9);
    assert_memory_equal(b.data + 6, "--!", 4); /* with the terminating NUL */
    cdc_buf_add(&b, "", 0);
    assert_int_equal(b.len, 9);
    assert_true(b.cap > b.len);
    cdc_buf_release(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
}

static void test_buf_printf_growth(void **state)
{
    (void)state;
    cdc_buf b;
    cdc_buf_init(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    /* Many small appends past 64 KiB. */
    for (int i = 0; i < 20000; i++)
        cdc_buf_printf(&b, "%05d\n", i);
    assert_int_equal(b.len, 120000);
    assert_int_equal(strlen(b.data), 120000);
    assert_memory_equal(b.data, "00000\n00001\n", 12);
    assert_memory_equal(b.data + 6 * 12345, "12345\n", 6);
    assert_string_equal(b.data + b.len - 6, "19999\n");
    assert_true(b.cap > b.len);
    /* One append far larger than the current capacity. */
    cdc_buf_reset(&b);
    cdc_buf_puts(&b, "<");
    cdc_buf_printf(&b, "%*s|", 200000, "x");
    assert_int_equal(b.len, 200002);
    assert_int_equal(b.data[0], '<');
    assert_int_equal(b.data[1], ' ');
    assert_int_equal(b.data[200000], 'x');
    assert_int_equal(b.data[200001], '|');
    assert_int_equal(b.data[200002], '\0');
    cdc_buf_release(&b);
}

static void test_buf_put_quoted(void **state)
{
    (void)state;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_buf_put_quoted(&b, "it's", '\'');
    cdc_buf_put_quoted(&b, "", '"');
    cdc_buf_put_quoted(&b, "a\"\"b`", '"');
    cdc_buf_put_quoted(&b, "`x`", '`');
    assert_string_equal(b.data, "'it''s'\"\"\"a\"\"\"\"b`\"```x```");
    cdc_buf_release(&b);
}

static void test_buf_reset(void **state)
{
    (void)state;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_reset(&b); /* on an unused buffer: initialises it */
    assert_non_null(b.data);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    for (int i = 0; i < 1000; i++)
        cdc_buf_puts(&b, "0123456789");
    char *data = b.data;
    size_t cap = b.cap;
    cdc_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_ptr_equal(b.data, data); /* keeps its memory */
    assert_int_equal(b.cap, cap);
    cdc_buf_printf(&b, "%s=%d", "k", 3);
    assert_string_equal(b.data, "k=3");
    assert_int_equal(b.len, 3);
    cdc_buf_release(&b);
}

/* ---- source line map ---- */

static cdc_source *src_of(cdc_arena *a, const char *text)
{
    return cdc_source_from_string(a, "t.yaml", text, strlen(text));
}

#define assert_pos(p, l, c, o, n)                                                                  \
    do {                                                                                           \
        cdc_pos p_ = (p);                                                                          \
        assert_int_equal(p_.line, (l));                                                            \
        assert_int_equal(p_.col, (c));                                                             \
        assert_int_equal(p_.off, (o));                                                             \
        assert_int_equal(p_.len, (n));                                                             \
    } while (0)

static void test_source_line_col(void **state)
{
    (void)state;
    cdc_arena *a = cdc_arena_new();
    cdc_source *s = src_of(a, "ab\ncd\n\nxyz");
    assert_string_equal(s->path, "t.yaml");
    assert_int_equal(s->len, 10);
    assert_int_equal(s->nlines, 4);
    assert_pos(cdc_source_pos(s, 0, 1), 1, 1, 0, 1);
    assert_pos(cdc_source_pos(s, 1, 1), 1, 2, 1, 1);
    assert_pos(cdc_source_pos(s, 2, 1), 1, 3, 2, 1); /* the newline ends line 1 */
    assert_pos(cdc_source_pos(s, 3, 2), 2, 1, 3, 2);
    assert_pos(cdc_source_pos(s, 4, 1), 2, 2, 4, 1);
    assert_pos(cdc_source_pos(s, 6, 0), 3, 1, 6, 0);
    assert_pos(cdc_source_pos(s, 7, 3), 4, 1, 7, 3);
    assert_pos(cdc_source_pos(s, 9, 1), 4, 3, 9, 1);
    /* Spans and offsets past the end are clamped to the text. */
    assert_pos(cdc_source_pos(s, 9, 100), 4, 3, 9, 1);
    assert_pos(cdc_source_pos(s, 500, 4), 4, 4, 10, 0);
    /* No source: no position. */
    assert_pos(cdc_source_pos(NULL, 3, 1), 0, 0, 0, 0);
    cdc_arena_free(a);
}

static void test_source_utf8_columns(void **state)
{
    (void)state;
    cdc_arena *a = cdc_arena_new();
    /* é (2 bytes), ü (2), € (3), 😀 (4): columns count code points. */
    const char *text = "id: 1\n\xC3\xA9: \xC3\xBC\xE2\x82\xACx \xF0\x9F\x98\x80y\n";
    cdc_source *s = src_of(a, text);
    size_t x = (size_t)(strchr(text, 'x') - text);
    size_t y = (size_t)(strchr(text, 'y') - text);
    assert_int_equal(x, 15);
    assert_int_equal(y, 21);
    assert_pos(cdc_source_pos(s, 6, 2), 2, 1, 6, 2);   /* é */
    assert_pos(cdc_source_pos(s, 8, 1), 2, 2, 8, 1);   /* ':' */
    assert_pos(cdc_source_pos(s, 12, 3), 2, 5, 12, 3); /* € */
    assert_pos(cdc_source_pos(s, x, 1), 2, 6, 15, 1);
    assert_pos(cdc_source_pos(s, y, 1), 2, 9, 21, 1);
    cdc_arena_free(a);
}

/* Columns on long lines (the code-point index): every position of a
 * 3000-byte line mixing 1- to 4-byte characters, across block boundaries,
 * agrees with counting from the start of the line. */
static void test_source_long_line_columns(void **state)
{
    (void)state;
    static const char *const chars[] = {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
    cdc_arena *a = cdc_arena_new();
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_puts(&b, "first line\n");
    size_t start = b.len;
    for (unsigned i = 0; b.len < start + 3000; i = i * 7 + 3)
        cdc_buf_puts(&b, chars[i % 4]);
    cdc_buf_puts(&b, "\nlast");
    cdc_source *s = cdc_source_from_string(a, "t.json", b.data, b.len);
    for (size_t off = start; off < b.len - 5; off++) {
        if (((unsigned char)b.data[off] & 0xC0) == 0x80)
            continue;
        cdc_pos p = cdc_source_pos(s, off, 1);
        assert_int_equal(p.line, 2);
        assert_int_equal(p.col, cdc_utf8_count(b.data + start, off - start) + 1);
    }
    assert_pos(cdc_source_pos(s, b.len - 1, 1), 3, 4, b.len - 1, 1);
    cdc_buf_release(&b);
    cdc_arena_free(a);
}

/* Bounded reads: a file over the limit is refused (EFBIG) and one at the
 * limit read; a directory is EISDIR; a FIFO without a writer reads as
 * empty instead of blocking; /dev/zero stops at the limit. */
static void test_read_bounded(void **state)
{
    (void)state;
    char dir[] = "/tmp/cdcgen-test-read-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64], fifo[64];
    snprintf(path, sizeof path, "%s/f", dir);
    snprintf(fifo, sizeof fifo, "%s/p", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("0123456789", f);
    fclose(f);

    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    assert_true(cdc_read_bounded(path, 10, &b));
    assert_int_equal(b.len, 10);
    cdc_buf_reset(&b);
    errno = 0;
    assert_false(cdc_read_bounded(path, 9, &b));
    assert_int_equal(errno, EFBIG);
    assert_int_equal(b.len, 0); /* refused before reading */
    assert_non_null(strstr(cdc_read_error(EFBIG), "16 MiB"));
    assert_false(cdc_read_bounded(dir, 100, &b));
    assert_int_equal(errno, EISDIR);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    cdc_buf_reset(&b);
    assert_true(cdc_read_bounded(fifo, 100, &b));
    assert_int_equal(b.len, 0);
    cdc_buf_reset(&b);
    assert_false(cdc_read_bounded("/dev/zero", 100000, &b));
    assert_int_equal(errno, EFBIG);
    assert_int_equal(b.len, 65536); /* whole chunks up to the limit, no more */
    cdc_buf_release(&b);
    unlink(path);
    unlink(fifo);
    rmdir(dir);
}

static void test_source_lines(void **state)
{
    (void)state;
    cdc_arena *a = cdc_arena_new();
    size_t len;
    const char *l;

    /* Last line without a newline. */
    cdc_source *s = src_of(a, "first\nlast");
    assert_int_equal(s->nlines, 2);
    l = cdc_source_line(s, 1, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(l, "first", 5);
    l = cdc_source_line(s, 2, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(l, "last", 4);
    l = cdc_source_line(s, 3, &len); /* out of range */
    assert_int_equal(len, 0);
    assert_string_equal(l, "");
    l = cdc_source_line(s, 0, &len);
    assert_int_equal(len, 0);

    /* A trailing newline opens an empty last line. */
    cdc_source *t = src_of(a, "a\n");
    assert_int_equal(t->nlines, 2);
    cdc_source_line(t, 2, &len);
    assert_int_equal(len, 0);

    /* CRLF: line text without the \r; positions unaffected. */
    cdc_source *c = src_of(a, "ab\r\ncd\r\nlast\r");
    assert_int_equal(c->nlines, 3);
    l = cdc_source_line(c, 1, &len);
    assert_int_equal(len, 2);
    assert_memory_equal(l, "ab", 2);
    l = cdc_source_line(c, 2, &len);
    assert_int_equal(len, 2);
    assert_memory_equal(l, "cd", 2);
    l = cdc_source_line(c, 3, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(l, "last", 4);
    assert_pos(cdc_source_pos(c, 4, 2), 2, 1, 4, 2);
    assert_pos(cdc_source_pos(c, 9, 1), 3, 2, 9, 1);

    /* Empty text: one empty line. */
    cdc_source *e = cdc_source_from_string(a, "e", "", 0);
    assert_int_equal(e->nlines, 1);
    assert_int_equal(e->len, 0);
    assert_string_equal(e->text, "");
    cdc_source_line(e, 1, &len);
    assert_int_equal(len, 0);
    cdc_arena_free(a);
}

static void test_source_copies_text(void **state)
{
    (void)state;
    cdc_arena *a = cdc_arena_new();
    char text[] = "k: v\nabc";
    cdc_source *s = cdc_source_from_string(a, "p", text, 7); /* stops inside "abc" */
    text[0] = 'X';
    assert_int_equal(s->len, 7);
    assert_string_equal(s->text, "k: v\nab"); /* own copy, NUL-terminated */
    cdc_arena_free(a);
}

static void test_source_read(void **state)
{
    (void)state;
    char path[] = "/tmp/cdcgen-test-src-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char body[] = "a: 1\nb: \"\xC3\xA9\"\n";
    assert_int_equal(write(fd, body, sizeof body - 1), (ssize_t)(sizeof body - 1));
    close(fd);
    cdc_arena *a = cdc_arena_new();
    cdc_source *s = cdc_source_read(a, path);
    assert_non_null(s);
    assert_string_equal(s->path, path);
    assert_int_equal(s->len, sizeof body - 1);
    assert_string_equal(s->text, body);
    assert_int_equal(s->nlines, 3);
    unlink(path);
    errno = 0;
    assert_null(cdc_source_read(a, "/nonexistent/dir/x.yaml"));
    assert_int_equal(errno, ENOENT);
    cdc_arena_free(a);
}

/* ---- util ---- */

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(cdc_edit_distance("", ""), 0);
    assert_int_equal(cdc_edit_distance("abc", ""), 3);
    assert_int_equal(cdc_edit_distance("", "abcd"), 4);
    assert_int_equal(cdc_edit_distance("same", "same"), 0);
    assert_int_equal(cdc_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(cdc_edit_distance("flaw", "lawn"), 2);
    assert_int_equal(cdc_edit_distance("event_typ", "event_type"), 1);
    assert_int_equal(cdc_edit_distance("event_type", "event_typ"), 1);
    assert_int_equal(cdc_edit_distance("evnt_type", "event_type"), 1);
    assert_int_equal(cdc_edit_distance("feild", "field"), 2);
}

static const char *const fields[] = {"id",         "event_name",  "event_type", "created_date",
                                     "saved_date", "header_data", "__op",       "__table",
                                     "__ts_ms",    "__deleted"};

static void test_suggest(void **state)
{
    (void)state;
    size_t n = ARRAY_SIZE(fields);
    assert_string_equal(cdc_suggest("event_typ", fields, n), "event_type");
    assert_string_equal(cdc_suggest("evnt_type", fields, n), "event_type");
    assert_string_equal(cdc_suggest("event_nam", fields, n), "event_name");
    assert_string_equal(cdc_suggest("__tsms", fields, n), "__ts_ms");
    assert_string_equal(cdc_suggest("createdDate", fields, n), "created_date");
    /* Distant words get nothing. */
    assert_null(cdc_suggest("colour", fields, n));
    assert_null(cdc_suggest("completely_different", fields, n));
    assert_null(cdc_suggest("zzzzzzzzzz", fields, n));
    /* One-letter words: replacing the whole word is no suggestion. */
    static const char *const ops[] = {"c", "u", "d", "r"};
    assert_null(cdc_suggest("x", ops, ARRAY_SIZE(ops)));
    static const char *const two[] = {"xy", "ab"};
    assert_null(cdc_suggest("x", two, ARRAY_SIZE(two)));
    /* But an exact one-letter match is found, and a close longer word. */
    assert_string_equal(cdc_suggest("c", ops, ARRAY_SIZE(ops)), "c");
    assert_string_equal(cdc_suggest("cc", ops, ARRAY_SIZE(ops)), "c");
    /* A different case is always a match, even for one letter. */
    assert_string_equal(cdc_suggest("U", ops, ARRAY_SIZE(ops)), "u");
    static const char *const logic[] = {"AND", "OR"};
    assert_string_equal(cdc_suggest("and", logic, ARRAY_SIZE(logic)), "AND");
    assert_string_equal(cdc_suggest("Or", logic, ARRAY_SIZE(logic)), "OR");
    /* The closest candidate wins, the first on a tie. */
    static const char *const names[] = {"equals", "in", "notIn", "between"};
    assert_string_equal(cdc_suggest("equal", names, ARRAY_SIZE(names)), "equals");
    assert_string_equal(cdc_suggest("notin", names, ARRAY_SIZE(names)), "notIn");
    static const char *const tie[] = {"abcx", "abcy"};
    assert_string_equal(cdc_suggest("abc", tie, ARRAY_SIZE(tie)), "abcx");
    assert_null(cdc_suggest("abc", tie, 0));
}

static void test_utf8_valid(void **state)
{
    (void)state;
    size_t bad = 999;
#define VALID(s) assert_true(cdc_utf8_valid((s), sizeof(s) - 1, &bad))
#define INVALID(s, at)                                                                             \
    do {                                                                                           \
        bad = 999;                                                                                 \
        assert_false(cdc_utf8_valid((s), sizeof(s) - 1, &bad));                                    \
        assert_int_equal(bad, (at));                                                               \
    } while (0)
    VALID("");
    VALID("plain ascii\n\t");
    VALID("nul\0inside");
    VALID("\xC2\x80");                             /* U+0080, smallest 2-byte */
    VALID("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"); /* é € 😀 */
    VALID("\xED\x9F\xBF");                         /* U+D7FF, just below the surrogates */
    VALID("\xEE\x80\x80");                         /* U+E000, just above */
    VALID("\xEF\xBF\xBF");                         /* U+FFFF */
    VALID("\xF4\x8F\xBF\xBF");                     /* U+10FFFF, the last code point */
    assert_true(cdc_utf8_valid("\xff", 0, NULL));  /* only n bytes are read */
    /* Overlong forms. */
    INVALID("\xC0\x80", 0);
    INVALID("ab\xC1\xBF", 2);
    INVALID("a\xE0\x80\x80", 1);
    INVALID("\xE0\x9F\xBF", 0); /* U+07FF in 3 bytes */
    INVALID("\xF0\x80\x80\x80", 0);
    INVALID("\xF0\x8F\xBF\xBF", 0); /* U+FFFF in 4 bytes */
    /* Surrogates. */
    INVALID("x\xED\xA0\x80", 1); /* U+D800 */
    INVALID("\xED\xBF\xBF", 0);  /* U+DFFF */
    /* Truncated sequences. */
    INVALID("ab\xE2\x82", 2);
    INVALID("\xC3", 0);
    INVALID("\xF0\x9F\x98", 0);
    INVALID("\xC3x", 0); /* continuation byte missing */
    INVALID("\xE2\x82x", 0);
    /* Above U+10FFFF and bytes that never start a sequence. */
    INVALID("\xF4\x90\x80\x80", 0); /* U+110000 */
    INVALID("ok\xF5\x80\x80\x80", 2);
    INVALID("\xF8\x88\x80\x80\x80", 0);
    INVALID("\x80", 0); /* lone continuation */
    INVALID("\xC3\xA9\xFF", 2);
    INVALID("\xFE", 0);
    assert_false(cdc_utf8_valid("\xC0\x80", 2, NULL)); /* bad may be NULL */
#undef VALID
#undef INVALID
}

static void test_utf8_count(void **state)
{
    (void)state;
    assert_int_equal(cdc_utf8_count("", 0), 0);
    assert_int_equal(cdc_utf8_count("abc", 3), 3);
    assert_int_equal(cdc_utf8_count("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
                                    "a",
                                    10),
                     4);
    assert_int_equal(cdc_utf8_count("\xFF\xFE", 2), 2); /* invalid bytes count one each */
    assert_int_equal(cdc_utf8_count("\xE2\x82", 2), 2); /* truncated: each byte */
}

/* ---- diagnostics ---- */

typedef fx_diags dfix;

/* Renders d in fmt into a malloc'd string. */
static char *render(cdc_diags *d, cdc_diag_format fmt, bool color)
{
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    assert_non_null(fp);
    cdc_diags_render(d, fp, fmt, color);
    fclose(fp);
    return out;
}

/* Position of the first occurrence of needle in src, spanning len bytes. */
static cdc_pos at(const cdc_source *src, const char *needle, size_t len)
{
    const char *p = strstr(src->text, needle);
    assert_non_null(p);
    return cdc_source_pos(src, (size_t)(p - src->text), len);
}

static const char diag_text[] = "version: 1\n"
                                "name: \"h\xC3\xA9llo\"\n"
                                "\tkey: x\n"
                                "last: y";

static void test_diag_text_header_and_caret(void **state)
{
    dfix *f = *state;
    cdc_source *s = cdc_source_from_string(f->a, "filters/a.yaml", diag_text, strlen(diag_text));
    cdc_diag_error(&f->d, s, at(s, "version", 7), "bad-key", "unknown key '%s'", "version");
    char *out = render(&f->d, CDC_DIAG_TEXT, false);
    assert_string_equal(out, "filters/a.yaml:1:1: error: unknown key 'version' [bad-key]\n"
                             "    1 | version: 1\n"
                             "      | ^~~~~~~\n"
                             "1 error, 0 warnings\n");
    free(out);
    assert_int_equal(f->d.nerrors, 1);
    assert_int_equal(f->d.nwarnings, 0);
    assert_int_equal(f->d.count, 1);
}

static void test_diag_text_utf8_line(void **state)
{
    dfix *f = *state;
    cdc_source *s = cdc_source_from_string(f->a, "filters/a.yaml", diag_text, strlen(diag_text));
    /* The quoted scalar: 8 bytes, 7 code points, at column 7. */
    cdc_pos p = at(s, "\"h", 8);
    assert_int_equal(p.line, 2);
    assert_int_equal(p.col, 7);
    cdc_diag_error(&f->d, s, p, "bad-name", "name is wrong");
    /* And a caret after the multi-byte character. */
    cdc_diag_warning(&f->d, s, at(s, "llo", 3), "w", "after the accent");
    char *out = render(&f->d, CDC_DIAG_TEXT, false);
    assert_string_equal(out, "filters/a.yaml:2:7: error: name is wrong [bad-name]\n"
                             "    2 | name: \"h\xC3\xA9llo\"\n"
                             "      |       ^~~~~~~\n"
                             "filters/a.yaml:2:10: warning: after the accent [w]\n"
                             "    2 | name: \"h\xC3\xA9llo\"\n"
                             "      |          ^~~\n"
                             "1 error, 1 warning\n");
    free(out);
}

static void test_diag_text_tab_line(void **state)
{
    dfix *f = *state;
    cdc_source *s = cdc_source_from_string(f->a, "filters/a.yaml", diag_text, strlen(diag_text));
    cdc_pos p = at(s, "x\n", 1);
    assert_int_equal(p.line, 3);
    assert_int_equal(p.col, 7);
    cdc_diag_error(&f->d, s, p, "bad-value", "bad value");
    /* A span running past the end of its line is cut at the line's end. */
    cdc_pos wide = at(s, "key", 3);
    wide.len = 40;
    cdc_diag_error(&f->d, s, wide, "span", "long span");
    char *out = render(&f->d, CDC_DIAG_TEXT, false);
    assert_string_equal(out, "filters/a.yaml:3:2: error: long span [span]\n"
                             "    3 | \tkey: x\n"
                             "      | \t^~~~~~\n"
                             "filters/a.yaml:3:7: error: bad value [bad-value]\n"
                             "    3 | \tkey: x\n"
                             "      | \t     ^\n"
                             "2 errors, 0 warnings\n");
    free(out);
}

static void test_diag_text_no_position(void **state)
{
    dfix *f = *state;
    cdc_source *s = cdc_source_from_string(f->a, "cdcgen.yaml", "x: 1\n", 5);
    cdc_diag_error(&f->d, s, (cdc_pos){0, 0, 0, 0}, "config", "invalid config");
    cdc_diag_warning(&f->d, NULL, (cdc_pos){0, 0, 0, 0}, no_code, "no file %d", 2);
    /* Last line, no newline after it; zero-length span gets a bare caret. */
    cdc_source *t = cdc_source_from_string(f->a, "z.yaml", "a: 1\nb:", 7);
    cdc_diag_error(&f->d, t, cdc_source_pos(t, 7, 0), "end", "unexpected end");
    char *out = render(&f->d, CDC_DIAG_TEXT, false);
    assert_string_equal(out, "cdcgen: warning: no file 2\n"
                             "cdcgen.yaml: error: invalid config [config]\n"
                             "z.yaml:2:3: error: unexpected end [end]\n"
                             "    2 | b:\n"
                             "      |   ^\n"
                             "2 errors, 1 warning\n");
    free(out);
}

static void test_diag_text_notes_follow(void **state)
{
    dfix *f = *state;
    cdc_source *s = cdc_source_from_string(f->a, "f.yaml", "one\ntwo\nthree\nfour\n", 19);
    cdc_diag_error(&f->d, s, at(s, "four", 4), "dup", "second definition");
    cdc_diag_note(&f->d, s, at(s, "one", 3), "first defined here");
    cdc_diag_note(&f->d, s, at(s, "two", 3), "and %s", "here");
    cdc_diag_warning(&f->d, s, at(s, "three", 5), "w", "in between");
    assert_int_equal(f->d.count, 4);
    assert_int_equal(f->d.nerrors, 1);
    assert_int_equal(f->d.nwarnings, 1);
    /* Notes are not in the top-level list. */
    assert_non_null(f->d.head);
    assert_non_null(f->d.head->next);
    assert_null(f->d.head->next->next);
    char *out = render(&f->d, CDC_DIAG_TEXT, false);
    assert_string_equal(out, "f.yaml:3:1: warning: in between [w]\n"
                             "    3 | three\n"
                             "      | ^~~~~\n"
                             "f.yaml:4:1: error: second definition [dup]\n"
                             "    4 | four\n"
                             "      | ^~~~\n"
                             "f.yaml:1:1: note: first defined here\n"
                             "    1 | one\n"
                             "      | ^~~\n"
                             "f.yaml:2:1: note: and here\n"
                             "    2 | two\n"
                             "      | ^~~\n"
                             "1 error, 1 warning\n");
    free(out);
}

static void test_diag_text_color(void **state)
{
    dfix *f = *state;
    cdc_diag_error(&f->d, NULL, (cdc_pos){0, 0, 0, 0}, "c", "m");
    cdc_diag_warning(&f->d, NULL, (cdc_pos){0, 0, 0, 0}, "c", "w");
    char *out = render(&f->d, CDC_DIAG_TEXT, true);
    assert_string_equal(out, "cdcgen: \033[1;31merror:\033[0m m [c]\n"
                             "cdcgen: \033[1;35mwarning:\033[0m w [c]\n"
                             "1 error, 1 warning\n");
    free(out);
}

static void test_diag_text_empty(void **state)
{
    dfix *f = *state;
    char *out = render(&f->d, CDC_DIAG_TEXT, false);
    assert_string_equal(out, "");
    free(out);
}

static void test_diag_sort(void **state)
{
    dfix *f = *state;
    const char *text = "0123456789\n0123456789\n";
    cdc_source *b = cdc_source_from_string(f->a, "b.yaml", text, strlen(text));
    cdc_source *a = cdc_source_from_string(f->a, "a.yaml", text, strlen(text));
    cdc_source *a2 = cdc_source_from_string(f->a, "a.yaml", text, strlen(text));
    cdc_diag_error(&f->d, b, cdc_source_pos(b, 5, 1), "b5", "b5");
    cdc_diag_error(&f->d, a, cdc_source_pos(a, 15, 1), "a15", "a15");
    cdc_diag_warning(&f->d, a, cdc_source_pos(a, 3, 1), "a3", "a3");
    cdc_diag_error(&f->d, NULL, (cdc_pos){0, 0, 0, 0}, "none", "none");
    cdc_diag_error(&f->d, b, cdc_source_pos(b, 1, 1), "b1", "b1");
    cdc_diag_error(&f->d, a2, cdc_source_pos(a2, 3, 1), "a3-second", "a3 again");
    cdc_diag_error(&f->d, a, (cdc_pos){0, 0, 0, 0}, "a-file", "whole file");
    cdc_diags_sort(&f->d);
    static const char *const want[] = {"none", "a-file", "a3", "a3-second", "a15", "b1", "b5"};
    size_t i = 0;
    for (cdc_diag *g = f->d.head; g; g = g->next, i++) {
        assert_true(i < ARRAY_SIZE(want));
        assert_string_equal(g->code, want[i]);
    }
    assert_int_equal(i, ARRAY_SIZE(want));
    /* The list stays appendable after sorting. */
    cdc_diag_error(&f->d, NULL, (cdc_pos){0, 0, 0, 0}, "later", "later");
    cdc_diag *g = f->d.head;
    while (g->next)
        g = g->next;
    assert_string_equal(g->code, "later");
    assert_int_equal(f->d.nerrors, 7);
    assert_int_equal(f->d.nwarnings, 1);
}

static void test_diag_json(void **state)
{
    dfix *f = *state;
    cdc_source *s = cdc_source_from_string(f->a, "dir/x.yaml", diag_text, strlen(diag_text));
    cdc_diag_error(&f->d, s, at(s, "\"h", 8), "bad-name", "name \"%s\" is wrong", "h\xC3\xA9llo");
    cdc_diag_note(&f->d, s, at(s, "version", 7), "see here");
    cdc_diag_warning(&f->d, NULL, (cdc_pos){0, 0, 0, 0}, no_code, "global");
    char *out = render(&f->d, CDC_DIAG_JSON, false);
    json_error_t err;
    json_t *root = json_loads(out, 0, &err);
    if (!root)
        fail_msg("not JSON: %s\n%s", err.text, out);
    free(out);
    assert_int_equal(json_integer_value(json_object_get(root, "errors")), 1);
    assert_int_equal(json_integer_value(json_object_get(root, "warnings")), 1);
    json_t *arr = json_object_get(root, "diagnostics");
    assert_true(json_is_array(arr));
    assert_int_equal(json_array_size(arr), 2);

    json_t *g = json_array_get(arr, 0); /* sorted: no file first */
    assert_string_equal(json_string_value(json_object_get(g, "severity")), "warning");
    assert_string_equal(json_string_value(json_object_get(g, "message")), "global");
    assert_null(json_object_get(g, "code"));
    assert_null(json_object_get(g, "file"));
    assert_null(json_object_get(g, "line"));

    g = json_array_get(arr, 1);
    assert_string_equal(json_string_value(json_object_get(g, "severity")), "error");
    assert_string_equal(json_string_value(json_object_get(g, "code")), "bad-name");
    assert_string_equal(json_string_value(json_object_get(g, "message")),
                        "name \"h\xC3\xA9llo\" is wrong");
    assert_string_equal(json_string_value(json_object_get(g, "file")), "dir/x.yaml");
    assert_int_equal(json_integer_value(json_object_get(g, "line")), 2);
    assert_int_equal(json_integer_value(json_object_get(g, "column")), 7);
    assert_int_equal(json_integer_value(json_object_get(g, "offset")), 17);
    assert_int_equal(json_integer_value(json_object_get(g, "length")), 8);
    json_t *notes = json_object_get(g, "notes");
    assert_int_equal(json_array_size(notes), 1);
    json_t *n = json_array_get(notes, 0);
    assert_string_equal(json_string_value(json_object_get(n, "severity")), "note");
    assert_string_equal(json_string_value(json_object_get(n, "message")), "see here");
    assert_int_equal(json_integer_value(json_object_get(n, "line")), 1);
    assert_int_equal(json_integer_value(json_object_get(n, "column")), 1);
    assert_null(json_object_get(n, "code"));
    json_decref(root);
}

static void test_diag_json_empty(void **state)
{
    dfix *f = *state;
    char *out = render(&f->d, CDC_DIAG_JSON, false);
    json_t *root = json_loads(out, 0, NULL);
    assert_non_null(root);
    free(out);
    assert_int_equal(json_array_size(json_object_get(root, "diagnostics")), 0);
    assert_int_equal(json_integer_value(json_object_get(root, "errors")), 0);
    assert_int_equal(json_integer_value(json_object_get(root, "warnings")), 0);
    json_decref(root);
}

/* A long line is echoed as an excerpt around the column; the caret stays
 * under its character. */
static void test_diag_excerpt_long_line(void **state)
{
    dfix *f = *state;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_puts(&b, "{\"k\": [");
    for (int i = 0; i < 500; i++)
        cdc_buf_puts(&b, "1, ");
    size_t off = b.len;
    cdc_buf_puts(&b, "bad");
    for (int i = 0; i < 500; i++)
        cdc_buf_puts(&b, ", 2");
    cdc_buf_puts(&b, "]}\n");
    cdc_source *s = cdc_source_from_string(f->a, "m.json", b.data, b.len);
    cdc_diag_error(&f->d, s, cdc_source_pos(s, off, 3), "x", "bad");
    char *out = render(&f->d, CDC_DIAG_TEXT, false);
    cdc_buf want = CDC_BUF_INIT;
    cdc_buf_printf(&want, "m.json:1:%zu: error: bad [x]\n    1 | ...", off + 1);
    cdc_buf_add(&want, b.data + off - CDC_DIAG_EXCERPT, CDC_DIAG_EXCERPT + CDC_DIAG_EXCERPT);
    cdc_buf_puts(&want, "...\n      |    ");
    for (int i = 0; i < CDC_DIAG_EXCERPT; i++)
        cdc_buf_putc(&want, ' ');
    cdc_buf_puts(&want, "^~~\n1 error, 0 warnings\n");
    assert_string_equal(out, want.data);
    free(out);
    cdc_buf_release(&want);
    cdc_buf_release(&b);
}

/* Control characters in the line and the message never reach the terminal;
 * an overlong message is cut. */
static void test_diag_control_chars_and_long_message(void **state)
{
    dfix *f = *state;
    const char *text = "k: \"\x1b[31mred\"\n";
    cdc_source *s = cdc_source_from_string(f->a, "a.yaml", text, strlen(text));
    cdc_diag_error(&f->d, s, cdc_source_pos(s, 3, 10), "x", "key '%s'", "\x1b[31mred\a");
    char *out = render(&f->d, CDC_DIAG_TEXT, false);
    assert_string_equal(out, "a.yaml:1:4: error: key '?[31mred?' [x]\n"
                             "    1 | k: \"?[31mred\"\n"
                             "      |    ^~~~~~~~~~\n"
                             "1 error, 0 warnings\n");
    free(out);
    cdc_diags_init(&f->d, f->a);
    char *big = calloc(1, 5000);
    memset(big, 'x', 4999);
    cdc_diag_error(&f->d, NULL, (cdc_pos){0, 0, 0, 0}, "x", "%s", big);
    out = render(&f->d, CDC_DIAG_TEXT, false);
    assert_int_equal(strlen(out), strlen("cdcgen: error: ...\n [x]\n1 error, 0 warnings\n") - 1 +
                                      CDC_DIAG_MESSAGE_MAX);
    free(out);
    free(big);
}

/* At most max_shown diagnostics, errors first whatever their position;
 * the rest are counted. */
static void test_diag_max_shown(void **state)
{
    dfix *f = *state;
    const char *text = "a\nb\nc\nd\ne\n";
    cdc_source *s = cdc_source_from_string(f->a, "a.yaml", text, strlen(text));
    for (size_t i = 0; i < 4; i++)
        cdc_diag_warning(&f->d, s, cdc_source_pos(s, 2 * i, 1), "w", "warning %zu", i);
    cdc_diag_error(&f->d, s, cdc_source_pos(s, 8, 1), "e", "the error");
    f->d.max_shown = 2;
    char *out = render(&f->d, CDC_DIAG_TEXT, false);
    assert_string_equal(out, "a.yaml:1:1: warning: warning 0 [w]\n"
                             "    1 | a\n"
                             "      | ^\n"
                             "a.yaml:5:1: error: the error [e]\n"
                             "    5 | e\n"
                             "      | ^\n"
                             "cdcgen: 3 more warnings not shown (--max-errors 2; 0 shows all)\n"
                             "1 error, 4 warnings\n");
    free(out);
    out = render(&f->d, CDC_DIAG_JSON, false);
    json_t *root = json_loads(out, 0, NULL);
    free(out);
    assert_int_equal(json_array_size(json_object_get(root, "diagnostics")), 2);
    assert_int_equal(json_integer_value(json_object_get(root, "omitted")), 3);
    assert_int_equal(json_integer_value(json_object_get(root, "warnings")), 4);
    json_decref(root);
    out = render(&f->d, CDC_DIAG_SARIF, false);
    root = json_loads(out, 0, NULL);
    free(out);
    json_t *run = json_array_get(json_object_get(root, "runs"), 0);
    assert_int_equal(json_array_size(json_object_get(run, "results")), 2);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(run, "properties"), "omittedResults")),
        3);
    json_decref(root);
    out = render(&f->d, CDC_DIAG_GITHUB, false);
    assert_non_null(strstr(out, "::warning title=max-errors::3 more warnings not shown"));
    free(out);
    /* 0: every one. */
    f->d.max_shown = 0;
    out = render(&f->d, CDC_DIAG_TEXT, false);
    assert_null(strstr(out, "not shown"));
    assert_non_null(strstr(out, "warning 3"));
    free(out);
    /* The default cap. */
    cdc_diags_init(&f->d, f->a);
    assert_int_equal(f->d.max_shown, CDC_DIAG_MAX_SHOWN);
}

static void test_diag_github(void **state)
{
    dfix *f = *state;
    const char *text = "key: v\n";
    cdc_source *s = cdc_source_from_string(f->a, "dir/a:b,c.yaml", text, strlen(text));
    cdc_diag_error(&f->d, s, cdc_source_pos(s, 5, 1), "bad-thing", "100%% sure: a, b\nnext\rline");
    cdc_diag_note(&f->d, s, cdc_source_pos(s, 0, 3), "see 50%% of it: here");
    cdc_diag_warning(&f->d, s, (cdc_pos){0, 0, 0, 0}, "w,x:y", "whole file");
    cdc_diag_error(&f->d, NULL, (cdc_pos){0, 0, 0, 0}, no_code, "no file");
    char *out = render(&f->d, CDC_DIAG_GITHUB, false);
    assert_string_equal(out, "::error title=cdcgen::no file\n"
                             "::warning file=dir/a%3Ab%2Cc.yaml,title=w%2Cx%3Ay::whole file\n"
                             "::error file=dir/a%3Ab%2Cc.yaml,line=1,col=6,title=bad-thing::"
                             "100%25 sure: a, b%0Anext%0Dline%0Anote: see 50%25 of it: here\n");
    free(out);
}

static void test_diag_sarif(void **state)
{
    dfix *f = *state;
    const char *text = "a: 1\nb: 2\n";
    cdc_source *s = cdc_source_from_string(f->a, "filters/s.yaml", text, strlen(text));
    cdc_diag_error(&f->d, s, cdc_source_pos(s, 8, 1), "type-mismatch", "wrong type");
    cdc_diag_warning(&f->d, s, cdc_source_pos(s, 0, 1), "duplicate-value", "twice");
    cdc_diag_error(&f->d, s, cdc_source_pos(s, 3, 1), "type-mismatch", "again");
    cdc_diag_error(&f->d, NULL, (cdc_pos){0, 0, 0, 0}, no_code, "global");
    char *out = render(&f->d, CDC_DIAG_SARIF, false);
    json_error_t err;
    json_t *root = json_loads(out, 0, &err);
    if (!root)
        fail_msg("not JSON: %s\n%s", err.text, out);
    free(out);
    assert_string_equal(json_string_value(json_object_get(root, "version")), "2.1.0");
    assert_non_null(strstr(json_string_value(json_object_get(root, "$schema")), "sarif"));
    json_t *runs = json_object_get(root, "runs");
    assert_int_equal(json_array_size(runs), 1);
    json_t *run = json_array_get(runs, 0);
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    assert_string_equal(json_string_value(json_object_get(driver, "name")), "cdcgen");
    assert_string_equal(json_string_value(json_object_get(driver, "version")), CDCGEN_VERSION);
    json_t *rules = json_object_get(driver, "rules");
    assert_int_equal(json_array_size(rules), 3); /* cdcgen, duplicate-value, type-mismatch */
    json_t *results = json_object_get(run, "results");
    assert_int_equal(json_array_size(results), 4);

    json_t *r0 = json_array_get(results, 0);
    assert_string_equal(json_string_value(json_object_get(r0, "ruleId")), "cdcgen");
    assert_string_equal(json_string_value(json_object_get(r0, "level")), "error");
    assert_null(json_object_get(r0, "locations"));

    json_t *r1 = json_array_get(results, 1);
    assert_string_equal(json_string_value(json_object_get(r1, "ruleId")), "duplicate-value");
    assert_string_equal(json_string_value(json_object_get(r1, "level")), "warning");
    assert_string_equal(json_string_value(json_object_get(json_object_get(r1, "message"), "text")),
                        "twice");

    json_t *r3 = json_array_get(results, 3);
    assert_string_equal(json_string_value(json_object_get(r3, "ruleId")), "type-mismatch");
    assert_string_equal(json_string_value(json_object_get(json_object_get(r3, "message"), "text")),
                        "wrong type");
    json_t *loc = json_array_get(json_object_get(r3, "locations"), 0);
    json_t *phys = json_object_get(loc, "physicalLocation");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(phys, "artifactLocation"), "uri")),
        "filters/s.yaml");
    json_t *region = json_object_get(phys, "region");
    assert_int_equal(json_integer_value(json_object_get(region, "startLine")), 2);
    assert_int_equal(json_integer_value(json_object_get(region, "startColumn")), 4);
    json_decref(root);
}

static void test_diag_format_parse(void **state)
{
    (void)state;
    cdc_diag_format fmt = CDC_DIAG_TEXT;
    assert_true(cdc_diag_format_parse("json", &fmt));
    assert_int_equal(fmt, CDC_DIAG_JSON);
    assert_true(cdc_diag_format_parse("github", &fmt));
    assert_int_equal(fmt, CDC_DIAG_GITHUB);
    assert_true(cdc_diag_format_parse("sarif", &fmt));
    assert_int_equal(fmt, CDC_DIAG_SARIF);
    assert_true(cdc_diag_format_parse("text", &fmt));
    assert_int_equal(fmt, CDC_DIAG_TEXT);
    fmt = CDC_DIAG_SARIF;
    assert_false(cdc_diag_format_parse("xml", &fmt));
    assert_false(cdc_diag_format_parse("JSON", &fmt));
    assert_false(cdc_diag_format_parse("", &fmt));
    assert_int_equal(fmt, CDC_DIAG_SARIF); /* untouched on failure */
}

int main(void)
{
    const struct CMUnitTest arena[] = {
        cmocka_unit_test(test_arena_alloc_zeroed),     cmocka_unit_test(test_arena_alignment),
        cmocka_unit_test(test_arena_many_allocations), cmocka_unit_test(test_arena_big_allocation),
        cmocka_unit_test(test_arena_strings),
    };
    const struct CMUnitTest buf[] = {
        cmocka_unit_test(test_buf_add),
        cmocka_unit_test(test_buf_printf_growth),
        cmocka_unit_test(test_buf_put_quoted),
        cmocka_unit_test(test_buf_reset),
    };
    const struct CMUnitTest source[] = {
        cmocka_unit_test(test_source_line_col),
        cmocka_unit_test(test_source_utf8_columns),
        cmocka_unit_test(test_source_lines),
        cmocka_unit_test(test_source_copies_text),
        cmocka_unit_test(test_source_long_line_columns),
        cmocka_unit_test(test_read_bounded),
        cmocka_unit_test(test_source_read),
    };
    const struct CMUnitTest util[] = {
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_count),
    };
    const struct CMUnitTest diag[] = {
        cmocka_unit_test_setup_teardown(test_diag_text_header_and_caret, fx_diags_setup,
                                        fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_text_utf8_line, fx_diags_setup,
                                        fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_text_tab_line, fx_diags_setup, fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_text_no_position, fx_diags_setup,
                                        fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_text_notes_follow, fx_diags_setup,
                                        fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_text_color, fx_diags_setup, fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_text_empty, fx_diags_setup, fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_sort, fx_diags_setup, fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_json, fx_diags_setup, fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_json_empty, fx_diags_setup, fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_github, fx_diags_setup, fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_excerpt_long_line, fx_diags_setup,
                                        fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_control_chars_and_long_message, fx_diags_setup,
                                        fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_max_shown, fx_diags_setup, fx_diags_teardown),
        cmocka_unit_test_setup_teardown(test_diag_sarif, fx_diags_setup, fx_diags_teardown),
        cmocka_unit_test(test_diag_format_parse),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("arena", arena, NULL, NULL);
    failed += cmocka_run_group_tests_name("buf", buf, NULL, NULL);
    failed += cmocka_run_group_tests_name("source", source, NULL, NULL);
    failed += cmocka_run_group_tests_name("util", util, NULL, NULL);
    failed += cmocka_run_group_tests_name("diag", diag, NULL, NULL);
    return failed ? 1 : 0;
}

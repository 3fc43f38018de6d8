/* test_json.c: unit tests of the JSON writer (json.c). Its text must be
 * jansson's json_dumps with JSON_INDENT(2) | JSON_PRESERVE_ORDER |
 * JSON_REAL_PRECISION(p), byte for byte: random documents (nested
 * containers, strings with every kind of character that is escaped or
 * not, integers at the int64 extremes, reals of every magnitude) are
 * written both ways and compared. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/json.h"

/* ============================== comparison ============================== */

/* Fails unless cdc_json_write(doc) equals json_dumps(doc) and a newline;
 * names the first differing byte. Releases doc. */
static void assert_same_as_jansson(json_t *doc, int precision, const char *what)
{
    char *want = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                     JSON_REAL_PRECISION(precision) | JSON_ENCODE_ANY);
    assert_non_null(want);
    cdc_buf got = CDC_BUF_INIT;
    cdc_buf_init(&got);
    cdc_json_write(doc, precision, &got);
    size_t wlen = strlen(want), i = 0;
    while (i < wlen && i < got.len && want[i] == got.data[i])
        i++;
    if (i != wlen || got.len != wlen + 1 || got.data[wlen] != '\n') {
        size_t from = i > 40 ? i - 40 : 0;
        print_error("%s, precision %d: differs from jansson at byte %zu\n"
                    "  jansson: ...%.80s\n  cdcgen:  ...%.80s\n",
                    what, precision, i, want + from, got.data + from);
        free(want);
        cdc_buf_release(&got);
        fail();
    }
    free(want);
    cdc_buf_release(&got);
}

/* ============================ random documents ============================ */

/* xorshift64*: the same documents on every run, from the seed. */
static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static size_t rnd_below(size_t n)
{
    return (size_t)(rnd() % n);
}

/* Pieces strings are made of: plain text, every character jansson escapes
 * (quotes, backslash, all of U+0000..U+001F), ones it does not ('/', DEL),
 * and UTF-8 sequences of two, three and four bytes. */
static const char *const pieces[] = {
    "a",
    "Zz9",
    " ",
    "\"",
    "\\",
    "/",
    "\x7f",
    "\xc3\xa9",
    "\xe2\x82\xac",
    "\xef\xbf\xbf",
    "\xf0\x9f\x98\x80",
    "\xf4\x8f\xbf\xbf",
    "\xed\x9f\xbf",
    "u0000",
    "\\u",
    "e+01",
};

static void random_string(cdc_buf *b)
{
    cdc_buf_reset(b);
    size_t n = rnd_below(12);
    for (size_t i = 0; i < n; i++) {
        if (rnd_below(3) == 0) /* a control character, NUL included */
            cdc_buf_putc(b, (char)rnd_below(0x20));
        else
            cdc_buf_puts(b, pieces[rnd_below(ARRAY_SIZE(pieces))]);
    }
}

static const double special_reals[] = {
    0.0,
    -0.0,
    0.1,
    -0.1,
    1.0,
    -1.0,
    0.5,
    1.5,
    1e300,
    -1e300,
    5e-324,
    -5e-324,
    DBL_MAX,
    -DBL_MAX,
    DBL_MIN,
    1e20,
    1e21,
    1e-5,
    1e-4,
    1e15,
    1e16,
    1e17,
    123456789012345678.0,
    2.5e-10,
    1e100,
    1.0 / 3,
    2.0 / 3,
    9007199254740993.0,
    100.0,
    1e-7,
    3.14159,
    1e-300,
    4.5e15,
    1e22,
    0.30000000000000004,
};

static double random_real(void)
{
    switch (rnd_below(4)) {
    case 0: return special_reals[rnd_below(ARRAY_SIZE(special_reals))];
    case 1: { /* any finite double, by its bits */
        for (;;) {
            uint64_t bits = rnd();
            double d;
            memcpy(&d, &bits, sizeof d);
            if (isfinite(d))
                return d;
        }
    }
    case 2: /* a short decimal at some magnitude */
        return (double)((int64_t)rnd_below(2000001) - 1000000) *
               pow(10.0, (double)((int)rnd_below(61) - 30));
    default: return (double)(int64_t)(rnd() >> rnd_below(64)); /* integral */
    }
}

static const json_int_t special_ints[] = {
    INT64_MIN, INT64_MIN + 1, INT64_MAX, INT64_MAX - 1, 0, -1, 1, 9, 10, -10, 4294967296LL,
};

static json_int_t random_int(void)
{
    if (rnd_below(2))
        return special_ints[rnd_below(ARRAY_SIZE(special_ints))];
    return (json_int_t)(rnd() >> rnd_below(64));
}

static json_t *random_value(int depth)
{
    cdc_buf s = CDC_BUF_INIT;
    json_t *v;
    size_t kind = rnd_below(depth > 0 ? 9 : 7);
    switch (kind) {
    case 0: v = json_null(); break;
    case 1: v = json_boolean(rnd_below(2)); break;
    case 2: v = json_integer(random_int()); break;
    case 3:
    case 4: v = json_real(random_real()); break;
    case 5:
    case 6:
        random_string(&s);
        v = json_stringn(s.data, s.len);
        break;
    case 7: {
        v = json_array();
        size_t n = rnd_below(6);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(json_array_append_new(v, random_value(depth - 1)), 0);
        break;
    }
    default: {
        v = json_object();
        size_t n = rnd_below(6);
        for (size_t i = 0; i < n; i++) {
            random_string(&s);
            assert_int_equal(json_object_setn_new(v, s.data, s.len, random_value(depth - 1)), 0);
        }
        break;
    }
    }
    cdc_buf_release(&s);
    assert_non_null(v);
    return v;
}

static void test_random_documents(void **state)
{
    (void)state;
    static const int precisions[] = {0, 15, 16, 17, 1, 6, 31};
    rng_state = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 3000; i++) {
        char what[64];
        snprintf(what, sizeof what, "random document %d", i);
        json_t *doc = random_value(1 + (int)rnd_below(5));
        assert_same_as_jansson(doc, precisions[i % ARRAY_SIZE(precisions)], what);
    }
}

/* ============================= chosen values ============================= */

/* Every special real alone, nested, and inside an object, at 15..17. */
static void test_reals(void **state)
{
    (void)state;
    for (int p = 15; p <= 17; p++) {
        for (size_t i = 0; i < ARRAY_SIZE(special_reals); i++) {
            char what[64];
            snprintf(what, sizeof what, "real %.17g", special_reals[i]);
            assert_same_as_jansson(json_real(special_reals[i]), p, what);
            json_t *doc = json_pack("{s:[f,{s:f}]}", "r", special_reals[i], "x", -special_reals[i]);
            assert_same_as_jansson(doc, p, what);
        }
    }
}

/* The texts themselves, for the reals whose form matters most: jansson's
 * ".0" and exponent clean-up. */
static void test_real_texts(void **state)
{
    (void)state;
    static const struct {
        double v;
        int precision;
        const char *text;
    } cases[] = {
        {1e20, 17, "1e20\n"},
        {5e-324, 17, "4.9406564584124654e-324\n"},
        {-0.0, 17, "-0.0\n"},
        {0.1, 17, "0.10000000000000001\n"},
        {0.1, 15, "0.1\n"},
        {1e300, 15, "1e300\n"},
        {1e-5, 17, "1.0000000000000001e-5\n"},
        {100.0, 15, "100.0\n"},
        {1e17, 17, "1e17\n"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        cdc_buf b = CDC_BUF_INIT;
        cdc_json_writer w;
        cdc_json_writer_init(&w, &b, cases[i].precision);
        cdc_json_real(&w, cases[i].v);
        cdc_json_writer_finish(&w);
        assert_string_equal(b.data, cases[i].text);
        cdc_buf_release(&b);
    }
}

static void test_strings(void **state)
{
    (void)state;
    /* Every byte below 0x80 (NUL included), one string and one key each. */
    for (int c = 0; c < 0x80; c++) {
        char s[3] = {'x', (char)c, 'y'};
        json_t *doc = json_object();
        assert_int_equal(json_object_setn_new(doc, s, 3, json_stringn(s, 3)), 0);
        char what[32];
        snprintf(what, sizeof what, "character U+%04X", (unsigned)c);
        assert_same_as_jansson(doc, 0, what);
    }
    cdc_buf b = CDC_BUF_INIT;
    cdc_json_writer w;
    cdc_json_writer_init(&w, &b, 0);
    cdc_json_stringn(&w, "a\0\x1f\"\\/\xc3\xa9\x7f", 9);
    cdc_json_writer_finish(&w);
    assert_string_equal(b.data, "\"a\\u0000\\u001F\\\"\\\\/\xc3\xa9\x7f\"\n");
    cdc_buf_release(&b);
}

/* Deeper than the writer's indentation in one append (32 levels). */
static void test_deep_nesting(void **state)
{
    (void)state;
    for (int depth = 30; depth <= 70; depth += 5) {
        json_t *doc = json_pack("{s:[i,{}],s:s}", "leaf", 1, "k", "v");
        for (int i = 0; i < depth; i++)
            doc =
                i % 2 ? json_pack("[i,o,s]", i, doc, "x") : json_pack("{s:o,s:[]}", "in", doc, "e");
        char what[32];
        snprintf(what, sizeof what, "depth %d", depth);
        assert_same_as_jansson(doc, 0, what);
    }
}

/* Documents written through the streaming calls, against jansson's. */
static void test_streaming_calls(void **state)
{
    (void)state;
    cdc_buf b = CDC_BUF_INIT;
    cdc_json_writer w;
    cdc_json_writer_init(&w, &b, 17);
    cdc_json_begin_object(&w);
    cdc_json_put_string(&w, "name", "n");
    cdc_json_put_integer(&w, "min", INT64_MIN);
    cdc_json_put_bool(&w, "ok", false);
    cdc_json_put_empty_array(&w, "none");
    cdc_json_key(&w, "empty");
    cdc_json_begin_object(&w);
    cdc_json_end_object(&w);
    cdc_json_key(&w, "list");
    cdc_json_begin_array(&w);
    cdc_json_null(&w);
    cdc_json_real(&w, 0.1);
    cdc_json_begin_array(&w);
    cdc_json_begin_object(&w);
    cdc_json_put_string(&w, "k", "v");
    cdc_json_end_object(&w);
    cdc_json_end_array(&w);
    cdc_json_end_array(&w);
    cdc_json_end_object(&w);
    cdc_json_writer_finish(&w);

    json_t *doc = json_pack("{s:s,s:I,s:b,s:[],s:{},s:[n,f,[{s:s}]]}", "name", "n", "min",
                            (json_int_t)INT64_MIN, "ok", 0, "none", "empty", "list", 0.1, "k", "v");
    assert_non_null(doc);
    char *want = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    assert_int_equal(b.len, strlen(want) + 1);
    assert_memory_equal(b.data, want, strlen(want));
    assert_int_equal(b.data[b.len - 1], '\n');
    free(want);
    json_decref(doc);
    cdc_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_documents), cmocka_unit_test(test_reals),
        cmocka_unit_test(test_real_texts),       cmocka_unit_test(test_strings),
        cmocka_unit_test(test_deep_nesting),     cmocka_unit_test(test_streaming_calls),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}

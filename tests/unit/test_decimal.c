/* Unit tests for decimal.c: which texts are decimals (in each syntax),
 * their order against an independent oracle (scaled 128-bit integers), the
 * plain notation, and the neighbours the decision procedure steps to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/base/decimal.h"
#include "cdcgen/lang/schema.h"

static cdc_decimal dec(const char *s, cdc_decimal_syntax syn)
{
    cdc_decimal d;
    if (!cdc_decimal_parse(s, strlen(s), syn, &d))
        fail_msg("'%s' rejected", s);
    return d;
}

static int cmp(const char *a, const char *b)
{
    cdc_decimal x = dec(a, CDC_DECIMAL_NUMBER), y = dec(b, CDC_DECIMAL_NUMBER);
    return cdc_decimal_cmp(&x, &y);
}

static void expect_text(const char *s, const char *want)
{
    cdc_decimal d = dec(s, CDC_DECIMAL_NUMBER);
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_decimal_format(&d, &b);
    if (strcmp(b.data, want) != 0)
        fail_msg("'%s' written as '%s', expected '%s'", s, b.data, want);
    cdc_buf_release(&b);
}

static void test_syntax(void **state)
{
    (void)state;
    static const char *const text_ok[] = {"0", "-0", "+5", "10000.10", "007.500", "-0.0001"};
    static const char *const text_bad[] = {"",    "-",    ".5",  "5.",       "1e5",   " 1",  "1 ",
                                           "1,5", "0x10", "NaN", "Infinity", "1.2.3", "--1", "1e"};
    static const char *const number_ok[] = {".5", "5.", "1e5", "-2.5E-3", "1E+9"};
    static const char *const number_bad[] = {".", "e5", "1e", "1e+", "1e1000000001", "+-1"};
    cdc_decimal d;
    for (size_t i = 0; i < sizeof text_ok / sizeof *text_ok; i++) {
        dec(text_ok[i], CDC_DECIMAL_TEXT);
        dec(text_ok[i], CDC_DECIMAL_NUMBER);
    }
    for (size_t i = 0; i < sizeof text_bad / sizeof *text_bad; i++)
        if (cdc_decimal_parse(text_bad[i], strlen(text_bad[i]), CDC_DECIMAL_TEXT, &d))
            fail_msg("'%s' accepted as text", text_bad[i]);
    for (size_t i = 0; i < sizeof number_ok / sizeof *number_ok; i++)
        dec(number_ok[i], CDC_DECIMAL_NUMBER);
    for (size_t i = 0; i < sizeof number_bad / sizeof *number_bad; i++)
        if (cdc_decimal_parse(number_bad[i], strlen(number_bad[i]), CDC_DECIMAL_NUMBER, &d))
            fail_msg("'%s' accepted as a number", number_bad[i]);
}

/* The cases a double gets wrong. */
static void test_exact_order(void **state)
{
    (void)state;
    assert_true(cmp("10000.11", "10000.10") > 0);
    assert_true(cmp("10000.10", "10000.10") == 0);
    assert_true(cmp("10000.1", "10000.10") == 0);
    assert_true(cmp("10000.100000000000000000001", "10000.10") > 0);
    assert_true(cmp("9007199254740993", "9007199254740992") > 0); /* 2^53 + 1 */
    assert_true(cmp("123456789012345678901234567890.01", "123456789012345678901234567890") > 0);
    assert_true(cmp("-123456789012345678901234567890.01", "-123456789012345678901234567890") < 0);
    assert_true(cmp("0.1", "0.09999999999999999999") > 0);
    assert_true(cmp("-0", "0.000") == 0);
    assert_true(cmp("1e3", "1000.0") == 0);
    assert_true(cmp("-1", "0") < 0);
    assert_true(cmp("0", "0.0000001") < 0);
    assert_true(cmp("100", "99.999") > 0);
    assert_true(cmp("0.001", "0.01") < 0);
}

static void test_plain_text(void **state)
{
    (void)state;
    expect_text("10000.10", "10000.1");
    expect_text("007.500", "7.5");
    expect_text("-0.000", "0");
    expect_text("1200", "1200");
    expect_text("1.2e3", "1200");
    expect_text("-2.5E-3", "-0.0025");
    expect_text(".5", "0.5");
    cdc_decimal d = dec("10000.10", CDC_DECIMAL_TEXT);
    assert_int_equal(cdc_decimal_scale(&d), 1);
    assert_int_equal(cdc_decimal_precision(&d), 6);
    d = dec("0.05", CDC_DECIMAL_TEXT);
    assert_int_equal(cdc_decimal_scale(&d), 2);
    assert_int_equal(cdc_decimal_precision(&d), 3); /* 0.05 */
    assert_true(cdc_decimal_fits(&d, 3, 2));
    assert_true(cdc_decimal_fits(&d, 2, 2));
    assert_false(cdc_decimal_fits(&d, 38, 1));
    d = dec("1200", CDC_DECIMAL_TEXT);
    assert_int_equal(cdc_decimal_scale(&d), 0);
    assert_int_equal(cdc_decimal_precision(&d), 4);
    assert_true(cdc_decimal_fits(&d, 4, 0));
    assert_false(cdc_decimal_fits(&d, 5, 2));
    d = dec("10000.100", CDC_DECIMAL_TEXT); /* trailing zeros do not count */
    assert_true(cdc_decimal_fits(&d, 12, 2));
    assert_true(cdc_decimal_fits(&d, 6, 1));
    assert_false(cdc_decimal_fits(&d, 12, 0));
}

static void expect_step(const char *s, int dir, unsigned scale, const char *want)
{
    cdc_decimal d = dec(s, CDC_DECIMAL_NUMBER);
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_decimal_neighbour(&d, dir, scale, &b);
    if (strcmp(b.data, want) != 0)
        fail_msg("'%s' %+d at scale %u: '%s', expected '%s'", s, dir, scale, b.data, want);
    cdc_buf_release(&b);
}

static void test_step(void **state)
{
    (void)state;
    expect_step("10000.1", 1, 3, "10000.101");
    expect_step("10000.1", -1, 3, "10000.099");
    expect_step("0", 1, 2, "0.01");
    expect_step("0", -1, 2, "-0.01");
    expect_step("-1", 1, 1, "-0.9");
    expect_step("-1", -1, 1, "-1.1");
    expect_step("999.99", 1, 2 + 1, "999.991");
    expect_step("9.9", 1, 1 + 0 + 1, "9.91");
    expect_step("1e2", -1, 1, "99.9");
    expect_step("10000.1", 1, 1, "10000.2");    /* at its own scale */
    expect_step("10000.105", 1, 2, "10000.11"); /* finer than the scale */
    expect_step("10000.105", -1, 2, "10000.1");
    expect_step("-10000.105", 1, 2, "-10000.1");
    expect_step("-10000.105", -1, 2, "-10000.11");
    expect_step("0.004", -1, 2, "0");
    expect_step("-0.004", 1, 2, "0");
    expect_step("0.999", 1, 2, "1");
}

/* a / 10^sa as text */
static void scaled_text(char *out, size_t n, int64_t a, unsigned sa)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%llu",
             (unsigned long long)(a < 0 ? -(unsigned long long)a : (unsigned long long)a));
    size_t len = strlen(digits), pad = len <= sa ? sa + 1 - len : 0;
    char body[64];
    snprintf(body, sizeof body, "%.*s%s", (int)pad, "0000000000000000000000", digits);
    size_t blen = strlen(body);
    snprintf(out, n, "%s%.*s%s%s", a < 0 ? "-" : "", (int)(blen - sa), body, sa ? "." : "",
             body + blen - sa);
}

/* Random values a / 10^s against an oracle that scales both to one
 * denominator in 128-bit integers. */
static void test_order_oracle(void **state)
{
    (void)state;
    srand(14);
    for (int i = 0; i < 20000; i++) {
        int64_t a = ((int64_t)rand() << 31 | rand()) % 2000000000000LL - 1000000000000LL;
        int64_t b = i % 3 ? a + rand() % 5 - 2 : ((int64_t)rand() << 31 | rand()) % 20000000LL;
        unsigned sa = (unsigned)(rand() % 8), sb = (unsigned)(rand() % 8);
        char ta[64], tb[64];
        scaled_text(ta, sizeof ta, a, sa);
        scaled_text(tb, sizeof tb, b, sb);
        __int128 x = a, y = b;
        for (unsigned k = sa; k < 8; k++)
            x *= 10;
        for (unsigned k = sb; k < 8; k++)
            y *= 10;
        int want = (x > y) - (x < y);
        cdc_decimal da = dec(ta, CDC_DECIMAL_TEXT), db = dec(tb, CDC_DECIMAL_TEXT);
        int got = cdc_decimal_cmp(&da, &db);
        if (got != want)
            fail_msg("%s vs %s: %d, expected %d", ta, tb, got, want);
    }
}

static void expect_bounds(const char *pg_type, unsigned p, unsigned s)
{
    cdc_field f = {.name = "amount", .type = CDC_TYPE_DECIMAL, .pg_type = pg_type};
    unsigned gp = 0, gs = 0;
    cdc_field_decimal_bounds(&f, &gp, &gs);
    if (gp != p || gs != s)
        fail_msg("pg_type '%s': DECIMAL(%u, %u), expected DECIMAL(%u, %u)", pg_type ? pg_type : "",
                 gp, gs, p, s);
}

/* The DECIMAL(p, s) every target holds a decimal field to. */
static void test_bounds(void **state)
{
    (void)state;
    expect_bounds("numeric(12,2)", 12, 2);
    expect_bounds("NUMERIC ( 12 , 2 )", 12, 2);
    expect_bounds("decimal(7)", 7, 0);
    expect_bounds("numeric", 38, 18);
    expect_bounds(NULL, 38, 18);
    expect_bounds("numeric(2,2)", 3, 2);     /* a digit before the point */
    expect_bounds("numeric(1000,4)", 38, 4); /* PostgreSQL's maximum, cut */
    expect_bounds("numeric(5,-2)", 38, 18);  /* a negative scale: not read */
    expect_bounds("numeric(12,2", 38, 18);
    expect_bounds("numeric(3,5)", 38, 18); /* no such type */
    expect_bounds("double precision", 38, 18);
    cdc_field_decimal_bounds(NULL, &(unsigned){0}, &(unsigned){0});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syntax),       cmocka_unit_test(test_exact_order),
        cmocka_unit_test(test_plain_text),   cmocka_unit_test(test_step),
        cmocka_unit_test(test_order_oracle), cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* base/decimal.c: exact decimals (see include/cdcgen/base/decimal.h).
 *
 * Parsing finds the significant digits in place: the digits before the
 * point without leading zeros, then those after it without trailing zeros
 * (and, when nothing stands before the point, without leading zeros
 * either). The exponent says where the point goes, so comparing two
 * decimals is comparing signs, then exponents, then digit strings. */
#include <string.h>

#include "cdcgen/base/decimal.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

enum { EXP_LIMIT = 1000000000 };

bool cdc_decimal_parse(const char *s, size_t len, cdc_decimal_syntax syntax, cdc_decimal *out)
{
    const char *p = s, *end = s + len;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    const char *ip = p;
    while (p < end && is_digit(*p))
        p++;
    const char *ie = p, *fp = p, *fe = p;
    if (p < end && *p == '.') {
        fp = ++p;
        while (p < end && is_digit(*p))
            p++;
        fe = p;
        if (syntax == CDC_DECIMAL_TEXT && fe == fp)
            return false; /* "5." */
    }
    if (ie == ip && (syntax == CDC_DECIMAL_TEXT || fe == fp))
        return false; /* no digit before the point (".5"), or none at all */
    int64_t e = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        if (syntax == CDC_DECIMAL_TEXT)
            return false;
        p++;
        bool eneg = false;
        if (p < end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        if (p == end || !is_digit(*p))
            return false;
        for (; p < end && is_digit(*p); p++) {
            e = e * 10 + (*p - '0');
            if (e > EXP_LIMIT)
                return false;
        }
        if (eneg)
            e = -e;
    }
    if (p != end)
        return false;
    /* significant digits: strip leading zeros of the integer part, then
     * trailing zeros of the fraction (or of the integer part when the
     * fraction is all zeros) */
    while (ip < ie && *ip == '0')
        ip++;
    while (fe > fp && fe[-1] == '0')
        fe--;
    int64_t point = (int64_t)(ie - ip); /* digits before the point */
    if (ip == ie) {                     /* 0.000123: the point moves right */
        while (fp < fe && *fp == '0')
            fp++, point--;
        if (fp == fe) {
            *out = (cdc_decimal){0};
            return true;
        }
    }
    if (fp == fe)
        while (ie > ip && ie[-1] == '0')
            ie--;
    *out = (cdc_decimal){.neg = neg,
                         .hi = ip,
                         .nhi = (size_t)(ie - ip),
                         .lo = fp,
                         .nlo = (size_t)(fe - fp),
                         .exp = point + e};
    return true;
}

static size_t ndigits(const cdc_decimal *d)
{
    return d->nhi + d->nlo;
}

static char digit_at(const cdc_decimal *d, size_t i)
{
    return i < d->nhi ? d->hi[i] : d->lo[i - d->nhi];
}

/* Order of |a| and |b|, both non-zero. */
static int cmp_magnitude(const cdc_decimal *a, const cdc_decimal *b)
{
    if (a->exp != b->exp)
        return a->exp > b->exp ? 1 : -1;
    size_t na = ndigits(a), nb = ndigits(b), n = na < nb ? na : nb;
    for (size_t i = 0; i < n; i++) {
        char x = digit_at(a, i), y = digit_at(b, i);
        if (x != y)
            return x > y ? 1 : -1;
    }
    return (na > nb) - (na < nb);
}

int cdc_decimal_cmp(const cdc_decimal *a, const cdc_decimal *b)
{
    int sa = ndigits(a) ? (a->neg ? -1 : 1) : 0;
    int sb = ndigits(b) ? (b->neg ? -1 : 1) : 0;
    if (sa != sb || sa == 0)
        return (sa > sb) - (sa < sb);
    return sa * cmp_magnitude(a, b);
}

uint64_t cdc_decimal_scale(const cdc_decimal *d)
{
    int64_t s = (int64_t)ndigits(d) - d->exp;
    return s > 0 ? (uint64_t)s : 0;
}

uint64_t cdc_decimal_precision(const cdc_decimal *d)
{
    uint64_t whole = d->exp > 0 ? (uint64_t)d->exp : 1;
    return whole + cdc_decimal_scale(d);
}

bool cdc_decimal_fits(const cdc_decimal *d, unsigned precision, unsigned scale)
{
    int64_t whole = d->exp > 0 ? d->exp : 0;
    return whole <= (int64_t)precision - (int64_t)scale && cdc_decimal_scale(d) <= scale;
}

/* The magnitude's digits in plain notation with exactly `scale` digits
 * after the point (scale >= the decimal's scale), the point left out. */
static void fixed_digits(const cdc_decimal *d, uint64_t scale, cdc_buf *out)
{
    int64_t whole = d->exp > 0 ? d->exp : 0;
    /* digit k of 0.D × 10^exp stands at position exp - 1 - k from the point */
    for (int64_t pos = whole - 1; pos >= -(int64_t)scale; pos--) {
        int64_t k = d->exp - 1 - pos;
        cdc_buf_putc(out, k >= 0 && (uint64_t)k < ndigits(d) ? digit_at(d, (size_t)k) : '0');
    }
}

/* Writes sign, then digits (with `scale` of them after the point), without
 * leading zeros before the point or trailing zeros after it. */
static void put_plain(cdc_buf *out, bool neg, const char *digits, size_t n, uint64_t scale)
{
    size_t whole = n - (size_t)scale, first = 0;
    while (first + 1 < whole && digits[first] == '0')
        first++;
    size_t last = n;
    while (last > whole && digits[last - 1] == '0')
        last--;
    bool zero = true;
    for (size_t i = first; i < last; i++)
        zero &= digits[i] == '0';
    if (neg && !zero)
        cdc_buf_putc(out, '-');
    if (whole == 0)
        cdc_buf_putc(out, '0');
    cdc_buf_add(out, digits + first, whole - first);
    if (last > whole) {
        cdc_buf_putc(out, '.');
        cdc_buf_add(out, digits + whole, last - whole);
    }
}

void cdc_decimal_format(const cdc_decimal *d, cdc_buf *out)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    uint64_t scale = cdc_decimal_scale(d);
    fixed_digits(d, scale, &b);
    put_plain(out, d->neg, b.data ? b.data : "", b.len, scale);
    cdc_buf_release(&b);
}

void cdc_decimal_neighbour(const cdc_decimal *d, int dir, uint64_t scale, cdc_buf *out)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_buf_putc(&b, '0');      /* room for a carry */
    fixed_digits(d, scale, &b); /* |d|, cut to `scale` digits after the point */
    bool neg = d->neg, cut = cdc_decimal_scale(d) > scale;
    if (!ndigits(d)) {
        neg = dir < 0;
        b.data[b.len - 1] = '1';
    } else if ((dir < 0) == neg) { /* away from zero: one unit more, carrying */
        size_t i = b.len;
        while (b.data[--i] == '9')
            b.data[i] = '0';
        b.data[i]++;
    } else if (!cut) { /* towards zero: one unit less; |d| >= one unit, so no sign change */
        size_t i = b.len;
        while (b.data[--i] == '0')
            b.data[i] = '9';
        b.data[i]--;
    } /* else: cutting the digits was the step towards zero */
    put_plain(out, neg, b.data, b.len, scale);
    cdc_buf_release(&b);
}

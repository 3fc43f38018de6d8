/* decimal.c: exact decimal numbers (PostgreSQL numeric) read from their
 * text and compared digit by digit, never through a binary double, so
 * 10000.11 > 10000.10 at any scale and beyond 2^53. A cdc_decimal is a view
 * of the text it was parsed from: it owns nothing and lives as long as the
 * text. */
#ifndef CDCGEN_BASE_DECIMAL_H
#define CDCGEN_BASE_DECIMAL_H

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"

/* The value is (-1)^neg × 0.D × 10^exp, D being the significant digits
 * hi[0..nhi) then lo[0..nlo) (no leading or trailing zero); zero has no
 * digit and neg false. */
typedef struct cdc_decimal {
    bool neg;
    const char *hi, *lo;
    size_t nhi, nlo;
    int64_t exp;
} cdc_decimal;

/* The largest precision of a decimal literal: Flink's and Confluent's
 * DECIMAL holds 38 digits. */
#define CDC_DECIMAL_MAX_PRECISION 38

typedef enum cdc_decimal_syntax {
    CDC_DECIMAL_TEXT,   /* [+-]?[0-9]+([.][0-9]+)?: numeric as Debezium writes it (string mode) */
    CDC_DECIMAL_NUMBER, /* also .5, 5., and an exponent: literals and JSON numbers */
} cdc_decimal_syntax;

/* Parses s[0..len); false when it is not a decimal of that syntax or its
 * exponent is beyond ±10^9. */
bool cdc_decimal_parse(const char *s, size_t len, cdc_decimal_syntax syntax, cdc_decimal *out);
/* Sign of a - b. */
int cdc_decimal_cmp(const cdc_decimal *a, const cdc_decimal *b);
/* Digits after the point, and in all with at least one before the point
 * (0.05 has 3), of its plain notation: the smallest DECIMAL(p, s) that
 * holds it on Flink, whose cast counts the 0 of 0.05. */
uint64_t cdc_decimal_scale(const cdc_decimal *d);
uint64_t cdc_decimal_precision(const cdc_decimal *d);
/* Whether d is a value of DECIMAL(p, s): at most p - s digits before the
 * point and s after it (trailing zeros aside). */
bool cdc_decimal_fits(const cdc_decimal *d, unsigned precision, unsigned scale);
/* Appends the plain notation (no exponent, no leading or trailing zero,
 * "0" for zero): equal values have equal text. */
void cdc_decimal_format(const cdc_decimal *d, cdc_buf *out);
/* Appends the plain notation of the value nearest d with at most `scale`
 * digits after the point, above d (dir 1) or below it (dir -1): d ± 10^-scale
 * when d has no more digits than that, else d cut to them (towards zero) or
 * one unit beyond. */
void cdc_decimal_neighbour(const cdc_decimal *d, int dir, uint64_t scale, cdc_buf *out);

#endif

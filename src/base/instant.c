/* base/instant.c: timestamps as instants.
 *
 * Consumes one ISO-8601 / RFC 3339 date-time given as bytes and a length
 * (the whole string must be used):
 *
 *     YYYY-MM-DD ('T' | 't' | ' ') HH:MM:SS [ '.' digits ] offset
 *     offset = 'Z' | 'z' | ('+' | '-') hh [ [':'] mm ]
 *
 * The offset is mandatory: a local time names no instant. Produces seconds
 * since 1970-01-01T00:00:00Z and nanoseconds (0..999999999). Fraction digits
 * beyond the ninth are cut off, not rounded. Reports nothing beyond a false
 * result; callers word the diagnostic.
 *
 * Why: `greaterThan` and the other comparisons on timestamp fields compare
 * instants, whatever offset each side was written in. So literals are
 * checked, and events evaluated, with this one parser. It uses fixed
 * arithmetic only (days from the civil date, proleptic Gregorian calendar)
 * and no timegm, TZ or locale, so the result is the same on every machine.
 * Ranges: year 0000-9999, month 1-12, day within the month (leap years
 * included), hour 0-23, minute and second 0-59 (no leap second 60), offset
 * up to 23:59.
 */
#include <inttypes.h>

#include "cdcgen/base/instant.h"
#include "cdcgen/base/buf.h"

/* Reads exactly n ASCII digits at s[*i]. */
static bool digits(const char *s, size_t len, size_t *i, size_t n, int *out)
{
    int v = 0;

    if (len - *i < n)
        return false;
    for (size_t k = 0; k < n; k++) {
        char c = s[*i + k];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *i += n;
    *out = v;
    return true;
}

static bool expect(const char *s, size_t len, size_t *i, char c)
{
    if (*i >= len || s[*i] != c)
        return false;
    (*i)++;
    return true;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                   /* [0, 399] */
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

bool cdc_parse_instant(const char *s, size_t len, int64_t *epoch_s, int32_t *nanos)
{
    size_t i = 0;
    int year, month, day, hour, minute, second;

    if (!s)
        return false;
    if (!digits(s, len, &i, 4, &year) || !expect(s, len, &i, '-') ||
        !digits(s, len, &i, 2, &month) || !expect(s, len, &i, '-') || !digits(s, len, &i, 2, &day))
        return false;
    if (i >= len || (s[i] != 'T' && s[i] != 't' && s[i] != ' '))
        return false;
    i++;
    if (!digits(s, len, &i, 2, &hour) || !expect(s, len, &i, ':') ||
        !digits(s, len, &i, 2, &minute) || !expect(s, len, &i, ':') ||
        !digits(s, len, &i, 2, &second))
        return false;

    int32_t frac = 0;
    if (i < len && s[i] == '.') {
        size_t start = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (i - start < 9)
                frac = frac * 10 + (s[i] - '0');
            i++;
        }
        if (i == start)
            return false;
        for (size_t k = i - start; k < 9; k++)
            frac *= 10;
    }

    int offset = 0; /* seconds east of UTC */
    if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < len && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i] == '-' ? -1 : 1, oh, om = 0;
        i++;
        if (!digits(s, len, &i, 2, &oh))
            return false;
        if (i < len) {
            if (s[i] == ':')
                i++;
            if (!digits(s, len, &i, 2, &om))
                return false;
        }
        if (oh > 23 || om > 59)
            return false;
        offset = sign * (oh * 3600 + om * 60);
    } else {
        return false;
    }
    if (i != len)
        return false;

    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
        minute > 59 || second > 59)
        return false;

    int64_t t =
        days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
    if (epoch_s)
        *epoch_s = t;
    if (nanos)
        *nanos = frac;
    return true;
}

/* Computed by hand (civil-from-days), the inverse of days_from_civil. */
void cdc_format_instant_ms(int64_t ms, cdc_buf *out)
{
    int64_t secs = ms / 1000, milli = ms % 1000;
    if (milli < 0)
        milli += 1000, secs -= 1;
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0)
        rem += 86400, days -= 1;
    /* Howard Hinnant's civil_from_days. */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    cdc_buf_printf(out,
                   "%04" PRId64 "-%02" PRId64 "-%02" PRId64 "T%02" PRId64 ":%02" PRId64
                   ":%02" PRId64 ".%03" PRId64 "Z",
                   y, m, d, rem / 3600, rem / 60 % 60, rem % 60, milli);
}

/* Unit tests for instant.c: ISO-8601 / RFC 3339 instants to epoch seconds
 * and nanoseconds. Expected values were computed independently (Python's
 * datetime) and are written here as constants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "cdcgen/base/instant.h"

static void check_instant(const char *s, int64_t want_s, int32_t want_ns)
{
    int64_t epoch = -1;
    int32_t nanos = -1;

    if (!cdc_parse_instant(s, strlen(s), &epoch, &nanos))
        fail_msg("'%s' rejected", s);
    if (epoch != want_s || nanos != want_ns)
        fail_msg("'%s': got %lld.%09d, expected %lld.%09d", s, (long long)epoch, (int)nanos,
                 (long long)want_s, (int)want_ns);
}

static void check_invalid(const char *s)
{
    int64_t epoch = 0;
    int32_t nanos = 0;

    if (cdc_parse_instant(s, strlen(s), &epoch, &nanos))
        fail_msg("'%s' accepted as %lld.%09d", s, (long long)epoch, (int)nanos);
}

static void test_utc(void **state)
{
    (void)state;
    check_instant("2024-01-15T10:30:00Z", 1705314600, 0);
    check_instant("2024-01-15t10:30:00z", 1705314600, 0);
    check_instant("2024-01-15 10:30:00Z", 1705314600, 0);
    check_instant("1970-01-01T00:00:00Z", 0, 0);
    check_instant("1969-12-31T23:59:59Z", -1, 0);
    check_instant("2000-03-01T00:00:00Z", 951868800, 0);
    check_instant("1900-03-01T00:00:00Z", -2203891200LL, 0);
    check_instant("2038-01-19T03:14:08Z", 2147483648LL, 0);
}

static void test_offsets(void **state)
{
    (void)state;
    check_instant("2024-01-15T10:30:00+05:30", 1705294800, 0);
    check_instant("2024-01-15T10:30:00+0530", 1705294800, 0);
    check_instant("2024-01-15T10:30:00-08:00", 1705343400, 0);
    check_instant("2024-01-15T10:30:00-0800", 1705343400, 0);
    check_instant("2024-01-15T10:30:00-08", 1705343400, 0);
    check_instant("2024-01-15T10:30:00+00:00", 1705314600, 0);
    check_instant("2024-01-15T10:30:00-00:00", 1705314600, 0);
    check_instant("2024-01-15T10:30:00+23:59", 1705228260, 0);
}

static void test_fractions(void **state)
{
    (void)state;
    check_instant("2024-01-15T10:30:00.5Z", 1705314600, 500000000);
    check_instant("2024-01-15T10:30:00.123Z", 1705314600, 123000000);
    check_instant("2024-01-15T10:30:00.123456+00:00", 1705314600, 123456000);
    check_instant("2024-01-15T10:30:00.123456789Z", 1705314600, 123456789);
    check_instant("2024-01-15T10:30:00.123456789999Z", 1705314600, 123456789); /* cut */
    check_instant("2024-01-15T10:30:00.000000000001Z", 1705314600, 0);
    check_instant("1969-12-31T23:59:59.75Z", -1, 750000000);
    check_instant("2024-01-15T10:30:00.999-08:00", 1705343400, 999000000);
}

static void test_calendar(void **state)
{
    (void)state;
    check_instant("2024-02-29T12:00:00Z", 1709208000, 0);
    check_invalid("2023-02-29T12:00:00Z");
    check_instant("2000-02-29T00:00:00Z", 951782400, 0); /* divisible by 400 */
    check_invalid("1900-02-29T00:00:00Z");               /* divisible by 100 */
    check_invalid("2024-04-31T00:00:00Z");
    check_instant("2024-12-31T23:59:59Z", 1735689599, 0);
    check_instant("0000-01-01T00:00:00Z", -62167219200LL, 0);
    check_instant("9999-12-31T23:59:59Z", 253402300799LL, 0);
}

static void test_ranges(void **state)
{
    (void)state;
    check_invalid("2024-00-10T00:00:00Z");
    check_invalid("2024-13-10T00:00:00Z");
    check_invalid("2024-01-00T00:00:00Z");
    check_invalid("2024-01-32T00:00:00Z");
    check_invalid("2024-01-15T24:00:00Z");
    check_invalid("2024-01-15T10:60:00Z");
    check_invalid("2024-01-15T10:30:60Z"); /* no leap seconds */
    check_invalid("2024-01-15T10:30:00+24:00");
    check_invalid("2024-01-15T10:30:00+05:60");
}

static void test_malformed(void **state)
{
    (void)state;
    check_invalid("");
    check_invalid("2024-01-15T10:30:00");     /* no offset */
    check_invalid("2024-01-15T10:30:00.123"); /* no offset */
    check_invalid("2024-01-15");
    check_invalid("2024-01-15T10:30:00Zjunk"); /* trailing garbage */
    check_invalid("2024-01-15T10:30:00Z ");
    check_invalid("2024-01-15T10:30:00+05:30x");
    check_invalid("2024-01-15T10:30:00.Z"); /* empty fraction */
    check_invalid("2024-01-15T10:30Z");     /* seconds are required */
    check_invalid("2024-01-15X10:30:00Z");
    check_invalid("24-01-15T10:30:00Z");
    check_invalid("+2024-01-15T10:30:00Z");
    check_invalid("2024-1-15T10:30:00Z");
    check_invalid("2024-01-15T1:30:00Z");
    check_invalid("2024-01-15T10:30:00+5:30");
    check_invalid("2024-01-15T10:30:00+05:3");
    check_invalid("2024-01-15T10:30:00+053");
    check_invalid("2024-01-15T10:30:00+05:");
    check_invalid("2024-01-15T10:30:00+");
    check_invalid("2024-01-15T10:30:00,5Z");
    check_invalid("２０２４-01-15T10:30:00Z"); /* fullwidth digits */
}

static void test_length_not_nul(void **state)
{
    static const char s[] = "2024-01-15T10:30:00Z trailing";
    static const char nul[] = "2024-01-15T10:30:00Z\0";
    int64_t epoch = 0;
    int32_t nanos = 1;

    (void)state;
    assert_true(cdc_parse_instant(s, 20, &epoch, &nanos));
    assert_int_equal(epoch, 1705314600);
    assert_int_equal(nanos, 0);
    assert_false(cdc_parse_instant(s, 19, &epoch, &nanos));
    assert_false(cdc_parse_instant(nul, sizeof nul - 1, &epoch, &nanos));
    assert_false(cdc_parse_instant(s, 0, &epoch, &nanos));
    /* every proper prefix of a valid instant is rejected */
    for (size_t n = 0; n < 20; n++)
        if (cdc_parse_instant(s, n, &epoch, &nanos))
            fail_msg("prefix of length %zu accepted", n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utc),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_fractions),
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_length_not_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_tally.c: audit's tally of routed records (sem/tally.c): a record's
 * hash ignores object key order and how an integral number is written, and
 * tells key from value; counts merge the same whether the table stays in
 * memory or spills to disk, where a tiny limit sends it, and the spill
 * directory is gone afterwards. The broker side is tests/audit/run.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/sem/tally.h"

static cdc_record_hash hash_text(const char *key, const char *value)
{
    json_t *v = json_loads(value, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    cdc_record_hash h = cdc_record_hash_of(key, key ? strlen(key) : 0, v, NULL, 0);
    json_decref(v);
    return h;
}

static bool same(cdc_record_hash a, cdc_record_hash b)
{
    return a.lo == b.lo && a.hi == b.hi;
}

static void test_hash_canonical(void **state)
{
    (void)state;
    cdc_record_hash h = hash_text("k", "{\"a\": 1, \"b\": {\"x\": [1, 2], \"y\": \"s\"}}");
    assert_true(same(h, hash_text("k", "{\"b\":{\"y\":\"s\",\"x\":[1,2]},\"a\":1}")));
    assert_true(same(h, hash_text("k", "{\"a\": 1.0, \"b\": {\"x\": [1e0, 2.00], \"y\": \"s\"}}")));
    assert_false(same(h, hash_text("k", "{\"a\": 1, \"b\": {\"x\": [2, 1], \"y\": \"s\"}}")));
    assert_false(same(h, hash_text("k", "{\"a\": \"1\", \"b\": {\"x\": [1, 2], \"y\": \"s\"}}")));
    assert_false(same(h, hash_text("k2", "{\"a\": 1, \"b\": {\"x\": [1, 2], \"y\": \"s\"}}")));
    assert_false(same(h, hash_text(NULL, "{\"a\": 1, \"b\": {\"x\": [1, 2], \"y\": \"s\"}}")));
    assert_false(same(hash_text("", "1"), hash_text(NULL, "1")));
    /* 0.5 is no integer: written as a real, equal to itself only */
    assert_true(same(hash_text("k", "[0.5]"), hash_text("k", "[5e-1]")));
    assert_false(same(hash_text("k", "[0.5]"), hash_text("k", "[1]")));
    /* bytes that are not JSON hash as bytes, never as a JSON value */
    cdc_record_hash raw = cdc_record_hash_of("k", 1, NULL, "1", 1);
    assert_false(same(raw, hash_text("k", "1")));
    assert_true(same(raw, cdc_record_hash_of("k", 1, NULL, "1", 1)));
}

/* What cdc_tally_each reports, summed per filter. */
typedef struct sums {
    unsigned long entries, expected[3], found[3], outside[3], missing[3], extra[3], dup[3];
    cdc_record_at first_expected_of_0; /* of the record "r0" of filter 0 */
    cdc_record_hash r0;
} sums;

static void sum(void *ctx, const cdc_tally_entry *e)
{
    sums *s = ctx;
    assert_true(e->filter < 3);
    s->entries++;
    s->expected[e->filter] += e->expected;
    s->found[e->filter] += e->found;
    s->outside[e->filter] += e->outside;
    if (e->expected > e->found)
        s->missing[e->filter] += e->expected - e->found;
    else if (e->expected == 0)
        s->extra[e->filter] += e->found;
    else
        s->dup[e->filter] += e->found - e->expected;
    if (e->filter == 0 && e->h.lo == s->r0.lo && e->h.hi == s->r0.hi)
        s->first_expected_of_0 = e->first_expected;
}

/* 3000 records over 3 filters: each expected once and found once, except
 * every 10th never found, every 7th found twice and 50 found never
 * expected; then the sums, with the tally limited to limit bytes. */
static void run(size_t limit, sums *s, size_t *spills)
{
    char dir[] = "/tmp/cdcgen-test-tally-XXXXXX";
    assert_non_null(mkdtemp(dir));
    cdc_tally *t = cdc_tally_new(limit, dir);
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    char key[32];
    memset(s, 0, sizeof *s);
    s->r0 = cdc_record_hash_of("r0", 2, NULL, "v", 1);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < 3000; i++) {
            snprintf(key, sizeof key, "r%d", i);
            cdc_record_hash h = cdc_record_hash_of(key, strlen(key), NULL, "v", 1);
            uint32_t f = (uint32_t)(i % 3);
            /* pass 0: expected at (i % 2, i), and a second time at (0, 5000 + i)
             * for record 0 only; pass 1: found */
            if (pass == 0) {
                assert_true(cdc_tally_add(t, f, h, CDC_TALLY_EXPECTED,
                                          (cdc_record_at){i % 2, i + 10}, &err));
                continue;
            }
            if (i % 10 == 0)
                continue;
            assert_true(cdc_tally_add(t, f, h, CDC_TALLY_FOUND, (cdc_record_at){0, i}, &err));
            if (i % 7 == 0)
                assert_true(cdc_tally_add(t, f, h, CDC_TALLY_FOUND, (cdc_record_at){1, i}, &err));
        }
    assert_true(cdc_tally_add(t, 0, s->r0, CDC_TALLY_EXPECTED, (cdc_record_at){0, 3}, &err));
    for (int i = 0; i < 50; i++) {
        snprintf(key, sizeof key, "x%d", i);
        cdc_record_hash h = cdc_record_hash_of(key, strlen(key), NULL, "v", 1);
        assert_true(cdc_tally_add(t, 2, h, i < 10 ? CDC_TALLY_FOUND_OUTSIDE : CDC_TALLY_FOUND,
                                  (cdc_record_at){2, i}, &err));
    }
    assert_true(cdc_tally_each(t, sum, s, &err));
    *spills = cdc_tally_spills(t);
    cdc_tally_free(t);
    cdc_buf_release(&err);
    assert_int_equal(rmdir(dir), 0); /* empty: the spill files are gone */
}

static void test_counts_in_memory_and_spilled(void **state)
{
    (void)state;
    sums mem, disk;
    size_t spills_mem, spills_disk;
    run(64u << 20, &mem, &spills_mem);
    run(4096, &disk, &spills_disk);
    assert_int_equal(spills_mem, 0);
    assert_true(spills_disk > 10);
    assert_int_equal(mem.entries, 3000 + 50);
    assert_int_equal(disk.entries, mem.entries);
    for (int f = 0; f < 3; f++) {
        assert_int_equal(disk.expected[f], mem.expected[f]);
        assert_int_equal(disk.found[f], mem.found[f]);
        assert_int_equal(disk.missing[f], mem.missing[f]);
        assert_int_equal(disk.extra[f], mem.extra[f]);
        assert_int_equal(disk.dup[f], mem.dup[f]);
        assert_int_equal(disk.outside[f], mem.outside[f]);
    }
    /* 3000 records, 1000 per filter; r0 expected twice (never found: i % 10 == 0) */
    assert_int_equal(mem.expected[0], 1001);
    assert_int_equal(mem.missing[0], 100 + 1);
    assert_int_equal(mem.missing[1] + mem.missing[2], 200);
    unsigned long dups = 0;
    for (int i = 0; i < 3000; i++)
        dups += i % 7 == 0 && i % 10 != 0;
    assert_int_equal(mem.dup[0] + mem.dup[1] + mem.dup[2], dups);
    assert_int_equal(mem.extra[2], 50);
    assert_int_equal(mem.outside[2], 10);
    /* the first place is the lowest (partition, offset) of the adds */
    assert_int_equal(mem.first_expected_of_0.partition, 0);
    assert_int_equal(mem.first_expected_of_0.offset, 3);
    assert_int_equal(disk.first_expected_of_0.offset, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_canonical),
        cmocka_unit_test(test_counts_in_memory_and_spilled),
    };
    return cmocka_run_group_tests_name("tally", tests, NULL, NULL);
}

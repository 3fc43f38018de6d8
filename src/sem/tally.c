/* sem/tally.c: audit's count of routed records per filter, in bounded
 * memory.
 *
 * An open-addressing hash table of entries (sem/tally.h), keyed by filter
 * and record hash, doubled as it fills (three quarters of its slots) up to
 * the size the limit allows. When that is full, every entry is appended to one of 64
 * spill files chosen by the hash's top six bits, and the table starts
 * empty. At the end the entries still in memory are spilled too, and each
 * file is read back alone into the table, merging the counts of the same
 * record: memory stays at the limit until the distinct records pass 64
 * times what it holds, after which a file's records can make the table
 * grow beyond it. Without a spill the table is visited in place.
 *
 * Records hash with XXH3's 128 bits (libxxhash): a collision of two
 * different records within one filter is below 2^-64 for a billion
 * records. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xxhash.h>

#include "cdcgen/sem/tally.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"

#define NBUCKETS 64

struct cdc_tally {
    cdc_tally_entry *slots;
    bool *used;
    size_t cap, n;  /* slots, entries held */
    size_t max_cap; /* the most slots the limit allows */
    char *dir;      /* the spill directory, made at the first spill */
    const char *tmpdir;
    FILE *bucket[NBUCKETS];
    size_t spills;
};

static void table_alloc(cdc_tally *t, size_t cap)
{
    t->cap = cap;
    t->slots = xcalloc(cap, sizeof *t->slots);
    t->used = xcalloc(cap, sizeof *t->used);
    t->n = 0;
}

cdc_tally *cdc_tally_new(size_t limit_bytes, const char *tmpdir)
{
    cdc_tally *t = xcalloc(1, sizeof *t);
    size_t per = sizeof(cdc_tally_entry) + sizeof(bool);
    size_t cap = 8;
    while (cap * 2 * per <= limit_bytes)
        cap *= 2;
    t->max_cap = cap;
    table_alloc(t, cap < 4096 ? cap : 4096);
    t->tmpdir = tmpdir;
    return t;
}

static void remove_spill(cdc_tally *t)
{
    if (!t->dir)
        return;
    cdc_buf p = CDC_BUF_INIT;
    cdc_buf_init(&p);
    for (int i = 0; i < NBUCKETS; i++) {
        if (t->bucket[i])
            fclose(t->bucket[i]);
        t->bucket[i] = NULL;
        cdc_buf_reset(&p);
        cdc_buf_printf(&p, "%s/%02d", t->dir, i);
        unlink(p.data);
    }
    cdc_buf_release(&p);
    rmdir(t->dir);
    free(t->dir);
    t->dir = NULL;
}

void cdc_tally_free(cdc_tally *t)
{
    if (!t)
        return;
    remove_spill(t);
    free(t->slots);
    free(t->used);
    free(t);
}

size_t cdc_tally_spills(const cdc_tally *t)
{
    return t->spills;
}

static bool before(cdc_record_at a, cdc_record_at b)
{
    if (b.partition < 0)
        return a.partition >= 0;
    if (a.partition < 0)
        return false;
    return a.partition < b.partition || (a.partition == b.partition && a.offset < b.offset);
}

static void merge(cdc_tally *t, const cdc_tally_entry *e);

/* The table twice as large, its entries rehashed. */
static void grow(cdc_tally *t)
{
    cdc_tally_entry *old = t->slots;
    bool *old_used = t->used;
    size_t old_cap = t->cap;
    table_alloc(t, old_cap * 2);
    for (size_t i = 0; i < old_cap; i++)
        if (old_used[i])
            merge(t, &old[i]);
    free(old);
    free(old_used);
}

static bool full(const cdc_tally *t)
{
    return t->n + 1 > t->cap / 4 * 3;
}

/* Merges e into the table (growing it when full: cdc_tally_add spills
 * before that past the limit; a spill file read back may pass it). */
static void merge(cdc_tally *t, const cdc_tally_entry *e)
{
    if (full(t))
        grow(t);
    size_t mask = t->cap - 1;
    size_t i = (size_t)(e->h.lo ^ (e->filter * 0x9e3779b97f4a7c15ull)) & mask;
    while (t->used[i]) {
        cdc_tally_entry *s = &t->slots[i];
        if (s->filter == e->filter && s->h.lo == e->h.lo && s->h.hi == e->h.hi) {
            s->expected += e->expected;
            s->found += e->found;
            s->outside += e->outside;
            if (before(e->first_expected, s->first_expected))
                s->first_expected = e->first_expected;
            if (before(e->first_found, s->first_found))
                s->first_found = e->first_found;
            return;
        }
        i = (i + 1) & mask;
    }
    t->used[i] = true;
    t->slots[i] = *e;
    t->n++;
}

static bool spill_open(cdc_tally *t, cdc_buf *err)
{
    if (t->dir)
        return true;
    const char *base = t->tmpdir ? t->tmpdir : getenv("TMPDIR");
    cdc_buf p = CDC_BUF_INIT;
    cdc_buf_init(&p);
    cdc_buf_printf(&p, "%s/cdcgen-audit-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(p.data)) {
        cdc_buf_printf(err, "cannot make a spill directory %s: %s", p.data, strerror(errno));
        cdc_buf_release(&p);
        return false;
    }
    t->dir = xstrdup(p.data);
    for (int i = 0; i < NBUCKETS; i++) {
        cdc_buf_reset(&p);
        cdc_buf_printf(&p, "%s/%02d", t->dir, i);
        t->bucket[i] = fopen(p.data, "w+b");
        if (!t->bucket[i]) {
            cdc_buf_printf(err, "cannot write the spill file %s: %s", p.data, strerror(errno));
            cdc_buf_release(&p);
            return false;
        }
    }
    cdc_buf_release(&p);
    return true;
}

/* Every entry in memory to its spill file; the table empty afterwards. */
static bool spill(cdc_tally *t, cdc_buf *err)
{
    if (!spill_open(t, err))
        return false;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->used[i])
            continue;
        FILE *f = t->bucket[t->slots[i].h.hi >> 58];
        if (fwrite(&t->slots[i], sizeof t->slots[i], 1, f) != 1) {
            cdc_buf_printf(err, "cannot write a spill file in %s: %s", t->dir, strerror(errno));
            return false;
        }
        t->used[i] = false;
    }
    t->n = 0;
    t->spills++;
    return true;
}

bool cdc_tally_add(cdc_tally *t, uint32_t filter, cdc_record_hash h, cdc_tally_side side,
                   cdc_record_at at, cdc_buf *err)
{
    cdc_record_at none = {-1, -1};
    bool found = side != CDC_TALLY_EXPECTED;
    cdc_tally_entry e = {.h = h,
                         .filter = filter,
                         .expected = !found,
                         .found = found,
                         .outside = side == CDC_TALLY_FOUND_OUTSIDE,
                         .first_expected = found ? none : at,
                         .first_found = found ? at : none};
    if (full(t) && t->cap < t->max_cap)
        grow(t);
    else if (full(t) && !spill(t, err))
        return false;
    merge(t, &e);
    return true;
}

static void visit(cdc_tally *t, void (*fn)(void *ctx, const cdc_tally_entry *e), void *ctx)
{
    for (size_t i = 0; i < t->cap; i++)
        if (t->used[i]) {
            fn(ctx, &t->slots[i]);
            t->used[i] = false;
        }
    t->n = 0;
}

bool cdc_tally_each(cdc_tally *t, void (*fn)(void *ctx, const cdc_tally_entry *e), void *ctx,
                    cdc_buf *err)
{
    if (!t->dir) {
        visit(t, fn, ctx);
        return true;
    }
    if (!spill(t, err))
        return false;
    for (int b = 0; b < NBUCKETS; b++) {
        FILE *f = t->bucket[b];
        if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0) {
            cdc_buf_printf(err, "cannot read a spill file in %s: %s", t->dir, strerror(errno));
            return false;
        }
        cdc_tally_entry e;
        while (fread(&e, sizeof e, 1, f) == 1)
            merge(t, &e);
        if (ferror(f)) {
            cdc_buf_printf(err, "cannot read a spill file in %s: %s", t->dir, strerror(errno));
            return false;
        }
        visit(t, fn, ctx);
        fclose(f);
        t->bucket[b] = NULL;
    }
    remove_spill(t);
    return true;
}

/* ---- canonical JSON ---- */

/* Integral reals within 2^53 as integers, in place (recursively). */
static json_t *normalize(json_t *v)
{
    if (json_is_real(v)) {
        double d = json_real_value(v);
        if (d == floor(d) && fabs(d) <= 9007199254740992.0)
            return json_integer((json_int_t)d);
        return NULL;
    }
    if (json_is_object(v)) {
        const char *k;
        json_t *m;
        void *it = json_object_iter(v);
        while (it) {
            k = json_object_iter_key(it);
            m = json_object_iter_value(it);
            json_t *n = normalize(m);
            if (n)
                json_object_set_new(v, k, n);
            it = json_object_iter_next(v, it);
        }
        (void)k;
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *n = normalize(json_array_get(v, i));
            if (n)
                json_array_set_new(v, i, n);
        }
    }
    return NULL;
}

static int dump_to_state(const char *buffer, size_t size, void *data)
{
    XXH3_128bits_update(data, buffer, size);
    return 0;
}

cdc_record_hash cdc_record_hash_of(const char *key, size_t key_len, json_t *value, const char *raw,
                                   size_t raw_len)
{
    XXH3_state_t *st = XXH3_createState();
    if (!st)
        CDC_BUG("out of memory");
    XXH3_128bits_reset(st);
    /* The key's length first, so that key and value cannot trade bytes;
     * UINT64_MAX for no key. */
    uint64_t klen = key ? (uint64_t)key_len : UINT64_MAX;
    XXH3_128bits_update(st, &klen, sizeof klen);
    if (key)
        XXH3_128bits_update(st, key, key_len);
    if (value) {
        XXH3_128bits_update(st, "J", 1);
        json_t *n = normalize(value);
        if (n) {
            json_dump_callback(n, dump_to_state, st,
                               JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
            json_decref(n);
        } else {
            json_dump_callback(value, dump_to_state, st,
                               JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
        }
    } else {
        XXH3_128bits_update(st, "R", 1);
        if (raw)
            XXH3_128bits_update(st, raw, raw_len);
    }
    XXH128_hash_t d = XXH3_128bits_digest(st);
    XXH3_freeState(st);
    return (cdc_record_hash){d.low64, d.high64};
}

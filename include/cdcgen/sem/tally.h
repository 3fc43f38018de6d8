/* tally.c: what audit counts: per filter, a multiset of routed records,
 * each a 128-bit hash of its key and its value's canonical JSON, counted
 * twice: as expected (routed by the filters from the source topic) and as
 * found (read from the filter's topic). Memory is bounded: past a limit
 * the table spills to disk, partitioned by hash, and is merged partition
 * by partition at the end. */
#ifndef CDCGEN_SEM_TALLY_H
#define CDCGEN_SEM_TALLY_H

#include <jansson.h>
#include <stdint.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"

/* A record's identity: its key and its value as canonical JSON. */
typedef struct cdc_record_hash {
    uint64_t lo, hi;
} cdc_record_hash;

/* Where a record sits in its topic. */
typedef struct cdc_record_at {
    int32_t partition; /* -1: none */
    int64_t offset;
} cdc_record_at;

/* One distinct record of one filter: how often it was expected and found,
 * and the first place (lowest partition, then offset) of each. */
typedef struct cdc_tally_entry {
    cdc_record_hash h;
    uint32_t filter;
    uint32_t expected, found;
    uint32_t outside; /* of found: read outside the window (cmd/audit.c says when) */
    cdc_record_at first_expected, first_found;
} cdc_tally_entry;

typedef struct cdc_tally cdc_tally;

/* A tally holding at most about limit_bytes of entries in memory before it
 * spills into 64 files of a directory made under tmpdir (NULL: $TMPDIR or
 * /tmp). */
cdc_tally *cdc_tally_new(size_t limit_bytes, const char *tmpdir);
/* Removes the spill files too. NULL is fine. */
void cdc_tally_free(cdc_tally *t);

/* How a record is counted. */
typedef enum cdc_tally_side {
    CDC_TALLY_EXPECTED,      /* routed from the source topic */
    CDC_TALLY_FOUND,         /* read from the filter's topic */
    CDC_TALLY_FOUND_OUTSIDE, /* read there, but outside the window */
} cdc_tally_side;

/* Counts a record of filter at a place. false with the reason in err when
 * a spill file cannot be written. */
bool cdc_tally_add(cdc_tally *t, uint32_t filter, cdc_record_hash h, cdc_tally_side side,
                   cdc_record_at at, cdc_buf *err);

/* Calls fn once per distinct (filter, record), with its counts merged over
 * every spill. false with the reason in err when a spill file cannot be
 * read back. The tally is spent afterwards. */
bool cdc_tally_each(cdc_tally *t, void (*fn)(void *ctx, const cdc_tally_entry *e), void *ctx,
                    cdc_buf *err);

/* How many times the table spilled to disk so far. */
size_t cdc_tally_spills(const cdc_tally *t);

/* The identity of a record: key (NULL: no key, which differs from an empty
 * one) and value, a JSON value (NULL: the value is not JSON or absent;
 * then raw, raw_len are hashed as bytes). Canonical JSON: object keys
 * sorted, integral numbers within 2^53 written as integers, so that a
 * re-serialized record is the same record. */
cdc_record_hash cdc_record_hash_of(const char *key, size_t key_len, json_t *value, const char *raw,
                                   size_t raw_len);

#endif

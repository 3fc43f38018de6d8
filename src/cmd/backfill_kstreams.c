/* cmd/backfill_kstreams.c: the backfill of the Kafka Streams application's
 * topics, which cdcgen runs itself (the Flink backfill is a job cdcgen
 * writes; a Kafka Streams application has no bounded mode to run one).
 *
 * Consumes both programs, the filters to backfill with their base
 * versions, and the bounds [from, R) per partition of the source topic.
 * Reads that window by assigning the partitions (no consumer group,
 * nothing committed: the application's group stays at R), routes each
 * event with the reference semantics (sem/eval.c, what `cdcgen eval` and
 * the runtime compute), and writes each event whose new filter is TRUE and
 * whose old version is not TRUE into the new filter's kstreams topic,
 * exactly as the runtime's sink writes a routed record: the value's bytes
 * as read, the key's bytes, the headers and the timestamp, on the
 * partition of Kafka Streams' default partitioner (live/producer.c).
 *
 * Records the runtime cannot read are skipped and counted as it skips them
 * (SkipUnreadableHandler: not UTF-8, not JSON, no object, no Schema
 * Registry framing under streams.source_format json-sr); tombstones are
 * dropped, as its route node drops them.
 *
 * Everything goes into one transaction (transactional.id
 * cdcgen-backfill-<application id>): a failed run aborts it, so
 * read_committed consumers see nothing of it, and a run killed midway is
 * fenced and aborted by the next one's start. A run that succeeded must
 * not be repeated: it would write its records again. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/cmd/backfill_kstreams.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/util.h"
#include "cdcgen/live/producer.h"
#include "cdcgen/live/records.h"
#include "cdcgen/sem/eval.h"

/* The transaction may stay open this long: the broker's default ceiling
 * (transaction.max.timeout.ms, 15 minutes). */
#define TRANSACTION_TIMEOUT_MS 900000

/* A filter's tally. */
typedef struct ks_filter {
    const cdc_backfill_filter *f;
    const char *topic;     /* its kstreams topic */
    unsigned long routed;  /* events before R the new version routes */
    unsigned long old_too; /* ... that the old version routed too */
    unsigned long written; /* routed minus old_too: written */
} ks_filter;

typedef struct ks_run {
    cdc_run *head, *base;
    bool framed; /* streams.source_format json-sr */
    ks_filter *fs;
    size_t n;
    cdc_evaluator *ev_head, *ev_base;
    cdc_producer prod;
    unsigned long records, events, tombstones, unreadable;
    cdc_buf err;
} ks_run;

static void fail(ks_run *K, const char *msg)
{
    cdc_diag_error(&K->head->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "%s", msg);
    K->head->io_error = true;
}

/* Whether the old version routes the event (false: no old version, or an
 * event the base's schema cannot read: the old runtime routed nothing). */
static bool old_routes(ks_run *K, const cdc_filter *old, json_t *j, cdc_event *be, bool *be_ok,
                       bool *be_done)
{
    if (!old)
        return false;
    if (!*be_done) {
        const char *why = NULL;
        *be_ok = cdc_event_init(be, &K->base->prog, j, &why);
        *be_done = true;
    }
    return *be_ok && cdc_eval_filter(K->ev_base, old, be) == CDC_TRUE;
}

static bool on_record(void *ctx, size_t range, const cdc_record *r)
{
    (void)range;
    ks_run *K = ctx;
    K->records++;
    if (!r->value) {
        K->tombstones++;
        return true;
    }
    const char *text = r->value;
    size_t len = r->value_len;
    if (K->framed) { /* magic byte 0 and a 4-byte schema id */
        if (len < 5 || text[0] != 0) {
            K->unreadable++;
            return true;
        }
        text += 5;
        len -= 5;
    }
    json_error_t jerr;
    bool widened;
    json_t *j = cdc_event_json_parse(text, len, 0, &jerr, &widened);
    cdc_event e;
    const char *why = NULL;
    if (!j || !cdc_event_init(&e, &K->head->prog, j, &why)) {
        K->unreadable++;
        json_decref(j);
        return true;
    }
    K->events++;
    cdc_event be;
    bool be_ok = false, be_done = false, ok = true;
    for (size_t i = 0; ok && i < K->n; i++) {
        ks_filter *kf = &K->fs[i];
        if (cdc_eval_filter(K->ev_head, kf->f->head, &e) != CDC_TRUE)
            continue;
        kf->routed++;
        if (old_routes(K, kf->f->base, j, &be, &be_ok, &be_done)) {
            kf->old_too++;
            continue;
        }
        ok = cdc_producer_send(&K->prod, kf->topic, r, &K->err);
        kf->written += ok;
    }
    if (be_done && be_ok)
        cdc_event_release(&be);
    cdc_event_release(&e);
    json_decref(j);
    return ok;
}

/* ---- the window ---- */

/* The window per partition into range (lo, hi of np partitions); false
 * after a message. */
static bool window(ks_run *K, cdc_kafka *k, const cdc_ks_backfill *b, cdc_topic_range *range)
{
    const char *topic = K->head->prog.source_topic;
    int32_t np = range->npartitions;
    if (b->nuntil != np) {
        cdc_buf_printf(&K->err,
                       "R gives %d partition%s, but %s has %d: R must bound every partition",
                       b->nuntil, b->nuntil == 1 ? "" : "s", topic, (int)np);
        return false;
    }
    int64_t *at = NULL;
    if (b->from_ts >= 0) {
        at = xcalloc((size_t)np, sizeof *at);
        if (!cdc_kafka_offsets_for_time(k, topic, np, b->from_ts, at, &K->err)) {
            free(at);
            return false;
        }
    }
    bool ok = true;
    for (int32_t p = 0; ok && p < np; p++) {
        int64_t low, high;
        if (!cdc_kafka_watermarks(k, topic, p, &low, &high, &K->err)) {
            ok = false;
            break;
        }
        if (b->until[p] > high) {
            cdc_buf_printf(&K->err,
                           "R of %s [%d] is %" PRId64 ", past its end (%" PRId64
                           "): the application cannot have read that far",
                           topic, (int)p, b->until[p], high);
            ok = false;
            break;
        }
        int64_t lo = at ? at[p] : b->from && p < b->nfrom && b->from[p] >= 0 ? b->from[p] : low;
        range->lo[p] = lo > low ? lo : low;
        range->hi[p] = b->until[p];
    }
    free(at);
    return ok;
}

/* Every filter's topic exists: checked before anything is written. */
static bool topics_exist(ks_run *K, const rd_kafka_metadata_t *md, const char *bootstrap)
{
    for (size_t i = 0; i < K->n; i++)
        if (cdc_kafka_partition_count(md, K->fs[i].topic) < 0) {
            cdc_buf_printf(&K->err,
                           "topic %s of filter '%s' does not exist on %s: create it first "
                           "(cdcgen topics apply), the backfill writes into it",
                           K->fs[i].topic, K->fs[i].f->head->id.s, bootstrap);
            return false;
        }
    return true;
}

/* ---- the run ---- */

static void summary(const ks_run *K, const cdc_topic_range *range, const char *txid)
{
    unsigned long written = 0;
    for (size_t i = 0; i < K->n; i++)
        written += K->fs[i].written;
    fprintf(stderr,
            "cdcgen backfill: read %lu record%s of %s before R: %lu event%s, %lu tombstone%s "
            "(dropped), %lu unreadable (skipped)\n",
            K->records, K->records == 1 ? "" : "s", range->topic, K->events,
            K->events == 1 ? "" : "s", K->tombstones, K->tombstones == 1 ? "" : "s", K->unreadable);
    for (size_t i = 0; i < K->n; i++) {
        const ks_filter *kf = &K->fs[i];
        fprintf(stderr, "  %s -> %s: %lu written", kf->f->head->id.s, kf->topic, kf->written);
        if (kf->f->base)
            fprintf(stderr, " (%lu routed, %lu of them by the old version too)", kf->routed,
                    kf->old_too);
        else
            fputs(" (a new filter: all it routes)", stderr);
        fputc('\n', stderr);
    }
    fprintf(stderr, "cdcgen backfill: %lu record%s committed in one transaction (%s)\n", written,
            written == 1 ? "" : "s", txid);
}

static void run(ks_run *K, const cdc_ks_backfill *b)
{
    cdc_run *head = K->head;
    const char *topic = head->prog.source_topic;
    cdc_kafka k;
    if (!cdc_kafka_open_consumer(&k, b->kafka, head->config.bootstrap_servers, NULL, "earliest",
                                 false, &K->err)) {
        fail(K, K->err.data);
        return;
    }
    cdc_topic_range range = {.topic = topic};
    const rd_kafka_metadata_t *md = cdc_kafka_metadata(&k, &K->err);
    bool ok = md != NULL;
    if (ok) {
        range.npartitions = cdc_kafka_partition_count(md, topic);
        if (range.npartitions <= 0) {
            cdc_buf_printf(&K->err, "the source topic %s does not exist on %s", topic, k.bootstrap);
            ok = false;
        }
        ok = ok && topics_exist(K, md, k.bootstrap);
        rd_kafka_metadata_destroy(md);
    }
    if (ok) {
        range.lo = xcalloc((size_t)range.npartitions, sizeof *range.lo);
        range.hi = xcalloc((size_t)range.npartitions, sizeof *range.hi);
        ok = window(K, &k, b, &range);
    }
    if (ok) { /* R read: the application may start from here on */
        fprintf(stderr, "cdcgen backfill: R of %s:", topic);
        for (int32_t p = 0; p < range.npartitions; p++)
            fprintf(stderr, "%s%d:%" PRId64, p ? "," : " ", (int)p, range.hi[p]);
        fputs("; reading up to it\n", stderr);
    }
    const char *txid =
        cdc_arena_printf(head->arena, "cdcgen-backfill-%s", head->config.application_id);
    ok = ok && cdc_producer_begin(&K->prod, b->kafka, head->config.bootstrap_servers, txid,
                                  TRANSACTION_TIMEOUT_MS, &K->err);
    if (ok) {
        K->ev_head = cdc_eval_new(&head->prog);
        K->ev_base = cdc_eval_new(&K->base->prog);
        ok = cdc_kafka_read_ranges(&k, &range, 1, on_record, K, &K->err) &&
             cdc_producer_commit(&K->prod, &K->err);
    }
    if (ok)
        summary(K, &range, txid);
    else
        fail(K, K->err.data);
    cdc_producer_close(&K->prod); /* aborts a transaction left open */
    cdc_kafka_close(&k);
    free(range.lo);
    free(range.hi);
}

bool cdc_backfill_kstreams(cdc_run *head, cdc_run *base, const cdc_ks_backfill *b)
{
    ks_run K = {.head = head, .base = base, .n = b->n};
    K.framed = strcmp(head->config.source_format, "json-sr") == 0;
    cdc_buf_init(&K.err);
    K.fs = xcalloc(b->n + 1, sizeof *K.fs);
    for (size_t i = 0; i < b->n; i++)
        K.fs[i] = (ks_filter){.f = &b->v[i], .topic = b->v[i].head->topic[CDC_TARGET_KSTREAMS]};
    run(&K, b);
    bool ok = !head->io_error;
    if (K.ev_head)
        cdc_eval_free(K.ev_head);
    if (K.ev_base)
        cdc_eval_free(K.ev_base);
    free(K.fs);
    cdc_buf_release(&K.err);
    return ok;
}

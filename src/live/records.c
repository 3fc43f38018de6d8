/* live/records.c: reading records of Kafka topics by offsets.
 *
 * The reader assigns the partitions itself (no consumer group, nothing
 * committed) at each range's first offset, and counts a partition done at
 * its range's end: a record at or past it, or the partition's end
 * (enable.partition.eof), which also covers the offsets of transaction
 * markers and compacted records that never arrive as records. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cdcgen/live/records.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void to_record(rd_kafka_message_t *m, cdc_record *r)
{
    rd_kafka_timestamp_type_t tt;
    *r = (cdc_record){
        .topic = rd_kafka_topic_name(m->rkt),
        .partition = m->partition,
        .offset = m->offset,
        .timestamp = rd_kafka_message_timestamp(m, &tt),
        .key = m->key,
        .key_len = m->key_len,
        .value = m->payload,
        .value_len = m->len,
    };
    rd_kafka_headers_t *h = NULL;
    if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR)
        r->headers = h;
}

/* The index of (topic, partition) among the ranges' partitions, or -1;
 * *range: the range it belongs to. */
static long slot_of(const cdc_topic_range *ranges, size_t n, const size_t *first, const char *topic,
                    int32_t partition, size_t *range)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ranges[i].topic, topic) == 0 && partition >= 0 &&
            partition < ranges[i].npartitions) {
            *range = i;
            return (long)(first[i] + (size_t)partition);
        }
    return -1;
}

bool cdc_kafka_read_ranges(cdc_kafka *k, const cdc_topic_range *ranges, size_t n, cdc_record_fn fn,
                           void *ctx, cdc_buf *err)
{
    size_t *first = xcalloc(n + 1, sizeof *first), total = 0;
    for (size_t i = 0; i < n; i++) {
        first[i] = total;
        total += (size_t)ranges[i].npartitions;
    }
    int64_t *end = xcalloc(total + 1, sizeof *end);
    bool *done = xcalloc(total + 1, sizeof *done);
    size_t left = 0;
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new((int)total + 1);
    for (size_t i = 0; i < n; i++)
        for (int32_t p = 0; p < ranges[i].npartitions; p++) {
            size_t s = first[i] + (size_t)p;
            end[s] = ranges[i].hi[p];
            done[s] = ranges[i].lo[p] >= ranges[i].hi[p];
            if (done[s])
                continue;
            left++;
            rd_kafka_topic_partition_list_add(parts, ranges[i].topic, p)->offset = ranges[i].lo[p];
        }
    bool ok = true;
    if (left) {
        rd_kafka_resp_err_t e = rd_kafka_assign(k->rk, parts);
        if (e) {
            cdc_buf_printf(err, "cannot read from %s: %s", k->bootstrap, rd_kafka_err2str(e));
            ok = false;
        }
    }
    int64_t last = now_ms();
    while (ok && left) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(k->rk, 200);
        if (!m) {
            if (k->down || now_ms() - last > k->timeout_ms) {
                cdc_buf_printf(err, "no records from %s for %g s while %zu partition%s had more",
                               k->bootstrap, k->timeout_ms / 1000.0, left, left == 1 ? "" : "s");
                if (k->last_error[0])
                    cdc_buf_printf(err, "; last error: %s", k->last_error);
                ok = false;
            }
            continue;
        }
        last = now_ms();
        size_t range = 0;
        long s = m->rkt
                     ? slot_of(ranges, n, first, rd_kafka_topic_name(m->rkt), m->partition, &range)
                     : -1;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (s >= 0 && !done[s] && m->offset >= end[s]) {
                done[s] = true;
                left--;
            }
        } else if (m->err) {
            cdc_buf_printf(err, "reading %s [%d]: %s", m->rkt ? rd_kafka_topic_name(m->rkt) : "?",
                           (int)m->partition, rd_kafka_message_errstr(m));
            ok = false;
        } else if (s >= 0 && !done[s]) {
            if (m->offset < end[s]) {
                cdc_record r;
                to_record(m, &r);
                ok = fn(ctx, range, &r);
            }
            if (m->offset + 1 >= end[s]) {
                done[s] = true;
                left--;
            }
        }
        rd_kafka_message_destroy(m);
    }
    if (left || total)
        rd_kafka_assign(k->rk, NULL);
    rd_kafka_topic_partition_list_destroy(parts);
    free(first);
    free(end);
    free(done);
    return ok;
}

bool cdc_kafka_read_at(cdc_kafka *k, const char *topic, int32_t partition, int64_t offset,
                       cdc_record_fn fn, void *ctx, cdc_buf *err)
{
    int64_t lo = offset, hi = offset + 1;
    cdc_topic_range r = {.topic = topic, .npartitions = partition + 1};
    r.lo = xcalloc((size_t)partition + 1, sizeof *r.lo);
    r.hi = xcalloc((size_t)partition + 1, sizeof *r.hi);
    r.lo[partition] = lo;
    r.hi[partition] = hi;
    bool ok = cdc_kafka_read_ranges(k, &r, 1, fn, ctx, err);
    free(r.lo);
    free(r.hi);
    return ok;
}

bool cdc_kafka_offsets_for_time(cdc_kafka *k, const char *topic, int32_t npartitions, int64_t ts_ms,
                                int64_t *out, cdc_buf *err)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(npartitions);
    for (int32_t p = 0; p < npartitions; p++)
        rd_kafka_topic_partition_list_add(l, topic, p)->offset = ts_ms;
    rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(k->rk, l, k->timeout_ms);
    bool ok = e == RD_KAFKA_RESP_ERR_NO_ERROR;
    if (!ok)
        cdc_buf_printf(err, "reading the offsets of a time on %s from %s: %s", topic, k->bootstrap,
                       rd_kafka_err2str(e));
    for (int i = 0; ok && i < l->cnt; i++) {
        int64_t lo, hi;
        if (l->elems[i].offset >= 0) {
            out[l->elems[i].partition] = l->elems[i].offset;
        } else if (cdc_kafka_watermarks(k, topic, l->elems[i].partition, &lo, &hi, err)) {
            out[l->elems[i].partition] = hi; /* no record that late */
        } else {
            ok = false;
        }
    }
    rd_kafka_topic_partition_list_destroy(l);
    return ok;
}

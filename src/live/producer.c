/* live/producer.c: the transactional producer of `cdcgen backfill
 * --processor kstreams`.
 *
 * What the Kafka Streams runtime's sink would have written: the bytes it
 * read (EventSerde's serializer returns them), the key's bytes, the
 * record's headers and timestamp (Kafka Streams forwards both), on the
 * partition of the Java producer's default partitioner for a keyed record
 * (Kafka Streams' default partitioner computes the same murmur2):
 * librdkafka's murmur2_random partitioner. Idempotent with acks=all, as
 * transactions require. Every delivery report is counted; one failure
 * aborts the run's transaction. */
#include <stdio.h>
#include <string.h>

#include "cdcgen/live/producer.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    (void)opaque;
    cdc_producer *p = m->_private;
    if (!p)
        return;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        p->delivered++;
        return;
    }
    if (!p->failed++)
        snprintf(p->first_error, sizeof p->first_error, "%s [%d]: %s",
                 m->rkt ? rd_kafka_topic_name(m->rkt) : "?", (int)m->partition,
                 rd_kafka_err2str(m->err));
}

/* The error's text into err after what; destroys e. */
static bool failed(rd_kafka_error_t *e, const char *what, cdc_kafka *k, cdc_buf *err)
{
    cdc_buf_printf(err, "%s on %s: %s", what, k->bootstrap, rd_kafka_error_string(e));
    if (k->last_error[0] && !strstr(rd_kafka_error_string(e), k->last_error))
        cdc_buf_printf(err, "; last error: %s", k->last_error);
    rd_kafka_error_destroy(e);
    return false;
}

bool cdc_producer_begin(cdc_producer *p, const cdc_kafka_settings *s, const char *default_bootstrap,
                        const char *transactional_id, int timeout_ms, cdc_buf *err)
{
    *p = (cdc_producer){0};
    char tx_timeout[32];
    snprintf(tx_timeout, sizeof tx_timeout, "%d", timeout_ms);
    const char *extra[] = {
        "partitioner",      "murmur2_random", "enable.idempotence",     "true",     "acks", "all",
        "transactional.id", transactional_id, "transaction.timeout.ms", tx_timeout, NULL};
    if (!cdc_kafka_open_producer(&p->k, s, default_bootstrap, extra, on_delivery, err))
        return false;
    rd_kafka_error_t *e = rd_kafka_init_transactions(p->k.rk, p->k.timeout_ms);
    if (e)
        return failed(e, "starting a transaction", &p->k, err);
    e = rd_kafka_begin_transaction(p->k.rk);
    if (e)
        return failed(e, "beginning a transaction", &p->k, err);
    p->open = true;
    return true;
}

bool cdc_producer_send(cdc_producer *p, const char *topic, const cdc_record *r, cdc_buf *err)
{
    for (;;) {
        rd_kafka_headers_t *h = r->headers ? rd_kafka_headers_copy(r->headers) : NULL;
        rd_kafka_resp_err_t e = rd_kafka_producev(
            p->k.rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(RD_KAFKA_PARTITION_UA),
            RD_KAFKA_V_KEY(r->key, r->key_len), RD_KAFKA_V_VALUE((void *)r->value, r->value_len),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_TIMESTAMP(r->timestamp >= 0 ? r->timestamp : 0), RD_KAFKA_V_HEADERS(h),
            RD_KAFKA_V_OPAQUE(p), RD_KAFKA_V_END);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR) {
            p->sent++;
            rd_kafka_poll(p->k.rk, 0);
            return true;
        }
        if (h)
            rd_kafka_headers_destroy(h); /* kept by producev only when it succeeds */
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            cdc_buf_printf(err, "producing to %s on %s: %s", topic, p->k.bootstrap,
                           rd_kafka_err2str(e));
            return false;
        }
        rd_kafka_poll(p->k.rk, 100); /* the queue drains as reports come */
    }
}

bool cdc_producer_commit(cdc_producer *p, cdc_buf *err)
{
    if (!p->open)
        return false;
    /* commit_transaction flushes too; flushing first lets a failed
     * delivery abort the transaction rather than commit the rest */
    rd_kafka_resp_err_t fe = rd_kafka_flush(p->k.rk, p->k.timeout_ms);
    if (fe || p->failed || p->delivered != p->sent) {
        if (p->failed)
            cdc_buf_printf(err, "%lu of %lu records not delivered; the first: %s", p->failed,
                           p->sent, p->first_error);
        else
            cdc_buf_printf(err, "%lu of %lu records not delivered within %g s (--timeout)",
                           p->sent - p->delivered, p->sent, p->k.timeout_ms / 1000.0);
        if (p->k.last_error[0])
            cdc_buf_printf(err, "; last error: %s", p->k.last_error);
        return false;
    }
    rd_kafka_error_t *e = rd_kafka_commit_transaction(p->k.rk, p->k.timeout_ms);
    if (e)
        return failed(e, "committing the transaction", &p->k, err);
    p->open = false;
    return true;
}

void cdc_producer_close(cdc_producer *p)
{
    if (p->open && p->k.rk) {
        rd_kafka_error_t *e = rd_kafka_abort_transaction(p->k.rk, p->k.timeout_ms);
        if (e)
            rd_kafka_error_destroy(e);
    }
    p->open = false;
    if (p->k.rk || p->k.bootstrap)
        cdc_kafka_close(&p->k);
}

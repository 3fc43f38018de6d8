/* live/kafka.c: the Kafka client of the commands that talk to a cluster.
 *
 * One librdkafka producer handle per run; the admin API runs on it. The
 * settings are layered (kafka.h says in which order) so that the usual
 * places a deploy job keeps them all work: the project's bootstrap servers,
 * the seed system's environment variables, a librdkafka properties file,
 * -X on the command line. librdkafka's own log is off (log_level 0; -X
 * log_level=7 -X debug=... turn it on): its errors reach the error
 * callback, which keeps the last one for the message a failed run ends
 * with, and notes when every broker is down, so that a refused connection
 * ends the run at once instead of at the timeout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cdcgen/live/kafka.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"

void cdc_kafka_settings_add(cdc_kafka_settings *s, const char *prop)
{
    if (s->nprops == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->props = xrealloc(s->props, s->cap * sizeof *s->props);
    }
    s->props[s->nprops++] = prop;
}

void cdc_kafka_settings_release(cdc_kafka_settings *s)
{
    free(s->props);
    s->props = NULL;
    s->nprops = s->cap = 0;
}

bool cdc_kafka_is_secret(const char *key)
{
    static const char *const marks[] = {"password", "secret", "key.pem", "oauthbearer.config",
                                        "jaas"};
    for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
        if (strstr(key, marks[i]))
            return true;
    return false;
}

/* ---- building the configuration ---- */

/* Sets key=value in conf; false with the reason in err, which names where
 * the setting came from and shows no secret. */
static bool set(rd_kafka_conf_t *conf, const char *key, const char *value, const char *origin,
                cdc_buf *err)
{
    char why[512];
    rd_kafka_conf_res_t res = rd_kafka_conf_set(conf, key, value, why, sizeof why);
    if (res == RD_KAFKA_CONF_OK)
        return true;
    if (res == RD_KAFKA_CONF_UNKNOWN)
        cdc_buf_printf(err, "%s: unknown librdkafka property '%s'", origin, key);
    else if (cdc_kafka_is_secret(key))
        cdc_buf_printf(err, "%s: librdkafka refuses the value of '%s' (a secret, not shown)",
                       origin, key);
    else
        cdc_buf_printf(err, "%s: %s", origin, why);
    return false;
}

/* "KEY=VALUE" into conf (spaces around both trimmed). */
static bool set_pair(rd_kafka_conf_t *conf, const char *pair, const char *origin, cdc_buf *err)
{
    const char *eq = strchr(pair, '=');
    if (!eq || eq == pair) {
        cdc_buf_printf(err, "%s: expected KEY=VALUE", origin);
        return false;
    }
    const char *k0 = pair, *k1 = eq, *v0 = eq + 1, *v1 = eq + strlen(eq);
    while (k0 < k1 && (*k0 == ' ' || *k0 == '\t'))
        k0++;
    while (k1 > k0 && (k1[-1] == ' ' || k1[-1] == '\t'))
        k1--;
    while (v0 < v1 && (*v0 == ' ' || *v0 == '\t'))
        v0++;
    while (v1 > v0 && (v1[-1] == ' ' || v1[-1] == '\t' || v1[-1] == '\r'))
        v1--;
    if (k0 == k1) {
        cdc_buf_printf(err, "%s: expected KEY=VALUE", origin);
        return false;
    }
    char *key = xstrdup(k0), *value = xstrdup(v0);
    key[k1 - k0] = '\0';
    value[v1 - v0] = '\0';
    bool ok = set(conf, key, value, origin, err);
    free(key);
    free(value);
    return ok;
}

/* A librdkafka properties file, as kcat -F reads one: KEY=VALUE lines,
 * blank lines and lines starting with '#' ignored. */
static bool set_file(rd_kafka_conf_t *conf, const char *path, cdc_buf *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cdc_buf_printf(err, "--kafka-config %s: %s", path, strerror(errno));
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    bool ok = true;
    cdc_buf origin = CDC_BUF_INIT;
    cdc_buf_init(&origin);
    while (ok && getline(&line, &cap, f) != -1) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        const char *p = line + strspn(line, " \t\r");
        if (!*p || *p == '#')
            continue;
        cdc_buf_reset(&origin);
        cdc_buf_printf(&origin, "%s:%u", path, lineno);
        ok = set_pair(conf, p, origin.data, err);
    }
    if (ok && ferror(f)) {
        cdc_buf_printf(err, "--kafka-config %s: %s", path, strerror(errno));
        ok = false;
    }
    free(line);
    cdc_buf_release(&origin);
    fclose(f);
    return ok;
}

/* KAFKA_API_KEY and KAFKA_API_SECRET, as the seed system's consumers took
 * them: SASL_SSL with the PLAIN mechanism (Confluent Cloud's API keys). */
static bool set_api_key(rd_kafka_conf_t *conf, cdc_buf *err)
{
    const char *key = getenv("KAFKA_API_KEY"), *secret = getenv("KAFKA_API_SECRET");
    bool has_key = key && *key, has_secret = secret && *secret;
    if (!has_key && !has_secret)
        return true;
    if (!has_key || !has_secret) {
        cdc_buf_printf(err, "%s is set but %s is not: set both (SASL_SSL with PLAIN) or neither",
                       has_key ? "KAFKA_API_KEY" : "KAFKA_API_SECRET",
                       has_key ? "KAFKA_API_SECRET" : "KAFKA_API_KEY");
        return false;
    }
    return set(conf, "security.protocol", "SASL_SSL", "KAFKA_API_KEY", err) &&
           set(conf, "sasl.mechanisms", "PLAIN", "KAFKA_API_KEY", err) &&
           set(conf, "sasl.username", key, "KAFKA_API_KEY", err) &&
           set(conf, "sasl.password", secret, "KAFKA_API_SECRET", err);
}

static void on_error(rd_kafka_t *rk, int code, const char *reason, void *opaque)
{
    (void)rk;
    cdc_kafka *k = opaque;
    /* "1/1 brokers are down" says less than the failure before it. */
    if (code != RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || !k->last_error[0])
        snprintf(k->last_error, sizeof k->last_error, "%s", reason);
    if (code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || code == RD_KAFKA_RESP_ERR__AUTHENTICATION ||
        code == RD_KAFKA_RESP_ERR__FATAL || code == RD_KAFKA_RESP_ERR__RESOLVE)
        k->down = true;
}

static bool configure(rd_kafka_conf_t *conf, const cdc_kafka_settings *s,
                      const char *default_bootstrap, cdc_buf *err)
{
    const char *env = getenv("KAFKA_BOOTSTRAP_SERVERS");
    if (default_bootstrap && *default_bootstrap &&
        !set(conf, "bootstrap.servers", default_bootstrap, "kafka.bootstrap_servers", err))
        return false;
    if (env && *env && !set(conf, "bootstrap.servers", env, "KAFKA_BOOTSTRAP_SERVERS", err))
        return false;
    if (!set(conf, "log_level", "0", "cdcgen", err) || !set_api_key(conf, err))
        return false;
    if (s->config_file && !set_file(conf, s->config_file, err))
        return false;
    for (size_t i = 0; i < s->nprops; i++)
        if (!set_pair(conf, s->props[i], "-X", err))
            return false;
    if (s->bootstrap_servers &&
        !set(conf, "bootstrap.servers", s->bootstrap_servers, "--bootstrap-servers", err))
        return false;
    return true;
}

/* A consumer whose every assignment starts at the partitions' first
 * records (consume --from-beginning), whatever its group committed. */
static void from_beginning(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    (void)opaque;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        for (int i = 0; i < parts->cnt; i++)
            parts->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
        rd_kafka_assign(rk, parts);
    } else {
        rd_kafka_commit(rk, NULL, 0);
        rd_kafka_assign(rk, NULL);
    }
}

/* Builds a handle of the given type; extra: cdcgen's own settings of the
 * handle (NULL-terminated key, value pairs), set over the user's. */
static bool open_handle(cdc_kafka *k, rd_kafka_type_t type, const cdc_kafka_settings *s,
                        const char *default_bootstrap, const char *const *extra,
                        cdc_kafka_delivery_fn delivered, cdc_buf *err)
{
    *k = (cdc_kafka){.timeout_ms = s->timeout_ms};
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    bool ok = configure(conf, s, default_bootstrap, err);
    for (size_t i = 0; ok && extra && extra[i]; i += 2)
        ok = set(conf, extra[i], extra[i + 1], "cdcgen", err);
    if (!ok) {
        rd_kafka_conf_destroy(conf);
        return false;
    }
    char servers[1024];
    size_t n = sizeof servers;
    if (rd_kafka_conf_get(conf, "bootstrap.servers", servers, &n) != RD_KAFKA_CONF_OK ||
        !*servers) {
        cdc_buf_puts(err, "no bootstrap servers: give --bootstrap-servers, set "
                          "KAFKA_BOOTSTRAP_SERVERS or kafka.bootstrap_servers in cdcgen.yaml");
        rd_kafka_conf_destroy(conf);
        return false;
    }
    k->bootstrap = xstrdup(servers);
    rd_kafka_conf_set_opaque(conf, k);
    rd_kafka_conf_set_error_cb(conf, on_error);
    if (delivered)
        rd_kafka_conf_set_dr_msg_cb(conf, delivered);
    if (type == RD_KAFKA_CONSUMER && extra && strcmp(extra[3], "beginning") == 0)
        rd_kafka_conf_set_rebalance_cb(conf, from_beginning);
    char why[512];
    k->rk = rd_kafka_new(type, conf, why, sizeof why);
    if (!k->rk) {
        /* rd_kafka_new keeps conf only when it succeeds; its reason is about
         * the configuration as a whole (a missing SSL file, a mechanism
         * this build lacks), never a value. */
        rd_kafka_conf_destroy(conf);
        cdc_buf_printf(err, "cannot start the Kafka client: %s", why);
        free(k->bootstrap);
        k->bootstrap = NULL;
        return false;
    }
    if (type == RD_KAFKA_CONSUMER)
        rd_kafka_poll_set_consumer(k->rk);
    return true;
}

bool cdc_kafka_open(cdc_kafka *k, const cdc_kafka_settings *s, const char *default_bootstrap,
                    cdc_buf *err)
{
    return open_handle(k, RD_KAFKA_PRODUCER, s, default_bootstrap, NULL, NULL, err);
}

bool cdc_kafka_open_consumer(cdc_kafka *k, const cdc_kafka_settings *s,
                             const char *default_bootstrap, const char *group_id,
                             const char *offset_reset, bool commits, cdc_buf *err)
{
    /* Without a group nothing is committed: a reader that assigns its
     * partitions itself (librdkafka's assign still wants a group id, which
     * it never joins or commits to). */
    const char *extra[] = {"enable.partition.eof", "true", "auto.offset.reset",
                           offset_reset ? offset_reset : "earliest", "enable.auto.offset.store",
                           "true",
                           /* 16 MiB of prefetched records, not 64: as fast
                            * here (make bench-audit), a third less memory */
                           "queued.max.messages.kbytes", "16384", "enable.auto.commit",
                           group_id && commits ? "true" : "false", "group.id",
                           group_id ? group_id : "cdcgen-reader", NULL};
    return open_handle(k, RD_KAFKA_CONSUMER, s, default_bootstrap, extra, NULL, err);
}

bool cdc_kafka_open_producer(cdc_kafka *k, const cdc_kafka_settings *s,
                             const char *default_bootstrap, const char *const *extra,
                             cdc_kafka_delivery_fn delivered, cdc_buf *err)
{
    return open_handle(k, RD_KAFKA_PRODUCER, s, default_bootstrap, extra, delivered, err);
}

void cdc_kafka_close(cdc_kafka *k)
{
    /* A consumer is closed by its user (rd_kafka_consumer_close, which
     * commits and leaves its group); one that only assigned partitions or
     * read a group's offsets has nothing to leave, and destroying it
     * without the close does not wait for a group coordinator. */
    if (k->rk && rd_kafka_type(k->rk) == RD_KAFKA_CONSUMER)
        rd_kafka_destroy_flags(k->rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    else if (k->rk)
        rd_kafka_destroy(k->rk);
    free(k->bootstrap);
    *k = (cdc_kafka){0};
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void no_broker(cdc_kafka *k, cdc_buf *err, bool timed_out)
{
    if (timed_out)
        cdc_buf_printf(err, "no Kafka broker answered at %s within %g s (--timeout)", k->bootstrap,
                       k->timeout_ms / 1000.0);
    else
        cdc_buf_printf(err, "no Kafka broker reachable at %s", k->bootstrap);
    if (k->last_error[0])
        cdc_buf_printf(err, "; last error: %s", k->last_error);
}

const rd_kafka_metadata_t *cdc_kafka_metadata(cdc_kafka *k, cdc_buf *err)
{
    int64_t deadline = now_ms() + k->timeout_ms;
    for (;;) {
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            no_broker(k, err, true);
            return NULL;
        }
        const rd_kafka_metadata_t *md = NULL;
        rd_kafka_resp_err_t e =
            rd_kafka_metadata(k->rk, 1, NULL, &md, left < 500 ? (int)left : 500);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR)
            return md;
        rd_kafka_poll(k->rk, 0); /* serves the error callback */
        if (k->down) {
            no_broker(k, err, false);
            return NULL;
        }
        if (e != RD_KAFKA_RESP_ERR__TIMED_OUT && e != RD_KAFKA_RESP_ERR__TRANSPORT) {
            cdc_buf_printf(err, "reading the cluster's metadata from %s: %s", k->bootstrap,
                           rd_kafka_err2str(e));
            return NULL;
        }
    }
}

rd_kafka_AdminOptions_t *cdc_kafka_admin_options(cdc_kafka *k, rd_kafka_admin_op_t op)
{
    rd_kafka_AdminOptions_t *o = rd_kafka_AdminOptions_new(k->rk, op);
    char why[256];
    rd_kafka_AdminOptions_set_request_timeout(o, k->timeout_ms, why, sizeof why);
    if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS || op == RD_KAFKA_ADMIN_OP_ALTERCONFIGS)
        rd_kafka_AdminOptions_set_operation_timeout(o, k->timeout_ms, why, sizeof why);
    return o;
}

rd_kafka_event_t *cdc_kafka_admin_wait(cdc_kafka *k, rd_kafka_queue_t *q, cdc_buf *err)
{
    /* librdkafka ends the request itself at the request timeout; the
     * margin only covers its bookkeeping. */
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, k->timeout_ms + 5000);
    rd_kafka_poll(k->rk, 0);
    if (!ev) {
        no_broker(k, err, true);
        return NULL;
    }
    if (rd_kafka_event_error(ev)) {
        cdc_buf_printf(err, "%s: %s", rd_kafka_event_name(ev), rd_kafka_event_error_string(ev));
        if (k->last_error[0])
            cdc_buf_printf(err, "; last error: %s", k->last_error);
        rd_kafka_event_destroy(ev);
        return NULL;
    }
    return ev;
}

int32_t cdc_kafka_partition_count(const rd_kafka_metadata_t *md, const char *topic)
{
    for (int i = 0; i < md->topic_cnt; i++)
        if (strcmp(md->topics[i].topic, topic) == 0)
            return md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR ? md->topics[i].partition_cnt
                                                                   : -1;
    return -1;
}

bool cdc_kafka_watermarks(cdc_kafka *k, const char *topic, int32_t partition, int64_t *low,
                          int64_t *high, cdc_buf *err)
{
    /* A topic just created has no leader for a moment: asked again until
     * the timeout. */
    int64_t deadline = now_ms() + k->timeout_ms;
    rd_kafka_resp_err_t e;
    for (;;) {
        int64_t left = deadline - now_ms();
        e = rd_kafka_query_watermark_offsets(k->rk, topic, partition, low, high,
                                             left > 0 ? (int)left : 1);
        bool transient = e == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION ||
                         e == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE ||
                         e == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                         e == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION;
        if (!transient || now_ms() + 200 >= deadline)
            break;
        struct timespec pause = {0, 200 * 1000000};
        nanosleep(&pause, NULL);
    }
    if (e == RD_KAFKA_RESP_ERR_NO_ERROR)
        return true;
    cdc_buf_printf(err, "reading the offsets of %s [%d] from %s: %s", topic, (int)partition,
                   k->bootstrap, rd_kafka_err2str(e));
    return false;
}

/* Takes the group's offsets out of the ListConsumerGroupOffsets result. */
static bool take_committed(rd_kafka_event_t *ev, const char *group, int64_t *offsets, int n,
                           cdc_buf *err)
{
    const rd_kafka_ListConsumerGroupOffsets_result_t *res =
        rd_kafka_event_ListConsumerGroupOffsets_result(ev);
    size_t ngroups = 0;
    const rd_kafka_group_result_t **groups =
        res ? rd_kafka_ListConsumerGroupOffsets_result_groups(res, &ngroups) : NULL;
    if (ngroups != 1) {
        cdc_buf_printf(err, "the cluster answered for %zu groups, not for '%s'", ngroups, group);
        return false;
    }
    const rd_kafka_error_t *gerr = rd_kafka_group_result_error(groups[0]);
    if (gerr) {
        cdc_buf_printf(err, "consumer group '%s': %s", group, rd_kafka_error_string(gerr));
        return false;
    }
    const rd_kafka_topic_partition_list_t *parts = rd_kafka_group_result_partitions(groups[0]);
    for (int i = 0; parts && i < parts->cnt; i++) {
        const rd_kafka_topic_partition_t *tp = &parts->elems[i];
        if (tp->err) {
            cdc_buf_printf(err, "consumer group '%s', partition %d: %s", group, (int)tp->partition,
                           rd_kafka_err2str(tp->err));
            return false;
        }
        if (tp->partition >= 0 && tp->partition < n && tp->offset >= 0)
            offsets[tp->partition] = tp->offset;
    }
    return true;
}

bool cdc_kafka_committed_offsets(cdc_kafka *k, const char *group, const char *topic,
                                 int64_t **offsets, int *npartitions, cdc_buf *err)
{
    *offsets = NULL;
    *npartitions = 0;
    const rd_kafka_metadata_t *md = cdc_kafka_metadata(k, err);
    if (!md)
        return false;
    int n = cdc_kafka_partition_count(md, topic);
    rd_kafka_metadata_destroy(md);
    if (n <= 0) {
        cdc_buf_printf(err, "topic '%s' does not exist on %s", topic, k->bootstrap);
        return false;
    }
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(n);
    for (int p = 0; p < n; p++)
        rd_kafka_topic_partition_list_add(parts, topic, p);
    rd_kafka_ListConsumerGroupOffsets_t *req = rd_kafka_ListConsumerGroupOffsets_new(group, parts);
    rd_kafka_topic_partition_list_destroy(parts);
    rd_kafka_AdminOptions_t *opts =
        cdc_kafka_admin_options(k, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
    rd_kafka_queue_t *q = rd_kafka_queue_new(k->rk);
    rd_kafka_ListConsumerGroupOffsets(k->rk, &req, 1, opts, q);
    rd_kafka_ListConsumerGroupOffsets_destroy(req);
    rd_kafka_AdminOptions_destroy(opts);
    rd_kafka_event_t *ev = cdc_kafka_admin_wait(k, q, err);
    int64_t *v = xcalloc((size_t)n, sizeof *v);
    for (int p = 0; p < n; p++)
        v[p] = -1;
    bool ok = ev && take_committed(ev, group, v, n, err);
    if (ev)
        rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(q);
    if (!ok) {
        free(v);
        return false;
    }
    *offsets = v;
    *npartitions = n;
    return true;
}

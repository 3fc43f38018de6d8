/* live/topics.c: the project's topics against a live cluster.
 *
 * The declared topics are the manifest the topics target writes
 * (topics.json): cdcgen topics compiles the filters and reads the manifest
 * it would write, or reads a manifest given to it, so the two can never
 * declare different topics. The cluster is read with one metadata request
 * (partitions and replicas of every topic) and DescribeConfigs of the
 * declared topics that exist. Apply creates what is missing with
 * CreateTopics, first validate_only (so that a topic the cluster would
 * refuse is reported with its reason before any is created), then for
 * real, batched by the metadata records each creation costs the KRaft
 * controller (a topic record, one per partition, one per config; the
 * controller refuses a single operation of more than 10,000 records), so
 * a thousand one-partition topics are one call. Configs are altered only
 * when asked: librdkafka 2.0 (Debian 12) has no IncrementalAlterConfigs,
 * and AlterConfigs replaces every config set on a topic, so the ones set
 * there are read first and sent back beside the new values; a topic whose
 * set configs include a sensitive one (its value hidden) is not altered.
 * Partition counts and replication factors are never changed: more
 * partitions move keys to other partitions (and so break per-key order),
 * fewer cannot be had, and replicas are a reassignment; both are reported. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cdcgen/live/topics.h"
#include "cdcgen/base/strmap.h"
#include "cdcgen/base/util.h"

/* Metadata records a CreateTopics call may cost (see above): half the
 * controller's limit. */
enum { BATCH_RECORDS = 5000, DESCRIBE_BATCH = 500 };

/* ================================ manifest ================================ */

/* A manifest's problem at topics[i]: false. */
static bool CDC_PRINTF(4, 5) bad(cdc_buf *err, const char *path, size_t i, const char *fmt, ...)
{
    cdc_buf_printf(err, "%s: topics[%zu]: ", path, i);
    va_list ap;
    va_start(ap, fmt);
    cdc_buf_vprintf(err, fmt, ap);
    va_end(ap);
    return false;
}

static bool topic_name_ok(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n <= 249 && cdc_topic_span(s) == n && strcmp(s, ".") != 0 &&
           strcmp(s, "..") != 0;
}

static bool read_topic(cdc_arena *a, json_t *t, const char *path, size_t i, cdc_topic_want *w,
                       cdc_buf *err)
{
    json_t *name = json_object_get(t, "name"), *parts = json_object_get(t, "partitions"),
           *rf = json_object_get(t, "replicationFactor"), *cfg = json_object_get(t, "config");
    if (!json_is_object(t))
        return bad(err, path, i, "%s", "not an object");
    if (!json_is_string(name) || !topic_name_ok(json_string_value(name)))
        return bad(err, path, i, "%s", "\"name\" must be a Kafka topic name");
    w->name = cdc_arena_strdup(a, json_string_value(name));
    if (!json_is_integer(parts) || json_integer_value(parts) < 1 ||
        json_integer_value(parts) > INT32_MAX)
        return bad(err, path, i, "\"partitions\" of %s must be a count of at least 1", w->name);
    if (!json_is_integer(rf) || json_integer_value(rf) < 1 || json_integer_value(rf) > INT16_MAX)
        return bad(err, path, i, "\"replicationFactor\" of %s must be between 1 and 32767",
                   w->name);
    w->partitions = (int32_t)json_integer_value(parts);
    w->replication_factor = (int32_t)json_integer_value(rf);
    if (cfg && !json_is_object(cfg))
        return bad(err, path, i, "\"config\" of %s must be an object of strings", w->name);
    w->nconfigs = cfg ? json_object_size(cfg) : 0;
    w->configs = cdc_arena_alloc(a, (w->nconfigs + 1) * sizeof *w->configs);
    const char *key;
    json_t *value;
    size_t k = 0;
    json_object_foreach(cfg, key, value)
    {
        if (!json_is_string(value))
            return bad(err, path, i, "\"config\" of %s must be an object of strings", w->name);
        w->configs[k++] = (cdc_topic_config){cdc_arena_strdup(a, key),
                                             cdc_arena_strdup(a, json_string_value(value))};
    }
    return true;
}

bool cdc_topics_read_manifest(cdc_arena *a, const char *text, size_t len, const char *path,
                              cdc_topic_set *out, cdc_buf *err)
{
    *out = (cdc_topic_set){0};
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        cdc_buf_printf(err, "%s:%d:%d: not a topic manifest: %s", path, jerr.line, jerr.column,
                       jerr.text);
        return false;
    }
    bool ok = false;
    json_t *version = json_object_get(root, "formatVersion"),
           *topics = json_object_get(root, "topics"),
           *bootstrap = json_object_get(root, "bootstrapServers");
    cdc_strmap seen;
    cdc_strmap_init(&seen);
    if (!json_is_object(root) || !json_is_array(topics)) {
        cdc_buf_printf(err,
                       "%s: not a topic manifest: no \"topics\" array (cdcgen generate -t "
                       "topics writes one)",
                       path);
        goto done;
    }
    if (version && (!json_is_integer(version) || json_integer_value(version) != 1)) {
        cdc_buf_printf(err, "%s: formatVersion must be 1, the version this cdcgen reads", path);
        goto done;
    }
    if (json_is_string(bootstrap))
        out->bootstrap_servers = cdc_arena_strdup(a, json_string_value(bootstrap));
    out->n = json_array_size(topics);
    out->v = cdc_arena_alloc(a, (out->n + 1) * sizeof *out->v);
    for (size_t i = 0; i < out->n; i++) {
        cdc_topic_want *w = &out->v[i];
        if (!read_topic(a, json_array_get(topics, i), path, i, w, err))
            goto done;
        if (cdc_strmap_put(&seen, w->name, strlen(w->name), w) != w) {
            bad(err, path, i, "topic %s is declared twice", w->name);
            goto done;
        }
    }
    ok = true;
done:
    cdc_strmap_release(&seen);
    json_decref(root);
    return ok;
}

/* ================================== plan ================================== */

/* A config's value as compared: cleanup.policy is a set ("compact,delete"
 * and "delete, compact" are one policy); other values as they are. */
static const char *normal(cdc_arena *a, const char *key, const char *value)
{
    if (!value || strcmp(key, "cleanup.policy") != 0 || !strchr(value, ','))
        return value;
    char *items[8];
    size_t n = 0;
    char *copy = cdc_arena_strdup(a, value);
    for (char *tok = strtok(copy, ", "); tok && n < ARRAY_SIZE(items); tok = strtok(NULL, ", "))
        items[n++] = tok;
    for (size_t i = 1; i < n; i++) /* a few items: insertion sort */
        for (size_t j = i; j > 0 && strcmp(items[j - 1], items[j]) > 0; j--) {
            char *t = items[j];
            items[j] = items[j - 1];
            items[j - 1] = t;
        }
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < n; i++)
        cdc_buf_printf(&b, "%s%s", i ? "," : "", items[i]);
    const char *s = cdc_arena_strdup(a, b.data);
    cdc_buf_release(&b);
    return s;
}

static void add_diff(cdc_arena *a, cdc_topic_entry *e, cdc_topic_diff d)
{
    e->diffs = cdc_arena_grow(a, e->diffs, e->ndiffs, sizeof *e->diffs);
    e->diffs[e->ndiffs++] = d;
}

static void compare_shape(cdc_arena *a, cdc_topic_entry *e, const rd_kafka_metadata_topic_t *t)
{
    const cdc_topic_want *w = e->want;
    e->exists = true;
    e->partitions = t->partition_cnt;
    e->replication_factor = t->partition_cnt > 0 ? t->partitions[0].replica_cnt : 0;
    if (e->partitions != w->partitions)
        add_diff(a, e,
                 (cdc_topic_diff){CDC_TOPIC_DIFF_PARTITIONS, NULL,
                                  cdc_arena_printf(a, "%" PRId32, e->partitions),
                                  cdc_arena_printf(a, "%" PRId32, w->partitions)});
    if (e->replication_factor != w->replication_factor)
        add_diff(a, e,
                 (cdc_topic_diff){CDC_TOPIC_DIFF_REPLICATION, NULL,
                                  cdc_arena_printf(a, "%" PRId32, e->replication_factor),
                                  cdc_arena_printf(a, "%" PRId32, w->replication_factor)});
}

/* One described topic: its set configs kept, its declared ones compared. */
static void compare_configs(cdc_arena *a, cdc_topic_entry *e, const rd_kafka_ConfigResource_t *r)
{
    size_t n;
    const rd_kafka_ConfigEntry_t **cs = rd_kafka_ConfigResource_configs(r, &n);
    for (size_t i = 0; i < n; i++) {
        if (rd_kafka_ConfigEntry_source(cs[i]) != RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG)
            continue;
        const char *v = rd_kafka_ConfigEntry_value(cs[i]);
        if (!v || rd_kafka_ConfigEntry_is_sensitive(cs[i])) {
            e->sensitive = true;
            continue;
        }
        e->dynamic = cdc_arena_grow(a, e->dynamic, e->ndynamic, sizeof *e->dynamic);
        e->dynamic[e->ndynamic++] = (cdc_topic_config){
            cdc_arena_strdup(a, rd_kafka_ConfigEntry_name(cs[i])), cdc_arena_strdup(a, v)};
    }
    const cdc_topic_want *w = e->want;
    for (size_t k = 0; k < w->nconfigs; k++) {
        const char *key = w->configs[k].key, *have = NULL;
        for (size_t i = 0; i < n && !have; i++)
            if (strcmp(rd_kafka_ConfigEntry_name(cs[i]), key) == 0)
                have = rd_kafka_ConfigEntry_value(cs[i]);
        const char *want = normal(a, key, w->configs[k].value), *got = normal(a, key, have);
        if (!got || strcmp(got, want) != 0)
            add_diff(a, e,
                     (cdc_topic_diff){CDC_TOPIC_DIFF_CONFIG, key,
                                      have ? cdc_arena_strdup(a, have) : NULL,
                                      w->configs[k].value});
    }
}

/* DescribeConfigs of the topics in batch[0..n). */
static bool describe(cdc_arena *a, cdc_kafka *k, cdc_topic_entry **batch, size_t n,
                     const cdc_strmap *by_name, cdc_buf *err)
{
    rd_kafka_ConfigResource_t **rs = xmalloc(n * sizeof *rs);
    for (size_t i = 0; i < n; i++)
        rs[i] = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, batch[i]->want->name);
    rd_kafka_queue_t *q = rd_kafka_queue_new(k->rk);
    rd_kafka_AdminOptions_t *o = cdc_kafka_admin_options(k, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
    rd_kafka_DescribeConfigs(k->rk, rs, n, o, q);
    rd_kafka_ConfigResource_destroy_array(rs, n);
    free(rs);
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_event_t *ev = cdc_kafka_admin_wait(k, q, err);
    bool ok = ev != NULL;
    if (ev) {
        size_t m;
        const rd_kafka_ConfigResource_t **res = rd_kafka_DescribeConfigs_result_resources(
            rd_kafka_event_DescribeConfigs_result(ev), &m);
        for (size_t i = 0; i < m && ok; i++) {
            const char *name = rd_kafka_ConfigResource_name(res[i]);
            cdc_topic_entry *e = cdc_strmap_get(by_name, name, strlen(name));
            if (!e)
                continue;
            if (rd_kafka_ConfigResource_error(res[i])) {
                cdc_buf_printf(err, "describing the configs of %s: %s", name,
                               rd_kafka_ConfigResource_error_string(res[i]));
                ok = false;
            } else {
                compare_configs(a, e, res[i]);
            }
        }
        rd_kafka_event_destroy(ev);
    }
    rd_kafka_queue_destroy(q);
    return ok;
}

bool cdc_topics_plan(cdc_arena *a, cdc_kafka *k, const cdc_topic_set *want, cdc_topic_plan *plan,
                     cdc_buf *err)
{
    *plan = (cdc_topic_plan){0};
    const rd_kafka_metadata_t *md = cdc_kafka_metadata(k, err);
    if (!md)
        return false;
    cdc_strmap cluster, by_name;
    cdc_strmap_init(&cluster);
    cdc_strmap_init(&by_name);
    for (int i = 0; i < md->topic_cnt; i++)
        if (md->topics[i].err != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
            cdc_strmap_put(&cluster, md->topics[i].topic, strlen(md->topics[i].topic),
                           &md->topics[i]);
    plan->n = want->n;
    plan->v = cdc_arena_alloc(a, (want->n + 1) * sizeof *plan->v);
    cdc_topic_entry **existing = xmalloc((want->n + 1) * sizeof *existing);
    size_t nexisting = 0;
    for (size_t i = 0; i < want->n; i++) {
        cdc_topic_entry *e = &plan->v[i];
        e->want = &want->v[i];
        const rd_kafka_metadata_topic_t *t =
            cdc_strmap_get(&cluster, e->want->name, strlen(e->want->name));
        cdc_strmap_put(&by_name, e->want->name, strlen(e->want->name), e);
        if (t) {
            compare_shape(a, e, t);
            existing[nexisting++] = e;
        }
    }
    bool ok = true;
    for (size_t i = 0; i < nexisting && ok; i += DESCRIBE_BATCH)
        ok = describe(a, k, existing + i,
                      nexisting - i < DESCRIBE_BATCH ? nexisting - i : DESCRIBE_BATCH, &by_name,
                      err);
    for (size_t i = 0; i < plan->n; i++) {
        plan->missing += !plan->v[i].exists;
        plan->differ += plan->v[i].ndiffs > 0;
    }
    free(existing);
    cdc_strmap_release(&cluster);
    cdc_strmap_release(&by_name);
    rd_kafka_metadata_destroy(md);
    return ok;
}

/* ================================= apply ================================== */

/* One CreateTopics request for the topics batch[0..n); validate: only
 * ask the cluster whether it would. Each refused topic gets its reason
 * (and CDC_TOPIC_FAILED); the others CDC_TOPIC_CREATED unless validate. */
static bool create(cdc_arena *a, cdc_kafka *k, cdc_topic_entry **batch, size_t n, bool validate,
                   cdc_buf *err)
{
    rd_kafka_NewTopic_t **ts = xmalloc(n * sizeof *ts);
    char why[512];
    for (size_t i = 0; i < n; i++) {
        const cdc_topic_want *w = batch[i]->want;
        ts[i] =
            rd_kafka_NewTopic_new(w->name, w->partitions, w->replication_factor, why, sizeof why);
        for (size_t c = 0; ts[i] && c < w->nconfigs; c++)
            rd_kafka_NewTopic_set_config(ts[i], w->configs[c].key, w->configs[c].value);
        if (!ts[i]) { /* the manifest reader's bounds are librdkafka's */
            cdc_buf_printf(err, "%s: %s", w->name, why);
            rd_kafka_NewTopic_destroy_array(ts, i);
            free(ts);
            return false;
        }
    }
    rd_kafka_queue_t *q = rd_kafka_queue_new(k->rk);
    rd_kafka_AdminOptions_t *o = cdc_kafka_admin_options(k, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    if (validate)
        rd_kafka_AdminOptions_set_validate_only(o, 1, why, sizeof why);
    rd_kafka_CreateTopics(k->rk, ts, n, o, q);
    rd_kafka_NewTopic_destroy_array(ts, n);
    free(ts);
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_event_t *ev = cdc_kafka_admin_wait(k, q, err);
    if (ev) {
        cdc_strmap by_name;
        cdc_strmap_init(&by_name);
        for (size_t i = 0; i < n; i++)
            cdc_strmap_put(&by_name, batch[i]->want->name, strlen(batch[i]->want->name), batch[i]);
        size_t m;
        const rd_kafka_topic_result_t **res =
            rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &m);
        for (size_t i = 0; i < m; i++) {
            const char *name = rd_kafka_topic_result_name(res[i]);
            cdc_topic_entry *e = cdc_strmap_get(&by_name, name, strlen(name));
            if (!e)
                continue;
            rd_kafka_resp_err_t code = rd_kafka_topic_result_error(res[i]);
            if (code) {
                const char *s = rd_kafka_topic_result_error_string(res[i]);
                e->action = CDC_TOPIC_FAILED;
                e->error = cdc_arena_printf(a, "%s%s%s", rd_kafka_err2name(code), s ? ": " : "",
                                            s ? s : "");
            } else if (!validate) {
                e->action = CDC_TOPIC_CREATED;
            }
        }
        cdc_strmap_release(&by_name);
        rd_kafka_event_destroy(ev);
    }
    rd_kafka_queue_destroy(q);
    return ev != NULL;
}

/* Every missing topic through create, in batches of at most BATCH_RECORDS
 * records (a topic alone may exceed it: one call of its own). */
static bool create_all(cdc_arena *a, cdc_kafka *k, cdc_topic_entry **missing, size_t n,
                       bool validate, size_t *calls, cdc_buf *err)
{
    size_t start = 0, records = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t cost = 0;
        if (i < n) {
            const cdc_topic_want *w = missing[i]->want;
            cost = 1 + (size_t)w->partitions + w->nconfigs;
        }
        if (i > start && (i == n || records + cost > BATCH_RECORDS)) {
            if (!create(a, k, missing + start, i - start, validate, err))
                return false;
            ++*calls;
            start = i;
            records = 0;
        }
        records += cost;
    }
    return true;
}

/* The declared value of key, when it differs on e. */
static const char *differing(const cdc_topic_entry *e, const char *key)
{
    for (size_t d = 0; d < e->ndiffs; d++)
        if (e->diffs[d].kind == CDC_TOPIC_DIFF_CONFIG && strcmp(e->diffs[d].key, key) == 0)
            return e->diffs[d].declared;
    return NULL;
}

/* AlterConfigs for the topics batch[0..n): each with its set configs and
 * the declared values of the ones that differ. */
static bool alter(cdc_arena *a, cdc_kafka *k, cdc_topic_entry **batch, size_t n, cdc_buf *err)
{
    rd_kafka_ConfigResource_t **rs = xmalloc(n * sizeof *rs);
    for (size_t i = 0; i < n; i++) {
        const cdc_topic_entry *e = batch[i];
        rs[i] = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, e->want->name);
        for (size_t c = 0; c < e->ndynamic; c++)
            if (!differing(e, e->dynamic[c].key))
                rd_kafka_ConfigResource_set_config(rs[i], e->dynamic[c].key, e->dynamic[c].value);
        for (size_t d = 0; d < e->ndiffs; d++)
            if (e->diffs[d].kind == CDC_TOPIC_DIFF_CONFIG)
                rd_kafka_ConfigResource_set_config(rs[i], e->diffs[d].key, e->diffs[d].declared);
    }
    rd_kafka_queue_t *q = rd_kafka_queue_new(k->rk);
    rd_kafka_AdminOptions_t *o = cdc_kafka_admin_options(k, RD_KAFKA_ADMIN_OP_ALTERCONFIGS);
    rd_kafka_AlterConfigs(k->rk, rs, n, o, q);
    rd_kafka_ConfigResource_destroy_array(rs, n);
    free(rs);
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_event_t *ev = cdc_kafka_admin_wait(k, q, err);
    if (ev) {
        size_t m;
        const rd_kafka_ConfigResource_t **res =
            rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(ev), &m);
        for (size_t i = 0; i < m; i++) {
            const char *name = rd_kafka_ConfigResource_name(res[i]);
            for (size_t j = 0; j < n; j++) {
                if (strcmp(batch[j]->want->name, name) != 0)
                    continue;
                if (rd_kafka_ConfigResource_error(res[i])) {
                    batch[j]->action = CDC_TOPIC_FAILED;
                    batch[j]->error = cdc_arena_printf(
                        a, "%s: %s", rd_kafka_err2name(rd_kafka_ConfigResource_error(res[i])),
                        rd_kafka_ConfigResource_error_string(res[i]));
                } else {
                    batch[j]->action = CDC_TOPIC_ALTERED;
                }
            }
        }
        rd_kafka_event_destroy(ev);
    }
    rd_kafka_queue_destroy(q);
    return ev != NULL;
}

static bool has_config_diff(const cdc_topic_entry *e)
{
    for (size_t d = 0; d < e->ndiffs; d++)
        if (e->diffs[d].kind == CDC_TOPIC_DIFF_CONFIG)
            return true;
    return false;
}

static bool alter_all(cdc_arena *a, cdc_kafka *k, cdc_topic_plan *plan, bool alter_configs,
                      cdc_buf *err)
{
    cdc_topic_entry **todo = xmalloc((plan->n + 1) * sizeof *todo);
    size_t n = 0;
    for (size_t i = 0; i < plan->n; i++) {
        cdc_topic_entry *e = &plan->v[i];
        if (!e->exists || !has_config_diff(e))
            continue;
        if (!alter_configs) {
            e->action = CDC_TOPIC_KEPT;
        } else if (e->sensitive) {
            e->action = CDC_TOPIC_FAILED;
            e->error = "a sensitive config is set on it, whose value AlterConfigs would erase: "
                       "set the declared values with kafka-configs.sh";
        } else {
            todo[n++] = e;
        }
    }
    bool ok = true;
    for (size_t i = 0; i < n && ok; i += DESCRIBE_BATCH)
        ok = alter(a, k, todo + i, n - i < DESCRIBE_BATCH ? n - i : DESCRIBE_BATCH, err);
    free(todo);
    return ok;
}

bool cdc_topics_apply(cdc_arena *a, cdc_kafka *k, cdc_topic_plan *plan, bool alter_configs,
                      cdc_buf *err)
{
    cdc_topic_entry **missing = xmalloc((plan->n + 1) * sizeof *missing);
    size_t n = 0;
    for (size_t i = 0; i < plan->n; i++)
        if (!plan->v[i].exists)
            missing[n++] = &plan->v[i];
    size_t validations = 0;
    bool ok = create_all(a, k, missing, n, true, &validations, err);
    bool refused = false;
    for (size_t i = 0; i < n; i++)
        refused |= missing[i]->action == CDC_TOPIC_FAILED;
    /* All or nothing: one refused topic and none is created. */
    if (ok && !refused)
        ok = create_all(a, k, missing, n, false, &plan->create_calls, err);
    free(missing);
    return ok && alter_all(a, k, plan, alter_configs, err);
}

size_t cdc_topics_left(const cdc_topic_plan *plan, bool applied)
{
    size_t left = 0;
    for (size_t i = 0; i < plan->n; i++) {
        const cdc_topic_entry *e = &plan->v[i];
        bool shape = false;
        for (size_t d = 0; d < e->ndiffs; d++)
            shape |= e->diffs[d].kind != CDC_TOPIC_DIFF_CONFIG;
        if (!applied)
            left += !e->exists || e->ndiffs > 0;
        else
            left += e->action == CDC_TOPIC_FAILED || e->action == CDC_TOPIC_KEPT || shape ||
                    (!e->exists && e->action != CDC_TOPIC_CREATED);
    }
    return left;
}

/* ================================= words ================================== */

void cdc_topic_describe_want(cdc_buf *b, const cdc_topic_want *w)
{
    cdc_buf_printf(b, "%d partition%s, replication factor %d", (int)w->partitions,
                   w->partitions == 1 ? "" : "s", (int)w->replication_factor);
    for (size_t c = 0; c < w->nconfigs; c++)
        cdc_buf_printf(b, ", %s=%s", w->configs[c].key, w->configs[c].value);
}

void cdc_topic_describe_diff(cdc_buf *b, const cdc_topic_diff *d, cdc_topic_action action)
{
    switch (d->kind) {
    case CDC_TOPIC_DIFF_PARTITIONS:
        cdc_buf_printf(b,
                       "%s partitions on the cluster, %s declared (never changed: more "
                       "partitions move keys)",
                       d->cluster, d->declared);
        return;
    case CDC_TOPIC_DIFF_REPLICATION:
        cdc_buf_printf(b,
                       "replication factor %s on the cluster, %s declared (never changed: "
                       "reassign replicas with Kafka's tools)",
                       d->cluster, d->declared);
        return;
    case CDC_TOPIC_DIFF_CONFIG:
        if (action == CDC_TOPIC_ALTERED)
            cdc_buf_printf(b, "%s set to %s (was %s)", d->key, d->declared,
                           d->cluster ? d->cluster : "unset");
        else
            cdc_buf_printf(b, "%s is %s on the cluster, %s declared%s", d->key,
                           d->cluster ? d->cluster : "unset", d->declared,
                           action == CDC_TOPIC_KEPT ? " (--alter-configs sets it)" : "");
        return;
    }
}

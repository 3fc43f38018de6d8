/* topics.c: the topics a project declares (its topics.json manifest)
 * against the topics of a live cluster: the plan (missing topics,
 * partition counts, replication factors and configs that differ) and its
 * application (missing topics created in batched CreateTopics calls,
 * differing configs altered only when asked; partition counts and
 * replication factors never changed). */
#ifndef CDCGEN_LIVE_TOPICS_H
#define CDCGEN_LIVE_TOPICS_H

#include <stdint.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/live/kafka.h"

/* A topic config: its Kafka name and value, as text. */
typedef struct cdc_topic_config {
    const char *key, *value;
} cdc_topic_config;

/* A topic as the manifest declares it. */
typedef struct cdc_topic_want {
    const char *name;
    int32_t partitions;
    int32_t replication_factor;
    cdc_topic_config *configs;
    size_t nconfigs;
} cdc_topic_want;

/* The manifest: every topic the project needs, in its order. */
typedef struct cdc_topic_set {
    const char *bootstrap_servers; /* "bootstrapServers", or NULL */
    cdc_topic_want *v;
    size_t n;
} cdc_topic_set;

typedef enum cdc_topic_diff_kind {
    CDC_TOPIC_DIFF_PARTITIONS,  /* never changed by apply: keys would move */
    CDC_TOPIC_DIFF_REPLICATION, /* never changed by apply: a reassignment */
    CDC_TOPIC_DIFF_CONFIG,      /* changed by apply --alter-configs */
} cdc_topic_diff_kind;

/* One difference of an existing topic: the cluster's value, the declared one. */
typedef struct cdc_topic_diff {
    cdc_topic_diff_kind kind;
    const char *key; /* a config's name; NULL for the others */
    const char *cluster, *declared;
} cdc_topic_diff;

typedef enum cdc_topic_action {
    CDC_TOPIC_NONE,    /* nothing done (plan, or nothing to do) */
    CDC_TOPIC_CREATED, /* apply created it */
    CDC_TOPIC_ALTERED, /* apply set its differing configs */
    CDC_TOPIC_KEPT,    /* its configs differ and were left (no --alter-configs) */
    CDC_TOPIC_FAILED,  /* the cluster refused what apply asked (error) */
} cdc_topic_action;

/* A declared topic and what the cluster holds. */
typedef struct cdc_topic_entry {
    const cdc_topic_want *want;
    bool exists;
    int32_t partitions, replication_factor; /* the cluster's, when it exists */
    cdc_topic_diff *diffs;
    size_t ndiffs;
    /* The configs set on the topic itself (source DYNAMIC_TOPIC_CONFIG):
     * AlterConfigs replaces them all, so apply sends them back with the
     * declared values. sensitive: one of them hides its value. */
    cdc_topic_config *dynamic;
    size_t ndynamic;
    bool sensitive;
    cdc_topic_action action;
    const char *error; /* CDC_TOPIC_FAILED: the cluster's reason */
} cdc_topic_entry;

typedef struct cdc_topic_plan {
    cdc_topic_entry *v; /* one per declared topic, in the manifest's order */
    size_t n;
    size_t missing, differ; /* topics to create; existing topics that differ */
    size_t create_calls;    /* apply: CreateTopics requests sent (validation excluded) */
} cdc_topic_plan;

/* Reads a topics.json manifest (text of len bytes, named path in messages)
 * into out (in a). false with the reason in err: not JSON, a formatVersion
 * other than 1, a topic without a valid name, partition count, replication
 * factor or config of strings, or a name twice. */
bool cdc_topics_read_manifest(cdc_arena *a, const char *text, size_t len, const char *path,
                              cdc_topic_set *out, cdc_buf *err);

/* Compares want with the cluster k reaches (metadata, then DescribeConfigs
 * of the declared topics that exist, in batches). false with the reason in
 * err when the cluster cannot be read. */
bool cdc_topics_plan(cdc_arena *a, cdc_kafka *k, const cdc_topic_set *want, cdc_topic_plan *plan,
                     cdc_buf *err);

/* Carries plan out: the missing topics are validated by the cluster
 * (CreateTopics with validate_only) and, when every one passes, created,
 * a few thousand records per call; with alter_configs, the topics whose
 * configs differ get them set (AlterConfigs, their other topic configs
 * kept). Each entry's action says what happened. Idempotent: what exists
 * as declared is left alone. false with the reason in err when the cluster
 * stops answering; a refused topic is an entry with CDC_TOPIC_FAILED. */
bool cdc_topics_apply(cdc_arena *a, cdc_kafka *k, cdc_topic_plan *plan, bool alter_configs,
                      cdc_buf *err);

/* Topics whose difference remains: after plan (applied false), every
 * missing or differing one; after apply, those failed, kept, or with a
 * partition count or replication factor apply never changes. */
size_t cdc_topics_left(const cdc_topic_plan *plan, bool applied);

/* A declared topic in words: "1 partition, replication factor 1,
 * cleanup.policy=delete, ..." (appended to b). */
void cdc_topic_describe_want(cdc_buf *b, const cdc_topic_want *w);
/* One difference in words, as the topic's action left it (appended to b). */
void cdc_topic_describe_diff(cdc_buf *b, const cdc_topic_diff *d, cdc_topic_action action);

#endif

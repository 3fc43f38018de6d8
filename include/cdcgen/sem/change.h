/* change.c: what changed between two versions of a project, classified:
 * the filters (matched by id: removed, added, disabled, re-enabled, topic,
 * consumer, and the routing of every changed condition, decided by
 * routediff.c) and the keys of cdcgen.yaml (each with what it does to the
 * running pipeline). `cdcgen diff` reports the list; `cdcgen rollout` and
 * `cdcgen backfill` build their plan and jobs on it, so all three agree
 * on what a change is. */
#ifndef CDCGEN_SEM_CHANGE_H
#define CDCGEN_SEM_CHANGE_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/sem/routediff.h"

typedef enum cdc_change_kind {
    CDC_CHANGE_REMOVED,   /* a filter of the base is gone */
    CDC_CHANGE_ADDED,     /* a filter the base lacks */
    CDC_CHANGE_DISABLED,  /* generated before, not now (enabled, status) */
    CDC_CHANGE_REENABLED, /* generated now, not before */
    CDC_CHANGE_TOPIC,     /* outputTopic changed: from, to */
    CDC_CHANGE_CONSUMER,  /* consumerId changed: from, to */
    CDC_CHANGE_ROUTING,   /* conditions changed: route says how */
    CDC_CHANGE_CONFIG,    /* a key of cdcgen.yaml changed: key, from, to, effect */
    CDC_CHANGE__COUNT
} cdc_change_kind;

/* What a changed key of cdcgen.yaml does to the running pipeline. */
typedef enum cdc_config_effect {
    CDC_EFFECT_TOPICS,         /* a topic suffix: every filtered topic of its processors moves */
    CDC_EFFECT_SOURCE,         /* the source topic: routing restarts on another topic */
    CDC_EFFECT_GROUP,          /* a consumer group (Flink group id, Streams application.id):
                           * routing restarts from another group's offsets */
    CDC_EFFECT_PROCESSOR,      /* a processor setting (bootstrap servers, checkpoints, layout,
                           * source format, dead-letter topic): a restart */
    CDC_EFFECT_CONNECTOR,      /* the database or connector settings: the connector's config */
    CDC_EFFECT_TOPIC_SETTINGS, /* how topics are created (partitions, retention, ...) */
    CDC_EFFECT_OUTPUTS,        /* what is generated (targets, schema), nothing that runs */
    CDC_EFFECT__COUNT
} cdc_config_effect;

/* Engines a change reaches, as bits of cdc_change.engines. */
enum cdc_engine_bits {
    CDC_ENGINE_BIT_FLINK = 1u << 0,     /* Apache Flink (flink target) */
    CDC_ENGINE_BIT_CONFLUENT = 1u << 1, /* Confluent Cloud Flink (confluent target) */
    CDC_ENGINE_BIT_KSTREAMS = 1u << 2,  /* Kafka Streams (kstreams target) */
    CDC_ENGINE_BIT_CONNECT = 1u << 3,   /* Kafka Connect (connect-* targets) */
    CDC_ENGINE_BIT_TOPICS = 1u << 4,    /* the topics (topics targets) */
};

typedef struct cdc_change {
    cdc_change_kind kind;
    const cdc_filter *base, *head; /* the filter in each version, either may be NULL
                                    * (both NULL for CDC_CHANGE_CONFIG) */
    const char *from, *to;         /* TOPIC, CONSUMER; CONFIG: the values as text */
    cdc_route_diff route;          /* ROUTING */
    /* CDC_CHANGE_CONFIG: */
    const char *key;          /* its dotted path: "topics.flink_suffix" */
    cdc_config_effect effect; /* what it does */
    const cdc_source *src;    /* where the key is written: the change's cdcgen.yaml, else
                               * the base's (a key removed), else NULL (neither file) */
    cdc_pos pos;              /* the key's position in src */
    unsigned engines;         /* cdc_engine_bits it reaches */
    bool breaking;            /* breaks a consumer (diff's exit status 1) */
    const char *allowed_by;   /* NULL, or what allowed the breaking change */
} cdc_change;

typedef struct cdc_changes {
    cdc_change *v; /* heap array */
    size_t n, cap;
} cdc_changes;

/* One version's cdcgen.yaml as text, for locating its keys: src NULL and
 * root NULL when the version has none (defaults). */
typedef struct cdc_config_text {
    const cdc_source *src;
    const cdc_ynode *root;
} cdc_config_text;

/* Appends the changes of the filters: base (program bp) against head (hp),
 * both checked. Witness events of routing changes are new references,
 * released by cdc_changes_release. */
void cdc_changes_compare_filters(cdc_arena *a, const cdc_program *bp, const cdc_program *hp,
                                 cdc_changes *out);
/* Appends a change for every key of cdcgen.yaml (the table of keys.c) whose
 * value differs between bc and hc, located in the file that holds it. */
void cdc_changes_compare_config(cdc_arena *a, const cdc_config *bc, const cdc_config_text *bt,
                                const cdc_config *hc, const cdc_config_text *ht, cdc_changes *out);
void cdc_changes_release(cdc_changes *C);

/* The filter a filter change is about, as the change has it if it still
 * has it; NULL for a config change. */
const cdc_filter *cdc_change_subject(const cdc_change *c);
/* One line of words about the change (no witness, no position). */
void cdc_change_describe(const cdc_change *c, cdc_buf *out);
/* "removed", "added", "disabled", "re-enabled", "topic", "consumer",
 * "routing", "config" */
const char *cdc_change_kind_name(cdc_change_kind k);
/* "topics", "source", "group", "processor", "connector", "topic-settings",
 * "outputs" */
const char *cdc_config_effect_name(cdc_config_effect e);

#endif

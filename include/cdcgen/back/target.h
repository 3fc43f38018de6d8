/* The targets cdcgen writes, in one table: name, file in generated/, which
 * topic suffix the target appends to a filter's outputTopic, and the back
 * end that writes it. config.c reads the names, check.c the suffixes,
 * `generate` the files and back ends; `cdcgen --list-targets` prints the
 * table so the tests can hold the man page to it. Adding a target is adding
 * a row (and a value of cdc_target). */
#ifndef CDCGEN_BACK_TARGET_H
#define CDCGEN_BACK_TARGET_H

#include "cdcgen/base/common.h"

#include <stdbool.h>

struct cdc_program;
struct cdc_config;
struct cdc_buf;

/* Back ends, in the order `generate` writes them. */
typedef enum cdc_target {
    CDC_TARGET_FLINK,             /* Apache Flink SQL */
    CDC_TARGET_CONFLUENT,         /* Confluent Cloud Flink SQL */
    CDC_TARGET_KSTREAMS,          /* Kafka Streams topology JSON */
    CDC_TARGET_CONNECT_DEBEZIUM,  /* Kafka Connect body, Debezium PostgresConnector */
    CDC_TARGET_CONNECT_CONFLUENT, /* Confluent Cloud PostgresCdcSourceV2 config */
    CDC_TARGET_TOPICS,            /* topic manifest JSON */
    CDC_TARGET_TOPICS_SCRIPT,     /* idempotent topic creation script */
    CDC_TARGET_JSON_SCHEMA,       /* JSON Schema of every topic's values */
    CDC_TARGET_AVRO,              /* Avro schema of every topic's values */
    CDC_TARGET_POSTGRES,          /* the source database's setup SQL */
    CDC_TARGET__COUNT
} cdc_target;

/* Which configured suffix a target appends to outputTopic for the topic a
 * filter writes (config.h: topics.flink_suffix, topics.streams_suffix). */
typedef enum cdc_topic_suffix {
    CDC_SUFFIX_NONE,    /* the target writes no per-filter topic */
    CDC_SUFFIX_FLINK,   /* the SQL targets */
    CDC_SUFFIX_STREAMS, /* Kafka Streams */
} cdc_topic_suffix;

/* A back end: writes one complete artifact from a checked program; cannot fail. */
typedef void (*cdc_emit_fn)(const struct cdc_program *p, const struct cdc_config *cfg,
                            struct cdc_buf *out);

typedef struct cdc_target_info {
    const char *name;        /* "flink", "connect-debezium" */
    const char *file;        /* "flink.sql": its file in generated/ */
    cdc_topic_suffix suffix; /* the suffix of the topics its filters write */
    bool lists_topics;       /* names the topics of every suffix (the topics
                              * targets): check holds them unique whenever it
                              * is written, as if those targets were */
    cdc_emit_fn emit;
} cdc_target_info;

const cdc_target_info *cdc_target_get(cdc_target t);
const char *cdc_target_name(cdc_target t);
const char *cdc_target_filename(cdc_target t);
bool cdc_target_parse(const char *name, cdc_target *t);
/* "flink, confluent, ..., topics-script": every name, for messages. */
const char *cdc_target_list(void);

#endif

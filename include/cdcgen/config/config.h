/* config.c: project settings from cdcgen.yaml (libcyaml), with defaults
 * that match the seed system when there is no file. */
#ifndef CDCGEN_CONFIG_CONFIG_H
#define CDCGEN_CONFIG_CONFIG_H

#include <cyaml/cyaml.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"

/* How a topic is created (topics, topics-script targets). */
typedef struct cdc_topic_settings {
    int64_t partitions;         /* >= 1 */
    int64_t replication_factor; /* 1 .. 32767 */
    int64_t retention_ms;       /* retention.ms: -1 (forever) or >= 0 */
    const char *cleanup_policy; /* cleanup.policy: "delete", "compact" or "compact,delete" */
} cdc_topic_settings;

typedef struct cdc_config {
    const char *path;                /* file it came from, NULL for defaults */
    unsigned targets;                /* bit (1u << cdc_target) per target written */
    const char *source_topic;        /* "raw-event-headers" */
    const char *bootstrap_servers;   /* "localhost:9092" */
    const char *group_id;            /* the Flink source's consumer group */
    const char *checkpoint_interval; /* Flink checkpoints: offsets commit on each */
    const char *flink_suffix;        /* "-flink": appended to outputTopic by SQL targets */
    const char *streams_suffix;      /* "-spring": appended by the kstreams target */
    const char *application_id;      /* Kafka Streams application.id */
    const char *source_format;       /* "json" or "json-sr" (Schema Registry framed) */
    const char *dead_letter_topic;   /* Streams' topic for unreadable records; "" for none */
    /* database and connectors */
    const char *db_hostname, *db_port, *db_name, *db_user;
    const char *db_password; /* a config-provider reference, never a literal */
    const char *db_sslmode;
    const char *topic_prefix; /* Debezium topic.prefix */
    const char *slot_name, *publication_name;
    const char *debezium_connector_name, *confluent_connector_name;
    const char *kafka_api_key, *kafka_api_secret; /* references, never literals */
    cdc_topic_settings source_topic_settings;     /* kafka.source_topic */
    cdc_topic_settings filtered_topic_settings;   /* every filter's output topic */
    cdc_suppression *suppress;                    /* suppress: warnings turned off project-wide */
    size_t nsuppress;
} cdc_config;

/* Fills c with the defaults. */
void cdc_config_defaults(cdc_config *c);
/* Loads path over the defaults; reports problems into d. false on error. */
bool cdc_config_load(cdc_config *c, cdc_arena *a, const char *path, cdc_diags *d);
/* Looks for cdcgen.yaml in the working directory and its parents. Returns an
 * arena copy of the path, or NULL if there is none. */
const char *cdc_config_find(cdc_arena *a);
/* True if s is a config-provider reference such as ${env:NAME} or ${file:PATH:KEY}. */
bool cdc_config_is_secret_ref(const char *s);
/* config.c's libcyaml schema of the whole file: the one list of its keys
 * (grammar/config.schema.json, for editors, is checked against it by the
 * unit tests). */
const cyaml_schema_value_t *cdc_config_file_schema(void);

#endif

/* keys.c: the keys of cdcgen.yaml in one table, and the settings they fill.
 *
 * A row per key: its dotted path, its kind, the cdc_config field it fills,
 * its default, the rule its value follows, whether it is a secret, whether
 * text also takes a plain number, and its documentation. The defaults
 * (config.c), the shape check (shape.c), the value rules (values.c) and the
 * unit test that holds grammar/config.schema.json, cdcgen.example.yaml and
 * man/cdcgen.1 to the table all read it: a key is added by adding its
 * cdc_config field and its row. */
#ifndef CDCGEN_CONFIG_KEYS_H
#define CDCGEN_CONFIG_KEYS_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/load.h"

/* How a topic is created (topics, topics-script targets). */
typedef struct cdc_topic_settings {
    int64_t partitions;         /* >= 1 */
    int64_t replication_factor; /* 1 .. 32767 */
    int64_t retention_ms;       /* retention.ms: -1 (forever) or >= 0 */
    const char *cleanup_policy; /* cleanup.policy: "delete", "compact" or "compact,delete" */
} cdc_topic_settings;

/* The project settings: the defaults, then what cdcgen.yaml sets. */
typedef struct cdc_config {
    const char *path;                /* file it came from, NULL for defaults */
    unsigned targets;                /* bit (1u << cdc_target) per target written */
    const char *schema_path;         /* the table's schema file, relative to cdcgen.yaml */
    const char *source_topic;        /* "raw-event-headers" */
    const char *bootstrap_servers;   /* "localhost:9092" */
    const char *group_id;            /* the Flink source's consumer group */
    const char *checkpoint_interval; /* Flink checkpoints: offsets commit on each */
    const char *flink_layout;        /* "per-filter", "fan-out" or "auto" */
    const char *flink_rest_url;      /* Flink's REST API (rollout --cluster); "" for none */
    const char *savepoint_dir;       /* where rollout --cluster --apply stops the job to */
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
    const char *connect_url; /* Kafka Connect's REST API (rollout --cluster); "" for none */
    const char *kafka_api_key, *kafka_api_secret; /* references, never literals */
    cdc_topic_settings source_topic_settings;     /* kafka.source_topic */
    cdc_topic_settings filtered_topic_settings;   /* every filter's output topic */
    cdc_suppression *suppress;                    /* suppress: warnings turned off project-wide */
    size_t nsuppress;
} cdc_config;

typedef enum cdc_key_kind {
    CDC_KEY_TEXT,    /* a scalar read as text: a const char * field */
    CDC_KEY_NUMBER,  /* a whole number: an int64_t field */
    CDC_KEY_BOOLEAN, /* true or false: a bool field */
    CDC_KEY_LIST,    /* a list of words or of mappings, read by the row's fill */
    CDC_KEY_MAPPING, /* a section: its keys are the rows whose path continues its own */
} cdc_key_kind;

/* A value rule: NULL when v follows it, else what v must be, as the end of
 * a message about the key ("must be a port number from 1 to 65535, ..."). */
typedef const char *(*cdc_text_rule)(const char *v);
typedef const char *(*cdc_number_rule)(int64_t v);

/* Reads a list key into c: list holds the items that have their shape
 * (shape.c reported the others), located in src. Reports each item its
 * rule refuses; false then. */
typedef bool (*cdc_list_fill)(cdc_config *c, cdc_arena *a, const cdc_ynode *list,
                              const cdc_source *src, cdc_diags *d);

/* The field of a section, or of a key inside a list's entries, which fill none. */
#define CDC_KEY_NO_FIELD SIZE_MAX

typedef struct cdc_config_key {
    /* "kafka.source_topic"; the keys of a list's entries are under
     * "<list>[]" ("suppress[].rule"). Diagnostics name keys this way. */
    const char *path;
    cdc_key_kind kind;
    size_t field;      /* offsetof(cdc_config, ...), or CDC_KEY_NO_FIELD */
    bool required;     /* must be given (keys of a list's entries); others are optional */
    bool secret;       /* must be a config-provider reference; named, never located */
    bool takes_number; /* text that may also be written as a plain integer (a port) */
    /* text and number keys */
    const char *text_default;
    int64_t number_default;
    bool boolean_default;
    cdc_text_rule text_rule; /* NULL: any text */
    cdc_number_rule number_rule;
    /* list keys */
    size_t min_items;
    cdc_key_kind item;                  /* CDC_KEY_TEXT (non-empty words) or CDC_KEY_MAPPING */
    cdc_list_fill fill;                 /* reads the list into c */
    void (*set_default)(cdc_config *c); /* NULL: the default is the empty list */
    /* grammar/config.schema.json's description of the key (for editors) */
    const char *doc;
} cdc_config_key;

/* The table, in the order the file's keys are listed (a section before its
 * keys, each section's keys in the order diagnostics list them). */
const cdc_config_key *cdc_config_keys(size_t *n);
/* The row of a dotted path, or NULL. */
const cdc_config_key *cdc_config_key_find(const char *path);
/* Whether row is one of the keys directly under parent ("" for the top
 * level, "suppress[]" for a list's entries). */
bool cdc_config_key_is_child(const cdc_config_key *row, const char *parent);
/* True if s is a config-provider reference such as ${env:NAME} or ${file:PATH:KEY}. */
bool cdc_config_is_secret_ref(const char *s);

#endif

/* config/keys.c: every key of cdcgen.yaml, one row each, with the rules
 * their values follow.
 *
 * Consumes nothing; produces the table that config.c (defaults), shape.c
 * (the file's shape) and values.c (each value against its rule) read, and
 * that tests/unit/test_config.c holds grammar/config.schema.json,
 * cdcgen.example.yaml and man/cdcgen.1 to.
 *
 * Why one table: a key listed in several places (a loader's schema, the
 * copy into the settings, the rules, the defaults) drifts as soon as one of
 * them is missed. Here a key is its row, and everything else is derived.
 *
 * Why the rules: every value ends up in a generated artifact that a real
 * engine reads (a topic name, a replication slot, a connector name, a REST
 * URL), and the back ends take the config as valid. An empty source topic,
 * a port of "http" or a slot name PostgreSQL refuses is a config error,
 * not a crash in a back end or a connector that fails at deploy time. */
#include <stddef.h>
#include <string.h>

#include "cdcgen/config/keys.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/sem/suppress.h"

enum {
    TOPIC_MAX = 249,  /* Kafka's limit on topic names */
    PG_NAME_MAX = 63, /* PostgreSQL's identifier limit (NAMEDATALEN - 1) */
    HOST_MAX = 253,   /* DNS name limit */
    TEXT_MAX = 1024,  /* any other value */
};

bool cdc_config_is_secret_ref(const char *s)
{
    /* ${provider:key} or ${provider:path:key}: provider is a word, the rest non-empty. */
    if (strncmp(s, "${", 2) != 0)
        return false;
    s += 2;
    size_t word = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");
    if (word == 0 || s[word] != ':')
        return false;
    s += word + 1;
    size_t rest = strcspn(s, "}");
    return rest > 0 && s[rest] == '}' && s[rest + 1] == '\0';
}

/* ---- what values are made of ---- */

static const char topic_chars[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";

/* Bytes below 0x20 and DEL: never part of a value an engine reads back. */
static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            return true;
    return false;
}

static bool all_of(const char *s, const char *set)
{
    return s[strspn(s, set)] == '\0';
}

static bool one_of(const char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, words[i]) == 0)
            return true;
    return false;
}

static bool valid_port(const char *s, size_t n)
{
    if (n == 0 || n > 5)
        return false;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    return v >= 1 && v <= 65535;
}

static bool valid_host(const char *s, size_t n)
{
    static const char host_chars[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_";
    if (n == 0 || n > HOST_MAX)
        return false;
    if (s[0] == '[') /* an IPv6 literal as Kafka writes it: [::1] */
        return n > 2 && s[n - 1] == ']' && strspn(s + 1, "0123456789abcdefABCDEF:.") == n - 2;
    return strspn(s, host_chars) == n;
}

/* host:port, comma-separated, as Kafka clients read bootstrap.servers. */
static bool valid_servers(const char *s)
{
    if (!*s)
        return false;
    for (;;) {
        size_t n = strcspn(s, ",");
        const char *colon = NULL;
        for (size_t i = 0; i < n; i++)
            if (s[i] == ':')
                colon = s + i;
        if (!colon || !valid_host(s, (size_t)(colon - s)) ||
            !valid_port(colon + 1, n - (size_t)(colon - s) - 1))
            return false;
        if (s[n] == '\0')
            return true;
        s += n + 1;
    }
}

/* ---- the rules of text values ---- */

static const char *topic_name(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > TOPIC_MAX || !all_of(v, topic_chars) || strcmp(v, ".") == 0 ||
        strcmp(v, "..") == 0)
        return "must be a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-', "
               "and not '.' or '..'";
    return NULL;
}

/* Empty (none), or a Kafka topic name. */
static const char *optional_topic_name(const char *v)
{
    return *v ? topic_name(v) : NULL;
}

/* Appended to topic names. */
static const char *topic_suffix(const char *v)
{
    if (strlen(v) >= TOPIC_MAX || !all_of(v, topic_chars))
        return "must be at most 248 letters, digits, '.', '_' or '-' (Kafka topic "
               "characters)";
    return NULL;
}

static const char *bootstrap_servers(const char *v)
{
    if (!valid_servers(v))
        return "must be host:port pairs separated by commas, such as "
               "'kafka-1:9092,kafka-2:9092'";
    return NULL;
}

/* A file path, relative to cdcgen.yaml's directory. */
static const char *file_path(const char *v)
{
    if (!*v || strlen(v) > TEXT_MAX || has_control(v))
        return "must be a file path: 1 to 1024 characters without control characters";
    return NULL;
}

/* A consumer group: empty (the engine picks one) or printable text. */
static const char *consumer_group(const char *v)
{
    if (strlen(v) > TEXT_MAX || has_control(v))
        return "must be at most 1024 characters without control characters";
    return NULL;
}

static const char *host_or_reference(const char *v)
{
    if (!cdc_config_is_secret_ref(v) && !valid_host(v, strlen(v)))
        return "must be a host name or address (letters, digits, '.', '-', '_', or "
               "[IPv6]), or a config-provider reference";
    return NULL;
}

static const char *port_or_reference(const char *v)
{
    if (!cdc_config_is_secret_ref(v) && !valid_port(v, strlen(v)))
        return "must be a port number from 1 to 65535, or a config-provider reference";
    return NULL;
}

/* A database or user name. */
static const char *pg_text_or_reference(const char *v)
{
    size_t n = strlen(v);
    if (!cdc_config_is_secret_ref(v) && (n == 0 || n > PG_NAME_MAX || has_control(v)))
        return "must be 1 to 63 bytes without control characters (a PostgreSQL name), "
               "or a config-provider reference";
    return NULL;
}

static const char *sslmode(const char *v)
{
    static const char *const modes[] = {"disable", "allow",     "prefer",
                                        "require", "verify-ca", "verify-full"};
    if (!one_of(v, modes, ARRAY_SIZE(modes)))
        return "must be one of disable, allow, prefer, require, verify-ca, verify-full";
    return NULL;
}

/* A replication slot or publication. */
static const char *pg_identifier(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > PG_NAME_MAX || !all_of(v, "abcdefghijklmnopqrstuvwxyz0123456789_") ||
        (v[0] >= '0' && v[0] <= '9'))
        return "must be 1 to 63 lowercase letters, digits or '_', not starting with a "
               "digit (a PostgreSQL replication slot or publication name)";
    return NULL;
}

/* A Kafka Connect connector name, used in REST paths. */
static const char *connector_name(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > TOPIC_MAX || !all_of(v, topic_chars))
        return "must be 1 to 249 letters, digits, '.', '_' or '-' (a Kafka Connect "
               "connector name, used in REST paths)";
    return NULL;
}

/* A REST API's address: empty (none), or an http:// or https:// URL
 * without user or password (those come from the environment). */
static const char *rest_url(const char *v)
{
    size_t n = strlen(v);
    if (n == 0)
        return NULL;
    const char *rest = strncmp(v, "http://", 7) == 0    ? v + 7
                       : strncmp(v, "https://", 8) == 0 ? v + 8
                                                        : NULL;
    size_t authority = rest ? strcspn(rest, "/?#") : 0;
    if (!rest || authority == 0 || n > TEXT_MAX || has_control(v) || strchr(v, ' ') ||
        memchr(rest, '@', authority))
        return "must be empty or an http:// or https:// URL without user or password, such "
               "as 'http://connect:8083' (credentials come from the environment)";
    return NULL;
}

/* Secrets: values.c reports a broken one as literal-secret, never located. */
static const char *secret_reference(const char *v)
{
    if (!cdc_config_is_secret_ref(v))
        return "must be a config-provider reference such as ${env:DB_PASSWORD} or "
               "${file:/etc/secrets.properties:key}, never the secret itself";
    return NULL;
}

static const char *source_format(const char *v)
{
    static const char *const formats[] = {"json", "json-sr"};
    if (!one_of(v, formats, ARRAY_SIZE(formats)))
        return "must be json or json-sr";
    return NULL;
}

static const char *flink_layout(const char *v)
{
    static const char *const layouts[] = {"per-filter", "fan-out", "auto"};
    if (!one_of(v, layouts, ARRAY_SIZE(layouts)))
        return "must be per-filter, fan-out or auto";
    return NULL;
}

/* A Flink duration as cdcgen writes it: 10s, 500ms, 1 min. */
static const char *duration(const char *v)
{
    size_t digits = strspn(v, "0123456789");
    const char *unit = v + digits + (v[digits] == ' ');
    static const char *const units[] = {"", "ms", "s", "min", "h", "d"};
    if (digits == 0 || v[0] == '0' || !one_of(unit, units, ARRAY_SIZE(units)))
        return "must be a positive whole number with an optional unit ms, s, min, h or d, "
               "such as 10s";
    return NULL;
}

static const char *cleanup_policy(const char *v)
{
    static const char *const policies[] = {"delete", "compact", "compact,delete"};
    if (!one_of(v, policies, ARRAY_SIZE(policies)))
        return "must be delete, compact or \"compact,delete\"";
    return NULL;
}

/* The filtered topics: a stream of every routed change, which compaction
 * would thin to each key's last record; and a table without a primary key
 * gives records without a key, which a compacted topic refuses. */
static const char *keyless_cleanup_policy(const char *v)
{
    const char *problem = cleanup_policy(v);
    if (!problem && strcmp(v, "delete") != 0)
        return "must be delete: a filtered topic holds every routed change, which "
               "compaction would thin to each key's last record (and a table without a "
               "primary key gives records without a key, which a compacted topic refuses)";
    return problem;
}

/* ---- the rules of numbers: what Kafka accepts for a new topic ---- */

static const char *partitions(int64_t v)
{
    return v < 1 || v > INT32_MAX ? "must be at least 1" : NULL;
}

static const char *replication_factor(int64_t v)
{
    return v < 1 || v > INT16_MAX ? "must be between 1 and 32767" : NULL;
}

static const char *retention_ms(int64_t v)
{
    return v < -1 ? "must be -1 (keep forever) or a number of milliseconds" : NULL;
}

/* ---- list keys ---- */

static void every_target(cdc_config *c)
{
    c->targets = (1u << CDC_TARGET__COUNT) - 1;
}

/* Each word names a target, each reported at its place. */
static bool fill_targets(cdc_config *c, cdc_arena *a, const cdc_ynode *list, const cdc_source *src,
                         cdc_diags *d)
{
    (void)a;
    const char *names[CDC_TARGET__COUNT];
    for (int t = 0; t < CDC_TARGET__COUNT; t++)
        names[t] = cdc_target_name((cdc_target)t);
    bool ok = true;
    c->targets = 0;
    for (size_t i = 0; i < list->n; i++) {
        const cdc_ynode *item = list->items[i];
        cdc_target t;
        if (cdc_target_parse(item->str, &t)) {
            c->targets |= 1u << t;
            continue;
        }
        const char *hint = cdc_suggest(item->str, names, CDC_TARGET__COUNT);
        if (hint)
            cdc_diag_error(d, src, item->pos, "config-value",
                           "unknown target '%s'; did you mean '%s'?", item->str, hint);
        else
            cdc_diag_error(d, src, item->pos, "config-value", "unknown target '%s' (%s)", item->str,
                           cdc_target_list());
        ok = false;
    }
    return ok;
}

/* The entries are read as a filter's are (suppress.c), as cdcgen.yaml's. */
static bool fill_suppress(cdc_config *c, cdc_arena *a, const cdc_ynode *list, const cdc_source *src,
                          cdc_diags *d)
{
    return cdc_suppress_parse(a, src, list, false, d, &c->suppress, &c->nsuppress);
}

/* ---- the table ---- */

#define FIELD(member) offsetof(cdc_config, member)
#define SECTION(path_, doc_)                                                                       \
    {                                                                                              \
        .path = path_, .kind = CDC_KEY_MAPPING, .field = CDC_KEY_NO_FIELD, .doc = doc_             \
    }
#define TEXT(path_, member, default_, rule_, doc_)                                                 \
    {                                                                                              \
        .path = path_, .kind = CDC_KEY_TEXT, .field = FIELD(member), .text_default = default_,     \
        .text_rule = rule_, .doc = doc_                                                            \
    }
#define SECRET(path_, member, default_, doc_)                                                      \
    {                                                                                              \
        .path = path_, .kind = CDC_KEY_TEXT, .field = FIELD(member), .secret = true,               \
        .text_default = default_, .text_rule = secret_reference, .doc = doc_                       \
    }
#define NUMBER(path_, member, default_, rule_, doc_)                                               \
    {                                                                                              \
        .path = path_, .kind = CDC_KEY_NUMBER, .field = FIELD(member), .number_default = default_, \
        .number_rule = rule_, .doc = doc_                                                          \
    }
/* A key of a list's entries: read by the list's fill, so it fills no field. */
#define ENTRY_TEXT(path_, doc_)                                                                    \
    {                                                                                              \
        .path = path_, .kind = CDC_KEY_TEXT, .field = CDC_KEY_NO_FIELD, .required = true,          \
        .doc = doc_                                                                                \
    }

/* Kafka's own broker defaults (num.partitions, default.replication.factor,
 * log.retention.hours=168, log.cleanup.policy). */
#define KAFKA_PARTITIONS 1
#define KAFKA_REPLICATION_FACTOR 1
#define KAFKA_RETENTION_MS 604800000
#define KAFKA_CLEANUP_POLICY "delete"

/* How the topics targets create a topic: the four keys of topics.source
 * and topics.filtered. */
#define TOPIC_SETTINGS(section, member, cleanup_rule)                                              \
    NUMBER(section ".partitions", member.partitions, KAFKA_PARTITIONS, partitions,                 \
           "Partitions of a new topic; an existing topic keeps its own."),                         \
        NUMBER(section ".replication_factor", member.replication_factor, KAFKA_REPLICATION_FACTOR, \
               replication_factor,                                                                 \
               "Replication factor of a new topic (Kafka's default is 1; production clusters "     \
               "want 3)."),                                                                        \
        NUMBER(section ".retention_ms", member.retention_ms, KAFKA_RETENTION_MS, retention_ms,     \
               "retention.ms: how long records are kept, in milliseconds; -1 keeps them "          \
               "forever."),                                                                        \
        TEXT(section ".cleanup_policy", member.cleanup_policy, KAFKA_CLEANUP_POLICY, cleanup_rule, \
             "cleanup.policy.")

static const cdc_config_key keys[] = {
    {.path = "targets",
     .kind = CDC_KEY_LIST,
     .field = FIELD(targets),
     .min_items = 1,
     .item = CDC_KEY_TEXT,
     .fill = fill_targets,
     .set_default = every_target,
     .doc = "The targets 'cdcgen generate' writes when no -t is given; at least one. Default: "
            "all ten."},

    TEXT("schema", schema_path, "schema.yaml", file_path,
         "The schema file of the captured table (its columns, types, value sets and JSON keys), "
         "relative to cdcgen.yaml's directory; --schema FILE overrides it. 'cdcgen init' writes "
         "one, 'cdcgen schema pull' writes one from the database."),

    SECTION("kafka", "The Kafka cluster and the source topic."),
    TEXT("kafka.bootstrap_servers", bootstrap_servers, "localhost:9092", bootstrap_servers,
         "The Kafka bootstrap servers (host:port, comma-separated) of the Flink tables and the "
         "Streams application."),
    TEXT("kafka.source_topic", source_topic, "raw-event-headers", topic_name,
         "The topic of change events: the connectors write it, Flink and Kafka Streams read it. "
         "A Kafka topic name: 1 to 249 letters, digits, '.', '_' and '-', not '.' or '..'."),
    /* Not the Streams application.id: that is Kafka Streams' consumer group. */
    TEXT("kafka.group_id", group_id, "cdcgen-router-flink", consumer_group,
         "The consumer group of the Flink source table. Must differ from streams.application_id, "
         "which is Kafka Streams' consumer group. Empty: the Flink source sets no group id."),

    SECTION("topics", "Suffixes appended to each filter's outputTopic, unless it already ends "
                      "with them, and how the topics targets create the topics."),
    TEXT("topics.flink_suffix", flink_suffix, "-flink", topic_suffix,
         "Appended to outputTopic by the SQL targets (flink, confluent). Letters, digits, '.', "
         "'_' and '-'."),
    TEXT("topics.streams_suffix", streams_suffix, "-spring", topic_suffix,
         "Appended to outputTopic by the kstreams target. Letters, digits, '.', '_' and '-'."),
    SECTION("topics.source",
            "How the topics targets create the source topic (kafka.source_topic)."),
    TOPIC_SETTINGS("topics.source", source_topic_settings, cleanup_policy),
    SECTION("topics.filtered",
            "How the topics targets create every filter's output topic. The cleanup policy must "
            "be delete: a filtered topic holds every routed change, which compaction would thin "
            "to each key's last record; records of a table without a primary key have no key, "
            "which a compacted topic refuses."),
    TOPIC_SETTINGS("topics.filtered", filtered_topic_settings, keyless_cleanup_policy),

    SECTION("streams", "The Kafka Streams application (kstreams target)."),
    TEXT("streams.application_id", application_id, "cdcgen-router", topic_name,
         "The Kafka Streams application.id, which is also its consumer group. Must differ from "
         "kafka.group_id. A Kafka topic name: 1 to 249 letters, digits, '.', '_' and '-' (it "
         "prefixes the application's internal topics)."),
    TEXT("streams.source_format", source_format, "json", source_format,
         "How the source topic's values are encoded: json (plain JSON, as Debezium's "
         "JsonConverter writes it) or json-sr (Schema Registry framing before the JSON, as "
         "Confluent Cloud's JSON_SR format writes it)."),
    TEXT("streams.dead_letter_topic", dead_letter_topic, "", optional_topic_name,
         "Topic the Streams runtime copies unreadable records to (besides logging, counting and "
         "skipping them); empty for none. A Kafka topic name: 1 to 249 letters, digits, '.', "
         "'_' and '-', not '.' or '..'."),

    SECTION("flink", "The Apache Flink job (flink target)."),
    TEXT("flink.checkpoint_interval", checkpoint_interval, "10s", duration,
         "execution.checkpointing.interval of the Flink job: the Kafka source commits its "
         "consumer group's offsets when a checkpoint completes, and a restarted job resumes "
         "from them."),
    TEXT("flink.layout", flink_layout, "auto", flink_layout,
         "How the flink and confluent targets route: per-filter (a sink table and an INSERT per "
         "filter, readable SQL), fan-out (one source read whole, a routing table function, one "
         "sink whose topic is each record's; memory and threads independent of the filter "
         "count), or auto (per-filter up to 20 generated filters, fan-out above)."),
    TEXT("flink.rest_url", flink_rest_url, "", rest_url,
         "The address of Flink's REST API (the JobManager's, such as http://flink:8081), where "
         "'cdcgen rollout --cluster' looks for the running job; empty: the job is not looked "
         "at. --flink-url overrides it; FLINK_REST_AUTH (user:password) is sent as basic "
         "auth."),
    TEXT("flink.savepoint_dir", savepoint_dir, "", consumer_group, /* any text, or empty */
         "Where 'cdcgen rollout --cluster --apply' stops the job with a savepoint (a directory "
         "URI the JobManager writes, such as s3://bucket/savepoints); empty: the cluster's "
         "state.savepoints.dir. --savepoint-dir overrides it."),

    SECTION("database",
            "The PostgreSQL database the connectors capture (table public.event_headers)."),
    TEXT("database.hostname", db_hostname, "localhost", host_or_reference,
         "Host name of the PostgreSQL server. A host name or address, or a config-provider "
         "reference."),
    {.path = "database.port",
     .kind = CDC_KEY_TEXT,
     .field = FIELD(db_port),
     .takes_number = true,
     .text_default = "5432",
     .text_rule = port_or_reference,
     .doc = "Port of the PostgreSQL server; written into the connector configs as a string. 1 "
            "to 65535, or a config-provider reference."},
    TEXT("database.dbname", db_name, "events", pg_text_or_reference,
         "The database name. 1 to 63 bytes without control characters, or a config-provider "
         "reference."),
    TEXT("database.user", db_user, "cdc", pg_text_or_reference,
         "The replication user. 1 to 63 bytes without control characters, or a config-provider "
         "reference."),
    SECRET("database.password", db_password, "${env:DB_PASSWORD}",
           "The user's password: a config-provider reference such as ${env:DB_PASSWORD} or "
           "${file:/etc/kafka/secrets.properties:db_password}, resolved by Kafka Connect; a "
           "literal password is an error."),
    TEXT("database.sslmode", db_sslmode, "prefer", sslmode,
         "The PostgreSQL SSL mode passed to the connectors (disable, allow, prefer, require, "
         "verify-ca or verify-full)."),

    SECTION("connector", "The CDC connectors (connect-debezium and connect-confluent targets)."),
    TEXT("connector.topic_prefix", topic_prefix, "cdc", topic_name,
         "The connector's topic.prefix; its topic <topic_prefix>.public.event_headers is routed "
         "to kafka.source_topic. A Kafka topic name: 1 to 249 letters, digits, '.', '_' and "
         "'-'."),
    TEXT("connector.slot_name", slot_name, "cdcgen_event_headers", pg_identifier,
         "The logical replication slot. 1 to 63 lowercase letters, digits or '_', not starting "
         "with a digit."),
    TEXT("connector.publication_name", publication_name, "cdcgen_event_headers", pg_identifier,
         "The publication. 1 to 63 lowercase letters, digits or '_', not starting with a "
         "digit."),
    TEXT("connector.debezium_name", debezium_connector_name, "event-headers-debezium",
         connector_name,
         "The connector name in connect-debezium.json. 1 to 249 letters, digits, '.', '_' and "
         "'-'."),
    TEXT("connector.connect_url", connect_url, "", rest_url,
         "The address of Kafka Connect's REST API (such as http://connect:8083), where 'cdcgen "
         "rollout --cluster' compares the Debezium connector with connect-debezium.json; "
         "empty: the connector is not looked at. --connect-url overrides it; "
         "CONNECT_REST_AUTH (user:password) is sent as basic auth."),
    TEXT("connector.confluent_name", confluent_connector_name, "event-headers-cdc", connector_name,
         "The connector name in connect-confluent.json. 1 to 249 letters, digits, '.', '_' and "
         "'-'."),

    SECTION("confluent",
            "Credentials of the Confluent Cloud connector (connect-confluent target)."),
    SECRET("confluent.api_key", kafka_api_key, "${env:CONFLUENT_API_KEY}",
           "The Kafka API key: a config-provider reference such as ${env:CONFLUENT_API_KEY}; a "
           "literal key is an error."),
    SECRET("confluent.api_secret", kafka_api_secret, "${env:CONFLUENT_API_SECRET}",
           "The Kafka API secret: a config-provider reference such as "
           "${env:CONFLUENT_API_SECRET}; a literal secret is an error."),

    {.path = "suppress",
     .kind = CDC_KEY_LIST,
     .field = FIELD(suppress),
     .item = CDC_KEY_MAPPING,
     .fill = fill_suppress,
     .doc = "Warning rules turned off for the whole project (every command), each { rule, "
            "reason }: the findings are not printed, count as suppressed, do not fail "
            "--fail-on-warning, and stay in json and sarif with the reason."},
    ENTRY_TEXT("suppress[].rule",
               "The code of a warning (such as shared-topic); errors cannot be turned off."),
    ENTRY_TEXT("suppress[].reason", "Why the rule does not apply here; required, not blank."),
};

const cdc_config_key *cdc_config_keys(size_t *n)
{
    *n = ARRAY_SIZE(keys);
    return keys;
}

const cdc_config_key *cdc_config_key_find(const char *path)
{
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
        if (strcmp(keys[i].path, path) == 0)
            return &keys[i];
    return NULL;
}

bool cdc_config_key_is_child(const cdc_config_key *row, const char *parent)
{
    const char *name = row->path;
    if (*parent) {
        size_t n = strlen(parent);
        if (strncmp(name, parent, n) != 0 || name[n] != '.')
            return false;
        name += n + 1;
    }
    return *name && !strpbrk(name, ".[");
}

/* config/config_values.c: the rules every cdcgen.yaml value must meet.
 *
 * Consumes a loaded cdc_config (defaults plus the file) and the file's text;
 * reports each value that breaks its rule as an error located at the value
 * in the file (config-value, literal-secret), found in the file's node tree
 * (load.c) that config.c checked the shape of; with no tree (the defaults)
 * an error names the whole file.
 *
 * Why: every value ends up in a generated artifact that a real engine reads
 * (a topic name, a replication slot, a connector name, a REST URL), and the
 * back ends take the config as valid. An empty source topic, a port of
 * "http" or a slot name PostgreSQL refuses is a config error here, not a
 * crash in a back end or a connector that fails at deploy time. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cdcgen/config/config_values.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/config.h"
#include "cdcgen/config/config_shape.h"
#include "cdcgen/lang/load.h"

enum {
    TOPIC_MAX = 249,  /* Kafka's limit on topic names */
    PG_NAME_MAX = 63, /* PostgreSQL's identifier limit (NAMEDATALEN - 1) */
    HOST_MAX = 253,   /* DNS name limit */
    TEXT_MAX = 1024,  /* any other value */
};

typedef enum value_rule {
    RULE_TOPIC,     /* a Kafka topic name: 1..249 of [a-zA-Z0-9._-], not "." or ".." */
    RULE_SUFFIX,    /* appended to topics: 0..248 of [a-zA-Z0-9._-] */
    RULE_SERVERS,   /* host:port[,host:port...] */
    RULE_GROUP,     /* consumer group: empty (the engine picks one) or printable text */
    RULE_HOST,      /* a host name or address, or a config-provider reference */
    RULE_PORT,      /* 1..65535, or a config-provider reference */
    RULE_PG_TEXT,   /* database or user name: 1..63 printable bytes, or a reference */
    RULE_SSLMODE,   /* one of libpq's sslmode values */
    RULE_PG_NAME,   /* slot or publication: 1..63 of [a-z0-9_], not starting with a digit */
    RULE_CONNECTOR, /* Kafka Connect connector name: 1..249 of [a-zA-Z0-9._-] */
    RULE_SECRET,    /* a config-provider reference, never the secret itself */
    RULE_OPT_TOPIC, /* empty (none), or a Kafka topic name */
    RULE_FORMAT,    /* the Streams source format: json or json-sr */
    RULE_DURATION,  /* a Flink duration as cdcgen writes it: 10s, 500ms, 1 min */
} value_rule;

static const struct {
    const char *section, *key;
    size_t off;
    value_rule rule;
} values[] = {
    {"kafka", "bootstrap_servers", offsetof(cdc_config, bootstrap_servers), RULE_SERVERS},
    {"kafka", "source_topic", offsetof(cdc_config, source_topic), RULE_TOPIC},
    {"kafka", "group_id", offsetof(cdc_config, group_id), RULE_GROUP},
    {"topics", "flink_suffix", offsetof(cdc_config, flink_suffix), RULE_SUFFIX},
    {"topics", "streams_suffix", offsetof(cdc_config, streams_suffix), RULE_SUFFIX},
    {"streams", "application_id", offsetof(cdc_config, application_id), RULE_TOPIC},
    {"streams", "source_format", offsetof(cdc_config, source_format), RULE_FORMAT},
    {"streams", "dead_letter_topic", offsetof(cdc_config, dead_letter_topic), RULE_OPT_TOPIC},
    {"flink", "checkpoint_interval", offsetof(cdc_config, checkpoint_interval), RULE_DURATION},
    {"database", "hostname", offsetof(cdc_config, db_hostname), RULE_HOST},
    {"database", "port", offsetof(cdc_config, db_port), RULE_PORT},
    {"database", "dbname", offsetof(cdc_config, db_name), RULE_PG_TEXT},
    {"database", "user", offsetof(cdc_config, db_user), RULE_PG_TEXT},
    {"database", "password", offsetof(cdc_config, db_password), RULE_SECRET},
    {"database", "sslmode", offsetof(cdc_config, db_sslmode), RULE_SSLMODE},
    {"connector", "topic_prefix", offsetof(cdc_config, topic_prefix), RULE_TOPIC},
    {"connector", "slot_name", offsetof(cdc_config, slot_name), RULE_PG_NAME},
    {"connector", "publication_name", offsetof(cdc_config, publication_name), RULE_PG_NAME},
    {"connector", "debezium_name", offsetof(cdc_config, debezium_connector_name), RULE_CONNECTOR},
    {"connector", "confluent_name", offsetof(cdc_config, confluent_connector_name), RULE_CONNECTOR},
    {"confluent", "api_key", offsetof(cdc_config, kafka_api_key), RULE_SECRET},
    {"confluent", "api_secret", offsetof(cdc_config, kafka_api_secret), RULE_SECRET},
};

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

/* Why v breaks rule, or NULL when it does not. */
static const char *rule_problem(value_rule rule, const char *v)
{
    size_t n = strlen(v);
    bool ref = cdc_config_is_secret_ref(v);
    switch (rule) {
    case RULE_TOPIC:
        if (n == 0 || n > TOPIC_MAX || !all_of(v, topic_chars) || strcmp(v, ".") == 0 ||
            strcmp(v, "..") == 0)
            return "must be a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-', "
                   "and not '.' or '..'";
        return NULL;
    case RULE_SUFFIX:
        if (n >= TOPIC_MAX || !all_of(v, topic_chars))
            return "must be at most 248 letters, digits, '.', '_' or '-' (Kafka topic "
                   "characters)";
        return NULL;
    case RULE_SERVERS:
        if (!valid_servers(v))
            return "must be host:port pairs separated by commas, such as "
                   "'kafka-1:9092,kafka-2:9092'";
        return NULL;
    case RULE_GROUP:
        if (n > TEXT_MAX || has_control(v))
            return "must be at most 1024 characters without control characters";
        return NULL;
    case RULE_HOST:
        if (!ref && !valid_host(v, n))
            return "must be a host name or address (letters, digits, '.', '-', '_', or "
                   "[IPv6]), or a config-provider reference";
        return NULL;
    case RULE_PORT:
        if (!ref && !valid_port(v, n))
            return "must be a port number from 1 to 65535, or a config-provider reference";
        return NULL;
    case RULE_PG_TEXT:
        if (!ref && (n == 0 || n > PG_NAME_MAX || has_control(v)))
            return "must be 1 to 63 bytes without control characters (a PostgreSQL name), "
                   "or a config-provider reference";
        return NULL;
    case RULE_SSLMODE: {
        static const char *const modes[] = {"disable", "allow",     "prefer",
                                            "require", "verify-ca", "verify-full"};
        for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
            if (strcmp(v, modes[i]) == 0)
                return NULL;
        return "must be one of disable, allow, prefer, require, verify-ca, verify-full";
    }
    case RULE_PG_NAME:
        if (n == 0 || n > PG_NAME_MAX || !all_of(v, "abcdefghijklmnopqrstuvwxyz0123456789_") ||
            (v[0] >= '0' && v[0] <= '9'))
            return "must be 1 to 63 lowercase letters, digits or '_', not starting with a "
                   "digit (a PostgreSQL replication slot or publication name)";
        return NULL;
    case RULE_CONNECTOR:
        if (n == 0 || n > TOPIC_MAX || !all_of(v, topic_chars))
            return "must be 1 to 249 letters, digits, '.', '_' or '-' (a Kafka Connect "
                   "connector name, used in REST paths)";
        return NULL;
    case RULE_SECRET: return NULL; /* reported as literal-secret by the caller */
    case RULE_OPT_TOPIC: return n == 0 ? NULL : rule_problem(RULE_TOPIC, v);
    case RULE_FORMAT:
        if (strcmp(v, "json") != 0 && strcmp(v, "json-sr") != 0)
            return "must be json or json-sr";
        return NULL;
    case RULE_DURATION: {
        size_t digits = strspn(v, "0123456789");
        const char *unit = v + digits + (v[digits] == ' ');
        if (digits == 0 || v[0] == '0' ||
            (*unit && strcmp(unit, "ms") != 0 && strcmp(unit, "s") != 0 &&
             strcmp(unit, "min") != 0 && strcmp(unit, "h") != 0 && strcmp(unit, "d") != 0))
            return "must be a positive whole number with an optional unit ms, s, min, h or d, "
                   "such as 10s";
        return NULL;
    }
    }
    return NULL;
}

/* The node holding section.key in the file, or NULL. */
static const cdc_ynode *find_value(const cdc_ynode *root, const char *section, const char *key)
{
    return cdc_ynode_get(cdc_ynode_get(root, section), key);
}

/* Where key's value stands in section; no position when it is not there. */
static cdc_pos value_pos(const cdc_ynode *section, const char *key)
{
    const cdc_ynode *v = cdc_ynode_get(section, key);
    return v ? v->pos : (cdc_pos){0, 0, 0, 0};
}

/* topics.<name>: how a topic is created (the topics targets), against what
 * Kafka accepts; each problem at its value. keyless: the topic receives
 * records without a key. */
static bool check_topic_settings(const cdc_topic_settings *t, const char *name, bool keyless,
                                 const cdc_ynode *root, const cdc_source *src, cdc_diags *d)
{
    const cdc_ynode *section = cdc_ynode_get(cdc_ynode_get(root, "topics"), name);
    bool ok = true;
    if (t->partitions < 1 || t->partitions > INT32_MAX) {
        cdc_diag_error(d, src, value_pos(section, "partitions"), "config-value",
                       "'topics.%s.partitions' must be at least 1", name);
        ok = false;
    }
    if (t->replication_factor < 1 || t->replication_factor > INT16_MAX) {
        cdc_diag_error(d, src, value_pos(section, "replication_factor"), "config-value",
                       "'topics.%s.replication_factor' must be between 1 and 32767", name);
        ok = false;
    }
    if (t->retention_ms < -1) {
        cdc_diag_error(d, src, value_pos(section, "retention_ms"), "config-value",
                       "'topics.%s.retention_ms' must be -1 (keep forever) or a number of "
                       "milliseconds",
                       name);
        ok = false;
    }
    static const char *const policies[] = {"delete", "compact", "compact,delete"};
    bool known = false;
    for (size_t i = 0; i < ARRAY_SIZE(policies); i++)
        known |= strcmp(t->cleanup_policy, policies[i]) == 0;
    if (!known) {
        cdc_diag_error(d, src, value_pos(section, "cleanup_policy"), "config-value",
                       "'topics.%s.cleanup_policy' must be delete, compact or \"compact,delete\"",
                       name);
        ok = false;
    } else if (keyless && strcmp(t->cleanup_policy, "delete") != 0) {
        /* The broker refuses a record without a key on a compacted topic. */
        cdc_diag_error(d, src, value_pos(section, "cleanup_policy"), "config-value",
                       "'topics.%s.cleanup_policy' must be delete: the flink and confluent "
                       "targets write records without a key, which a compacted topic refuses",
                       name);
        ok = false;
    }
    return ok;
}

/* The values[] entry of a dotted key ("database.port"), or -1. */
static int value_index(const char *dotted)
{
    for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
        size_t n = strlen(values[i].section);
        if (strncmp(dotted, values[i].section, n) == 0 && dotted[n] == '.' &&
            strcmp(dotted + n + 1, values[i].key) == 0)
            return (int)i;
    }
    return -1;
}

void cdc_config_take_text(cdc_config *c, const cdc_ynode *root)
{
    for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
        const cdc_ynode *n = find_value(root, values[i].section, values[i].key);
        char path[64];
        snprintf(path, sizeof path, "%s.%s", values[i].section, values[i].key);
        const char *v = n ? cdc_config_text_value(n, path) : NULL;
        if (v)
            *(const char **)((char *)c + values[i].off) = v;
    }
    static const struct {
        const char *name;
        size_t off;
    } settings[] = {
        {"source", offsetof(cdc_config, source_topic_settings)},
        {"filtered", offsetof(cdc_config, filtered_topic_settings)},
    };
    for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
        const cdc_ynode *n = cdc_ynode_get(
            cdc_ynode_get(cdc_ynode_get(root, "topics"), settings[i].name), "cleanup_policy");
        char path[64];
        snprintf(path, sizeof path, "topics.%s.cleanup_policy", settings[i].name);
        const char *v = n ? cdc_config_text_value(n, path) : NULL;
        if (v)
            ((cdc_topic_settings *)((char *)c + settings[i].off))->cleanup_policy = v;
    }
}

bool cdc_config_key_is_secret(const char *dotted)
{
    int i = value_index(dotted);
    return i >= 0 && values[i].rule == RULE_SECRET;
}

bool cdc_config_key_takes_number(const char *dotted)
{
    int i = value_index(dotted);
    return i >= 0 && values[i].rule == RULE_PORT;
}

bool cdc_config_validate(const cdc_config *c, const cdc_ynode *root, const cdc_source *src,
                         cdc_diags *d)
{
    bool ok = true;
    for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
        const char *v = *(const char *const *)((const char *)c + values[i].off);
        const cdc_ynode *at = find_value(root, values[i].section, values[i].key);
        cdc_pos pos = at ? at->pos : (cdc_pos){0, 0, 0, 0};
        if (values[i].rule == RULE_SECRET && !cdc_config_is_secret_ref(v)) {
            /* Named, not located: the excerpt of its line would print the
             * secret into the log. */
            cdc_diag_error(d, src, (cdc_pos){0, 0, 0, 0}, "literal-secret",
                           "'%s.%s' must be a config-provider reference such as "
                           "${env:DB_PASSWORD} or ${file:/etc/secrets.properties:key}, "
                           "never the secret itself",
                           values[i].section, values[i].key);
            ok = false;
            continue;
        }
        const char *problem = rule_problem(values[i].rule, v);
        if (problem) {
            cdc_diag_error(d, src, pos, "config-value", "'%s.%s' %s%s", values[i].section,
                           values[i].key, *v ? "" : "is empty; it ", problem);
            ok = false;
        }
    }
    ok = check_topic_settings(&c->source_topic_settings, "source", false, root, src, d) && ok;
    ok = check_topic_settings(&c->filtered_topic_settings, "filtered", true, root, src, d) && ok;
    /* Kafka Streams' consumer group is its application.id: a Flink source in
     * that group would start from the Streams application's committed
     * offsets, and the two would move each other's. */
    if (*c->group_id && strcmp(c->group_id, c->application_id) == 0) {
        const cdc_ynode *g = find_value(root, "kafka", "group_id");
        const cdc_ynode *app = find_value(root, "streams", "application_id");
        cdc_diag_error(d, src,
                       g     ? g->pos
                       : app ? app->pos
                             : (cdc_pos){0, 0, 0, 0},
                       "shared-group",
                       "'kafka.group_id' and 'streams.application_id' are both '%s': the "
                       "Flink job would read and commit the Kafka Streams application's "
                       "offsets; give them different values",
                       c->group_id);
        if (g && app)
            cdc_diag_note(d, src, app->pos, "'streams.application_id' is set here");
        ok = false;
    }
    return ok;
}

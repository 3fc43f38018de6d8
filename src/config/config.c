/* config/config.c: project settings (cdcgen.yaml), loaded with libcyaml.
 *
 * The file is read first with load.c (positions, duplicate keys, tabs,
 * encoding) and its shape checked against the libcyaml schema below, the one
 * list of the keys (config_shape.c): every mistake is reported at its place,
 * and only a file that passes is loaded by libcyaml's schema-driven loader.
 * Every value is copied into the arena and the libcyaml data freed before
 * returning. Then each value is checked against its rule, at its position in
 * the file (config_values.c): secrets must be config-provider references
 * (${env:NAME}, ${file:PATH:KEY}, ...), so no generated file can carry one.
 *
 * To add a key: its field in the section's struct and schema below, a copy
 * in apply(); config_shape.c checks its shape from the schema alone (a list
 * of mappings with required keys, such as [{rule, reason}], included). Then
 * describe it in grammar/config.schema.json (a unit test compares the two
 * schemas' keys, kinds and required keys), cdcgen.example.yaml and
 * man/cdcgen.1. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cyaml/cyaml.h>

#include "cdcgen/config/config.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/config_shape.h"
#include "cdcgen/config/config_values.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/sem/suppress.h"
#include "cdcgen/lang/schema.h"

void cdc_config_defaults(cdc_config *c)
{
    memset(c, 0, sizeof *c);
    c->targets = (1u << CDC_TARGET__COUNT) - 1;
    c->source_topic = "raw-event-headers";
    c->bootstrap_servers = "localhost:9092";
    /* Not the Streams application.id: that is Kafka Streams' consumer group. */
    c->group_id = "cdcgen-router-flink";
    c->checkpoint_interval = "10s";
    c->flink_suffix = "-flink";
    c->streams_suffix = "-spring";
    c->application_id = "cdcgen-router";
    c->source_format = "json";
    c->dead_letter_topic = "";
    c->db_hostname = "localhost";
    c->db_port = "5432";
    c->db_name = "events";
    c->db_user = "cdc";
    c->db_password = "${env:DB_PASSWORD}";
    c->db_sslmode = "prefer";
    c->topic_prefix = "cdc";
    c->slot_name = "cdcgen_event_headers";
    c->publication_name = "cdcgen_event_headers";
    c->debezium_connector_name = "event-headers-debezium";
    c->confluent_connector_name = "event-headers-cdc";
    c->kafka_api_key = "${env:CONFLUENT_API_KEY}";
    c->kafka_api_secret = "${env:CONFLUENT_API_SECRET}";
    /* Kafka's own broker defaults (num.partitions, default.replication.factor,
     * log.retention.hours=168, log.cleanup.policy). */
    static const cdc_topic_settings kafka_defaults = {1, 1, 604800000, "delete"};
    c->source_topic_settings = kafka_defaults;
    c->filtered_topic_settings = kafka_defaults;
}

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

/* ---- the file's shape ---- */

typedef struct {
    char *bootstrap_servers, *source_topic, *group_id;
} kafka_section;

typedef struct {
    int64_t *partitions, *replication_factor, *retention_ms;
    char *cleanup_policy;
} topic_settings_section;

typedef struct {
    char *flink_suffix, *streams_suffix;
    topic_settings_section *source, *filtered;
} topics_section;

typedef struct {
    char *checkpoint_interval;
} flink_section;

typedef struct {
    char *application_id, *source_format, *dead_letter_topic;
} streams_section;

typedef struct {
    char *hostname, *port, *dbname, *user, *password, *sslmode;
} database_section;

typedef struct {
    char *topic_prefix, *slot_name, *publication_name, *debezium_name, *confluent_name;
} connector_section;

typedef struct {
    char *api_key, *api_secret;
} confluent_section;

/* suppress: read again with positions by cdc_config_load_suppress
 * (suppress.c), which checks the rules and reasons; here only the shape. */
typedef struct {
    char *rule, *reason;
} suppress_entry;

typedef struct {
    char **targets;
    unsigned targets_count;
    kafka_section *kafka;
    topics_section *topics;
    streams_section *streams;
    flink_section *flink;
    database_section *database;
    connector_section *connector;
    confluent_section *confluent;
    suppress_entry *suppress;
    unsigned suppress_count;
} config_file;

#define OPT (CYAML_FLAG_OPTIONAL)
#define STR(key, type, member) CYAML_FIELD_STRING_PTR(key, OPT, type, member, 0, CYAML_UNLIMITED)

static const cyaml_schema_field_t kafka_fields[] = {
    STR("bootstrap_servers", kafka_section, bootstrap_servers),
    STR("source_topic", kafka_section, source_topic),
    STR("group_id", kafka_section, group_id),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t topic_settings_fields[] = {
    CYAML_FIELD_INT_PTR("partitions", OPT, topic_settings_section, partitions),
    CYAML_FIELD_INT_PTR("replication_factor", OPT, topic_settings_section, replication_factor),
    CYAML_FIELD_INT_PTR("retention_ms", OPT, topic_settings_section, retention_ms),
    STR("cleanup_policy", topic_settings_section, cleanup_policy),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t topics_fields[] = {
    STR("flink_suffix", topics_section, flink_suffix),
    STR("streams_suffix", topics_section, streams_suffix),
    CYAML_FIELD_MAPPING_PTR("source", OPT, topics_section, source, topic_settings_fields),
    CYAML_FIELD_MAPPING_PTR("filtered", OPT, topics_section, filtered, topic_settings_fields),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t streams_fields[] = {
    STR("application_id", streams_section, application_id),
    STR("source_format", streams_section, source_format),
    STR("dead_letter_topic", streams_section, dead_letter_topic),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t flink_fields[] = {
    STR("checkpoint_interval", flink_section, checkpoint_interval),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t database_fields[] = {
    STR("hostname", database_section, hostname),
    STR("port", database_section, port),
    STR("dbname", database_section, dbname),
    STR("user", database_section, user),
    STR("password", database_section, password),
    STR("sslmode", database_section, sslmode),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t connector_fields[] = {
    STR("topic_prefix", connector_section, topic_prefix),
    STR("slot_name", connector_section, slot_name),
    STR("publication_name", connector_section, publication_name),
    STR("debezium_name", connector_section, debezium_name),
    STR("confluent_name", connector_section, confluent_name),
    CYAML_FIELD_END,
};
static const cyaml_schema_field_t confluent_fields[] = {
    STR("api_key", confluent_section, api_key),
    STR("api_secret", confluent_section, api_secret),
    CYAML_FIELD_END,
};
static const cyaml_schema_value_t target_entry = {
    CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, CYAML_UNLIMITED),
};
static const cyaml_schema_field_t suppress_fields[] = {
    CYAML_FIELD_STRING_PTR("rule", CYAML_FLAG_DEFAULT, suppress_entry, rule, 0, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("reason", CYAML_FLAG_DEFAULT, suppress_entry, reason, 0,
                           CYAML_UNLIMITED),
    CYAML_FIELD_END,
};
static const cyaml_schema_value_t suppress_value = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, suppress_entry, suppress_fields),
};
static const cyaml_schema_field_t file_fields[] = {
    CYAML_FIELD_SEQUENCE("targets", CYAML_FLAG_POINTER | OPT, config_file, targets, &target_entry,
                         1, CYAML_UNLIMITED),
    CYAML_FIELD_MAPPING_PTR("kafka", OPT, config_file, kafka, kafka_fields),
    CYAML_FIELD_MAPPING_PTR("topics", OPT, config_file, topics, topics_fields),
    CYAML_FIELD_MAPPING_PTR("streams", OPT, config_file, streams, streams_fields),
    CYAML_FIELD_MAPPING_PTR("flink", OPT, config_file, flink, flink_fields),
    CYAML_FIELD_MAPPING_PTR("database", OPT, config_file, database, database_fields),
    CYAML_FIELD_MAPPING_PTR("connector", OPT, config_file, connector, connector_fields),
    CYAML_FIELD_MAPPING_PTR("confluent", OPT, config_file, confluent, confluent_fields),
    CYAML_FIELD_SEQUENCE("suppress", CYAML_FLAG_POINTER | OPT, config_file, suppress,
                         &suppress_value, 0, CYAML_UNLIMITED),
    CYAML_FIELD_END,
};
static const cyaml_schema_value_t file_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, config_file, file_fields),
};

const cyaml_schema_value_t *cdc_config_file_schema(void)
{
    return &file_schema;
}

/* ---- loading ---- */

typedef struct log_ctx {
    cdc_buf text; /* libcyaml's error lines, joined */
} log_ctx;

static void log_to_buf(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
    CDC_PRINTF(3, 0);

static void log_to_buf(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
    log_ctx *L = ctx;
    if (level < CYAML_LOG_ERROR)
        return;
    cdc_buf_vprintf(&L->text, fmt, args);
}

/* Copies the keys present in f over *t (config_values.c checks them). */
static void take_topic_settings(cdc_topic_settings *t, cdc_arena *a,
                                const topic_settings_section *f)
{
    if (!f)
        return;
    if (f->partitions)
        t->partitions = *f->partitions;
    if (f->replication_factor)
        t->replication_factor = *f->replication_factor;
    if (f->retention_ms)
        t->retention_ms = *f->retention_ms;
    if (f->cleanup_policy)
        t->cleanup_policy = cdc_arena_strdup(a, f->cleanup_policy);
}

/* Copies s into the arena over *dst when present. */
static void take(cdc_arena *a, const char **dst, const char *s)
{
    if (s)
        *dst = cdc_arena_strdup(a, s);
}

/* Every entry of 'targets' names a target, each reported at its place. */
static bool check_targets(const cdc_ynode *root, const cdc_source *src, cdc_diags *d)
{
    const cdc_ynode *list = cdc_ynode_get(root, "targets");
    const char *names[CDC_TARGET__COUNT];
    for (int t = 0; t < CDC_TARGET__COUNT; t++)
        names[t] = cdc_target_name((cdc_target)t);
    bool ok = true;
    for (size_t i = 0; list && list->kind == CDC_Y_SEQUENCE && i < list->n; i++) {
        const cdc_ynode *item = list->items[i];
        cdc_target t;
        if (!cdc_config_text_value(item, "targets") || item->len == 0 ||
            cdc_target_parse(item->str, &t))
            continue; /* not text, or empty: config_shape.c reports it */
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

/* Copies what libcyaml loaded over the defaults; the file passed
 * check_targets, so every target name is known. */
static void apply(cdc_config *c, cdc_arena *a, const config_file *f)
{
    if (f->targets) {
        c->targets = 0;
        for (unsigned i = 0; i < f->targets_count; i++) {
            cdc_target t;
            if (!cdc_target_parse(f->targets[i], &t))
                CDC_BUG("target '%s' passed check_targets", f->targets[i]);
            c->targets |= 1u << t;
        }
    }
    if (f->kafka) {
        take(a, &c->bootstrap_servers, f->kafka->bootstrap_servers);
        take(a, &c->source_topic, f->kafka->source_topic);
        take(a, &c->group_id, f->kafka->group_id);
    }
    if (f->topics) {
        take(a, &c->flink_suffix, f->topics->flink_suffix);
        take(a, &c->streams_suffix, f->topics->streams_suffix);
        take_topic_settings(&c->source_topic_settings, a, f->topics->source);
        take_topic_settings(&c->filtered_topic_settings, a, f->topics->filtered);
    }
    if (f->streams) {
        take(a, &c->application_id, f->streams->application_id);
        take(a, &c->source_format, f->streams->source_format);
        take(a, &c->dead_letter_topic, f->streams->dead_letter_topic);
    }
    if (f->flink)
        take(a, &c->checkpoint_interval, f->flink->checkpoint_interval);
    if (f->database) {
        take(a, &c->db_hostname, f->database->hostname);
        take(a, &c->db_port, f->database->port);
        take(a, &c->db_name, f->database->dbname);
        take(a, &c->db_user, f->database->user);
        take(a, &c->db_password, f->database->password);
        take(a, &c->db_sslmode, f->database->sslmode);
    }
    if (f->connector) {
        take(a, &c->topic_prefix, f->connector->topic_prefix);
        take(a, &c->slot_name, f->connector->slot_name);
        take(a, &c->publication_name, f->connector->publication_name);
        take(a, &c->debezium_connector_name, f->connector->debezium_name);
        take(a, &c->confluent_connector_name, f->connector->confluent_name);
    }
    if (f->confluent) {
        take(a, &c->kafka_api_key, f->confluent->api_key);
        take(a, &c->kafka_api_secret, f->confluent->api_secret);
    }
}

/* Reads src with load.c. *root is NULL for a file that sets nothing: no
 * document (empty, or only comments) or a null one ("---", "~"). false
 * after reporting. */
static bool read_tree(cdc_arena *a, const cdc_source *src, cdc_diags *d, const cdc_ynode **root)
{
    cdc_diags first;
    cdc_diags_init(&first, a);
    *root = cdc_yaml_load(a, src, &first);
    if (*root) {
        if ((*root)->kind == CDC_Y_SCALAR && cdc_yscalar_kind(*root) == CDC_YS_NULL)
            *root = NULL;
        return true;
    }
    if (first.nerrors == 1 && strcmp(first.head->code, "empty-file") == 0)
        return true;
    /* Again, into d: a failed load reports only its first problem. */
    if (cdc_yaml_load(a, src, d))
        CDC_BUG("cdcgen.yaml loads the second time");
    return false;
}

bool cdc_config_load(cdc_config *c, cdc_arena *a, const char *path, cdc_diags *d)
{
    cdc_source *src = cdc_source_read(a, path);
    if (!src) {
        cdc_diag_error(d, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read config '%s': %s", path,
                       cdc_read_error(errno));
        return false;
    }
    const cdc_ynode *root;
    if (!read_tree(a, src, d, &root))
        return false;
    if (!root) {
        c->path = src->path;
        return cdc_config_validate(c, NULL, src, d);
    }
    /* Only a file of the right shape reaches libcyaml, so its log text
     * (which stops at the first mistake) is never what users see. */
    bool shape_ok = cdc_config_check_shape(root, &file_schema, a, src, d);
    bool targets_ok = check_targets(root, src, d);
    if (!shape_ok) {
        /* The value rules too, on what has its shape, so one run shows all. */
        cdc_config scratch;
        cdc_config_defaults(&scratch);
        cdc_config_take_text(&scratch, root);
        cdc_config_validate(&scratch, root, src, d);
    }
    if (!shape_ok || !targets_ok)
        return false;
    log_ctx L;
    cdc_buf_init(&L.text);
    const cyaml_config_t cfg = {
        .log_fn = log_to_buf,
        .log_ctx = &L,
        .mem_fn = cyaml_mem,
        .log_level = CYAML_LOG_ERROR,
        .flags = CYAML_CFG_NO_ALIAS,
    };
    config_file *f = NULL;
    cyaml_err_t err = cyaml_load_data((const uint8_t *)src->text, src->len, &cfg, &file_schema,
                                      (cyaml_data_t **)&f, NULL);
    bool ok = false;
    if (err != CYAML_OK) {
        cdc_config_report_cyaml(d, src, err, L.text.data);
    } else {
        c->path = src->path;
        apply(c, a, f ? f : &(config_file){0});
        cyaml_free(&cfg, &file_schema, f, 0);
        ok = cdc_config_validate(c, root, src, d);
        ok = cdc_config_load_suppress(c, a, root, src, d) && ok;
    }
    cdc_buf_release(&L.text);
    return ok;
}

const char *cdc_config_find(cdc_arena *a)
{
    /* Relative paths ("cdcgen.yaml", "../cdcgen.yaml", ...) so diagnostics
     * name the file the way the user would. */
    cdc_buf up = CDC_BUF_INIT;
    cdc_buf_init(&up);
    const char *found = NULL;
    for (int depth = 0; depth < 64 && !found; depth++) {
        char *path = cdc_arena_printf(a, "%scdcgen.yaml", up.data);
        if (access(path, R_OK) == 0) {
            found = path;
            break;
        }
        /* Stop after the root: its parent is itself. */
        struct stat here, parent;
        char *parent_dir = cdc_arena_printf(a, "%s..", up.data);
        if (stat(up.len ? up.data : ".", &here) != 0 || stat(parent_dir, &parent) != 0 ||
            (here.st_dev == parent.st_dev && here.st_ino == parent.st_ino))
            break;
        cdc_buf_puts(&up, "../");
    }
    cdc_buf_release(&up);
    return found;
}

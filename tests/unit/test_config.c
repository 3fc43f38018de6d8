/* Unit tests for config.c: defaults, cdcgen.yaml loading, secret
 * references, targets and the upward search for the file. */
#include <ctype.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/config.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/config/shape.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/schema.h"

#define ALL_TARGETS ((1u << CDC_TARGET__COUNT) - 1)

typedef struct fix {
    cdc_arena *a;
    cdc_diags d;
    cdc_config c;
    char dir[64];   /* a fresh temporary directory */
    char path[128]; /* dir/cdcgen.yaml */
} fix;

static int setup(void **state)
{
    fix *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->a = cdc_arena_new();
    cdc_diags_init(&f->d, f->a);
    cdc_config_defaults(&f->c);
    strcpy(f->dir, "/tmp/cdcgen-test-config-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/cdcgen.yaml", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fix *f = *state;
    unlink(f->path);
    rmdir(f->dir);
    cdc_arena_free(f->a);
    free(f);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

/* Writes text to f->path and loads it over the defaults. */
static bool load(fix *f, const char *text)
{
    write_file(f->path, text);
    return cdc_config_load(&f->c, f->a, f->path, &f->d);
}

static const cdc_diag *only_error(const fix *f, const char *code)
{
    if (f->d.nerrors != 1)
        for (const cdc_diag *g = f->d.head; g; g = g->next)
            print_message("  [%s] %s\n", g->code, g->msg);
    assert_int_equal(f->d.nerrors, 1);
    assert_int_equal(f->d.nwarnings, 0);
    const cdc_diag *g = f->d.head;
    assert_non_null(g);
    assert_int_equal(g->sev, CDC_ERROR);
    assert_string_equal(g->code, code);
    return g;
}

static bool contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] &&
               tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* ---- defaults ---- */

static void test_defaults(void **state)
{
    (void)state;
    cdc_config c;
    memset(&c, 0xA5, sizeof c);
    cdc_config_defaults(&c);
    assert_null(c.path);
    assert_int_equal(c.targets, ALL_TARGETS);
    assert_int_equal(c.targets, 0x3FF); /* the ten targets */
    assert_string_equal(c.source_topic, "raw-event-headers");
    assert_string_equal(c.group_id, "cdcgen-router-flink");
    assert_string_equal(c.checkpoint_interval, "10s");
    assert_string_equal(c.flink_suffix, "-flink");
    assert_string_equal(c.streams_suffix, "-spring");
    assert_string_equal(c.application_id, "cdcgen-router");
    /* Kafka Streams' consumer group is its application.id: the Flink source's differs */
    assert_string_not_equal(c.group_id, c.application_id);
    assert_string_equal(c.source_format, "json");
    assert_string_equal(c.dead_letter_topic, "");
    assert_string_equal(c.db_hostname, "localhost");
    assert_string_equal(c.db_port, "5432");
    assert_string_equal(c.db_name, "events");
    assert_string_equal(c.db_user, "cdc");
    assert_string_equal(c.db_password, "${env:DB_PASSWORD}");
    assert_string_equal(c.db_sslmode, "prefer");
    assert_string_equal(c.topic_prefix, "cdc");
    assert_string_equal(c.slot_name, "cdcgen_event_headers");
    assert_string_equal(c.publication_name, "cdcgen_event_headers");
    assert_string_equal(c.debezium_connector_name, "event-headers-debezium");
    assert_string_equal(c.confluent_connector_name, "event-headers-cdc");
    assert_string_equal(c.kafka_api_key, "${env:CONFLUENT_API_KEY}");
    assert_string_equal(c.kafka_api_secret, "${env:CONFLUENT_API_SECRET}");
    /* The default secrets are references, so defaults always load. */
    assert_true(cdc_config_is_secret_ref(c.db_password));
    assert_true(cdc_config_is_secret_ref(c.kafka_api_key));
    assert_true(cdc_config_is_secret_ref(c.kafka_api_secret));
}

/* config.h documents the default as "localhost:9092". */
static void test_default_bootstrap_servers(void **state)
{
    (void)state;
    cdc_config c;
    cdc_config_defaults(&c);
    assert_string_equal(c.bootstrap_servers, "localhost:9092");
}

/* ---- loading ---- */

static const char full_config[] = "targets: [flink, kstreams]\n"
                                  "kafka:\n"
                                  "  bootstrap_servers: \"broker:29092\"\n"
                                  "  source_topic: events-in\n"
                                  "  group_id: g1\n"
                                  "topics:\n"
                                  "  flink_suffix: \"-f\"\n"
                                  "  streams_suffix: \"-s\"\n"
                                  "streams:\n"
                                  "  application_id: app1\n"
                                  "  source_format: json-sr\n"
                                  "  dead_letter_topic: dlq-1\n"
                                  "flink:\n"
                                  "  checkpoint_interval: 1 min\n"
                                  "database:\n"
                                  "  hostname: db.example\n"
                                  "  port: 6543\n"
                                  "  dbname: evdb\n"
                                  "  user: u1\n"
                                  "  password: \"${env:PGPASS}\"\n"
                                  "  sslmode: require\n"
                                  "connector:\n"
                                  "  topic_prefix: pfx\n"
                                  "  slot_name: slot1\n"
                                  "  publication_name: pub1\n"
                                  "  debezium_name: dbz1\n"
                                  "  confluent_name: cc1\n"
                                  "confluent:\n"
                                  "  api_key: \"${file:/run/secrets/k.properties:key}\"\n"
                                  "  api_secret: \"${env:SECRET}\"\n";

static void test_load_every_section(void **state)
{
    fix *f = *state;
    assert_true(load(f, full_config));
    assert_int_equal(f->d.count, 0);
    assert_string_equal(f->c.path, f->path);
    assert_int_equal(f->c.targets, (1u << CDC_TARGET_FLINK) | (1u << CDC_TARGET_KSTREAMS));
    assert_string_equal(f->c.bootstrap_servers, "broker:29092");
    assert_string_equal(f->c.source_topic, "events-in");
    assert_string_equal(f->c.group_id, "g1");
    assert_string_equal(f->c.flink_suffix, "-f");
    assert_string_equal(f->c.streams_suffix, "-s");
    assert_string_equal(f->c.application_id, "app1");
    assert_string_equal(f->c.checkpoint_interval, "1 min");
    assert_string_equal(f->c.source_format, "json-sr");
    assert_string_equal(f->c.dead_letter_topic, "dlq-1");
    assert_string_equal(f->c.db_hostname, "db.example");
    assert_string_equal(f->c.db_port, "6543");
    assert_string_equal(f->c.db_name, "evdb");
    assert_string_equal(f->c.db_user, "u1");
    assert_string_equal(f->c.db_password, "${env:PGPASS}");
    assert_string_equal(f->c.db_sslmode, "require");
    assert_string_equal(f->c.topic_prefix, "pfx");
    assert_string_equal(f->c.slot_name, "slot1");
    assert_string_equal(f->c.publication_name, "pub1");
    assert_string_equal(f->c.debezium_connector_name, "dbz1");
    assert_string_equal(f->c.confluent_connector_name, "cc1");
    assert_string_equal(f->c.kafka_api_key, "${file:/run/secrets/k.properties:key}");
    assert_string_equal(f->c.kafka_api_secret, "${env:SECRET}");
    /* Values live in the arena: the file can go. */
    unlink(f->path);
    assert_string_equal(f->c.group_id, "g1");
}

static void test_load_partial_keeps_defaults(void **state)
{
    fix *f = *state;
    assert_true(load(f, "kafka:\n  group_id: g2\ndatabase:\n  user: someone\n"));
    assert_int_equal(f->d.count, 0);
    assert_string_equal(f->c.group_id, "g2");
    assert_string_equal(f->c.db_user, "someone");
    assert_string_equal(f->c.source_topic, "raw-event-headers");
    assert_string_equal(f->c.db_hostname, "localhost");
    assert_string_equal(f->c.flink_suffix, "-flink");
    assert_string_equal(f->c.db_password, "${env:DB_PASSWORD}");
    assert_int_equal(f->c.targets, ALL_TARGETS);
}

static void test_load_empty_file(void **state)
{
    fix *f = *state;
    assert_true(load(f, ""));
    assert_int_equal(f->d.count, 0);
    assert_string_equal(f->c.path, f->path);
    assert_int_equal(f->c.targets, ALL_TARGETS);
    assert_string_equal(f->c.source_topic, "raw-event-headers");
}

static void test_unknown_key(void **state)
{
    fix *f = *state;
    assert_false(load(f, "colour: red\n"));
    const cdc_diag *g = only_error(f, "unknown-key");
    assert_non_null(g->src);
    assert_string_equal(g->src->path, f->path);
    assert_int_equal(g->pos.line, 1);
    assert_int_equal(g->pos.col, 1);
    assert_int_equal(g->pos.len, 6);
    assert_string_equal(g->msg, "unknown key 'colour' at the top level");
    /* Nothing close: the note lists what the mapping takes, from the schema. */
    assert_non_null(g->notes);
    assert_string_equal(g->notes->msg,
                        "the top level takes targets, schema, kafka, topics, streams, "
                        "flink, database, connector, confluent, suppress");
    /* Defaults untouched. */
    assert_string_equal(f->c.source_topic, "raw-event-headers");
    assert_null(f->c.path);
}

static void test_unknown_nested_key(void **state)
{
    fix *f = *state;
    assert_false(load(f, "kafka:\n  bootstrap_server: x\n"));
    const cdc_diag *g = only_error(f, "unknown-key");
    assert_string_equal(
        g->msg, "unknown key 'bootstrap_server' in 'kafka'; did you mean 'bootstrap_servers'?");
    assert_int_equal(g->pos.line, 2);
    assert_int_equal(g->pos.col, 3);
    assert_null(g->notes);
    cdc_config def;
    cdc_config_defaults(&def);
    assert_string_equal(f->c.bootstrap_servers, def.bootstrap_servers); /* untouched */
    assert_null(f->c.path);
}

static void test_wrong_shape(void **state)
{
    fix *f = *state;
    assert_false(load(f, "targets: flink\n"));
    const cdc_diag *g = only_error(f, "bad-value");
    assert_string_equal(g->msg, "'targets' must be a list, not the text 'flink'");
    assert_int_equal(g->pos.line, 1);
    assert_int_equal(g->pos.col, 10);
    assert_non_null(g->notes);
    assert_string_equal(g->notes->msg, "a list of one is written [flink]");
}

static void test_invalid_yaml(void **state)
{
    fix *f = *state;
    assert_false(load(f, "kafka: [1\n"));
    const cdc_diag *g = only_error(f, "yaml-syntax");
    assert_true(g->pos.line >= 1);
}

/* The reason must survive into the message. */
static void test_alias_rejected_with_reason(void **state)
{
    fix *f = *state;
    assert_false(load(f, "kafka:\n  group_id: &g a\n  source_topic: *g\n"));
    const cdc_diag *g = only_error(f, "yaml-alias");
    if (!contains_nocase(g->msg, "alias"))
        fail_msg("message does not say why: %s", g->msg);
    assert_int_equal(g->pos.line, 3);
}

static void test_duplicate_key(void **state)
{
    fix *f = *state;
    assert_false(load(f, "kafka: {}\nflink: {}\nkafka: {}\n"));
    const cdc_diag *g = only_error(f, "duplicate-key");
    assert_int_equal(g->pos.line, 3);
    assert_non_null(g->notes);
    assert_int_equal(g->notes->pos.line, 1);
}

/* Every shape mistake in one run, each at its own place, in file order
 * once sorted. */
static void test_every_mistake_at_once(void **state)
{
    fix *f = *state;
    assert_false(load(f, "kafka: {bootstrap_server: x, sourc_topic: y}\n"
                         "flnk: {}\n"
                         "topics:\n"
                         "  source: {partitions: \"3\", replication_factor: 1.5}\n"
                         "database: {port: 5432, hostname: 8}\n"));
    static const struct {
        uint32_t line, col;
        const char *code, *msg;
    } want[] = {
        {1, 9, "unknown-key",
         "unknown key 'bootstrap_server' in 'kafka'; did you mean 'bootstrap_servers'?"},
        {1, 30, "unknown-key",
         "unknown key 'sourc_topic' in 'kafka'; did you mean 'source_topic'?"},
        {2, 1, "unknown-key", "unknown key 'flnk' at the top level; did you mean 'flink'?"},
        {4, 24, "bad-value",
         "'topics.source.partitions' must be a whole number, not the text '3'; write it without "
         "quotes"},
        {4, 49, "bad-value",
         "'topics.source.replication_factor' must be a whole number, not the number 1.5"},
        {5, 34, "bad-value",
         "'database.hostname' must be text, not the number 8; quote it if you mean the text"},
    };
    cdc_diags_sort(&f->d);
    assert_int_equal(f->d.nerrors, ARRAY_SIZE(want));
    const cdc_diag *g = f->d.head;
    for (size_t i = 0; i < ARRAY_SIZE(want); i++, g = g->next) {
        assert_non_null(g);
        assert_string_equal(g->code, want[i].code);
        assert_string_equal(g->msg, want[i].msg);
        assert_int_equal(g->pos.line, want[i].line);
        assert_int_equal(g->pos.col, want[i].col);
    }
}

/* The value rules run beside the shape check: a run shows both. */
static void test_values_checked_with_shape_mistakes(void **state)
{
    fix *f = *state;
    assert_false(load(f, "kafka: {colour: x, source_topic: 7}\n"
                         "streams: {source_format: avro}\n"
                         "confluent: {api_key: AKIA123}\n"));
    cdc_diags_sort(&f->d);
    static const char *const codes[] = {"literal-secret", "unknown-key", "bad-value",
                                        "config-value"};
    assert_int_equal(f->d.nerrors, ARRAY_SIZE(codes));
    const cdc_diag *g = f->d.head;
    for (size_t i = 0; i < ARRAY_SIZE(codes); i++, g = g->next)
        assert_string_equal(g->code, codes[i]);
    /* source_topic 7 is not text: its rule is not checked against the default. */
    assert_null(f->c.path);
}

/* Scalars of the wrong type: one bad-value each, at the value. */
static void test_scalar_types(void **state)
{
    fix *f = *state;
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"kafka:\n  source_topic: 12\n",
         "'kafka.source_topic' must be text, not the number 12; quote it if you mean the text"},
        {"kafka:\n  source_topic: 1.5e3\n",
         "'kafka.source_topic' must be text, not the number 1.5e3; quote it if you mean the text"},
        {"kafka:\n  group_id: false\n",
         "'kafka.group_id' must be text, not the boolean false; quote it if you mean the text"},
        {"kafka:\n  group_id: ~\n", "'kafka.group_id' has no value; give one (\"\" for empty "
                                    "text), or remove the key to keep the default"},
        {"kafka:\n  group_id: {a: 1}\n", "'kafka.group_id' must be text, not a mapping"},
        {"kafka:\n  group_id: \"a\\0b\"\n", "'kafka.group_id' contains a NUL character"},
        {"topics:\n  source:\n    partitions: 4294967296000000000000\n",
         "'topics.source.partitions' is out of range: a whole number from "
         "-9223372036854775808 to 9223372036854775807"},
        {"topics:\n  source:\n    partitions: 0x10\n",
         "'topics.source.partitions' must be a whole number, not the text '0x10'"},
        {"topics:\n  source:\n    partitions: 010\n",
         "'topics.source.partitions' must be a whole number without leading zeros ('010' reads "
         "as octal in YAML 1.1)"},
        {"topics:\n  source:\n    partitions: [1]\n",
         "'topics.source.partitions' must be a whole number, not a list"},
        {"topics:\n  source:\n    partitions:\n", "'topics.source.partitions' must be a whole "
                                                  "number, not null"},
        {"topics:\n  source: 3\n", "'topics.source' must be a mapping of keys, not the number 3"},
        {"topics:\n  source:\n", "'topics.source' has no value; it must be a mapping of keys "
                                 "(remove it to keep the defaults)"},
        {"targets: []\n", "'targets' must list at least 1 item"},
        {"targets: [flink, \"\"]\n", "'targets[1]' is empty"},
        {"targets: [flink, 7]\n",
         "'targets[1]' must be text, not the number 7; quote it if you mean the text"},
        {"targets: [flink, [kstreams]]\n", "'targets[1]' must be text, not a list"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        cdc_arena_free(f->a);
        f->a = cdc_arena_new();
        cdc_diags_init(&f->d, f->a);
        cdc_config_defaults(&f->c);
        if (load(f, cases[i].text))
            fail_msg("accepted: %s", cases[i].text);
        const cdc_diag *g = only_error(f, "bad-value");
        if (strcmp(g->msg, cases[i].msg) != 0)
            fail_msg("for %s:\n  got  %s\n  want %s", cases[i].text, g->msg, cases[i].msg);
        assert_true(g->pos.line >= 1);
    }
}

/* A port is a number or text; a plain integer is fine there. */
static void test_port_takes_number(void **state)
{
    fix *f = *state;
    assert_true(load(f, "database:\n  port: 6543\n"));
    assert_string_equal(f->c.db_port, "6543");
    assert_int_equal(f->d.count, 0);
}

/* A mistake at a secret's key names it but never echoes its line. */
static void test_secret_never_located(void **state)
{
    fix *f = *state;
    assert_false(load(f, "database:\n  password: 123456\n  pasword: hunter2\n"));
    assert_int_equal(f->d.nerrors, 2);
    for (const cdc_diag *g = f->d.head; g; g = g->next) {
        assert_int_equal(g->pos.line, 0);
        assert_null(strstr(g->msg, "123456"));
        assert_null(strstr(g->msg, "hunter2"));
    }
}

/* A file that sets nothing keeps every default. */
static void test_null_document(void **state)
{
    static const char *const texts[] = {"---\n", "~\n", "# only a comment\n", "--- ~\n...\n"};
    fix *f = *state;
    for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
        if (!load(f, texts[i]))
            fail_msg("refused: %s", texts[i]);
        assert_int_equal(f->c.targets, ALL_TARGETS);
    }
    assert_int_equal(f->d.count, 0);
}

static void test_top_level_not_a_mapping(void **state)
{
    fix *f = *state;
    assert_false(load(f, "- kafka\n"));
    const cdc_diag *g = only_error(f, "config");
    assert_string_equal(
        g->msg, "the configuration must be a mapping of sections such as 'kafka:', not a list");
    assert_int_equal(g->pos.line, 1);
}

/* ---- the shape check on its own (shape.c) ---- */

/* A table with what cdcgen.yaml does not use yet: a boolean, a list of
 * words of which there must be two, and a list of mappings with required
 * keys (like suppress's { rule, reason }). Nothing is filled. */
static const cdc_config_key extra_keys[] = {
    {.path = "strict", .kind = CDC_KEY_BOOLEAN, .field = CDC_KEY_NO_FIELD},
    {.path = "words", .kind = CDC_KEY_LIST, .field = CDC_KEY_NO_FIELD, .min_items = 2},
    {.path = "waivers", .kind = CDC_KEY_LIST, .field = CDC_KEY_NO_FIELD, .item = CDC_KEY_MAPPING},
    {.path = "waivers[].rule", .kind = CDC_KEY_TEXT, .field = CDC_KEY_NO_FIELD, .required = true},
    {.path = "waivers[].reason", .kind = CDC_KEY_TEXT, .field = CDC_KEY_NO_FIELD, .required = true},
};
enum { EXTRA_STRICT, EXTRA_WORDS, EXTRA_WAIVERS };

/* Checks text against extra_keys into f->d; found as the shape check leaves it. */
static const cdc_ynode **check_extra(fix *f, const char *text)
{
    cdc_arena_free(f->a);
    f->a = cdc_arena_new();
    cdc_diags_init(&f->d, f->a);
    cdc_source *src = cdc_source_from_string(f->a, "x.yaml", text, strlen(text));
    const cdc_ynode *root = cdc_yaml_load(f->a, src, &f->d);
    assert_non_null(root);
    const cdc_ynode **found = cdc_arena_alloc(f->a, sizeof extra_keys);
    bool ok =
        cdc_config_check_shape(root, extra_keys, ARRAY_SIZE(extra_keys), f->a, src, &f->d, found);
    assert_int_equal(ok, f->d.nerrors == 0);
    return found;
}

static void test_shape_from_table(void **state)
{
    fix *f = *state;
    const cdc_ynode **found =
        check_extra(f, "strict: true\nwords: [a, b]\nwaivers:\n  - {rule: a, reason: b}\n");
    assert_int_equal(f->d.count, 0);
    assert_string_equal(found[EXTRA_STRICT]->str, "true");
    assert_int_equal(found[EXTRA_WORDS]->n, 2);
    assert_int_equal(found[EXTRA_WAIVERS]->n, 1);

    check_extra(f, "strict: yes\n");
    assert_string_equal(only_error(f, "bad-value")->msg,
                        "'strict' must be true or false; 'yes' is text in YAML 1.2, write true");
    check_extra(f, "strict: Off\n");
    assert_string_equal(only_error(f, "bad-value")->msg,
                        "'strict' must be true or false; 'Off' is text in YAML 1.2, write false");
    found = check_extra(f, "strict: \"true\"\n");
    assert_string_equal(only_error(f, "bad-value")->msg,
                        "'strict' must be true or false, not the text 'true'");
    assert_null(found[EXTRA_STRICT]);
    check_extra(f, "strict: [true]\n");
    assert_string_equal(only_error(f, "bad-value")->msg,
                        "'strict' must be true or false, not a list");

    check_extra(f, "words: [a]\n");
    assert_string_equal(only_error(f, "bad-value")->msg, "'words' must list at least 2 items");
    check_extra(f, "words: [a, \"\"]\n");
    assert_string_equal(only_error(f, "bad-value")->msg, "'words[1]' is empty");

    check_extra(f, "waivers:\n  - {rule: a}\n");
    const cdc_diag *g = only_error(f, "missing-key");
    assert_string_equal(g->msg, "'waivers[0]' needs the key 'reason'");
    assert_int_equal(g->pos.line, 2);
    assert_int_equal(g->pos.col, 5);

    check_extra(f, "waivers:\n  - {rule: a, reasn: b}\n");
    assert_int_equal(f->d.nerrors, 2); /* the misspelt key, and the missing one */
    assert_string_equal(f->d.head->msg,
                        "unknown key 'reasn' in 'waivers[0]'; did you mean 'reason'?");
}

/* A list is handed on with the items that have their shape, so its fill
 * reads those while the others are reported. */
static void test_shape_keeps_good_items(void **state)
{
    fix *f = *state;
    const cdc_ynode **found = check_extra(f, "words: [a, 7, \"\", b]\n"
                                             "waivers: [{rule: a, reason: b}, x, {rule: c}, "
                                             "{rule: d, reason: e}]\n");
    assert_int_equal(f->d.nerrors, 4);
    assert_int_equal(found[EXTRA_WORDS]->n, 2);
    assert_string_equal(found[EXTRA_WORDS]->items[0]->str, "a");
    assert_string_equal(found[EXTRA_WORDS]->items[1]->str, "b");
    assert_int_equal(found[EXTRA_WAIVERS]->n, 2);
    assert_string_equal(cdc_ynode_get(found[EXTRA_WAIVERS]->items[1], "rule")->str, "d");
    /* no list at all: nothing to read */
    found = check_extra(f, "words: a\n");
    assert_null(found[EXTRA_WORDS]);
}

/* The rules hold every value that has its shape while other values lack
 * theirs: numbers, target names and suppress entries included. */
static void test_rules_beside_shape_mistakes(void **state)
{
    fix *f = *state;
    assert_false(load(f, "targets: [flink, spark]\n"
                         "kafka: {colour: x}\n"
                         "topics:\n  source: {partitions: 0, retention_ms: \"5\"}\n"
                         "suppress:\n  - {rule: no-such-rule, reason: r}\n  - {rule: x}\n"));
    cdc_diags_sort(&f->d);
    static const struct {
        uint32_t line;
        const char *code;
    } want[] = {
        {1, "config-value"},    /* spark */
        {2, "unknown-key"},     /* colour */
        {4, "config-value"},    /* partitions 0 */
        {4, "bad-value"},       /* retention_ms "5" */
        {6, "bad-suppression"}, /* no-such-rule */
        {7, "missing-key"},     /* the second entry's reason */
    };
    assert_int_equal(f->d.nerrors, ARRAY_SIZE(want));
    const cdc_diag *g = f->d.head;
    for (size_t i = 0; i < ARRAY_SIZE(want); i++, g = g->next) {
        assert_int_equal(g->pos.line, want[i].line);
        assert_string_equal(g->code, want[i].code);
    }
    assert_null(f->c.path); /* a file with mistakes changes nothing */
    assert_int_equal(f->c.source_topic_settings.partitions, 1);
}

static void test_missing_file(void **state)
{
    fix *f = *state;
    assert_false(cdc_config_load(&f->c, f->a, "/nonexistent/dir/cdcgen.yaml", &f->d));
    const cdc_diag *g = only_error(f, "io");
    assert_null(g->src);
    assert_string_equal(
        g->msg, "cannot read config '/nonexistent/dir/cdcgen.yaml': No such file or directory");
    assert_null(f->c.path);
}

static void test_unknown_target(void **state)
{
    fix *f = *state;
    assert_false(load(f, "targets: [flink, spark, kstream]\n"));
    assert_int_equal(f->d.nerrors, 2);
    const cdc_diag *g = f->d.head;
    assert_string_equal(g->code, "config-value");
    assert_string_equal(g->msg, "unknown target 'spark' (flink, confluent, kstreams, "
                                "connect-debezium, connect-confluent, topics, topics-script, "
                                "json-schema, avro, postgres)");
    assert_string_equal(g->src->path, f->path);
    assert_int_equal(g->pos.line, 1);
    assert_int_equal(g->pos.col, 18);
    g = g->next;
    assert_string_equal(g->msg, "unknown target 'kstream'; did you mean 'kstreams'?");
    assert_int_equal(g->pos.col, 25);
}

static void test_targets_mask(void **state)
{
    fix *f = *state;
    static const struct {
        const char *list;
        unsigned mask;
    } cases[] = {
        {"[flink]", 1u << CDC_TARGET_FLINK},
        {"[confluent]", 1u << CDC_TARGET_CONFLUENT},
        {"[kstreams]", 1u << CDC_TARGET_KSTREAMS},
        {"[connect-debezium]", 1u << CDC_TARGET_CONNECT_DEBEZIUM},
        {"[connect-confluent]", 1u << CDC_TARGET_CONNECT_CONFLUENT},
        {"[confluent, connect-confluent]", 0x2 | 0x10},
        {"[connect-debezium, flink, flink]", 0x8 | 0x1},
        {"[flink, confluent, kstreams, connect-debezium, connect-confluent]", 0x1F},
        {"\n  - kstreams\n  - connect-debezium", 0x4 | 0x8},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        cdc_config_defaults(&f->c);
        char text[200];
        snprintf(text, sizeof text, "targets: %s\n", cases[i].list);
        if (!load(f, text))
            fail_msg("'%s' rejected", cases[i].list);
        assert_int_equal(f->c.targets, cases[i].mask);
    }
    assert_int_equal(f->d.count, 0);
}

/* An empty list must not silently mean "every target". */
static void test_targets_empty_list(void **state)
{
    fix *f = *state;
    bool ok = load(f, "targets: []\n");
    if (ok) {
        assert_int_equal(f->c.targets, 0);
        assert_int_equal(f->d.count, 0);
    } else {
        assert_int_equal(f->d.nerrors, 1);
    }
}

static void test_literal_password(void **state)
{
    fix *f = *state;
    assert_false(load(f, "database:\n  password: hunter2\n"));
    const cdc_diag *g = only_error(f, "literal-secret");
    assert_string_equal(g->msg, "'database.password' must be a config-provider reference such "
                                "as ${env:DB_PASSWORD} or ${file:/etc/secrets.properties:key}, "
                                "never the secret itself");
    assert_string_equal(g->src->path, f->path);
    assert_int_equal(g->pos.line, 0);
    /* The message never repeats the secret. */
    assert_null(strstr(g->msg, "hunter2"));
}

static void test_literal_confluent_secrets(void **state)
{
    fix *f = *state;
    assert_false(load(f, "confluent:\n  api_key: ABCDEF\n  api_secret: \"${env:}\"\n"));
    assert_int_equal(f->d.nerrors, 2);
    const cdc_diag *g = f->d.head;
    assert_string_equal(g->code, "literal-secret");
    assert_non_null(strstr(g->msg, "'confluent.api_key'"));
    g = g->next;
    assert_string_equal(g->code, "literal-secret");
    assert_non_null(strstr(g->msg, "'confluent.api_secret'"));
}

/* Equal group ids: the error points at kafka.group_id's value, a note at
 * streams.application_id's. */
static void test_shared_group(void **state)
{
    fix *f = *state;
    assert_false(load(f, "kafka:\n  group_id: router\nstreams:\n  application_id: router\n"));
    const cdc_diag *g = only_error(f, "shared-group");
    assert_non_null(strstr(g->msg, "'kafka.group_id' and 'streams.application_id' are both "
                                   "'router'"));
    assert_int_equal(g->pos.line, 2);
    assert_int_equal(g->pos.col, 13);
    assert_non_null(g->notes);
    assert_int_equal(g->notes->pos.line, 4);
    assert_int_equal(g->notes->pos.col, 19);
    /* one key set to the other's default: located at the key that is set */
    cdc_config_defaults(&f->c);
    assert_false(load(f, "streams:\n  application_id: cdcgen-router-flink\n"));
    g = f->d.last;
    assert_string_equal(g->code, "shared-group");
    assert_int_equal(g->pos.line, 2);
    assert_null(g->notes);
}

static void test_shared_group_distinct_or_empty(void **state)
{
    fix *f = *state;
    assert_true(load(f, "kafka:\n  group_id: a\nstreams:\n  application_id: b\n"));
    /* empty: Flink generates a group of its own (application_id cannot be empty) */
    assert_true(load(f, "kafka:\n  group_id: \"\"\nstreams:\n  application_id: b\n"));
    assert_int_equal(f->d.nerrors, 0);
}

static void test_checkpoint_interval(void **state)
{
    fix *f = *state;
    static const char *const good[] = {"10s", "500ms", "1 min", "2h", "1d", "30000"};
    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        char *text = cdc_arena_printf(f->a, "flink:\n  checkpoint_interval: \"%s\"\n", good[i]);
        assert_true(load(f, text));
        assert_string_equal(f->c.checkpoint_interval, good[i]);
    }
    static const char *const bad[] = {"0s", "", "10 seconds", "-1s", "10s;", "1.5s", "s"};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        cdc_config_defaults(&f->c);
        char *text = cdc_arena_printf(f->a, "flink:\n  checkpoint_interval: \"%s\"\n", bad[i]);
        unsigned before = f->d.nerrors;
        assert_false(load(f, text));
        assert_int_equal(f->d.nerrors, before + 1);
    }
}

static void test_secret_refs_accepted(void **state)
{
    fix *f = *state;
    assert_true(load(f, "database:\n  password: \"${file:/p:k}\"\n"
                        "confluent:\n  api_key: \"${env:K}\"\n  api_secret: \"${vault:a/b:c}\"\n"));
    assert_int_equal(f->d.count, 0);
    assert_string_equal(f->c.db_password, "${file:/p:k}");
}

static void test_is_secret_ref(void **state)
{
    (void)state;
    assert_true(cdc_config_is_secret_ref("${env:X}"));
    assert_true(cdc_config_is_secret_ref("${env:DB_PASSWORD}"));
    assert_true(cdc_config_is_secret_ref("${file:/p:k}"));
    assert_true(cdc_config_is_secret_ref("${file:/etc/secrets.properties:key}"));
    assert_false(cdc_config_is_secret_ref("abc"));
    assert_false(cdc_config_is_secret_ref(""));
    assert_false(cdc_config_is_secret_ref("${env:}"));
    assert_false(cdc_config_is_secret_ref("${:x}"));
    assert_false(cdc_config_is_secret_ref("${env:X}extra"));
    assert_false(cdc_config_is_secret_ref("prefix${env:X}"));
    assert_false(cdc_config_is_secret_ref("${env:X"));
    assert_false(cdc_config_is_secret_ref("${env}"));
    assert_false(cdc_config_is_secret_ref("${}"));
    assert_false(cdc_config_is_secret_ref("$env:X"));
    assert_false(cdc_config_is_secret_ref("{env:X}"));
    assert_false(cdc_config_is_secret_ref("${en v:X}"));
}

static void test_target_names(void **state)
{
    (void)state;
    static const struct {
        const char *name, *file;
    } want[] = {
        {"flink", "flink.sql"},
        {"confluent", "confluent.sql"},
        {"kstreams", "kstreams-topology.json"},
        {"connect-debezium", "connect-debezium.json"},
        {"connect-confluent", "connect-confluent.json"},
        {"topics", "topics.json"},
        {"topics-script", "topics.sh"},
        {"json-schema", "json-schemas.json"},
        {"avro", "avro-schemas.json"},
        {"postgres", "postgres.sql"},
    };
    _Static_assert(ARRAY_SIZE(want) == CDC_TARGET__COUNT, "a name and a file per target");
    for (int i = 0; i < CDC_TARGET__COUNT; i++) {
        assert_string_equal(cdc_target_name((cdc_target)i), want[i].name);
        assert_string_equal(cdc_target_filename((cdc_target)i), want[i].file);
        cdc_target t = CDC_TARGET__COUNT;
        assert_true(cdc_target_parse(want[i].name, &t));
        assert_int_equal(t, i);
    }
    cdc_target t = CDC_TARGET_KSTREAMS;
    assert_false(cdc_target_parse("Flink", &t));
    assert_false(cdc_target_parse("", &t));
    assert_false(cdc_target_parse("connect", &t));
    assert_int_equal(t, CDC_TARGET_KSTREAMS);
}

/* ---- cdc_config_find ---- */

static void test_config_find(void **state)
{
    fix *f = *state;
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char sub[128], subsub[160];
    snprintf(sub, sizeof sub, "%s/a", f->dir);
    snprintf(subsub, sizeof subsub, "%s/a/b", f->dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(mkdir(subsub, 0700), 0);
    write_file(f->path, "kafka:\n  group_id: found\n");

    assert_int_equal(chdir(f->dir), 0);
    const char *here = cdc_config_find(f->a);
    assert_int_equal(chdir(subsub), 0);
    const char *up2 = cdc_config_find(f->a);
    assert_int_equal(chdir(cwd), 0);
    rmdir(subsub);
    rmdir(sub);

    assert_non_null(here);
    assert_string_equal(here, "cdcgen.yaml");
    assert_non_null(up2);
    assert_string_equal(up2, "../../cdcgen.yaml");
}

/* ---- value rules (keys.c, values.c) ---- */

/* Each value breaks its rule: one config-value error, located at the value. */
static void test_bad_values_located(void **state)
{
    fix *f = *state;
    static const struct {
        const char *section, *key, *value;
    } cases[] = {
        {"kafka", "source_topic", "\"\""}, /* the crash of an empty topic */
        {"kafka", "source_topic", "\"..\""},
        {"kafka", "source_topic", "a/b"},
        {"kafka", "bootstrap_servers", "\"\""},
        {"kafka", "bootstrap_servers", "localhost"},
        {"kafka", "bootstrap_servers", "\"a:9092,\""},
        {"kafka", "bootstrap_servers", "\"a:0\""},
        {"kafka", "bootstrap_servers", "\"a b:9092\""},
        {"kafka", "group_id", "\"a\\tb\""},
        {"topics", "flink_suffix", "\"-f!\""},
        {"streams", "application_id", "\"\""},
        {"streams", "source_format", "avro"},
        {"streams", "dead_letter_topic", "\"..\""},
        {"streams", "dead_letter_topic", "\"dlq topic\""},
        {"database", "hostname", "\"\""},
        {"database", "hostname", "\"db host\""},
        {"database", "port", "\"\""},
        {"database", "port", "http"},
        {"database", "port", "\"65536\""},
        {"database", "dbname", "\"\""},
        {"database", "user", "\"\""},
        {"database", "sslmode", "\"\""},
        {"database", "sslmode", "maybe"},
        {"connector", "topic_prefix", "\"\""},
        {"connector", "slot_name", "Slot"},
        {"connector", "slot_name", "\"1slot\""},
        {"connector", "publication_name", "\"\""},
        {"connector", "debezium_name", "\"a/b\""},
        {"connector", "confluent_name", "\"\""},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        cdc_arena_free(f->a);
        f->a = cdc_arena_new();
        cdc_diags_init(&f->d, f->a);
        cdc_config_defaults(&f->c);
        char text[256], name[128];
        snprintf(text, sizeof text, "%s:\n  %s: %s\n", cases[i].section, cases[i].key,
                 cases[i].value);
        snprintf(name, sizeof name, "'%s.%s' ", cases[i].section, cases[i].key);
        if (load(f, text))
            fail_msg("accepted: %s", text);
        const cdc_diag *g = only_error(f, "config-value");
        if (strncmp(g->msg, name, strlen(name)) != 0)
            fail_msg("message for %s: %s", text, g->msg);
        assert_int_equal(g->pos.line, 2);
        assert_int_equal(g->pos.col, strlen(cases[i].key) + 5);
    }
}

static void test_good_values(void **state)
{
    fix *f = *state;
    assert_true(load(f,
                     "kafka:\n  bootstrap_servers: \"k1:9092,k-2.example.com:19092,[::1]:9092\"\n"
                     "  group_id: \"\"\n"
                     "topics:\n  flink_suffix: \"\"\n  streams_suffix: .s_2\n"
                     "database:\n  hostname: \"${env:DB_HOST}\"\n  port: \"${env:DB_PORT}\"\n"
                     "  user: \"${env:DB_USER}\"\n  sslmode: verify-full\n"
                     "connector:\n  slot_name: _slot_1\n  debezium_name: My.Connector_1\n"));
    assert_int_equal(f->d.count, 0);
}

/* An empty value says so. */
static void test_empty_value_message(void **state)
{
    fix *f = *state;
    assert_false(load(f, "database:\n  hostname: ''\n"));
    const cdc_diag *g = only_error(f, "config-value");
    assert_non_null(strstr(g->msg, "'database.hostname' is empty; it must be"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_default_bootstrap_servers),
        T(test_load_every_section),
        T(test_load_partial_keeps_defaults),
        T(test_load_empty_file),
        T(test_unknown_key),
        T(test_unknown_nested_key),
        T(test_wrong_shape),
        T(test_invalid_yaml),
        T(test_alias_rejected_with_reason),
        T(test_duplicate_key),
        T(test_every_mistake_at_once),
        T(test_scalar_types),
        T(test_values_checked_with_shape_mistakes),
        T(test_port_takes_number),
        T(test_secret_never_located),
        T(test_null_document),
        T(test_top_level_not_a_mapping),
        T(test_shape_from_table),
        T(test_shape_keeps_good_items),
        T(test_rules_beside_shape_mistakes),
        T(test_missing_file),
        T(test_unknown_target),
        T(test_targets_mask),
        T(test_targets_empty_list),
        T(test_literal_password),
        T(test_literal_confluent_secrets),
        T(test_secret_refs_accepted),
        T(test_shared_group),
        T(test_shared_group_distinct_or_empty),
        T(test_checkpoint_interval),
        cmocka_unit_test(test_is_secret_ref),
        cmocka_unit_test(test_target_names),
        T(test_config_find),
        T(test_bad_values_located),
        T(test_good_values),
        T(test_empty_value_message),
    };
#undef T
    return cmocka_run_group_tests_name("config", tests, NULL, NULL) ? 1 : 0;
}

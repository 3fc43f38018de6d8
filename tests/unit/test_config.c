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

#include "cdcgen/config.h"

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
    assert_int_equal(c.targets, 0x1F);
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
    const cdc_diag *g = only_error(f, "config");
    assert_non_null(g->src);
    assert_string_equal(g->src->path, f->path);
    assert_int_equal(g->pos.line, 0);
    assert_memory_equal(g->msg, "invalid config: ", 16);
    assert_non_null(strstr(g->msg, "colour"));
    assert_null(strchr(g->msg, '\n')); /* one line */
    /* Defaults untouched. */
    assert_string_equal(f->c.source_topic, "raw-event-headers");
}

static void test_unknown_nested_key(void **state)
{
    fix *f = *state;
    assert_false(load(f, "kafka:\n  bootstrap_server: x\n"));
    const cdc_diag *g = only_error(f, "config");
    assert_non_null(strstr(g->msg, "bootstrap_server"));
    cdc_config def;
    cdc_config_defaults(&def);
    assert_string_equal(f->c.bootstrap_servers, def.bootstrap_servers); /* untouched */
    assert_null(f->c.path);
}

static void test_wrong_shape(void **state)
{
    fix *f = *state;
    assert_false(load(f, "targets: flink\n"));
    const cdc_diag *g = only_error(f, "config");
    assert_non_null(strstr(g->msg, "targets"));
}

static void test_invalid_yaml(void **state)
{
    fix *f = *state;
    assert_false(load(f, "kafka: [1\n"));
    only_error(f, "config");
}

/* The reason must survive into the message, not only libcyaml's backtrace. */
static void test_alias_rejected_with_reason(void **state)
{
    fix *f = *state;
    assert_false(load(f, "kafka:\n  group_id: &g a\n  source_topic: *g\n"));
    const cdc_diag *g = only_error(f, "config");
    if (!contains_nocase(g->msg, "alias"))
        fail_msg("message does not say why: %s", g->msg);
}

static void test_missing_file(void **state)
{
    fix *f = *state;
    assert_false(cdc_config_load(&f->c, f->a, "/nonexistent/dir/cdcgen.yaml", &f->d));
    const cdc_diag *g = only_error(f, "io");
    assert_null(g->src);
    assert_string_equal(g->msg, "cannot read config '/nonexistent/dir/cdcgen.yaml'");
    assert_null(f->c.path);
}

static void test_unknown_target(void **state)
{
    fix *f = *state;
    assert_false(load(f, "targets: [flink, spark]\n"));
    const cdc_diag *g = only_error(f, "config");
    assert_string_equal(g->msg, "unknown target 'spark' (flink, confluent, kstreams, "
                                "connect-debezium, connect-confluent)");
    assert_string_equal(g->src->path, f->path);
    assert_int_equal(g->pos.line, 0);
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
    /* empty: Flink generates a group of its own */
    assert_true(load(f, "kafka:\n  group_id: \"\"\nstreams:\n  application_id: \"\"\n"));
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
    static const char *const names[] = {"flink", "confluent", "kstreams", "connect-debezium",
                                        "connect-confluent"};
    static const char *const files[] = {"flink.sql", "confluent.sql", "kstreams-topology.json",
                                        "connect-debezium.json", "connect-confluent.json"};
    for (int i = 0; i < CDC_TARGET__COUNT; i++) {
        assert_string_equal(cdc_target_name((cdc_target)i), names[i]);
        assert_string_equal(cdc_target_filename((cdc_target)i), files[i]);
        cdc_target t = CDC_TARGET__COUNT;
        assert_true(cdc_target_parse(names[i], &t));
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
    };
#undef T
    return cmocka_run_group_tests_name("config", tests, NULL, NULL) ? 1 : 0;
}

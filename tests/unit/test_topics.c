/* test_topics.c: unit tests of the live clients' parts that need no
 * broker: the topic manifest reader (live/topics.c) on manifests written
 * by hand, and the Kafka client's settings (live/kafka.c): which
 * properties are secrets, and settings refused before any connection,
 * with no secret in the reason. The broker side is tests/topics/run.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/live/kafka.h"
#include "cdcgen/live/topics.h"

/* Reads text as a manifest; returns whether it was accepted, the reason in err. */
static bool read_text(cdc_arena *a, const char *text, cdc_topic_set *set, cdc_buf *err)
{
    cdc_buf_reset(err);
    return cdc_topics_read_manifest(a, text, strlen(text), "m.json", set, err);
}

static void test_manifest_read(void **state)
{
    (void)state;
    cdc_arena *a = cdc_arena_new();
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    cdc_topic_set set;
    assert_true(read_text(
        a,
        "{\"formatVersion\": 1, \"bootstrapServers\": \"k:9092\", \"topics\": ["
        "{\"name\": \"raw\", \"partitions\": 6, \"replicationFactor\": 3,"
        " \"config\": {\"cleanup.policy\": \"compact,delete\", \"retention.ms\": \"-1\"}},"
        "{\"name\": \"out.a_b-c\", \"partitions\": 1, \"replicationFactor\": 1}]}",
        &set, &err));
    assert_string_equal(set.bootstrap_servers, "k:9092");
    assert_int_equal(set.n, 2);
    assert_string_equal(set.v[0].name, "raw");
    assert_int_equal(set.v[0].partitions, 6);
    assert_int_equal(set.v[0].replication_factor, 3);
    assert_int_equal(set.v[0].nconfigs, 2);
    assert_string_equal(set.v[0].configs[0].key, "cleanup.policy");
    assert_string_equal(set.v[0].configs[0].value, "compact,delete");
    assert_string_equal(set.v[0].configs[1].value, "-1");
    assert_string_equal(set.v[1].name, "out.a_b-c");
    assert_int_equal(set.v[1].nconfigs, 0);
    cdc_buf_release(&err);
    cdc_arena_free(a);
}

static void test_manifest_refused(void **state)
{
    (void)state;
    static const struct {
        const char *text, *reason;
    } cases[] = {
        {"not json", "not a topic manifest"},
        {"[]", "no \"topics\" array"},
        {"{\"formatVersion\": 2, \"topics\": []}", "formatVersion must be 1"},
        {"{\"topics\": [1]}", "topics[0]: not an object"},
        {"{\"topics\": [{\"name\": \"a b\", \"partitions\": 1, \"replicationFactor\": 1}]}",
         "\"name\" must be a Kafka topic name"},
        {"{\"topics\": [{\"name\": \"..\", \"partitions\": 1, \"replicationFactor\": 1}]}",
         "\"name\" must be a Kafka topic name"},
        {"{\"topics\": [{\"name\": \"a\", \"partitions\": 0, \"replicationFactor\": 1}]}",
         "\"partitions\" of a must be a count"},
        {"{\"topics\": [{\"name\": \"a\", \"partitions\": 1, \"replicationFactor\": 40000}]}",
         "\"replicationFactor\" of a must be between 1 and 32767"},
        {"{\"topics\": [{\"name\": \"a\", \"partitions\": 1, \"replicationFactor\": 1,"
         " \"config\": {\"retention.ms\": 5}}]}",
         "\"config\" of a must be an object of strings"},
        {"{\"topics\": [{\"name\": \"a\", \"partitions\": 1, \"replicationFactor\": 1},"
         " {\"name\": \"a\", \"partitions\": 2, \"replicationFactor\": 1}]}",
         "topics[1]: topic a is declared twice"},
    };
    cdc_arena *a = cdc_arena_new();
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cdc_topic_set set;
        assert_false(read_text(a, cases[i].text, &set, &err));
        if (!strstr(err.data, cases[i].reason))
            fail_msg("case %zu: '%s' does not say '%s'", i, err.data, cases[i].reason);
        assert_non_null(strstr(err.data, "m.json"));
    }
    cdc_buf_release(&err);
    cdc_arena_free(a);
}

static void test_secret_keys(void **state)
{
    (void)state;
    static const char *const secret[] = {"sasl.password",
                                         "ssl.key.password",
                                         "ssl.keystore.password",
                                         "ssl.key.pem",
                                         "sasl.oauthbearer.client.secret",
                                         "sasl.oauthbearer.config"};
    static const char *const plain[] = {"bootstrap.servers", "sasl.username", "security.protocol",
                                        "ssl.ca.location", "sasl.mechanisms"};
    for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++)
        if (!cdc_kafka_is_secret(secret[i]))
            fail_msg("%s is not taken for a secret", secret[i]);
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (cdc_kafka_is_secret(plain[i]))
            fail_msg("%s is taken for a secret", plain[i]);
}

/* cdc_kafka_open on -X props (NULL-terminated): false, the reason holding want. */
static void assert_refused(const char *const *props, const char *want, const char *never)
{
    cdc_kafka_settings s = {.timeout_ms = 1000};
    for (; *props; props++)
        cdc_kafka_settings_add(&s, *props);
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    cdc_kafka k;
    bool opened = cdc_kafka_open(&k, &s, "127.0.0.1:9", &err);
    if (opened)
        cdc_kafka_close(&k);
    assert_false(opened);
    if (!strstr(err.data, want))
        fail_msg("'%s' does not say '%s'", err.data, want);
    if (never && strstr(err.data, never))
        fail_msg("'%s' shows '%s'", err.data, never);
    cdc_buf_release(&err);
    cdc_kafka_settings_release(&s);
}

static void test_settings_refused(void **state)
{
    (void)state;
    unsetenv("KAFKA_API_KEY");
    unsetenv("KAFKA_API_SECRET");
    assert_refused((const char *[]){"sasl.passwrd=hunter2-x", NULL},
                   "unknown librdkafka property 'sasl.passwrd'", "hunter2-x");
    assert_refused((const char *[]){"no-equals-sign", NULL}, "-X: expected KEY=VALUE", NULL);
    assert_refused((const char *[]){"security.protocol=carrier-pigeon", NULL}, "security.protocol",
                   NULL);
    assert_refused((const char *[]){"bootstrap.servers=", NULL}, "no bootstrap servers", NULL);
    setenv("KAFKA_API_SECRET", "hunter2-y", 1);
    assert_refused((const char *[]){NULL}, "KAFKA_API_SECRET is set but KAFKA_API_KEY is not",
                   "hunter2-y");
    unsetenv("KAFKA_API_SECRET");
}

static void test_settings_layered(void **state)
{
    (void)state;
    unsetenv("KAFKA_API_KEY");
    unsetenv("KAFKA_API_SECRET");
    setenv("KAFKA_BOOTSTRAP_SERVERS", "env:1", 1);
    cdc_kafka_settings s = {.timeout_ms = 1000};
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    cdc_kafka k;
    assert_true(cdc_kafka_open(&k, &s, "project:1", &err));
    assert_string_equal(k.bootstrap, "env:1");
    cdc_kafka_close(&k);
    cdc_kafka_settings_add(&s, "bootstrap.servers=x:1");
    assert_true(cdc_kafka_open(&k, &s, "project:1", &err));
    assert_string_equal(k.bootstrap, "x:1");
    cdc_kafka_close(&k);
    s.bootstrap_servers = "flag:1";
    assert_true(cdc_kafka_open(&k, &s, "project:1", &err));
    assert_string_equal(k.bootstrap, "flag:1");
    cdc_kafka_close(&k);
    unsetenv("KAFKA_BOOTSTRAP_SERVERS");
    cdc_kafka_settings_release(&s);
    cdc_buf_release(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_read),    cmocka_unit_test(test_manifest_refused),
        cmocka_unit_test(test_secret_keys),      cmocka_unit_test(test_settings_refused),
        cmocka_unit_test(test_settings_layered),
    };
    return cmocka_run_group_tests_name("topics", tests, NULL, NULL);
}

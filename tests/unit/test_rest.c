/* test_rest.c: unit tests of the REST clients' parts that need no server:
 * the HTTP client's URL handling (live/http.c: what messages show of a
 * URL, which URLs it refuses, path segments), and the connector's
 * (live/connect.c: which keys are secrets, how values are shown, the
 * generated body read). The servers' side is tests/cluster/run.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/live/connect.h"
#include "cdcgen/live/http.h"

static void test_url_shown_without_credentials(void **state)
{
    (void)state;
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    cdc_http h;
    assert_true(cdc_http_init(&h, "http://ops:hunter2@connect.example:8083/", NULL, 1000, &err));
    assert_string_equal(h.shown, "http://connect.example:8083");
    assert_null(strstr(h.shown, "hunter2"));
    assert_true(cdc_http_init(&h, "https://flink:8081/api/", NULL, 1000, &err));
    assert_string_equal(h.shown, "https://flink:8081/api");
    assert_int_equal(err.len, 0);
    cdc_buf_release(&err);
}

static void test_url_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"ftp://host:21", "connect:8083",       "",
                                      "http://",       "file:///etc/passwd", "ftp://u:secret9@h"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cdc_buf err = CDC_BUF_INIT;
        cdc_buf_init(&err);
        cdc_http h;
        assert_false(cdc_http_init(&h, bad[i], NULL, 1000, &err));
        assert_non_null(strstr(err.data, "not an http:// or https:// URL"));
        assert_null(strstr(err.data, "secret9"));
        cdc_buf_release(&err);
    }
}

static void test_credentials_from_the_environment(void **state)
{
    (void)state;
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    cdc_http h;
    setenv("CDCGEN_TEST_AUTH", "ops:s3cret", 1);
    assert_true(cdc_http_init(&h, "http://c:1", "CDCGEN_TEST_AUTH", 1000, &err));
    assert_string_equal(h.userpwd, "ops:s3cret");
    setenv("CDCGEN_TEST_AUTH", "", 1);
    assert_true(cdc_http_init(&h, "http://c:1", "CDCGEN_TEST_AUTH", 1000, &err));
    assert_null(h.userpwd);
    unsetenv("CDCGEN_TEST_AUTH");
    cdc_buf_release(&err);
}

static void test_path_segment(void **state)
{
    (void)state;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_http_put_segment(&b, "event-headers_debezium.v2");
    assert_string_equal(b.data, "event-headers_debezium.v2");
    cdc_buf_reset(&b);
    cdc_http_put_segment(&b, "a b/c?d%");
    assert_string_equal(b.data, "a%20b%2Fc%3Fd%25");
    cdc_buf_release(&b);
}

static void test_connect_secrets(void **state)
{
    (void)state;
    assert_true(cdc_connect_is_secret("database.password"));
    assert_true(cdc_connect_is_secret("kafka.api.secret"));
    assert_true(cdc_connect_is_secret("kafka.api.key"));
    assert_true(cdc_connect_is_secret("sasl.jaas.config"));
    assert_false(cdc_connect_is_secret("database.user"));
    assert_false(cdc_connect_is_secret("topic.prefix"));
    /* a literal secret is hidden; a reference is shown as it is */
    assert_string_equal(cdc_connect_shown("database.password", "hunter2"), "(hidden)");
    assert_string_equal(cdc_connect_shown("database.password", "${env:DB_PASSWORD}"),
                        "${env:DB_PASSWORD}");
    assert_string_equal(cdc_connect_shown("database.user", "cdc"), "cdc");
    assert_null(cdc_connect_shown("database.password", NULL));
}

static void test_generated_body(void **state)
{
    (void)state;
    cdc_arena *a = cdc_arena_new();
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    const char *name = NULL;
    json_t *config = NULL;
    const char *good = "{\"name\": \"c1\", \"config\": {\"tasks.max\": \"1\"}}";
    assert_true(cdc_connect_read_generated(a, good, strlen(good), &name, &config, &err));
    assert_string_equal(name, "c1");
    assert_string_equal(json_string_value(json_object_get(config, "tasks.max")), "1");
    json_decref(config);
    const char *bad = "{\"config\": {}}";
    assert_false(cdc_connect_read_generated(a, bad, strlen(bad), &name, &config, &err));
    assert_non_null(strstr(err.data, "\"name\""));
    cdc_buf_release(&err);
    cdc_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_shown_without_credentials),
        cmocka_unit_test(test_url_refused),
        cmocka_unit_test(test_credentials_from_the_environment),
        cmocka_unit_test(test_path_segment),
        cmocka_unit_test(test_connect_secrets),
        cmocka_unit_test(test_generated_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

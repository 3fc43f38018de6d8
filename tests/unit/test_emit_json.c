/* test_emit_json.c: unit tests of the JSON back ends (emit_kstreams.c,
 * emit_connect.c, emit_json_schema.c, emit_avro.c). Each test builds a small checked program by hand (as
 * check.c would leave it: fields resolved, literals typed), emits it, parses
 * the output back with jansson and asserts on the structure, so the tests
 * do not depend on formatting beyond what they name (final newline, stable
 * bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "cdcgen/back/emit_avro.h"
#include "cdcgen/back/emit_connect.h"
#include "cdcgen/back/emit_json_schema.h"
#include "cdcgen/back/emit_kstreams.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/schema.h"
#include "fixture.h"

/* ==================== building programs: fixture.h's builders ================ */

#define A fx_arena

/* A leaf comparing a column with one string. */
static cdc_cond *leaf_str(const char *col, cdc_op op, const char *s)
{
    return fx_leaf(col, op, FX_LITS(fx_lit_str(s)));
}

/* The seed system's settings, filled by hand (config.c is not linked). */
static void config(cdc_config *c)
{
    memset(c, 0, sizeof *c);
    c->source_topic = "raw-event-headers";
    c->bootstrap_servers = "kafka:9092";
    c->group_id = "cdcgen-router";
    c->flink_suffix = "-flink";
    c->streams_suffix = "-spring";
    c->application_id = "cdcgen-router";
    c->source_format = "json";
    c->dead_letter_topic = "";
    c->db_hostname = "postgres";
    c->db_port = "5432";
    c->db_name = "events";
    c->db_user = "cdc";
    c->db_password = "${env:DB_PASSWORD}";
    c->db_sslmode = "prefer";
    c->topic_prefix = "raw";
    c->slot_name = "cdcgen_slot";
    c->publication_name = "cdcgen_publication";
    c->debezium_connector_name = "event-headers-source";
    c->confluent_connector_name = "event-headers-source-cc";
    c->kafka_api_key = "${env:KAFKA_API_KEY}";
    c->kafka_api_secret = "${env:KAFKA_API_SECRET}";
}

typedef void (*emit_fn)(const cdc_program *, const cdc_config *, cdc_buf *);

/* Emits p and parses the result; the text must end with exactly one "\n". */
static json_t *emit_parse(emit_fn fn, const cdc_program *p, const cdc_config *cfg)
{
    cdc_buf out = CDC_BUF_INIT;
    fx_emit(fn, p, A, cfg, &out);
    assert_non_null(out.data);
    assert_true(out.len >= 2);
    assert_int_equal(out.data[out.len - 1], '\n');
    assert_int_not_equal(out.data[out.len - 2], '\n');
    json_error_t err;
    json_t *root = json_loadb(out.data, out.len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        fail_msg("output does not parse: %s at %d:%d\n%s", err.text, err.line, err.column,
                 out.data);
    cdc_buf_release(&out);
    return root;
}

static json_t *kstreams(const cdc_program *p)
{
    cdc_config cfg;
    config(&cfg);
    return emit_parse(cdc_emit_kstreams, p, &cfg);
}

/* ============================== JSON helpers ============================== */

static json_t *get(const json_t *o, const char *key)
{
    assert_true(json_is_object(o));
    json_t *v = json_object_get(o, key);
    if (!v)
        fail_msg("missing key '%s'", key);
    return v;
}

static const char *gets(const json_t *o, const char *key)
{
    json_t *v = get(o, key);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static json_t *at(const json_t *a, size_t i)
{
    assert_true(json_is_array(a));
    assert_true(i < json_array_size(a));
    return json_array_get(a, i);
}

/* The predicate of branch i. */
static json_t *pred(const json_t *root, size_t i)
{
    return get(at(get(root, "branches"), i), "predicate");
}

/* The only argument of a one-condition filter's top-level and. */
static json_t *only_arg(const json_t *pr)
{
    assert_string_equal(gets(pr, "op"), "and");
    assert_int_equal(json_array_size(get(pr, "args")), 1);
    return at(get(pr, "args"), 0);
}

static void assert_value_str(const json_t *v, const char *s)
{
    assert_string_equal(gets(v, "type"), "string");
    assert_string_equal(gets(v, "value"), s);
    assert_int_equal(json_object_size(v), 2);
}

/* field {"column", "path": [], "type", "jsonText": false} of a plain column. */
static void assert_column_field(const json_t *leafj, const char *col, const char *type)
{
    json_t *f = get(leafj, "field");
    assert_string_equal(gets(f, "column"), col);
    assert_true(json_is_array(get(f, "path")));
    assert_int_equal(json_array_size(get(f, "path")), 0);
    assert_string_equal(gets(f, "type"), type);
    assert_true(json_is_false(get(f, "jsonText")));
}

/* ============================ Kafka Streams =============================== */

static void test_kstreams_top_level(void **state)
{
    (void)state;
    cdc_program *p = fx_program_of(
        1, fx_filter("car-created", "Filter car-created", "filtered-car-created-events",
                     leaf_str("event_type", CDC_OP_EQUALS, "CarCreated")));
    json_t *r = kstreams(p);
    assert_string_equal(gets(r, "generatedBy"), "cdcgen");
    assert_true(json_is_true(get(r, "doNotEdit")));
    assert_int_equal(json_integer_value(get(r, "formatVersion")), 1);
    json_t *srcs = get(r, "sources");
    assert_int_equal(json_array_size(srcs), 2);
    assert_string_equal(json_string_value(at(srcs, 0)), "filters/a.yaml");
    assert_string_equal(json_string_value(at(srcs, 1)), "filters/b.yaml");

    json_t *sem = get(r, "semantics");
    assert_string_equal(gets(sem, "logic"), "sql-three-valued");
    assert_string_equal(gets(sem, "routeWhen"), "TRUE");
    assert_string_equal(gets(sem, "missingField"), "NULL");
    assert_string_equal(gets(sem, "malformedValue"), "NULL");
    assert_string_equal(gets(get(sem, "regex"), "dialect"), "java");
    assert_string_equal(gets(get(sem, "regex"), "match"), "find");
    assert_string_equal(gets(sem, "strings"), "code-point-order");
    const char *desc = gets(sem, "description");
    assert_non_null(strstr(desc, "Kleene"));
    assert_non_null(strstr(desc, "notIn on a NULL field is UNKNOWN"));
    assert_non_null(strstr(desc, "between is inclusive"));

    assert_string_equal(gets(r, "applicationId"), "cdcgen-router");
    assert_string_equal(gets(r, "bootstrapServers"), "kafka:9092");
    json_t *src = get(r, "source");
    assert_string_equal(gets(src, "name"), "source");
    assert_string_equal(gets(src, "topic"), "raw-event-headers");
    assert_string_equal(gets(src, "keySerde"),
                        "org.apache.kafka.common.serialization.Serdes$ByteArraySerde");
    assert_string_equal(gets(src, "valueSerde"), "org.cdcgen.kstreams.EventSerde");
    assert_string_equal(gets(src, "valueFormat"), "json");
    assert_string_equal(gets(r, "processingGuarantee"), "at_least_once");
    json_t *errors = get(r, "deserializationErrors");
    assert_string_equal(gets(errors, "handler"), "org.cdcgen.kstreams.SkipUnreadableHandler");
    assert_string_equal(gets(errors, "action"), "log-count-skip");
    assert_null(json_object_get(errors, "deadLetterTopic"));

    json_t *schema = get(r, "schema");
    assert_string_equal(gets(schema, "table"), "event_headers");
    json_t *fields = get(schema, "fields");
    assert_int_equal(json_array_size(fields), fx_schema()->nfields);
    bool saw_ts = false, saw_json = false, saw_op = false, saw_created = false;
    for (size_t i = 0; i < json_array_size(fields); i++) {
        json_t *f = at(fields, i);
        const char *name = gets(f, "name");
        assert_string_equal(name, fx_schema()->fields[i].name);
        if (strcmp(name, "__ts_ms") == 0) {
            saw_ts = true;
            assert_string_equal(gets(f, "type"), "timestamp");
            assert_string_equal(gets(f, "encoding"), "epoch-millis");
        } else if (strcmp(name, "created_date") == 0) {
            saw_created = true;
            assert_string_equal(gets(f, "encoding"), "iso-8601");
        } else if (strcmp(name, "header_data") == 0) {
            saw_json = true;
            assert_string_equal(gets(f, "type"), "json");
            assert_string_equal(gets(f, "encoding"), "json-text");
            json_t *m = get(f, "members");
            assert_string_equal(gets(at(m, 0), "name"), "uuid");
        } else if (strcmp(name, "__op") == 0) {
            saw_op = true;
            json_t *en = get(f, "enum");
            assert_int_equal(json_array_size(en), 4);
            assert_string_equal(json_string_value(at(en, 0)), "c");
        } else if (strcmp(name, "event_type") == 0) {
            assert_null(json_object_get(f, "encoding"));
            assert_null(json_object_get(f, "enum"));
        }
    }
    assert_true(saw_ts && saw_json && saw_op && saw_created);

    json_t *b = at(get(r, "branches"), 0);
    assert_string_equal(gets(b, "name"), "car-created");
    assert_string_equal(gets(b, "filter"), "car-created");
    assert_string_equal(gets(b, "filterName"), "Filter car-created");
    assert_string_equal(gets(b, "consumerId"), "car-created-consumer");
    assert_string_equal(gets(b, "definedIn"), "filters/a.yaml");
    assert_string_equal(gets(b, "processor"), "filter-car-created");
    assert_null(json_object_get(b, "description"));
    json_decref(r);
}

static void test_kstreams_comparison_ops(void **state)
{
    (void)state;
    static const struct {
        cdc_op op;
        const char *name;
    } ops[] = {
        {CDC_OP_EQUALS, "equals"},      {CDC_OP_GT, "greaterThan"},
        {CDC_OP_LT, "lessThan"},        {CDC_OP_GE, "greaterThanOrEqual"},
        {CDC_OP_LE, "lessThanOrEqual"}, {CDC_OP_MATCHES, "matches"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
        cdc_program *p = fx_program_of(
            1, fx_filter("f", "F", "t", leaf_str("event_name", ops[i].op, "Loan\\d+$")));
        json_t *r = kstreams(p);
        json_t *l = only_arg(pred(r, 0));
        assert_string_equal(gets(l, "op"), ops[i].name);
        assert_column_field(l, "event_name", "string");
        assert_value_str(get(l, "value"), "Loan\\d+$");
        assert_int_equal(json_object_size(l), 3); /* op, field, value */
        json_decref(r);
    }
}

static void test_kstreams_set_ops(void **state)
{
    (void)state;
    cdc_program *p = fx_program_of(
        1, fx_filter("f", "F", "t",
                     fx_group(CDC_COND_ALL, 2,
                              fx_leaf("__op", CDC_OP_IN,
                                      FX_LITS(fx_lit_str("c"), fx_lit_str("u"), fx_lit_str("r"))),
                              fx_leaf("__op", CDC_OP_NOT_IN, FX_LITS(fx_lit_str("c"))))));
    json_t *r = kstreams(p);
    json_t *args = get(pred(r, 0), "args");
    json_t *in = at(args, 0), *nin = at(args, 1);
    assert_string_equal(gets(in, "op"), "in");
    assert_column_field(in, "__op", "string");
    assert_null(json_object_get(in, "value"));
    json_t *vals = get(in, "values");
    assert_int_equal(json_array_size(vals), 3);
    assert_value_str(at(vals, 0), "c");
    assert_value_str(at(vals, 1), "u");
    assert_value_str(at(vals, 2), "r");
    assert_string_equal(gets(nin, "op"), "notIn");
    assert_int_equal(json_array_size(get(nin, "values")), 1);
    json_decref(r);
}

static void test_kstreams_between_and_null_ops(void **state)
{
    (void)state;
    cdc_program *p =
        fx_program_of(1, fx_filter("f", "F", "t",
                                   fx_group(CDC_COND_ALL, 3,
                                            fx_leaf("__ts_ms", CDC_OP_BETWEEN,
                                                    FX_LITS(fx_lit_ts(INT64_C(1705314600000)),
                                                            fx_lit_ts(INT64_C(1705359600500)))),
                                            fx_leaf("event_name", CDC_OP_IS_NULL, FX_NOLITS),
                                            fx_leaf("event_type", CDC_OP_IS_NOT_NULL, FX_NOLITS))));
    json_t *r = kstreams(p);
    json_t *args = get(pred(r, 0), "args");
    json_t *bt = at(args, 0);
    assert_string_equal(gets(bt, "op"), "between");
    json_t *f = get(bt, "field");
    assert_string_equal(gets(f, "type"), "timestamp");
    assert_string_equal(gets(f, "encoding"), "epoch-millis");
    json_t *mn = get(bt, "min"), *mx = get(bt, "max");
    assert_string_equal(gets(mn, "type"), "timestamp");
    assert_true(json_is_integer(get(mn, "value")));
    assert_int_equal(json_integer_value(get(mn, "value")), INT64_C(1705314600000));
    assert_string_equal(gets(mn, "iso"), "2024-01-15T10:30:00.000Z");
    assert_int_equal(json_integer_value(get(mx, "value")), INT64_C(1705359600500));
    assert_string_equal(gets(mx, "iso"), "2024-01-15T23:00:00.500Z");

    json_t *isn = at(args, 1), *isnn = at(args, 2);
    assert_string_equal(gets(isn, "op"), "isNull");
    assert_int_equal(json_object_size(isn), 2); /* op, field: no operand */
    assert_column_field(isn, "event_name", "string");
    assert_string_equal(gets(isnn, "op"), "isNotNull");
    assert_int_equal(json_object_size(isnn), 2);
    json_decref(r);
}

static void test_kstreams_nested_groups(void **state)
{
    (void)state;
    /* any( all(event_type = A, not(__op = d)), not(any(__deleted = true)) ) */
    cdc_cond *c =
        fx_group(CDC_COND_ANY, 2,
                 fx_group(CDC_COND_ALL, 2, leaf_str("event_type", CDC_OP_EQUALS, "A"),
                          fx_group(CDC_COND_NOT, 1, leaf_str("__op", CDC_OP_EQUALS, "d"))),
                 fx_group(CDC_COND_NOT, 1,
                          fx_group(CDC_COND_ANY, 1, leaf_str("__deleted", CDC_OP_EQUALS, "true"))));
    cdc_filter *f = fx_filter("nested", "Nested", "t", c);
    f->logic_or = true;
    json_t *r = kstreams(fx_program_of(1, f));
    json_t *top = pred(r, 0);
    assert_string_equal(gets(top, "op"), "or");
    assert_int_equal(json_object_size(top), 2);
    json_t *a = at(get(top, "args"), 0), *n = at(get(top, "args"), 1);
    assert_string_equal(gets(a, "op"), "and");
    assert_string_equal(gets(at(get(a, "args"), 0), "op"), "equals");
    json_t *n1 = at(get(a, "args"), 1);
    assert_string_equal(gets(n1, "op"), "not");
    assert_null(json_object_get(n1, "args"));
    assert_string_equal(gets(get(get(n1, "arg"), "field"), "column"), "__op");
    assert_string_equal(gets(n, "op"), "not");
    json_t *inner = get(n, "arg");
    assert_string_equal(gets(inner, "op"), "or");
    assert_value_str(get(at(get(inner, "args"), 0), "value"), "true");
    json_decref(r);
}

static void test_kstreams_json_paths(void **state)
{
    (void)state;
    cdc_program *p = fx_program_of(
        1, fx_filter("paths", "Paths", "t",
                     fx_group(CDC_COND_ALL, 4,
                              fx_jleaf(FX_PATH("dealerId"), CDC_TYPE_STRING, CDC_OP_EQUALS,
                                       FX_LITS(fx_lit_str("D-1"))),
                              fx_jleaf(FX_PATH("items", "[12]", "sku"), CDC_TYPE_STRING,
                                       CDC_OP_EQUALS, FX_LITS(fx_lit_str("S-9"))),
                              fx_jleaf(FX_PATH("createdDate"), CDC_TYPE_TIMESTAMP, CDC_OP_GE,
                                       FX_LITS(fx_lit_ts(INT64_C(1705314600000)))),
                              fx_leaf("header_data", CDC_OP_IS_NOT_NULL, FX_NOLITS))));
    json_t *r = kstreams(p);
    json_t *args = get(pred(r, 0), "args");

    json_t *f0 = get(at(args, 0), "field");
    assert_string_equal(gets(f0, "column"), "header_data");
    assert_int_equal(json_array_size(get(f0, "path")), 1);
    assert_string_equal(json_string_value(at(get(f0, "path"), 0)), "dealerId");
    assert_string_equal(gets(f0, "type"), "string");
    assert_true(json_is_true(get(f0, "jsonText")));
    assert_null(json_object_get(f0, "encoding"));

    json_t *path = get(get(at(args, 1), "field"), "path");
    assert_int_equal(json_array_size(path), 3);
    assert_string_equal(json_string_value(at(path, 0)), "items");
    assert_true(json_is_integer(at(path, 1))); /* array index, not the key "[12]" */
    assert_int_equal(json_integer_value(at(path, 1)), 12);
    assert_string_equal(json_string_value(at(path, 2)), "sku");

    json_t *f2 = get(at(args, 2), "field");
    assert_string_equal(gets(f2, "type"), "timestamp");
    assert_string_equal(gets(f2, "encoding"), "iso-8601"); /* ISO text inside the JSON */
    assert_true(json_is_true(get(f2, "jsonText")));

    json_t *f3 = get(at(args, 3), "field");
    assert_string_equal(gets(f3, "type"), "json");
    assert_int_equal(json_array_size(get(f3, "path")), 0);
    assert_true(json_is_false(get(f3, "jsonText"))); /* the column itself: no parsing */
    json_decref(r);
}

static void test_kstreams_typed_values(void **state)
{
    (void)state;
    cdc_program *p = fx_program_of(
        1, fx_filter("typed", "Typed", "t",
                     fx_group(CDC_COND_ALL, 5,
                              fx_jleaf(FX_PATH("amount"), CDC_TYPE_FLOAT, CDC_OP_GT,
                                       FX_LITS(fx_lit_float(0.1))),
                              fx_jleaf(FX_PATH("amount"), CDC_TYPE_FLOAT, CDC_OP_LT,
                                       FX_LITS(fx_lit_float(100.0))),
                              /* 2^53 + 1: not a double */
                              fx_jleaf(FX_PATH("count"), CDC_TYPE_INT, CDC_OP_EQUALS,
                                       FX_LITS(fx_lit_int(INT64_C(9007199254740993)))),
                              fx_jleaf(FX_PATH("flag"), CDC_TYPE_BOOLEAN, CDC_OP_EQUALS,
                                       FX_LITS(fx_lit_bool(true))),
                              fx_leaf("__ts_ms", CDC_OP_LT,
                                      FX_LITS(fx_lit_ts(INT64_C(1705312205000)))))));
    cdc_config cfg;
    config(&cfg);
    cdc_buf out = CDC_BUF_INIT;
    fx_emit(cdc_emit_kstreams, p, A, &cfg, &out);
    /* Shortest round-trip spelling, and reals stay reals. */
    assert_non_null(strstr(out.data, "\"value\": 0.1\n"));
    assert_non_null(strstr(out.data, "\"value\": 100.0\n"));
    assert_non_null(strstr(out.data, "\"value\": 9007199254740993\n"));
    cdc_buf_release(&out);

    json_t *r = kstreams(p);
    json_t *args = get(pred(r, 0), "args");
    json_t *f0 = get(at(args, 0), "value");
    assert_string_equal(gets(f0, "type"), "float");
    assert_true(json_is_real(get(f0, "value")));
    assert_true(json_real_value(get(f0, "value")) == 0.1);
    assert_true(json_is_real(get(get(at(args, 1), "value"), "value")));
    json_t *i = get(at(args, 2), "value");
    assert_string_equal(gets(i, "type"), "int");
    assert_true(json_is_integer(get(i, "value")));
    assert_int_equal(json_integer_value(get(i, "value")), INT64_C(9007199254740993));
    assert_string_equal(gets(get(at(args, 2), "field"), "type"), "int");
    json_t *b = get(at(args, 3), "value");
    assert_string_equal(gets(b, "type"), "boolean");
    assert_true(json_is_true(get(b, "value")));
    json_t *t = get(at(args, 4), "value");
    assert_string_equal(gets(t, "type"), "timestamp");
    assert_true(json_is_integer(get(t, "value")));
    assert_int_equal(json_integer_value(get(t, "value")), INT64_C(1705312205000));
    assert_string_equal(gets(t, "iso"), "2024-01-15T09:50:05.000Z");
    json_decref(r);
}

/* A float that needs 17 digits forces 17 for the document; every real
 * still reads back as the same double. */
static void test_kstreams_float_round_trip(void **state)
{
    (void)state;
    cdc_program *p =
        fx_program_of(1, fx_filter("fl", "Floats", "t",
                                   fx_jleaf(FX_PATH("x"), CDC_TYPE_FLOAT, CDC_OP_BETWEEN,
                                            FX_LITS(fx_lit_float(0.1), fx_lit_float(0.1 + 0.2)))));
    json_t *r = kstreams(p);
    json_t *l = at(get(pred(r, 0), "args"), 0);
    assert_true(json_real_value(get(get(l, "min"), "value")) == 0.1);
    assert_true(json_real_value(get(get(l, "max"), "value")) == 0.1 + 0.2);
    json_decref(r);
}

static void test_kstreams_disabled_absent(void **state)
{
    (void)state;
    cdc_filter *a =
        fx_filter("on-1", "On 1", "topic-a", leaf_str("event_type", CDC_OP_EQUALS, "A"));
    cdc_filter *b = fx_filter("off", "Off", "topic-b", leaf_str("event_type", CDC_OP_EQUALS, "B"));
    cdc_filter *c =
        fx_filter("on-2", "On 2", "topic-c", leaf_str("event_type", CDC_OP_EQUALS, "C"));
    c->src = fx_source(1);
    b->enabled = false;
    b->generated = false;
    json_t *r = kstreams(fx_program_of(3, a, b, c));
    json_t *br = get(r, "branches");
    assert_int_equal(json_array_size(br), 2);
    assert_string_equal(gets(at(br, 0), "name"), "on-1");
    assert_string_equal(gets(at(br, 1), "name"), "on-2");
    assert_string_equal(gets(at(br, 1), "definedIn"), "filters/b.yaml");
    json_t *nodes = get(at(get(get(r, "topology"), "subtopologies"), 0), "nodes");
    assert_int_equal(json_array_size(nodes), 6); /* source, route + 2 x (processor, sink) */
    for (size_t i = 0; i < json_array_size(nodes); i++)
        assert_null(strstr(gets(at(nodes, i), "name"), "off"));
    json_decref(r);
}

static void test_kstreams_sink_topics(void **state)
{
    (void)state;
    cdc_filter *a = fx_filter("a", "A", "filtered-loan-created-events",
                              leaf_str("event_type", CDC_OP_EQUALS, "A"));
    cdc_filter *b = fx_filter("b", "B", "filtered-loan-created-v2-spring",
                              leaf_str("event_type", CDC_OP_EQUALS, "B"));
    a->description.s = "Loan \"created\" events \xe2\x9c\x93";
    json_t *r = kstreams(fx_program_of(2, a, b));
    json_t *sa = get(at(get(r, "branches"), 0), "sink");
    assert_string_equal(gets(sa, "name"), "sink-a");
    assert_string_equal(gets(sa, "topic"), "filtered-loan-created-events-spring");
    assert_string_equal(gets(sa, "keySerde"),
                        "org.apache.kafka.common.serialization.Serdes$ByteArraySerde");
    assert_string_equal(gets(sa, "valueSerde"), "org.cdcgen.kstreams.EventSerde");
    json_t *sb = get(at(get(r, "branches"), 1), "sink");
    assert_string_equal(gets(sb, "topic"), "filtered-loan-created-v2-spring"); /* no double */
    assert_string_equal(gets(at(get(r, "branches"), 0), "description"),
                        "Loan \"created\" events \xe2\x9c\x93");
    json_decref(r);
}

static void test_kstreams_topology_nodes(void **state)
{
    (void)state;
    cdc_filter *a = fx_filter("a", "A", "ta", leaf_str("event_type", CDC_OP_EQUALS, "A"));
    cdc_filter *b = fx_filter("b", "B", "tb", leaf_str("event_type", CDC_OP_EQUALS, "B"));
    json_t *r = kstreams(fx_program_of(2, a, b));
    json_t *topo = get(r, "topology");
    assert_int_equal(json_array_size(get(topo, "globalStores")), 0);
    json_t *subs = get(topo, "subtopologies");
    assert_int_equal(json_array_size(subs), 1);
    assert_int_equal(json_integer_value(get(at(subs, 0), "id")), 0);
    json_t *nodes = get(at(subs, 0), "nodes");
    assert_int_equal(json_array_size(nodes), 6);

    json_t *src = at(nodes, 0);
    assert_string_equal(gets(src, "kind"), "source");
    assert_string_equal(gets(src, "name"), "source");
    assert_string_equal(json_string_value(at(get(src, "topics"), 0)), "raw-event-headers");
    assert_int_equal(json_array_size(get(src, "predecessors")), 0);
    assert_int_equal(json_array_size(get(src, "successors")), 1);
    assert_string_equal(json_string_value(at(get(src, "successors"), 0)), "route");

    /* the route node decides every branch and feeds each branch's processor */
    json_t *route = at(nodes, 1);
    assert_string_equal(gets(route, "kind"), "processor");
    assert_string_equal(gets(route, "name"), "route");
    assert_int_equal(json_array_size(get(route, "stores")), 0);
    assert_string_equal(json_string_value(at(get(route, "predecessors"), 0)), "source");
    assert_int_equal(json_array_size(get(route, "successors")), 2);
    assert_string_equal(json_string_value(at(get(route, "successors"), 0)), "filter-a");
    assert_string_equal(json_string_value(at(get(route, "successors"), 1)), "filter-b");

    json_t *pa = at(nodes, 2), *ka = at(nodes, 3);
    assert_string_equal(gets(pa, "kind"), "processor");
    assert_string_equal(gets(pa, "name"), "filter-a");
    assert_int_equal(json_array_size(get(pa, "stores")), 0);
    assert_string_equal(json_string_value(at(get(pa, "predecessors"), 0)), "route");
    assert_string_equal(json_string_value(at(get(pa, "successors"), 0)), "sink-a");
    assert_string_equal(gets(ka, "kind"), "sink");
    assert_string_equal(gets(ka, "name"), "sink-a");
    assert_string_equal(gets(ka, "topic"), "ta-spring");
    assert_string_equal(json_string_value(at(get(ka, "predecessors"), 0)), "filter-a");
    assert_int_equal(json_array_size(get(ka, "successors")), 0);
    assert_string_equal(gets(at(nodes, 5), "topic"), "tb-spring");
    json_decref(r);
}

static void test_kstreams_no_filters(void **state)
{
    (void)state;
    json_t *r = kstreams(fx_program_of(0));
    assert_int_equal(json_array_size(get(r, "branches")), 0);
    json_t *nodes = get(at(get(get(r, "topology"), "subtopologies"), 0), "nodes");
    assert_int_equal(json_array_size(nodes),
                     2); /* the source and a route node without successors */
    assert_int_equal(json_array_size(get(at(nodes, 1), "successors")), 0);
    json_decref(r);
}

static void test_kstreams_key_order(void **state)
{
    (void)state;
    cdc_filter *y =
        fx_filter("y", "Y", "ty",
                  fx_leaf("created_date", CDC_OP_LT, FX_LITS(fx_lit_ts(INT64_C(1705314600000)))));
    y->src = fx_source(1);
    cdc_program *p = fx_program_of(2,
                                   fx_filter("x", "X", "tx",
                                             fx_jleaf(FX_PATH("amount"), CDC_TYPE_FLOAT, CDC_OP_GE,
                                                      FX_LITS(fx_lit_float(2.5)))),
                                   y);
    cdc_config cfg;
    config(&cfg);
    cdc_buf one = CDC_BUF_INIT;
    fx_emit(cdc_emit_kstreams, p, A, &cfg, &one);
    /* Keys in insertion order, not sorted: generatedBy comes first. */
    assert_int_equal(strncmp(one.data, "{\n  \"generatedBy\": \"cdcgen\",\n", 29), 0);
    cdc_buf_release(&one);
}

/* ============================ connectors ================================== */

/* Every value of obj is a string. */
static void assert_all_strings(const json_t *obj)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        if (!json_is_string(v))
            fail_msg("'%s' is not a string", key);
    }
}

static void test_connect_debezium(void **state)
{
    (void)state;
    cdc_config cfg;
    config(&cfg);
    json_t *r = emit_parse(cdc_emit_connect_debezium, fx_program_of(0), &cfg);
    assert_int_equal(json_object_size(r), 2); /* exactly name and config */
    assert_string_equal(gets(r, "name"), "event-headers-source");
    json_t *c = get(r, "config");
    assert_all_strings(c);
    assert_string_equal(gets(c, "connector.class"),
                        "io.debezium.connector.postgresql.PostgresConnector");
    assert_string_equal(gets(c, "tasks.max"), "1");
    assert_string_equal(gets(c, "plugin.name"), "pgoutput");
    assert_string_equal(gets(c, "database.hostname"), "postgres");
    assert_string_equal(gets(c, "database.port"), "5432");
    assert_string_equal(gets(c, "database.user"), "cdc");
    assert_string_equal(gets(c, "database.password"), "${env:DB_PASSWORD}");
    assert_string_equal(gets(c, "database.dbname"), "events");
    assert_string_equal(gets(c, "database.sslmode"), "prefer");
    assert_string_equal(gets(c, "topic.prefix"), "raw");
    assert_string_equal(gets(c, "table.include.list"), "public\\.event_headers");
    assert_string_equal(gets(c, "slot.name"), "cdcgen_slot");
    assert_string_equal(gets(c, "publication.name"), "cdcgen_publication");
    assert_string_equal(gets(c, "publication.autocreate.mode"), "filtered");
    assert_string_equal(gets(c, "snapshot.mode"), "initial");
    assert_string_equal(gets(c, "decimal.handling.mode"), "string");
    assert_string_equal(gets(c, "tombstones.on.delete"), "false");
    assert_string_equal(gets(c, "key.converter"), "org.apache.kafka.connect.json.JsonConverter");
    assert_string_equal(gets(c, "key.converter.schemas.enable"), "false");
    assert_string_equal(gets(c, "value.converter"), "org.apache.kafka.connect.json.JsonConverter");
    assert_string_equal(gets(c, "value.converter.schemas.enable"), "false");
    assert_string_equal(gets(c, "transforms"), "flatten,route");
    assert_string_equal(gets(c, "transforms.flatten.type"),
                        "io.debezium.transforms.ExtractNewRecordState");
    assert_string_equal(gets(c, "transforms.flatten.add.fields"), "op,table,ts_ms");
    assert_string_equal(gets(c, "transforms.flatten.delete.tombstone.handling.mode"), "rewrite");
    /* Confluent Cloud's managed CDC connectors reserve the alias "unwrap". */
    assert_null(json_object_get(c, "transforms.unwrap.type"));
    assert_string_equal(gets(c, "transforms.route.type"),
                        "org.apache.kafka.connect.transforms.RegexRouter");
    assert_string_equal(gets(c, "transforms.route.regex"), "raw\\.public\\.event_headers");
    assert_string_equal(gets(c, "transforms.route.replacement"), "raw-event-headers");
    /* Removed or deprecated keys must not come back. */
    assert_null(json_object_get(c, "database.server.name"));
    assert_null(json_object_get(c, "transforms.flatten.delete.handling.mode"));
    assert_null(json_object_get(c, "transforms.flatten.drop.tombstones"));
    json_decref(r);
}

static void test_connect_confluent(void **state)
{
    (void)state;
    cdc_config cfg;
    config(&cfg);
    json_t *c = emit_parse(cdc_emit_connect_confluent, fx_program_of(0), &cfg);
    assert_all_strings(c);
    assert_null(json_object_get(c, "config")); /* flat */
    assert_string_equal(gets(c, "name"), "event-headers-source-cc");
    assert_string_equal(gets(c, "connector.class"), "PostgresCdcSourceV2");
    assert_string_equal(gets(c, "kafka.auth.mode"), "KAFKA_API_KEY");
    assert_string_equal(gets(c, "kafka.api.key"), "${env:KAFKA_API_KEY}");
    assert_string_equal(gets(c, "kafka.api.secret"), "${env:KAFKA_API_SECRET}");
    assert_string_equal(gets(c, "database.password"), "${env:DB_PASSWORD}");
    assert_string_equal(gets(c, "plugin.name"), "pgoutput");
    assert_string_equal(gets(c, "table.include.list"), "public\\.event_headers");
    assert_string_equal(gets(c, "publication.autocreate.mode"), "filtered");
    assert_string_equal(gets(c, "output.data.format"), "JSON_SR");
    assert_string_equal(gets(c, "after.state.only"), "false");
    assert_string_equal(gets(c, "tasks.max"), "1");
    assert_string_equal(gets(c, "transforms.flatten.delete.tombstone.handling.mode"), "rewrite");
    /* Confluent Cloud's managed CDC connectors reserve the alias "unwrap". */
    assert_null(json_object_get(c, "transforms.unwrap.type"));
    assert_string_equal(gets(c, "transforms.route.type"),
                        "io.confluent.connect.cloud.transforms.TopicRegexRouter");
    assert_string_equal(gets(c, "transforms.route.regex"), "raw\\.public\\.event_headers");
    assert_string_equal(gets(c, "transforms.route.replacement"), "raw-event-headers");
    assert_null(json_object_get(c, "key.converter")); /* output.*.format instead */
    json_decref(c);
}

/* Names Debezium must sanitize in the topic, and regex metacharacters. */
static void test_connect_odd_names(void **state)
{
    (void)state;
    static const cdc_schema odd = {
        .table = "order$lines", .pg_schema = "sales", .fields = NULL, .nfields = 0};
    cdc_program *p = fx_program_of(0);
    p->schema = &odd;
    cdc_config cfg;
    config(&cfg);
    cfg.topic_prefix = "erp.prod";
    json_t *r = emit_parse(cdc_emit_connect_debezium, p, &cfg);
    json_t *c = get(r, "config");
    /* Debezium writes topic erp.prod.sales.order_lines ('$' is not a topic char). */
    assert_string_equal(gets(c, "transforms.route.regex"), "erp\\.prod\\.sales\\.order_lines");
    /* The include list matches the table's real name. */
    assert_string_equal(gets(c, "table.include.list"), "sales\\.order\\$lines");
    json_decref(r);
}

/* The back ends append to the buffer; they do not reset it. */
/* ============================= topic schemas =============================== */

/* Both topic schema targets: a subject per topic of the manifest, each
 * naming the one schema, which holds every field of the schema in order,
 * typed and nullable as the field is. */
static void test_topic_schemas(void **state)
{
    (void)state;
    cdc_filter *a = fx_filter("a", "A", "loans", leaf_str("event_type", CDC_OP_EQUALS, "A"));
    cdc_filter *b = fx_filter("b", "B", "cars", leaf_str("event_type", CDC_OP_EQUALS, "B"));
    cdc_filter *off = fx_filter("off", "Off", "off", leaf_str("event_type", CDC_OP_EQUALS, "C"));
    off->enabled = false;
    off->generated = false; /* as check leaves it: no subject */
    const cdc_program *p = fx_program_of(3, a, b, off);
    const cdc_schema *s = p->schema;
    cdc_config cfg;
    config(&cfg);
    static const char *const topics[] = {"raw-event-headers", "loans-flink", "cars-flink",
                                         "loans-spring", "cars-spring"};
    json_t *js = emit_parse(cdc_emit_json_schema, p, &cfg);
    json_t *av = emit_parse(cdc_emit_avro, p, &cfg);
    assert_string_equal(gets(js, "schemaType"), "JSON");
    assert_string_equal(gets(av, "schemaType"), "AVRO");
    for (int k = 0; k < 2; k++) {
        json_t *subjects = get(k ? av : js, "subjects");
        assert_int_equal(json_array_size(subjects), ARRAY_SIZE(topics));
        for (size_t i = 0; i < ARRAY_SIZE(topics); i++) {
            json_t *sub = at(subjects, i);
            char want[64];
            snprintf(want, sizeof want, "%s-value", topics[i]);
            assert_string_equal(gets(sub, "topic"), topics[i]);
            assert_string_equal(gets(sub, "subject"), want);
            assert_string_equal(gets(sub, "schema"), s->table);
        }
        assert_int_equal(json_object_size(get(k ? av : js, "schemas")), 1);
    }

    json_t *props = get(get(get(js, "schemas"), s->table), "properties");
    json_t *required = get(get(get(js, "schemas"), s->table), "required");
    json_t *fields = get(get(get(av, "schemas"), s->table), "fields");
    assert_int_equal(json_object_size(props), s->nfields);
    assert_int_equal(json_array_size(fields), s->nfields);
    size_t nrequired = 0;
    const char *key;
    json_t *val;
    size_t i = 0;
    json_object_foreach(props, key, val)
    {
        const cdc_field *f = &s->fields[i];
        assert_string_equal(key, f->name); /* in the schema's order */
        json_t *field = at(fields, i);
        assert_string_equal(gets(field, "name"), f->name);
        bool deleted = strcmp(f->name, "__deleted") == 0;
        bool nullable = f->nullable || deleted;
        json_t *type = get(val, "type"), *atype = get(field, "type");
        /* JSON: [T, "null"] exactly when nullable; Avro: ["null", T] with default null */
        assert_int_equal(json_is_array(type), nullable);
        assert_int_equal(json_is_array(atype), nullable);
        if (nullable) {
            assert_string_equal(json_string_value(at(type, 1)), "null");
            assert_string_equal(json_string_value(at(atype, 0)), "null");
            assert_true(json_is_null(get(field, "default")));
        }
        const char *jt = json_string_value(nullable ? at(type, 0) : type);
        json_t *at0 = nullable ? at(atype, 1) : atype;
        const char *avt = json_is_string(at0) ? json_string_value(at0) : gets(at0, "type");
        switch (f->type) {
        case CDC_TYPE_INT:
            assert_string_equal(jt, "integer");
            assert_string_equal(avt, "long");
            break;
        case CDC_TYPE_TIMESTAMP:
            assert_string_equal(jt, f->epoch_ms ? "integer" : "string");
            assert_string_equal(avt, f->epoch_ms ? "long" : "string");
            if (f->epoch_ms)
                assert_string_equal(gets(at0, "logicalType"), "timestamp-millis");
            else
                assert_string_equal(gets(val, "format"), "date-time");
            break;
        case CDC_TYPE_JSON:
            assert_string_equal(jt, "string");
            assert_string_equal(gets(val, "contentMediaType"), "application/json");
            assert_string_equal(avt, "string");
            break;
        default: break;
        }
        if (!deleted) {
            assert_string_equal(json_string_value(at(required, nrequired)), f->name);
            nrequired++;
        }
        i++;
    }
    assert_int_equal(json_array_size(required), nrequired);
    assert_true(json_is_false(get(get(get(js, "schemas"), s->table), "additionalProperties")));
    json_decref(js);
    json_decref(av);
}

static void test_avro_names(void **state)
{
    (void)state;
    assert_true(cdc_avro_name("event_type"));
    assert_true(cdc_avro_name("__op"));
    assert_true(cdc_avro_name("_2nd"));
    assert_true(cdc_avro_name("Z9"));
    assert_false(cdc_avro_name(""));
    assert_false(cdc_avro_name("2nd"));
    assert_false(cdc_avro_name("event-type"));
    assert_false(cdc_avro_name("event type"));
    assert_false(cdc_avro_name("caf\xc3\xa9"));
}

static void test_emit_appends(void **state)
{
    (void)state;
    cdc_config cfg;
    config(&cfg);
    cdc_buf out = CDC_BUF_INIT;
    cdc_buf_puts(&out, "prefix");
    fx_emit(cdc_emit_connect_debezium, fx_program_of(0), A, &cfg, &out);
    assert_int_equal(strncmp(out.data, "prefix{", 7), 0);
    cdc_buf_release(&out);
}

/* ================================ runner =================================== */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kstreams_top_level, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_comparison_ops, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_set_ops, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_between_and_null_ops, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_nested_groups, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_json_paths, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_typed_values, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_float_round_trip, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_disabled_absent, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_sink_topics, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_topology_nodes, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_no_filters, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kstreams_key_order, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_connect_debezium, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_connect_confluent, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_connect_odd_names, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_topic_schemas, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test(test_avro_names),
        cmocka_unit_test_setup_teardown(test_emit_appends, fx_arena_setup, fx_arena_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

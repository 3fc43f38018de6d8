/* Unit tests for emit_flink.c: the Apache Flink and Confluent Cloud SQL back
 * ends. Programs are built by hand as check.c would leave them (fields
 * resolved and typed, literals typed), and the tests look for exact pieces
 * of the SQL. With CDCGEN_SQL_OUT=DIR set, test_write_kitchen_sink also
 * writes DIR/flink.sql and DIR/confluent.sql for the dt-sql-parser check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cdcgen/back/emit_flink.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/instant.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/regex.h"
#include "cdcgen/lang/schema.h"
#include "fixture.h"

/* ---- building checked programs ---- */

#define arena fx_arena

static cdc_literal lit_str(const char *s)
{
    return (cdc_literal){
        .syntax = CDC_LIT_STRING, .text = s, .len = strlen(s), .type = CDC_TYPE_STRING};
}

static cdc_literal lit_int(int64_t v)
{
    return (cdc_literal){.syntax = CDC_LIT_INT, .text = "", .type = CDC_TYPE_INT, .as.i = v};
}

static cdc_literal lit_float(double v)
{
    return (cdc_literal){.syntax = CDC_LIT_FLOAT, .text = "", .type = CDC_TYPE_FLOAT, .as.f = v};
}

static cdc_literal lit_bool(bool v)
{
    return (cdc_literal){.syntax = CDC_LIT_BOOL, .text = "", .type = CDC_TYPE_BOOLEAN, .as.b = v};
}

static cdc_literal lit_ts(int64_t ms)
{
    return (cdc_literal){
        .syntax = CDC_LIT_STRING, .text = "", .type = CDC_TYPE_TIMESTAMP, .as.ms = ms};
}

#define LITS(...) (cdc_literal[]){__VA_ARGS__}, ARRAY_SIZE(((cdc_literal[]){__VA_ARGS__}))
#define NOLITS NULL, 0

/* A leaf on a column of schema s, or on a path below a JSON column. path is
 * a NULL-terminated list of steps or NULL; type is the path's type. */
static cdc_cond *leaf_in(const cdc_schema *s, const char *column, const char *const *path,
                         cdc_type type, cdc_op op, const cdc_literal *values, size_t n)
{
    cdc_cond *c = CDC_ARENA_NEW(arena, cdc_cond);
    c->kind = CDC_COND_LEAF;
    c->field.text = column;
    c->field.column = cdc_schema_find(s, column);
    assert_non_null(c->field.column);
    c->field.type = c->field.column->type;
    c->field.epoch_ms = c->field.column->epoch_ms;
    if (path) {
        size_t k = 0;
        while (path[k])
            k++;
        c->field.path = fx_path_steps(arena, path, k);
        c->field.npath = k;
        c->field.type = type;
        c->field.epoch_ms = false;
    }
    c->op = op;
    c->values = cdc_arena_alloc(arena, (n ? n : 1) * sizeof *c->values);
    for (size_t i = 0; i < n; i++)
        c->values[i] = values[i];
    c->nvalues = n;
    return c;
}

static cdc_cond *leaf(const char *column, cdc_op op, const cdc_literal *values, size_t n)
{
    return leaf_in(cdc_schema_builtin(), column, NULL, CDC_TYPE_UNKNOWN, op, values, n);
}

#define PATH(...) ((const char *const[]){__VA_ARGS__, NULL})

static cdc_cond *jleaf(const char *const *path, cdc_type type, cdc_op op, const cdc_literal *values,
                       size_t n)
{
    return leaf_in(cdc_schema_builtin(), "header_data", path, type, op, values, n);
}

static cdc_cond *group(cdc_cond_kind kind, size_t n, ...)
{
    cdc_cond *c = CDC_ARENA_NEW(arena, cdc_cond);
    c->kind = kind;
    c->kids = cdc_arena_alloc(arena, n * sizeof *c->kids);
    c->nkids = n;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        c->kids[i] = va_arg(ap, cdc_cond *);
    va_end(ap);
    return c;
}

static cdc_cond *not_(cdc_cond *kid)
{
    return group(CDC_COND_NOT, 1, kid);
}

static cdc_filter *filter(const char *id, const char *name, const char *topic, cdc_cond *cond)
{
    cdc_filter *f = CDC_ARENA_NEW(arena, cdc_filter);
    f->id.s = id;
    f->name.s = name;
    f->consumer_id.s = "consumer";
    f->output_topic.s = topic;
    f->enabled = true;
    f->generated = true;
    /* check wraps the top-level conditions in an ALL (or ANY) group */
    f->cond = cond->kind == CDC_COND_LEAF || cond->kind == CDC_COND_NOT
                  ? group(CDC_COND_ALL, 1, cond)
                  : cond;
    return f;
}

static const cdc_source src_a = {.path = "filters/a.yaml"};
static const cdc_source src_b = {.path = "filters/b.yaml"};
static const cdc_source *const two_sources[] = {&src_a, &src_b};

static cdc_program *program(size_t n, ...)
{
    cdc_program *p = CDC_ARENA_NEW(arena, cdc_program);
    p->filters = cdc_arena_alloc(arena, (n ? n : 1) * sizeof *p->filters);
    p->nfilters = n;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        p->filters[i] = va_arg(ap, cdc_filter *);
    va_end(ap);
    p->sources = (const cdc_source **)two_sources;
    p->nsources = ARRAY_SIZE(two_sources);
    p->schema = cdc_schema_builtin();
    return p;
}

/* A config like the seed defaults (config/keys.c), written out here. */
static const cdc_config *config(void)
{
    static cdc_config c;
    memset(&c, 0, sizeof c);
    c.source_topic = "raw-event-headers";
    c.bootstrap_servers = "kafka:9092";
    c.group_id = "cdcgen-router-flink";
    c.checkpoint_interval = "10s";
    c.flink_suffix = "-flink";
    c.streams_suffix = "-spring";
    return &c;
}

/* ---- emitting and looking ---- */

typedef void (*emit_fn)(const cdc_program *, const cdc_config *, cdc_buf *);

static char *emit(emit_fn fn, const cdc_program *p)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    fx_emit(fn, p, arena, config(), &b);
    char *s = cdc_arena_strdup(arena, b.data);
    cdc_buf_release(&b);
    return s;
}

static char *flink(const cdc_program *p)
{
    return emit(cdc_emit_flink, p);
}

static char *confluent(const cdc_program *p)
{
    return emit(cdc_emit_confluent, p);
}

/* SQL of a program holding one filter with condition c. */
static char *flink1(cdc_cond *c)
{
    return flink(program(1, filter("f", "F", "out", c)));
}

static void check_has(const char *out, const char *needle, bool want, const char *file, int line)
{
    if ((strstr(out, needle) != NULL) == want)
        return;
    fprintf(stderr, "%s:%d: %s:\n  %s\n---- output ----\n%s\n", file, line,
            want ? "missing" : "unexpected", needle, out);
    _fail(file, line);
}

#define assert_has(out, needle) check_has((out), (needle), true, __FILE__, __LINE__)
#define assert_lacks(out, needle) check_has((out), (needle), false, __FILE__, __LINE__)

/* The text of out from `from` up to the next ");\n". */
static char *section(const char *out, const char *from)
{
    const char *s = strstr(out, from);
    assert_non_null(s);
    const char *e = strstr(s, ");\n");
    assert_non_null(e);
    return cdc_arena_strndup(arena, s, (size_t)(e - s));
}

/* ---- tests ---- */

static void test_header_and_source_table(void **state)
{
    (void)state;
    char *out = flink1(leaf("__op", CDC_OP_EQUALS, LITS(lit_str("c"))));
    assert_true(strncmp(out,
                        "-- Generated by cdcgen from filters/a.yaml, filters/b.yaml; do not "
                        "edit.\n-- Target: Apache Flink SQL, Kafka connector, JSON format.\n",
                        strlen("-- Generated by cdcgen from filters/a.yaml, filters/b.yaml; do "
                               "not edit.\n-- Target: Apache Flink SQL, Kafka connector, JSON "
                               "format.\n")) == 0);
    assert_has(out, "three-valued logic");
    assert_has(out, "REGEXP is a\n-- substring find");
    assert_has(out, "CREATE TABLE `raw_event_headers` (\n"
                    "  `id` STRING,\n"
                    "  `event_name` STRING,\n"
                    "  `event_type` STRING,\n"
                    "  `created_date` STRING,\n"
                    "  `saved_date` STRING,\n"
                    "  `header_data` STRING,\n"
                    "  `__op` STRING,\n"
                    "  `__table` STRING,\n"
                    "  `__ts_ms` BIGINT,\n"
                    "  `__deleted` STRING\n"
                    ") WITH (\n"
                    "  'connector' = 'kafka',\n"
                    "  'topic' = 'raw-event-headers',\n"
                    "  'properties.bootstrap.servers' = 'kafka:9092',\n"
                    "  'properties.group.id' = 'cdcgen-router-flink',\n"
                    "  'scan.startup.mode' = 'group-offsets',\n"
                    "  'properties.auto.offset.reset' = 'earliest',\n"
                    "  'format' = 'json',\n"
                    "  'json.ignore-parse-errors' = 'true'\n"
                    ");\n");
    assert_has(out, "-- Source: every change event of topic raw-event-headers.\n"
                    "-- Its timestamp columns are ISO-8601 text, kept as STRING");
    /* the json format re-serializes: nothing claims a byte-for-byte copy */
    assert_lacks(out, "byte for byte");
    assert_has(out, "-- The json format re-serializes each event");
    /* offsets are committed on checkpoints: checkpointing is on, before the source */
    assert_has(out, "the Kafka source commits them\n-- only when a checkpoint completes");
    assert_has(out, "\nSET 'execution.checkpointing.interval' = '10s';\n\n-- Source:");
    assert_lacks(out, "fail-on-missing-field");
    assert_lacks(out, "TRY_CAST");
    /* timestamps are text end to end: no TIMESTAMP column, no json timestamp format */
    assert_lacks(out, "TIMESTAMP_LTZ");
    assert_lacks(out, "timestamp-format");
    /* no timestamp compared: no view, the source is read directly */
    assert_lacks(out, "VIEW");
    assert_lacks(out, "__utc");
    assert_has(out, "  SELECT * FROM `raw_event_headers`\n  WHERE `__op` = 'c';\n");
}

static void test_sink_tables_and_statement_set(void **state)
{
    (void)state;
    cdc_filter *a = filter("loan-events", "Loan events", "filtered-loan-events",
                           leaf("event_type", CDC_OP_EQUALS, LITS(lit_str("LoanCreated"))));
    a->description.s = "line one\r\n\nline three\n-- DROP TABLE x;\n";
    /* outputTopic already ending in the suffix keeps it once */
    cdc_filter *b = filter("v2", "Two\nlines", "filtered-v2-events-flink",
                           leaf("__op", CDC_OP_EQUALS, LITS(lit_str("d"))));
    char *out = flink(program(2, a, b));

    assert_has(out, "\n-- Filter loan-events: Loan events\n"
                    "-- line one\n"
                    "--\n"
                    "-- line three\n"
                    "-- -- DROP TABLE x;\n"
                    "CREATE TABLE `sink_loan_events` (\n  `id` STRING,\n");
    assert_has(out, "-- Filter v2: Two\n-- lines\nCREATE TABLE `sink_v2` (");
    char *sink = section(out, "CREATE TABLE `sink_loan_events`");
    assert_has(sink, "  `__deleted` STRING\n) WITH (\n"
                     "  'connector' = 'kafka',\n"
                     "  'topic' = 'filtered-loan-events-flink',\n"
                     "  'properties.bootstrap.servers' = 'kafka:9092',\n"
                     "  'sink.delivery-guarantee' = 'at-least-once',\n"
                     "  'format' = 'json'\n");
    assert_lacks(sink, "timestamp-format");
    assert_lacks(sink, "group.id");
    assert_lacks(sink, "scan.");
    assert_has(out, "'topic' = 'filtered-v2-events-flink',");
    assert_lacks(out, "-flink-flink");

    assert_has(out, "\nEXECUTE STATEMENT SET\nBEGIN\n"
                    "  INSERT INTO `sink_loan_events`\n"
                    "  SELECT * FROM `raw_event_headers`\n"
                    "  WHERE `event_type` = 'LoanCreated';\n"
                    "  INSERT INTO `sink_v2`\n"
                    "  SELECT * FROM `raw_event_headers`\n"
                    "  WHERE `__op` = 'd';\n"
                    "END;\n");
    /* the statement set ends the script */
    assert_string_equal(out + strlen(out) - strlen("END;\n"), "END;\n");
}

static void test_operators(void **state)
{
    (void)state;
    struct {
        cdc_cond *c;
        const char *sql;
    } cases[] = {
        {leaf("event_type", CDC_OP_EQUALS, LITS(lit_str("A"))), "WHERE `event_type` = 'A';"},
        {leaf("event_type", CDC_OP_IN, LITS(lit_str("A"), lit_str("B"))),
         "WHERE `event_type` IN ('A', 'B');"},
        {leaf("__op", CDC_OP_NOT_IN, LITS(lit_str("d"), lit_str("r"))),
         "WHERE `__op` NOT IN ('d', 'r');"},
        {leaf("__ts_ms", CDC_OP_GT, LITS(lit_ts(5))), "WHERE `__ts_ms` > 5;"},
        {leaf("__ts_ms", CDC_OP_LT, LITS(lit_ts(5))), "WHERE `__ts_ms` < 5;"},
        {leaf("__ts_ms", CDC_OP_GE, LITS(lit_ts(5))), "WHERE `__ts_ms` >= 5;"},
        {leaf("__ts_ms", CDC_OP_LE, LITS(lit_ts(5))), "WHERE `__ts_ms` <= 5;"},
        {leaf("__ts_ms", CDC_OP_BETWEEN, LITS(lit_ts(-1), lit_ts(7))),
         "WHERE `__ts_ms` BETWEEN -1 AND 7;"},
        {leaf("event_name", CDC_OP_MATCHES, LITS(lit_str("^Loan\\d+\\.v[0-9]$"))),
         "WHERE REGEXP(`event_name`, '^Loan\\d+\\.v[0-9]$');"},
        {leaf("id", CDC_OP_IS_NULL, NOLITS), "WHERE `id` IS NULL;"},
        {leaf("id", CDC_OP_IS_NOT_NULL, NOLITS), "WHERE `id` IS NOT NULL;"},
        {leaf("header_data", CDC_OP_IS_NULL, NOLITS), "WHERE `header_data` IS NULL;"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        assert_has(flink1(cases[i].c), cases[i].sql);
}

static void test_string_literals(void **state)
{
    (void)state;
    struct {
        const char *value, *sql;
    } cases[] = {
        {"it's", "'it''s'"},
        {"''", "''''''"},
        {"C:\\dir\\x", "'C:\\dir\\x'"},     /* backslash is no escape in Flink */
        {"a\\\\'b", "'a\\\\''b'"},          /* even run before a quote: still plain */
        {"C:\\", "U&'C:\\\\'"},             /* odd run at the end: U& form */
        {"a\\'b", "U&'a\\\\''b'"},          /* odd run before a quote */
        {"a\nb\tc", "U&'a\\000Ab\\0009c'"}, /* control characters escaped */
        {"x\xc2\x85y\xe2\x80\xa8z", "U&'x\\0085y\\2028z'"},
        {"h\xc3\xa9llo \xe2\x98\xba \xf0\x9f\x98\x80",
         "'h\xc3\xa9llo \xe2\x98\xba \xf0\x9f\x98\x80'"},
        {"-- not a comment", "'-- not a comment'"},
        {"", "''"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char *out = flink1(leaf("event_name", CDC_OP_EQUALS, LITS(lit_str(cases[i].value))));
        char want[128];
        snprintf(want, sizeof want, "WHERE `event_name` = %s;\n", cases[i].sql);
        assert_has(out, want);
    }
    /* a pattern with a backslash is written verbatim */
    assert_has(flink1(leaf("event_name", CDC_OP_MATCHES, LITS(lit_str("\\bLoan\\w*")))),
               "REGEXP(`event_name`, '\\bLoan\\w*')");
}

static void test_identifier_quoting(void **state)
{
    (void)state;
    static const cdc_field fields[] = {
        {.name = "we`ird", .type = CDC_TYPE_STRING},
        {.name = "select", .type = CDC_TYPE_INT},
        {.name = "ratio", .type = CDC_TYPE_FLOAT},
        {.name = "flag", .type = CDC_TYPE_BOOLEAN},
    };
    static const cdc_schema schema = {
        .table = "t", .pg_schema = "public", .fields = fields, .nfields = ARRAY_SIZE(fields)};
    cdc_cond *c = group(CDC_COND_ALL, 4,
                        leaf_in(&schema, "we`ird", NULL, 0, CDC_OP_EQUALS, LITS(lit_str("x"))),
                        leaf_in(&schema, "select", NULL, 0, CDC_OP_GT, LITS(lit_int(3))),
                        leaf_in(&schema, "ratio", NULL, 0, CDC_OP_LE, LITS(lit_float(0.5))),
                        leaf_in(&schema, "flag", NULL, 0, CDC_OP_EQUALS, LITS(lit_bool(false))));
    cdc_program *p = program(1, filter("t", "T", "out", c));
    p->schema = &schema;
    char *out = flink(p);
    assert_has(out, "  `we``ird` STRING,\n  `select` BIGINT,\n  `ratio` DOUBLE,\n"
                    "  `flag` BOOLEAN\n");
    assert_has(out, "WHERE `we``ird` = 'x'\n"
                    "    AND `select` > 3\n"
                    "    AND `ratio` <= 5E-1\n"
                    "    AND `flag` = FALSE;");
}

/* x rewritten so that Flink's UTF-16 order is code point order. */
#define CP_ORDER(x)                                                                                \
    "REGEXP_REPLACE(REGEXP_REPLACE(" x ", U&'\\FFFF', U&'\\FFFF\\0000'), "                         \
    "'(?=[\\x{10000}-\\x{10FFFF}])', U&'\\FFFF')"

/* Ordering comparisons of strings: every value is rewritten, a literal only
 * when the rewrite changes it (U+FFFF, astral characters); equality and IN
 * are left alone. */
static void test_string_order(void **state)
{
    (void)state;
    assert_has(flink1(leaf("event_name", CDC_OP_GT, LITS(lit_str("abc")))),
               "WHERE " CP_ORDER("`event_name`") " > 'abc';");
    assert_has(
        flink1(leaf("event_name", CDC_OP_BETWEEN, LITS(lit_str("a"), lit_str("\xf0\x9f\x98\x80")))),
        "WHERE " CP_ORDER("`event_name`") " BETWEEN 'a' AND " CP_ORDER("'\xf0\x9f\x98\x80'") ";");
    assert_has(flink1(leaf("id", CDC_OP_LE, LITS(lit_str("x\xef\xbf\xbf")))),
               " <= " CP_ORDER("'x\xef\xbf\xbf'") ";");
    char *eq = flink1(leaf("event_name", CDC_OP_EQUALS, LITS(lit_str("\xf0\x9f\x98\x80"))));
    assert_has(eq, "WHERE `event_name` = '\xf0\x9f\x98\x80';");
    assert_lacks(eq, "REGEXP_REPLACE");
    /* numbers and instants are not strings */
    assert_lacks(flink1(leaf("__ts_ms", CDC_OP_GT, LITS(lit_ts(0)))), "REGEXP_REPLACE");
}

/* A string at a JSON path of header_data: JSON_VALUE's text only when the
 * wrapped JSON value is a string. */
#define JSTRING(path)                                                                              \
    "CASE WHEN REGEXP(JSON_QUERY(`header_data`, " path " WITH ARRAY WRAPPER), '^\\[\"') "          \
    "THEN JSON_VALUE(`header_data`, " path ") END"

static void test_json_paths(void **state)
{
    (void)state;
    struct {
        cdc_cond *c;
        const char *sql;
    } cases[] = {
        {jleaf(PATH("dealerId"), CDC_TYPE_STRING, CDC_OP_EQUALS, LITS(lit_str("D1"))),
         JSTRING("'$.dealerId'") " = 'D1'"},
        {jleaf(PATH("dealer-id"), CDC_TYPE_STRING, CDC_OP_IN, LITS(lit_str("a"))),
         JSTRING("'$.[''dealer-id'']'") " IN ('a')"},
        {jleaf(PATH("1st"), CDC_TYPE_STRING, CDC_OP_IS_NULL, NOLITS),
         JSTRING("'$.[''1st'']'") " IS NULL"},
        {jleaf(PATH("items", "[0]", "price"), CDC_TYPE_FLOAT, CDC_OP_GT, LITS(lit_float(1.5))),
         "CASE WHEN REGEXP(JSON_QUERY(`header_data`, '$.items[0].price' WITH ARRAY WRAPPER), "
         "'^\\[-?[0-9]') THEN CAST(JSON_VALUE(`header_data`, '$.items[0].price') AS DOUBLE) "
         "END > 1.5E0"},
        {jleaf(PATH("[2]"), CDC_TYPE_INT, CDC_OP_EQUALS, LITS(lit_int(42))),
         "CASE WHEN REGEXP(JSON_QUERY(`header_data`, '$[2]' WITH ARRAY WRAPPER), "
         "'^\\[-?[0-9]+\\]$') THEN CAST(JSON_VALUE(`header_data`, '$[2]') AS DOUBLE) END = 42"},
        {jleaf(PATH("ok"), CDC_TYPE_BOOLEAN, CDC_OP_EQUALS, LITS(lit_bool(true))),
         "CASE JSON_QUERY(`header_data`, '$.ok' WITH ARRAY WRAPPER) WHEN '[true]' THEN TRUE "
         "WHEN '[false]' THEN FALSE END = TRUE"},
        {jleaf(PATH("it's"), CDC_TYPE_STRING, CDC_OP_EQUALS, LITS(lit_str("v"))),
         JSTRING("'$.[\"it''s\"]'") " = 'v'"},
        {jleaf(PATH("a'\"b"), CDC_TYPE_STRING, CDC_OP_IS_NOT_NULL, NOLITS),
         JSTRING("'$.[\"a''\\\"b\"]'") " IS NOT NULL"},
        {jleaf(PATH("eventName"), CDC_TYPE_STRING, CDC_OP_MATCHES, LITS(lit_str("^Loan"))),
         "REGEXP(" JSTRING("'$.eventName'") ", '^Loan')"},
        /* strings order by code point: the value rewritten, a BMP literal as is */
        {jleaf(PATH("eventName"), CDC_TYPE_STRING, CDC_OP_LT, LITS(lit_str("\xef\xbd\x9e"))),
         CP_ORDER(JSTRING("'$.eventName'")) " < '\xef\xbd\x9e'"},
    };
    /* never JSON_VALUE ... RETURNING DOUBLE or BOOLEAN: it throws on a value
     * of another JSON type (FLINK-40463) */
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        assert_lacks(flink1(cases[i].c), "RETURNING");
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        assert_has(flink1(cases[i].c), cases[i].sql);
}

static void test_typed_literals(void **state)
{
    (void)state;
    struct {
        cdc_literal lit;
        const char *sql;
    } floats[] = {
        {lit_float(1.5), "1.5E0"},       {lit_float(0.1), "1E-1"},
        {lit_float(-2.5e-7), "-2.5E-7"}, {lit_float(1e300), "1E300"},
        {lit_float(100), "1E2"},         {lit_float(0.30000000000000004), "3.0000000000000004E-1"},
        {lit_float(0), "0E0"},           {lit_float(123456.789), "1.23456789E5"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(floats); i++) {
        char *out = flink1(jleaf(PATH("amount"), CDC_TYPE_FLOAT, CDC_OP_EQUALS, &floats[i].lit, 1));
        char want[128];
        snprintf(want, sizeof want, "AS DOUBLE) END = %s;", floats[i].sql);
        assert_has(out, want);
    }
    assert_has(flink1(jleaf(PATH("n"), CDC_TYPE_INT, CDC_OP_IN,
                            LITS(lit_int(INT64_MIN), lit_int(INT64_MAX), lit_int(-7)))),
               "IN ((-9223372036854775807 - 1), 9223372036854775807, -7);");
    /* a text timestamp column against UTC wall-clock instants, through its
     * helper column; an epoch_ms column against numbers */
    assert_has(flink1(leaf("created_date", CDC_OP_GE, LITS(lit_ts(1705314600000)))),
               "WHERE `created_date__utc` >= TIMESTAMP '2024-01-15 10:30:00.000';");
    assert_has(flink1(leaf("saved_date", CDC_OP_BETWEEN, LITS(lit_ts(-1000), lit_ts(0)))),
               "WHERE `saved_date__utc` BETWEEN TIMESTAMP '1969-12-31 23:59:59.000' AND "
               "TIMESTAMP '1970-01-01 00:00:00.000';");
    assert_has(flink1(leaf("__ts_ms", CDC_OP_EQUALS, LITS(lit_ts(1705314600000)))),
               "WHERE `__ts_ms` = 1705314600000;");
    /* Flink's parser refuses year 0000 in a literal: 400 years later, moved back */
    assert_has(flink1(leaf("created_date", CDC_OP_LT, LITS(lit_ts(-62162121600000)))),
               "WHERE `created_date__utc` < "
               "TIMESTAMPADD(YEAR, -400, TIMESTAMP '0400-02-29 00:00:00.000');");
    assert_has(flink1(leaf("created_date", CDC_OP_LT, LITS(lit_ts(-62135596800000)))),
               "WHERE `created_date__utc` < TIMESTAMP '0001-01-01 00:00:00.000';");
    assert_has(flink1(leaf("__ts_ms", CDC_OP_NOT_IN, LITS(lit_ts(INT64_MIN)))),
               "WHERE `__ts_ms` NOT IN ((-9223372036854775807 - 1));");
}

/* The ISO-8601 pattern the SQL targets test timestamps carried as text
 * with, as the SQL literal the emitter writes ('...'). */
static const char *emitted_instant_re(void)
{
    char *out = flink1(leaf("created_date", CDC_OP_GT, LITS(lit_ts(0))));
    const char *s = strstr(out, "CASE WHEN REGEXP(`created_date`,");
    assert_non_null(s);
    s = strchr(s, '\'');
    assert_non_null(s);
    const char *e = strstr(s, "\\z')");
    assert_non_null(e);
    return cdc_arena_strndup(arena, s, (size_t)(e - s) + 3);
}

/* The instant conversion as one line, exactly the expression the emulation
 * against cdc_parse_instant checked (see instant_text in emit_flink.c); the
 * emitted form must be this with line breaks for some of its spaces. The
 * pattern itself is held to cdc_parse_instant by test_instant_pattern. */
static char *one_line_instant(const char *s)
{
    const char *re = emitted_instant_re();
    return cdc_arena_printf(
        arena,
        "CASE WHEN REGEXP(%s, %s) THEN TIMESTAMPADD(MINUTE, "
        "CASE WHEN REGEXP_EXTRACT(%s, '([+-])[0-9]{2}(?::?[0-9]{2})?$', 1) = '-' "
        "THEN 1 ELSE -1 END * ("
        "COALESCE(CAST(REGEXP_EXTRACT(%s, '[+-]([0-9]{2})(?::?[0-9]{2})?$', 1) AS INT), 0)"
        " * 60 + "
        "COALESCE(CAST(REGEXP_EXTRACT(%s, '[+-][0-9]{2}:?([0-9]{2})$', 1) AS INT), 0)), "
        "TIMESTAMPADD(YEAR, CASE WHEN SUBSTRING(%s, 1, 4) = '0000' THEN -400 ELSE 0 END, "
        "CAST(CONCAT(CASE WHEN SUBSTRING(%s, 1, 4) = '0000' THEN '0400' ELSE "
        "SUBSTRING(%s, 1, 4) END, SUBSTRING(%s, 5, 6), ' ', SUBSTRING(%s, 12, 8), '.', "
        "COALESCE(REGEXP_EXTRACT(%s, '^.{19}[.]([0-9]{1,6})', 1), '0')) "
        "AS TIMESTAMP(6)))) END",
        s, re, s, s, s, s, s, s, s, s, s);
}

/* s with every line break and the indentation after it turned into one space. */
static char *flatten(const char *s)
{
    char *r = cdc_arena_strdup(arena, s), *w = r;
    for (const char *p = s; *p;) {
        if (*p == '\n') {
            *w++ = ' ';
            for (p++; *p == ' '; p++)
                ;
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
    return r;
}

/* The text of out from `from` up to (not including) `to`, which must follow. */
static char *between(const char *out, const char *from, const char *to)
{
    const char *s = strstr(out, from);
    assert_non_null(s);
    const char *e = strstr(s + strlen(from), to);
    assert_non_null(e);
    return cdc_arena_strndup(arena, s, (size_t)(e - s));
}

/* Whether s, inside out, is the first thing on its line. */
static bool starts_line(const char *out, const char *s)
{
    while (s > out && s[-1] == ' ')
        s--;
    return s == out || s[-1] == '\n';
}

/* The select item of helper column `name` (back-quoted) in out: from its
 * CASE, the first thing on its line, to its END. */
static char *utc_item(const char *out, const char *name)
{
    char *as = cdc_arena_printf(arena, " END AS %s", name);
    const char *e = strstr(out, as);
    assert_non_null(e);
    const char *s = e;
    while (s > out && !(strncmp(s, "CASE WHEN REGEXP(", 17) == 0 && starts_line(out, s)))
        s--;
    assert_true(strncmp(s, "CASE WHEN REGEXP(", 17) == 0);
    return cdc_arena_strndup(arena, s, (size_t)(e - s) + strlen(" END"));
}

/* The pattern the SQL targets gate the conversion with accepts exactly the
 * text cdc_parse_instant reads (year 0000 aside: Flink rejects it), run
 * with PCRE2 (the pattern keeps to what Java's regex reads alike) over
 * valid instants of every form and near misses of each part. */
static void test_instant_pattern(void **state)
{
    (void)state;
    const char *lit = emitted_instant_re();
    size_t n = strlen(lit);
    assert_true(n > 2 && lit[0] == '\'' && lit[n - 1] == '\'' && !memchr(lit + 1, '\'', n - 2));
    int err;
    size_t off;
    pcre2_code *re = cdc_regex_compile(lit + 1, n - 2, &err, &off);
    assert_non_null(re);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    static const char *const dates[] = {"2024-01-15", "2024-02-29", "2023-02-29", "2000-02-29",
                                        "1900-02-29", "2024-04-31", "2024-12-31", "2024-13-01",
                                        "2024-00-10", "2024-01-00", "0000-01-01", "9999-12-31",
                                        "2024-1-15",  "24-01-15",   "2024/01/15"};
    static const char *const seps[] = {"T", "t", " ", "_", ""};
    static const char *const times[] = {"10:30:00", "23:59:59", "24:00:00", "10:60:00",
                                        "10:30:60", "1:30:00",  "10:30"};
    static const char *const fracs[] = {"", ".5", ".123456789012", ".", ".x"};
    static const char *const zones[] = {"Z",      "z",  "+02:00", "-0530", "+23", "+24:00",
                                        "+02:60", "+2", "",       "Z\n",   " Z",  "+02:00:00"};
    size_t checked = 0;
    char text[96];
    for (size_t a = 0; a < ARRAY_SIZE(dates); a++)
        for (size_t b = 0; b < ARRAY_SIZE(seps); b++)
            for (size_t c = 0; c < ARRAY_SIZE(times); c++)
                for (size_t d = 0; d < ARRAY_SIZE(fracs); d++)
                    for (size_t e = 0; e < ARRAY_SIZE(zones); e++) {
                        int len = snprintf(text, sizeof text, "%s%s%s%s%s", dates[a], seps[b],
                                           times[c], fracs[d], zones[e]);
                        int64_t secs;
                        int32_t nanos;
                        bool parsed = cdc_parse_instant(text, (size_t)len, &secs, &nanos);
                        bool matched =
                            pcre2_match(re, (PCRE2_SPTR)text, (size_t)len, 0, 0, md, NULL) >= 0;
                        if (parsed != matched)
                            fail_msg("'%s': cdc_parse_instant %s it, the SQL pattern %s", text,
                                     parsed ? "reads" : "rejects",
                                     matched ? "matches" : "does not match");
                        checked++;
                    }
    assert_true(checked > 10000);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
}

/* Timestamps inside JSON are text: compared as instants through a guarded
 * conversion, never a CAST that could fail the job, written once in a view. */
static void test_json_timestamp(void **state)
{
    (void)state;
    char *out = flink1(
        jleaf(PATH("createdDate"), CDC_TYPE_TIMESTAMP, CDC_OP_GT, LITS(lit_ts(1705314600123))));
    const char *jv = JSTRING("'$.createdDate'");
    /* the whole view, its layout included */
    assert_has(out,
               cdc_arena_printf(
                   arena,
                   ");\n\n"
                   "-- Timestamps carried as ISO-8601 text that the filters compare (STRING\n"
                   "-- columns, JSON paths), each converted once to a column <field>__utc: its\n"
                   "-- UTC instant, whatever the offset (Z, +hh, +hhmm, +hh:mm); NULL when the\n"
                   "-- text is no valid instant, the same as cdcgen's semantics. The INSERTs\n"
                   "-- that compare one read this view.\n"
                   "CREATE TEMPORARY VIEW `raw_event_headers__utc` AS\n"
                   "SELECT *,\n"
                   "  CASE WHEN REGEXP(%s,\n"
                   "      '^(?:[0-9]{4}-",
                   jv));
    assert_has(
        out, cdc_arena_printf(
                 arena,
                 "(?:[Zz]|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)\\z')\n"
                 "    THEN TIMESTAMPADD(MINUTE,\n"
                 "      CASE WHEN REGEXP_EXTRACT(%s, '([+-])[0-9]{2}(?::?[0-9]{2})?$', 1) = '-' "
                 "THEN 1 ELSE -1 END\n"
                 "        * (COALESCE(CAST(REGEXP_EXTRACT(%s, '[+-]([0-9]{2})(?::?[0-9]{2})?$', 1) "
                 "AS INT), 0) * 60\n"
                 "          + COALESCE(CAST(REGEXP_EXTRACT(%s, '[+-][0-9]{2}:?([0-9]{2})$', 1) AS "
                 "INT), 0)),\n"
                 "      TIMESTAMPADD(YEAR, CASE WHEN SUBSTRING(%s, 1, 4) = '0000' THEN -400 ELSE 0 "
                 "END,\n"
                 "        CAST(CONCAT(CASE WHEN SUBSTRING(%s, 1, 4) = '0000' THEN '0400' ELSE "
                 "SUBSTRING(%s, 1, 4) END,\n"
                 "            SUBSTRING(%s, 5, 6), ' ', SUBSTRING(%s, 12, 8), '.',\n"
                 "            COALESCE(REGEXP_EXTRACT(%s, '^.{19}[.]([0-9]{1,6})', 1), '0'))\n"
                 "          AS TIMESTAMP(6))))\n"
                 "  END AS `header_data.createdDate__utc`\n"
                 "FROM `raw_event_headers`;\n",
                 jv, jv, jv, jv, jv, jv, jv, jv, jv));
    /* only the layout differs from the checked one-line expression */
    assert_string_equal(flatten(utc_item(out, "`header_data.createdDate__utc`")),
                        one_line_instant(jv));
    /* the INSERT reads the view, names the sink's columns, compares the helper */
    assert_has(out, "  INSERT INTO `sink_f`\n"
                    "  SELECT `id`, `event_name`, `event_type`, `created_date`, "
                    "`saved_date`, `header_data`, `__op`, `__table`, `__ts_ms`, "
                    "`__deleted` FROM `raw_event_headers__utc`\n"
                    "  WHERE `header_data.createdDate__utc` > "
                    "TIMESTAMP '2024-01-15 10:30:00.123';\n");
    assert_lacks(out, "TRY_CAST");
    assert_lacks(out, "RETURNING DOUBLE");
    assert_lacks(out, "SELECT * FROM");
    /* the conversion is written once, in the view */
    assert_non_null(strstr(out, "THEN TIMESTAMPADD(MINUTE,"));
    assert_null(strstr(strstr(out, "THEN TIMESTAMPADD(MINUTE,") + 1, "THEN TIMESTAMPADD(MINUTE,"));
    /* the literal is UTC wall-clock time, before 1970 too */
    assert_has(flink1(jleaf(PATH("savedDate"), CDC_TYPE_TIMESTAMP, CDC_OP_LT, LITS(lit_ts(-1)))),
               "WHERE `header_data.savedDate__utc` < TIMESTAMP '1969-12-31 23:59:59.999';");
    /* isNull is of the converted value: a malformed timestamp is NULL */
    assert_has(flink1(jleaf(PATH("savedDate"), CDC_TYPE_TIMESTAMP, CDC_OP_IS_NULL, NOLITS)),
               "WHERE `header_data.savedDate__utc` IS NULL;");
    /* a column is converted the same way, from its text */
    out = flink1(leaf("created_date", CDC_OP_EQUALS, LITS(lit_ts(0))));
    assert_string_equal(flatten(utc_item(out, "`created_date__utc`")),
                        one_line_instant("`created_date`"));
}

/* The view: once, only when needed, one helper column per distinct
 * timestamp carried as text, named in first-use order; only the INSERTs
 * that compare one read it. */
static void test_utc_view(void **state)
{
    (void)state;
    cdc_filter *a =
        filter("a", "A", "a-events",
               group(CDC_COND_ALL, 3,
                     jleaf(PATH("savedDate"), CDC_TYPE_TIMESTAMP, CDC_OP_GT, LITS(lit_ts(0))),
                     leaf("created_date", CDC_OP_LT, LITS(lit_ts(0))),
                     /* the same path again: the same helper column */
                     jleaf(PATH("savedDate"), CDC_TYPE_TIMESTAMP, CDC_OP_IS_NOT_NULL, NOLITS)));
    cdc_filter *b = filter("b", "B", "b-events", leaf("__op", CDC_OP_EQUALS, LITS(lit_str("c"))));
    cdc_filter *c = filter("c", "C", "c-events",
                           group(CDC_COND_ANY, 3, leaf("created_date", CDC_OP_GE, LITS(lit_ts(0))),
                                 not_(leaf("saved_date", CDC_OP_IS_NULL, NOLITS)),
                                 /* epoch milliseconds are a number: no helper */
                                 leaf("__ts_ms", CDC_OP_GT, LITS(lit_ts(0)))));
    /* not generated: its timestamps add nothing */
    cdc_filter *off =
        filter("off", "Off", "off-events",
               jleaf(PATH("offDate"), CDC_TYPE_TIMESTAMP, CDC_OP_GT, LITS(lit_ts(0))));
    off->generated = false;
    char *out = flink(program(4, a, b, off, c));

    char *view = between(out, "CREATE TEMPORARY VIEW", "\nFROM `raw_event_headers`;\n");
    assert_non_null(strstr(out, "CREATE TEMPORARY VIEW `raw_event_headers__utc` AS\n"
                                "SELECT *,\n  CASE WHEN REGEXP(" JSTRING("'$.savedDate'") ",\n"));
    /* after the source table, before the sinks; once */
    const char *at = strstr(out, "CREATE TEMPORARY VIEW");
    assert_true(strstr(out, "CREATE TABLE `raw_event_headers`") < at);
    assert_true(at < strstr(out, "CREATE TABLE `sink_a`"));
    assert_null(strstr(at + 1, "CREATE TEMPORARY VIEW"));
    /* first-use order, each once */
    const char *n1 = strstr(view, "END AS `header_data.savedDate__utc`,\n");
    const char *n2 = strstr(view, "END AS `created_date__utc`,\n");
    const char *n3 = strstr(view, "END AS `saved_date__utc`");
    assert_non_null(n1);
    assert_non_null(n2);
    assert_non_null(n3);
    assert_true(n1 < n2 && n2 < n3);
    assert_null(
        strstr(n1 + strlen("END AS `header_data.savedDate__utc`"), "`header_data.savedDate__utc`"));
    assert_lacks(view, "offDate");
    assert_lacks(view, "__ts_ms__utc");
    size_t items = 0;
    for (const char *s = view; (s = strstr(s, " AS `")) != NULL; s++)
        items++;
    assert_int_equal(items, 3); /* three helper columns */

    const char *cols = "  SELECT `id`, `event_name`, `event_type`, `created_date`, "
                       "`saved_date`, `header_data`, `__op`, `__table`, `__ts_ms`, "
                       "`__deleted` FROM `raw_event_headers__utc`\n";
    assert_has(out, cdc_arena_printf(arena,
                                     "  INSERT INTO `sink_a`\n%s"
                                     "  WHERE `header_data.savedDate__utc` > "
                                     "TIMESTAMP '1970-01-01 00:00:00.000'\n"
                                     "    AND `created_date__utc` < "
                                     "TIMESTAMP '1970-01-01 00:00:00.000'\n"
                                     "    AND `header_data.savedDate__utc` IS NOT NULL;\n",
                                     cols));
    /* no timestamp compared: the source, as is */
    assert_has(out, "  INSERT INTO `sink_b`\n  SELECT * FROM `raw_event_headers`\n"
                    "  WHERE `__op` = 'c';\n");
    assert_has(out, cdc_arena_printf(arena,
                                     "  INSERT INTO `sink_c`\n%s"
                                     "  WHERE `created_date__utc` >= "
                                     "TIMESTAMP '1970-01-01 00:00:00.000'\n"
                                     "    OR NOT (`saved_date__utc` IS NULL)\n"
                                     "    OR `__ts_ms` > 0;\n",
                                     cols));
    /* sinks keep the source's columns, timestamps as text */
    char *sink = section(out, "CREATE TABLE `sink_a`");
    assert_has(sink, "  `created_date` STRING,\n  `saved_date` STRING,\n");
    assert_lacks(sink, "__utc");
    assert_lacks(out, "sink_off");
}

/* Helper names never collide: not with a column, not with each other (a
 * key holding a '.'), not when cut to stay a valid identifier; the view's
 * name is no sink's. */
static void test_utc_names(void **state)
{
    (void)state;
    static const cdc_field fields[] = {
        {.name = "ts", .type = CDC_TYPE_TIMESTAMP},
        {.name = "ts__utc", .type = CDC_TYPE_STRING},
        {.name = "doc", .type = CDC_TYPE_JSON},
    };
    static const cdc_schema schema = {
        .table = "t", .pg_schema = "public", .fields = fields, .nfields = ARRAY_SIZE(fields)};
    char longkey[301];
    memset(longkey, 'k', sizeof longkey - 1);
    longkey[sizeof longkey - 1] = '\0';
    /* a two-byte character across the cut at byte 200 of "doc." key */
    longkey[195] = '\xc3';
    longkey[196] = '\xa9';
    cdc_cond *c = group(
        CDC_COND_ALL, 6, leaf_in(&schema, "ts", NULL, 0, CDC_OP_GT, LITS(lit_ts(0))),
        leaf_in(&schema, "doc", PATH("a", "b"), CDC_TYPE_TIMESTAMP, CDC_OP_GT, LITS(lit_ts(0))),
        leaf_in(&schema, "doc", PATH("a.b"), CDC_TYPE_TIMESTAMP, CDC_OP_GT, LITS(lit_ts(0))),
        leaf_in(&schema, "doc", PATH("items", "[0]", "at\nx`y"), CDC_TYPE_TIMESTAMP, CDC_OP_IS_NULL,
                NOLITS),
        leaf_in(&schema, "doc", PATH(longkey), CDC_TYPE_TIMESTAMP, CDC_OP_IS_NULL, NOLITS),
        leaf_in(&schema, "ts__utc", NULL, 0, CDC_OP_EQUALS, LITS(lit_str("x"))));
    /* source sink_x: its view sink_x__utc would be filter x--utc's sink */
    cdc_program *p = program(
        2,
        filter("x--utc", "X", "out", leaf_in(&schema, "ts__utc", NULL, 0, CDC_OP_IS_NULL, NOLITS)),
        filter("t", "T", "out2", c));
    p->schema = &schema;
    cdc_config cfg = *config();
    cfg.source_topic = "sink.x";
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    fx_emit(cdc_emit_flink, p, arena, &cfg, &b);
    char *out = cdc_arena_strdup(arena, b.data);
    cdc_buf_release(&b);

    assert_has(out, "CREATE TABLE `sink_x__utc` (");
    assert_has(out, "CREATE TEMPORARY VIEW `sink_x__utc_2` AS\n");
    assert_has(out, "FROM `sink_x__utc_2`\n  WHERE `ts__utc_2` > ");
    assert_has(out, "END AS `ts__utc_2`,\n");
    assert_has(out, "END AS `doc.a.b__utc`,\n");
    assert_has(out, "END AS `doc.a.b__utc_2`,\n");
    assert_has(out, "END AS `doc.items[0].at_x``y__utc`,\n");
    assert_has(out, "JSON_VALUE(`doc`, '$.[''a.b'']')");
    assert_has(out, "    AND `doc.a.b__utc` > TIMESTAMP '1970-01-01 00:00:00.000'\n"
                    "    AND `doc.a.b__utc_2` > TIMESTAMP '1970-01-01 00:00:00.000'\n"
                    "    AND `doc.items[0].at_x``y__utc` IS NULL\n");
    /* the column ts__utc is compared as itself */
    assert_has(out, "    AND `ts__utc` = 'x';\n");
    /* the long key: cut before the split character, 199 bytes of it kept */
    char *want = cdc_arena_printf(arena, "END AS `doc.%.*s__utc`\n", 195, longkey);
    assert_has(out, want);
    /* a filter reading only a column named like a helper needs no view */
    assert_has(out, "  INSERT INTO `sink_x__utc`\n  SELECT * FROM `sink_x`\n");
}

static void test_groups(void **state)
{
    (void)state;
    cdc_cond *c =
        group(CDC_COND_ALL, 3, leaf("__op", CDC_OP_EQUALS, LITS(lit_str("c"))),
              group(CDC_COND_ANY, 3, leaf("event_type", CDC_OP_EQUALS, LITS(lit_str("A"))),
                    not_(leaf("id", CDC_OP_IS_NULL, NOLITS)),
                    group(CDC_COND_ALL, 2, leaf("__table", CDC_OP_EQUALS, LITS(lit_str("t"))),
                          group(CDC_COND_ANY, 1,
                                leaf("__deleted", CDC_OP_EQUALS, LITS(lit_str("false")))))),
              not_(group(CDC_COND_ANY, 2, leaf("__op", CDC_OP_EQUALS, LITS(lit_str("d"))),
                         leaf("__op", CDC_OP_EQUALS, LITS(lit_str("r"))))));
    assert_has(flink1(c), "  WHERE `__op` = 'c'\n"
                          "    AND (`event_type` = 'A' OR NOT (`id` IS NULL) OR "
                          "(`__table` = 't' AND `__deleted` = 'false'))\n"
                          "    AND NOT (`__op` = 'd' OR `__op` = 'r');\n");

    /* conditionLogic OR */
    cdc_cond *any = group(CDC_COND_ANY, 2, leaf("__op", CDC_OP_EQUALS, LITS(lit_str("c"))),
                          group(CDC_COND_ALL, 2, leaf("id", CDC_OP_IS_NOT_NULL, NOLITS),
                                leaf("__op", CDC_OP_EQUALS, LITS(lit_str("u")))));
    assert_has(flink1(any), "  WHERE `__op` = 'c'\n    OR (`id` IS NOT NULL AND `__op` = 'u');\n");

    /* a top-level NOT stays on one line */
    assert_has(flink1(not_(group(CDC_COND_ALL, 2, leaf("id", CDC_OP_IS_NULL, NOLITS),
                                 leaf("__op", CDC_OP_EQUALS, LITS(lit_str("d")))))),
               "  WHERE NOT (`id` IS NULL AND `__op` = 'd');\n");
}

static void test_filters_not_generated_are_left_out(void **state)
{
    (void)state;
    cdc_filter *on =
        filter("on", "On", "on-events", leaf("__op", CDC_OP_EQUALS, LITS(lit_str("c"))));
    cdc_filter *off =
        filter("off-one", "Off", "off-events", leaf("__op", CDC_OP_EQUALS, LITS(lit_str("d"))));
    off->enabled = false;
    off->generated = false;
    cdc_program *p = program(2, off, on);
    char *out = flink(p);
    assert_lacks(out, "sink_off_one");
    assert_lacks(out, "off-events");
    assert_lacks(out, "Filter off-one");
    assert_has(out, "INSERT INTO `sink_on`");
    out = confluent(p);
    assert_lacks(out, "off-events");
    assert_has(out, "INSERT INTO `on-events-flink`");
}

static void test_nothing_to_route(void **state)
{
    (void)state;
    cdc_filter *off = filter("off", "Off", "off-events", leaf("id", CDC_OP_IS_NULL, NOLITS));
    off->generated = false;
    const cdc_program *progs[] = {program(0), program(1, off)};
    for (size_t i = 0; i < ARRAY_SIZE(progs); i++) {
        char *out = flink(progs[i]);
        assert_lacks(out, "STATEMENT SET");
        assert_lacks(out, "INSERT");
        assert_has(out, "nothing to route");
        assert_has(out, "CREATE TABLE `raw_event_headers`");
        out = confluent(progs[i]);
        assert_lacks(out, "STATEMENT SET");
        assert_lacks(out, "CREATE TABLE");
        assert_has(out, "nothing to route");
    }
}

static void test_confluent(void **state)
{
    (void)state;
    cdc_cond *c = group(CDC_COND_ALL, 3, leaf("created_date", CDC_OP_GE, LITS(lit_ts(0))),
                        leaf("__ts_ms", CDC_OP_GT, LITS(lit_ts(1705314600000))),
                        leaf("event_type", CDC_OP_EQUALS, LITS(lit_str("A"))));
    cdc_filter *f = filter("loan-events", "Loan events", "filtered-loan-events", c);
    f->description.s = "Loans.";
    cdc_filter *g =
        filter("plain", "Plain", "plain-events", leaf("__op", CDC_OP_EQUALS, LITS(lit_str("c"))));
    cdc_filter *h = filter(
        "two", "Two", "two-events",
        group(CDC_COND_ANY, 3, jleaf(PATH("savedDate"), CDC_TYPE_TIMESTAMP, CDC_OP_IS_NULL, NOLITS),
              leaf("created_date", CDC_OP_LT, LITS(lit_ts(0))),
              jleaf(PATH("savedDate"), CDC_TYPE_TIMESTAMP, CDC_OP_GT, LITS(lit_ts(0)))));
    char *out = confluent(program(3, f, g, h));

    assert_has(out, "-- Target: Confluent Cloud for Apache Flink SQL.\n");
    assert_has(out, "-- Submit each statement below as its own Confluent Flink statement.\n");
    assert_has(out, "-- NULL when the text is no valid instant, the same as cdcgen's "
                    "semantics.\n");
    assert_lacks(out, "'connector'");
    assert_lacks(out, "bootstrap");
    assert_lacks(out, "CREATE TABLE `");
    assert_lacks(out, "VIEW"); /* a persistent view would outlive filter changes */
    assert_has(out, "-- Filter loan-events: Loan events\n-- Loans.\n"
                    "CREATE TABLE IF NOT EXISTS `filtered-loan-events-flink` (\n"
                    "  `id` STRING,\n  `event_name` STRING,\n  `event_type` STRING,\n"
                    "  `created_date` STRING,\n  `saved_date` STRING,\n"
                    "  `header_data` STRING,\n  `__op` STRING,\n  `__table` STRING,\n"
                    "  `__ts_ms` BIGINT,\n  `__deleted` STRING\n"
                    ") WITH (\n  'value.format' = 'json-registry'\n);\n");
    const char *cols = "  SELECT `id`, `event_name`, `event_type`, `created_date`, "
                       "`saved_date`, `header_data`, `__op`, `__table`, `__ts_ms`, "
                       "`__deleted` FROM";
    /* the derived table computes the helper this INSERT compares, and only it */
    assert_has(out, cdc_arena_printf(arena,
                                     "\nEXECUTE STATEMENT SET\nBEGIN\n"
                                     "  INSERT INTO `filtered-loan-events-flink`\n"
                                     "%s (\n"
                                     "    SELECT *,\n"
                                     "      CASE WHEN REGEXP(`created_date`,\n"
                                     "          '^(?:[0-9]{4}-",
                                     cols));
    assert_has(out, "              AS TIMESTAMP(6))))\n"
                    "      END AS `created_date__utc`\n"
                    "    FROM `raw-event-headers`\n"
                    "  )\n"
                    "  WHERE `created_date__utc` >= TIMESTAMP '1970-01-01 00:00:00.000'\n"
                    "    AND `__ts_ms` > 1705314600000\n"
                    "    AND `event_type` = 'A';\n");
    char *first = between(out, "INSERT INTO `filtered-loan-events-flink`", "WHERE");
    assert_lacks(first, "savedDate");
    assert_string_equal(flatten(utc_item(out, "`created_date__utc`")),
                        one_line_instant("`created_date`"));
    /* no timestamp compared: the inferred table, directly */
    assert_has(out, cdc_arena_printf(arena,
                                     "  INSERT INTO `plain-events-flink`\n"
                                     "%s `raw-event-headers`\n"
                                     "  WHERE `__op` = 'c';\n",
                                     cols));
    /* two helpers, each once, in first-use order, same names as elsewhere */
    char *third = between(out, "INSERT INTO `two-events-flink`", "END;\n");
    const char *n1 = strstr(third, "      END AS `header_data.savedDate__utc`,\n"
                                   "      CASE WHEN REGEXP(`created_date`,\n");
    const char *n2 = strstr(third, "      END AS `created_date__utc`\n"
                                   "    FROM `raw-event-headers`\n  )\n");
    assert_non_null(n1);
    assert_non_null(n2);
    assert_true(n1 < n2);
    assert_has(third, "  WHERE `header_data.savedDate__utc` IS NULL\n"
                      "    OR `created_date__utc` < TIMESTAMP '1970-01-01 00:00:00.000'\n"
                      "    OR `header_data.savedDate__utc` > "
                      "TIMESTAMP '1970-01-01 00:00:00.000';\n");
    size_t conversions = 0;
    for (const char *s = third; (s = strstr(s, "THEN TIMESTAMPADD(MINUTE,")) != NULL; s++)
        conversions++;
    assert_int_equal(conversions, 2);
    assert_lacks(out, "TO_TIMESTAMP_LTZ");
    assert_lacks(out, "TRY_CAST");
}

/* Every operator, nested groups, JSON paths and awkward literals; also the
 * input of the dt-sql-parser check. */
static cdc_program *kitchen_sink(void)
{
    cdc_cond *a = group(
        CDC_COND_ALL, 6,
        leaf("event_type", CDC_OP_IN,
             LITS(lit_str("LoanCreated"), lit_str("it's"), lit_str("C:\\"), lit_str("a\\'b"))),
        leaf("__op", CDC_OP_NOT_IN, LITS(lit_str("d"), lit_str("r"))),
        leaf("event_name", CDC_OP_MATCHES, LITS(lit_str("^Loan\\d+\\s*(?:\\.v\\d)?$"))),
        group(CDC_COND_ANY, 3, leaf("created_date", CDC_OP_GT, LITS(lit_ts(1705314600000))),
              leaf("saved_date", CDC_OP_BETWEEN, LITS(lit_ts(-1), lit_ts(1705314600123))),
              not_(group(CDC_COND_ALL, 2, leaf("__ts_ms", CDC_OP_LT, LITS(lit_ts(0))),
                         leaf("__ts_ms", CDC_OP_GE, LITS(lit_ts(INT64_MIN)))))),
        jleaf(PATH("dealer-id"), CDC_TYPE_STRING, CDC_OP_EQUALS,
              LITS(lit_str("line\nbreak\t\xe2\x98\xba \xf0\x9f\x98\x80 -- x"))),
        jleaf(PATH("createdDate"), CDC_TYPE_TIMESTAMP, CDC_OP_LE, LITS(lit_ts(1705314600000))));
    cdc_cond *b =
        group(CDC_COND_ANY, 7,
              jleaf(PATH("amount"), CDC_TYPE_FLOAT, CDC_OP_BETWEEN,
                    LITS(lit_float(-1.5), lit_float(2.5e10))),
              jleaf(PATH("items", "[0]", "qty"), CDC_TYPE_INT, CDC_OP_IN,
                    LITS(lit_int(INT64_MIN), lit_int(3))),
              jleaf(PATH("ok"), CDC_TYPE_BOOLEAN, CDC_OP_EQUALS, LITS(lit_bool(false))),
              jleaf(PATH("it's"), CDC_TYPE_STRING, CDC_OP_IS_NOT_NULL, NOLITS),
              jleaf(PATH("a'\"b"), CDC_TYPE_STRING, CDC_OP_IS_NULL, NOLITS),
              jleaf(PATH("savedDate"), CDC_TYPE_TIMESTAMP, CDC_OP_IN, LITS(lit_ts(0), lit_ts(-1))),
              not_(jleaf(PATH("eventType"), CDC_TYPE_STRING, CDC_OP_MATCHES,
                         LITS(lit_str("[\\w-]+\\\\"))))); /* ends in an escaped backslash */
    cdc_filter *fa =
        filter("loan-events", "Loan events: it's \"quoted\"", "filtered-loan-events", a);
    fa->description.s = "Routes loans.\r\n-- not SQL; DROP TABLE x;\nThird line.\n";
    cdc_filter *fb = filter("payments-v2", "Payments", "filtered-payments-events-flink", b);
    cdc_filter *off = filter("old", "Old", "old-events", leaf("id", CDC_OP_IS_NULL, NOLITS));
    off->generated = false;
    return program(3, fa, off, fb);
}

/* Determinism across processes is tests/cli/run.sh's (two runs with other
 * time zones and locales) and the golden tests'; here, what names depend on. */
static void test_kitchen_sink_names(void **state)
{
    (void)state;
    emit_fn fns[] = {cdc_emit_flink, cdc_emit_confluent};
    for (size_t i = 0; i < ARRAY_SIZE(fns); i++) {
        char *one = emit(fns[i], kitchen_sink());
        assert_lacks(one, "TRY_CAST");
        /* helper names depend only on the program */
        assert_has(one, "END AS `created_date__utc`,\n");
        assert_has(one, "END AS `saved_date__utc`,\n");
    }
}

/* Appends to a buffer that already holds text (the emitters' contract). */
static void test_appends(void **state)
{
    (void)state;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_puts(&b, "prefix\n");
    fx_emit(cdc_emit_flink, kitchen_sink(), arena, config(), &b);
    assert_true(strncmp(b.data, "prefix\n-- Generated by cdcgen", 29) == 0);
    cdc_buf_release(&b);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void test_write_kitchen_sink(void **state)
{
    (void)state;
    const char *dir = getenv("CDCGEN_SQL_OUT");
    cdc_program *p = kitchen_sink();
    char *fl = flink(p), *cc = confluent(p);
    assert_has(fl, "INSERT INTO `sink_payments_v2`");
    assert_has(cc, "INSERT INTO `filtered-payments-events-flink`");
    assert_has(fl, "CREATE TEMPORARY VIEW `raw_event_headers__utc` AS\n");
    assert_has(fl, " END AS `header_data.savedDate__utc`\nFROM `raw_event_headers`;\n");
    assert_has(cc, " END AS `header_data.savedDate__utc`\n    FROM `raw-event-headers`\n  )\n");
    if (!dir)
        return;
    write_file(dir, "flink.sql", fl);
    write_file(dir, "confluent.sql", cc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_header_and_source_table, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_sink_tables_and_statement_set, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_operators, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_string_literals, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_identifier_quoting, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_string_order, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_json_paths, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_typed_literals, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_json_timestamp, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_instant_pattern, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_utc_view, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_utc_names, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_groups, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_filters_not_generated_are_left_out, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_nothing_to_route, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_confluent, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_kitchen_sink_names, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_appends, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_write_kitchen_sink, fx_arena_setup, fx_arena_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

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

#include "cdcgen/emit.h"
#include "cdcgen/schema.h"

/* ---- building checked programs ---- */

static cdc_arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = cdc_arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cdc_arena_free(arena);
    arena = NULL;
    return 0;
}

static cdc_literal lit_str(const char *s)
{
    return (cdc_literal){
        .syntax = CDC_LIT_STRING, .text = s, .len = strlen(s), .type = CDC_TYPE_STRING};
}

static cdc_literal lit_int(int64_t v)
{
    return (cdc_literal){
        .syntax = CDC_LIT_INT, .text = "", .type = CDC_TYPE_INT, .as.i = v};
}

static cdc_literal lit_float(double v)
{
    return (cdc_literal){
        .syntax = CDC_LIT_FLOAT, .text = "", .type = CDC_TYPE_FLOAT, .as.f = v};
}

static cdc_literal lit_bool(bool v)
{
    return (cdc_literal){
        .syntax = CDC_LIT_BOOL, .text = "", .type = CDC_TYPE_BOOLEAN, .as.b = v};
}

static cdc_literal lit_ts(int64_t ms)
{
    return (cdc_literal){
        .syntax = CDC_LIT_STRING, .text = "", .type = CDC_TYPE_TIMESTAMP, .as.ms = ms};
}

#define LITS(...) (cdc_literal[]){__VA_ARGS__}, ARRAY_SIZE(((cdc_literal[]){__VA_ARGS__}))
#define NOLITS    NULL, 0

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
        const char **steps = cdc_arena_alloc(arena, (k + 1) * sizeof *steps);
        for (size_t i = 0; i < k; i++)
            steps[i] = path[i];
        c->field.path = steps;
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

static cdc_cond *jleaf(const char *const *path, cdc_type type, cdc_op op,
                       const cdc_literal *values, size_t n)
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

static cdc_cond *not_(cdc_cond *kid) { return group(CDC_COND_NOT, 1, kid); }

static cdc_filter *filter(const char *id, const char *name, const char *topic,
                          cdc_cond *cond)
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

/* The seed defaults (config.c), without linking libcyaml. */
static const cdc_config *config(void)
{
    static cdc_config c;
    memset(&c, 0, sizeof c);
    c.source_topic = "raw-event-headers";
    c.bootstrap_servers = "kafka:9092";
    c.group_id = "cdcgen-router";
    c.flink_suffix = "-flink";
    c.streams_suffix = "-spring";
    return &c;
}

/* ---- emitting and looking ---- */

typedef void emit_fn(const cdc_program *, const cdc_config *, cdc_buf *);

static char *emit(emit_fn *fn, const cdc_program *p)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    fn(p, config(), &b);
    char *s = cdc_arena_strdup(arena, b.data);
    cdc_buf_release(&b);
    return s;
}

static char *flink(const cdc_program *p) { return emit(cdc_emit_flink, p); }

static char *confluent(const cdc_program *p) { return emit(cdc_emit_confluent, p); }

/* SQL of a program holding one filter with condition c. */
static char *flink1(cdc_cond *c) { return flink(program(1, filter("f", "F", "out", c))); }

static void check_has(const char *out, const char *needle, bool want, const char *file,
                      int line)
{
    if ((strstr(out, needle) != NULL) == want)
        return;
    fprintf(stderr, "%s:%d: %s:\n  %s\n---- output ----\n%s\n", file, line,
            want ? "missing" : "unexpected", needle, out);
    _fail(file, line);
}

#define assert_has(out, needle)   check_has((out), (needle), true, __FILE__, __LINE__)
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
    assert_true(
        strncmp(out,
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
                    "  'properties.group.id' = 'cdcgen-router',\n"
                    "  'scan.startup.mode' = 'group-offsets',\n"
                    "  'properties.auto.offset.reset' = 'earliest',\n"
                    "  'format' = 'json',\n"
                    "  'json.ignore-parse-errors' = 'true'\n"
                    ");\n");
    assert_has(out, "-- Source: every change event of topic raw-event-headers.\n"
                    "-- Its timestamp columns are ISO-8601 text, kept as STRING");
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
    cdc_filter *a =
        filter("loan-events", "Loan events", "filtered-loan-events",
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
        {leaf("event_type", CDC_OP_EQUALS, LITS(lit_str("A"))),
         "WHERE `event_type` = 'A';"},
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
        char *out =
            flink1(leaf("event_name", CDC_OP_EQUALS, LITS(lit_str(cases[i].value))));
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
    static const cdc_schema schema = {.table = "t",
                                      .pg_schema = "public",
                                      .fields = fields,
                                      .nfields = ARRAY_SIZE(fields)};
    cdc_cond *c =
        group(CDC_COND_ALL, 4,
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

static void test_json_paths(void **state)
{
    (void)state;
    struct {
        cdc_cond *c;
        const char *sql;
    } cases[] = {
        {jleaf(PATH("dealerId"), CDC_TYPE_STRING, CDC_OP_EQUALS, LITS(lit_str("D1"))),
         "JSON_VALUE(`header_data`, '$.dealerId') = 'D1'"},
        {jleaf(PATH("dealer-id"), CDC_TYPE_STRING, CDC_OP_IN, LITS(lit_str("a"))),
         "JSON_VALUE(`header_data`, '$.[''dealer-id'']') IN ('a')"},
        {jleaf(PATH("1st"), CDC_TYPE_STRING, CDC_OP_IS_NULL, NOLITS),
         "JSON_VALUE(`header_data`, '$.[''1st'']') IS NULL"},
        {jleaf(PATH("items", "[0]", "price"), CDC_TYPE_FLOAT, CDC_OP_GT,
               LITS(lit_float(1.5))),
         "JSON_VALUE(`header_data`, '$.items[0].price' RETURNING DOUBLE) > 1.5E0"},
        {jleaf(PATH("[2]"), CDC_TYPE_INT, CDC_OP_EQUALS, LITS(lit_int(42))),
         "JSON_VALUE(`header_data`, '$[2]' RETURNING DOUBLE) = 42"},
        {jleaf(PATH("ok"), CDC_TYPE_BOOLEAN, CDC_OP_EQUALS, LITS(lit_bool(true))),
         "JSON_VALUE(`header_data`, '$.ok' RETURNING BOOLEAN) = TRUE"},
        {jleaf(PATH("it's"), CDC_TYPE_STRING, CDC_OP_EQUALS, LITS(lit_str("v"))),
         "JSON_VALUE(`header_data`, '$.[\"it''s\"]') = 'v'"},
        {jleaf(PATH("a'\"b"), CDC_TYPE_STRING, CDC_OP_IS_NOT_NULL, NOLITS),
         "JSON_VALUE(`header_data`, U&'$.[''a\\\\''\"b'']') IS NOT NULL"},
        {jleaf(PATH("eventName"), CDC_TYPE_STRING, CDC_OP_MATCHES,
               LITS(lit_str("^Loan"))),
         "REGEXP(JSON_VALUE(`header_data`, '$.eventName'), '^Loan')"},
    };
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
        {lit_float(1.5), "1.5E0"},
        {lit_float(0.1), "1E-1"},
        {lit_float(-2.5e-7), "-2.5E-7"},
        {lit_float(1e300), "1E300"},
        {lit_float(100), "1E2"},
        {lit_float(0.30000000000000004), "3.0000000000000004E-1"},
        {lit_float(0), "0E0"},
        {lit_float(123456.789), "1.23456789E5"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(floats); i++) {
        char *out = flink1(
            jleaf(PATH("amount"), CDC_TYPE_FLOAT, CDC_OP_EQUALS, &floats[i].lit, 1));
        char want[128];
        snprintf(want, sizeof want, "RETURNING DOUBLE) = %s;", floats[i].sql);
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
    assert_has(flink1(leaf("__ts_ms", CDC_OP_NOT_IN, LITS(lit_ts(INT64_MIN)))),
               "WHERE `__ts_ms` NOT IN ((-9223372036854775807 - 1));");
}

/* Timestamps inside JSON are text: compared as instants through a guarded
 * conversion, never a CAST that could fail the job. */
static void test_json_timestamp(void **state)
{
    (void)state;
    char *out = flink1(jleaf(PATH("createdDate"), CDC_TYPE_TIMESTAMP, CDC_OP_GT,
                             LITS(lit_ts(1705314600123))));
    assert_has(out, "WHERE CASE WHEN REGEXP(JSON_VALUE(`header_data`, '$.createdDate'), "
                    "'^(?!0000)(?:[0-9]{4}-");
    assert_has(
        out,
        "(?:[Zz]|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)\\z') THEN "
        "TIMESTAMPADD(MINUTE, CASE WHEN REGEXP_EXTRACT(JSON_VALUE(`header_data`, "
        "'$.createdDate'), '([+-])[0-9]{2}(?::?[0-9]{2})?$', 1) = '-' THEN 1 ELSE -1 "
        "END * (");
    assert_has(
        out, "CAST(CONCAT(SUBSTRING(JSON_VALUE(`header_data`, '$.createdDate'), 1, 10), "
             "' ', SUBSTRING(JSON_VALUE(`header_data`, '$.createdDate'), 12, 8), '.', ");
    assert_has(out, "AS TIMESTAMP(6))) END > TIMESTAMP '2024-01-15 10:30:00.123';");
    assert_lacks(out, "TRY_CAST");
    assert_lacks(out, "RETURNING DOUBLE");
    /* the literal is UTC wall-clock time, before 1970 too */
    assert_has(
        flink1(jleaf(PATH("savedDate"), CDC_TYPE_TIMESTAMP, CDC_OP_LT, LITS(lit_ts(-1)))),
        "END < TIMESTAMP '1969-12-31 23:59:59.999';");
    /* isNull is of the converted value: a malformed timestamp is NULL */
    assert_has(
        flink1(jleaf(PATH("savedDate"), CDC_TYPE_TIMESTAMP, CDC_OP_IS_NULL, NOLITS)),
        "AS TIMESTAMP(6))) END IS NULL;");
}

static void test_groups(void **state)
{
    (void)state;
    cdc_cond *c = group(
        CDC_COND_ALL, 3, leaf("__op", CDC_OP_EQUALS, LITS(lit_str("c"))),
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
    cdc_cond *any =
        group(CDC_COND_ANY, 2, leaf("__op", CDC_OP_EQUALS, LITS(lit_str("c"))),
              group(CDC_COND_ALL, 2, leaf("id", CDC_OP_IS_NOT_NULL, NOLITS),
                    leaf("__op", CDC_OP_EQUALS, LITS(lit_str("u")))));
    assert_has(flink1(any),
               "  WHERE `__op` = 'c'\n    OR (`id` IS NOT NULL AND `__op` = 'u');\n");

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
    cdc_filter *off = filter("off-one", "Off", "off-events",
                             leaf("__op", CDC_OP_EQUALS, LITS(lit_str("d"))));
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
    cdc_filter *off =
        filter("off", "Off", "off-events", leaf("id", CDC_OP_IS_NULL, NOLITS));
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
    char *out = confluent(program(1, f));

    assert_has(out, "-- Target: Confluent Cloud for Apache Flink SQL.\n");
    assert_has(out,
               "-- Submit each statement below as its own Confluent Flink statement.\n");
    assert_lacks(out, "'connector'");
    assert_lacks(out, "bootstrap");
    assert_lacks(out, "CREATE TABLE `");
    assert_has(out, "-- Filter loan-events: Loan events\n-- Loans.\n"
                    "CREATE TABLE IF NOT EXISTS `filtered-loan-events-flink` (\n"
                    "  `id` STRING,\n  `event_name` STRING,\n  `event_type` STRING,\n"
                    "  `created_date` STRING,\n  `saved_date` STRING,\n"
                    "  `header_data` STRING,\n  `__op` STRING,\n  `__table` STRING,\n"
                    "  `__ts_ms` BIGINT,\n  `__deleted` STRING\n"
                    ") WITH (\n  'value.format' = 'json-registry'\n);\n");
    assert_has(out,
               "\nEXECUTE STATEMENT SET\nBEGIN\n"
               "  INSERT INTO `filtered-loan-events-flink`\n"
               "  SELECT `id`, `event_name`, `event_type`, `created_date`, `saved_date`, "
               "`header_data`, `__op`, `__table`, `__ts_ms`, `__deleted` "
               "FROM `raw-event-headers`\n"
               "  WHERE CASE WHEN REGEXP(`created_date`, '^(?!0000)");
    assert_has(out, "AS TIMESTAMP(6))) END >= TIMESTAMP '1970-01-01 00:00:00.000'\n"
                    "    AND `__ts_ms` > 1705314600000\n"
                    "    AND `event_type` = 'A';\nEND;\n");
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
             LITS(lit_str("LoanCreated"), lit_str("it's"), lit_str("C:\\"),
                  lit_str("a\\'b"))),
        leaf("__op", CDC_OP_NOT_IN, LITS(lit_str("d"), lit_str("r"))),
        leaf("event_name", CDC_OP_MATCHES, LITS(lit_str("^Loan\\d+\\s*(?:\\.v\\d)?$"))),
        group(CDC_COND_ANY, 3,
              leaf("created_date", CDC_OP_GT, LITS(lit_ts(1705314600000))),
              leaf("saved_date", CDC_OP_BETWEEN, LITS(lit_ts(-1), lit_ts(1705314600123))),
              not_(group(CDC_COND_ALL, 2, leaf("__ts_ms", CDC_OP_LT, LITS(lit_ts(0))),
                         leaf("__ts_ms", CDC_OP_GE, LITS(lit_ts(INT64_MIN)))))),
        jleaf(PATH("dealer-id"), CDC_TYPE_STRING, CDC_OP_EQUALS,
              LITS(lit_str("line\nbreak\t\xe2\x98\xba \xf0\x9f\x98\x80 -- x"))),
        jleaf(PATH("createdDate"), CDC_TYPE_TIMESTAMP, CDC_OP_LE,
              LITS(lit_ts(1705314600000))));
    cdc_cond *b = group(
        CDC_COND_ANY, 7,
        jleaf(PATH("amount"), CDC_TYPE_FLOAT, CDC_OP_BETWEEN,
              LITS(lit_float(-1.5), lit_float(2.5e10))),
        jleaf(PATH("items", "[0]", "qty"), CDC_TYPE_INT, CDC_OP_IN,
              LITS(lit_int(INT64_MIN), lit_int(3))),
        jleaf(PATH("ok"), CDC_TYPE_BOOLEAN, CDC_OP_EQUALS, LITS(lit_bool(false))),
        jleaf(PATH("it's"), CDC_TYPE_STRING, CDC_OP_IS_NOT_NULL, NOLITS),
        jleaf(PATH("a'\"b"), CDC_TYPE_STRING, CDC_OP_IS_NULL, NOLITS),
        jleaf(PATH("savedDate"), CDC_TYPE_TIMESTAMP, CDC_OP_IN,
              LITS(lit_ts(0), lit_ts(-1))),
        not_(jleaf(PATH("eventType"), CDC_TYPE_STRING, CDC_OP_MATCHES,
                   LITS(lit_str("[\\w-]+\\\\"))))); /* ends in an escaped backslash */
    cdc_filter *fa =
        filter("loan-events", "Loan events: it's \"quoted\"", "filtered-loan-events", a);
    fa->description.s = "Routes loans.\r\n-- not SQL; DROP TABLE x;\nThird line.\n";
    cdc_filter *fb =
        filter("payments-v2", "Payments", "filtered-payments-events-flink", b);
    cdc_filter *off =
        filter("old", "Old", "old-events", leaf("id", CDC_OP_IS_NULL, NOLITS));
    off->generated = false;
    return program(3, fa, off, fb);
}

static void test_deterministic(void **state)
{
    (void)state;
    emit_fn *fns[] = {cdc_emit_flink, cdc_emit_confluent};
    for (size_t i = 0; i < ARRAY_SIZE(fns); i++) {
        char *one = emit(fns[i], kitchen_sink());
        char *two = emit(fns[i], kitchen_sink());
        assert_string_equal(one, two);
        assert_lacks(one, "TRY_CAST");
    }
}

/* Appends to a buffer that already holds text (the emitters' contract). */
static void test_appends(void **state)
{
    (void)state;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_puts(&b, "prefix\n");
    cdc_emit_flink(kitchen_sink(), config(), &b);
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
    if (!dir)
        return;
    write_file(dir, "flink.sql", fl);
    write_file(dir, "confluent.sql", cc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_header_and_source_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sink_tables_and_statement_set, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_operators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_literals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_identifier_quoting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_typed_literals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_timestamp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filters_not_generated_are_left_out, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_nothing_to_route, setup, teardown),
        cmocka_unit_test_setup_teardown(test_confluent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_appends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_kitchen_sink, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* lang/check.c: stage 3. Parsed AST -> checked, typed AST.
 *
 * Resolves every field against the program's schema (columns and paths into
 * JSON columns), gives every literal its type and value (valueType is the
 * literal's declared type and must agree with the field), checks operands
 * per operator (orderable types, between's min <= max, enum values, regexes
 * that PCRE2 and Java read alike), filter ids (well-formed, unique) and the
 * Kafka topics each target will write. Decides which filters are generated.
 * Reports every problem; returns true when there is no error, and then every
 * back end can emit the program without further checks. Its warnings are
 * lints: where a subject is ready (a field resolved, a value typed, a leaf,
 * a filter, a topic two filters share) it runs that phase's rows of the
 * lint table (sem/lint.c). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/lang/check.h"
#include "cdcgen/back/emit_avro.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/instant.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/strmap.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/op.h"
#include "cdcgen/lang/regex.h"
#include "cdcgen/lang/schema.h"
#include "cdcgen/sem/lint.h"

enum { KAFKA_TOPIC_MAX = 249 };

typedef struct checker {
    cdc_program *prog;
    cdc_arena *arena;
    const cdc_config *cfg;
    cdc_diags *diags;
    const cdc_source *src; /* file of the filter being checked */
    cdc_strmap ids;        /* filter id -> first filter with it */
} checker;

#define ERROR(C, pos, code, ...) cdc_diag_error((C)->diags, (C)->src, (pos), (code), __VA_ARGS__)

/* ---- fields ---- */

static bool is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '$';
}

cdc_pos cdc_field_subpos(const cdc_source *src, const cdc_fieldref *f, size_t from, size_t to)
{
    size_t len = strlen(f->text);
    size_t lead = f->pos.len > len ? (f->pos.len - len) / 2 : 0; /* quotes */
    if (f->pos.len < len || memcmp(src->text + f->pos.off + lead, f->text, len) != 0)
        return f->pos;
    return cdc_source_pos(src, f->pos.off + lead + from, to - from);
}

size_t cdc_field_step_span(const cdc_fieldref *f, size_t k, size_t *end)
{
    const char *s = f->text;
    size_t i = strcspn(s, ".[");
    for (size_t step = 0; s[i]; step++) {
        size_t from = ++i; /* past the '.' or '[' */
        while (s[i] && (s[from - 1] == '.' ? is_key_char(s[i]) : s[i] != ']'))
            i++;
        if (step == k) {
            *end = i;
            return from;
        }
        i += s[i] == ']';
    }
    *end = i;
    return i;
}

/* cdc_field_subpos in the file being checked. */
static cdc_pos field_subpos(const checker *C, const cdc_fieldref *f, size_t from, size_t to)
{
    return cdc_field_subpos(C->src, f, from, to);
}

/* path = ( "." key | "[" digits "]" )*   below a JSON column */
static bool parse_path(checker *C, cdc_fieldref *f, size_t start)
{
    const char *s = f->text;
    size_t n = strlen(s), i = start, count = 0;
    cdc_path_step *steps = cdc_arena_alloc(C->arena, (n + 1) * sizeof *steps);
    while (i < n) {
        size_t from = i;
        if (s[i] == '.') {
            i++;
            size_t k = i;
            while (i < n && is_key_char(s[i]))
                i++;
            if (i == k) {
                ERROR(C, field_subpos(C, f, from, from + 1), "bad-path",
                      "expected a key after '.' in '%s'", s);
                return false;
            }
            steps[count++] =
                (cdc_path_step){CDC_STEP_KEY, cdc_arena_strndup(C->arena, s + k, i - k), 0};
        } else if (s[i] == '[') {
            i++;
            size_t k = i;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
            if (i == k || i >= n || s[i] != ']' || i - k > 9) {
                ERROR(C, field_subpos(C, f, from, i < n ? i + 1 : n), "bad-path",
                      "expected an array index like [0] in '%s'", s);
                return false;
            }
            steps[count++] =
                (cdc_path_step){CDC_STEP_INDEX, NULL, (uint32_t)strtoul(s + k, NULL, 10)};
            i++;
        } else {
            ERROR(C, field_subpos(C, f, i, i + 1), "bad-path",
                  "unexpected '%c' in field '%s'; keys are letters, digits, '_' and '-'", s[i], s);
            return false;
        }
    }
    f->path = steps;
    f->npath = count;
    return true;
}

static bool resolve_field(checker *C, cdc_fieldref *f)
{
    const cdc_schema *schema = C->prog->schema;
    const char *s = f->text;
    size_t n = strcspn(s, ".[");
    char *col = cdc_arena_strndup(C->arena, s, n);
    f->column = cdc_schema_find(schema, col);
    if (!f->column) {
        const char **names = cdc_arena_alloc(C->arena, schema->nfields * sizeof *names);
        for (size_t i = 0; i < schema->nfields; i++)
            names[i] = schema->fields[i].name;
        const char *hint = cdc_suggest(col, names, schema->nfields);
        cdc_pos at = field_subpos(C, f, 0, n);
        if (hint)
            ERROR(C, at, "unknown-field", "unknown field '%s'; did you mean '%s'?", col, hint);
        else
            ERROR(C, at, "unknown-field", "unknown field '%s' in table '%s'", col, schema->table);
        return false;
    }
    f->type = f->column->type;
    f->epoch_ms = f->column->epoch_ms;
    if (s[n] == '\0')
        return true;
    if (f->column->type != CDC_TYPE_JSON) {
        ERROR(C, field_subpos(C, f, n, strlen(s)), "unknown-field",
              "'%s' is a %s column; only JSON columns have paths like '%s.key'", col,
              cdc_type_name(f->column->type), col);
        return false;
    }
    if (!parse_path(C, f, n))
        return false;
    /* A declared key, at any depth, gives the type; a path the schema does
     * not declare is typed by the literal; no path goes below a declared
     * key that is no JSON. */
    size_t done;
    const cdc_field *entry = cdc_field_walk(f->column, f->path, f->npath, &done);
    f->type = CDC_TYPE_UNKNOWN;
    if (done == f->npath) {
        f->member = entry;
        f->type = entry->type;
        f->epoch_ms = entry->epoch_ms;
    } else if (entry->type != CDC_TYPE_JSON) {
        size_t end, at = cdc_field_step_span(f, done, &end) - 1; /* the '.' or '[' */
        ERROR(C, field_subpos(C, f, at, strlen(s)), "unknown-field",
              "'%.*s' is a %s key; only a json key has keys or items below it", (int)at, s,
              cdc_type_name(entry->type));
        return false;
    }
    return true;
}

/* ---- literals ---- */

static const char *syntax_name(cdc_lit_syntax s)
{
    switch (s) {
    case CDC_LIT_STRING: return "a string";
    case CDC_LIT_INT: return "an integer";
    case CDC_LIT_FLOAT: return "a number";
    case CDC_LIT_BOOL: return "a boolean";
    case CDC_LIT_NULL: return "null";
    }
    return "a value";
}

/* valueType spellings: the seed schema's enum plus the language's type names. */
typedef enum { VT_NONE, VT_STRING, VT_NUMBER, VT_BOOLEAN, VT_TIMESTAMP, VT_BAD } value_type;

static value_type parse_value_type(const char *s)
{
    static const struct {
        const char *name;
        value_type vt;
    } names[] = {{"string", VT_STRING},   {"number", VT_NUMBER},      {"int", VT_NUMBER},
                 {"integer", VT_NUMBER},  {"float", VT_NUMBER},       {"double", VT_NUMBER},
                 {"boolean", VT_BOOLEAN}, {"timestamp", VT_TIMESTAMP}};
    if (!s)
        return VT_NONE;
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (strcmp(s, names[i].name) == 0)
            return names[i].vt;
    return VT_BAD;
}

/* Does valueType agree with the field's type? */
static bool value_type_fits(value_type vt, const cdc_fieldref *f)
{
    switch (vt) {
    case VT_STRING: return f->type == CDC_TYPE_STRING;
    case VT_NUMBER:
        return f->type == CDC_TYPE_INT || f->type == CDC_TYPE_FLOAT ||
               f->type == CDC_TYPE_DECIMAL || (f->type == CDC_TYPE_TIMESTAMP && f->epoch_ms);
    case VT_BOOLEAN: return f->type == CDC_TYPE_BOOLEAN;
    case VT_TIMESTAMP: return f->type == CDC_TYPE_TIMESTAMP;
    default: return true;
    }
}

/* Type of an undeclared JSON path, from valueType or the first literal. */
static cdc_type infer_json_type(value_type vt, const cdc_cond *c)
{
    switch (vt) {
    case VT_STRING: return CDC_TYPE_STRING;
    case VT_NUMBER: return CDC_TYPE_FLOAT;
    case VT_BOOLEAN: return CDC_TYPE_BOOLEAN;
    case VT_TIMESTAMP: return CDC_TYPE_TIMESTAMP;
    default: break;
    }
    if (c->nvalues == 0)
        return CDC_TYPE_STRING;
    switch (c->values[0].syntax) {
    case CDC_LIT_INT:
    case CDC_LIT_FLOAT: return CDC_TYPE_FLOAT; /* JSON numbers compare as numbers */
    case CDC_LIT_BOOL: return CDC_TYPE_BOOLEAN;
    default: return CDC_TYPE_STRING;
    }
}

static bool parse_int64(const char *s, int64_t *out)
{
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

static bool parse_double(const char *s, double *out)
{
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* The literal as the field's type would have it written, where operand
 * (value, min, max; NULL in a list) is: "value: 10000", or "10000" in a
 * list. */
static const char *rewrite(checker *C, const char *operand, bool quote, const char *text)
{
    return cdc_arena_printf(C->arena, "%s%s%s%s%s", operand ? operand : "", operand ? ": " : "",
                            quote ? "\"" : "", text, quote ? "\"" : "");
}

/* A literal of another type than the field's: an error, since the
 * comparison would be UNKNOWN on every event. fix: the literal rewritten
 * as the field's type, or NULL when the text is none of its values. */
static void mismatch(checker *C, const cdc_literal *l, const cdc_fieldref *f, const char *type,
                     cdc_lit_syntax syn, const char *fix)
{
    const char *shown =
        syn == CDC_LIT_STRING ? cdc_arena_printf(C->arena, "\"%s\"", l->text) : l->text;
    if (fix)
        ERROR(
            C, l->pos, "type-mismatch",
            "'%s' is %s but %s is %s, so the comparison would be UNKNOWN on every event; write %s",
            f->text, type, shown, syntax_name(syn), fix);
    else
        ERROR(C, l->pos, "type-mismatch",
              "'%s' is %s but %s is %s, so the comparison would be UNKNOWN on every event", f->text,
              type, shown, syntax_name(syn));
}

static bool literal_timestamp(checker *C, cdc_literal *l, const cdc_fieldref *f, value_type vt,
                              const char *operand)
{
    l->type = CDC_TYPE_TIMESTAMP;
    if (f->epoch_ms &&
        (l->syntax == CDC_LIT_INT || (vt == VT_NUMBER && l->syntax == CDC_LIT_STRING))) {
        if (!parse_int64(l->text, &l->as.ms)) {
            ERROR(C, l->pos, "bad-literal", "'%s' is not an epoch-milliseconds integer", l->text);
            return false;
        }
        return true;
    }
    if (l->syntax != CDC_LIT_STRING) {
        ERROR(C, l->pos, "type-mismatch",
              "'%s' is a timestamp; compare it with an ISO-8601 instant such as "
              "\"2024-01-15T10:30:00Z\"%s, not %s",
              f->text, f->epoch_ms ? " or epoch milliseconds" : "", syntax_name(l->syntax));
        return false;
    }
    int64_t secs;
    int32_t nanos;
    if (f->epoch_ms && parse_int64(l->text, &secs)) {
        mismatch(C, l, f, "a timestamp in epoch milliseconds", l->syntax,
                 rewrite(C, operand, false, l->text));
        return false;
    }
    if (!cdc_parse_instant(l->text, l->len, &secs, &nanos)) {
        ERROR(C, l->pos, "bad-timestamp",
              "'%s' is not an ISO-8601 instant with an offset, such as 2024-01-15T10:30:00Z "
              "or 2024-01-15T12:30:00+02:00",
              l->text);
        return false;
    }
    if (nanos % 1000000 != 0) {
        ERROR(C, l->pos, "bad-timestamp",
              "timestamp literals have millisecond precision; '%s' has more", l->text);
        return false;
    }
    l->as.ms = secs * 1000 + nanos / 1000000;
    return true;
}

/* A decimal literal: a number as written, kept exact; at most
 * CDC_DECIMAL_MAX_PRECISION digits, which every target can hold. number:
 * written (or declared by valueType) as a number; quoted: a plain string. */
static bool literal_decimal(checker *C, cdc_literal *l, const cdc_fieldref *f, bool number,
                            bool quoted, const char *operand)
{
    l->type = CDC_TYPE_DECIMAL;
    if (!number) {
        cdc_decimal d;
        mismatch(C, l, f, "a decimal", l->syntax,
                 quoted && cdc_decimal_parse(l->text, l->len, CDC_DECIMAL_NUMBER, &d)
                     ? rewrite(C, operand, false, l->text)
                     : NULL);
        return false;
    }
    if (!cdc_decimal_parse(l->text, l->len, CDC_DECIMAL_NUMBER, &l->as.d)) {
        ERROR(C, l->pos, "bad-literal", "'%s' is not a decimal number", l->text);
        return false;
    }
    if (cdc_decimal_precision(&l->as.d) > CDC_DECIMAL_MAX_PRECISION) {
        ERROR(C, l->pos, "bad-literal",
              "'%s' has more than %d digits, the most a DECIMAL holds on Flink", l->text,
              CDC_DECIMAL_MAX_PRECISION);
        return false;
    }
    return true;
}

static bool bool_text(const char *s, bool *b)
{
    static const char *const yes[] = {"true", "True", "TRUE"}, *const no[] = {"false", "False",
                                                                              "FALSE"};
    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (strcmp(s, yes[i]) == 0)
            return *b = true, true;
        if (strcmp(s, no[i]) == 0)
            return *b = false, true;
    }
    return false;
}

/* Gives literal l the type of field f, or reports why it cannot have it;
 * operand names where l is written (value, min, max; NULL in a list). */
static bool type_literal(checker *C, cdc_literal *l, const cdc_fieldref *f, value_type vt,
                         const char *operand)
{
    if (l->syntax == CDC_LIT_NULL) {
        ERROR(C, l->pos, "null-literal",
              "null is not a value to compare with; use operator isNull or isNotNull");
        return false;
    }
    if (strlen(l->text) != l->len) {
        ERROR(C, l->pos, "bad-literal", "the value contains a NUL character");
        return false;
    }
    /* valueType: string declares the literal a string however it is written. */
    cdc_lit_syntax syn = vt == VT_STRING ? CDC_LIT_STRING : l->syntax;
    bool as_number = vt == VT_NUMBER && syn == CDC_LIT_STRING;
    bool as_bool = vt == VT_BOOLEAN && syn == CDC_LIT_STRING;
    /* A quoted number or boolean against a number or boolean field: the
     * fix is the same text unquoted. */
    bool quoted = syn == CDC_LIT_STRING && !as_number && !as_bool;
    int64_t i64;
    double dbl;
    bool b;
    switch (f->type) {
    case CDC_TYPE_STRING:
        if (syn != CDC_LIT_STRING) {
            mismatch(C, l, f, "a string", syn, rewrite(C, operand, true, l->text));
            return false;
        }
        l->type = CDC_TYPE_STRING;
        return true;
    case CDC_TYPE_INT:
        l->type = CDC_TYPE_INT;
        if (syn == CDC_LIT_INT || as_number) {
            if (parse_int64(l->text, &l->as.i))
                return true;
            ERROR(C, l->pos, "bad-literal", "'%s' is not a 64-bit integer", l->text);
            return false;
        }
        mismatch(C, l, f, "an integer", syn,
                 quoted && parse_int64(l->text, &i64) ? rewrite(C, operand, false, l->text) : NULL);
        return false;
    case CDC_TYPE_FLOAT:
        l->type = CDC_TYPE_FLOAT;
        if (syn == CDC_LIT_INT || syn == CDC_LIT_FLOAT || as_number) {
            if (parse_double(l->text, &l->as.f))
                return true;
            ERROR(C, l->pos, "bad-literal", "'%s' is not a finite number", l->text);
            return false;
        }
        mismatch(C, l, f, "a number", syn,
                 quoted && parse_double(l->text, &dbl) ? rewrite(C, operand, false, l->text)
                                                       : NULL);
        return false;
    case CDC_TYPE_DECIMAL:
        return literal_decimal(C, l, f, syn == CDC_LIT_INT || syn == CDC_LIT_FLOAT || as_number,
                               quoted, operand);
    case CDC_TYPE_BOOLEAN:
        l->type = CDC_TYPE_BOOLEAN;
        if ((syn == CDC_LIT_BOOL || as_bool) && bool_text(l->text, &l->as.b))
            return true;
        if (as_bool)
            ERROR(C, l->pos, "bad-literal", "valueType boolean needs true or false, not '%s'",
                  l->text);
        else
            mismatch(C, l, f, "a boolean", syn,
                     quoted && bool_text(l->text, &b) ? rewrite(C, operand, false, l->text) : NULL);
        return false;
    case CDC_TYPE_TIMESTAMP: return literal_timestamp(C, l, f, vt, operand);
    default: CDC_BUG("literal for field of type %s", cdc_type_name(f->type));
    }
}

/* Code-point order of two UTF-8 strings is their byte order. */
static int literal_cmp(const cdc_literal *a, const cdc_literal *b)
{
    switch (a->type) {
    case CDC_TYPE_INT: return (a->as.i > b->as.i) - (a->as.i < b->as.i);
    case CDC_TYPE_FLOAT: return (a->as.f > b->as.f) - (a->as.f < b->as.f);
    case CDC_TYPE_DECIMAL: return cdc_decimal_cmp(&a->as.d, &b->as.d);
    case CDC_TYPE_TIMESTAMP: return (a->as.ms > b->as.ms) - (a->as.ms < b->as.ms);
    case CDC_TYPE_BOOLEAN: return (int)a->as.b - (int)b->as.b;
    default: {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = memcmp(a->text, b->text, n);
        return c ? c : (a->len > b->len) - (a->len < b->len);
    }
    }
}

int cdc_literal_cmp(const cdc_literal *a, const cdc_literal *b)
{
    return literal_cmp(a, b);
}

/* A string literal outside the field's fixed values is an error
 * (enum-value; outside the values its schema lists so far: the lint
 * unlisted-value). */
static void check_enum(checker *C, const cdc_fieldref *f, const cdc_literal *l)
{
    const cdc_field *field = cdc_fieldref_entry(f);
    const char *listed, *hint;
    if (field && l->type == CDC_TYPE_STRING && field->enums &&
        cdc_value_unlisted(C->arena, field->enums, l->text, &listed, &hint))
        ERROR(C, l->pos, "enum-value", "'%s' is not a value of '%s' (one of %s)%s", l->text,
              f->text, listed, hint);
}

/* Position of byte `at` inside a string literal, when the source holds the
 * pattern verbatim; else the whole literal. */
static cdc_pos literal_subpos(const checker *C, const cdc_literal *l, size_t at)
{
    size_t lead = l->pos.len > l->len ? 1 : 0;
    if (l->pos.len < l->len + lead || memcmp(C->src->text + l->pos.off + lead, l->text, l->len))
        return l->pos;
    return cdc_source_pos(C->src, l->pos.off + lead + at, at < l->len ? 1 : 0);
}

static void check_leaf(checker *C, cdc_cond *c)
{
    if (!resolve_field(C, &c->field))
        return;
    cdc_lint_field(C->diags, C->src, &c->field);
    cdc_fieldref *f = &c->field;
    const cdc_op_info *op = cdc_op_get(c->op);
    value_type vt = parse_value_type(c->value_type);
    if (vt == VT_BAD) {
        ERROR(C, c->value_type_pos, "bad-value-type",
              "unknown valueType '%s' (string, number, boolean or timestamp)", c->value_type);
        return;
    }
    if (f->type == CDC_TYPE_UNKNOWN)
        f->type = infer_json_type(vt, c);
    const cdc_field *entry = f->member ? f->member : f->column;
    if (f->type == CDC_TYPE_JSON && !cdc_op_takes(c->op, f->type)) {
        ERROR(C, c->op_pos, "operator-type",
              "'%s' holds a JSON document; compare a key inside it, such as '%s.%s'", f->text,
              f->text, entry->nmembers ? entry->members[0].name : "key");
        return;
    }
    if (vt != VT_NONE && !value_type_fits(vt, f)) {
        ERROR(C, c->value_type_pos, "type-mismatch",
              "valueType '%s' does not match '%s', which is %s%s", c->value_type, f->text,
              cdc_type_name(f->type), f->epoch_ms ? " (epoch milliseconds)" : "");
        return;
    }
    if (!cdc_op_takes(c->op, f->type)) {
        ERROR(C, c->op_pos, "operator-type", "operator '%s' needs %s; '%s' is %s", op->name,
              op->needs, f->text, cdc_type_name(f->type));
        return;
    }
    bool ok = true;
    static const char *const range[] = {"min", "max"};
    for (size_t i = 0; i < c->nvalues; i++) {
        const char *operand = op->operands == CDC_OPERANDS_VALUE   ? "value"
                              : op->operands == CDC_OPERANDS_RANGE ? range[i & 1]
                                                                   : NULL;
        if (!type_literal(C, &c->values[i], f, vt, operand)) {
            ok = false;
        } else if (!op->pattern) { /* a pattern is no value of the enum */
            check_enum(C, f, &c->values[i]);
            cdc_lint_literal(C->diags, C->src, c, &c->values[i]);
        }
    }
    if (!ok)
        return;
    if (op->operands == CDC_OPERANDS_RANGE && literal_cmp(&c->values[0], &c->values[1]) > 0) {
        cdc_buf lo = CDC_BUF_INIT, hi = CDC_BUF_INIT;
        cdc_literal_canonical(&c->values[0], &lo);
        cdc_literal_canonical(&c->values[1], &hi);
        ERROR(C, c->values[0].pos, "between-range",
              "'%s' needs min <= max, but min %s is greater than max %s", op->name, lo.data,
              hi.data);
        cdc_buf_release(&lo);
        cdc_buf_release(&hi);
    }
    cdc_lint_condition(C->diags, C->src, c);
    if (op->pattern) {
        const char *msg;
        size_t at;
        if (!cdc_regex_check(C->arena, c->values[0].text, c->values[0].len, &msg, &at))
            ERROR(C, literal_subpos(C, &c->values[0], at), "bad-regex", "invalid pattern: %s", msg);
    }
}

static void check_cond(checker *C, cdc_cond *c)
{
    if (c->kind == CDC_COND_LEAF) {
        check_leaf(C, c);
        return;
    }
    for (size_t i = 0; i < c->nkids; i++)
        check_cond(C, c->kids[i]);
}

/* ---- filters ---- */

static bool valid_id(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

/* The topic a target writes: outputTopic + suffix, unless outputTopic
 * already ends with suffix (the seed's v2 topics do). */
static const char *output_topic(cdc_arena *a, const char *base, const char *suffix)
{
    size_t n = strlen(base), k = strlen(suffix);
    if (n >= k && strcmp(base + n - k, suffix) == 0)
        return base;
    return cdc_arena_printf(a, "%s%s", base, suffix);
}

/* The topic as every target writes it: outputTopic plus each suffix. */
static void check_topic(checker *C, const cdc_filter *f)
{
    const char *t = f->output_topic.s;
    if (t[cdc_topic_span(t)] != '\0') {
        ERROR(C, f->output_topic.pos, "bad-topic",
              "topic '%s' has a character Kafka does not allow (letters, digits, '.', '_', '-')",
              t);
        return;
    }
    const char *suffixes[] = {C->cfg->flink_suffix, C->cfg->streams_suffix};
    for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
        const char *topic = output_topic(C->arena, t, suffixes[i]);
        size_t len = strlen(topic);
        if (len > KAFKA_TOPIC_MAX) {
            ERROR(C, f->output_topic.pos, "bad-topic",
                  "topic '%s' is %zu characters long; Kafka allows at most %d", topic, len,
                  KAFKA_TOPIC_MAX);
            return;
        }
        /* only with an empty suffix: '.' plus '-flink' is a name */
        if (strcmp(topic, ".") == 0 || strcmp(topic, "..") == 0) {
            ERROR(C, f->output_topic.pos, "bad-topic",
                  "topic '%s' is not a name Kafka accepts ('.' and '..' are reserved)", topic);
            return;
        }
    }
}

static void check_filter(checker *C, cdc_filter *f)
{
    C->src = f->src;
    if (f->id.s && !valid_id(f->id.s))
        ERROR(C, f->id.pos, "bad-id",
              "filter id '%s' must be lowercase letters, digits and '-', starting with a "
              "letter or digit",
              f->id.s);
    if (f->id.s) {
        const cdc_filter *g = cdc_strmap_put(&C->ids, f->id.s, strlen(f->id.s), f);
        if (g != f) {
            ERROR(C, f->id.pos, "duplicate-id", "filter id '%s' is already used", f->id.s);
            cdc_diag_note(C->diags, g->src, g->id.pos, "'%s' first defined here", f->id.s);
        }
    }
    if (f->name.s && !f->name.s[0])
        ERROR(C, f->name.pos, "bad-value", "'name' is empty");
    if (f->consumer_id.s && !f->consumer_id.s[0])
        ERROR(C, f->consumer_id.pos, "bad-value", "'consumerId' is empty");
    if (f->output_topic.s) {
        if (!f->output_topic.s[0]) {
            ERROR(C, f->output_topic.pos, "bad-topic", "'outputTopic' is empty");
        } else {
            check_topic(C, f);
        }
    }
    if (f->cond)
        check_cond(C, f->cond);

    f->generated = f->enabled && f->status != CDC_STATUS_DISABLED &&
                   f->status != CDC_STATUS_PENDING_DELETION && f->status != CDC_STATUS_DELETED;
    cdc_lint_filter(C->diags, f);
}

/* ---- names the targets create ---- */

static const char *suffix_of(const cdc_config *cfg, cdc_topic_suffix s)
{
    switch (s) {
    case CDC_SUFFIX_FLINK: return cfg->flink_suffix;
    case CDC_SUFFIX_STREAMS: return cfg->streams_suffix;
    case CDC_SUFFIX_NONE: break;
    }
    return NULL;
}

/* An SQL identifier from a topic: raw-event-headers -> raw_event_headers. */
static const char *table_of_topic(cdc_arena *a, const char *topic)
{
    char *t = cdc_arena_strdup(a, topic);
    for (char *s = t; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            *s = '_';
    return t;
}

/* Whether c compares a timestamp carried as text (the SQL targets convert
 * such a value to its instant once, in a helper column). */
static bool compares_text_timestamp(const cdc_cond *c)
{
    if (c->kind == CDC_COND_LEAF)
        return c->field.type == CDC_TYPE_TIMESTAMP && !c->field.epoch_ms;
    for (size_t i = 0; i < c->nkids; i++)
        if (compares_text_timestamp(c->kids[i]))
            return true;
    return false;
}

void cdc_resolve_names(cdc_program *p, cdc_arena *a, const cdc_config *cfg)
{
    p->source_topic = cfg->source_topic;
    p->source_table = table_of_topic(a, cfg->source_topic);
    bool utc = false;
    cdc_strmap tables;
    cdc_strmap_init(&tables);
    cdc_strmap_put(&tables, p->source_table, strlen(p->source_table), (void *)p);
    for (size_t i = 0; i < p->nfilters; i++) {
        cdc_filter *f = p->filters[i];
        for (int t = 0; t < CDC_TARGET__COUNT; t++) {
            const char *suffix = suffix_of(cfg, cdc_target_get((cdc_target)t)->suffix);
            f->topic[t] =
                suffix && f->output_topic.s ? output_topic(a, f->output_topic.s, suffix) : NULL;
        }
        /* ids are [a-z0-9-], so distinct ids give distinct tables */
        if (f->id.s) {
            char *name = cdc_arena_printf(a, "sink_%s", f->id.s);
            for (char *s = name; *s; s++)
                if (*s == '-')
                    *s = '_';
            f->sink_table = name;
        }
        if (f->generated) {
            if (f->sink_table)
                cdc_strmap_put(&tables, f->sink_table, strlen(f->sink_table), f);
            utc |= f->cond && compares_text_timestamp(f->cond);
        }
    }
    /* <source>__utc, or the first of <source>__utc_2, ... that names no table */
    p->utc_view = NULL;
    if (utc) {
        const char *view = cdc_arena_printf(a, "%s__utc", p->source_table);
        for (unsigned k = 2; cdc_strmap_get(&tables, view, strlen(view)); k++)
            view = cdc_arena_printf(a, "%s__utc_%u", p->source_table, k);
        p->utc_view = view;
    }
    cdc_strmap_release(&tables);
}

/* Whether a configured target writes (or lists) the topics of family s. */
static bool family_written(const cdc_config *cfg, cdc_topic_suffix s)
{
    for (int t = 0; t < CDC_TARGET__COUNT; t++) {
        const cdc_target_info *info = cdc_target_get((cdc_target)t);
        if ((cfg->targets & (1u << t)) && (info->suffix == s || info->lists_topics))
            return true;
    }
    return false;
}

/* The topic of family s that f writes (any target of that family). */
static const char *topic_of(const cdc_filter *f, cdc_topic_suffix s)
{
    for (int t = 0; t < CDC_TARGET__COUNT; t++)
        if (cdc_target_get((cdc_target)t)->suffix == s)
            return f->topic[t];
    return NULL;
}

/* A topic name with '.' read as '_': Kafka refuses to create a topic whose
 * name equals an existing one's this way (their metric names would be the
 * same; Topic.hasCollision). */
static const char *metric_name(cdc_arena *a, const char *topic)
{
    char *t = cdc_arena_strdup(a, topic);
    for (char *s = t; *s; s++)
        if (*s == '.')
            *s = '_';
    return t;
}

/* Every topic the configured targets create, the source topic first: two
 * names that differ only in '.' and '_' collide in Kafka, which creates the
 * first and refuses the second (topics.sh would fail half-way). Exact
 * duplicates are check_names' (a shared topic or a collision of its own). */
static void check_metric_names(checker *C)
{
    cdc_program *p = C->prog;
    static const cdc_topic_suffix families[] = {CDC_SUFFIX_FLINK, CDC_SUFFIX_STREAMS};
    cdc_strmap seen; /* metric name -> the topic it came from */
    cdc_strmap_init(&seen);
    typedef struct named {
        const char *topic;
        const cdc_filter *filter; /* NULL: the source topic */
    } named;
    named *source = cdc_arena_alloc(C->arena, sizeof *source);
    *source = (named){p->source_topic, NULL};
    const char *m = metric_name(C->arena, p->source_topic);
    cdc_strmap_put(&seen, m, strlen(m), source);
    /* a filter is told once, at its first colliding topic */
    bool *told = cdc_arena_alloc(C->arena, (p->nfilters + 1) * sizeof *told);
    for (size_t k = 0; k < ARRAY_SIZE(families); k++) {
        if (!family_written(C->cfg, families[k]))
            continue;
        for (size_t i = 0; i < p->nfilters; i++) {
            const cdc_filter *f = p->filters[i];
            const char *topic = topic_of(f, families[k]);
            if (told[i] || !f->generated || !topic || !f->output_topic.s[0] ||
                topic[cdc_topic_span(topic)] != '\0')
                continue;
            named *n = cdc_arena_alloc(C->arena, sizeof *n);
            *n = (named){topic, f};
            m = metric_name(C->arena, topic);
            const named *g = cdc_strmap_put(&seen, m, strlen(m), n);
            if (g == n || strcmp(g->topic, topic) == 0)
                continue;
            C->src = f->src;
            told[i] = true;
            if (!g->filter) {
                ERROR(C, f->output_topic.pos, "name-collision",
                      "filter '%s' writes to topic '%s', which Kafka refuses beside the source "
                      "topic '%s' (kafka.source_topic): names differing only in '.' and '_' "
                      "collide",
                      f->id.s ? f->id.s : "?", topic, g->topic);
                continue;
            }
            ERROR(C, f->output_topic.pos, "name-collision",
                  "filter '%s' writes to topic '%s', which Kafka refuses beside topic '%s' of "
                  "filter '%s': names differing only in '.' and '_' collide",
                  f->id.s ? f->id.s : "?", topic, g->topic,
                  g->filter->id.s ? g->filter->id.s : "?");
            if (g->filter != f)
                cdc_diag_note(C->diags, g->filter->src, g->filter->output_topic.pos,
                              "'%s' is defined here", g->filter->id.s ? g->filter->id.s : "?");
        }
    }
    cdc_strmap_release(&seen);
}

/* Every name a configured target creates must be its own: a filter's topic
 * is not the source topic (its events would be routed again), two filters
 * with different outputTopics do not end in one topic once the suffix is
 * added, and no sink table is the source table. Two filters with the same
 * outputTopic share it on purpose: a warning. */
static void check_names(checker *C)
{
    cdc_program *p = C->prog;
    const cdc_config *cfg = C->cfg;
    static const cdc_topic_suffix families[] = {CDC_SUFFIX_FLINK, CDC_SUFFIX_STREAMS};
    bool first = true; /* shared-topic is said once, not per family */
    for (size_t k = 0; k < ARRAY_SIZE(families); k++) {
        cdc_topic_suffix fam = families[k];
        if (!family_written(cfg, fam))
            continue;
        const char *suffix = suffix_of(cfg, fam);
        cdc_strmap topics;
        cdc_strmap_init(&topics);
        for (size_t i = 0; i < p->nfilters; i++) {
            cdc_filter *f = p->filters[i];
            const char *topic = topic_of(f, fam);
            if (!f->generated || !topic || !f->output_topic.s[0])
                continue;
            C->src = f->src;
            if (strcmp(topic, p->source_topic) == 0) {
                ERROR(C, f->output_topic.pos, "name-collision",
                      "filter '%s' writes to topic '%s', the source topic "
                      "(kafka.source_topic) it reads: its events would be routed again",
                      f->id.s ? f->id.s : "?", topic);
                continue;
            }
            const cdc_filter *g = cdc_strmap_put(&topics, topic, strlen(topic), f);
            if (g == f)
                continue;
            if (strcmp(g->output_topic.s, f->output_topic.s) == 0) {
                if (first)
                    cdc_lint_topic(C->diags, f, g);
                continue;
            }
            ERROR(C, f->output_topic.pos, "name-collision",
                  "filter '%s' (outputTopic '%s') and filter '%s' (outputTopic '%s') both "
                  "write to topic '%s' once the suffix '%s' is added",
                  f->id.s ? f->id.s : "?", f->output_topic.s, g->id.s ? g->id.s : "?",
                  g->output_topic.s, topic, suffix);
            cdc_diag_note(C->diags, g->src, g->output_topic.pos, "'%s' is defined here",
                          g->id.s ? g->id.s : "?");
        }
        cdc_strmap_release(&topics);
        first = false;
    }
    if (!(cfg->targets & (1u << CDC_TARGET_FLINK)))
        return;
    for (size_t i = 0; i < p->nfilters; i++) {
        cdc_filter *f = p->filters[i];
        if (!f->generated || !f->sink_table || strcmp(f->sink_table, p->source_table) != 0)
            continue;
        C->src = f->src;
        ERROR(C, f->id.pos, "name-collision",
              "filter '%s' needs the Apache Flink sink table '%s', the name of the source "
              "table of topic '%s' (kafka.source_topic)",
              f->id.s, f->sink_table, p->source_topic);
    }
}

/* The avro target names a record field after each column, and Avro field
 * names are [A-Za-z_][A-Za-z0-9_]*: a column named otherwise has no Avro
 * schema the records it is in would match (the connector writes the name
 * as it is). Reported against the schema file, which holds no positions
 * once loaded. */
static void check_avro_names(checker *C)
{
    const cdc_schema *s = C->prog->schema;
    if (!(C->cfg->targets & (1u << CDC_TARGET_AVRO)) || !s)
        return;
    cdc_source *src = NULL;
    for (size_t i = 0; i < s->ncolumns; i++) {
        if (cdc_avro_name(s->fields[i].name))
            continue;
        if (!src) {
            src = CDC_ARENA_NEW(C->arena, cdc_source);
            src->path = s->path ? s->path : "schema.yaml";
            src->text = "";
        }
        cdc_diag_error(C->diags, src, (cdc_pos){0, 0, 0, 0}, "avro-name",
                       "column '%s' has no Avro name: the avro target needs letters, digits and "
                       "'_', not starting with a digit",
                       s->fields[i].name);
    }
}

bool cdc_check(cdc_program *p, cdc_arena *a, const cdc_config *cfg, cdc_diags *d)
{
    checker C = {.prog = p, .arena = a, .cfg = cfg, .diags = d};
    cdc_strmap_init(&C.ids);
    for (size_t i = 0; i < p->nfilters; i++)
        check_filter(&C, p->filters[i]);
    cdc_strmap_release(&C.ids);
    cdc_lint_program(d, p);
    cdc_resolve_names(p, a, cfg);
    check_names(&C);
    check_metric_names(&C);
    check_avro_names(&C);
    /* Errors of earlier stages count too: a condition parse dropped leaves a
     * filter that must not be emitted. */
    return d->nerrors == 0;
}

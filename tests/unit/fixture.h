/* Helpers shared by the unit tests: fixtures (an arena, a diagnostics
 * collector, a program to check) and the builders of checked ASTs made by
 * hand, so every test builds them alike. Header-only: each test binary is
 * one .c file. */
#ifndef CDCGEN_TEST_FIXTURE_H
#define CDCGEN_TEST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/instant.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/check.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/parse.h"
#include "cdcgen/lang/schema.h"
#include "../fixtures/schema_fixture.h"

/* The arena of the running test, for tests that reach it through fx_arena:
 * fx_arena_setup and fx_arena_teardown are its cmocka setup and teardown. */
static inline cdc_arena **fx_arena_slot(void)
{
    static cdc_arena *arena;
    return &arena;
}
#define fx_arena (*fx_arena_slot())

static inline int fx_arena_setup(void **state)
{
    (void)state;
    fx_arena = cdc_arena_new();
    return 0;
}

static inline int fx_arena_teardown(void **state)
{
    (void)state;
    cdc_arena_free(fx_arena);
    fx_arena = NULL;
    return 0;
}

/* An arena and a diagnostics collector in *state: fx_diags_setup and
 * fx_diags_teardown. */
typedef struct fx_diags {
    cdc_arena *a;
    cdc_diags d;
} fx_diags;

static inline int fx_diags_setup(void **state)
{
    fx_diags *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->a = cdc_arena_new();
    cdc_diags_init(&f->d, f->a);
    *state = f;
    return 0;
}

static inline int fx_diags_teardown(void **state)
{
    fx_diags *f = *state;
    cdc_arena_free(f->a);
    free(f);
    return 0;
}

/* What the tests of check and its lints start from: an arena, a collector,
 * an empty program on the built-in schema and the default config. A test
 * needing more puts this first in a struct of its own and gives that
 * struct's size to fx_program_setup. */
typedef struct fx_program {
    cdc_arena *a;
    cdc_diags d;
    cdc_program p;
    cdc_config cfg;
} fx_program;

static inline int fx_program_setup(void **state, size_t size)
{
    fx_program *f = calloc(1, size);
    if (!f)
        return -1;
    f->a = cdc_arena_new();
    cdc_diags_init(&f->d, f->a);
    cdc_config_defaults(&f->cfg);
    f->p.schema = fx_schema();
    *state = f;
    return 0;
}

static inline int fx_program_teardown(void **state)
{
    fx_program *f = *state;
    cdc_arena_free(f->a);
    free(f);
    return 0;
}

/* Loads and parses filter file `path` holding text into f's program, as
 * the driver would; the text must be valid YAML. Returns its source. */
static inline const cdc_source *fx_add_file(fx_program *f, const char *path, const char *text)
{
    const cdc_source *s = cdc_source_from_string(f->a, path, text, strlen(text));
    cdc_ynode *root = cdc_yaml_load(f->a, s, &f->d);
    if (!root)
        fail_msg("%s does not load: %s", path, f->d.head ? f->d.head->msg : "?");
    cdc_parse_file(&f->p, f->a, s, root, &f->d);
    return s;
}

/* Path steps from their written form: "[3]" is index 3, anything else a key. */
static inline cdc_path_step *fx_path_steps(cdc_arena *a, const char *const *path, size_t n)
{
    cdc_path_step *steps = cdc_arena_alloc(a, (n + 1) * sizeof *steps);
    for (size_t i = 0; i < n; i++) {
        const char *s = path[i];
        size_t len = strlen(s);
        if (len >= 3 && s[0] == '[' && s[len - 1] == ']' && strspn(s + 1, "0123456789") == len - 2)
            steps[i] = (cdc_path_step){CDC_STEP_INDEX, NULL, (uint32_t)strtoul(s + 1, NULL, 10)};
        else
            steps[i] = (cdc_path_step){CDC_STEP_KEY, s, 0};
    }
    return steps;
}

/* ---- checked ASTs built by hand ----
 * As check.c leaves them: every field resolved against a schema and typed,
 * every literal typed, with its value and the text check would have read.
 * They live in fx_arena (fx_arena_setup). */

static inline cdc_literal fx_lit_str(const char *s)
{
    return (cdc_literal){
        .syntax = CDC_LIT_STRING, .text = s, .len = strlen(s), .type = CDC_TYPE_STRING};
}

static inline cdc_literal fx_lit_int(int64_t v)
{
    const char *text = cdc_arena_printf(fx_arena, "%lld", (long long)v);
    return (cdc_literal){
        .syntax = CDC_LIT_INT, .text = text, .len = strlen(text), .type = CDC_TYPE_INT, .as.i = v};
}

static inline cdc_literal fx_lit_float(double v)
{
    char tmp[CDC_DOUBLE_BUF];
    cdc_double_shortest(v, 'g', 15, tmp);
    const char *text = cdc_arena_strdup(fx_arena, tmp);
    return (cdc_literal){.syntax = CDC_LIT_FLOAT,
                         .text = text,
                         .len = strlen(text),
                         .type = CDC_TYPE_FLOAT,
                         .as.f = v};
}

static inline cdc_literal fx_lit_bool(bool v)
{
    const char *text = v ? "true" : "false";
    return (cdc_literal){.syntax = CDC_LIT_BOOL,
                         .text = text,
                         .len = strlen(text),
                         .type = CDC_TYPE_BOOLEAN,
                         .as.b = v};
}

/* A timestamp literal, written as its ISO-8601 UTC instant. */
static inline cdc_literal fx_lit_ts(int64_t ms)
{
    cdc_buf iso = CDC_BUF_INIT;
    cdc_format_instant_ms(ms, &iso);
    const char *text = cdc_arena_strdup(fx_arena, iso.data);
    cdc_buf_release(&iso);
    return (cdc_literal){.syntax = CDC_LIT_STRING,
                         .text = text,
                         .len = strlen(text),
                         .type = CDC_TYPE_TIMESTAMP,
                         .as.ms = ms};
}

/* The operands of a leaf: FX_LITS(fx_lit_str("a"), fx_lit_str("b")) is
 * the array and its length; FX_NOLITS none. */
#define FX_LITS(...) (cdc_literal[]){__VA_ARGS__}, ARRAY_SIZE(((cdc_literal[]){__VA_ARGS__}))
#define FX_NOLITS NULL, 0

/* A JSON path's steps, NULL-terminated: FX_PATH("items", "[0]", "sku"). */
#define FX_PATH(...) ((const char *const[]){__VA_ARGS__, NULL})

/* A leaf on a column of schema s, or, when path (NULL-terminated) is given,
 * on that path below the column, of the given type. values are copied. */
static inline cdc_cond *fx_leaf_in(const cdc_schema *s, const char *column, const char *const *path,
                                   cdc_type type, cdc_op op, const cdc_literal *values, size_t n)
{
    cdc_cond *c = CDC_ARENA_NEW(fx_arena, cdc_cond);
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
        c->field.path = fx_path_steps(fx_arena, path, k);
        c->field.npath = k;
        c->field.type = type;
        c->field.epoch_ms = false;
    }
    c->op = op;
    c->values = cdc_arena_alloc(fx_arena, (n ? n : 1) * sizeof *c->values);
    if (n)
        memcpy(c->values, values, n * sizeof *values);
    c->nvalues = n;
    return c;
}

/* A leaf on a column of the built-in schema, of the column's type. */
static inline cdc_cond *fx_leaf(const char *column, cdc_op op, const cdc_literal *values, size_t n)
{
    return fx_leaf_in(fx_schema(), column, NULL, CDC_TYPE_UNKNOWN, op, values, n);
}

/* A leaf on a path into the built-in schema's header_data, of type `type`. */
static inline cdc_cond *fx_jleaf(const char *const *path, cdc_type type, cdc_op op,
                                 const cdc_literal *values, size_t n)
{
    return fx_leaf_in(fx_schema(), "header_data", path, type, op, values, n);
}

/* A group of kind ALL, ANY or NOT (one kid) of the n conditions given. */
static inline cdc_cond *fx_group(cdc_cond_kind kind, size_t n, ...)
{
    cdc_cond *c = CDC_ARENA_NEW(fx_arena, cdc_cond);
    c->kind = kind;
    c->kids = cdc_arena_alloc(fx_arena, (n ? n : 1) * sizeof *c->kids);
    c->nkids = n;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        c->kids[i] = va_arg(ap, cdc_cond *);
    va_end(ap);
    return c;
}

static inline cdc_cond *fx_not(cdc_cond *kid)
{
    return fx_group(CDC_COND_NOT, 1, kid);
}

/* The two files hand-built programs are read from: fx_source(0) is
 * filters/a.yaml, fx_source(1) filters/b.yaml. */
static inline const cdc_source **fx_sources(void)
{
    static const cdc_source files[] = {{.path = "filters/a.yaml"}, {.path = "filters/b.yaml"}};
    static const cdc_source *list[] = {&files[0], &files[1]};
    return list;
}
#define FX_NSOURCES 2
static inline const cdc_source *fx_source(size_t i)
{
    return fx_sources()[i];
}

/* A generated filter of filters/a.yaml, consumer "<id>-consumer". Like
 * check, it wraps a lone leaf or NOT in an ALL group. */
static inline cdc_filter *fx_filter(const char *id, const char *name, const char *topic,
                                    cdc_cond *cond)
{
    cdc_filter *f = CDC_ARENA_NEW(fx_arena, cdc_filter);
    f->src = fx_source(0);
    f->id.s = id;
    f->name.s = name;
    f->consumer_id.s = cdc_arena_printf(fx_arena, "%s-consumer", id);
    f->output_topic.s = topic;
    f->enabled = true;
    f->generated = true;
    f->cond = cond->kind == CDC_COND_LEAF || cond->kind == CDC_COND_NOT
                  ? fx_group(CDC_COND_ALL, 1, cond)
                  : cond;
    return f;
}

/* A program of the n filters given, on the built-in schema, read from
 * both fx_sources. */
static inline cdc_program *fx_program_of(size_t n, ...)
{
    cdc_program *p = CDC_ARENA_NEW(fx_arena, cdc_program);
    p->filters = cdc_arena_alloc(fx_arena, (n ? n : 1) * sizeof *p->filters);
    p->nfilters = n;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        p->filters[i] = va_arg(ap, cdc_filter *);
    va_end(ap);
    p->sources = fx_sources();
    p->nsources = FX_NSOURCES;
    p->schema = fx_schema();
    return p;
}

/* Runs back end fn on a program built by hand: resolves the names check
 * would (cdc_resolve_names), then emits, appending to out. */
static inline void fx_emit(cdc_emit_fn fn, const cdc_program *p, cdc_arena *a,
                           const cdc_config *cfg, cdc_buf *out)
{
    cdc_resolve_names((cdc_program *)p, a, cfg);
    fn(p, cfg, out);
}

#endif

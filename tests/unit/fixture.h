/* Helpers shared by the unit tests that build ASTs by hand. Header-only:
 * each test binary is one .c file. */
#ifndef CDCGEN_TEST_FIXTURE_H
#define CDCGEN_TEST_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/check.h"
#include "cdcgen/lang/schema.h"

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
    f->p.schema = cdc_schema_builtin();
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

/* Runs back end fn on a program built by hand: resolves the names check
 * would (cdc_resolve_names), then emits, appending to out. */
static inline void fx_emit(cdc_emit_fn fn, const cdc_program *p, cdc_arena *a,
                           const cdc_config *cfg, cdc_buf *out)
{
    cdc_resolve_names((cdc_program *)p, a, cfg);
    fn(p, cfg, out);
}

#endif

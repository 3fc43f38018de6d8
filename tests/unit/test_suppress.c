/* Unit tests for suppress.c and the overlap lints of lint.c: which
 * filter a finding belongs to (its mapping's span, across files), a
 * filter's entries before cdcgen.yaml's, the counts, unused entries, and
 * which pairs duplicate-route and shadowed-route report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/check.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/parse.h"
#include "cdcgen/sem/lint.h"
#include "cdcgen/sem/suppress.h"
#include "fixture.h"

typedef struct fix {
    fx_program x; /* first: fx_program_setup fills it */
} fix;

static int setup(void **state)
{
    return fx_program_setup(state, sizeof(fix));
}

/* A filter writing topic with one condition (a flow mapping) and an
 * optional suppress list (flow sequence), as lines of a filters list. */
static const char *filter(fix *f, const char *id, const char *topic, const char *cond,
                          const char *suppress)
{
    return cdc_arena_printf(f->x.a,
                            "  - id: %s\n"
                            "    name: %s\n"
                            "    consumerId: c\n"
                            "    outputTopic: %s\n"
                            "%s%s%s"
                            "    conditions:\n"
                            "      - %s\n",
                            id, id, topic, suppress ? "    suppress: " : "",
                            suppress ? suppress : "", suppress ? "\n" : "", cond);
}

static const char *file_of(fix *f, const char *a, const char *b)
{
    return cdc_arena_printf(f->x.a, "version: 1\nfilters:\n%s%s", a, b ? b : "");
}

static unsigned count(const fix *f, const char *code, bool suppressed)
{
    unsigned n = 0;
    for (const cdc_diag *g = f->x.d.head; g; g = g->next)
        n += g->code && strcmp(g->code, code) == 0 && !g->suppressed == !suppressed;
    return n;
}

static const cdc_diag *find(const fix *f, const char *code)
{
    for (const cdc_diag *g = f->x.d.head; g; g = g->next)
        if (g->code && strcmp(g->code, code) == 0)
            return g;
    return NULL;
}

static void lint(fix *f)
{
    assert_true(cdc_check(&f->x.p, f->x.a, &f->x.cfg, &f->x.d));
    cdc_lint_routes(&f->x.p, f->x.a, &f->x.d);
}

/* A finding belongs to the filter whose mapping holds it: b's suppress
 * turns off the shared-topic reported at b, and nothing about a. */
static void test_finding_belongs_to_its_filter(void **state)
{
    fix *f = *state;
    const char *eq_a = "{ field: event_type, operator: equals, value: A }";
    const char *eq_b = "{ field: event_type, operator: equals, value: B }";
    fx_add_file(&f->x, "f.yaml",
                file_of(f, filter(f, "a", "t", eq_a, NULL),
                        filter(f, "b", "t", eq_b, "[{ rule: shared-topic, reason: fan-in }]")));
    lint(f);
    assert_int_equal(count(f, "shared-topic", false), 1);
    cdc_suppress_apply(&f->x.d, &f->x.cfg, &f->x.p);
    assert_int_equal(count(f, "shared-topic", true), 1);
    assert_int_equal(f->x.d.nwarnings, 0);
    assert_int_equal(f->x.d.nsuppressed, 1);
    const cdc_diag *g = find(f, "shared-topic");
    assert_true(g->suppressed->in_source);
    assert_string_equal(g->suppressed->reason, "fan-in");
    /* Applying again changes nothing. */
    cdc_suppress_apply(&f->x.d, &f->x.cfg, &f->x.p);
    assert_int_equal(f->x.d.nsuppressed, 1);
    cdc_lint_suppressions(&f->x.d, &f->x.p);
    assert_int_equal(count(f, "unused-suppression", false), 0);
}

/* The same entry on a, where nothing is reported, is unused; a finding
 * in another file at the same offset is not a's. */
static void test_unused_and_other_files(void **state)
{
    fix *f = *state;
    const char *eq_a = "{ field: event_type, operator: equals, value: A }";
    const char *eq_b = "{ field: event_type, operator: equals, value: B }";
    fx_add_file(
        &f->x, "1.yaml",
        file_of(f, filter(f, "a", "t", eq_a, "[{ rule: shared-topic, reason: fan-in }]"), NULL));
    fx_add_file(&f->x, "2.yaml", file_of(f, filter(f, "b", "t", eq_b, NULL), NULL));
    lint(f);
    cdc_suppress_apply(&f->x.d, &f->x.cfg, &f->x.p);
    assert_int_equal(count(f, "shared-topic", false), 1);
    cdc_lint_suppressions(&f->x.d, &f->x.p);
    const cdc_diag *g = find(f, "unused-suppression");
    assert_non_null(g);
    assert_string_equal(g->src->path, "1.yaml");
    assert_int_equal(f->x.d.nwarnings, 2);
}

/* cdcgen.yaml's entries apply where no filter's does. */
static void test_config_entries(void **state)
{
    fix *f = *state;
    const char *eq_a = "{ field: event_type, operator: equals, value: A }";
    const char *eq_b = "{ field: event_type, operator: equals, value: B }";
    const cdc_source *cfg_src = cdc_source_from_string(
        f->x.a, "cdcgen.yaml", "suppress:\n  - { rule: shared-topic, reason: project }\n",
        strlen("suppress:\n  - { rule: shared-topic, reason: project }\n"));
    const cdc_ynode *cfg_root = cdc_yaml_load(f->x.a, cfg_src, &f->x.d);
    assert_true(cdc_suppress_parse(f->x.a, cfg_src, cdc_ynode_get(cfg_root, "suppress"), false,
                                   &f->x.d, &f->x.cfg.suppress, &f->x.cfg.nsuppress));
    assert_int_equal(f->x.cfg.nsuppress, 1);
    fx_add_file(&f->x, "f.yaml",
                file_of(f, filter(f, "a", "t", eq_a, NULL), filter(f, "b", "t", eq_b, NULL)));
    lint(f);
    cdc_suppress_apply(&f->x.d, &f->x.cfg, &f->x.p);
    const cdc_diag *g = find(f, "shared-topic");
    assert_non_null(g->suppressed);
    assert_false(g->suppressed->in_source);
    assert_int_equal(f->x.cfg.suppress[0].used, 1);
}

/* Bad entries: each a located error, the good ones kept. */
static void test_bad_entries(void **state)
{
    fix *f = *state;
    const char *eq_a = "{ field: event_type, operator: equals, value: A }";
    fx_add_file(&f->x, "f.yaml",
                file_of(f,
                        filter(f, "a", "t", eq_a,
                               "[{ rule: shared-topic, reason: ok }, { rule: bad-id, reason: x }, "
                               "{ rule: never-matches }, { rule: shared-topic, reason: twice }, "
                               "{ rule: nevr-matches, reason: y }]"),
                        NULL));
    assert_int_equal(f->x.d.nerrors, 4);
    assert_int_equal(f->x.p.filters[0]->nsuppress, 1);
    for (const cdc_diag *g = f->x.d.head; g; g = g->next)
        assert_string_equal(g->code, "bad-suppression");
    assert_non_null(strstr(f->x.d.last->msg, "did you mean 'never-matches'"));
}

/* The overlap lint: equal routes on one topic, a part of another's, and
 * nothing for other topics, overlaps, or two different regexes. */
static void test_overlap_lint(void **state)
{
    fix *f = *state;
    fx_add_file(
        &f->x, "f.yaml",
        cdc_arena_printf(
            f->x.a, "version: 1\nfilters:\n%s%s%s%s%s%s%s",
            filter(f, "wide", "t", "{ field: event_type, operator: in, values: [A, B] }", NULL),
            filter(f, "same", "t", "{ field: event_type, operator: in, values: [B, A] }", NULL),
            filter(f, "part", "t", "{ field: event_type, operator: equals, value: A }", NULL),
            filter(f, "elsewhere", "u", "{ field: event_type, operator: equals, value: A }", NULL),
            filter(f, "overlap", "t", "{ field: event_type, operator: in, values: [B, C] }", NULL),
            filter(f, "rx1", "r", "{ field: event_name, operator: matches, value: \"^A\" }", NULL),
            filter(f, "rx2", "r", "{ field: event_name, operator: matches, value: \"^AB\" }",
                   NULL)));
    lint(f);
    assert_int_equal(count(f, "duplicate-route", false), 1);
    assert_int_equal(count(f, "shadowed-route", false), 1);
    const cdc_diag *dup = find(f, "duplicate-route");
    assert_non_null(strstr(dup->msg, "filter 'same'"));
    assert_non_null(strstr(dup->notes->msg, "'wide'"));
    const cdc_diag *sh = find(f, "shadowed-route");
    assert_non_null(strstr(sh->msg, "filter 'part'"));
    assert_non_null(strstr(sh->notes->msg, "'wide'"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_program_teardown)
    const struct CMUnitTest tests[] = {
        T(test_finding_belongs_to_its_filter),
        T(test_unused_and_other_files),
        T(test_config_entries),
        T(test_bad_entries),
        T(test_overlap_lint),
    };
    return cmocka_run_group_tests_name("suppress", tests, NULL, NULL);
}

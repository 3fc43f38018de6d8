/* Unit tests for the lint table (lint.c) against the codes (codes.c) and
 * man/cdcgen.1: every row is a warning of codes.c, every warning of codes.c
 * is a row or listed as raised elsewhere (in the file that raises it), the
 * man page's list of warnings is exactly those, and `check`'s entry names
 * the lints only check runs. Then every row, run by its phase, reports its
 * code. Reads man/ and src/ from the working directory: make check-unit
 * runs it at the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/codes.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/check.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/parse.h"
#include "cdcgen/sem/lint.h"
#include "cdcgen/sem/suppress.h"
#include "cdcgen/sem/testfile.h"
#include "fixture.h"

/* The text of a file of the repository (in fx_arena), NUL-terminated;
 * fails the test when it cannot be read. */
static const char *read_repo_file(const char *path)
{
    const cdc_source *src = cdc_source_read(fx_arena, path);
    if (!src)
        fail_msg("cannot read %s: run the unit tests at the repository root", path);
    return src->text;
}

static const cdc_lint *row_of(const char *code)
{
    size_t n;
    const cdc_lint *rows = cdc_lints(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].code, code) == 0)
            return &rows[i];
    return NULL;
}

static const cdc_lint_elsewhere *elsewhere_of(const char *code)
{
    size_t n;
    const cdc_lint_elsewhere *v = cdc_lints_elsewhere(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].code, code) == 0)
            return &v[i];
    return NULL;
}

static bool can_warn(const cdc_code_info *info)
{
    return strstr(info->severity, "warning") != NULL;
}

/* Every row: a warning of codes.c (and nothing else: it can be turned
 * off), once, in a phase, with a function. */
static void test_rows_are_warnings(void **state)
{
    (void)state;
    size_t n;
    const cdc_lint *rows = cdc_lints(&n);
    assert_true(n >= 10);
    for (size_t i = 0; i < n; i++) {
        const cdc_code_info *info = cdc_code_find(rows[i].code);
        if (!info)
            fail_msg("lint row '%s' is no code of codes.c", rows[i].code);
        if (strcmp(info->severity, "warning") != 0)
            fail_msg("lint row '%s' is %s in codes.c, not a warning", rows[i].code, info->severity);
        assert_true(rows[i].phase < CDC_LINT__COUNT);
        assert_non_null(rows[i].run.field); /* whichever member the phase names */
        assert_ptr_equal(row_of(rows[i].code), &rows[i]);
    }
}

/* Every code of codes.c that can be a warning is a row or raised
 * elsewhere, never both; an entry of elsewhere is such a code, and its
 * file reports it. */
static void test_every_warning_accounted_for(void **state)
{
    (void)state;
    size_t n;
    const cdc_code_info *codes = cdc_codes(&n);
    for (size_t i = 0; i < n; i++) {
        if (!can_warn(&codes[i]))
            continue;
        bool row = row_of(codes[i].code), other = elsewhere_of(codes[i].code);
        if (row == other)
            fail_msg("warning '%s' is %s", codes[i].code,
                     row ? "both a lint row and raised elsewhere"
                         : "neither a lint row nor listed as raised elsewhere (lint.c)");
    }
    const cdc_lint_elsewhere *v = cdc_lints_elsewhere(&n);
    for (size_t i = 0; i < n; i++) {
        const cdc_code_info *info = cdc_code_find(v[i].code);
        if (!info || !can_warn(info))
            fail_msg("'%s', raised elsewhere, is no warning of codes.c", v[i].code);
        assert_true(v[i].what[0] != '\0');
        char quoted[64];
        snprintf(quoted, sizeof quoted, "\"%s\"", v[i].code);
        if (!strstr(read_repo_file(v[i].file), quoted))
            fail_msg("%s is said to raise '%s' but does not name it", v[i].file, v[i].code);
    }
}

/* The words the man page marks Cm (".Cm code", ".Pq Cm code") from `from`
 * up to the first `to`, as " a b c " (heap). */
static char *man_codes(const char *from, const char *to)
{
    assert_non_null(from);
    const char *p = from, *end = strstr(p, to);
    if (!end)
        fail_msg("man/cdcgen.1 has no '%s' where expected", to);
    char *out = calloc(1, (size_t)(end - p) + 2);
    assert_non_null(out);
    strcpy(out, " ");
    for (p = strstr(p, "Cm "); p && p < end; p = strstr(p + 3, "Cm ")) {
        if (p[-1] != '.' && p[-1] != ' ')
            continue;
        size_t k = strspn(p + 3, "abcdefghijklmnopqrstuvwxyz-");
        strncat(out, p + 3, k);
        strcat(out, " ");
    }
    return out;
}

static bool names(const char *list, const char *code)
{
    char word[64];
    snprintf(word, sizeof word, " %s ", code);
    return strstr(list, word) != NULL;
}

/* The man page's list of warnings (after the list of codes in
 * DIAGNOSTICS) is the rows and the warnings raised elsewhere; the lints
 * that only `check` runs are in its entry. */
static void test_man_page(void **state)
{
    (void)state;
    const char *man = read_repo_file("man/cdcgen.1");
    const char *codes = strstr(man, "\nThe codes are:\n");
    assert_non_null(codes);
    char *listed = man_codes(strstr(codes, "\n.El\n"), "the others are errors");
    size_t n, m;
    const cdc_lint *rows = cdc_lints(&n);
    const cdc_lint_elsewhere *other = cdc_lints_elsewhere(&m);
    size_t count = 0;
    for (size_t i = 0; i < n; i++, count++)
        if (!names(listed, rows[i].code))
            fail_msg("man/cdcgen.1 does not list lint '%s' among the warnings", rows[i].code);
    for (size_t i = 0; i < m; i++, count++)
        if (!names(listed, other[i].code))
            fail_msg("man/cdcgen.1 does not list '%s' among the warnings", other[i].code);
    size_t words = 0;
    for (const char *p = listed + 1; *p; p = strchr(p, ' ') + 1)
        words++;
    if (words != count)
        fail_msg("man/cdcgen.1 lists %zu warnings, not %zu:%s", words, count, listed);
    free(listed);

    char *check = man_codes(strstr(man, "\n.It Cm check "), "\n.It Cm eval ");
    for (size_t i = 0; i < n; i++)
        if ((rows[i].phase == CDC_LINT_ROUTES || rows[i].phase == CDC_LINT_SUPPRESS) &&
            !names(check, rows[i].code))
            fail_msg("man/cdcgen.1's check does not name '%s', which only check runs",
                     rows[i].code);
    free(check);
}

/* ---- every row reports its code ---- */

typedef struct fix {
    fx_program x; /* first: fx_program_setup fills it */
} fix;

static int setup(void **state)
{
    return fx_program_setup(state, sizeof(fix));
}

/* One filter of a file, as lines of its filters list. */
static const char *filter(fix *f, const char *id, const char *topic, const char *extra,
                          const char *conditions)
{
    return cdc_arena_printf(f->x.a,
                            "  - id: %s\n    name: %s\n    consumerId: c\n    outputTopic: %s\n"
                            "%s    conditions:\n%s",
                            id, id, topic, extra, conditions);
}

/* Filters that set off every lint about filters, and a test file that sets
 * off those of tests: each row, run by its phase's runner, reports. */
static void test_every_row_reports(void **state)
{
    fix *f = *state;
    const char *text = cdc_arena_printf(
        f->x.a, "version: 1\nfilters:\n%s%s%s%s%s%s%s%s",
        filter(f, "a", "t",
               "    status: deprecated\n"
               "    suppress: [{ rule: always-matches, reason: not turned off }]\n",
               "      - { field: header_data.eventTyp, operator: equals, value: x }\n"
               "      - { field: header_data.eventType, operator: in, values: [LoanCreated, "
               "LoanCreated, Foo] }\n"
               "      - { field: header_data.amount, operator: lessThan, value: "
               "9007199254740993 }\n"),
        filter(f, "c", "u", "", "      - { field: event_type, operator: in, values: [A, B] }\n"),
        filter(f, "d", "u", "", "      - { field: event_type, operator: in, values: [B, A] }\n"),
        filter(f, "e", "u", "", "      - { field: event_type, operator: equals, value: A }\n"),
        filter(f, "n", "v", "",
               "      - { field: event_type, operator: equals, value: A }\n"
               "      - { field: event_type, operator: equals, value: B }\n"),
        filter(f, "al", "w", "",
               "      - any: [{ field: event_type, operator: isNull }, { field: event_type, "
               "operator: isNotNull }]\n"),
        filter(f, "z", "x", "    status: disabled\n",
               "      - { field: event_type, operator: equals, value: A }\n"),
        filter(f, "m", "y", "",
               "      - { field: header_data.amount, operator: equals, value: \"10\" }\n"));
    const cdc_source *src = cdc_source_from_string(f->x.a, "f.yaml", text, strlen(text));
    cdc_ynode *root = cdc_yaml_load(f->x.a, src, &f->x.d);
    assert_non_null(root);
    cdc_parse_file(&f->x.p, f->x.a, src, root, &f->x.d);
    assert_true(cdc_check(&f->x.p, f->x.a, &f->x.cfg, &f->x.d));
    cdc_lint_routes(&f->x.p, f->x.a, &f->x.d);
    cdc_suppress_apply(&f->x.d, &f->x.cfg, &f->x.p);
    cdc_lint_suppressions(&f->x.d, &f->x.p);

    char dir[] = "/tmp/cdcgen-test-lint-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/x.test.yaml", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("version: 1\ntests:\n  - name: one\n    event: { event_type: A }\n"
          "    expect: [c, c, z]\n",
          fp);
    assert_int_equal(fclose(fp), 0);
    test_suite T;
    cdc_tests_init(&T, &f->x.p, f->x.a, &f->x.d);
    cdc_tests_read_file(&T, path);
    cdc_tests_release(&T);
    unlink(path);
    rmdir(dir);

    assert_int_equal(f->x.d.nerrors, 0);
    size_t n;
    const cdc_lint *rows = cdc_lints(&n);
    for (size_t i = 0; i < n; i++) {
        unsigned seen = 0;
        for (const cdc_diag *g = f->x.d.head; g; g = g->next)
            seen += strcmp(g->code, rows[i].code) == 0;
        if (!seen)
            fail_msg("lint '%s' reported nothing", rows[i].code);
    }
    for (const cdc_diag *g = f->x.d.head; g; g = g->next)
        if (!row_of(g->code))
            fail_msg("'%s' is no lint: %s", g->code, g->msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_are_warnings),
        cmocka_unit_test_setup_teardown(test_every_warning_accounted_for, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_man_page, fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_every_row_reports, setup, fx_program_teardown),
    };
    return cmocka_run_group_tests_name("lint", tests, NULL, NULL);
}

/* cmd/test.c: `cdcgen test [PATH...]`: filter unit tests.
 *
 * Compiles the filters under PATH exactly as `check` does, then reads every
 * test file (*.test.yaml, *.test.yml) under PATH (testfile.c). Every event
 * runs through every generated filter with the reference semantics (eval.c);
 * a test passes when each of its events meets both expectations. Failures
 * are printed with the event, the expected and actual filter sets and, for
 * each filter whose outcome was wrong, the condition that decided it and the
 * value it saw. --coverage reports condition coverage (coverage.c).
 *
 * Inputs: with no PATH, filters/ (filters and tests). Otherwise filters and
 * tests are both collected from the PATHs: a directory gives its filter files
 * and its test files; a *.test.yaml file is a test file; any other file is a
 * filter file. When every PATH is a test file, the filters are read from the
 * directories holding those test files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/junit.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/sem/coverage.h"
#include "cdcgen/sem/eval.h"
#include "cdcgen/sem/testfile.h"

static const char usage_text[] =
    "usage: cdcgen test [--coverage] [--min-coverage N] [-c FILE] [--schema FILE]\n"
    "                   [--format FMT] [--max-errors N] [--fail-on-warning] [PATH...]\n"
    "\n"
    "Run filter tests: every *.test.yaml / *.test.yml file lists events and the\n"
    "filter ids that must (expect) or must not (expectNot) route them.\n"
    "PATH: files or directories; filters and tests are both collected from them\n"
    "(a *.test.yaml file is a test file, any other file a filter file); default\n"
    "filters/. When every PATH is a test file, filters come from their directories.\n"
    "\n"
    "      --coverage        after the run, show per condition whether the tests made\n"
    "                        it TRUE and not TRUE (FALSE or UNKNOWN)\n"
    "      --min-coverage N  exit 1 when under N percent (0..100) of condition\n"
    "                        outcomes are covered; implies --coverage\n"
    "  -c, --config FILE     project config (default: cdcgen.yaml, searched upward)\n"
    "      --schema FILE     the table's schema file (default: the config's schema)\n"
    "      --format FMT      diagnostics as text, json, github, sarif or markdown;\n"
    "                        junit: the results as JUnit XML on standard output\n"
    "      --max-errors N    show at most N errors and warnings (default 100; 0: all)\n"
    "      --fail-on-warning warnings make the exit status 1 (also: -W error)\n"
    "  -h, --help            show this help\n"
    "\n"
    "exit status: 0 all tests pass; 1 a test failed, a filter or test file is\n"
    "invalid, or coverage is under --min-coverage; 2 usage or I/O error\n";

typedef test_suite tester;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

/* ---- running ---- */

static void append_ids(const cdc_program *p, const bool *set, cdc_buf *out)
{
    cdc_buf_putc(out, '[');
    bool first = true;
    for (size_t i = 0; i < p->nfilters; i++) {
        if (!set[i])
            continue;
        cdc_buf_printf(out, "%s%s", first ? "" : ", ", p->filters[i]->id.s);
        first = false;
    }
    cdc_buf_putc(out, ']');
}

/* The trace line of one filter, without indentation or newline. */
static void trace_line(cdc_evaluator *ev, const cdc_filter *f, cdc_event *e, cdc_truth t,
                       cdc_buf *out, const cdc_cond **leaf_out)
{
    cdc_buf_printf(out, "%s: %s", f->id.s, cdc_truth_name(t));
    if (!f->generated || !f->cond) {
        cdc_buf_puts(out, " (not generated: routes nothing)");
        *leaf_out = NULL;
        return;
    }
    const cdc_cond *leaf = cdc_eval_decider(ev, f->cond, e);
    cdc_buf_puts(out, " decided by ");
    cdc_cond_describe(leaf, out);
    cdc_buf_printf(out, " at %s:%u:%u, value seen: ", f->src->path, leaf->pos.line, leaf->pos.col);
    cdc_eval_field_text(ev, leaf, e, out);
    *leaf_out = leaf;
}

/* One event's routing under a test's expectations: per filter its value,
 * whether it routes, is expected, is forbidden, and was wrong. */
typedef struct event_outcome {
    cdc_truth *truth;
    bool *routed, *want, *forbid, *wrong;
    bool expect_ok, not_ok;
} event_outcome;

static void outcome_init(event_outcome *out, size_t nfilters)
{
    out->truth = xcalloc(nfilters + 1, sizeof *out->truth);
    out->routed = xcalloc(nfilters + 1, sizeof *out->routed);
    out->want = xcalloc(nfilters + 1, sizeof *out->want);
    out->forbid = xcalloc(nfilters + 1, sizeof *out->forbid);
    out->wrong = xcalloc(nfilters + 1, sizeof *out->wrong);
    out->expect_ok = out->not_ok = true;
}

static void outcome_release(event_outcome *out)
{
    free(out->truth);
    free(out->routed);
    free(out->want);
    free(out->forbid);
    free(out->wrong);
}

static void route_event(const cdc_program *p, cdc_evaluator *ev, const test_case *tc,
                        test_event *te, event_outcome *out)
{
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        out->truth[i] = f->generated ? cdc_eval_filter(ev, f, &te->ev) : CDC_FALSE;
        out->routed[i] = f->generated && out->truth[i] == CDC_TRUE;
        out->want[i] = tc->want[i] == WANT_ROUTE;
        out->forbid[i] = tc->want[i] == WANT_NOT;
        if (tc->has_expect && out->want[i] != out->routed[i])
            out->wrong[i] = true, out->expect_ok = false;
        if (out->forbid[i] && out->routed[i])
            out->wrong[i] = true, out->not_ok = false;
    }
}

/* The note with the event, the expected and the actual filters. */
static void event_note(const cdc_program *p, const test_case *tc, size_t k,
                       const event_outcome *out, cdc_buf *note)
{
    char *js = json_dumps(tc->events[k].json, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (tc->events_list)
        cdc_buf_printf(note, "event %zu of %zu: ", k + 1, tc->nevents);
    else
        cdc_buf_puts(note, "event: ");
    cdc_buf_puts(note, js ? js : "?");
    free(js);
    if (!out->expect_ok) {
        cdc_buf_puts(note, "; expected: ");
        append_ids(p, out->want, note);
    }
    if (!out->not_ok) {
        cdc_buf_puts(note, "; must not route: ");
        append_ids(p, out->forbid, note);
    }
    cdc_buf_puts(note, "; actual: ");
    append_ids(p, out->routed, note);
}

/* A failed event: the note above, and a note per wrong filter at the
 * condition that decided it. */
static void report_event(tester *T, cdc_evaluator *ev, const test_case *tc, size_t k,
                         const event_outcome *out)
{
    const cdc_program *p = T->prog;
    test_event *te = &tc->events[k];
    cdc_buf note = CDC_BUF_INIT;
    cdc_buf_init(&note);
    event_note(p, tc, k, out, &note);
    cdc_diag_note(T->diags, tc->src, te->node->pos, "%s", note.data);
    for (size_t i = 0; i < p->nfilters; i++) {
        if (!out->wrong[i])
            continue;
        const cdc_cond *leaf;
        cdc_buf_reset(&note);
        trace_line(ev, p->filters[i], &te->ev, out->truth[i], &note, &leaf);
        cdc_diag_note(T->diags, leaf ? p->filters[i]->src : tc->src,
                      leaf ? leaf->pos : te->node->pos, "%s", note.data);
    }
    cdc_buf_release(&note);
}

/* Runs one event of a test. A failure is a diagnostic: one error per test
 * (opened at its first failing event, *reported) with notes. */
static bool run_event(tester *T, cdc_evaluator *ev, const test_case *tc, size_t k, bool *reported)
{
    event_outcome out;
    outcome_init(&out, T->prog->nfilters);
    route_event(T->prog, ev, tc, &tc->events[k], &out);
    bool ok = out.expect_ok && out.not_ok;
    if (!ok && !*reported) {
        cdc_diag_error(T->diags, tc->src, tc->node->pos, "test-failed", "test '%s' failed",
                       tc->name);
        *reported = true;
    }
    if (!ok)
        report_event(T, ev, tc, k, &out);
    outcome_release(&out);
    return ok;
}

static bool run_case(tester *T, cdc_evaluator *ev, const test_case *tc)
{
    bool ok = true, reported = false;
    for (size_t k = 0; k < tc->nevents; k++)
        ok &= run_event(T, ev, tc, k, &reported);
    return ok;
}

/* A failed test's diagnostic and its notes as lines of text, for JUnit. */
static const char *failure_text(cdc_arena *a, const cdc_diag *d)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_buf_printf(&b, "%s:%u:%u: %s", d->src->path, d->pos.line, d->pos.col, d->msg);
    for (const cdc_diag *n = d->notes; n; n = n->next) {
        cdc_buf_putc(&b, '\n');
        if (n->src && n->pos.line)
            cdc_buf_printf(&b, "%s:%u:%u: ", n->src->path, n->pos.line, n->pos.col);
        cdc_buf_printf(&b, "note: %s", n->msg);
    }
    const char *text = cdc_arena_strdup(a, b.data);
    cdc_buf_release(&b);
    return text;
}

/* Parses --min-coverage: a number from 0 to 100. */
static bool parse_percent(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno || !(v >= 0.0 && v <= 100.0)) {
        fprintf(stderr, "cdcgen test: --min-coverage takes a percentage from 0 to 100, not '%s'\n",
                s);
        return false;
    }
    *out = v;
    return true;
}

/* ---- the command line ---- */

typedef struct test_args {
    bool coverage, have_min, junit;
    double min_cov;
} test_args;

static const struct option longopts[] = {
    {"coverage", no_argument, NULL, 'C'},
    {"min-coverage", required_argument, NULL, 'M'},
    CDC_COMMON_LONGOPTS,
    CDC_LONGOPTS_END,
};

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    test_args *t = args;
    switch (c) {
    case 'C': t->coverage = true; return CDC_OPT_NEXT;
    case 'M':
        if (!parse_percent(arg, &t->min_cov))
            return CDC_EXIT_ERROR;
        t->have_min = t->coverage = true;
        return CDC_OPT_NEXT;
    case 'F':
        /* junit: the results are the document on standard output; the
         * diagnostics are for people, as text on standard error. */
        t->junit = strcmp(arg, "junit") == 0;
        o->stdout_is_product = t->junit;
        if (!t->junit)
            return CDC_OPT_COMMON;
        o->format = CDC_DIAG_TEXT;
        o->markdown = false;
        return CDC_OPT_NEXT;
    default: return CDC_OPT_COMMON;
    }
}

static const cdc_optspec spec = {longopts, CDC_COMMON_SHORTOPTS, usage, take_option};

/* ---- the inputs ---- */

/* The PATHs split: filter paths for the driver (directories and filter
 * files), test files read here, directories searched for both. */
typedef struct test_inputs {
    char **filter_paths;
    int nfilter_paths;
    cdc_path_list test_files, test_dirs;
} test_inputs;

static void inputs_release(test_inputs *in)
{
    free(in->test_files.v);
    free(in->test_dirs.v);
}

static bool is_directory(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A test file named on the command line that is not there. */
static void check_test_file(cdc_run *r, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return;
    cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read '%s': %s", path,
                   strerror(errno));
    r->io_error = true;
}

/* When every PATH is a test file, the directories holding them hold the
 * filters (each once). */
static void filters_beside_tests(cdc_run *r, test_inputs *in)
{
    for (size_t i = 0; i < in->test_files.n; i++) {
        const char *file = in->test_files.v[i], *slash = strrchr(file, '/');
        char *dir = slash ? cdc_arena_strndup(r->arena, file, (size_t)(slash - file) + 1)
                          : cdc_arena_strdup(r->arena, ".");
        bool seen = false;
        for (int k = 0; k < in->nfilter_paths && !seen; k++)
            seen = strcmp(in->filter_paths[k], dir) == 0;
        if (!seen)
            in->filter_paths[in->nfilter_paths++] = dir;
    }
}

static void split_paths(cdc_run *r, char **paths, int npaths, test_inputs *in)
{
    memset(in, 0, sizeof *in);
    in->filter_paths = cdc_arena_alloc(r->arena, ((size_t)npaths + 1) * sizeof *in->filter_paths);
    for (int i = 0; i < npaths; i++) {
        if (is_directory(paths[i])) {
            in->filter_paths[in->nfilter_paths++] = paths[i];
            cdc_path_list_push(&in->test_dirs, paths[i]);
        } else if (cdc_is_test_file(paths[i])) {
            check_test_file(r, paths[i]);
            cdc_path_list_push(&in->test_files, paths[i]);
        } else {
            in->filter_paths[in->nfilter_paths++] = paths[i];
        }
    }
    if (npaths > 0 && in->nfilter_paths == 0)
        filters_beside_tests(r, in);
}

/* The test files, in PATH order; directories sorted, depth first. Without
 * PATHs: the project's filters/. */
static void collect_tests(cdc_run *r, char **paths, int npaths, const test_inputs *in,
                          cdc_path_list *out)
{
    if (npaths == 0) {
        cdc_walk_dir(r, r->project->filters, cdc_is_test_file, out);
        return;
    }
    size_t next_file = 0, next_dir = 0;
    for (int i = 0; i < npaths; i++) {
        if (next_dir < in->test_dirs.n && in->test_dirs.v[next_dir] == paths[i])
            cdc_walk_dir(r, in->test_dirs.v[next_dir++], cdc_is_test_file, out);
        else if (next_file < in->test_files.n && in->test_files.v[next_file] == paths[i])
            cdc_path_list_push(out, in->test_files.v[next_file++]);
    }
}

/* CI still gets a report when the filters do not compile: one error, no
 * test run. */
static void junit_not_compiled(void)
{
    cdc_junit_case none = {.file = "cdcgen",
                           .name = "the filters compile",
                           .outcome = CDC_JUNIT_INVALID,
                           .message = "the filters have errors; no test ran"};
    cdc_junit_write(stdout, &none, 1);
}

/* ---- running ---- */

/* Reads every test file into T. */
static void read_tests(cdc_run *r, tester *T, const cdc_path_list *files)
{
    cdc_tests_init(T, &r->prog, r->arena, &r->diags);
    for (size_t i = 0; i < files->n; i++)
        cdc_tests_read_file(T, files->v[i]);
    r->io_error |= T->io_error;
    if (files->n == 0 && !r->io_error)
        cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "no-tests",
                       "no test files (*.test.yaml, *.test.yml) found");
}

/* The tally of a run. */
typedef struct test_totals {
    size_t passed, failed;
} test_totals;

/* Runs every valid test, each one's result into results[i] (for JUnit). */
static void run_all(cdc_run *r, tester *T, cdc_evaluator *ev, cdc_junit_case *results,
                    test_totals *tot)
{
    for (size_t i = 0; i < T->ncases; i++) {
        const test_case *tc = T->cases[i];
        results[i] = (cdc_junit_case){.file = tc->src->path,
                                      .name = tc->name,
                                      .line = tc->node->pos.line,
                                      .outcome = CDC_JUNIT_INVALID,
                                      .message = "the test is invalid; see the diagnostics"};
        if (!tc->valid)
            continue;
        if (run_case(T, ev, tc)) {
            tot->passed++;
            results[i].outcome = CDC_JUNIT_PASSED;
        } else {
            tot->failed++;
            results[i].outcome = CDC_JUNIT_FAILED;
            results[i].message = r->diags.last->msg;
            results[i].details = failure_text(r->arena, r->diags.last);
        }
    }
}

/* The coverage report; false (and an error) when under --min-coverage. */
static bool report_coverage(cdc_run *r, const test_args *t, const cdc_coverage *cov, FILE *out)
{
    size_t covered, total;
    cdc_coverage_print(cov, out, &covered, &total);
    if (!t->have_min || (double)covered * 100.0 >= t->min_cov * (double)total)
        return true;
    char pct[32];
    cdc_format_pct(pct, sizeof pct, covered, total);
    cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "min-coverage",
                   "condition coverage %s (%zu/%zu outcomes) is below --min-coverage %g%%", pct,
                   covered, total, t->min_cov);
    return false;
}

/* Runs the tests of files over the compiled filters and reports: JUnit,
 * the tests line, the coverage. Sets r->findings on a failure. */
static void run_tests(cdc_run *r, const test_args *t, const cdc_opts *o, const cdc_path_list *files)
{
    /* The report for people; with a document (json, sarif, markdown or
     * junit) on standard output, it goes to standard error. */
    FILE *report = t->junit ? stderr : cdc_opts_report_stream(o);
    tester T;
    read_tests(r, &T, files);
    cdc_coverage cov;
    cdc_coverage_init(&cov, &r->prog);
    cdc_evaluator *ev = cdc_eval_new(&r->prog);
    cdc_eval_set_hook(ev, cdc_coverage_hook, &cov);
    test_totals tot = {0};
    cdc_junit_case *results = xcalloc(T.ncases + 1, sizeof *results);
    run_all(r, &T, ev, results, &tot);
    if (t->junit)
        cdc_junit_write(stdout, results, T.ncases);
    free(results);
    fprintf(report, "tests: %zu passed, %zu failed", tot.passed, tot.failed);
    if (T.ninvalid)
        fprintf(report, ", %zu not run (invalid)", T.ninvalid);
    fputc('\n', report);
    bool enough = !t->coverage || report_coverage(r, t, &cov, report);
    r->findings = tot.failed || !enough || T.ninvalid;
    cdc_eval_warn_regex_limit(ev, &r->diags);
    cdc_eval_free(ev);
    cdc_tests_release(&T);
    cdc_coverage_release(&cov);
}

int cmd_test(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    test_args t = {0};
    int status = cdc_opts_parse(argc, argv, &spec, &t, &o);
    if (status != CDC_OPT_NEXT)
        return status;
    cdc_run r;
    cdc_run_init(&r, project);
    test_inputs in;
    split_paths(&r, o.args, o.nargs, &in);
    if (!r.io_error && cdc_run_compile(&r, &o, in.filter_paths, in.nfilter_paths)) {
        cdc_path_list files = {0};
        collect_tests(&r, o.args, o.nargs, &in, &files);
        run_tests(&r, &t, &o, &files);
        free(files.v);
    } else if (t.junit) {
        junit_not_compiled();
    }
    inputs_release(&in);
    return cdc_run_end(&r, &o);
}

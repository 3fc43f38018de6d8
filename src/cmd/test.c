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
#include <getopt.h>
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
#include "cdcgen/lang/ast.h"
#include "cdcgen/sem/coverage.h"
#include "cdcgen/sem/eval.h"
#include "cdcgen/sem/testfile.h"

static const char usage_text[] =
    "usage: cdcgen test [--coverage] [--min-coverage N] [-c FILE]\n"
    "                   [--format FMT] [--fail-on-warning] [PATH...]\n"
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
    "      --format FMT      diagnostics as text, json, github, sarif or markdown;\n"
    "                        junit: the results as JUnit XML on standard output\n"
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

/* Runs one event of a test. A failure is a diagnostic: one error per test
 * (opened at its first failing event, *reported), a note with the event and
 * the expected and actual filters, and a note per wrong filter at the
 * condition that decided it. */
static bool run_event(tester *T, cdc_evaluator *ev, const test_case *tc, size_t k, bool *reported)
{
    const cdc_program *p = T->prog;
    test_event *te = &tc->events[k];
    bool *routed = xcalloc(p->nfilters + 1, sizeof *routed);
    bool *want = xcalloc(p->nfilters + 1, sizeof *want);
    bool *forbid = xcalloc(p->nfilters + 1, sizeof *forbid);
    bool *wrong = xcalloc(p->nfilters + 1, sizeof *wrong);
    cdc_truth *truth = xcalloc(p->nfilters + 1, sizeof *truth);
    bool expect_ok = true, not_ok = true;
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        truth[i] = f->generated ? cdc_eval_filter(ev, f, &te->ev) : CDC_FALSE;
        routed[i] = f->generated && truth[i] == CDC_TRUE;
        want[i] = tc->want[i] == WANT_ROUTE;
        forbid[i] = tc->want[i] == WANT_NOT;
        if (tc->has_expect && want[i] != routed[i])
            wrong[i] = true, expect_ok = false;
        if (forbid[i] && routed[i])
            wrong[i] = true, not_ok = false;
    }
    bool ok = expect_ok && not_ok;
    if (!ok) {
        if (!*reported) {
            cdc_diag_error(T->diags, tc->src, tc->node->pos, "test-failed", "test '%s' failed",
                           tc->name);
            *reported = true;
        }
        cdc_buf note = CDC_BUF_INIT;
        cdc_buf_init(&note);
        char *js = json_dumps(te->json, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (tc->events_list)
            cdc_buf_printf(&note, "event %zu of %zu: ", k + 1, tc->nevents);
        else
            cdc_buf_puts(&note, "event: ");
        cdc_buf_puts(&note, js ? js : "?");
        free(js);
        if (!expect_ok) {
            cdc_buf_puts(&note, "; expected: ");
            append_ids(p, want, &note);
        }
        if (!not_ok) {
            cdc_buf_puts(&note, "; must not route: ");
            append_ids(p, forbid, &note);
        }
        cdc_buf_puts(&note, "; actual: ");
        append_ids(p, routed, &note);
        cdc_diag_note(T->diags, tc->src, te->node->pos, "%s", note.data);
        for (size_t i = 0; i < p->nfilters; i++) {
            if (!wrong[i])
                continue;
            const cdc_cond *leaf;
            cdc_buf_reset(&note);
            trace_line(ev, p->filters[i], &te->ev, truth[i], &note, &leaf);
            cdc_diag_note(T->diags, leaf ? p->filters[i]->src : tc->src,
                          leaf ? leaf->pos : te->node->pos, "%s", note.data);
        }
        cdc_buf_release(&note);
    }
    free(routed);
    free(want);
    free(forbid);
    free(wrong);
    free(truth);
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

int cmd_test(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"coverage", no_argument, NULL, 'C'},
        {"min-coverage", required_argument, NULL, 'M'},
        CDC_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    bool coverage = false, have_min = false, junit = false;
    double min_cov = 0.0;
    int c;
    while ((c = getopt_long(argc, argv, "+" CDC_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case 'C': coverage = true; break;
        case 'M':
            if (!parse_percent(optarg, &min_cov))
                return CDC_EXIT_ERROR;
            have_min = coverage = true;
            break;
        default: {
            junit = c == 'F' && strcmp(optarg, "junit") == 0;
            if (junit) {
                o.format = CDC_DIAG_TEXT; /* diagnostics for people, on stderr */
                o.markdown = false;
                o.stdout_is_product = true;
                break;
            }
            int status = cdc_opts_common(&o, c, optarg, usage);
            if (status >= 0)
                return status;
        }
        }
    }
    /* The report for people; with a document (json, sarif, markdown or
     * junit) on standard output, it goes to standard error. */
    FILE *report = junit ? stderr : cdc_opts_report_stream(&o);

    cdc_run r;
    cdc_run_init(&r);

    /* Split the PATHs: test files are read here, everything else is the
     * driver's (directories are both). */
    int npaths = argc - optind;
    char **filter_paths = cdc_arena_alloc(r.arena, ((size_t)npaths + 1) * sizeof *filter_paths);
    int nfilter_paths = 0;
    cdc_path_list test_files = {0};
    cdc_path_list test_dirs = {0};
    for (int i = optind; i < argc; i++) {
        struct stat st;
        bool is_dir = strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode);
        if (is_dir) {
            filter_paths[nfilter_paths++] = argv[i];
            cdc_path_list_push(&test_dirs, argv[i]);
        } else if (cdc_is_test_file(argv[i])) {
            if (stat(argv[i], &st) != 0) {
                cdc_diag_error(&r.diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read '%s': %s",
                               argv[i], strerror(errno));
                r.io_error = true;
            }
            cdc_path_list_push(&test_files, argv[i]);
        } else {
            filter_paths[nfilter_paths++] = argv[i];
        }
    }
    if (npaths > 0 && nfilter_paths == 0) {
        /* Only test files: their directories hold the filters. */
        for (size_t i = 0; i < test_files.n; i++) {
            const char *slash = strrchr(test_files.v[i], '/');
            char *dir = slash ? cdc_arena_strndup(r.arena, test_files.v[i],
                                                  (size_t)(slash - test_files.v[i]) + 1)
                              : cdc_arena_strdup(r.arena, ".");
            bool seen = false;
            for (int k = 0; k < nfilter_paths && !seen; k++)
                seen = strcmp(filter_paths[k], dir) == 0;
            if (!seen)
                filter_paths[nfilter_paths++] = dir;
        }
    }

    bool compiled = !r.io_error && cdc_run_compile(&r, &o, filter_paths, nfilter_paths);
    if (!compiled) {
        if (junit) { /* CI still gets a report: one error, no test run */
            cdc_junit_case none = {.file = "cdcgen",
                                   .name = "the filters compile",
                                   .outcome = CDC_JUNIT_INVALID,
                                   .message = "the filters have errors; no test ran"};
            cdc_junit_write(stdout, &none, 1);
        }
        free(test_files.v);
        free(test_dirs.v);
        int status = cdc_run_finish(&r, &o);
        cdc_run_release(&r);
        return status;
    }

    /* The test files, in PATH order; directories sorted, depth first. */
    cdc_path_list all_tests = {0};
    size_t next_file = 0, next_dir = 0;
    if (npaths == 0) {
        cdc_walk_dir(&r, cdc_project_path(r.arena, "filters"), cdc_is_test_file, &all_tests);
    } else {
        for (int i = optind; i < argc; i++) {
            if (next_dir < test_dirs.n && test_dirs.v[next_dir] == argv[i])
                cdc_walk_dir(&r, test_dirs.v[next_dir++], cdc_is_test_file, &all_tests);
            else if (next_file < test_files.n && test_files.v[next_file] == argv[i])
                cdc_path_list_push(&all_tests, test_files.v[next_file++]);
        }
    }
    free(test_files.v);
    free(test_dirs.v);

    tester T;
    cdc_tests_init(&T, &r.prog, r.arena, &r.diags);
    for (size_t i = 0; i < all_tests.n; i++)
        cdc_tests_read_file(&T, all_tests.v[i]);
    r.io_error |= T.io_error;
    if (all_tests.n == 0 && !r.io_error)
        cdc_diag_error(&r.diags, NULL, (cdc_pos){0, 0, 0, 0}, "no-tests",
                       "no test files (*.test.yaml, *.test.yml) found");
    free(all_tests.v);

    /* Run every valid test. */
    cdc_coverage cov;
    cdc_coverage_init(&cov, &r.prog);
    cdc_evaluator *ev = cdc_eval_new(&r.prog);
    cdc_eval_set_hook(ev, cdc_coverage_hook, &cov);
    size_t passed = 0, failed = 0;
    cdc_junit_case *results = xcalloc(T.ncases + 1, sizeof *results);
    for (size_t i = 0; i < T.ncases; i++) {
        const test_case *tc = T.cases[i];
        results[i] = (cdc_junit_case){.file = tc->src->path,
                                      .name = tc->name,
                                      .line = tc->node->pos.line,
                                      .outcome = CDC_JUNIT_INVALID,
                                      .message = "the test is invalid; see the diagnostics"};
        if (!tc->valid)
            continue;
        if (run_case(&T, ev, tc)) {
            passed++;
            results[i].outcome = CDC_JUNIT_PASSED;
        } else {
            failed++;
            results[i].outcome = CDC_JUNIT_FAILED;
            results[i].message = r.diags.last->msg;
            results[i].details = failure_text(r.arena, r.diags.last);
        }
    }
    if (junit)
        cdc_junit_write(stdout, results, T.ncases);
    free(results);
    fprintf(report, "tests: %zu passed, %zu failed", passed, failed);
    if (T.ninvalid)
        fprintf(report, ", %zu not run (invalid)", T.ninvalid);
    fputc('\n', report);

    bool below = false;
    if (coverage) {
        size_t covered, total;
        cdc_coverage_print(&cov, report, &covered, &total);
        if (have_min && (double)covered * 100.0 < min_cov * (double)total) {
            char pct[32];
            cdc_format_pct(pct, sizeof pct, covered, total);
            cdc_diag_error(&r.diags, NULL, (cdc_pos){0, 0, 0, 0}, "min-coverage",
                           "condition coverage %s (%zu/%zu outcomes) is below --min-coverage %g%%",
                           pct, covered, total, min_cov);
            below = true;
        }
    }
    cdc_eval_warn_regex_limit(ev, &r.diags);
    cdc_eval_free(ev);
    cdc_tests_release(&T);
    cdc_coverage_release(&cov);

    int status = cdc_run_finish(&r, &o);
    if (status == CDC_EXIT_OK && (failed || below || T.ninvalid))
        status = CDC_EXIT_FINDINGS;
    cdc_run_release(&r);
    return status;
}

/* cmd/generate.c: `cdcgen generate [PATH...]`: check, then write every
 * configured target.
 *
 * Nothing is written unless the whole program checked clean; the targets
 * are then emitted one at a time into one output set (outset.c), so a
 * failed or killed run never leaves half a file or a mix of two runs'
 * files. With --check nothing is written: stale or missing outputs are shown
 * as a unified diff (diff -u) and the exit status is 1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/back/outset.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/udiff.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"

static const char usage_options[] =
    "  -o, --output DIR     write into DIR (default generated/); '-' with one\n"
    "                       --target writes to standard output\n"
    "      --check          write nothing; exit 1 and show a diff when DIR is stale\n"
    /* then the options every command takes */
    CDC_HELP_CONFIG CDC_HELP_FORMAT CDC_HELP_MAX_ERRORS CDC_HELP_FAIL_ON_WARNING CDC_HELP_QUIET
        CDC_HELP_HELP;

static void print_usage(FILE *out)
{
    fputs("usage: cdcgen generate [-t TARGET]... [-o DIR|-] [--check] [-c FILE] [--schema FILE]\n"
          "                       [--format FMT] [--max-errors N] [--fail-on-warning] [-q]\n"
          "                       [PATH...]\n"
          "\n"
          "Check filter files, then write every configured target.\n"
          "PATH: files or directories (*.yaml, *.yml, *.json); default filters/\n"
          "\n"
          "  -t, --target NAME    one of: ",
          out);
    fputs(cdc_target_list(), out);
    fputs("\n                       (repeatable; default: from config, all)\n", out);
    fputs(usage_options, out);
}

/* Reads the current output at path, at most max bytes (the size of what
 * would be written: a longer file differs anyway). *exists: it is there;
 * *longer: it is longer than max. */
static bool read_file(const char *path, size_t max, cdc_buf *out, bool *exists, bool *longer)
{
    *exists = true;
    *longer = false;
    if (cdc_read_bounded(path, max, out))
        return true;
    if (errno == EFBIG) {
        *longer = true;
        return true;
    }
    *exists = false;
    return errno == ENOENT;
}

static bool write_all(FILE *f, const cdc_buf *b)
{
    return fwrite(b->data, 1, b->len, f) == b->len;
}

/* One pass over the targets: where their outputs go, and what it found. */
typedef struct emission {
    cdc_run *run;
    const cdc_opts *opts;
    const char *outdir;
    bool to_stdout, check_only;
    cdc_outset *set; /* writing: the set, NULL once it failed */
    size_t files;    /* outputs written or compared */
    size_t changed;  /* of those, the ones that differ from their file */
} emission;

/* Whether out differs from the file at path (missing: it differs); -1
 * (errno set) when the file cannot be read. */
static int differs(const char *path, const cdc_buf *out, bool *exists)
{
    cdc_buf old = CDC_BUF_INIT;
    cdc_buf_init(&old);
    bool longer;
    int result = -1;
    if (read_file(path, out->len, &old, exists, &longer))
        result =
            !*exists || longer || old.len != out->len || memcmp(old.data, out->data, old.len) != 0;
    int err = errno;
    cdc_buf_release(&old);
    errno = err;
    return result;
}

/* --check: an output that differs from its file in outdir is a finding. */
static void check_output(emission *E, const char *path, const cdc_buf *out)
{
    cdc_run *r = E->run;
    bool exists;
    int d = differs(path, out, &exists);
    if (d < 0) {
        cdc_diag_error(&r->diags, cdc_run_named_source(r, path), (cdc_pos){0, 0, 0, 0}, "io",
                       "cannot read: %s", strerror(errno));
        r->io_error = true;
    } else if (d) {
        cdc_show_diff(cdc_opts_report_stream(E->opts), path, exists ? path : NULL, NULL, out);
        cdc_diag_error(&r->diags, cdc_run_named_source(r, path), (cdc_pos){0, 0, 0, 0},
                       "stale-output", "%s; run 'cdcgen generate'",
                       exists ? "out of date" : "missing");
    }
}

/* Adds out to the set (counted as changed when it differs from the file it
 * replaces); a failure drops the whole set. */
static void write_output(emission *E, const char *path, const char *name, const cdc_buf *out)
{
    if (!E->set)
        return;
    bool exists;
    E->changed += differs(path, out, &exists) != 0;
    char *failed = NULL;
    if (!cdc_outset_add(E->set, name, out, &failed)) {
        cdc_run_write_error(E->run, failed);
        free(failed);
        cdc_outset_abandon(E->set);
        E->set = NULL;
    }
}

/* Emits target t and sends it where it goes before the next, so only one
 * artifact is in memory at a time. */
static void emit_one(emission *E, cdc_target t)
{
    const cdc_target_info *ti = cdc_target_get(t);
    cdc_buf out = CDC_BUF_INIT;
    cdc_buf_init(&out);
    ti->emit(&E->run->prog, &E->run->config, &out);
    const char *path = cdc_arena_printf(E->run->arena, "%s/%s", E->outdir, ti->file);
    E->files++;
    if (E->to_stdout)
        write_all(stdout, &out); /* errors: cdc_run_finish */
    else if (E->check_only)
        check_output(E, path, &out);
    else
        write_output(E, path, ti->file, &out);
    cdc_buf_release(&out);
}

/* The summary line: "7 files written to generated/, 2 changed". */
static const char *summary(const emission *E)
{
    const char *dir = cdc_has_suffix(E->outdir, "/") ? "" : "/";
    const char *s = E->files == 1 ? "" : "s";
    if (E->check_only)
        return cdc_arena_printf(E->run->arena, "%zu file%s in %s%s up to date", E->files, s,
                                E->outdir, dir);
    return cdc_arena_printf(E->run->arena, "%zu file%s written to %s%s, %zu changed", E->files, s,
                            E->outdir, dir, E->changed);
}

/* Emits every target of targets into outdir as one set (or compares them
 * with it, or sends the one to standard output). */
static void emit_all(cdc_run *r, const cdc_opts *o, const char *outdir, unsigned targets,
                     bool check_only)
{
    emission E = {r, o, outdir, strcmp(outdir, "-") == 0, check_only, NULL, 0, 0};
    char *failed = NULL;
    if (!E.to_stdout && !check_only && !(E.set = cdc_outset_open(outdir, &r->diags, &failed))) {
        cdc_run_write_error(r, failed);
        free(failed);
        return;
    }
    for (int t = 0; t < CDC_TARGET__COUNT; t++)
        if (targets & (1u << t))
            emit_one(&E, (cdc_target)t);
    if (E.set && !cdc_outset_commit(E.set, &failed)) {
        cdc_run_write_error(r, failed);
        free(failed);
    }
    if (!E.to_stdout)
        r->summary = summary(&E);
}

/* The command line: generate's own options. */
typedef struct gen_args {
    const char *outdir; /* -o; NULL: generated/ in the project's root */
    unsigned targets;   /* -t, a bit per target; 0: the config's */
    int ntargets;
    bool check_only; /* --check */
} gen_args;

static const struct option longopts[] = {
    {"target", required_argument, NULL, 't'},
    {"output", required_argument, NULL, 'o'},
    {"check", no_argument, NULL, 'C'},
    CDC_COMMON_LONGOPTS,
    CDC_LONGOPT_QUIET,
    CDC_LONGOPTS_END,
};

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o;
    gen_args *g = args;
    cdc_target t;
    switch (c) {
    case 't':
        if (!cdc_target_parse(arg, &t)) {
            fprintf(stderr, "cdcgen: unknown target '%s' (%s)\n", arg, cdc_target_list());
            return CDC_EXIT_ERROR;
        }
        g->ntargets += !(g->targets & (1u << t));
        g->targets |= 1u << t;
        return CDC_OPT_NEXT;
    case 'o': g->outdir = arg; return CDC_OPT_NEXT;
    case 'C': g->check_only = true; return CDC_OPT_NEXT;
    default: return CDC_OPT_COMMON;
    }
}

static const cdc_optspec spec = {longopts, "t:o:q" CDC_COMMON_SHORTOPTS, print_usage, take_option};

/* '-o -' writes one target to standard output, and compares nothing. */
static int check_stdout_use(const gen_args *g, cdc_opts *o)
{
    o->stdout_is_product = g->outdir && strcmp(g->outdir, "-") == 0;
    if (o->stdout_is_product && g->ntargets != 1) {
        fputs("cdcgen: '-o -' needs exactly one --target\n", stderr);
        return CDC_EXIT_ERROR;
    }
    if (o->stdout_is_product && g->check_only) {
        fputs("cdcgen: --check compares files in a directory; it cannot be used with '-o -'\n",
              stderr);
        return CDC_EXIT_ERROR;
    }
    return CDC_OPT_NEXT;
}

int cmd_generate(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    gen_args g = {0};
    int status = cdc_opts_parse(argc, argv, &spec, &g, &o);
    if (status == CDC_OPT_NEXT)
        status = check_stdout_use(&g, &o);
    if (status != CDC_OPT_NEXT)
        return status;
    cdc_run r;
    cdc_run_init(&r, project);
    const char *outdir = g.outdir ? g.outdir : project->generated;
    r.targets = g.targets; /* what check holds the names and schema to */
    if (cdc_run_compile(&r, &o, o.args, o.nargs))
        emit_all(&r, &o, outdir, r.config.targets, g.check_only);
    return cdc_run_end(&r, &o);
}

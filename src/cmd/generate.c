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
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"

static const char usage_options[] =
    "  -o, --output DIR     write into DIR (default generated/); '-' with one\n"
    "                       --target writes to standard output\n"
    "      --check          write nothing; exit 1 and show a diff when DIR is stale\n"
    /* then the options every command takes */
    CDC_HELP_CONFIG CDC_HELP_FORMAT CDC_HELP_MAX_ERRORS CDC_HELP_FAIL_ON_WARNING CDC_HELP_HELP;

static void print_usage(FILE *out)
{
    fputs("usage: cdcgen generate [-t TARGET]... [-o DIR|-] [--check] [-c FILE]\n"
          "                       [--format FMT] [--max-errors N] [--fail-on-warning] [PATH...]\n"
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

/* --check: an output that differs from its file in outdir is a finding. */
static void check_output(cdc_run *r, const cdc_opts *o, const char *path, const cdc_buf *out)
{
    cdc_buf old = CDC_BUF_INIT;
    cdc_buf_init(&old);
    bool exists, longer;
    if (!read_file(path, out->len, &old, &exists, &longer)) {
        cdc_diag_error(&r->diags, cdc_run_named_source(r, path), (cdc_pos){0, 0, 0, 0}, "io",
                       "cannot read: %s", strerror(errno));
        r->io_error = true;
    } else if (!exists || longer || old.len != out->len ||
               memcmp(old.data, out->data, old.len) != 0) {
        cdc_show_diff(cdc_opts_report_stream(o), path, exists ? path : NULL, NULL, out);
        cdc_diag_error(&r->diags, cdc_run_named_source(r, path), (cdc_pos){0, 0, 0, 0},
                       "stale-output", "%s; run 'cdcgen generate'",
                       exists ? "out of date" : "missing");
    }
    cdc_buf_release(&old);
}

/* Emits each target and writes it (or compares it, or sends it to standard
 * output) before the next, so only one artifact is in memory at a time. */
static void emit_all(cdc_run *r, const cdc_opts *o, const char *outdir, unsigned targets,
                     bool check_only)
{
    bool to_stdout = strcmp(outdir, "-") == 0;
    cdc_outset *set = NULL;
    char *failed = NULL;
    if (!to_stdout && !check_only && !(set = cdc_outset_open(outdir, &r->diags, &failed))) {
        cdc_run_write_error(r, failed);
        free(failed);
        return;
    }
    for (int t = 0; t < CDC_TARGET__COUNT; t++) {
        if (!(targets & (1u << t)))
            continue;
        const cdc_target_info *ti = cdc_target_get((cdc_target)t);
        cdc_buf out = CDC_BUF_INIT;
        cdc_buf_init(&out);
        ti->emit(&r->prog, &r->config, &out);
        if (to_stdout)
            write_all(stdout, &out); /* errors: cdc_run_finish */
        else if (check_only)
            check_output(r, o, cdc_arena_printf(r->arena, "%s/%s", outdir, ti->file), &out);
        else if (set && !cdc_outset_add(set, ti->file, &out, &failed)) {
            cdc_run_write_error(r, failed);
            free(failed);
            cdc_outset_abandon(set);
            set = NULL;
        }
        cdc_buf_release(&out);
    }
    if (set && !cdc_outset_commit(set, &failed)) {
        cdc_run_write_error(r, failed);
        free(failed);
    }
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

static const cdc_optspec spec = {longopts, "t:o:" CDC_COMMON_SHORTOPTS, print_usage, take_option};

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
    if (cdc_run_compile(&r, &o, o.args, o.nargs))
        emit_all(&r, &o, outdir, g.targets ? g.targets : r.config.targets, g.check_only);
    return cdc_run_end(&r, &o);
}

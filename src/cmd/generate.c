/* cmd/generate.c: `cdcgen generate [PATH...]`: check, then write every
 * configured target.
 *
 * Nothing is written unless the whole program checked clean; the targets
 * are then emitted one at a time into one output set (outset.c), so a
 * failed or killed run never leaves half a file or a mix of two runs'
 * files. With --check nothing is written: stale or missing outputs are shown
 * as a unified diff (diff -u) and the exit status is 1. */
#include <errno.h>
#include <getopt.h>
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

int cmd_generate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"target", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"check", no_argument, NULL, 'C'},
        CDC_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    const char *outdir = NULL; /* default: generated/ in the project's root */
    unsigned targets = 0;
    int ntargets = 0;
    bool check_only = false;
    int c;
    while ((c = getopt_long(argc, argv, "+t:o:" CDC_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        cdc_target t;
        switch (c) {
        case 't':
            if (!cdc_target_parse(optarg, &t)) {
                fprintf(stderr, "cdcgen: unknown target '%s' (%s)\n", optarg, cdc_target_list());
                return CDC_EXIT_ERROR;
            }
            if (!(targets & (1u << t)))
                ntargets++;
            targets |= 1u << t;
            break;
        case 'o': outdir = optarg; break;
        case 'C': check_only = true; break;
        default: {
            int status = cdc_opts_common(&o, c, optarg, print_usage);
            if (status >= 0)
                return status;
        }
        }
    }
    bool to_stdout = outdir && strcmp(outdir, "-") == 0;
    if (to_stdout && ntargets != 1) {
        fputs("cdcgen: '-o -' needs exactly one --target\n", stderr);
        return CDC_EXIT_ERROR;
    }
    if (to_stdout && check_only) {
        fputs("cdcgen: --check compares files in a directory; it cannot be used with '-o -'\n",
              stderr);
        return CDC_EXIT_ERROR;
    }
    o.stdout_is_product = to_stdout;

    cdc_run r;
    cdc_run_init(&r);
    if (!outdir)
        outdir = cdc_project_path(r.arena, "generated");
    if (cdc_run_compile(&r, &o, argv + optind, argc - optind))
        emit_all(&r, &o, outdir, targets ? targets : r.config.targets, check_only);
    int status = cdc_run_finish(&r, &o);
    cdc_run_release(&r);
    return status;
}

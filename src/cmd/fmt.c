/* cmd/fmt.c: `cdcgen fmt [--check] [--diff] [PATH...]`: filter and test
 * files in the canonical layout (fmt.c).
 *
 * A file is rewritten only when its layout changes, through a temporary
 * file in its directory renamed over it, so a reader never sees half a file
 * and an untouched file keeps its modification time. A file that does not
 * load is reported and left alone. JSON files are left as they are: written
 * as YAML they would change language. */
#define _DEFAULT_SOURCE /* realpath(3) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/udiff.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/lang/fmt.h"

static const char usage_text[] =
    "usage: cdcgen fmt [--check | --diff] [--format FMT] [--max-errors N]\n"
    "                  [--fail-on-warning] [PATH...]\n"
    "\n"
    "Rewrite filter and test files in the canonical layout, comments kept.\n"
    "PATH: files or directories (*.yaml, *.yml; JSON files are left as they are);\n"
    "default filters/. '-' reads standard input and writes standard output.\n"
    "\n"
    "      --check          write nothing; list the files not in the layout, exit 1\n"
    "      --diff           write nothing; show the changes as a unified diff, exit 1\n"
    /* then the options every command takes */
    CDC_HELP_FORMAT CDC_HELP_MAX_ERRORS CDC_HELP_FAIL_ON_WARNING CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

typedef enum fmt_mode { FMT_WRITE, FMT_CHECK, FMT_DIFF } fmt_mode;

/* What a directory gives fmt: YAML filter and test files. */
static bool fmt_wants(const char *path)
{
    return (cdc_is_filter_file(path) || cdc_is_test_file(path)) && !cdc_has_suffix(path, ".json");
}

/* Replaces the file path (through a symbolic link: its target) with text:
 * a temporary file beside it, with its mode, renamed over it. */
static bool write_atomically(const char *path, const cdc_buf *text)
{
    char *real = realpath(path, NULL);
    struct stat st;
    if (!real || stat(real, &st) != 0) {
        free(real);
        return false;
    }
    const char *slash = strrchr(real, '/');
    size_t dir_len = slash ? (size_t)(slash - real) + 1 : 0;
    size_t n = strlen(real) + 32;
    char *tmp = xmalloc(n);
    snprintf(tmp, n, "%.*s.%s.fmt-XXXXXX", (int)dir_len, real, real + dir_len);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0;
    if (ok) {
        ok = fchmod(fd, st.st_mode & 07777) == 0;
        if (ok && fchown(fd, st.st_uid, st.st_gid) != 0)
            (void)0; /* another owner is not ours to give; the mode is kept */
        ok = ok && cdc_write_all(fd, text->data, text->len);
        ok = ok && fsync(fd) == 0;
        int err = errno;
        ok = close(fd) == 0 && ok;
        ok = ok && rename(tmp, real) == 0;
        if (!ok) {
            err = errno ? errno : err;
            unlink(tmp);
            errno = err;
        }
    }
    free(tmp);
    free(real);
    return ok;
}

/* Byte offset of the first difference between a and b. */
static size_t first_difference(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0;
    while (i < na && i < nb && a[i] == b[i])
        i++;
    return i;
}

static void fmt_file(cdc_run *r, const cdc_opts *o, const char *path, size_t strip, fmt_mode mode)
{
    bool from_stdin = strcmp(path, "-") == 0;
    if (cdc_has_suffix(path, ".json")) {
        cdc_diag_warning(&r->diags, cdc_run_named_source(r, path + strip), (cdc_pos){0, 0, 0, 0},
                         "skipped-file",
                         "a JSON file, left as it is; cdcgen fmt lays out YAML files only");
        return;
    }
    cdc_source *src = cdc_source_read(r->arena, path);
    if (!src) {
        cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read '%s': %s",
                       path + strip, cdc_read_error(errno));
        r->io_error = true;
        return;
    }
    src->path += strip;
    cdc_buf out = CDC_BUF_INIT;
    cdc_buf_init(&out);
    /* The trees die with the file; the source lives on for the diagnostics. */
    cdc_arena *scratch = cdc_arena_new();
    cdc_fmt_result res = cdc_fmt(scratch, src, &r->diags, &out);
    cdc_arena_free(scratch);
    if (res == CDC_FMT_UNSAFE)
        r->io_error = true; /* an internal error: exit 2 */
    size_t diff_at = first_difference(src->text, src->len, out.data, out.len);
    bool changed = res == CDC_FMT_OK && (diff_at < src->len || diff_at < out.len);
    if (res != CDC_FMT_OK) {
        /* reported; the file stays as it is */
    } else if (mode == FMT_WRITE && from_stdin) {
        fwrite(out.data, 1, out.len, stdout); /* errors: cdc_run_finish */
    } else if (mode == FMT_WRITE && changed) {
        if (!write_atomically(path, &out))
            cdc_run_write_error(r, src->path);
    } else if (changed) {
        if (mode == FMT_DIFF) {
            cdc_buf old = {(char *)src->text, src->len, 0};
            cdc_show_diff(cdc_opts_report_stream(o), src->path, from_stdin ? NULL : path,
                          from_stdin ? &old : NULL, &out);
        }
        cdc_pos at = cdc_source_pos(src, diff_at < src->len ? diff_at : src->len, 0);
        at.len = 0;
        cdc_diag_error(&r->diags, src, at, "not-formatted",
                       "not in the canonical layout from line %u on; 'cdcgen fmt' rewrites it",
                       (unsigned)at.line);
    }
    cdc_buf_release(&out);
}

/* No -c: fmt reads no project config. */
static const struct option longopts[] = {
    {"check", no_argument, NULL, 'C'},
    {"diff", no_argument, NULL, 'D'},
    CDC_LONGOPT_FORMAT,
    CDC_LONGOPT_MAX_ERRORS,
    CDC_LONGOPT_FAIL_ON_WARNING,
    CDC_LONGOPT_HELP,
    CDC_LONGOPTS_END,
};

/* --check and --diff: --diff wins, whatever their order. */
static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o, (void)arg;
    fmt_mode *mode = args;
    if (c != 'C' && c != 'D')
        return CDC_OPT_COMMON;
    *mode = c == 'D' || *mode == FMT_DIFF ? FMT_DIFF : FMT_CHECK;
    return CDC_OPT_NEXT;
}

static const cdc_optspec spec = {longopts, "hW:", usage, take_option};

static int parse_command_line(int argc, char **argv, fmt_mode *mode, cdc_opts *o)
{
    int status = cdc_opts_parse(argc, argv, &spec, mode, o);
    if (status != CDC_OPT_NEXT)
        return status;
    /* '-' writes the layout of standard input to standard output. */
    for (int i = 0; i < o->nargs && *mode == FMT_WRITE; i++)
        o->stdout_is_product |= strcmp(o->args[i], "-") == 0;
    return CDC_OPT_NEXT;
}

int cmd_fmt(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    fmt_mode mode = FMT_WRITE;
    int status = parse_command_line(argc, argv, &mode, &o);
    if (status != CDC_OPT_NEXT)
        return status;
    cdc_run r;
    cdc_run_init(&r, project);
    cdc_path_list files = {0};
    size_t strip;
    if (!cdc_collect_inputs(&r, o.args, o.nargs, fmt_wants, &files, &strip)) {
        r.io_error = true;
    } else if (files.n == 0) {
        cdc_diag_error(&r.diags, NULL, (cdc_pos){0, 0, 0, 0}, "no-input",
                       "no filter or test files (*.yaml, *.yml) found");
        r.io_error = true;
    }
    for (size_t i = 0; i < files.n; i++) /* the files found, even when a PATH was not */
        fmt_file(&r, &o, files.v[i], strcmp(files.v[i], "-") == 0 ? 0 : strip, mode);
    free(files.v);
    return cdc_run_end(&r, &o);
}

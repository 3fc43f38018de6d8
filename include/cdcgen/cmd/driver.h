/* driver.c: what every command shares: finding input files, loading the
 * config, running load -> parse -> check, and rendering diagnostics. */
#ifndef CDCGEN_CMD_DRIVER_H
#define CDCGEN_CMD_DRIVER_H

#include <stdio.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

/* Options common to the commands that compile filters. */
typedef struct cdc_opts {
    const char *config_path; /* -c FILE, or NULL to search for cdcgen.yaml */
    cdc_diag_format format;  /* --format */
    bool markdown;           /* --format markdown: the diagnostics as a Markdown
                              * table (a document, like json) */
    bool fail_on_warning;    /* --fail-on-warning, -W error: warnings exit 1 */
    bool stdout_is_product;  /* standard output carries the command's product
                                  * (eval's routing, generate -o -): a json or
                                  * sarif document goes to standard error */
    bool max_errors_set;     /* --max-errors given; else CDC_DIAG_MAX_SHOWN */
    unsigned max_errors;     /* --max-errors N: diagnostics shown; 0: all */
} cdc_opts;

/* The options every command takes, for getopt_long: -c/--config FILE,
 * --format FMT, --max-errors N, --fail-on-warning (or -W error), -h/--help. */
#define CDC_COMMON_LONGOPTS                                                                        \
    {"config", required_argument, NULL, 'c'}, {"format", required_argument, NULL, 'F'},            \
        {"max-errors", required_argument, NULL, 'E'}, {"fail-on-warning", no_argument, NULL, 'w'}, \
    {                                                                                              \
        "help", no_argument, NULL, 'h'                                                             \
    }
#define CDC_COMMON_SHORTOPTS "c:hW:"

/* Their lines in the commands' --help texts, worded once. */
#define CDC_HELP_CONFIG                                                                            \
    "  -c, --config FILE    project config (default: cdcgen.yaml, searched upward)\n"
#define CDC_HELP_FORMAT                                                                            \
    "      --format FMT     diagnostics as text, json, github, sarif or markdown\n"
#define CDC_HELP_MAX_ERRORS                                                                        \
    "      --max-errors N   show at most N errors and warnings (default 100; 0: all)\n"
#define CDC_HELP_FAIL_ON_WARNING                                                                   \
    "      --fail-on-warning  warnings make the exit status 1 (also: -W error)\n"
#define CDC_HELP_HELP "  -h, --help           show this help\n"

/* Takes option c (getopt_long's return, optarg arg) when it is a common one.
 * Returns -1 when it was taken and parsing goes on; otherwise the status
 * the command exits with now: 0 after --help (usage on standard output), 2
 * for an unknown option, a bad --format or --max-errors (message and usage
 * on standard error). */
int cdc_opts_common(cdc_opts *o, int c, const char *arg, void (*usage)(FILE *out));

/* Where json and sarif documents go (see stdout_is_product), and where
 * whatever else a command prints for people goes when they are used: the
 * other stream, so standard output holds one thing. */
bool cdc_opts_machine(const cdc_opts *o);
FILE *cdc_opts_report_stream(const cdc_opts *o);

/* One run's state: arena, diagnostics, config and the compiled program. */
typedef struct cdc_run {
    cdc_arena *arena;
    cdc_diags diags;
    cdc_config config;
    cdc_program prog;
    bool io_error; /* an input could not be read: exit 2 */
} cdc_run;

void cdc_run_init(cdc_run *r);
void cdc_run_release(cdc_run *r);

/* Loads the config (-c or found upward), then every filter file under paths
 * (files or directories; directories are walked for *.yaml, *.yml, *.json,
 * sorted, skipping *.test.yaml), parses and checks. Returns true when the
 * program has no error and can be emitted. */
bool cdc_run_compile(cdc_run *r, const cdc_opts *o, char **paths, int npaths);

/* cdc_run_compile's steps, for a command whose inputs are no files (diff's
 * git revision): the config (-c or found upward; false on error), one
 * source loaded and parsed into the program, then the checks over all of
 * them (true when there is no error). */
bool cdc_run_load_config(cdc_run *r, const cdc_opts *o);
void cdc_run_parse_source(cdc_run *r, const cdc_source *src);
bool cdc_run_check(cdc_run *r);

/* A growable list of paths (heap array; the strings are the caller's). */
typedef struct cdc_path_list {
    char **v;
    size_t n, cap;
} cdc_path_list;
void cdc_path_list_push(cdc_path_list *l, char *p);

/* The project's root, as a prefix ("", "../", "../../"): the working
 * directory when it holds filters/, else the directory of the cdcgen.yaml
 * found upward ("" when there is none). Commands read filters/ and write
 * generated/ below it when no path is given, so they work alike from any
 * subdirectory. */
const char *cdc_project_dir(cdc_arena *a);
/* name below the project's root ("../filters"). */
const char *cdc_project_path(cdc_arena *a, const char *name);

/* *.test.yaml / *.test.yml, not hidden. */
bool cdc_is_test_file(const char *path);
/* *.yaml, *.yml, *.json that are not tests, not hidden. */
bool cdc_is_filter_file(const char *path);
/* Appends the files below dir for which want(path) holds, sorted, depth
 * first; paths live in r's arena. Reports an unreadable dir (io_error). */
bool cdc_walk_dir(cdc_run *r, const char *dir, bool (*want)(const char *path), cdc_path_list *out);

/* Fills out with the files under paths: a directory gives the files below
 * it for which want(path) holds; a file is taken as named, except a test
 * file that want refuses (a diagnostic points to `cdcgen test`). Without
 * paths: the project's filters/ (*strip: bytes of the project directory's
 * prefix, which the files' names then leave out). false after a problem. */
bool cdc_collect_inputs(cdc_run *r, char **paths, int npaths, bool (*want)(const char *path),
                        cdc_path_list *out, size_t *strip);

/* A source that only names a stream or an output file (no text): findings
 * about it carry its path and, if given, a line, but no caret. */
const cdc_source *cdc_run_named_source(cdc_run *r, const char *path);
/* Reports that path could not be written (errno) as an io error: exit 2. */
void cdc_run_write_error(cdc_run *r, const char *path);

/* Flushes standard output (a write error there is a finding), renders the
 * collected diagnostics and returns the exit status they imply: 2 after an
 * I/O error (on any input or output), 1 after any other error (or warning,
 * with --fail-on-warning), else 0. */
int cdc_run_finish(cdc_run *r, const cdc_opts *o);

#endif

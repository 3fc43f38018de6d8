/* driver.c: what every command shares: finding input files, loading the
 * config, running load -> parse -> check, and rendering diagnostics. */
#ifndef CDCGEN_DRIVER_H
#define CDCGEN_DRIVER_H

#include "cdcgen/check.h"

/* Options common to the commands that compile filters. */
typedef struct cdc_opts {
    const char *config_path;     /* -c FILE, or NULL to search for cdcgen.yaml */
    cdc_diag_format format;      /* --format */
    bool format_to_stdout;       /* json/sarif diagnostics go to stdout (check) */
    bool max_errors_set;         /* --max-errors given; else CDC_DIAG_MAX_SHOWN */
    unsigned max_errors;         /* --max-errors N: diagnostics shown; 0: all */
} cdc_opts;

/* One run's state: arena, diagnostics, config and the compiled program. */
typedef struct cdc_run {
    cdc_arena *arena;
    cdc_diags diags;
    cdc_config config;
    cdc_program prog;
    bool io_error;               /* an input could not be read: exit 2 */
} cdc_run;

void cdc_run_init(cdc_run *r);
void cdc_run_release(cdc_run *r);

/* Loads the config (-c or found upward), then every filter file under paths
 * (files or directories; directories are walked for *.yaml, *.yml, *.json,
 * sorted, skipping *.test.yaml), parses and checks. Returns true when the
 * program has no error and can be emitted. */
bool cdc_run_compile(cdc_run *r, const cdc_opts *o, char **paths, int npaths);

/* A growable list of paths (heap array; the strings are the caller's). */
typedef struct cdc_path_list {
    char **v;
    size_t n, cap;
} cdc_path_list;
void cdc_path_list_push(cdc_path_list *l, char *p);

/* *.test.yaml / *.test.yml, not hidden. */
bool cdc_is_test_file(const char *path);
/* *.yaml, *.yml, *.json that are not tests, not hidden. */
bool cdc_is_filter_file(const char *path);
/* Appends the files below dir for which want(path) holds, sorted, depth
 * first; paths live in r's arena. Reports an unreadable dir (io_error). */
bool cdc_walk_dir(cdc_run *r, const char *dir, bool (*want)(const char *path),
                  cdc_path_list *out);

/* Renders the collected diagnostics; returns the exit status they imply. */
int cdc_run_finish(cdc_run *r, const cdc_opts *o);

/* Parses a --format value into o; prints usage error and returns false. */
bool cdc_opts_format(cdc_opts *o, const char *value);
/* Parses a --max-errors value (a count, 0 for all) into o; prints a usage
 * error and returns false. */
bool cdc_opts_max_errors(cdc_opts *o, const char *value);

/* Command entry points (one file each). */
int cmd_generate(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_test(int argc, char **argv);

#endif

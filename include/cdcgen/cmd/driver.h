/* driver.c: what every command shares: finding input files, loading the
 * config, running load -> parse -> check, and rendering diagnostics. */
#ifndef CDCGEN_CMD_DRIVER_H
#define CDCGEN_CMD_DRIVER_H

#include <stdio.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/cmd/project.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

/* One run's state: the project, arena, diagnostics, config and the
 * compiled program. */
typedef struct cdc_run {
    const cdc_project *project;
    cdc_arena *arena;
    cdc_diags diags;
    cdc_config config;
    cdc_program prog;
    bool io_error;       /* an input could not be read: exit 2 */
    bool findings;       /* a finding outside the diagnostics (a breaking
                          * change in diff's report): exit 1 */
    const char *summary; /* the line a run that went well ends with on a
                          * terminal ("4 filters checked"), or NULL */
    unsigned targets;    /* generate -t: a bit per target, checked as the
                          * targets written instead of the config's; 0: none */
} cdc_run;

void cdc_run_init(cdc_run *r, const cdc_project *project);
void cdc_run_release(cdc_run *r);

/* Loads the config (-c or the project's), finds every filter file under
 * paths (files or directories; directories are walked for *.yaml, *.yml,
 * *.json, sorted, skipping *.test.yaml), loads the table's schema file, then
 * parses and checks the filters. Returns true when the
 * program has no error and can be emitted. */
bool cdc_run_compile(cdc_run *r, const cdc_opts *o, char **paths, int npaths);

/* cdc_run_compile's steps, for a command whose inputs are no files (diff's
 * git revision): the config (-c or the project's; false on error), the
 * schema file (--schema, or the config's schema relative to cdcgen.yaml;
 * false on error), one source loaded and parsed into the program, then the
 * checks over all of them (true when there is no error). */
bool cdc_run_load_config(cdc_run *r, const cdc_opts *o);
bool cdc_run_load_schema(cdc_run *r, const cdc_opts *o);
void cdc_run_parse_source(cdc_run *r, const cdc_source *src);
bool cdc_run_check(cdc_run *r);

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
bool cdc_walk_dir(cdc_run *r, const char *dir, bool (*want)(const char *path), cdc_path_list *out);

/* Fills out with the files under paths: a directory gives the files below
 * it for which want(path) holds; a file is taken as named, except a test
 * file that want refuses (a diagnostic points to `cdcgen test`). Without
 * paths: the project's filters/ (*strip: bytes of the project's root
 * prefix, which the files' names then leave out), or a no-project error
 * outside any project. false after a problem. */
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
 * with --fail-on-warning) or r->findings, else 0 (after r->summary on
 * standard error when it is a terminal, unless --quiet). */
int cdc_run_finish(cdc_run *r, const cdc_opts *o);
/* Every command's ending: cdc_run_finish, then the run released; returns
 * the exit status. */
int cdc_run_end(cdc_run *r, const cdc_opts *o);

#endif

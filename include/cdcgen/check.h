/* parse.c and check.c: YAML trees -> AST -> checked AST. */
#ifndef CDCGEN_CHECK_H
#define CDCGEN_CHECK_H

#include "cdcgen/ast.h"
#include "cdcgen/config.h"
#include "cdcgen/diag.h"
#include "cdcgen/instant.h"
#include "cdcgen/yaml.h"

/* parse.c: appends the filters of one file's tree to p. Reports unknown
 * keys, missing keys and malformed shapes; keeps going after errors. */
void cdc_parse_file(cdc_program *p, cdc_arena *a, const cdc_source *src, const cdc_ynode *root,
                    cdc_diags *d);
/* The keys parse.c accepts in a filter file, a filter and a leaf condition,
 * in canonical order (cdcgen fmt writes them so). For a filter, the first
 * *interpreted are the language's; the rest are the seed schema's metadata. */
const char *const *cdc_filter_file_keys(size_t *n);
const char *const *cdc_filter_keys(size_t *n, size_t *interpreted);
const char *const *cdc_condition_keys(size_t *n);

/* check.c: resolves fields against p->schema, types every literal, checks
 * operands, regexes, ids and topic names. Returns true if d holds no error
 * at all (earlier stages included); then every back end can emit p. */
bool cdc_check(cdc_program *p, cdc_arena *a, const cdc_config *cfg, cdc_diags *d);

/* regex.c: checks that pattern compiles with PCRE2, stays inside what
 * Java's java.util.regex also accepts with the same meaning, and cannot
 * backtrack catastrophically (redos.c). On failure returns false and sets
 * *msg (arena) and *at (byte offset in pattern). */
bool cdc_regex_check(cdc_arena *a, const char *pattern, size_t len, const char **msg, size_t *at);
/* redos.c: for a pattern cdc_regex_check's first steps accepted: false (and
 * *msg, *at) when a repetition holds text that can be split two ways
 * between its iterations, so backtracking takes exponential time. */
bool cdc_regex_check_backtracking(cdc_arena *a, const char *pattern, size_t len, const char **msg,
                                  size_t *at);

/* Resolves the names the targets create, from the filters and cfg: each
 * filter's topic per target and sink table, the program's source table and
 * view (ast.h). cdc_check calls it, then checks the names are unique; tests
 * that build an AST by hand call it before emitting. */
void cdc_resolve_names(cdc_program *p, cdc_arena *a, const cdc_config *cfg);

#endif

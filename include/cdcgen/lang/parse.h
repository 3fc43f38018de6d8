/* parse.c: a file's YAML tree -> the filters of the AST. */
#ifndef CDCGEN_LANG_PARSE_H
#define CDCGEN_LANG_PARSE_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/load.h"

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

#endif

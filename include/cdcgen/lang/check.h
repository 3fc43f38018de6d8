/* check.c: the parsed AST -> a checked AST every back end can emit. */
#ifndef CDCGEN_LANG_CHECK_H
#define CDCGEN_LANG_CHECK_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

/* check.c: resolves fields against p->schema, types every literal, checks
 * operands, regexes, ids and topic names. Returns true if d holds no error
 * at all (earlier stages included); then every back end can emit p. */
bool cdc_check(cdc_program *p, cdc_arena *a, const cdc_config *cfg, cdc_diags *d);

/* Resolves the names the targets create, from the filters and cfg: each
 * filter's topic per target and sink table, the program's source table and
 * view (ast.h). cdc_check calls it, then checks the names are unique; tests
 * that build an AST by hand call it before emitting. */
void cdc_resolve_names(cdc_program *p, cdc_arena *a, const cdc_config *cfg);

/* Sub-span of a field reference for carets: bytes [from, to) of its text in
 * src, when the source holds the text verbatim (a plain or simply quoted
 * scalar); else the whole reference. */
cdc_pos cdc_field_subpos(const cdc_source *src, const cdc_fieldref *f, size_t from, size_t to);

/* Bytes [returned, *end) of f's text hold path step k (k < f->npath): a
 * key without its '.', an index without its brackets. */
size_t cdc_field_step_span(const cdc_fieldref *f, size_t k, size_t *end);

/* The order of two literals check typed alike: numbers and instants by
 * value, booleans false first, text by code point (0 when equal). */
int cdc_literal_cmp(const cdc_literal *a, const cdc_literal *b);

#endif

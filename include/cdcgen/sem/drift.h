/* drift.c: the schema file against the live table (as live/pg.c read it):
 * every column added, dropped, retyped or made nullable, its key or its
 * enum labels changed, is a finding (code schema-drift) at the schema
 * file's line of that column; an error where a filter or a target depends
 * on it, else a warning. Also which filters read which columns, for the
 * checks of doctor. */
#ifndef CDCGEN_SEM_DRIFT_H
#define CDCGEN_SEM_DRIFT_H

#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/schema_pg.h"

/* The first leaf condition of filter f that reads column col, or NULL. */
const cdc_cond *cdc_filter_reads(const cdc_filter *f, const cdc_field *col);

/* Compares p's schema (loaded from its file) with the live table t and
 * reports each difference into d. Returns the number of findings. */
size_t cdc_drift_check(const cdc_program *p, const cdc_config *cfg, const cdc_pg_table *t,
                       cdc_diags *d);

#endif

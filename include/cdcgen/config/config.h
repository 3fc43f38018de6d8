/* config.c: project settings from cdcgen.yaml, over defaults that match the
 * seed system when there is no file. The one entry point of src/config/ for
 * the rest of cdcgen; the settings themselves (cdc_config) and the table of
 * keys are in keys.h. */
#ifndef CDCGEN_CONFIG_CONFIG_H
#define CDCGEN_CONFIG_CONFIG_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/keys.h"

/* Fills c with the defaults. */
void cdc_config_defaults(cdc_config *c);
/* Loads path over c (the defaults); reports every problem into d. false on
 * error, and c is then unchanged. */
bool cdc_config_load(cdc_config *c, cdc_arena *a, const char *path, cdc_diags *d);
/* cdc_config_load of a source already read (an earlier version's file,
 * read from git). */
bool cdc_config_load_source(cdc_config *c, cdc_arena *a, const cdc_source *src, cdc_diags *d);
/* Looks for cdcgen.yaml in the working directory and its parents. Returns an
 * arena copy of the path, or NULL if there is none. */
const char *cdc_config_find(cdc_arena *a);

#endif

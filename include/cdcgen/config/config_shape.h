/* config_shape.c: the shape of cdcgen.yaml, checked against the libcyaml
 * schema that config.c loads it with, so the keys, their kinds and their
 * types are listed once. */
#ifndef CDCGEN_CONFIG_CONFIG_SHAPE_H
#define CDCGEN_CONFIG_CONFIG_SHAPE_H

#include <cyaml/cyaml.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/load.h"

/* Checks root (cdcgen.yaml read by load.c) against schema, the libcyaml
 * schema of the whole file, and reports every mistake at its place:
 * unknown-key (with a did-you-mean), missing-key, bad-value (a scalar where
 * a mapping or list belongs, text where a number does, a number or boolean
 * where text does, an integer out of range, a boolean spelled yes). Keys of
 * secrets are named, never located: the excerpt of their line would print
 * the secret. true when libcyaml can load the file as it is. */
bool cdc_config_check_shape(const cdc_ynode *root, const cyaml_schema_value_t *schema, cdc_arena *a,
                            const cdc_source *src, cdc_diags *d);

/* The text of n when it is what the text key at path ("kafka.group_id")
 * takes: text, or a plain integer where the key also takes a number; NULL
 * for anything else (a number, a boolean, null, a list, a NUL inside). */
const char *cdc_config_text_value(const cdc_ynode *n, const char *path);

/* Reports a load libcyaml refused after the shape check passed, which
 * should not happen: one config error located where libcyaml's log says,
 * with the log's first problem and never its backtrace. */
void cdc_config_report_cyaml(cdc_diags *d, const cdc_source *src, cyaml_err_t err, const char *log);

#endif

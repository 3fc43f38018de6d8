/* shape.c: the shape of cdcgen.yaml, checked against the key table
 * (keys.c): which keys exist, what kind each value is, which are required. */
#ifndef CDCGEN_CONFIG_SHAPE_H
#define CDCGEN_CONFIG_SHAPE_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/lang/load.h"

/* Checks root (cdcgen.yaml read by load.c, in src) against keys[0..nkeys)
 * and reports every mistake at its place: unknown-key (with a
 * did-you-mean), missing-key, bad-value (a scalar where a mapping or list
 * belongs, text where a number does, a number or boolean where text does,
 * an integer out of range, a boolean spelled yes), config (a top level that
 * is not a mapping). Keys of secrets are named, never located: the excerpt
 * of their line would print the secret.
 *
 * found[i] (nkeys entries, filled here) is the value of keys[i] when it has
 * its shape, else NULL; for a list, a list of its items that have theirs.
 * Keys inside a list's entries are not recorded. true when every value has
 * its shape. */
bool cdc_config_check_shape(const cdc_ynode *root, const cdc_config_key *keys, size_t nkeys,
                            cdc_arena *a, const cdc_source *src, cdc_diags *d,
                            const cdc_ynode **found);

#endif

/* values.c: cdcgen.yaml's values taken into the settings and held to their
 * rules (keys.c), each broken one reported at its place. */
#ifndef CDCGEN_CONFIG_VALUES_H
#define CDCGEN_CONFIG_VALUES_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/lang/load.h"

/* Takes each value of found (one entry per row of cdc_config_keys(), from
 * cdc_config_check_shape; NULL for a file that sets nothing) over c, then
 * checks every value of c against its row's rule and the rules across keys
 * (shared-group). Reports each broken rule (config-value, literal-secret,
 * shared-group, and a list's own, such as bad-suppression) at its value in
 * src; a secret is named, never located. false on error. */
bool cdc_config_take_values(cdc_config *c, const cdc_ynode *const *found, cdc_arena *a,
                            const cdc_source *src, cdc_diags *d);

#endif

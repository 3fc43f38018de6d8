/* suppress.c: warning rules turned off, with a reason that is required.
 *
 * cdcgen.yaml's `suppress` turns a rule off for the whole project, a
 * filter's `suppress` for the findings about that filter (located inside
 * its mapping). Each entry is { rule: CODE, reason: TEXT }. Only warnings
 * can be turned off. A suppressed warning is still collected: it is not
 * printed (text, github, markdown), counts as "suppressed" instead of as a
 * warning (so --fail-on-warning ignores it), and json and sarif carry it
 * with the reason. */
#ifndef CDCGEN_SEM_SUPPRESS_H
#define CDCGEN_SEM_SUPPRESS_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/load.h"

/* The settings (config/keys.h), whose suppress entries apply to the project. */
struct cdc_config;

/* Reads a `suppress` list (node list of src) into *out / *n; in_source:
 * a filter's (else cdcgen.yaml's, for its key in config/keys.c). Reports
 * every broken entry (bad-suppression: not a list or mapping, no rule, a
 * rule that is no code, an error, no or a blank reason, a rule listed
 * twice; unknown-key) and keeps the others. false when something was reported. */
bool cdc_suppress_parse(cdc_arena *a, const cdc_source *src, const cdc_ynode *list, bool in_source,
                        cdc_diags *d, cdc_suppression **out, size_t *n);

/* Turns off every warning in d that a suppression covers: first the
 * suppress of the filter the warning is located in, then cdcgen.yaml's.
 * Warnings already turned off stay so, so it may run more than once. */
void cdc_suppress_apply(cdc_diags *d, const struct cdc_config *c, const cdc_program *p);

/* The keys of a suppress entry, in canonical order (cdcgen fmt). */
const char *const *cdc_suppress_entry_keys(size_t *n);

#endif

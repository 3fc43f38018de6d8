/* codes.c: every diagnostic code, with its severity and long help, for
 * `cdcgen explain`. tests/cli/run.sh holds this table, the codes the
 * sources report and the man page's DIAGNOSTICS list to one another. */
#ifndef CDCGEN_BASE_CODES_H
#define CDCGEN_BASE_CODES_H

#include "cdcgen/base/common.h"

#include <stddef.h>

typedef struct cdc_code_info {
    const char *code;     /* "unknown-field" */
    const char *severity; /* "error", "warning", or "error or warning" */
    const char *summary;  /* one line */
    const char *help;     /* paragraphs: what it means, an example, the fix */
} cdc_code_info;

/* The table, sorted by code; *n receives its length. */
const cdc_code_info *cdc_codes(size_t *n);
/* The entry for code, or NULL. */
const cdc_code_info *cdc_code_find(const char *code);

#endif

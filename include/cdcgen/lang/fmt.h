/* fmt.c: the canonical layout of filter and test files (cdcgen fmt),
 * comments kept. man/cdcgen.1, FILTER FILES, "Canonical layout", states it. */
#ifndef CDCGEN_LANG_FMT_H
#define CDCGEN_LANG_FMT_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"

typedef enum cdc_fmt_result {
    CDC_FMT_OK,      /* out holds the file in canonical layout */
    CDC_FMT_INVALID, /* the file does not load as YAML; its diagnostics are in d */
    CDC_FMT_UNSAFE,  /* the layout would not read back as the same tree or
                      * lost a comment (a bug in fmt); reported as fmt-unsafe */
} cdc_fmt_result;

/* Lays src out canonically into out (appended). The result is proved before
 * it is returned: read back, it holds the same values with the same YAML
 * types (keys reordered only as the layout says) and every comment. */
cdc_fmt_result cdc_fmt(cdc_arena *a, const cdc_source *src, cdc_diags *d, cdc_buf *out);

#endif

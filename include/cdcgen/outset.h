/* outset.c: generate's output files, written into their directory as one
 * consistent set (see the comment at the top of src/outset.c). */
#ifndef CDCGEN_OUTSET_H
#define CDCGEN_OUTSET_H

#include "cdcgen/common.h"

typedef struct cdc_output {
    const char *name;       /* file name inside the directory */
    const cdc_buf *content; /* the whole file */
} cdc_output;

/* Writes files[0..n) into dir (created if missing) under an exclusive lock
 * on dir: all into a temporary directory first, then renamed into place in
 * the order given. Finishes or removes what killed runs left behind. On
 * failure prints why on standard error and returns false. */
bool cdc_write_output_set(const char *dir, const cdc_output *files, size_t n);

#endif

/* outset.c: generate's output files, written into their directory as one
 * consistent set (see the comment at the top of src/outset.c). */
#ifndef CDCGEN_BACK_OUTSET_H
#define CDCGEN_BACK_OUTSET_H

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"

typedef struct cdc_outset cdc_outset;

/* Opens dir (created if missing) for a new set: takes an exclusive lock on
 * it, finishes or removes what killed runs left behind (a warning into d
 * when it finishes one) and makes the temporary directory. On failure
 * returns NULL with errno set and *err_path (heap; free it) naming the
 * path that failed. */
cdc_outset *cdc_outset_open(const char *dir, cdc_diags *d, char **err_path);
/* Writes one file of the set (name inside dir; the string must outlive s)
 * into the temporary directory. false as above. */
bool cdc_outset_add(cdc_outset *s, const char *name, const cdc_buf *content, char **err_path);
/* Puts the set in place: a marker, then renames in the order added. Frees
 * s and releases the lock. false as above. */
bool cdc_outset_commit(cdc_outset *s, char **err_path);
/* Drops the set (nothing of it is in place yet): frees s, releases the lock. */
void cdc_outset_abandon(cdc_outset *s);

#endif

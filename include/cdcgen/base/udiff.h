/* udiff.c: unified diffs of a file's old and new text. */
#ifndef CDCGEN_BASE_UDIFF_H
#define CDCGEN_BASE_UDIFF_H

#include "cdcgen/base/buf.h"

#include <stdio.h>

/* udiff.c: old -> new as a unified diff (diff -u, labelled a/LABEL and
 * b/LABEL) on out. The old text is the file old_path, or old_text when
 * old_path is NULL; neither: there was none (a file to be created). */
void cdc_show_diff(FILE *out, const char *label, const char *old_path, const cdc_buf *old_text,
                   const cdc_buf *new_text);

#endif

/* diag_markdown.c: diagnostics as Markdown. */
#ifndef CDCGEN_BASE_DIAG_MARKDOWN_H
#define CDCGEN_BASE_DIAG_MARKDOWN_H

#include "cdcgen/base/diag.h"

#include <stdio.h>

/* diag_markdown.c: the diagnostics as a Markdown section (a heading with
 * the counts, then a table), for a pull-request comment or a job summary. */
void cdc_diags_render_markdown(cdc_diags *d, FILE *out);
/* Markdown pieces it is made of, shared with diff --format markdown: text
 * in a table cell ('|' escaped, line breaks as spaces), and a code span
 * fenced by more backticks than any run inside. */
void cdc_md_cell_plain(FILE *out, const char *s);
void cdc_md_code(FILE *out, const char *s);

#endif

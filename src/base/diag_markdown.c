/* base/diag_markdown.c: diagnostics as Markdown, for a pull-request comment or
 * a GitHub job summary (--format markdown): a heading with the counts,
 * then one table row per error and warning, its notes in the same cell;
 * warnings turned off are only counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/base/diag_markdown.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"

/* Text in a table cell: '|' escaped, line breaks as <br>, '<' and '&' as
 * entities so a message never turns into markup. */
static void cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '|': fputs("\\|", out); break;
        case '\n': fputs("<br>", out); break;
        case '\r': break;
        case '<': fputs("&lt;", out); break;
        case '&': fputs("&amp;", out); break;
        default: fputc(*s, out);
        }
    }
}

/* Text in a table cell, plain: '|' escaped, line breaks as spaces. */
void cdc_md_cell_plain(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", out);
        else if (*s == '\n' || *s == '\r')
            fputc(' ', out);
        else
            fputc(*s, out);
    }
}

/* A code span: fenced by one backtick more than the longest run inside. */
void cdc_md_code(FILE *out, const char *s)
{
    size_t run = 0, longest = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    for (size_t i = 0; i <= longest; i++)
        fputc('`', out);
    if (longest)
        fputc(' ', out);
    cdc_md_cell_plain(out, s);
    if (longest)
        fputc(' ', out);
    for (size_t i = 0; i <= longest; i++)
        fputc('`', out);
}

static void location(FILE *out, const cdc_source *src, cdc_pos pos)
{
    char buf[64];
    if (!src) {
        fputs("cdcgen", out);
        return;
    }
    if (pos.line)
        snprintf(buf, sizeof buf, ":%u:%u", pos.line, pos.col);
    else
        buf[0] = '\0';
    size_t n = strlen(src->path) + strlen(buf) + 1;
    char *where = xmalloc(n);
    snprintf(where, n, "%s%s", src->path, buf);
    cdc_md_code(out, where);
    free(where);
}

void cdc_diags_render_markdown(cdc_diags *d, FILE *out)
{
    cdc_diags_sort(d);
    fprintf(out, "### cdcgen: %u error%s, %u warning%s", d->nerrors, d->nerrors == 1 ? "" : "s",
            d->nwarnings, d->nwarnings == 1 ? "" : "s");
    if (d->nsuppressed)
        fprintf(out, ", %u suppressed", d->nsuppressed);
    fputs("\n\n", out);
    if (!d->nerrors && !d->nwarnings) {
        fputs("No problems found.\n", out);
        return;
    }
    fputs("| Severity | Location | Code | Message |\n|---|---|---|---|\n", out);
    for (const cdc_diag *g = d->head; g; g = g->next) {
        if (g->suppressed)
            continue; /* counted in the heading */
        fputs(g->sev == CDC_ERROR ? "| **error** | " : "| warning | ", out);
        location(out, g->src, g->pos);
        fputs(" | ", out);
        if (g->code)
            cdc_md_code(out, g->code);
        fputs(" | ", out);
        cell(out, g->msg);
        for (const cdc_diag *n = g->notes; n; n = n->next) {
            fputs("<br>note", out);
            if (n->src && n->pos.line) {
                fputs(" at ", out);
                location(out, n->src, n->pos);
            }
            fputs(": ", out);
            cell(out, n->msg);
        }
        fputs(" |\n", out);
    }
}

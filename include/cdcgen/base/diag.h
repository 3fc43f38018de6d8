/* Diagnostics: every stage reports into one collector; the driver renders
 * them once, sorted by file and position, in the format the user chose.
 * Stages never print. */
#ifndef CDCGEN_BASE_DIAG_H
#define CDCGEN_BASE_DIAG_H

#include <stdio.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/source.h"

typedef enum cdc_severity {
    CDC_ERROR,   /* the input is invalid; exit status 1 */
    CDC_WARNING, /* the input works but is suspicious */
    CDC_NOTE,    /* extra context attached to the previous error or warning */
} cdc_severity;

/* A warning rule turned off, with the reason (suppress.c): an entry of
 * cdcgen.yaml's `suppress` (the whole project) or of a filter's (findings
 * about that filter). */
typedef struct cdc_suppression {
    const char *rule;      /* a warning code */
    const char *reason;    /* why; never blank */
    const cdc_source *src; /* the file the entry is written in */
    cdc_pos pos;           /* the entry */
    bool in_source;        /* a filter's (SARIF kind inSource); else cdcgen.yaml's (external) */
    unsigned used;         /* findings it suppressed */
} cdc_suppression;

typedef struct cdc_diag {
    struct cdc_diag *next;
    cdc_severity sev;
    const cdc_source *src;             /* NULL for diagnostics not about a file */
    cdc_pos pos;                       /* line 0: the whole file */
    const char *code;                  /* stable id, e.g. "unknown-field" */
    char *msg;                         /* arena-owned, lowercase, no full stop */
    struct cdc_diag *notes;            /* notes attached to this diagnostic */
    unsigned seq;                      /* insertion order, the sort's tie-breaker */
    const cdc_suppression *suppressed; /* a warning turned off: not printed,
                                        * not counted in nwarnings; NULL */
} cdc_diag;

typedef struct cdc_diags {
    cdc_diag *head, **tail;
    cdc_diag *last; /* most recent error or warning, for notes */
    unsigned nerrors, nwarnings, count;
    unsigned nsuppressed; /* warnings turned off (not in nwarnings) */
    cdc_arena *arena;
    unsigned max_shown; /* errors and warnings rendered (errors first); 0: all */
} cdc_diags;

/* Output caps, so a hostile file cannot flood a log (see cdc_diags_render). */
#define CDC_DIAG_MAX_SHOWN 100    /* default of --max-errors */
#define CDC_DIAG_EXCERPT 100      /* characters of the line echoed on each side */
#define CDC_DIAG_MESSAGE_MAX 1000 /* bytes of a message; longer ones are cut */

typedef enum cdc_diag_format {
    CDC_DIAG_TEXT,   /* file:line:col: error: msg [code] + source line + caret */
    CDC_DIAG_JSON,   /* one JSON document: {"diagnostics": [...]} */
    CDC_DIAG_GITHUB, /* GitHub Actions workflow commands (::error file=...) */
    CDC_DIAG_SARIF,  /* SARIF 2.1.0 log */
} cdc_diag_format;

void cdc_diags_init(cdc_diags *d, cdc_arena *a);
void cdc_diag_error(cdc_diags *d, const cdc_source *src, cdc_pos pos, const char *code,
                    const char *fmt, ...) CDC_PRINTF(5, 6);
void cdc_diag_warning(cdc_diags *d, const cdc_source *src, cdc_pos pos, const char *code,
                      const char *fmt, ...) CDC_PRINTF(5, 6);
/* Attaches a note to the most recent error or warning. */
void cdc_diag_note(cdc_diags *d, const cdc_source *src, cdc_pos pos, const char *fmt, ...)
    CDC_PRINTF(4, 5);
void cdc_diag_vadd(cdc_diags *d, cdc_severity sev, const cdc_source *src, cdc_pos pos,
                   const char *code, const char *fmt, va_list ap) CDC_PRINTF(6, 0);

/* Turns warning g off by s: it leaves nwarnings for nsuppressed, is not
 * printed as text, github or markdown, and json and sarif carry it marked
 * with s's reason. */
void cdc_diag_suppress(cdc_diags *d, cdc_diag *g, cdc_suppression *s);

/* Sorts by (path, offset, insertion order). Called by the renderer. */
void cdc_diags_sort(cdc_diags *d);
/* Renders the diagnostics (sorted first) to out in one write. color: ANSI
 * colours in text. At most d->max_shown errors and warnings, errors first,
 * then a line counting the rest (a count in the machine formats), and the
 * suppressed warnings only in json and sarif (counted in text); text and
 * github cut each message at CDC_DIAG_MESSAGE_MAX bytes, echo at most
 * CDC_DIAG_EXCERPT characters of the line on each side of the column, and
 * show control characters as '?'. false if writing failed. */
bool cdc_diags_render(cdc_diags *d, FILE *out, cdc_diag_format fmt, bool color);
/* Parses "text", "json", "github", "sarif"; false if unknown. */
bool cdc_diag_format_parse(const char *name, cdc_diag_format *fmt);

#endif

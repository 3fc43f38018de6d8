/* base/diag.c: the diagnostics collector and its renderers.
 *
 * Stages report errors, warnings and notes here and keep going; the driver
 * decides between stages whether to stop, then renders everything once,
 * sorted by file and position, as text (compiler style with the source line
 * and a caret), JSON, GitHub workflow commands or SARIF. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cdcgen/base/diag.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/json.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"

void cdc_diags_init(cdc_diags *d, cdc_arena *a)
{
    memset(d, 0, sizeof *d);
    d->tail = &d->head;
    d->arena = a;
    d->max_shown = CDC_DIAG_MAX_SHOWN;
}

static cdc_diag *new_diag(cdc_diags *d, cdc_severity sev, const cdc_source *src, cdc_pos pos,
                          const char *code, const char *fmt, va_list ap) CDC_PRINTF(6, 0);

static cdc_diag *new_diag(cdc_diags *d, cdc_severity sev, const cdc_source *src, cdc_pos pos,
                          const char *code, const char *fmt, va_list ap)
{
    cdc_diag *g = CDC_ARENA_NEW(d->arena, cdc_diag);
    g->sev = sev;
    g->src = src;
    g->pos = pos;
    g->code = code;
    g->msg = cdc_arena_vprintf(d->arena, fmt, ap);
    g->seq = d->count++;
    return g;
}

void cdc_diag_vadd(cdc_diags *d, cdc_severity sev, const cdc_source *src, cdc_pos pos,
                   const char *code, const char *fmt, va_list ap)
{
    if (sev == CDC_NOTE) {
        if (!d->last)
            CDC_BUG("note without a diagnostic to attach to");
        cdc_diag *g = new_diag(d, sev, src, pos, code, fmt, ap);
        cdc_diag **p = &d->last->notes;
        while (*p)
            p = &(*p)->next;
        *p = g;
        return;
    }
    cdc_diag *g = new_diag(d, sev, src, pos, code, fmt, ap);
    *d->tail = g;
    d->tail = &g->next;
    d->last = g;
    if (sev == CDC_ERROR)
        d->nerrors++;
    else
        d->nwarnings++;
}

void cdc_diag_error(cdc_diags *d, const cdc_source *src, cdc_pos pos, const char *code,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cdc_diag_vadd(d, CDC_ERROR, src, pos, code, fmt, ap);
    va_end(ap);
}

void cdc_diag_warning(cdc_diags *d, const cdc_source *src, cdc_pos pos, const char *code,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cdc_diag_vadd(d, CDC_WARNING, src, pos, code, fmt, ap);
    va_end(ap);
}

void cdc_diag_note(cdc_diags *d, const cdc_source *src, cdc_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cdc_diag_vadd(d, CDC_NOTE, src, pos, NULL, fmt, ap);
    va_end(ap);
}

void cdc_diag_suppress(cdc_diags *d, cdc_diag *g, cdc_suppression *s)
{
    if (g->sev != CDC_WARNING || g->suppressed)
        CDC_BUG("only a warning shown can be suppressed");
    g->suppressed = s;
    s->used++;
    d->nwarnings--;
    d->nsuppressed++;
}

/* ---- sorting ---- */

static int diag_cmp(const void *pa, const void *pb)
{
    const cdc_diag *a = *(cdc_diag *const *)pa, *b = *(cdc_diag *const *)pb;
    /* Diagnostics without a file (config, usage) come first. */
    if (!a->src != !b->src)
        return a->src ? 1 : -1;
    if (a->src && b->src && a->src != b->src) {
        int c = strcmp(a->src->path, b->src->path);
        if (c)
            return c;
    }
    if (a->pos.off != b->pos.off)
        return a->pos.off < b->pos.off ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void cdc_diags_sort(cdc_diags *d)
{
    size_t n = 0;
    for (cdc_diag *g = d->head; g; g = g->next)
        n++;
    if (n < 2)
        return;
    cdc_diag **v = xmalloc(n * sizeof *v);
    n = 0;
    for (cdc_diag *g = d->head; g; g = g->next)
        v[n++] = g;
    qsort(v, n, sizeof *v, diag_cmp);
    d->tail = &d->head;
    for (size_t i = 0; i < n; i++) {
        *d->tail = v[i];
        d->tail = &v[i]->next;
    }
    *d->tail = NULL;
    free(v);
}

static const char *sev_name(cdc_severity s)
{
    switch (s) {
    case CDC_ERROR: return "error";
    case CDC_WARNING: return "warning";
    case CDC_NOTE: return "note";
    }
    return "error";
}

/* ---- what is shown ---- */

/* The diagnostics shown under d->max_shown, in list order, NULL-terminated:
 * errors first, in order, then warnings while room is left, so a flood of
 * warnings never hides an error. Suppressed warnings take no room: all of
 * them are in the list with with_suppressed (json, sarif), none without.
 * Heap; free it. */
static const cdc_diag **select_shown(const cdc_diags *d, bool with_suppressed,
                                     unsigned *omitted_errors, unsigned *omitted_warnings)
{
    *omitted_errors = *omitted_warnings = 0;
    unsigned len = 0;
    for (const cdc_diag *g = d->head; g; g = g->next)
        len++;
    const cdc_diag **list = xcalloc(len + 1, sizeof *list);
    unsigned n = d->nerrors + d->nwarnings;
    bool *shown = NULL; /* NULL: all are shown */
    if (d->max_shown != 0 && n > d->max_shown) {
        shown = xcalloc(len, sizeof *shown);
        unsigned room = d->max_shown;
        for (int pass = 0; pass < 2; pass++) {
            cdc_severity want = pass == 0 ? CDC_ERROR : CDC_WARNING;
            unsigned i = 0;
            for (const cdc_diag *g = d->head; g; g = g->next, i++) {
                if (g->sev != want || g->suppressed)
                    continue;
                if (room) {
                    shown[i] = true;
                    room--;
                } else if (want == CDC_ERROR) {
                    (*omitted_errors)++;
                } else {
                    (*omitted_warnings)++;
                }
            }
        }
    }
    unsigned i = 0, k = 0;
    for (const cdc_diag *g = d->head; g; g = g->next, i++)
        if (g->suppressed ? with_suppressed : !shown || shown[i])
            list[k++] = g;
    free(shown);
    return list;
}

static void put_omitted(cdc_buf *b, unsigned errors, unsigned warnings)
{
    if (errors)
        cdc_buf_printf(b, "%u more error%s", errors, errors == 1 ? "" : "s");
    if (errors && warnings)
        cdc_buf_puts(b, " and ");
    if (warnings)
        cdc_buf_printf(b, "%u more warning%s", warnings, warnings == 1 ? "" : "s");
}

/* ---- text ---- */

static bool continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* Length of the character at s[0..n): a valid UTF-8 sequence, else 1 for a
 * bad byte. *ok tells which. */
static size_t char_len(const char *s, size_t n, bool *ok)
{
    unsigned char c = (unsigned char)s[0];
    size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    *ok = k <= n && cdc_utf8_valid(s, k, NULL);
    return *ok ? k : 1;
}

/* Appends s[0..n) for a terminal: control characters (C0 but tab, DEL, C1)
 * and bytes that are no UTF-8 become '?', one column each, so a hostile
 * file cannot move the cursor or recolour the terminal. */
static void put_printable(cdc_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        bool ok;
        size_t k = char_len(s + i, n - i, &ok);
        unsigned char c = (unsigned char)s[i];
        bool c1 = c == 0xC2 && k == 2 && (unsigned char)s[i + 1] < 0xA0; /* U+0080..U+009F */
        if (!ok || (c < 0x20 && c != '\t') || c == 0x7F || c1)
            cdc_buf_putc(b, '?');
        else
            cdc_buf_add(b, s + i, k);
        i += k;
    }
}

/* A message, at most MESSAGE_MAX bytes (cut between characters). */
static void put_message(cdc_buf *b, const char *msg)
{
    size_t n = strlen(msg);
    if (n <= CDC_DIAG_MESSAGE_MAX) {
        put_printable(b, msg, n);
        return;
    }
    n = CDC_DIAG_MESSAGE_MAX;
    while (n > 0 && continuation(msg[n]))
        n--;
    put_printable(b, msg, n);
    cdc_buf_puts(b, "...");
}

/* The excerpt of the line around the position, at most CDC_DIAG_EXCERPT
 * characters on either side of it ("..." where the line is cut), and the
 * caret under the position with '~' along the rest of the span. Costs the
 * excerpt, never the whole line: a minified file is one long line. */
static void render_caret(cdc_buf *b, const cdc_diag *g)
{
    if (g->pos.line > g->src->nlines)
        return; /* a stream or output named without its text */
    size_t len;
    const char *line = cdc_source_line(g->src, g->pos.line, &len);
    const char *end = line + len;
    const char *at = g->src->text + g->pos.off;
    if (at < line)
        at = line;
    if (at > end)
        at = end;
    const char *from = at, *to = at;
    for (int k = 0; k < CDC_DIAG_EXCERPT && from > line; k++)
        while (--from > line && continuation(*from))
            ;
    for (int k = 0; k < CDC_DIAG_EXCERPT && to < end; k++)
        while (++to < end && continuation(*to))
            ;
    bool cut_left = from > line, cut_right = to < end;

    cdc_buf_printf(b, "%5u | %s", g->pos.line, cut_left ? "..." : "");
    put_printable(b, from, (size_t)(to - from));
    cdc_buf_puts(b, cut_right ? "...\n" : "\n");

    cdc_buf_puts(b, cut_left ? "      |    " : "      | ");
    /* Pad with the line's own tabs so the caret lines up under them. */
    for (const char *p = from; p < at;) {
        bool ok;
        cdc_buf_putc(b, *p == '\t' ? '\t' : ' ');
        p += char_len(p, (size_t)(at - p), &ok);
    }
    cdc_buf_putc(b, '^');
    /* Underline the rest of the span that lies in the excerpt. */
    const char *span_end = g->src->text + g->pos.off + g->pos.len;
    if (span_end > to)
        span_end = to;
    if (at < span_end) {
        bool ok;
        for (const char *p = at + char_len(at, (size_t)(span_end - at), &ok); p < span_end;) {
            cdc_buf_putc(b, '~');
            p += char_len(p, (size_t)(span_end - p), &ok);
        }
    }
    cdc_buf_putc(b, '\n');
}

static void render_text_one(cdc_buf *b, const cdc_diag *g, bool color)
{
    static const char *const colors[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
    if (g->src && g->pos.line)
        cdc_buf_printf(b, "%s:%u:%u: ", g->src->path, g->pos.line, g->pos.col);
    else if (g->src)
        cdc_buf_printf(b, "%s: ", g->src->path);
    else
        cdc_buf_puts(b, "cdcgen: ");
    if (color)
        cdc_buf_printf(b, "%s%s:\033[0m ", colors[g->sev], sev_name(g->sev));
    else
        cdc_buf_printf(b, "%s: ", sev_name(g->sev));
    put_message(b, g->msg);
    if (g->code)
        cdc_buf_printf(b, " [%s]", g->code);
    cdc_buf_putc(b, '\n');
    if (g->src && g->pos.line)
        render_caret(b, g);
}

static void render_text(const cdc_diags *d, cdc_buf *b, bool color)
{
    unsigned omitted_errors, omitted_warnings;
    const cdc_diag **shown = select_shown(d, false, &omitted_errors, &omitted_warnings);
    for (const cdc_diag **it = shown; *it; it++) {
        const cdc_diag *g = *it;
        render_text_one(b, g, color);
        for (const cdc_diag *n = g->notes; n; n = n->next)
            render_text_one(b, n, color);
    }
    free(shown);
    if (omitted_errors || omitted_warnings) {
        cdc_buf_puts(b, "cdcgen: ");
        put_omitted(b, omitted_errors, omitted_warnings);
        cdc_buf_printf(b, " not shown (--max-errors %u; 0 shows all)\n", d->max_shown);
    }
    if (d->nerrors || d->nwarnings || d->nsuppressed) {
        cdc_buf_printf(b, "%u error%s, %u warning%s", d->nerrors, d->nerrors == 1 ? "" : "s",
                       d->nwarnings, d->nwarnings == 1 ? "" : "s");
        if (d->nsuppressed)
            cdc_buf_printf(b, ", %u suppressed", d->nsuppressed);
        cdc_buf_putc(b, '\n');
    }
}

/* "inSource" for a filter's suppress entry, "external" for cdcgen.yaml's:
 * SARIF's suppression kinds, used by the json format too. */
static const char *suppression_kind(const cdc_suppression *s)
{
    return s->in_source ? "inSource" : "external";
}

/* ---- JSON ---- */

static json_t *diag_json(const cdc_diag *g)
{
    json_t *o = json_object();
    json_object_set_new(o, "severity", json_string(sev_name(g->sev)));
    if (g->code)
        json_object_set_new(o, "code", json_string(g->code));
    json_object_set_new(o, "message", json_string(g->msg));
    if (g->src)
        json_object_set_new(o, "file", json_string(g->src->path));
    if (g->src && g->pos.line) {
        json_object_set_new(o, "line", json_integer(g->pos.line));
        json_object_set_new(o, "column", json_integer(g->pos.col));
        json_object_set_new(o, "offset", json_integer(g->pos.off));
        json_object_set_new(o, "length", json_integer(g->pos.len));
    }
    if (g->notes) {
        json_t *notes = json_array();
        for (const cdc_diag *n = g->notes; n; n = n->next)
            json_array_append_new(notes, diag_json(n));
        json_object_set_new(o, "notes", notes);
    }
    if (g->suppressed) {
        const cdc_suppression *s = g->suppressed;
        json_t *sup = json_object();
        json_object_set_new(sup, "kind", json_string(suppression_kind(s)));
        json_object_set_new(sup, "reason", json_string(s->reason));
        if (s->src) {
            json_object_set_new(sup, "file", json_string(s->src->path));
            json_object_set_new(sup, "line", json_integer(s->pos.line));
            json_object_set_new(sup, "column", json_integer(s->pos.col));
        }
        json_object_set_new(o, "suppressed", sup);
    }
    return o;
}

static void dump_json(json_t *root, cdc_buf *b)
{
    cdc_json_write(root, 0, b);
}

static void render_json(const cdc_diags *d, cdc_buf *b)
{
    unsigned omitted_errors, omitted_warnings;
    const cdc_diag **shown = select_shown(d, true, &omitted_errors, &omitted_warnings);
    json_t *root = json_object();
    json_t *arr = json_array();
    for (const cdc_diag **it = shown; *it; it++)
        json_array_append_new(arr, diag_json(*it));
    free(shown);
    json_object_set_new(root, "diagnostics", arr);
    json_object_set_new(root, "errors", json_integer(d->nerrors));
    json_object_set_new(root, "warnings", json_integer(d->nwarnings));
    json_object_set_new(root, "suppressed", json_integer(d->nsuppressed));
    if (omitted_errors || omitted_warnings)
        json_object_set_new(root, "omitted", json_integer(omitted_errors + omitted_warnings));
    dump_json(root, b);
}

/* ---- GitHub workflow commands ---- */

/* Escapes data (escape_props adds ':' and ',' for properties); other
 * control characters become '?'. */
static void gh_escape(cdc_buf *b, const char *s, bool escape_props)
{
    size_t n = strlen(s);
    bool cut = n > CDC_DIAG_MESSAGE_MAX;
    if (cut) {
        n = CDC_DIAG_MESSAGE_MAX;
        while (n > 0 && continuation(s[n]))
            n--;
    }
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '%': cdc_buf_puts(b, "%25"); break;
        case '\r': cdc_buf_puts(b, "%0D"); break;
        case '\n': cdc_buf_puts(b, "%0A"); break;
        case ':': cdc_buf_puts(b, escape_props ? "%3A" : ":"); break;
        case ',': cdc_buf_puts(b, escape_props ? "%2C" : ","); break;
        default:
            cdc_buf_putc(b,
                         ((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7F ? '?' : s[i]);
        }
    }
    if (cut)
        cdc_buf_puts(b, "...");
}

static void render_github(const cdc_diags *d, cdc_buf *b)
{
    unsigned omitted_errors, omitted_warnings;
    const cdc_diag **shown = select_shown(d, false, &omitted_errors, &omitted_warnings);
    for (const cdc_diag **it = shown; *it; it++) {
        const cdc_diag *g = *it;
        cdc_buf_printf(b, "::%s ",
                       g->sev == CDC_ERROR     ? "error"
                       : g->sev == CDC_WARNING ? "warning"
                                               : "notice");
        if (g->src) {
            cdc_buf_puts(b, "file=");
            gh_escape(b, g->src->path, true);
            if (g->pos.line)
                cdc_buf_printf(b, ",line=%u,col=%u", g->pos.line, g->pos.col);
            cdc_buf_putc(b, ',');
        }
        cdc_buf_puts(b, "title=");
        gh_escape(b, g->code ? g->code : "cdcgen", true);
        cdc_buf_puts(b, "::");
        gh_escape(b, g->msg, false);
        for (const cdc_diag *n = g->notes; n; n = n->next) {
            cdc_buf_puts(b, "%0Anote: ");
            gh_escape(b, n->msg, false);
        }
        cdc_buf_putc(b, '\n');
    }
    free(shown);
    if (omitted_errors || omitted_warnings) {
        cdc_buf_puts(b, "::warning title=max-errors::");
        put_omitted(b, omitted_errors, omitted_warnings);
        cdc_buf_printf(b, " not shown (--max-errors %u; 0 shows all)\n", d->max_shown);
    }
}

/* ---- SARIF 2.1.0 ---- */

/* A path as a SARIF artifact URI: a relative reference, or a file: URI for
 * an absolute path; bytes other than unreserved characters and '/'
 * percent-encoded (SARIF 2.1.0, 3.4.3). */
static json_t *sarif_uri(const char *path)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    if (path[0] == '/')
        cdc_buf_puts(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            cdc_buf_putc(&b, (char)*p);
        else
            cdc_buf_printf(&b, "%%%02X", *p);
    }
    json_t *uri = json_string(b.data);
    cdc_buf_release(&b);
    return uri;
}

static json_t *sarif_location(const cdc_source *src, cdc_pos pos)
{
    json_t *phys = json_object();
    json_t *art = json_object();
    json_object_set_new(art, "uri", sarif_uri(src->path));
    json_object_set_new(phys, "artifactLocation", art);
    if (pos.line) {
        json_t *region = json_object();
        json_object_set_new(region, "startLine", json_integer(pos.line));
        json_object_set_new(region, "startColumn", json_integer(pos.col));
        json_object_set_new(phys, "region", region);
    }
    json_t *loc = json_object();
    json_object_set_new(loc, "physicalLocation", phys);
    return loc;
}

static void render_sarif(const cdc_diags *d, cdc_buf *b)
{
    unsigned omitted_errors, omitted_warnings;
    const cdc_diag **shown = select_shown(d, true, &omitted_errors, &omitted_warnings);
    json_t *rules = json_array(), *seen = json_object(), *results = json_array();
    for (const cdc_diag **it = shown; *it; it++) {
        const cdc_diag *g = *it;
        const char *rule = g->code ? g->code : "cdcgen";
        if (!json_object_get(seen, rule)) {
            json_object_set_new(seen, rule, json_true());
            json_t *r = json_object();
            json_object_set_new(r, "id", json_string(rule));
            json_array_append_new(rules, r);
        }
        json_t *res = json_object();
        json_object_set_new(res, "ruleId", json_string(rule));
        json_object_set_new(res, "level", json_string(sev_name(g->sev)));
        json_t *msg = json_object();
        json_object_set_new(msg, "text", json_string(g->msg));
        json_object_set_new(res, "message", msg);
        if (g->src) {
            json_t *locs = json_array();
            json_array_append_new(locs, sarif_location(g->src, g->pos));
            json_object_set_new(res, "locations", locs);
        }
        /* Notes ("first defined here") are related locations with a message. */
        json_t *related = json_array();
        for (const cdc_diag *n = g->notes; n; n = n->next) {
            if (!n->src)
                continue;
            json_t *loc = sarif_location(n->src, n->pos);
            json_t *nmsg = json_object();
            json_object_set_new(nmsg, "text", json_string(n->msg));
            json_object_set_new(loc, "message", nmsg);
            json_array_append_new(related, loc);
        }
        if (json_array_size(related))
            json_object_set_new(res, "relatedLocations", related);
        else
            json_decref(related);
        /* A warning turned off stays a result, with where and why (3.35). */
        if (g->suppressed) {
            const cdc_suppression *s = g->suppressed;
            json_t *sup = json_object();
            json_object_set_new(sup, "kind", json_string(suppression_kind(s)));
            json_object_set_new(sup, "justification", json_string(s->reason));
            if (s->src)
                json_object_set_new(sup, "location", sarif_location(s->src, s->pos));
            json_t *sups = json_array();
            json_array_append_new(sups, sup);
            json_object_set_new(res, "suppressions", sups);
        }
        json_array_append_new(results, res);
    }
    json_decref(seen);
    free(shown);
    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("cdcgen"));
    json_object_set_new(driver, "version", json_string(CDCGEN_VERSION));
    json_object_set_new(driver, "rules", rules);
    json_t *tool = json_object();
    json_object_set_new(tool, "driver", driver);
    json_t *run = json_object();
    json_object_set_new(run, "tool", tool);
    json_object_set_new(run, "results", results);
    /* Columns are counted in code points, as in the text format. */
    json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
    if (omitted_errors || omitted_warnings) {
        json_t *props = json_object();
        json_object_set_new(props, "omittedResults",
                            json_integer(omitted_errors + omitted_warnings));
        json_object_set_new(run, "properties", props);
    }
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_t *root = json_object();
    json_object_set_new(root, "$schema",
                        json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_object_set_new(root, "runs", runs);
    dump_json(root, b);
}

bool cdc_diags_render(cdc_diags *d, FILE *out, cdc_diag_format fmt, bool color)
{
    cdc_diags_sort(d);
    /* Rendered whole, then written at once: stderr is unbuffered, and a
     * write per character of caret padding was most of the cost. */
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    switch (fmt) {
    case CDC_DIAG_TEXT: render_text(d, &b, color); break;
    case CDC_DIAG_JSON: render_json(d, &b); break;
    case CDC_DIAG_GITHUB: render_github(d, &b); break;
    case CDC_DIAG_SARIF: render_sarif(d, &b); break;
    }
    bool ok = fwrite(b.data, 1, b.len, out) == b.len;
    ok = fflush(out) == 0 && ok;
    cdc_buf_release(&b);
    return ok;
}

bool cdc_diag_format_parse(const char *name, cdc_diag_format *fmt)
{
    static const char *const names[] = {"text", "json", "github", "sarif"};
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (strcmp(name, names[i]) == 0) {
            *fmt = (cdc_diag_format)i;
            return true;
        }
    }
    return false;
}

/* diag.c: the diagnostics collector and its renderers.
 *
 * Stages report errors, warnings and notes here and keep going; the driver
 * decides between stages whether to stop, then renders everything once,
 * sorted by file and position, as text (compiler style with the source line
 * and a caret), JSON, GitHub workflow commands or SARIF. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cdcgen/diag.h"
#include "cdcgen/json.h"

void cdc_diags_init(cdc_diags *d, cdc_arena *a)
{
    memset(d, 0, sizeof *d);
    d->tail = &d->head;
    d->arena = a;
}

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
    case CDC_ERROR:
        return "error";
    case CDC_WARNING:
        return "warning";
    case CDC_NOTE:
        return "note";
    }
    return "error";
}

/* ---- text ---- */

static void render_caret(FILE *out, const cdc_diag *g)
{
    if (g->pos.line > g->src->nlines)
        return; /* a stream or output named without its text */
    size_t len;
    const char *line = cdc_source_line(g->src, g->pos.line, &len);
    fprintf(out, "%5u | %.*s\n", g->pos.line, (int)len, line);
    fputs("      | ", out);
    /* Pad with the line's own tabs so the caret lines up under them. */
    size_t i = 0;
    for (uint32_t col = 1; col < g->pos.col && i < len; col++) {
        fputc(line[i] == '\t' ? '\t' : ' ', out);
        i += cdc_utf8_step(line + i, len - i);
    }
    fputc('^', out);
    /* Underline the rest of the span that lies on this line. */
    size_t span_end = g->pos.off + g->pos.len;
    size_t line_end = (size_t)(line - g->src->text) + len;
    if (span_end > line_end)
        span_end = line_end;
    size_t start = g->pos.off;
    if (span_end > start) {
        size_t cps = cdc_utf8_count(g->src->text + start, span_end - start);
        for (size_t k = 1; k < cps; k++)
            fputc('~', out);
    }
    fputc('\n', out);
}

static void render_text_one(FILE *out, const cdc_diag *g, bool color)
{
    static const char *const colors[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
    if (g->src && g->pos.line)
        fprintf(out, "%s:%u:%u: ", g->src->path, g->pos.line, g->pos.col);
    else if (g->src)
        fprintf(out, "%s: ", g->src->path);
    else
        fputs("cdcgen: ", out);
    if (color)
        fprintf(out, "%s%s:\033[0m ", colors[g->sev], sev_name(g->sev));
    else
        fprintf(out, "%s: ", sev_name(g->sev));
    fputs(g->msg, out);
    if (g->code)
        fprintf(out, " [%s]", g->code);
    fputc('\n', out);
    if (g->src && g->pos.line)
        render_caret(out, g);
}

static void render_text(const cdc_diags *d, FILE *out, bool color)
{
    for (const cdc_diag *g = d->head; g; g = g->next) {
        render_text_one(out, g, color);
        for (const cdc_diag *n = g->notes; n; n = n->next)
            render_text_one(out, n, color);
    }
    if (d->nerrors || d->nwarnings)
        fprintf(out, "%u error%s, %u warning%s\n", d->nerrors, d->nerrors == 1 ? "" : "s",
                d->nwarnings, d->nwarnings == 1 ? "" : "s");
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
    return o;
}

static void dump_json(json_t *root, FILE *out)
{
    cdc_buf text = CDC_BUF_INIT;
    cdc_json_write(root, 0, &text);
    fwrite(text.data, 1, text.len, out);
    cdc_buf_release(&text);
}

static void render_json(const cdc_diags *d, FILE *out)
{
    json_t *root = json_object();
    json_t *arr = json_array();
    for (const cdc_diag *g = d->head; g; g = g->next)
        json_array_append_new(arr, diag_json(g));
    json_object_set_new(root, "diagnostics", arr);
    json_object_set_new(root, "errors", json_integer(d->nerrors));
    json_object_set_new(root, "warnings", json_integer(d->nwarnings));
    dump_json(root, out);
}

/* ---- GitHub workflow commands ---- */

/* Escapes data (escape_props adds ':' and ',' for properties). */
static void gh_escape(FILE *out, const char *s, bool escape_props)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': fputs(escape_props ? "%3A" : ":", out); break;
        case ',': fputs(escape_props ? "%2C" : ",", out); break;
        default: fputc(*s, out);
        }
    }
}

static void render_github(const cdc_diags *d, FILE *out)
{
    for (const cdc_diag *g = d->head; g; g = g->next) {
        fprintf(out, "::%s ", g->sev == CDC_ERROR ? "error" : g->sev == CDC_WARNING ? "warning"
                                                                                    : "notice");
        if (g->src) {
            fputs("file=", out);
            gh_escape(out, g->src->path, true);
            if (g->pos.line)
                fprintf(out, ",line=%u,col=%u", g->pos.line, g->pos.col);
            fputc(',', out);
        }
        fputs("title=", out);
        gh_escape(out, g->code ? g->code : "cdcgen", true);
        fputs("::", out);
        gh_escape(out, g->msg, false);
        for (const cdc_diag *n = g->notes; n; n = n->next) {
            fputs("%0Anote: ", out);
            gh_escape(out, n->msg, false);
        }
        fputc('\n', out);
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

static json_t *sarif_location(const cdc_diag *g)
{
    json_t *phys = json_object();
    json_t *art = json_object();
    json_object_set_new(art, "uri", sarif_uri(g->src->path));
    json_object_set_new(phys, "artifactLocation", art);
    if (g->pos.line) {
        json_t *region = json_object();
        json_object_set_new(region, "startLine", json_integer(g->pos.line));
        json_object_set_new(region, "startColumn", json_integer(g->pos.col));
        json_object_set_new(phys, "region", region);
    }
    json_t *loc = json_object();
    json_object_set_new(loc, "physicalLocation", phys);
    return loc;
}

static void render_sarif(const cdc_diags *d, FILE *out)
{
    json_t *rules = json_array(), *seen = json_object(), *results = json_array();
    for (const cdc_diag *g = d->head; g; g = g->next) {
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
            json_array_append_new(locs, sarif_location(g));
            json_object_set_new(res, "locations", locs);
        }
        /* Notes ("first defined here") are related locations with a message. */
        json_t *related = json_array();
        for (const cdc_diag *n = g->notes; n; n = n->next) {
            if (!n->src)
                continue;
            json_t *loc = sarif_location(n);
            json_t *nmsg = json_object();
            json_object_set_new(nmsg, "text", json_string(n->msg));
            json_object_set_new(loc, "message", nmsg);
            json_array_append_new(related, loc);
        }
        if (json_array_size(related))
            json_object_set_new(res, "relatedLocations", related);
        else
            json_decref(related);
        json_array_append_new(results, res);
    }
    json_decref(seen);
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
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_object_set_new(root, "runs", runs);
    dump_json(root, out);
}

void cdc_diags_render(cdc_diags *d, FILE *out, cdc_diag_format fmt, bool color)
{
    cdc_diags_sort(d);
    switch (fmt) {
    case CDC_DIAG_TEXT: render_text(d, out, color); break;
    case CDC_DIAG_JSON: render_json(d, out); break;
    case CDC_DIAG_GITHUB: render_github(d, out); break;
    case CDC_DIAG_SARIF: render_sarif(d, out); break;
    }
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

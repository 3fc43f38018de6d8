/* cmd/eval.c: `cdcgen eval [-f FILTERS]... [EVENTS.jsonl|-]`: route JSON
 * events with the reference semantics, one JSON line out per event. The
 * filters are the project's filters/ unless -f names others.
 *
 * Input lines are raw-event-headers messages or Debezium change events. A
 * malformed line is reported with its line number and skipped; the others
 * are still routed, and the exit status is 1. --summary prints per-filter
 * counts instead of one line per event; --trace adds, per filter, the
 * condition that decided it and the value it saw: as JSON for scripts, or
 * as text for people (the default on a terminal). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/sem/eval.h"

static const char usage_text[] =
    "usage: cdcgen eval [-f FILTERS]... [--summary] [--trace[=text|json]] [-c FILE]\n"
    "                   [--schema FILE] [--format FMT] [--max-errors N]\n"
    "                   [--fail-on-warning] [EVENTS.jsonl|-]\n"
    "\n"
    "Route JSON events (one object per line) through the filters and print, per\n"
    "event, the ids of the filters that route it: {\"line\": N, \"filters\": [...]}.\n"
    "Events are raw-event-headers messages or Debezium change events, read from\n"
    "EVENTS.jsonl or standard input.\n"
    "\n"
    "  -f, --filters PATH   filter file or directory (repeatable; default filters/)\n"
    "      --summary        print per-filter counts instead of one line per event\n"
    "      --trace[=FORM]   add, per filter, the condition that decided it: as text\n"
    "                       (the default on a terminal) or json (elsewhere)\n"
    /* then the options every command takes */
    CDC_HELP_CONFIG CDC_HELP_FORMAT CDC_HELP_MAX_ERRORS CDC_HELP_FAIL_ON_WARNING CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

/* Every condition's value for one event, recorded by the evaluator's hook
 * (evaluation never short-circuits, so each one is there). */
typedef struct truth_map {
    const cdc_cond **conds;
    cdc_truth *values;
    size_t n, cap;
} truth_map;

static void record(void *ctx, const cdc_filter *f, const cdc_cond *c, cdc_truth v)
{
    (void)f;
    truth_map *m = ctx;
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 32;
        m->conds = xrealloc(m->conds, m->cap * sizeof *m->conds);
        m->values = xrealloc(m->values, m->cap * sizeof *m->values);
    }
    m->conds[m->n] = c;
    m->values[m->n++] = v;
}

static cdc_truth value_of(const truth_map *m, const cdc_cond *c)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->conds[i] == c)
            return m->values[i];
    CDC_BUG("condition not evaluated");
}

/* The "at" (where leaf is written) and "value" (what its field held in e)
 * members of a reason or trace entry; b is scratch space. */
static void set_at_and_value(json_t *o, cdc_evaluator *ev, const cdc_filter *f,
                             const cdc_cond *leaf, cdc_event *e, cdc_buf *b)
{
    cdc_buf_reset(b);
    cdc_buf_printf(b, "%s:%u:%u", f->src->path, leaf->pos.line, leaf->pos.col);
    json_object_set_new(o, "at", json_string(b->data));
    cdc_buf_reset(b);
    cdc_eval_field_text(ev, leaf, e, b);
    json_object_set_new(o, "value", json_string(b->data));
}

/* The leaves that explain c's value: an AND is TRUE because of all its
 * children, FALSE or UNKNOWN because of the children that are; an OR is
 * FALSE because of all, TRUE or UNKNOWN because of those that are; a NOT
 * because of its child. */
static void reasons(cdc_evaluator *ev, const truth_map *m, const cdc_filter *f, const cdc_cond *c,
                    cdc_event *e, json_t *out)
{
    cdc_truth v = value_of(m, c);
    const cdc_cond *leaf = c;
    if (c->kind == CDC_COND_NOT && c->kids[0]->kind != CDC_COND_LEAF) {
        reasons(ev, m, f, c->kids[0], e, out);
        return;
    }
    if (c->kind == CDC_COND_NOT) /* "not <leaf>", with the NOT's value */
        leaf = c->kids[0];
    if (c->kind == CDC_COND_ALL || c->kind == CDC_COND_ANY) {
        bool every = (c->kind == CDC_COND_ALL && v == CDC_TRUE) ||
                     (c->kind == CDC_COND_ANY && v == CDC_FALSE);
        for (size_t i = 0; i < c->nkids; i++)
            if (every || value_of(m, c->kids[i]) == v)
                reasons(ev, m, f, c->kids[i], e, out);
        return;
    }
    json_t *r = json_object();
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    if (leaf != c)
        cdc_buf_puts(&b, "not ");
    cdc_cond_describe(leaf, &b);
    json_object_set_new(r, "condition", json_string(b.data));
    json_object_set_new(r, "result", json_string(cdc_truth_name(v)));
    set_at_and_value(r, ev, f, leaf, e, &b);
    cdc_buf_release(&b);
    json_array_append_new(out, r);
}

/* The "because" list of a filter for an event: evaluated again with a hook
 * that records every condition's value. */
static json_t *because(cdc_evaluator *ev, const cdc_filter *f, cdc_event *e)
{
    truth_map m = {0};
    cdc_eval_set_hook(ev, record, &m);
    cdc_eval_filter(ev, f, e);
    cdc_eval_set_hook(ev, NULL, NULL);
    json_t *out = json_array();
    reasons(ev, &m, f, f->cond, e, out);
    free(m.conds);
    free(m.values);
    return out;
}

static json_t *trace_entry(cdc_evaluator *ev, const cdc_filter *f, cdc_event *e, cdc_truth r)
{
    json_t *t = json_object();
    json_object_set_new(t, "filter", json_string(f->id.s));
    json_object_set_new(t, "result", json_string(cdc_truth_name(r)));
    const cdc_cond *leaf = cdc_eval_decider(ev, f->cond, e);
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_cond_describe(leaf, &b);
    json_object_set_new(t, "decidedBy", json_string(b.data));
    set_at_and_value(t, ev, f, leaf, e, &b);
    cdc_buf_release(&b);
    json_object_set_new(t, "because", because(ev, f, e));
    return t;
}

static void print_summary(const cdc_program *p, const unsigned long *routed, unsigned long events,
                          unsigned long any, unsigned long bad)
{
    size_t width = 6;
    for (size_t i = 0; i < p->nfilters; i++)
        if (p->filters[i]->generated && strlen(p->filters[i]->id.s) > width)
            width = strlen(p->filters[i]->id.s);
    printf("%-*s %10s %7s\n", (int)width, "filter", "routed", "share");
    for (size_t i = 0; i < p->nfilters; i++) {
        if (!p->filters[i]->generated)
            continue;
        printf("%-*s %10lu %6.1f%%\n", (int)width, p->filters[i]->id.s, routed[i],
               events ? 100.0 * (double)routed[i] / (double)events : 0.0);
    }
    printf("events: %lu, routed: %lu (%.1f%%), unrouted: %lu, malformed lines: %lu\n", events, any,
           events ? 100.0 * (double)any / (double)events : 0.0, events - any, bad);
}

/* The line's position in the events stream: no text, so offset = line
 * (diagnostics sort by offset); column 1 when JSON names none. */
static cdc_pos line_pos(unsigned long lineno, int col)
{
    return (cdc_pos){(uint32_t)lineno, 0, (uint32_t)lineno, col > 0 ? (uint32_t)col : 1};
}

/* Events are read a line at a time, each line at most CDC_SOURCE_MAX bytes:
 * getline() would grow a buffer without bound on input with no newline
 * (/dev/zero, a corrupt dump). */
typedef struct line_reader {
    FILE *in;
    char buf[65536];
    size_t pos, len;
} line_reader;

/* Reads the next line (with its newline, NUL bytes kept) into line. A line
 * longer than max is consumed whole, and *too_long set. false at the end. */
static bool read_line(line_reader *lr, cdc_buf *line, size_t max, bool *too_long)
{
    cdc_buf_reset(line);
    *too_long = false;
    bool any = false;
    for (;;) {
        if (lr->pos == lr->len) {
            lr->pos = 0;
            lr->len = fread(lr->buf, 1, sizeof lr->buf, lr->in);
            if (lr->len == 0)
                return any;
        }
        any = true;
        const char *start = lr->buf + lr->pos;
        const char *nl = memchr(start, '\n', lr->len - lr->pos);
        size_t n = nl ? (size_t)(nl - start) + 1 : lr->len - lr->pos;
        if (line->len + n > max)
            *too_long = true;
        else
            cdc_buf_add(line, start, n);
        lr->pos += n;
        if (nl)
            return true;
    }
}

/* ---- the command line ---- */

/* --trace's forms. */
typedef enum trace_form {
    TRACE_OFF,
    TRACE_JSON, /* a "trace" array in each JSON line, for scripts */
    TRACE_TEXT, /* an indented explanation per event, for people */
} trace_form;

typedef struct eval_args {
    cdc_path_list filters; /* -f, in order (heap array); none: filters/ */
    bool summary;
    trace_form trace;
} eval_args;

static const struct option longopts[] = {
    {"filters", required_argument, NULL, 'f'},
    {"summary", no_argument, NULL, 'S'},
    {"trace", optional_argument, NULL, 'T'},
    CDC_COMMON_LONGOPTS,
    CDC_LONGOPTS_END,
};

/* --trace (text on a terminal, else json), --trace=text, --trace=json. */
static int take_trace(eval_args *e, const char *arg)
{
    if (!arg)
        e->trace = isatty(STDOUT_FILENO) ? TRACE_TEXT : TRACE_JSON;
    else if (strcmp(arg, "text") == 0)
        e->trace = TRACE_TEXT;
    else if (strcmp(arg, "json") == 0)
        e->trace = TRACE_JSON;
    else {
        fprintf(stderr, "cdcgen eval: unknown --trace form '%s' (text, json)\n", arg);
        return CDC_EXIT_ERROR;
    }
    return CDC_OPT_NEXT;
}

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o;
    eval_args *e = args;
    switch (c) {
    case 'f': cdc_path_list_push(&e->filters, (char *)arg); return CDC_OPT_NEXT;
    case 'S': e->summary = true; return CDC_OPT_NEXT;
    case 'T': return take_trace(e, arg);
    default: return CDC_OPT_COMMON;
    }
}

static const cdc_optspec spec = {longopts, "f:" CDC_COMMON_SHORTOPTS, usage, take_option};

static int parse_command_line(int argc, char **argv, eval_args *e, cdc_opts *o)
{
    int status = cdc_opts_parse(argc, argv, &spec, e, o);
    if (status != CDC_OPT_NEXT)
        return status;
    if (o->nargs > 1) {
        fputs("cdcgen eval: give at most one EVENTS file\n", stderr);
        usage(stderr);
        return CDC_EXIT_ERROR;
    }
    return CDC_OPT_NEXT;
}

/* ---- routing ---- */

/* One pass over the events: what it reads, writes and counts. */
typedef struct router {
    cdc_run *run;
    const cdc_program *prog;
    const cdc_source *events; /* the events stream, for diagnostics */
    cdc_evaluator *ev;
    bool summary;
    trace_form trace;
    unsigned long *routed; /* per filter */
    size_t *hits;          /* cdc_eval_route's scratch */
    cdc_buf line;          /* the output line */
    unsigned long lineno, nevents, any, bad;
} router;

static void router_init(router *R, cdc_run *r, const eval_args *e, const cdc_source *events)
{
    memset(R, 0, sizeof *R);
    R->run = r;
    R->prog = &r->prog;
    R->events = events;
    R->ev = cdc_eval_new(R->prog);
    R->summary = e->summary;
    R->trace = e->trace;
    R->routed = xcalloc(R->prog->nfilters + 1, sizeof *R->routed);
    R->hits = xcalloc(R->prog->nfilters + 1, sizeof *R->hits);
    cdc_buf_init(&R->line);
}

static void router_release(router *R)
{
    cdc_eval_warn_regex_limit(R->ev, &R->run->diags);
    free(R->routed);
    free(R->hits);
    cdc_buf_release(&R->line);
    cdc_eval_free(R->ev);
}

/* One condition of a trace as a line for people: its value, the condition,
 * where it is written and what its field held. */
static void print_reason_text(const json_t *r, const char *indent, FILE *out)
{
    fprintf(out, "%s%-7s %s  (%s; the field holds %s)\n", indent,
            json_string_value(json_object_get(r, "result")),
            json_string_value(json_object_get(r, "condition")),
            json_string_value(json_object_get(r, "at")),
            json_string_value(json_object_get(r, "value")));
}

/* --trace=text: an event's trace (the JSON route_traced builds) as text:
 *   line 3: routed to loan-created-filter
 *     loan-created-filter: TRUE, because
 *       TRUE    event_type equals "LoanCreated"  (filters/loans.yaml:13:9; ...)
 */
static void print_trace_text(const json_t *line, FILE *out)
{
    const json_t *ids = json_object_get(line, "filters");
    fprintf(out, "line %" JSON_INTEGER_FORMAT ": ",
            json_integer_value(json_object_get(line, "line")));
    if (json_array_size(ids) == 0)
        fputs("routed to no filter\n", out);
    for (size_t i = 0; i < json_array_size(ids); i++)
        fprintf(out, "%s%s", i ? ", " : "routed to ", json_string_value(json_array_get(ids, i)));
    if (json_array_size(ids))
        fputc('\n', out);
    const json_t *traces = json_object_get(line, "trace");
    for (size_t i = 0; i < json_array_size(traces); i++) {
        const json_t *t = json_array_get(traces, i);
        const json_t *why = json_object_get(t, "because");
        fprintf(out, "  %s: %s, because\n", json_string_value(json_object_get(t, "filter")),
                json_string_value(json_object_get(t, "result")));
        for (size_t k = 0; k < json_array_size(why); k++)
            print_reason_text(json_array_get(why, k), "    ", out);
    }
}

/* --trace: every generated filter is evaluated and explained. */
static void route_traced(router *R, cdc_event *e)
{
    json_t *out = json_object(), *ids = json_array(), *traces = json_array();
    json_object_set_new(out, "line", json_integer((json_int_t)R->lineno));
    for (size_t i = 0; i < R->prog->nfilters; i++) {
        const cdc_filter *f = R->prog->filters[i];
        if (!f->generated)
            continue;
        cdc_truth t = cdc_eval_filter(R->ev, f, e);
        if (t == CDC_TRUE) {
            json_array_append_new(ids, json_string(f->id.s));
            R->routed[i]++;
        }
        json_array_append_new(traces, trace_entry(R->ev, f, e, t));
    }
    R->any += json_array_size(ids) > 0;
    json_object_set_new(out, "filters", ids);
    json_object_set_new(out, "trace", traces);
    if (!R->summary && R->trace == TRACE_TEXT) {
        print_trace_text(out, stdout);
    } else if (!R->summary) {
        char *s = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
        puts(s);
        free(s);
    }
    json_decref(out);
}

/* The routing index decides; the line is written by hand: ids are
 * [a-z0-9-] (check), nothing to escape. */
static void route_plain(router *R, cdc_event *e)
{
    size_t nhits = cdc_eval_route(R->ev, e, R->hits);
    R->any += nhits > 0;
    cdc_buf_reset(&R->line);
    cdc_buf_printf(&R->line, "{\"line\":%lu,\"filters\":[", R->lineno);
    for (size_t k = 0; k < nhits; k++) {
        R->routed[R->hits[k]]++;
        cdc_buf_puts(&R->line, k ? ",\"" : "\"");
        cdc_buf_puts(&R->line, R->prog->filters[R->hits[k]]->id.s);
        cdc_buf_putc(&R->line, '"');
    }
    cdc_buf_puts(&R->line, "]}\n");
    if (!R->summary)
        fwrite(R->line.data, 1, R->line.len, stdout);
}

/* A malformed line: reported and counted, then skipped. */
static void bad_line(router *R, int col, const char *msg)
{
    cdc_diag_error(&R->run->diags, R->events, line_pos(R->lineno, col), "bad-event", "%s", msg);
    R->bad++;
}

/* Reads one line into e; false (reported) when it is no event. */
static bool read_event(router *R, const cdc_buf *text, cdc_event *e)
{
    json_error_t jerr;
    bool widened;
    json_t *j = cdc_event_json_parse(text->data, text->len, 0, &jerr, &widened);
    if (!j) {
        bad_line(R, jerr.column, cdc_arena_printf(R->run->arena, "malformed JSON: %s", jerr.text));
        return false;
    }
    if (widened)
        cdc_diag_warning(&R->run->diags, R->events, line_pos(R->lineno, 0), "big-integer",
                         "an integer beyond 64 bits; this event's integers are read as doubles");
    const char *err = NULL;
    bool ok = cdc_event_init(e, R->prog, j, &err);
    json_decref(j);
    if (!ok)
        bad_line(R, 0, err);
    return ok;
}

static void route_line(router *R, const cdc_buf *text, bool too_long)
{
    R->lineno++;
    if (too_long) {
        bad_line(R, 0,
                 cdc_arena_printf(R->run->arena, "line longer than the input limit of %s",
                                  CDC_SOURCE_MAX_TEXT));
        return;
    }
    if (strspn(text->data, " \t\r\n") == text->len)
        return; /* blank */
    cdc_event e;
    if (!read_event(R, text, &e))
        return;
    R->nevents++;
    if (R->trace)
        route_traced(R, &e);
    else
        route_plain(R, &e);
    cdc_event_release(&e);
}

static void route_stream(router *R, FILE *in)
{
    line_reader *lr = xcalloc(1, sizeof *lr);
    lr->in = in;
    cdc_buf text = CDC_BUF_INIT;
    cdc_buf_init(&text);
    bool too_long;
    while (read_line(lr, &text, CDC_SOURCE_MAX, &too_long))
        route_line(R, &text, too_long);
    if (ferror(in)) {
        cdc_diag_error(&R->run->diags, R->events, (cdc_pos){0, 0, 0, 0}, "io", "cannot read: %s",
                       strerror(errno));
        R->run->io_error = true;
    }
    cdc_buf_release(&text);
    free(lr);
}

/* The events file ("-": standard input); NULL after a diagnostic. */
static FILE *open_events(cdc_run *r, const char *path, const cdc_source *events)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        cdc_diag_error(&r->diags, events, (cdc_pos){0, 0, 0, 0}, "io", "cannot read: %s",
                       strerror(errno));
        r->io_error = true;
    }
    return in;
}

static void eval_events(cdc_run *r, const eval_args *e, const char *path)
{
    const cdc_source *events = cdc_run_named_source(r, strcmp(path, "-") == 0 ? "<stdin>" : path);
    FILE *in = open_events(r, path, events);
    if (!in)
        return;
    router R;
    router_init(&R, r, e, events);
    route_stream(&R, in);
    if (in != stdin)
        fclose(in);
    if (e->summary)
        print_summary(R.prog, R.routed, R.nevents, R.any, R.bad);
    router_release(&R);
}

int cmd_eval(int argc, char **argv, const cdc_project *project)
{
    /* Standard output carries the routing; diagnostics go to standard error. */
    cdc_opts o = {.format = CDC_DIAG_TEXT, .stdout_is_product = true};
    eval_args e = {0};
    int status = parse_command_line(argc, argv, &e, &o);
    if (status != CDC_OPT_NEXT) {
        free(e.filters.v);
        return status;
    }
    cdc_run r;
    cdc_run_init(&r, project);
    if (cdc_run_compile(&r, &o, e.filters.v, (int)e.filters.n))
        eval_events(&r, &e, o.nargs ? o.args[0] : "-");
    free(e.filters.v);
    return cdc_run_end(&r, &o);
}

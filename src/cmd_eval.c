/* cmd_eval.c: `cdcgen eval -f FILTERS... [EVENTS.jsonl|-]`: route JSON
 * events with the reference semantics, one JSON line out per event.
 *
 * Input lines are raw-event-headers messages or Debezium change events. A
 * malformed line is reported with its line number and skipped; the others
 * are still routed, and the exit status is 1. --summary prints per-filter
 * counts instead of one line per event; --trace adds, per filter, the
 * condition that decided it and the value it saw. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/driver.h"
#include "cdcgen/eval.h"

static const char usage[] =
    "usage: cdcgen eval -f FILTERS [-f FILTERS]... [--summary] [--trace] [-c FILE]\n"
    "                   [--format text|json|github|sarif] [--max-errors N] [EVENTS.jsonl|-]\n"
    "\n"
    "Route JSON events (one object per line) through the filters and print, per\n"
    "event, the ids of the filters that route it: {\"line\": N, \"filters\": [...]}.\n"
    "Events are raw-event-headers messages or Debezium change events.\n"
    "\n"
    "  -f, --filters PATH   filter file or directory (repeatable)\n"
    "      --summary        print per-filter counts instead of one line per event\n"
    "      --trace          add, per filter, the condition that decided it\n"
    "  -c, --config FILE    project config (default: cdcgen.yaml, searched upward)\n"
    "      --format FMT     diagnostics as text, json, github or sarif\n"
    "      --max-errors N   show at most N errors and warnings (default 100; 0: all)\n"
    "  -h, --help           show this help\n";

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
    cdc_buf_reset(&b);
    cdc_buf_printf(&b, "%s:%u:%u", f->src->path, leaf->pos.line, leaf->pos.col);
    json_object_set_new(t, "at", json_string(b.data));
    cdc_buf_reset(&b);
    cdc_eval_field_text(ev, leaf, e, &b);
    json_object_set_new(t, "value", json_string(b.data));
    cdc_buf_release(&b);
    return t;
}

static void print_summary(const cdc_program *p, const unsigned long *routed,
                          unsigned long events, unsigned long any, unsigned long bad)
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
    printf("events: %lu, routed: %lu (%.1f%%), unrouted: %lu, malformed lines: %lu\n", events,
           any, events ? 100.0 * (double)any / (double)events : 0.0, events - any, bad);
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

int cmd_eval(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"filters", required_argument, NULL, 'f'},
        {"summary", no_argument, NULL, 'S'},
        {"trace", no_argument, NULL, 'T'},
        {"config", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'F'},
        {"max-errors", required_argument, NULL, 'E'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
    int npaths = 0;
    bool summary = false, trace = false;
    int c;
    while ((c = getopt_long(argc, argv, "+f:c:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': paths[npaths++] = optarg; break;
        case 'S': summary = true; break;
        case 'T': trace = true; break;
        case 'c': o.config_path = optarg; break;
        case 'E':
            if (!cdc_opts_max_errors(&o, optarg)) {
                free(paths);
                return CDC_EXIT_ERROR;
            }
            break;
        case 'F':
            if (!cdc_opts_format(&o, optarg)) {
                free(paths);
                return CDC_EXIT_ERROR;
            }
            break;
        case 'h': fputs(usage, stdout); free(paths); return CDC_EXIT_OK;
        default: fputs(usage, stderr); free(paths); return CDC_EXIT_ERROR;
        }
    }
    if (npaths == 0 || argc - optind > 1) {
        fputs(npaths == 0 ? "cdcgen eval: -f FILTERS is required\n"
                          : "cdcgen eval: give at most one EVENTS file\n",
              stderr);
        fputs(usage, stderr);
        free(paths);
        return CDC_EXIT_ERROR;
    }
    const char *events_path = optind < argc ? argv[optind] : "-";

    cdc_run r;
    cdc_run_init(&r);
    bool ok = cdc_run_compile(&r, &o, paths, npaths);
    free(paths);
    int status = cdc_run_finish(&r, &o);
    if (!ok) {
        cdc_run_release(&r);
        return status;
    }
    FILE *in = strcmp(events_path, "-") == 0 ? stdin : fopen(events_path, "rb");
    if (!in) {
        fprintf(stderr, "cdcgen: error: cannot read '%s': %s\n", events_path, strerror(errno));
        cdc_run_release(&r);
        return CDC_EXIT_ERROR;
    }

    const cdc_program *p = &r.prog;
    cdc_evaluator *ev = cdc_eval_new(p);
    unsigned long *routed = xcalloc(p->nfilters + 1, sizeof *routed);
    unsigned long lineno = 0, events = 0, any = 0, bad = 0, first_limit_line = 0;
    line_reader *lr = xcalloc(1, sizeof *lr);
    lr->in = in;
    cdc_buf buf = CDC_BUF_INIT;
    cdc_buf_init(&buf);
    bool too_long;
    while (read_line(lr, &buf, CDC_SOURCE_MAX, &too_long)) {
        const char *line = buf.data;
        size_t n = buf.len;
        lineno++;
        if (too_long) {
            fprintf(stderr, "%s:%lu: error: line longer than the input limit of %s [bad-event]\n",
                    events_path, lineno, CDC_SOURCE_MAX_TEXT);
            bad++;
            continue;
        }
        if (strspn(line, " \t\r\n") == n)
            continue;
        json_error_t jerr;
        bool widened;
        json_t *j = cdc_event_json_parse(line, n, 0, &jerr, &widened);
        if (j && widened)
            fprintf(stderr,
                    "%s:%lu: warning: an integer beyond 64 bits; this event's integers are "
                    "read as doubles [big-integer]\n",
                    events_path, lineno);
        cdc_event e;
        const char *err = NULL;
        if (!j) {
            fprintf(stderr, "%s:%lu:%d: error: malformed JSON: %s [bad-event]\n",
                    events_path, lineno, jerr.column, jerr.text);
            bad++;
            continue;
        }
        if (!cdc_event_init(&e, p, j, &err)) {
            fprintf(stderr, "%s:%lu: error: %s [bad-event]\n", events_path, lineno, err);
            json_decref(j);
            bad++;
            continue;
        }
        json_decref(j);
        events++;
        unsigned long hits_before = cdc_eval_regex_limit_hits(ev);
        json_t *out = json_object(), *ids = json_array(), *traces = json_array();
        json_object_set_new(out, "line", json_integer((json_int_t)lineno));
        for (size_t i = 0; i < p->nfilters; i++) {
            const cdc_filter *f = p->filters[i];
            if (!f->generated)
                continue;
            cdc_truth t = cdc_eval_filter(ev, f, &e);
            if (t == CDC_TRUE) {
                json_array_append_new(ids, json_string(f->id.s));
                routed[i]++;
            }
            if (trace)
                json_array_append_new(traces, trace_entry(ev, f, &e, t));
        }
        if (hits_before == 0 && cdc_eval_regex_limit_hits(ev))
            first_limit_line = lineno;
        if (json_array_size(ids))
            any++;
        json_object_set_new(out, "filters", ids);
        if (trace)
            json_object_set_new(out, "trace", traces);
        else
            json_decref(traces);
        if (!summary) {
            char *s = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
            puts(s);
            free(s);
        }
        json_decref(out);
        cdc_event_release(&e);
        if (ferror(stdout))
            break; /* reported below; reading on would only waste time */
    }
    if (ferror(in)) {
        fprintf(stderr, "cdcgen: error: cannot read '%s': %s\n", events_path, strerror(errno));
        status = CDC_EXIT_ERROR;
    }
    cdc_buf_release(&buf);
    free(lr);
    if (in != stdin)
        fclose(in);
    if (summary)
        print_summary(p, routed, events, any, bad);
    if (cdc_eval_regex_limit_hits(ev)) {
        const cdc_filter *f;
        const cdc_cond *leaf = cdc_eval_regex_limit_first(ev, &f);
        fprintf(stderr,
                "cdcgen: warning: %lu regex matches hit the match limit and counted as UNKNOWN; "
                "the first: line %lu of %s, filter '%s' at %s:%u:%u [regex-limit]\n",
                cdc_eval_regex_limit_hits(ev), first_limit_line, events_path,
                f && f->id.s ? f->id.s : "?", f ? f->src->path : "?",
                leaf->values[0].pos.line, leaf->values[0].pos.col);
    }
    if (bad && status == CDC_EXIT_OK)
        status = CDC_EXIT_FINDINGS;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "cdcgen: error: cannot write to standard output: %s\n",
                strerror(errno ? errno : EIO));
        status = CDC_EXIT_ERROR;
    }
    free(routed);
    cdc_eval_free(ev);
    cdc_run_release(&r);
    return status;
}

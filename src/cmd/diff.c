/* cmd/diff.c: `cdcgen diff --against BASE [PATH...]`: what a change to the
 * filter files changes in routing, for the review of a pull request.
 *
 * BASE is a directory holding the earlier version of the project (PATH is
 * read below it) or a git revision (read with git ls-tree and git cat-file;
 * nothing is checked out). Both versions are compiled with the same
 * config. Filters are matched by id: removed, added, disabled, re-enabled,
 * topic and consumer changes, and for every condition that changed its
 * semantic change with witness events (routediff.c). A change that breaks a
 * consumer (a removed or disabled filter, a changed topic, a narrowed or
 * undecided condition) makes the exit status 1 unless it is allowed:
 * --allow-breaking, --allow ID, or a filter's allowBreaking reason that is
 * new in the change. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/diag_markdown.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/strmap.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/cmd/revision.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/sem/eval.h"
#include "cdcgen/sem/routediff.h"

static const char usage_text[] =
    "usage: cdcgen diff --against BASE [--allow-breaking] [--allow ID]... [-c FILE]\n"
    "                   [--schema FILE] [--format text|json|markdown|github]\n"
    "                   [--max-errors N] [--fail-on-warning] [PATH...]\n"
    "\n"
    "Compare the filters under PATH with those of BASE: removed, added, disabled,\n"
    "re-enabled filters, changed topics and consumers, and per changed condition\n"
    "whether it routes fewer events (narrowed), more (widened), both, or the same,\n"
    "with an event that shows it. Exit 1 when a change breaks a consumer.\n"
    "BASE: a directory with the earlier project, or a git revision.\n"
    "PATH: files or directories (*.yaml, *.yml, *.json); default filters/\n"
    "\n"
    "      --against BASE   the earlier version: a directory or a git revision\n"
    "      --allow-breaking let every breaking change pass (exit 0)\n"
    "      --allow ID       let the breaking changes of filter ID pass (repeatable)\n"
    /* then the options every command takes, two of them worded for diff */
    CDC_HELP_CONFIG
    "      --format FMT     the report as text, json, markdown or github\n" CDC_HELP_MAX_ERRORS
    "      --fail-on-warning  warnings about the inputs make the exit status 1\n"
    "                       (also: -W error)\n" CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

typedef enum report_format {
    REPORT_TEXT,
    REPORT_JSON,
    REPORT_MARKDOWN,
    REPORT_GITHUB
} report_format;

/* ---- reading the base ---- */

/* The base's filter files: BASE/PATH for every PATH (one that is not there
 * holds no filters). */
static bool read_dir_base(cdc_run *b, const char *dir, char **paths, int npaths)
{
    cdc_path_list files = {0};
    bool ok = true;
    for (int i = 0; i < npaths; i++) {
        char *p = cdc_arena_printf(b->arena, "%s/%s", dir, paths[i]);
        struct stat st;
        if (stat(p, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            ok &= cdc_walk_dir(b, p, cdc_is_filter_file, &files);
        else
            cdc_path_list_push(&files, p);
    }
    for (size_t i = 0; ok && i < files.n; i++) {
        cdc_source *src = cdc_source_read(b->arena, files.v[i]);
        if (!src) {
            cdc_diag_error(&b->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read '%s': %s",
                           files.v[i], strerror(errno));
            ok = false;
            break;
        }
        cdc_run_parse_source(b, src);
    }
    free(files.v);
    return ok;
}

/* ---- the changes ---- */

typedef enum change_kind {
    CH_REMOVED,
    CH_ADDED,
    CH_DISABLED,
    CH_REENABLED,
    CH_TOPIC,
    CH_CONSUMER,
    CH_ROUTING,
} change_kind;

static const char *const kind_names[] = {
    [CH_REMOVED] = "removed",      [CH_ADDED] = "added", [CH_DISABLED] = "disabled",
    [CH_REENABLED] = "re-enabled", [CH_TOPIC] = "topic", [CH_CONSUMER] = "consumer",
    [CH_ROUTING] = "routing",
};

typedef struct change {
    change_kind kind;
    const cdc_filter *base, *head; /* either may be NULL */
    const char *from, *to;         /* CH_TOPIC, CH_CONSUMER */
    cdc_route_diff route;          /* CH_ROUTING */
    bool breaking;
    const char *allowed_by; /* NULL, or what allowed the breaking change */
} change;

typedef struct changes {
    change *v;
    size_t n, cap;
} changes;

static change *change_add(changes *C, change_kind kind, const cdc_filter *base,
                          const cdc_filter *head)
{
    if (C->n == C->cap) {
        C->cap = C->cap ? 2 * C->cap : 16;
        C->v = xrealloc(C->v, C->cap * sizeof *C->v);
    }
    change *c = &C->v[C->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->base = base;
    c->head = head;
    return c;
}

/* The filter a change is about, as the change has it if it still has it. */
static const cdc_filter *subject(const change *c)
{
    return c->head ? c->head : c->base;
}

static const char *change_name(const change *c)
{
    if (c->kind == CH_ROUTING)
        return cdc_route_change_name(c->route.change);
    return c->kind == CH_TOPIC      ? "topic changed"
           : c->kind == CH_CONSUMER ? "consumer changed"
                                    : kind_names[c->kind];
}

typedef struct allowance {
    bool all;          /* --allow-breaking */
    cdc_path_list ids; /* --allow ID (heap array) */
} allowance;

static const char *allowed_by(cdc_arena *a, const allowance *al, const change *c)
{
    if (al->all)
        return "--allow-breaking";
    const char *id = subject(c)->id.s;
    for (size_t i = 0; i < al->ids.n; i++)
        if (strcmp(al->ids.v[i], id) == 0)
            return cdc_arena_printf(a, "--allow %s", id);
    /* A reason in the file allows only the change that brings it: one left
     * over from an earlier change allows nothing new. */
    const char *why = c->head ? c->head->allow_breaking.s : NULL;
    const char *before = c->base ? c->base->allow_breaking.s : NULL;
    if (why && (!before || strcmp(why, before) != 0))
        return cdc_arena_printf(a, "allowBreaking: %s", why);
    return NULL;
}

/* Two evaluators, one per version, for the routing comparisons. */
typedef struct versions {
    const cdc_program *bp, *hp;
    cdc_evaluator *bev, *hev;
} versions;

/* A filter in both versions, both generated: its topic, consumer and
 * conditions. */
static void compare_generated(cdc_arena *a, const versions *V, const cdc_filter *b,
                              const cdc_filter *h, changes *C)
{
    if (strcmp(b->output_topic.s, h->output_topic.s) != 0) {
        change *c = change_add(C, CH_TOPIC, b, h);
        c->from = b->output_topic.s;
        c->to = h->output_topic.s;
        c->breaking = true;
    }
    if (strcmp(b->consumer_id.s, h->consumer_id.s) != 0) {
        change *c = change_add(C, CH_CONSUMER, b, h);
        c->from = b->consumer_id.s;
        c->to = h->consumer_id.s;
    }
    if (!cdc_cond_same(b->cond, h->cond)) {
        change *c = change_add(C, CH_ROUTING, b, h);
        cdc_route_diff_filters(a, V->bev, V->bp, b, V->hev, V->hp, h, &c->route);
        c->breaking = c->route.change == CDC_ROUTE_NARROWED || c->route.change == CDC_ROUTE_BOTH ||
                      c->route.change == CDC_ROUTE_UNDECIDED;
    }
}

/* A filter of the base, and the filter with its id in the change (h, or
 * NULL when it was removed). */
static void compare_filter(cdc_arena *a, const versions *V, const cdc_filter *b,
                           const cdc_filter *h, changes *C)
{
    if (!h)
        change_add(C, CH_REMOVED, b, NULL)->breaking = b->generated;
    else if (b->generated && !h->generated)
        change_add(C, CH_DISABLED, b, h)->breaking = true;
    else if (!b->generated && h->generated)
        change_add(C, CH_REENABLED, b, h);
    else if (h->generated)
        compare_generated(a, V, b, h, C);
    /* else neither routes anything */
}

static void compare(cdc_arena *a, const cdc_program *bp, const cdc_program *hp, changes *C)
{
    cdc_strmap by_id, in_base;
    cdc_strmap_init(&by_id);
    cdc_strmap_init(&in_base);
    for (size_t i = 0; i < hp->nfilters; i++)
        cdc_strmap_put(&by_id, hp->filters[i]->id.s, strlen(hp->filters[i]->id.s), hp->filters[i]);
    versions V = {bp, hp, cdc_eval_new(bp), cdc_eval_new(hp)};
    for (size_t i = 0; i < bp->nfilters; i++) {
        const cdc_filter *b = bp->filters[i];
        cdc_strmap_put(&in_base, b->id.s, strlen(b->id.s), (void *)b);
        compare_filter(a, &V, b, cdc_strmap_get(&by_id, b->id.s, strlen(b->id.s)), C);
    }
    for (size_t i = 0; i < hp->nfilters; i++) {
        const cdc_filter *h = hp->filters[i];
        if (!cdc_strmap_get(&in_base, h->id.s, strlen(h->id.s)))
            change_add(C, CH_ADDED, NULL, h);
    }
    cdc_eval_free(V.bev);
    cdc_eval_free(V.hev);
    cdc_strmap_release(&by_id);
    cdc_strmap_release(&in_base);
}

/* ---- the report ---- */

static char *event_text(json_t *row)
{
    return json_dumps(row, JSON_COMPACT | JSON_ENSURE_ASCII);
}

/* One line of words about the change (no witness, no position). */
static void describe(const change *c, cdc_buf *out)
{
    const cdc_filter *f = subject(c);
    switch (c->kind) {
    case CH_REMOVED:
        cdc_buf_printf(out, "removed (it wrote %s for %s%s)", f->output_topic.s, f->consumer_id.s,
                       f->generated ? "" : "; it was not generated");
        break;
    case CH_ADDED:
        cdc_buf_printf(out, "added (writes %s for %s%s)", f->output_topic.s, f->consumer_id.s,
                       f->generated ? "" : "; not generated");
        break;
    case CH_DISABLED:
        if (!c->head->enabled)
            cdc_buf_puts(out, "disabled (enabled: false)");
        else
            cdc_buf_printf(out, "disabled (status: %s)", cdc_status_name(c->head->status));
        cdc_buf_printf(out, ": %s no longer gets %s", f->consumer_id.s, f->output_topic.s);
        break;
    case CH_REENABLED:
        cdc_buf_printf(out, "re-enabled: writes %s for %s again", f->output_topic.s,
                       f->consumer_id.s);
        break;
    case CH_TOPIC:
        cdc_buf_printf(out, "topic changed from %s to %s: %s reads the old one", c->from, c->to,
                       f->consumer_id.s);
        break;
    case CH_CONSUMER: cdc_buf_printf(out, "consumer changed from %s to %s", c->from, c->to); break;
    case CH_ROUTING:
        switch (c->route.change) {
        case CDC_ROUTE_UNCHANGED:
            cdc_buf_puts(out, "conditions rewritten, routing unchanged (same events)");
            break;
        case CDC_ROUTE_NARROWED: cdc_buf_puts(out, "narrowed: routes fewer events"); break;
        case CDC_ROUTE_WIDENED: cdc_buf_puts(out, "widened: routes more events"); break;
        case CDC_ROUTE_BOTH:
            cdc_buf_puts(out, "narrowed and widened: routes some events no longer, others newly");
            break;
        case CDC_ROUTE_UNDECIDED: cdc_buf_printf(out, "cannot decide: %s", c->route.reason); break;
        }
        break;
    }
}

static void position(const cdc_filter *f, cdc_buf *out)
{
    cdc_buf_printf(out, "%s:%u:%u", f->src->path, f->pos.line, f->pos.col);
}

typedef struct tally {
    size_t by_kind[CH_ROUTING + 1];
    size_t narrowed, widened, both, undecided, rewritten, breaking, allowed;
} tally;

static void count(const changes *C, tally *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < C->n; i++) {
        const change *c = &C->v[i];
        t->by_kind[c->kind]++;
        if (c->kind == CH_ROUTING) {
            cdc_route_change r = c->route.change;
            t->narrowed += r == CDC_ROUTE_NARROWED;
            t->widened += r == CDC_ROUTE_WIDENED;
            t->both += r == CDC_ROUTE_BOTH;
            t->undecided += r == CDC_ROUTE_UNDECIDED;
            t->rewritten += r == CDC_ROUTE_UNCHANGED;
        }
        if (c->breaking)
            *(c->allowed_by ? &t->allowed : &t->breaking) += 1;
    }
}

static void summary_line(const tally *t, cdc_buf *out)
{
    cdc_buf_printf(out,
                   "%zu removed, %zu added, %zu disabled, %zu re-enabled, %zu topic and %zu "
                   "consumer changes, %zu narrowed, %zu widened, %zu both, %zu undecided, %zu "
                   "rewritten without effect; %zu break a consumer, %zu allowed",
                   t->by_kind[CH_REMOVED], t->by_kind[CH_ADDED], t->by_kind[CH_DISABLED],
                   t->by_kind[CH_REENABLED], t->by_kind[CH_TOPIC], t->by_kind[CH_CONSUMER],
                   t->narrowed, t->widened, t->both, t->undecided, t->rewritten, t->breaking,
                   t->allowed);
}

static void report_text(const char *against, const changes *C, const tally *t, FILE *out)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < C->n; i++) {
        const change *c = &C->v[i];
        cdc_buf_reset(&b);
        position(subject(c), &b);
        cdc_buf_printf(&b, ": %s: ", subject(c)->id.s);
        describe(c, &b);
        if (c->breaking)
            cdc_buf_printf(&b, c->allowed_by ? " [breaking, allowed by %s]" : " [breaking]",
                           c->allowed_by);
        fprintf(out, "%s\n", b.data);
        if (c->kind == CH_ROUTING && c->route.lost) {
            char *e = event_text(c->route.lost);
            fprintf(out, "    routed by %s, not by the change: %s\n", against, e);
            free(e);
        }
        if (c->kind == CH_ROUTING && c->route.gained) {
            char *e = event_text(c->route.gained);
            fprintf(out, "    routed by the change, not by %s: %s\n", against, e);
            free(e);
        }
    }
    cdc_buf_reset(&b);
    summary_line(t, &b);
    fprintf(out, "diff against %s: %s\n", against, b.data);
    cdc_buf_release(&b);
}

static json_t *witness_json(json_t *row, bool base, bool head)
{
    json_t *w = json_object();
    json_object_set(w, "event", row);
    json_object_set_new(w, "base", json_boolean(base));
    json_object_set_new(w, "change", json_boolean(head));
    return w;
}

/* The "change" member: the kind, or for conditions what they do. */
static const char *change_json_name(const change *c)
{
    if (c->kind != CH_ROUTING)
        return kind_names[c->kind];
    return c->route.change == CDC_ROUTE_BOTH        ? "both"
           : c->route.change == CDC_ROUTE_UNDECIDED ? "undecided"
                                                    : cdc_route_change_name(c->route.change);
}

static json_t *witnesses_json(const change *c)
{
    json_t *w = json_array();
    if (c->route.lost)
        json_array_append_new(w, witness_json(c->route.lost, true, false));
    if (c->route.gained)
        json_array_append_new(w, witness_json(c->route.gained, false, true));
    return w;
}

static json_t *change_json(const change *c, cdc_buf *b)
{
    const cdc_filter *f = subject(c);
    json_t *j = json_object();
    json_object_set_new(j, "filter", json_string(f->id.s));
    json_object_set_new(j, "change", json_string(change_json_name(c)));
    json_object_set_new(j, "file", json_string(f->src->path));
    json_object_set_new(j, "line", json_integer(f->pos.line));
    json_object_set_new(j, "column", json_integer(f->pos.col));
    json_object_set_new(j, "consumer", json_string(f->consumer_id.s));
    json_object_set_new(j, "topic", json_string(f->output_topic.s));
    cdc_buf_reset(b);
    describe(c, b);
    json_object_set_new(j, "message", json_string(b->data));
    if (c->from) {
        json_object_set_new(j, "from", json_string(c->from));
        json_object_set_new(j, "to", json_string(c->to));
    }
    if (c->kind == CH_ROUTING && c->route.reason)
        json_object_set_new(j, "reason", json_string(c->route.reason));
    if (c->kind == CH_ROUTING)
        json_object_set_new(j, "witnesses", witnesses_json(c));
    json_object_set_new(j, "breaking", json_boolean(c->breaking));
    json_object_set_new(j, "allowedBy", c->allowed_by ? json_string(c->allowed_by) : json_null());
    return j;
}

static json_t *summary_json(const tally *t)
{
    const struct {
        const char *key;
        size_t n;
    } counts[] = {
        {"removed", t->by_kind[CH_REMOVED]},
        {"added", t->by_kind[CH_ADDED]},
        {"disabled", t->by_kind[CH_DISABLED]},
        {"reenabled", t->by_kind[CH_REENABLED]},
        {"topic", t->by_kind[CH_TOPIC]},
        {"consumer", t->by_kind[CH_CONSUMER]},
        {"narrowed", t->narrowed},
        {"widened", t->widened},
        {"both", t->both},
        {"undecided", t->undecided},
        {"unchanged", t->rewritten},
        {"breaking", t->breaking},
        {"allowed", t->allowed},
    };
    json_t *s = json_object();
    for (size_t i = 0; i < ARRAY_SIZE(counts); i++)
        json_object_set_new(s, counts[i].key, json_integer((json_int_t)counts[i].n));
    return s;
}

static void report_json(const char *against, const changes *C, const tally *t, FILE *out)
{
    json_t *root = json_object(), *arr = json_array();
    json_object_set_new(root, "against", json_string(against));
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < C->n; i++)
        json_array_append_new(arr, change_json(&C->v[i], &b));
    cdc_buf_release(&b);
    json_object_set_new(root, "changes", arr);
    json_object_set_new(root, "summary", summary_json(t));
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    fprintf(out, "%s\n", text);
    free(text);
    json_decref(root);
}

static void report_markdown(const char *against, const changes *C, const tally *t, FILE *out)
{
    fputs("### cdcgen diff against ", out);
    cdc_md_code(out, against);
    fputs("\n\n", out);
    if (C->n == 0) {
        fputs("No filter changes routing.\n", out);
        return;
    }
    if (t->breaking)
        fprintf(out, "**%zu change%s break%s a consumer.**", t->breaking,
                t->breaking == 1 ? "" : "s", t->breaking == 1 ? "s" : "");
    else
        fputs("No change breaks a consumer.", out);
    if (t->allowed)
        fprintf(out, " %zu breaking change%s allowed.", t->allowed, t->allowed == 1 ? "" : "s");
    fputs("\n\n| Filter | Change | Breaks a consumer | Details |\n|---|---|---|---|\n", out);
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < C->n; i++) {
        const change *c = &C->v[i];
        fputs("| ", out);
        cdc_md_code(out, subject(c)->id.s);
        fputs(" | ", out);
        cdc_md_cell_plain(out, change_name(c));
        fputs(" | ", out);
        if (!c->breaking) {
            fputs("no", out);
        } else if (c->allowed_by) {
            fputs("allowed: ", out);
            cdc_md_cell_plain(out, c->allowed_by);
        } else {
            fputs("**yes**: ", out);
            cdc_md_code(out, subject(c)->consumer_id.s);
        }
        fputs(" | ", out);
        cdc_buf_reset(&b);
        describe(c, &b);
        cdc_md_cell_plain(out, b.data);
        if (c->kind == CH_ROUTING && c->route.lost) {
            char *e = event_text(c->route.lost);
            fputs("<br>no longer routed: ", out);
            cdc_md_code(out, e);
            free(e);
        }
        if (c->kind == CH_ROUTING && c->route.gained) {
            char *e = event_text(c->route.gained);
            fputs("<br>newly routed: ", out);
            cdc_md_code(out, e);
            free(e);
        }
        fputs(" |\n", out);
    }
    cdc_buf_release(&b);
}

/* GitHub workflow command data ('%' and line breaks escaped; properties
 * also ':' and ','). */
static void gh_put(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        if (*s == '%')
            fputs("%25", out);
        else if (*s == '\r')
            fputs("%0D", out);
        else if (*s == '\n')
            fputs("%0A", out);
        else if (property && *s == ':')
            fputs("%3A", out);
        else if (property && *s == ',')
            fputs("%2C", out);
        else
            fputc(*s, out);
    }
}

static void report_github(const char *against, const changes *C, const tally *t, FILE *out)
{
    (void)t;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < C->n; i++) {
        const change *c = &C->v[i];
        const cdc_filter *f = subject(c);
        const char *level = c->breaking && !c->allowed_by ? "error"
                            : c->breaking                 ? "warning"
                                                          : "notice";
        fprintf(out, "::%s file=", level);
        gh_put(out, f->src->path, true);
        fprintf(out, ",line=%u,col=%u,title=", f->pos.line, f->pos.col);
        cdc_buf_reset(&b);
        cdc_buf_printf(&b, "cdcgen diff: %s %s", f->id.s, change_name(c));
        gh_put(out, b.data, true);
        fputs("::", out);
        cdc_buf_reset(&b);
        describe(c, &b);
        if (c->allowed_by)
            cdc_buf_printf(&b, " (allowed by %s)", c->allowed_by);
        if (c->kind == CH_ROUTING && c->route.lost) {
            char *e = event_text(c->route.lost);
            cdc_buf_printf(&b, "\nrouted by %s, not by the change: %s", against, e);
            free(e);
        }
        if (c->kind == CH_ROUTING && c->route.gained) {
            char *e = event_text(c->route.gained);
            cdc_buf_printf(&b, "\nrouted by the change, not by %s: %s", against, e);
            free(e);
        }
        gh_put(out, b.data, false);
        fputc('\n', out);
    }
    cdc_buf_release(&b);
}

/* ---- the command line ---- */

typedef struct diff_args {
    const char *against; /* --against BASE */
    allowance al;
    report_format fmt;
} diff_args;

static const struct option longopts[] = {
    {"against", required_argument, NULL, 'A'},
    {"allow-breaking", no_argument, NULL, 'B'},
    {"allow", required_argument, NULL, 'a'},
    CDC_COMMON_LONGOPTS,
    CDC_LONGOPTS_END,
};

/* --format names the report's format; diagnostics about the inputs stay
 * text on standard error. */
static int take_report_format(diff_args *d, const char *arg)
{
    static const char *const names[] = {
        [REPORT_TEXT] = "text",
        [REPORT_JSON] = "json",
        [REPORT_MARKDOWN] = "markdown",
        [REPORT_GITHUB] = "github",
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (strcmp(arg, names[i]) == 0) {
            d->fmt = (report_format)i;
            return CDC_OPT_NEXT;
        }
    }
    fprintf(stderr, "cdcgen diff: unknown --format '%s' (text, json, markdown, github)\n", arg);
    return CDC_EXIT_ERROR;
}

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o;
    diff_args *d = args;
    switch (c) {
    case 'A': d->against = arg; return CDC_OPT_NEXT;
    case 'B': d->al.all = true; return CDC_OPT_NEXT;
    case 'a': cdc_path_list_push(&d->al.ids, (char *)arg); return CDC_OPT_NEXT;
    case 'F': return take_report_format(d, arg);
    default: return CDC_OPT_COMMON;
    }
}

static const cdc_optspec spec = {longopts, CDC_COMMON_SHORTOPTS, usage, take_option};

static int parse_command_line(int argc, char **argv, diff_args *d, cdc_opts *o)
{
    int status = cdc_opts_parse(argc, argv, &spec, d, o);
    if (status == CDC_OPT_NEXT && !d->against) {
        fputs("cdcgen diff: --against BASE is required\n", stderr);
        usage(stderr);
        status = CDC_EXIT_ERROR;
    }
    return status;
}

/* ---- the two versions ---- */

/* The base's filter files, from a directory or a git revision: the PATHs
 * below it, or without PATHs the project's filters/ (git reads the
 * revision from the project's root, so the base is the same from any
 * subdirectory). False (reported) when it cannot be read or compiled. */
static bool read_base(cdc_run *base, const cdc_opts *o, const char *against)
{
    static char *filters[] = {(char *)"filters"};
    bool from_root = o->nargs == 0;
    char **paths = from_root ? filters : o->args;
    int npaths = from_root ? 1 : o->nargs;
    const char *git_dir = from_root && base->project->root[0] ? base->project->root : ".";
    struct stat st;
    bool read;
    if (stat(against, &st) == 0 && S_ISDIR(st.st_mode)) {
        read = read_dir_base(base, against, paths, npaths);
    } else if (cdc_is_git_revision(base->arena, git_dir, against)) {
        read = cdc_run_read_revision(base, git_dir, against, paths, npaths);
    } else {
        cdc_diag_error(&base->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                       "--against '%s' is neither a directory nor a git revision", against);
        read = false;
    }
    if (read && !cdc_run_check(base))
        cdc_diag_error(&base->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                       "cannot compare with '%s': its filters do not compile", against);
    return read && base->diags.nerrors == 0;
}

/* ---- the report ---- */

static void report(const diff_args *d, const changes *C, const tally *t)
{
    switch (d->fmt) {
    case REPORT_TEXT: report_text(d->against, C, t, stdout); break;
    case REPORT_JSON: report_json(d->against, C, t, stdout); break;
    case REPORT_MARKDOWN: report_markdown(d->against, C, t, stdout); break;
    case REPORT_GITHUB: report_github(d->against, C, t, stdout); break;
    }
}

/* Compares the compiled versions, reports, and marks a breaking change
 * that nothing allows as a finding of head. */
static void compare_and_report(cdc_run *head, cdc_run *base, const diff_args *d)
{
    changes C = {0};
    compare(head->arena, &base->prog, &head->prog, &C);
    for (size_t i = 0; i < C.n; i++)
        if (C.v[i].breaking)
            C.v[i].allowed_by = allowed_by(head->arena, &d->al, &C.v[i]);
    tally t;
    count(&C, &t);
    report(d, &C, &t);
    head->findings = t.breaking > 0;
    for (size_t i = 0; i < C.n; i++)
        cdc_route_diff_release(&C.v[i].route);
    free(C.v);
}

/* The base, read and compiled with the same config as the change. */
static bool compile_base(cdc_run *base, const cdc_opts *o, const char *against)
{
    return cdc_run_load_config(base, o) && cdc_run_load_schema(base, o) &&
           read_base(base, o, against);
}

int cmd_diff(int argc, char **argv, const cdc_project *project)
{
    /* The report is the product on standard output; diagnostics about the
     * inputs go to standard error as text. */
    cdc_opts o = {.format = CDC_DIAG_TEXT, .stdout_is_product = true};
    diff_args d = {0};
    int status = parse_command_line(argc, argv, &d, &o);
    if (status != CDC_OPT_NEXT) {
        free(d.al.ids.v);
        return status;
    }
    cdc_run head, base;
    cdc_run_init(&head, project);
    cdc_run_init(&base, project);
    bool ok = cdc_run_compile(&head, &o, o.args, o.nargs);
    if (ok && !compile_base(&base, &o, d.against)) {
        /* No comparison without a base: its problems are the report. */
        base.io_error = true;
        cdc_run_release(&head);
        free(d.al.ids.v);
        return cdc_run_end(&base, &o);
    }
    if (ok)
        compare_and_report(&head, &base, &d);
    cdc_run_release(&base);
    free(d.al.ids.v);
    return cdc_run_end(&head, &o);
}

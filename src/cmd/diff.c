/* cmd/diff.c: `cdcgen diff --against BASE [PATH...]`: what a change to the
 * filter files changes in routing, for the review of a pull request.
 *
 * BASE is read by against.c (a directory or a git revision, with its
 * cdcgen.yaml); the changes are change.c's: removed, added, disabled,
 * re-enabled filters, topic and consumer changes, for every condition that
 * changed its semantic change with witness events (routediff.c), and every
 * key of cdcgen.yaml that changed. A change that breaks a consumer (a
 * removed or disabled filter, a changed topic, a narrowed or undecided
 * condition, a topic suffix, source topic or consumer group that moved)
 * makes the exit status 1 unless it is allowed: --allow-breaking, --allow
 * ID (a filter's id or a key of cdcgen.yaml), or a filter's allowBreaking
 * reason that is new in the change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/diag_markdown.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/against.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/sem/change.h"
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

/* ---- the changes ---- */

typedef cdc_change change;
typedef cdc_changes changes;

static const char *change_name(const change *c)
{
    if (c->kind == CDC_CHANGE_ROUTING)
        return cdc_route_change_name(c->route.change);
    return c->kind == CDC_CHANGE_TOPIC      ? "topic changed"
           : c->kind == CDC_CHANGE_CONSUMER ? "consumer changed"
           : c->kind == CDC_CHANGE_CONFIG   ? "config changed"
                                            : cdc_change_kind_name(c->kind);
}

typedef struct allowance {
    bool all;          /* --allow-breaking */
    cdc_path_list ids; /* --allow ID (heap array) */
} allowance;

/* What a change is named by: its filter's id, or its key of cdcgen.yaml. */
static const char *change_id(const change *c)
{
    return c->kind == CDC_CHANGE_CONFIG ? c->key : cdc_change_subject(c)->id.s;
}

static const char *allowed_by(cdc_arena *a, const allowance *al, const change *c)
{
    if (al->all)
        return "--allow-breaking";
    const char *id = change_id(c);
    for (size_t i = 0; i < al->ids.n; i++)
        if (strcmp(al->ids.v[i], id) == 0)
            return cdc_arena_printf(a, "--allow %s", id);
    if (c->kind == CDC_CHANGE_CONFIG)
        return NULL;
    /* A reason in the file allows only the change that brings it: one left
     * over from an earlier change allows nothing new. */
    const char *why = c->head ? c->head->allow_breaking.s : NULL;
    const char *before = c->base ? c->base->allow_breaking.s : NULL;
    if (why && (!before || strcmp(why, before) != 0))
        return cdc_arena_printf(a, "allowBreaking: %s", why);
    return NULL;
}

/* ---- the report ---- */

static char *event_text(json_t *row)
{
    return json_dumps(row, JSON_COMPACT | JSON_ENSURE_ASCII);
}

/* file:line:col of the change: its filter, or its key in cdcgen.yaml
 * (just the file's name when the key is in neither version's file). */
static void position(const change *c, cdc_buf *out)
{
    if (c->kind != CDC_CHANGE_CONFIG) {
        const cdc_filter *f = cdc_change_subject(c);
        cdc_buf_printf(out, "%s:%u:%u", f->src->path, f->pos.line, f->pos.col);
    } else if (c->src && c->pos.line) {
        cdc_buf_printf(out, "%s:%u:%u", c->src->path, c->pos.line, c->pos.col);
    } else {
        cdc_buf_puts(out, c->src ? c->src->path : "cdcgen.yaml");
    }
}

typedef struct tally {
    size_t by_kind[CDC_CHANGE__COUNT];
    size_t narrowed, widened, both, undecided, rewritten, breaking, allowed;
} tally;

static void count(const changes *C, tally *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < C->n; i++) {
        const change *c = &C->v[i];
        t->by_kind[c->kind]++;
        if (c->kind == CDC_CHANGE_ROUTING) {
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
                   "%zu removed, %zu added, %zu disabled, %zu re-enabled, %zu topic, %zu "
                   "consumer and %zu config changes, %zu narrowed, %zu widened, %zu both, %zu "
                   "undecided, %zu rewritten without effect; %zu break a consumer, %zu allowed",
                   t->by_kind[CDC_CHANGE_REMOVED], t->by_kind[CDC_CHANGE_ADDED],
                   t->by_kind[CDC_CHANGE_DISABLED], t->by_kind[CDC_CHANGE_REENABLED],
                   t->by_kind[CDC_CHANGE_TOPIC], t->by_kind[CDC_CHANGE_CONSUMER],
                   t->by_kind[CDC_CHANGE_CONFIG], t->narrowed, t->widened, t->both, t->undecided,
                   t->rewritten, t->breaking, t->allowed);
}

static void report_text(const char *against, const changes *C, const tally *t, FILE *out)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < C->n; i++) {
        const change *c = &C->v[i];
        cdc_buf_reset(&b);
        position(c, &b);
        cdc_buf_printf(&b, ": %s: ", change_id(c));
        cdc_change_describe(c, &b);
        if (c->breaking)
            cdc_buf_printf(&b, c->allowed_by ? " [breaking, allowed by %s]" : " [breaking]",
                           c->allowed_by);
        fprintf(out, "%s\n", b.data);
        if (c->kind == CDC_CHANGE_ROUTING && c->route.lost) {
            char *e = event_text(c->route.lost);
            fprintf(out, "    routed by %s, not by the change: %s\n", against, e);
            free(e);
        }
        if (c->kind == CDC_CHANGE_ROUTING && c->route.gained) {
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
    if (c->kind != CDC_CHANGE_ROUTING)
        return cdc_change_kind_name(c->kind);
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

/* Where the change is: file, line, column (a config key in no file: the
 * file's name only). */
static void location_json(json_t *j, const change *c)
{
    const cdc_source *src = c->kind == CDC_CHANGE_CONFIG ? c->src : cdc_change_subject(c)->src;
    cdc_pos pos = c->kind == CDC_CHANGE_CONFIG ? c->pos : cdc_change_subject(c)->pos;
    json_object_set_new(j, "file", src ? json_string(src->path) : json_null());
    json_object_set_new(j, "line", json_integer(pos.line));
    json_object_set_new(j, "column", json_integer(pos.col));
}

static json_t *change_json(const change *c, cdc_buf *b)
{
    json_t *j = json_object();
    if (c->kind == CDC_CHANGE_CONFIG) {
        json_object_set_new(j, "key", json_string(c->key));
        json_object_set_new(j, "change", json_string("config"));
        json_object_set_new(j, "effect", json_string(cdc_config_effect_name(c->effect)));
        location_json(j, c);
    } else {
        const cdc_filter *f = cdc_change_subject(c);
        json_object_set_new(j, "filter", json_string(f->id.s));
        json_object_set_new(j, "change", json_string(change_json_name(c)));
        location_json(j, c);
        json_object_set_new(j, "consumer", json_string(f->consumer_id.s));
        json_object_set_new(j, "topic", json_string(f->output_topic.s));
    }
    cdc_buf_reset(b);
    cdc_change_describe(c, b);
    json_object_set_new(j, "message", json_string(b->data));
    if (c->from) {
        json_object_set_new(j, "from", json_string(c->from));
        json_object_set_new(j, "to", json_string(c->to));
    }
    if (c->kind == CDC_CHANGE_ROUTING && c->route.reason)
        json_object_set_new(j, "reason", json_string(c->route.reason));
    if (c->kind == CDC_CHANGE_ROUTING)
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
        {"removed", t->by_kind[CDC_CHANGE_REMOVED]},
        {"added", t->by_kind[CDC_CHANGE_ADDED]},
        {"disabled", t->by_kind[CDC_CHANGE_DISABLED]},
        {"reenabled", t->by_kind[CDC_CHANGE_REENABLED]},
        {"topic", t->by_kind[CDC_CHANGE_TOPIC]},
        {"consumer", t->by_kind[CDC_CHANGE_CONSUMER]},
        {"config", t->by_kind[CDC_CHANGE_CONFIG]},
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
        fputs("No filter changes routing, and no setting changed.\n", out);
        return;
    }
    if (t->breaking)
        fprintf(out, "**%zu change%s break%s a consumer.**", t->breaking,
                t->breaking == 1 ? "" : "s", t->breaking == 1 ? "s" : "");
    else
        fputs("No change breaks a consumer.", out);
    if (t->allowed)
        fprintf(out, " %zu breaking change%s allowed.", t->allowed, t->allowed == 1 ? "" : "s");
    fputs("\n\n| Filter or setting | Change | Breaks a consumer | Details |\n|---|---|---|---|\n",
          out);
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < C->n; i++) {
        const change *c = &C->v[i];
        fputs("| ", out);
        cdc_md_code(out, change_id(c));
        fputs(" | ", out);
        cdc_md_cell_plain(out, change_name(c));
        fputs(" | ", out);
        if (!c->breaking) {
            fputs("no", out);
        } else if (c->allowed_by) {
            fputs("allowed: ", out);
            cdc_md_cell_plain(out, c->allowed_by);
        } else {
            fputs("**yes**", out);
            if (c->kind != CDC_CHANGE_CONFIG) {
                fputs(": ", out);
                cdc_md_code(out, cdc_change_subject(c)->consumer_id.s);
            }
        }
        fputs(" | ", out);
        cdc_buf_reset(&b);
        cdc_change_describe(c, &b);
        cdc_md_cell_plain(out, b.data);
        if (c->kind == CDC_CHANGE_ROUTING && c->route.lost) {
            char *e = event_text(c->route.lost);
            fputs("<br>no longer routed: ", out);
            cdc_md_code(out, e);
            free(e);
        }
        if (c->kind == CDC_CHANGE_ROUTING && c->route.gained) {
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
        bool config = c->kind == CDC_CHANGE_CONFIG;
        const cdc_source *src = config ? c->src : cdc_change_subject(c)->src;
        cdc_pos pos = config ? c->pos : cdc_change_subject(c)->pos;
        const char *level = c->breaking && !c->allowed_by ? "error"
                            : c->breaking                 ? "warning"
                                                          : "notice";
        fprintf(out, "::%s file=", level);
        gh_put(out, src ? src->path : "cdcgen.yaml", true);
        if (pos.line)
            fprintf(out, ",line=%u,col=%u", pos.line, pos.col);
        fputs(",title=", out);
        cdc_buf_reset(&b);
        cdc_buf_printf(&b, "cdcgen diff: %s %s", change_id(c), change_name(c));
        gh_put(out, b.data, true);
        fputs("::", out);
        cdc_buf_reset(&b);
        cdc_change_describe(c, &b);
        if (c->allowed_by)
            cdc_buf_printf(&b, " (allowed by %s)", c->allowed_by);
        if (c->kind == CDC_CHANGE_ROUTING && c->route.lost) {
            char *e = event_text(c->route.lost);
            cdc_buf_printf(&b, "\nrouted by %s, not by the change: %s", against, e);
            free(e);
        }
        if (c->kind == CDC_CHANGE_ROUTING && c->route.gained) {
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
static void report_changes(cdc_run *head, changes *C, const diff_args *d)
{
    for (size_t i = 0; i < C->n; i++)
        if (C->v[i].breaking)
            C->v[i].allowed_by = allowed_by(head->arena, &d->al, &C->v[i]);
    tally t;
    count(C, &t);
    report(d, C, &t);
    head->findings = t.breaking > 0;
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
    cdc_run head, base, *failed;
    cdc_run_init(&head, project);
    cdc_run_init(&base, project);
    changes C = {0};
    if (cdc_against_compare(&head, &base, &o, d.against, &C, &failed)) {
        report_changes(&head, &C, &d);
    } else if (failed == &base) {
        /* No comparison without a base: its problems are the report. */
        cdc_changes_release(&C);
        cdc_run_release(&head);
        free(d.al.ids.v);
        return cdc_run_end(&base, &o);
    }
    cdc_changes_release(&C);
    cdc_run_release(&base);
    free(d.al.ids.v);
    return cdc_run_end(&head, &o);
}

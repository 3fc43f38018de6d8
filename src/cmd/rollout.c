/* cmd/rollout.c: `cdcgen rollout --against BASE`: the plan that switches the
 * running pipeline from BASE to this version without losing an event; and
 * `cdcgen rollout --cluster [--apply]`: the working tree's artifacts
 * against what runs (cmd/rollout_cluster.c), where --against BASE says
 * whether the Flink job is to be replaced (its section switches).
 *
 * Consumes both versions (against.c), their changes (change.c, the same as
 * `cdcgen diff`'s) and, with --dump, a dump of the source topic; produces
 * the plan of sem/rollout.c rendered as text, Markdown or JSON, on standard
 * output or into -o FILE (written whole). What cannot be switched safely
 * is a located diagnostic with a code (rollout-topic-moved, ...) on
 * standard error and a finding in the plan: exit 1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/diag_markdown.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/against.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/cmd/rollout_cluster.h"
#include "cdcgen/sem/change.h"
#include "cdcgen/sem/eval.h"
#include "cdcgen/sem/rollout.h"

static const char usage_text[] =
    "usage: cdcgen rollout --against BASE [-o FILE|-] [--format text|markdown|json]\n"
    "                      [--dump FILE] [-c FILE] [--schema FILE] [--max-errors N]\n"
    "                      [--fail-on-warning] [PATH...]\n"
    "       cdcgen rollout --cluster [--apply] [--replace-job] [--against BASE]\n"
    "                      [--bootstrap-servers LIST] [-X KEY=VALUE]... [--kafka-config FILE]\n"
    "                      [--connect-url URL] [--flink-url URL] [--savepoint-dir DIR]\n"
    "                      [--timeout SECONDS] [--format FMT] [-c FILE] [--schema FILE]\n"
    "                      [--max-errors N] [PATH...]\n"
    "\n"
    "Plan the switch-over of the running pipeline from BASE to this version: what\n"
    "changes, per engine the steps with their exact commands, a backfill for every\n"
    "filter that now routes events it did not, and what cannot be switched safely\n"
    "(a finding: exit 1). BASE: a directory with the earlier project, or a git revision.\n"
    "--cluster: compare what this version generates (the topics, the Debezium\n"
    "connector, the Flink job) with what runs, before changing anything; --apply\n"
    "then does the steps that have an API and prints the rest. Secrets from the\n"
    "environment (KAFKA_API_KEY, KAFKA_API_SECRET, CONNECT_REST_AUTH,\n"
    "FLINK_REST_AUTH), never printed. Exit 0: nothing to change, 1: steps pending\n"
    "(or left), 2: errors.\n"
    "PATH: files or directories (*.yaml, *.yml, *.json); default filters/\n"
    "\n"
    "      --against BASE   the version that runs now: a directory or a git revision\n"
    "                       (with --cluster: the job is replaced when Flink's\n"
    "                       section switches)\n"
    "  -o, --output FILE    write the plan to FILE (whole, or not at all); - or\n"
    "                       none: standard output\n"
    "      --format FMT     the plan as text, markdown or json; with --cluster also\n"
    "                       github or sarif (the pending steps as annotations or a\n"
    "                       SARIF log)\n"
    "      --dump FILE      events of the source topic (JSON lines, as eval reads\n"
    "                       them): per changed filter, how many it routes no longer\n"
    "                       and how many newly\n" CDC_HELP_CLUSTER CDC_HELP_CONFIG
        CDC_HELP_MAX_ERRORS CDC_HELP_FAIL_ON_WARNING CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

typedef enum plan_format { PLAN_TEXT, PLAN_MARKDOWN, PLAN_JSON } plan_format;

typedef struct rollout_args {
    const char *against; /* --against BASE */
    const char *output;  /* -o FILE, NULL or "-": standard output */
    const char *dump;    /* --dump FILE */
    plan_format fmt;
    cdc_cluster_args cluster; /* --cluster and its options */
} rollout_args;

static const struct option longopts[] = {
    {"against", required_argument, NULL, 'A'},
    {"output", required_argument, NULL, 'o'},
    {"dump", required_argument, NULL, 'D'},
    CDC_CLUSTER_LONGOPTS,
    CDC_COMMON_LONGOPTS,
    CDC_LONGOPTS_END,
};

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    rollout_args *r = args;
    static const char *const names[] = {
        [PLAN_TEXT] = "text", [PLAN_MARKDOWN] = "markdown", [PLAN_JSON] = "json"};
    switch (c) {
    case 'A': r->against = arg; return CDC_OPT_NEXT;
    case 'o': r->output = arg; return CDC_OPT_NEXT;
    case 'D': r->dump = arg; return CDC_OPT_NEXT;
    case 'F':
        for (size_t i = 0; i < ARRAY_SIZE(names); i++)
            if (strcmp(arg, names[i]) == 0) {
                r->fmt = (plan_format)i;
                return cdc_cluster_take_option(&r->cluster, o, c, arg);
            }
        if (strcmp(arg, "github") == 0 || strcmp(arg, "sarif") == 0)
            return cdc_cluster_take_option(&r->cluster, o, c, arg); /* --cluster's only */
        fprintf(stderr, "cdcgen rollout: unknown --format '%s' (text, markdown, json)\n", arg);
        return CDC_EXIT_ERROR;
    default: return cdc_cluster_take_option(&r->cluster, o, c, arg);
    }
}

static const cdc_optspec spec = {longopts, "o:" CDC_KAFKA_SHORTOPTS CDC_COMMON_SHORTOPTS, usage,
                                 take_option};

/* ---- --dump: what the changed filters route of real events ---- */

/* Counts, for every changed filter of the plan, the events of the dump the
 * base routes and the change does not (dump_lost) and the other way
 * (dump_gained). A line that is no event is a bad-event error. */
static void count_dump(cdc_run *head, cdc_run *base, const char *path, cdc_rollout_plan *p)
{
    cdc_source *src = cdc_source_read(head->arena, path);
    if (!src) {
        cdc_diag_error(&head->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read '%s': %s",
                       path, cdc_read_error(errno));
        head->io_error = true;
        return;
    }
    for (size_t i = 0; i < p->nfilters; i++)
        p->filters[i].dump_lost = p->filters[i].dump_gained = 0;
    cdc_evaluator *bev = cdc_eval_new(&base->prog), *hev = cdc_eval_new(&head->prog);
    const char *text = src->text;
    unsigned line = 0;
    for (const char *s = text; *s;) {
        const char *end = strchr(s, '\n');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        line++;
        json_error_t jerr;
        json_t *in = len ? cdc_event_json_parse(s, len, 0, &jerr, NULL) : NULL;
        cdc_event be, he;
        const char *err = NULL;
        if (len && (!in || !cdc_event_init(&be, &base->prog, in, &err))) {
            cdc_diag_error(&head->diags, src, (cdc_pos){0, 0, line, 1}, "bad-event",
                           "line %u is no event: %s", line, in ? err : jerr.text);
        } else if (len) {
            if (!cdc_event_init(&he, &head->prog, in, &err))
                CDC_BUG("an event of one version is none of the other");
            for (size_t i = 0; i < p->nfilters; i++) {
                cdc_rollout_filter *f = &p->filters[i];
                const cdc_change *c = f->change;
                bool was =
                    c->base && c->base->generated && cdc_eval_filter(bev, c->base, &be) == CDC_TRUE;
                bool is =
                    c->head && c->head->generated && cdc_eval_filter(hev, c->head, &he) == CDC_TRUE;
                f->dump_lost += was && !is;
                f->dump_gained += is && !was;
            }
            cdc_event_release(&he);
            cdc_event_release(&be);
        }
        json_decref(in);
        s += len + (end != NULL);
    }
    cdc_eval_free(bev);
    cdc_eval_free(hev);
}

/* ---- the plan as text ---- */

/* "file:line:col" of a change: its filter, or its key in cdcgen.yaml. */
static void put_where(cdc_buf *b, const cdc_change *c)
{
    const cdc_source *src = c->kind == CDC_CHANGE_CONFIG ? c->src : cdc_change_subject(c)->src;
    cdc_pos pos = c->kind == CDC_CHANGE_CONFIG ? c->pos : cdc_change_subject(c)->pos;
    cdc_buf_puts(b, src ? src->path : "cdcgen.yaml");
    if (pos.line)
        cdc_buf_printf(b, ":%u:%u", pos.line, pos.col);
}

static const char *change_id(const cdc_change *c)
{
    return c->kind == CDC_CHANGE_CONFIG ? c->key : cdc_change_subject(c)->id.s;
}

/* The plan's entry of filter change c, or NULL (a config change). */
static const cdc_rollout_filter *plan_filter(const cdc_rollout_plan *p, const cdc_change *c)
{
    for (size_t i = 0; i < p->nfilters; i++)
        if (p->filters[i].change == c)
            return &p->filters[i];
    return NULL;
}

/* The words after a change: backfill, dump counts. */
static void put_marks(cdc_buf *b, const cdc_rollout_plan *p, const cdc_change *c)
{
    const cdc_rollout_filter *f = plan_filter(p, c);
    if (f && f->backfill)
        cdc_buf_puts(b, " [backfill]");
    if (f && f->dump_lost >= 0 && (f->dump_lost || f->dump_gained))
        cdc_buf_printf(b, " [dump: %lld no longer routed, %lld newly]", f->dump_lost,
                       f->dump_gained);
}

static void put_finding(cdc_buf *b, const cdc_rollout_finding *f)
{
    cdc_buf_puts(b, f->src ? f->src->path : "cdcgen.yaml");
    if (f->pos.line)
        cdc_buf_printf(b, ":%u:%u", f->pos.line, f->pos.col);
    cdc_buf_printf(b, ": %s [%s]", f->message, f->code);
}

/* Each line of text, indented. */
static void put_indented(cdc_buf *b, const char *text, const char *indent)
{
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, "\n");
        cdc_buf_printf(b, "%s%.*s\n", indent, (int)n, s);
        s += n + (s[n] == '\n');
    }
}

static void render_text(const cdc_rollout_plan *p, cdc_buf *b)
{
    cdc_buf_printf(b, "rollout against %s: %zu change%s, %zu backfill%s, %zu finding%s\n",
                   p->against, p->changes->n, p->changes->n == 1 ? "" : "s", p->nbackfills,
                   p->nbackfills == 1 ? "" : "s", p->nfindings, p->nfindings == 1 ? "" : "s");
    if (p->changes->n)
        cdc_buf_puts(b, "\nchanges:\n");
    for (size_t i = 0; i < p->changes->n; i++) {
        const cdc_change *c = &p->changes->v[i];
        cdc_buf_puts(b, "  ");
        put_where(b, c);
        cdc_buf_printf(b, ": %s: ", change_id(c));
        cdc_change_describe(c, b);
        put_marks(b, p, c);
        cdc_buf_putc(b, '\n');
    }
    if (p->nfindings)
        cdc_buf_puts(b, "\ncannot be switched safely:\n");
    for (size_t i = 0; i < p->nfindings; i++) {
        cdc_buf_puts(b, "  ");
        put_finding(b, &p->findings[i]);
        cdc_buf_putc(b, '\n');
    }
    for (size_t e = 0; e < CDC_ROLLOUT__COUNT; e++) {
        const cdc_rollout_section *s = &p->sections[e];
        if (!s->switches)
            continue;
        cdc_buf_printf(b, "\n%s:\n", cdc_rollout_engine_name(s->engine));
        for (size_t k = 0; k < s->nsteps; k++) {
            const cdc_rollout_step *st = &s->steps[k];
            cdc_buf_printf(b, "  %zu. %s: ", k + 1, cdc_rollout_step_kind_name(st->kind));
            cdc_buf_printf(b, "%s\n", st->what);
            if (st->command)
                put_indented(b, st->command, "       $ ");
        }
    }
    bool any_left = false;
    for (size_t e = 0; e < CDC_ROLLOUT__COUNT; e++)
        if (p->sections[e].runs && !p->sections[e].switches) {
            cdc_buf_printf(b, "%s%s", any_left ? ", " : "\nnothing to switch: ",
                           cdc_rollout_engine_name((cdc_rollout_engine)e));
            any_left = true;
        }
    if (any_left)
        cdc_buf_puts(b, " (no change reaches them)\n");
    if (p->sections[CDC_ROLLOUT_FLINK].switches)
        cdc_buf_printf(b, "\nduplicates: unchanged Flink filters route again %s.\n",
                       p->duplicate_bound);
}

/* ---- the plan as Markdown ---- */

static void render_markdown(const cdc_rollout_plan *p, FILE *out)
{
    fputs("### cdcgen rollout against ", out);
    cdc_md_code(out, p->against);
    fprintf(out, "\n\n%zu change%s, %zu backfill%s, %zu finding%s.\n", p->changes->n,
            p->changes->n == 1 ? "" : "s", p->nbackfills, p->nbackfills == 1 ? "" : "s",
            p->nfindings, p->nfindings == 1 ? "" : "s");
    if (p->changes->n)
        fputs("\n| Where | What | Change | Backfill |\n|---|---|---|---|\n", out);
    cdc_buf cell = CDC_BUF_INIT;
    cdc_buf_init(&cell);
    for (size_t i = 0; i < p->changes->n; i++) {
        const cdc_change *c = &p->changes->v[i];
        cdc_buf_reset(&cell);
        put_where(&cell, c);
        fputs("| ", out);
        cdc_md_code(out, cell.data);
        fputs(" | ", out);
        cdc_md_code(out, change_id(c));
        fputs(" | ", out);
        cdc_buf_reset(&cell);
        cdc_change_describe(c, &cell);
        const cdc_rollout_filter *f = plan_filter(p, c);
        if (f && f->dump_lost >= 0)
            cdc_buf_printf(&cell, " (dump: %lld no longer routed, %lld newly)", f->dump_lost,
                           f->dump_gained);
        cdc_md_cell_plain(out, cell.data);
        fprintf(out, " | %s |\n", f && f->backfill ? "yes" : "no");
    }
    if (p->nfindings)
        fputs("\n#### Cannot be switched safely\n\n", out);
    for (size_t i = 0; i < p->nfindings; i++) {
        cdc_buf_reset(&cell);
        put_finding(&cell, &p->findings[i]);
        fputs("- ", out);
        cdc_md_cell_plain(out, cell.data);
        fputc('\n', out);
    }
    for (size_t e = 0; e < CDC_ROLLOUT__COUNT; e++) {
        const cdc_rollout_section *s = &p->sections[e];
        if (!s->switches)
            continue;
        fprintf(out, "\n#### %s\n\n", cdc_rollout_engine_name(s->engine));
        for (size_t k = 0; k < s->nsteps; k++) {
            const cdc_rollout_step *st = &s->steps[k];
            fprintf(out, "%zu. **%s**: %s\n", k + 1, cdc_rollout_step_kind_name(st->kind),
                    st->what);
            if (st->command) {
                cdc_buf_reset(&cell);
                put_indented(&cell, st->command, "   ");
                fprintf(out, "\n   ```sh\n%s   ```\n\n", cell.data);
            }
        }
    }
    if (p->sections[CDC_ROLLOUT_FLINK].switches)
        fprintf(out, "\nDuplicates: unchanged Flink filters route again %s.\n", p->duplicate_bound);
    cdc_buf_release(&cell);
}

/* ---- the plan as JSON ---- */

static json_t *where_json(json_t *j, const cdc_source *src, cdc_pos pos)
{
    json_object_set_new(j, "file", src ? json_string(src->path) : json_null());
    json_object_set_new(j, "line", json_integer(pos.line));
    json_object_set_new(j, "column", json_integer(pos.col));
    return j;
}

static json_t *change_json(const cdc_rollout_plan *p, const cdc_change *c, cdc_buf *b)
{
    json_t *j = json_object();
    bool config = c->kind == CDC_CHANGE_CONFIG;
    json_object_set_new(j, config ? "key" : "filter", json_string(change_id(c)));
    json_object_set_new(j, "kind", json_string(cdc_change_kind_name(c->kind)));
    if (c->kind == CDC_CHANGE_ROUTING) /* diff --format json's words */
        json_object_set_new(j, "routing",
                            json_string(c->route.change == CDC_ROUTE_BOTH ? "both"
                                        : c->route.change == CDC_ROUTE_UNDECIDED
                                            ? "undecided"
                                            : cdc_route_change_name(c->route.change)));
    if (config)
        json_object_set_new(j, "effect", json_string(cdc_config_effect_name(c->effect)));
    where_json(j, config ? c->src : cdc_change_subject(c)->src,
               config ? c->pos : cdc_change_subject(c)->pos);
    cdc_buf_reset(b);
    cdc_change_describe(c, b);
    json_object_set_new(j, "message", json_string(b->data));
    if (c->from) {
        json_object_set_new(j, "from", json_string(c->from));
        json_object_set_new(j, "to", json_string(c->to));
    }
    const cdc_rollout_filter *f = plan_filter(p, c);
    if (f) {
        json_object_set_new(j, "backfill", json_boolean(f->backfill));
        const char *topic = c->head && c->head->generated ? c->head->topic[CDC_TARGET_FLINK] : NULL;
        json_object_set_new(j, "topic", topic ? json_string(topic) : json_null());
        if (f->dump_lost >= 0) {
            json_object_set_new(j, "dumpNoLongerRouted", json_integer(f->dump_lost));
            json_object_set_new(j, "dumpNewlyRouted", json_integer(f->dump_gained));
        }
    }
    json_object_set_new(j, "breaking", json_boolean(c->breaking));
    return j;
}

static json_t *section_json(const cdc_rollout_section *s)
{
    json_t *j = json_object(), *steps = json_array();
    json_object_set_new(j, "engine", json_string(cdc_rollout_engine_name(s->engine)));
    json_object_set_new(j, "runs", json_boolean(s->runs));
    json_object_set_new(j, "switches", json_boolean(s->switches));
    for (size_t k = 0; k < s->nsteps; k++) {
        json_t *st = json_object();
        json_object_set_new(st, "kind", json_string(cdc_rollout_step_kind_name(s->steps[k].kind)));
        json_object_set_new(st, "what", json_string(s->steps[k].what));
        json_object_set_new(st, "command",
                            s->steps[k].command ? json_string(s->steps[k].command) : json_null());
        json_array_append_new(steps, st);
    }
    json_object_set_new(j, "steps", steps);
    return j;
}

static void render_json(const cdc_rollout_plan *p, cdc_buf *b)
{
    json_t *root = json_object(), *changes = json_array(), *findings = json_array(),
           *engines = json_array();
    json_object_set_new(root, "against", json_string(p->against));
    json_object_set_new(root, "sourceTopic", json_string(p->source_topic));
    json_object_set_new(root, "groupId", json_string(p->group_id));
    cdc_buf text = CDC_BUF_INIT;
    cdc_buf_init(&text);
    for (size_t i = 0; i < p->changes->n; i++)
        json_array_append_new(changes, change_json(p, &p->changes->v[i], &text));
    cdc_buf_release(&text);
    json_object_set_new(root, "changes", changes);
    json_object_set_new(root, "backfills", json_integer((json_int_t)p->nbackfills));
    for (size_t i = 0; i < p->nfindings; i++) {
        const cdc_rollout_finding *f = &p->findings[i];
        json_t *j = json_object();
        json_object_set_new(j, "code", json_string(f->code));
        where_json(j, f->src, f->pos);
        json_object_set_new(j, "message", json_string(f->message));
        json_array_append_new(findings, j);
    }
    json_object_set_new(root, "findings", findings);
    for (size_t e = 0; e < CDC_ROLLOUT__COUNT; e++)
        json_array_append_new(engines, section_json(&p->sections[e]));
    json_object_set_new(root, "engines", engines);
    json_object_set_new(root, "duplicateBound", json_string(p->duplicate_bound));
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    cdc_buf_printf(b, "%s\n", s);
    free(s);
    json_decref(root);
}

/* ---- the command ---- */

/* The plan's findings as diagnostics of the run (exit 1). */
static void report_findings(cdc_run *head, const cdc_rollout_plan *p)
{
    for (size_t i = 0; i < p->nfindings; i++) {
        const cdc_rollout_finding *f = &p->findings[i];
        cdc_diag_error(&head->diags, f->src, f->pos, f->code, "%s", f->message);
    }
}

static void write_plan(cdc_run *head, const rollout_args *r, const cdc_rollout_plan *p)
{
    cdc_buf out = CDC_BUF_INIT;
    cdc_buf_init(&out);
    switch (r->fmt) {
    case PLAN_TEXT: render_text(p, &out); break;
    case PLAN_JSON: render_json(p, &out); break;
    case PLAN_MARKDOWN: {
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (!mem)
            CDC_BUG("cannot render the plan in memory");
        render_markdown(p, mem);
        if (fclose(mem) != 0)
            CDC_BUG("cannot render the plan in memory");
        cdc_buf_add(&out, text, len);
        free(text);
        break;
    }
    }
    if (!r->output || strcmp(r->output, "-") == 0)
        fwrite(out.data, 1, out.len, stdout);
    else if (!cdc_write_file_whole(r->output, out.data, out.len))
        cdc_run_write_error(head, r->output);
    cdc_buf_release(&out);
}

/* --cluster with --against BASE: whether the change reaches the Flink job
 * (its section switches), so that the running job is to be replaced. false
 * (the status in *status) when the two versions could not be compared. */
static bool flink_switches(const cdc_project *project, const cdc_opts *o, const char *against,
                           bool *switches, int *status)
{
    cdc_run head, base, *failed;
    cdc_run_init(&head, project);
    cdc_run_init(&base, project);
    cdc_changes C = {0};
    if (!cdc_against_compare(&head, &base, o, against, &C, &failed)) {
        cdc_changes_release(&C);
        cdc_run_release(failed == &base ? &head : &base);
        *status = cdc_run_end(failed, o);
        return false;
    }
    cdc_rollout_plan plan;
    cdc_rollout_plan_build(head.arena, against, &C, &base.prog, &base.config, &head.prog,
                           &head.config, &plan);
    *switches = plan.sections[CDC_ROLLOUT_FLINK].switches;
    cdc_changes_release(&C);
    cdc_run_release(&base);
    cdc_run_release(&head);
    return true;
}

static int run_cluster(const cdc_project *project, cdc_opts *o, rollout_args *r)
{
    if (r->output || r->dump) {
        fprintf(stderr, "cdcgen rollout: %s is for the --against plan, not --cluster's\n",
                r->output ? "-o" : "--dump");
        return CDC_EXIT_ERROR;
    }
    int status = 0;
    bool switches = false;
    if (r->against && !flink_switches(project, o, r->against, &switches, &status))
        return status;
    r->cluster.replace_job |= switches;
    if (o->format == CDC_DIAG_SARIF)
        o->stdout_is_product = false; /* the SARIF log on standard output, the plan beside */
    cdc_run run;
    cdc_run_init(&run, project);
    cdc_rollout_cluster(&run, o, &r->cluster);
    return cdc_run_end(&run, o);
}

int cmd_rollout(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT, .stdout_is_product = true};
    rollout_args r = {0};
    int status = cdc_opts_parse(argc, argv, &spec, &r, &o);
    if (status == CDC_OPT_NEXT && cdc_cluster_check_args(&r.cluster, "rollout") != 0)
        status = CDC_EXIT_ERROR;
    if (status == CDC_OPT_NEXT && r.cluster.cluster) {
        status = run_cluster(project, &o, &r);
        cdc_cluster_args_release(&r.cluster);
        return status;
    }
    cdc_cluster_args_release(&r.cluster);
    if (status != CDC_OPT_NEXT)
        return status;
    if (o.format == CDC_DIAG_SARIF || o.format == CDC_DIAG_GITHUB) {
        fputs("cdcgen rollout: --format github and sarif are for --cluster\n", stderr);
        return CDC_EXIT_ERROR;
    }
    if (!r.against) {
        fputs("cdcgen rollout: --against BASE or --cluster is required\n", stderr);
        usage(stderr);
        return CDC_EXIT_ERROR;
    }
    cdc_run head, base, *failed;
    cdc_run_init(&head, project);
    cdc_run_init(&base, project);
    cdc_changes C = {0};
    if (!cdc_against_compare(&head, &base, &o, r.against, &C, &failed)) {
        cdc_changes_release(&C);
        cdc_run_release(failed == &base ? &head : &base);
        return cdc_run_end(failed, &o);
    }
    cdc_rollout_plan plan;
    cdc_rollout_plan_build(head.arena, r.against, &C, &base.prog, &base.config, &head.prog,
                           &head.config, &plan);
    if (r.dump)
        count_dump(&head, &base, r.dump, &plan);
    if (!head.io_error && head.diags.nerrors == 0) {
        report_findings(&head, &plan);
        write_plan(&head, &r, &plan);
    }
    cdc_changes_release(&C);
    cdc_run_release(&base);
    return cdc_run_end(&head, &o);
}

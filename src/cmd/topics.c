/* cmd/topics.c: `cdcgen topics plan|apply [PATH...]`: the topics the
 * project needs against a live Kafka cluster.
 *
 * The declared topics are the topics target's manifest: compiled from the
 * filters under PATH with the project's config, or read from --manifest
 * FILE (a generated topics.json; topics.sh hands its own to apply). plan
 * prints what differs and changes nothing; apply creates the missing
 * topics, sets differing configs only with --alter-configs, and never
 * changes a partition count or a replication factor (live/topics.c says
 * why). Exit status: 0 the cluster holds the topics as declared (after
 * apply: now holds), 1 differences (left), 2 usage, inputs that do not
 * compile, no broker answering, or the cluster refusing a change. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/back/emit_topics.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/diag_markdown.h"
#include "cdcgen/base/json.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/live/kafka.h"
#include "cdcgen/live/topics.h"

static const char usage_text[] =
    "usage: cdcgen topics plan|apply [--manifest FILE] [--bootstrap-servers LIST]\n"
    "                    [-X KEY=VALUE]... [--kafka-config FILE] [--timeout SECONDS]\n"
    "                    [--alter-configs] [--format text|json|markdown] [-c FILE]\n"
    "                    [--schema FILE] [--max-errors N] [--fail-on-warning] [PATH...]\n"
    "\n"
    "Compare the topics the project needs (the topics target's topics.json: the\n"
    "source topic and every filter's topic per processor) with a Kafka cluster's.\n"
    "plan prints what differs; apply creates the missing topics in batched admin\n"
    "calls, sets differing configs only with --alter-configs, and never changes\n"
    "partition counts. Exit 0: as declared, 1: differences (left), 2: errors.\n"
    "PATH: files or directories (*.yaml, *.yml, *.json); default filters/\n"
    "\n"
    "      --manifest FILE  declared topics from a topics.json ('-': standard input)\n"
    "                       instead of compiling the filters\n" CDC_HELP_KAFKA
    "      --alter-configs  apply: set configs that differ (default: report them)\n"
    "      --format FMT     the report as text, json or markdown\n"
    /* then the options every command takes */
    CDC_HELP_CONFIG CDC_HELP_MAX_ERRORS CDC_HELP_FAIL_ON_WARNING CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

typedef enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_MARKDOWN } report_format;

typedef struct topics_args {
    cdc_kafka_settings kafka;
    const char *manifest; /* --manifest FILE */
    bool alter_configs;
    report_format fmt;
} topics_args;

/* ---- the command line ---- */

static const struct option longopts[] = {
    {"manifest", required_argument, NULL, 'M'},
    CDC_KAFKA_LONGOPTS,
    {"alter-configs", no_argument, NULL, 'A'},
    CDC_COMMON_LONGOPTS,
    CDC_LONGOPTS_END,
};

static int take_report_format(topics_args *t, const char *arg)
{
    static const char *const names[] = {
        [REPORT_TEXT] = "text",
        [REPORT_JSON] = "json",
        [REPORT_MARKDOWN] = "markdown",
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (strcmp(arg, names[i]) == 0) {
            t->fmt = (report_format)i;
            return CDC_OPT_NEXT;
        }
    }
    fprintf(stderr, "cdcgen topics: unknown --format '%s' (text, json, markdown)\n", arg);
    return CDC_EXIT_ERROR;
}

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o;
    topics_args *t = args;
    switch (c) {
    case 'M': t->manifest = arg; return CDC_OPT_NEXT;
    case 'A': t->alter_configs = true; return CDC_OPT_NEXT;
    case 'F': return take_report_format(t, arg);
    default: return cdc_opts_kafka(&t->kafka, "topics", c, arg);
    }
}

static const cdc_optspec spec = {longopts, CDC_KAFKA_SHORTOPTS CDC_COMMON_SHORTOPTS, usage,
                                 take_option};

/* The action (plan or apply), the first operand; the rest are paths. */
static int parse_command_line(int argc, char **argv, topics_args *t, cdc_opts *o, bool *apply)
{
    int status = cdc_opts_parse(argc, argv, &spec, t, o);
    if (status != CDC_OPT_NEXT)
        return status;
    const char *action = o->nargs ? o->args[0] : NULL;
    if (!action || (strcmp(action, "plan") != 0 && strcmp(action, "apply") != 0)) {
        if (action)
            fprintf(stderr, "cdcgen topics: unknown action '%s' (plan, apply)\n", action);
        else
            fputs("cdcgen topics: plan or apply?\n", stderr);
        usage(stderr);
        return CDC_EXIT_ERROR;
    }
    *apply = action[0] == 'a';
    o->args++;
    o->nargs--;
    if (t->alter_configs && !*apply) {
        fputs("cdcgen topics: --alter-configs is for apply (plan changes nothing)\n", stderr);
        return CDC_EXIT_ERROR;
    }
    if (t->manifest && o->nargs) {
        fputs("cdcgen topics: --manifest and PATHs exclude each other\n", stderr);
        return CDC_EXIT_ERROR;
    }
    return CDC_OPT_NEXT;
}

/* ---- the declared topics ---- */

/* A file's bytes ('-': standard input) into b; false (errno) when it
 * cannot be read. */
static bool read_all(const char *path, cdc_buf *b)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return false;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        cdc_buf_add(b, chunk, n);
    bool ok = !ferror(f);
    if (f != stdin)
        fclose(f);
    return ok;
}

/* An error of the run (reason: a message): exit 2. */
static void fail(cdc_run *r, const char *reason)
{
    cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "%s", reason);
    r->io_error = true;
}

/* The manifest: --manifest's file, or the one the topics target writes
 * for the filters under the paths. */
static bool declared(cdc_run *r, const cdc_opts *o, const topics_args *t, cdc_topic_set *set)
{
    cdc_buf text = CDC_BUF_INIT, err = CDC_BUF_INIT;
    cdc_buf_init(&text);
    cdc_buf_init(&err);
    const char *name = t->manifest;
    bool ok;
    if (name) {
        ok = read_all(name, &text);
        if (!ok)
            cdc_buf_printf(&err, "--manifest %s: %s", name, strerror(errno));
    } else {
        ok = cdc_run_compile(r, o, o->args, o->nargs);
        if (ok)
            cdc_emit_topics(&r->prog, &r->config, &text);
        else
            r->io_error = true; /* no plan from filters that do not compile: exit 2 */
        name = "topics.json";
    }
    if (ok)
        ok = cdc_topics_read_manifest(r->arena, text.data, text.len, name, set, &err);
    if (!ok && err.len)
        fail(r, err.data);
    cdc_buf_release(&text);
    cdc_buf_release(&err);
    return ok;
}

/* ---- the report ---- */

static const char *action_name(cdc_topic_action a)
{
    switch (a) {
    case CDC_TOPIC_NONE: return "none";
    case CDC_TOPIC_CREATED: return "created";
    case CDC_TOPIC_ALTERED: return "altered";
    case CDC_TOPIC_KEPT: return "kept";
    case CDC_TOPIC_FAILED: return "refused";
    }
    return "none";
}

static const char *diff_kind(cdc_topic_diff_kind k)
{
    switch (k) {
    case CDC_TOPIC_DIFF_PARTITIONS: return "partitions";
    case CDC_TOPIC_DIFF_REPLICATION: return "replicationFactor";
    case CDC_TOPIC_DIFF_CONFIG: return "config";
    }
    return "config";
}

/* The mark of a text line (d: NULL for a missing topic): what plan would
 * do (+ create, ~ alter, ! a finding apply leaves) or what apply did. */
static const char *mark(const cdc_topic_entry *e, const cdc_topic_diff *d, bool applied)
{
    if (!applied)
        return !d ? "+" : d->kind == CDC_TOPIC_DIFF_CONFIG ? "~" : "!";
    if (!d)
        return e->action == CDC_TOPIC_CREATED ? "created" : "missing";
    if (d->kind != CDC_TOPIC_DIFF_CONFIG)
        return "left";
    return e->action == CDC_TOPIC_ALTERED  ? "altered"
           : e->action == CDC_TOPIC_FAILED ? "refused"
                                           : "kept";
}

typedef struct tally {
    size_t declared, missing, differ, same, created, altered, kept, refused, left, calls;
} tally;

static void count(const cdc_topic_plan *p, bool applied, tally *t)
{
    *t = (tally){.declared = p->n,
                 .missing = p->missing,
                 .differ = p->differ,
                 .calls = p->create_calls,
                 .left = cdc_topics_left(p, applied)};
    for (size_t i = 0; i < p->n; i++) {
        const cdc_topic_entry *e = &p->v[i];
        t->same += e->exists && !e->ndiffs;
        t->created += e->action == CDC_TOPIC_CREATED;
        t->altered += e->action == CDC_TOPIC_ALTERED;
        t->kept += e->action == CDC_TOPIC_KEPT;
        t->refused += e->action == CDC_TOPIC_FAILED;
    }
}

static void report_text(const char *cluster, const cdc_topic_plan *p, bool applied, const tally *t,
                        FILE *out)
{
    int w = applied ? 7 : 1; /* the marks' width: "created", or "+" */
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < p->n; i++) {
        const cdc_topic_entry *e = &p->v[i];
        if (!e->exists) {
            cdc_buf_reset(&b);
            cdc_topic_describe_want(&b, e->want);
            fprintf(out, "%-*s %s: %s%s\n", w, mark(e, NULL, applied), e->want->name,
                    e->action == CDC_TOPIC_CREATED ? "" : "missing: ", b.data);
        }
        for (size_t d = 0; d < e->ndiffs; d++) {
            cdc_buf_reset(&b);
            cdc_topic_describe_diff(&b, &e->diffs[d], e->action);
            fprintf(out, "%-*s %s: %s\n", w, mark(e, &e->diffs[d], applied), e->want->name, b.data);
        }
        if (e->error)
            fprintf(out, "%-*s %s: %s\n", w, applied ? "refused" : "!", e->want->name, e->error);
    }
    cdc_buf_release(&b);
    if (!applied)
        fprintf(out, "topics plan: %s: %zu declared, %zu missing, %zu differ%s, %zu as declared\n",
                cluster, t->declared, t->missing, t->differ, t->differ == 1 ? "s" : "", t->same);
    else
        fprintf(out,
                "topics apply: %s: %zu declared, %zu created in %zu CreateTopics call%s, %zu "
                "altered, %zu refused, %zu as declared; %zu with a difference left\n",
                cluster, t->declared, t->created, t->calls, t->calls == 1 ? "" : "s", t->altered,
                t->refused, t->same, t->left);
}

static void report_json(const char *cluster, const cdc_topic_plan *p, bool applied, const tally *t,
                        FILE *out)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_json_writer w;
    cdc_json_writer_init(&w, &b, 0);
    cdc_json_begin_object(&w);
    cdc_json_put_string(&w, "action", applied ? "apply" : "plan");
    cdc_json_put_string(&w, "bootstrapServers", cluster);
    cdc_json_key(&w, "topics");
    cdc_json_begin_array(&w);
    for (size_t i = 0; i < p->n; i++) {
        const cdc_topic_entry *e = &p->v[i];
        cdc_json_begin_object(&w);
        cdc_json_put_string(&w, "name", e->want->name);
        cdc_json_put_bool(&w, "exists", e->exists);
        if (e->exists) {
            cdc_json_put_integer(&w, "partitions", e->partitions);
            cdc_json_put_integer(&w, "replicationFactor", e->replication_factor);
        }
        cdc_json_key(&w, "declared");
        cdc_json_begin_object(&w);
        cdc_json_put_integer(&w, "partitions", e->want->partitions);
        cdc_json_put_integer(&w, "replicationFactor", e->want->replication_factor);
        cdc_json_key(&w, "config");
        cdc_json_begin_object(&w);
        for (size_t c = 0; c < e->want->nconfigs; c++)
            cdc_json_put_string(&w, e->want->configs[c].key, e->want->configs[c].value);
        cdc_json_end_object(&w);
        cdc_json_end_object(&w);
        cdc_json_key(&w, "differences");
        cdc_json_begin_array(&w);
        for (size_t d = 0; d < e->ndiffs; d++) {
            const cdc_topic_diff *x = &e->diffs[d];
            cdc_json_begin_object(&w);
            cdc_json_put_string(&w, "kind", diff_kind(x->kind));
            if (x->key)
                cdc_json_put_string(&w, "key", x->key);
            cdc_json_key(&w, "cluster");
            if (x->cluster)
                cdc_json_string(&w, x->cluster);
            else
                cdc_json_null(&w);
            cdc_json_put_string(&w, "declared", x->declared);
            cdc_json_end_object(&w);
        }
        cdc_json_end_array(&w);
        if (applied)
            cdc_json_put_string(&w, "result", action_name(e->action));
        if (e->error)
            cdc_json_put_string(&w, "error", e->error);
        cdc_json_end_object(&w);
    }
    cdc_json_end_array(&w);
    cdc_json_key(&w, "summary");
    cdc_json_begin_object(&w);
    cdc_json_put_integer(&w, "declared", (int64_t)t->declared);
    cdc_json_put_integer(&w, "missing", (int64_t)t->missing);
    cdc_json_put_integer(&w, "differ", (int64_t)t->differ);
    cdc_json_put_integer(&w, "asDeclared", (int64_t)t->same);
    if (applied) {
        cdc_json_put_integer(&w, "created", (int64_t)t->created);
        cdc_json_put_integer(&w, "createTopicsCalls", (int64_t)t->calls);
        cdc_json_put_integer(&w, "altered", (int64_t)t->altered);
        cdc_json_put_integer(&w, "kept", (int64_t)t->kept);
        cdc_json_put_integer(&w, "refused", (int64_t)t->refused);
    }
    cdc_json_put_integer(&w, "left", (int64_t)t->left);
    cdc_json_end_object(&w);
    cdc_json_end_object(&w);
    cdc_json_writer_finish(&w);
    fputs(b.data, out);
    cdc_buf_release(&b);
}

static void report_markdown(const char *cluster, const cdc_topic_plan *p, bool applied,
                            const tally *t, FILE *out)
{
    fprintf(out, "### cdcgen topics %s: ", applied ? "apply" : "plan");
    cdc_md_code(out, cluster);
    fputs("\n\n", out);
    if (!applied)
        fprintf(out, "%zu topics declared: %zu missing, %zu differ, %zu as declared.\n",
                t->declared, t->missing, t->differ, t->same);
    else
        fprintf(out,
                "%zu topics declared: %zu created in %zu CreateTopics call%s, %zu altered, %zu "
                "refused, %zu as declared; %zu with a difference left.\n",
                t->declared, t->created, t->calls, t->calls == 1 ? "" : "s", t->altered, t->refused,
                t->same, t->left);
    if (t->missing + t->differ + t->refused == 0)
        return;
    fputs("\n| Topic | State | Details |\n|---|---|---|\n", out);
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < p->n; i++) {
        const cdc_topic_entry *e = &p->v[i];
        if (e->exists && !e->ndiffs && !e->error)
            continue;
        cdc_buf_reset(&b);
        if (!e->exists)
            cdc_topic_describe_want(&b, e->want);
        for (size_t d = 0; d < e->ndiffs; d++) {
            cdc_buf_puts(&b, d ? "; " : "");
            cdc_topic_describe_diff(&b, &e->diffs[d], e->action);
        }
        if (e->error)
            cdc_buf_printf(&b, "%s%s", b.len ? "; " : "", e->error);
        fputs("| ", out);
        cdc_md_code(out, e->want->name);
        fprintf(out, " | %s | ",
                applied ? action_name(e->action) : (e->exists ? "differs" : "missing"));
        cdc_md_cell_plain(out, b.data);
        fputs(" |\n", out);
    }
    cdc_buf_release(&b);
}

static void report(const topics_args *a, const char *cluster, const cdc_topic_plan *p, bool applied)
{
    tally t;
    count(p, applied, &t);
    switch (a->fmt) {
    case REPORT_TEXT: report_text(cluster, p, applied, &t, stdout); break;
    case REPORT_JSON: report_json(cluster, p, applied, &t, stdout); break;
    case REPORT_MARKDOWN: report_markdown(cluster, p, applied, &t, stdout); break;
    }
}

/* ---- the run ---- */

static void run(cdc_run *r, const cdc_opts *o, topics_args *t, bool apply)
{
    cdc_topic_set set;
    if (!declared(r, o, t, &set))
        return;
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    cdc_kafka k;
    cdc_topic_plan plan;
    if (!cdc_kafka_open(&k, &t->kafka, set.bootstrap_servers, &err)) {
        fail(r, err.data);
    } else if (!cdc_topics_plan(r->arena, &k, &set, &plan, &err)) {
        fail(r, err.data);
    } else {
        bool done = !apply || cdc_topics_apply(r->arena, &k, &plan, t->alter_configs, &err);
        report(t, k.bootstrap, &plan, apply);
        if (!done)
            fail(r, err.data);
        for (size_t i = 0; i < plan.n; i++)
            if (plan.v[i].action == CDC_TOPIC_FAILED) {
                cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                               "the cluster refused topic %s: %s", plan.v[i].want->name,
                               plan.v[i].error);
                r->io_error = true;
            }
        r->findings = cdc_topics_left(&plan, apply) > 0;
    }
    if (k.rk || k.bootstrap)
        cdc_kafka_close(&k);
    cdc_buf_release(&err);
}

int cmd_topics(int argc, char **argv, const cdc_project *project)
{
    /* The report is the product on standard output; diagnostics go to
     * standard error as text. */
    cdc_opts o = {.format = CDC_DIAG_TEXT, .stdout_is_product = true};
    topics_args t = {.kafka = {.timeout_ms = 30000}};
    bool apply = false;
    int status = parse_command_line(argc, argv, &t, &o, &apply);
    if (status != CDC_OPT_NEXT) {
        cdc_kafka_settings_release(&t.kafka);
        return status;
    }
    cdc_run r;
    cdc_run_init(&r, project);
    run(&r, &o, &t, apply);
    cdc_kafka_settings_release(&t.kafka);
    return cdc_run_end(&r, &o);
}

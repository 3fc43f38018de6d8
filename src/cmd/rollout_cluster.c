/* cmd/rollout_cluster.c: the cluster plan of `cdcgen rollout --cluster`.
 *
 * The desired state is what `cdcgen generate` would write for the working
 * tree, made in memory: the topics target's manifest, the connect-debezium
 * target's connector, and the flink target's job name (pipeline.name is
 * "cdcgen <source topic>"). What runs is read, all of it before anything
 * changes: the topics through Kafka's admin API (live/topics.c, the code of
 * `cdcgen topics plan`), the connector through Kafka Connect's REST API
 * (live/connect.c), the job through Flink's (live/flink_rest.c). The plan
 * is a list of steps, each carried out by --apply (it has a standard API:
 * CreateTopics, PUT /connectors/NAME/config, POST /jobs/:id/stop) or left
 * to the platform's tooling and printed as a command to paste (submitting
 * SQL, restarting a failed connector, partition counts). Which SQL a
 * running job runs is not visible through Flink's REST API, so a running
 * job is replaced only when asked (--replace-job; `rollout --against`
 * knows when the flink target's output changed).
 *
 * Exit status: 0 nothing to change (after --apply: nothing left), 1 steps
 * pending (after --apply: steps left, those to paste included), 2 usage,
 * filters that do not compile, a system that cannot be read, or one that
 * refuses a change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cdcgen/cmd/rollout_cluster.h"
#include "cdcgen/back/emit_connect.h"
#include "cdcgen/back/emit_flink.h"
#include "cdcgen/back/emit_topics.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/diag_markdown.h"
#include "cdcgen/base/json.h"
#include "cdcgen/live/connect.h"
#include "cdcgen/live/flink_rest.h"
#include "cdcgen/live/http.h"
#include "cdcgen/live/topics.h"
#include "cdcgen/sem/rollout.h"

/* ================================ options ================================= */

int cdc_cluster_take_option(cdc_cluster_args *a, cdc_opts *o, int c, const char *arg)
{
    if (!a->kafka.timeout_ms)
        a->kafka.timeout_ms = 30000;
    switch (c) {
    case CDC_OPT_CLUSTER: a->cluster = true; return CDC_OPT_NEXT;
    case CDC_OPT_CLUSTER + 1: a->apply = true; return CDC_OPT_NEXT;
    case CDC_OPT_CLUSTER + 2: a->replace_job = true; return CDC_OPT_NEXT;
    case CDC_OPT_CLUSTER + 3: a->connect_url = arg; return CDC_OPT_NEXT;
    case CDC_OPT_CLUSTER + 4: a->flink_url = arg; return CDC_OPT_NEXT;
    case CDC_OPT_CLUSTER + 5: a->savepoint_dir = arg; return CDC_OPT_NEXT;
    case 'F':
        if (strcmp(arg, "text") == 0 || strcmp(arg, "json") == 0 || strcmp(arg, "markdown") == 0) {
            a->fmt = arg[0] == 't'   ? CDC_CLUSTER_TEXT
                     : arg[0] == 'j' ? CDC_CLUSTER_JSON
                                     : CDC_CLUSTER_MARKDOWN;
            o->format = CDC_DIAG_TEXT;
            o->markdown = false;
            return CDC_OPT_NEXT;
        }
        a->fmt = CDC_CLUSTER_TEXT;
        return CDC_OPT_COMMON; /* github, sarif; the common code refuses the rest */
    default: return cdc_opts_kafka(&a->kafka, "rollout", c, arg);
    }
}

int cdc_cluster_check_args(const cdc_cluster_args *a, const char *command)
{
    const char *alone = a->apply                     ? "--apply"
                        : a->replace_job             ? "--replace-job"
                        : a->connect_url             ? "--connect-url"
                        : a->flink_url               ? "--flink-url"
                        : a->savepoint_dir           ? "--savepoint-dir"
                        : a->kafka.bootstrap_servers ? "--bootstrap-servers"
                                                     : NULL;
    if (alone && !a->cluster) {
        fprintf(stderr, "cdcgen %s: %s is an option of --cluster\n", command, alone);
        return CDC_EXIT_ERROR;
    }
    return 0;
}

void cdc_cluster_args_release(cdc_cluster_args *a)
{
    cdc_kafka_settings_release(&a->kafka);
}

/* ================================= steps ================================== */

typedef enum system_kind { SYS_TOPICS, SYS_CONNECTOR, SYS_FLINK } system_kind;

static const char *const system_names[] = {"topics", "connector", "flink"};

/* One thing to change: carried out by --apply (by_apply) or printed as a
 * command to paste (command). */
typedef struct step {
    system_kind sys;
    bool by_apply;
    const char *what;    /* "create topic x: 1 partition, ..." */
    const char *command; /* to paste, or NULL */
    bool done;           /* --apply carried it out */
    const char *error;   /* --apply tried and the system refused */
} step;

/* Everything the plan read and decided. */
typedef struct plan {
    cdc_run *r;
    cdc_cluster_args *a;
    /* desired */
    cdc_topic_set topics_want;
    const char *connector_name;
    json_t *connector_want; /* owned */
    const char *job_name;
    /* live */
    const char *bootstrap; /* as the Kafka client shows it */
    bool topics_read;
    cdc_topic_plan topics;
    const char *connect_url, *flink_url, *savepoint_dir; /* "" when not looked at */
    cdc_http connect, flink;
    bool connector_read, job_read;
    cdc_connect_state connector;
    cdc_flink_job job;
    const char *savepoint; /* --apply: the savepoint's path */
    /* decided */
    step *steps;
    size_t nsteps;
    bool read_failed;
} plan;

static step *add_step(plan *p, system_kind sys, bool by_apply, const char *what,
                      const char *command)
{
    p->steps = cdc_arena_grow(p->r->arena, p->steps, p->nsteps, sizeof *p->steps);
    step *s = &p->steps[p->nsteps++];
    *s = (step){sys, by_apply, what, command, false, NULL};
    return s;
}

/* An error of the run (exit 2). */
static void fail(cdc_run *r, const char *where, const char *reason)
{
    cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "%s%s%s", where ? where : "",
                   where ? ": " : "", reason);
    r->io_error = true;
}

static const char *iso_time(cdc_arena *a, int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    char out[32];
    if (ms <= 0 || !gmtime_r(&t, &tm) || !strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return "unknown";
    return cdc_arena_strdup(a, out);
}

/* ================================ desired ================================= */

static bool desired(plan *p, const cdc_opts *o)
{
    cdc_run *r = p->r;
    if (!cdc_run_compile(r, o, o->args, o->nargs)) {
        r->io_error = true; /* no plan from filters that do not compile: exit 2 */
        return false;
    }
    cdc_buf text = CDC_BUF_INIT, err = CDC_BUF_INIT;
    cdc_buf_init(&text);
    cdc_buf_init(&err);
    cdc_emit_topics(&r->prog, &r->config, &text);
    bool ok = cdc_topics_read_manifest(r->arena, text.data, text.len, "topics.json",
                                       &p->topics_want, &err);
    cdc_buf_reset(&text);
    if (ok) {
        cdc_emit_connect_debezium(&r->prog, &r->config, &text);
        ok = cdc_connect_read_generated(r->arena, text.data, text.len, &p->connector_name,
                                        &p->connector_want, &err);
    }
    if (!ok)
        fail(r, NULL, err.data);
    p->job_name = cdc_arena_printf(r->arena, "cdcgen %s", r->config.source_topic);
    cdc_buf_release(&text);
    cdc_buf_release(&err);
    return ok;
}

/* ================================== read ================================== */

static void read_topics(plan *p, cdc_kafka *k)
{
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    if (!cdc_kafka_open(k, &p->a->kafka, p->r->config.bootstrap_servers, &err)) {
        fail(p->r, "kafka", err.data);
        p->read_failed = true;
    } else {
        p->bootstrap = cdc_arena_strdup(p->r->arena, k->bootstrap);
        p->topics_read = cdc_topics_plan(p->r->arena, k, &p->topics_want, &p->topics, &err);
        if (!p->topics_read) {
            fail(p->r, NULL, err.data);
            p->read_failed = true;
        }
    }
    cdc_buf_release(&err);
}

/* Sets h up for url ("" or NULL: not looked at); false after an error. */
static bool open_rest(plan *p, cdc_http *h, const char *url, const char *option,
                      const char *auth_env)
{
    if (!url || !*url)
        return false;
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    bool ok = cdc_http_init(h, url, auth_env, p->a->kafka.timeout_ms, &err);
    if (!ok) {
        fail(p->r, option, err.data);
        p->read_failed = true;
    }
    cdc_buf_release(&err);
    return ok;
}

static void read_connector(plan *p)
{
    if (!open_rest(p, &p->connect, p->connect_url, "connect url", "CONNECT_REST_AUTH"))
        return;
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    p->connector_read = cdc_connect_read(p->r->arena, &p->connect, p->connector_name,
                                         p->connector_want, &p->connector, &err);
    if (!p->connector_read) {
        fail(p->r, "kafka connect", err.data);
        p->read_failed = true;
    }
    cdc_buf_release(&err);
}

static void read_job(plan *p)
{
    if (!open_rest(p, &p->flink, p->flink_url, "flink url", "FLINK_REST_AUTH"))
        return;
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    p->job_read = cdc_flink_find_job(p->r->arena, &p->flink, p->job_name, &p->job, &err);
    if (!p->job_read) {
        fail(p->r, "flink", err.data);
        p->read_failed = true;
    }
    cdc_buf_release(&err);
}

/* ================================= decide ================================= */

static void decide_topics(plan *p)
{
    cdc_arena *a = p->r->arena;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < p->topics.n; i++) {
        const cdc_topic_entry *e = &p->topics.v[i];
        if (!e->exists) {
            cdc_buf_reset(&b);
            cdc_topic_describe_want(&b, e->want);
            add_step(p, SYS_TOPICS, true,
                     cdc_arena_printf(a, "create topic %s: %s", e->want->name, b.data), NULL);
        }
        for (size_t d = 0; d < e->ndiffs; d++) {
            const cdc_topic_diff *x = &e->diffs[d];
            cdc_buf_reset(&b);
            cdc_topic_describe_diff(&b, x, CDC_TOPIC_NONE);
            const char *cmd =
                x->kind == CDC_TOPIC_DIFF_CONFIG
                    ? cdc_arena_printf(a,
                                       "cdcgen topics apply --alter-configs --bootstrap-servers %s",
                                       p->bootstrap)
                    : NULL;
            add_step(p, SYS_TOPICS, false,
                     cdc_arena_printf(a, "topic %s: %s", e->want->name, b.data), cmd);
        }
    }
    cdc_buf_release(&b);
}

/* A paste-able curl command against the Connect REST API. */
static const char *connect_curl(plan *p, const char *method, const char *what)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_http_put_segment(&b, p->connector_name);
    const char *s = cdc_arena_printf(p->r->arena, "curl -fsS -X %s '%s/connectors/%s%s'", method,
                                     p->connect.shown, b.data, what);
    cdc_buf_release(&b);
    return s;
}

static void decide_connector(plan *p)
{
    cdc_arena *a = p->r->arena;
    const cdc_connect_state *c = &p->connector;
    if (!c->exists)
        add_step(p, SYS_CONNECTOR, true,
                 cdc_arena_printf(a, "create connector %s with the generated config (%zu keys)",
                                  p->connector_name, json_object_size(p->connector_want)),
                 NULL);
    else if (c->ndiffs)
        add_step(p, SYS_CONNECTOR, true,
                 cdc_arena_printf(a, "put the generated config of connector %s (%zu key%s differ)",
                                  p->connector_name, c->ndiffs, c->ndiffs == 1 ? "" : "s"),
                 NULL);
    if (!c->exists)
        return;
    bool failed = c->state && strcmp(c->state, "FAILED") == 0;
    for (size_t i = 0; i < c->ntasks; i++)
        failed |= strcmp(c->tasks[i].state, "FAILED") == 0;
    if (failed)
        add_step(p, SYS_CONNECTOR, false,
                 cdc_arena_printf(a,
                                  "connector %s or a task of it FAILED: restart it once the "
                                  "cause is fixed (its status holds the trace)",
                                  p->connector_name),
                 connect_curl(p, "POST", "/restart?includeTasks=true&onlyFailed=true"));
    if (c->state && strcmp(c->state, "PAUSED") == 0)
        add_step(p, SYS_CONNECTOR, false,
                 cdc_arena_printf(a, "connector %s is PAUSED", p->connector_name),
                 connect_curl(p, "PUT", "/resume"));
}

/* How the generated flink.sql is submitted: Flink's SQL client, to the
 * JobManager whose REST API the plan read (sem/rollout.c). */
static const char *submit_command(plan *p)
{
    return cdc_rollout_sql_client(p->r->arena, p->flink.shown,
                                  cdc_flink_fan_out(&p->r->prog, &p->r->config),
                                  "generated/flink.sql");
}

static void decide_job(plan *p)
{
    cdc_arena *a = p->r->arena;
    const cdc_flink_job *j = &p->job;
    if (!j->active) {
        add_step(p, SYS_FLINK, false,
                 cdc_arena_printf(
                     a, "no job '%s' runs%s: submit the generated flink.sql", p->job_name,
                     j->found ? cdc_arena_printf(a, " (the last one is %s)", j->state) : ""),
                 submit_command(p));
        return;
    }
    if (j->nactive > 1)
        add_step(p, SYS_FLINK, false,
                 cdc_arena_printf(a,
                                  "%zu jobs '%s' run, each routing every event: cancel all but "
                                  "one (job %s is the newest)",
                                  j->nactive, p->job_name, j->id),
                 "./bin/flink cancel JOB_ID");
    if (strcmp(j->state, "RUNNING") != 0)
        add_step(p, SYS_FLINK, false,
                 cdc_arena_printf(a,
                                  "job %s is %s, not RUNNING: see its exceptions (GET "
                                  "/jobs/%s/exceptions)",
                                  j->id, j->state, j->id),
                 NULL);
    if (p->a->replace_job) {
        const char *dir =
            *p->savepoint_dir ? p->savepoint_dir : "the cluster's state.savepoints.dir";
        add_step(p, SYS_FLINK, true,
                 cdc_arena_printf(a, "stop job %s with a savepoint into %s", j->id, dir), NULL);
        add_step(p, SYS_FLINK, false,
                 "submit the generated flink.sql once the job has stopped (the source resumes "
                 "from its consumer group's offsets, committed by the stop's savepoint)",
                 submit_command(p));
    }
}

/* ================================= apply ================================== */

static void apply_topics(plan *p, cdc_kafka *k)
{
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    bool ok = cdc_topics_apply(p->r->arena, k, &p->topics, false, &err);
    if (!ok)
        fail(p->r, NULL, err.data);
    size_t i = 0;
    for (size_t t = 0; t < p->topics.n; t++) {
        const cdc_topic_entry *e = &p->topics.v[t];
        if (e->exists)
            continue;
        /* the creation steps were added in the manifest's order */
        while (i < p->nsteps && !(p->steps[i].sys == SYS_TOPICS && p->steps[i].by_apply))
            i++;
        if (i == p->nsteps)
            break;
        step *s = &p->steps[i++];
        s->done = e->action == CDC_TOPIC_CREATED;
        if (e->action == CDC_TOPIC_FAILED) {
            s->error = e->error;
            fail(p->r, cdc_arena_printf(p->r->arena, "topic %s", e->want->name), e->error);
        } else if (!s->done && ok) {
            s->error = "not created";
        }
    }
    cdc_buf_release(&err);
}

static void apply_connector(plan *p, step *s)
{
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    s->done = cdc_connect_put(&p->connect, p->connector_name, p->connector_want, &err);
    if (s->done) {
        /* read back: the config Connect holds now */
        cdc_connect_state now;
        if (cdc_connect_read(p->r->arena, &p->connect, p->connector_name, p->connector_want, &now,
                             &err) &&
            now.ndiffs) {
            s->done = false;
            s->error =
                cdc_arena_printf(p->r->arena, "%zu keys still differ after the PUT", now.ndiffs);
        }
    }
    if (!s->done && err.len) {
        s->error = cdc_arena_strdup(p->r->arena, err.data);
        fail(p->r, "kafka connect", err.data);
    }
    cdc_buf_release(&err);
}

/* After the stop: the group's committed offsets are R, where the new job
 * starts; R is undefined on a partition that holds records and where the
 * group committed none (the new job would start it from its first record
 * and route it whole again: a job stopped before its first checkpoint, or
 * before it read there; Flink's source commits no offset for a partition
 * it has read nothing from). The stop's own commit is asynchronous: looked
 * at again for a few seconds. */
static void check_committed(plan *p, cdc_kafka *k, step *s)
{
    const char *group = p->r->config.group_id, *topic = p->r->config.source_topic;
    cdc_buf err = CDC_BUF_INIT, none = CDC_BUF_INIT;
    cdc_buf_init(&err);
    cdc_buf_init(&none);
    bool ok = false;
    for (int attempt = 0; attempt < 5; attempt++) {
        int64_t *v = NULL;
        int n = 0;
        cdc_buf_reset(&err);
        cdc_buf_reset(&none);
        ok = cdc_kafka_committed_offsets(k, group, topic, &v, &n, &err);
        for (int q = 0; ok && q < n; q++) {
            int64_t low, high;
            if (v[q] >= 0)
                continue;
            /* an empty partition needs no offset: nothing there to lose or repeat */
            ok = cdc_kafka_watermarks(k, topic, q, &low, &high, &err);
            if (ok && low < high)
                cdc_buf_printf(&none, "%s%d", none.len ? ", " : "", q);
        }
        free(v);
        if (!ok || !none.len)
            break;
        struct timespec pause = {1, 0};
        nanosleep(&pause, NULL);
    }
    const char *why = NULL;
    if (!ok)
        why = cdc_arena_printf(p->r->arena, "reading the offsets group %s committed: %s", group,
                               err.data);
    else if (none.len)
        why = cdc_arena_printf(p->r->arena,
                               "the job stopped, but its group %s committed no offset on %s "
                               "partition%s %s, holding records, so R, where the new job starts, "
                               "is undefined there: the job stopped before a checkpoint "
                               "completed. Submit the old flink.sql again, wait until a "
                               "checkpoint completes and the group holds an offset on every "
                               "partition that holds records, then stop it again",
                               group, topic, strchr(none.data, ',') ? "s" : "", none.data);
    if (why) {
        s->done = false;
        s->error = why;
        fail(p->r, "flink", why);
    }
    cdc_buf_release(&err);
    cdc_buf_release(&none);
}

static void apply_job(plan *p, cdc_kafka *k, step *s)
{
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    const char *dir = *p->savepoint_dir ? p->savepoint_dir : NULL;
    /* the savepoint may take longer than one answer: four times the timeout */
    int wait = p->a->kafka.timeout_ms > 86400000 / 4 ? 86400000 : 4 * p->a->kafka.timeout_ms;
    s->done = cdc_flink_stop(p->r->arena, &p->flink, p->job.id, dir, wait, &p->savepoint, &err);
    if (s->done) {
        s->what = cdc_arena_printf(p->r->arena, "%s: savepoint %s", s->what, p->savepoint);
        check_committed(p, k, s);
    } else {
        s->error = cdc_arena_strdup(p->r->arena, err.data);
        fail(p->r, "flink", err.data);
    }
    cdc_buf_release(&err);
}

static void apply(plan *p, cdc_kafka *k)
{
    if (p->topics_read)
        apply_topics(p, k);
    for (size_t i = 0; i < p->nsteps; i++) {
        step *s = &p->steps[i];
        if (!s->by_apply || s->done || s->error)
            continue;
        if (s->sys == SYS_CONNECTOR)
            apply_connector(p, s);
        else if (s->sys == SYS_FLINK)
            apply_job(p, k, s);
    }
}

/* ================================= report ================================= */

static size_t count_left(const plan *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nsteps; i++)
        n += !p->steps[i].done;
    return n;
}

static const char *mark(const step *s, bool applied)
{
    if (applied)
        return s->done ? "done" : s->error ? "FAILED" : s->by_apply ? "left" : "by hand";
    return s->by_apply ? "apply" : "by hand";
}

static void text_connector(const plan *p, FILE *out)
{
    const cdc_connect_state *c = &p->connector;
    fprintf(out, "connector %s (%s): ", p->connector_name, p->connect.shown);
    if (!c->exists) {
        fputs("not on the cluster\n", out);
        return;
    }
    fprintf(out, "%s", c->state ? c->state : "no status yet");
    for (size_t i = 0; i < c->ntasks; i++)
        fprintf(out, ", task %ld %s", c->tasks[i].id, c->tasks[i].state);
    fprintf(out, "; %zu key%s differ%s\n", c->ndiffs, c->ndiffs == 1 ? "" : "s",
            c->ndiffs == 1 ? "s" : "");
    for (size_t i = 0; i < c->ndiffs; i++) {
        const cdc_connect_diff *d = &c->diffs[i];
        if (!d->live)
            fprintf(out, "  + %s: missing, generated \"%s\"\n", d->key, d->want);
        else if (!d->want)
            fprintf(out, "  - %s: \"%s\" on the cluster, not generated\n", d->key, d->live);
        else
            fprintf(out, "  ~ %s: \"%s\" on the cluster, generated \"%s\"\n", d->key, d->live,
                    d->want);
    }
}

static void text_job(const plan *p, FILE *out)
{
    const cdc_flink_job *j = &p->job;
    cdc_arena *a = p->r->arena;
    fprintf(out, "flink job '%s' (%s): ", p->job_name, p->flink.shown);
    if (!j->found) {
        fputs("none\n", out);
        return;
    }
    fprintf(out, "%s since %s (job %s)", j->state, iso_time(a, j->start_ms), j->id);
    if (j->active && j->has_checkpoint)
        fprintf(out, ", last completed checkpoint %lld at %s%s%s", (long long)j->checkpoint_id,
                iso_time(a, j->checkpoint_ms), j->checkpoint_path ? " in " : "",
                j->checkpoint_path ? j->checkpoint_path : "");
    else if (j->active)
        fputs(", no completed checkpoint", out);
    fputc('\n', out);
}

/* What was read: the systems' lines (the plan's head). */
static void text_systems(const plan *p, FILE *out)
{
    if (p->topics_read) {
        size_t same = 0;
        for (size_t i = 0; i < p->topics.n; i++)
            same += p->topics.v[i].exists && !p->topics.v[i].ndiffs;
        fprintf(out, "topics (%s): %zu declared, %zu missing, %zu differ, %zu as declared\n",
                p->bootstrap, p->topics.n, p->topics.missing, p->topics.differ, same);
    }
    if (p->connector_read)
        text_connector(p, out);
    else if (!*p->connect_url)
        fputs("connector: not looked at (no --connect-url, connector.connect_url empty)\n", out);
    if (p->job_read)
        text_job(p, out);
    else if (!*p->flink_url)
        fputs("flink job: not looked at (no --flink-url, flink.rest_url empty)\n", out);
}

/* The plan (applied false: before anything changed, with what was read),
 * or what --apply did with each step. */
static void report_text(const plan *p, bool applied, FILE *out)
{
    if (!applied)
        text_systems(p, out);
    if (p->read_failed) {
        fputs("no plan: a system could not be read (see the errors); nothing was changed\n", out);
        return;
    }
    if (p->nsteps)
        fprintf(out, "%s:\n", applied ? "steps" : "plan (nothing has been changed)");
    for (size_t i = 0; i < p->nsteps; i++) {
        const step *s = &p->steps[i];
        fprintf(out, "  %-7s %s: %s\n", mark(s, applied), system_names[s->sys], s->what);
        if (s->error)
            fprintf(out, "  %-7s   %s\n", "", s->error);
        if (s->command && !s->done)
            fprintf(out, "  %-7s   $ %s\n", "", s->command);
    }
    size_t by_apply = 0, left = count_left(p), done = p->nsteps - left;
    for (size_t i = 0; i < p->nsteps; i++)
        by_apply += p->steps[i].by_apply;
    if (!applied)
        fprintf(out, "rollout --cluster: %zu step%s pending: %zu by --apply, %zu by hand\n",
                p->nsteps, p->nsteps == 1 ? "" : "s", by_apply, p->nsteps - by_apply);
    else
        fprintf(out, "rollout --cluster --apply: %zu step%s done, %zu left\n", done,
                done == 1 ? "" : "s", left);
}

static void json_nullable(cdc_json_writer *w, const char *key, const char *v)
{
    cdc_json_key(w, key);
    if (v)
        cdc_json_string(w, v);
    else
        cdc_json_null(w);
}

static void report_json(const plan *p, bool applied, FILE *out)
{
    cdc_arena *a = p->r->arena;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_json_writer w;
    cdc_json_writer_init(&w, &b, 0);
    cdc_json_begin_object(&w);
    cdc_json_put_string(&w, "action", applied ? "apply" : "plan");
    cdc_json_key(&w, "topics");
    if (!p->topics_read) {
        cdc_json_null(&w);
    } else {
        cdc_json_begin_object(&w);
        cdc_json_put_string(&w, "bootstrapServers", p->bootstrap);
        cdc_json_put_integer(&w, "declared", (int64_t)p->topics.n);
        cdc_json_put_integer(&w, "missing", (int64_t)p->topics.missing);
        cdc_json_put_integer(&w, "differ", (int64_t)p->topics.differ);
        cdc_json_end_object(&w);
    }
    cdc_json_key(&w, "connector");
    if (!p->connector_read) {
        cdc_json_null(&w);
    } else {
        const cdc_connect_state *c = &p->connector;
        cdc_json_begin_object(&w);
        cdc_json_put_string(&w, "name", p->connector_name);
        cdc_json_put_string(&w, "url", p->connect.shown);
        cdc_json_put_bool(&w, "exists", c->exists);
        json_nullable(&w, "state", c->state);
        cdc_json_key(&w, "tasks");
        cdc_json_begin_array(&w);
        for (size_t i = 0; i < c->ntasks; i++) {
            cdc_json_begin_object(&w);
            cdc_json_put_integer(&w, "id", c->tasks[i].id);
            cdc_json_put_string(&w, "state", c->tasks[i].state);
            cdc_json_end_object(&w);
        }
        cdc_json_end_array(&w);
        cdc_json_key(&w, "differences");
        cdc_json_begin_array(&w);
        for (size_t i = 0; i < c->ndiffs; i++) {
            cdc_json_begin_object(&w);
            cdc_json_put_string(&w, "key", c->diffs[i].key);
            json_nullable(&w, "cluster", c->diffs[i].live);
            json_nullable(&w, "generated", c->diffs[i].want);
            cdc_json_end_object(&w);
        }
        cdc_json_end_array(&w);
        cdc_json_end_object(&w);
    }
    cdc_json_key(&w, "flinkJob");
    if (!p->job_read) {
        cdc_json_null(&w);
    } else {
        const cdc_flink_job *j = &p->job;
        cdc_json_begin_object(&w);
        cdc_json_put_string(&w, "name", p->job_name);
        cdc_json_put_string(&w, "url", p->flink.shown);
        cdc_json_put_bool(&w, "found", j->found);
        json_nullable(&w, "id", j->id);
        json_nullable(&w, "state", j->state);
        json_nullable(&w, "since", j->found ? iso_time(a, j->start_ms) : NULL);
        cdc_json_put_integer(&w, "activeJobs", (int64_t)j->nactive);
        cdc_json_key(&w, "lastCheckpoint");
        if (!j->has_checkpoint) {
            cdc_json_null(&w);
        } else {
            cdc_json_begin_object(&w);
            cdc_json_put_integer(&w, "id", j->checkpoint_id);
            cdc_json_put_string(&w, "completed", iso_time(a, j->checkpoint_ms));
            json_nullable(&w, "path", j->checkpoint_path);
            cdc_json_end_object(&w);
        }
        if (applied)
            json_nullable(&w, "savepoint", p->savepoint);
        cdc_json_end_object(&w);
    }
    cdc_json_key(&w, "steps");
    cdc_json_begin_array(&w);
    for (size_t i = 0; i < p->nsteps; i++) {
        const step *s = &p->steps[i];
        cdc_json_begin_object(&w);
        cdc_json_put_string(&w, "system", system_names[s->sys]);
        cdc_json_put_string(&w, "by", s->by_apply ? "apply" : "hand");
        cdc_json_put_string(&w, "what", s->what);
        json_nullable(&w, "command", s->command);
        if (applied) {
            cdc_json_put_bool(&w, "done", s->done);
            json_nullable(&w, "error", s->error);
        }
        cdc_json_end_object(&w);
    }
    cdc_json_end_array(&w);
    cdc_json_key(&w, "summary");
    cdc_json_begin_object(&w);
    cdc_json_put_bool(&w, "complete", !p->read_failed);
    cdc_json_put_integer(&w, "steps", (int64_t)p->nsteps);
    cdc_json_put_integer(&w, "left", (int64_t)count_left(p));
    cdc_json_end_object(&w);
    cdc_json_end_object(&w);
    cdc_json_writer_finish(&w);
    fputs(b.data, out);
    cdc_buf_release(&b);
}

static void report_markdown(const plan *p, bool applied, FILE *out)
{
    fprintf(out, "### cdcgen rollout --cluster%s\n\n", applied ? " --apply" : "");
    if (p->read_failed) {
        fputs("No plan: a system could not be read; nothing was changed.\n", out);
        return;
    }
    if (!p->nsteps) {
        fputs("Nothing to change: what runs is what the working tree generates.\n", out);
        return;
    }
    fputs("| System | By | Step | State |\n|---|---|---|---|\n", out);
    for (size_t i = 0; i < p->nsteps; i++) {
        const step *s = &p->steps[i];
        fprintf(out, "| %s | %s | ", system_names[s->sys], s->by_apply ? "apply" : "hand");
        cdc_md_cell_plain(out, s->what);
        if (s->command && !s->done) {
            fputs(": ", out);
            cdc_md_code(out, s->command);
        }
        fprintf(out, " | %s |\n", applied ? mark(s, true) : "pending");
    }
}

/* Each step not done: a located finding (the system's address), so that
 * github annotations and SARIF carry the plan. */
static void findings(plan *p)
{
    cdc_run *r = p->r;
    const char *where[3] = {p->bootstrap ? p->bootstrap : "kafka", p->connect.shown,
                            p->flink.shown};
    for (size_t i = 0; i < p->nsteps; i++) {
        const step *s = &p->steps[i];
        if (s->done || s->error)
            continue;
        const cdc_source *src = cdc_run_named_source(r, where[s->sys]);
        const char *by = s->by_apply ? " (rollout --cluster --apply does it)" : " (by hand)";
        cdc_pos at = {0, 0, 0, 0};
        switch (s->sys) {
        case SYS_TOPICS:
            cdc_diag_error(&r->diags, src, at, "cluster-topic", "%s%s", s->what, by);
            break;
        case SYS_CONNECTOR:
            cdc_diag_error(&r->diags, src, at, "cluster-connector", "%s%s", s->what, by);
            break;
        case SYS_FLINK:
            cdc_diag_error(&r->diags, src, at, "cluster-job", "%s%s", s->what, by);
            break;
        }
    }
    r->findings = count_left(p) > 0;
}

/* ================================== run =================================== */

void cdc_rollout_cluster(cdc_run *r, const cdc_opts *o, cdc_cluster_args *a)
{
    plan p = {.r = r, .a = a};
    if (!a->kafka.timeout_ms)
        a->kafka.timeout_ms = 30000;
    if (!desired(&p, o))
        return;
    p.connect_url = a->connect_url ? a->connect_url : r->config.connect_url;
    p.flink_url = a->flink_url ? a->flink_url : r->config.flink_rest_url;
    p.savepoint_dir = a->savepoint_dir ? a->savepoint_dir : r->config.savepoint_dir;
    if (!p.connect_url)
        p.connect_url = "";
    if (!p.flink_url)
        p.flink_url = "";
    if (!p.savepoint_dir)
        p.savepoint_dir = "";
    cdc_kafka k = {0};
    read_topics(&p, &k);
    read_connector(&p);
    read_job(&p);
    if (!p.read_failed) {
        decide_topics(&p);
        if (p.connector_read)
            decide_connector(&p);
        if (p.job_read)
            decide_job(&p);
    }
    FILE *out = cdc_opts_report_stream(o);
    bool applying = a->apply && !p.read_failed;
    /* the plan first, before anything changes */
    if (a->fmt == CDC_CLUSTER_TEXT)
        report_text(&p, false, out);
    if (applying) {
        fflush(out);
        apply(&p, &k);
        if (a->fmt == CDC_CLUSTER_TEXT)
            report_text(&p, true, out);
    }
    if (a->fmt == CDC_CLUSTER_JSON)
        report_json(&p, applying, out);
    else if (a->fmt == CDC_CLUSTER_MARKDOWN)
        report_markdown(&p, applying, out);
    if (!p.read_failed)
        findings(&p);
    if (k.rk || k.bootstrap)
        cdc_kafka_close(&k);
    json_decref(p.connector_want);
}

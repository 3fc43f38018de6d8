/* cmd/backfill.c: `cdcgen backfill --against BASE --until R | --until-group
 * GROUP [--processor flink|kstreams]`: the backfill that gives every filter
 * that now routes events its base version did not (added, re-enabled,
 * widened, narrowed and widened, undecided) those events of the source
 * topic before the switch-over point R.
 *
 * Consumes both versions and their changes (against.c, change.c: the
 * filters the rollout plan marks backfill) and R: given as P:OFFSET per
 * partition, or read as the offsets a consumer group committed
 * (live/kafka.c; the group is only read). A partition where the group
 * committed nothing is where the new job or application starts from its
 * first record (the generated source's group-offsets fall back to
 * auto.offset.reset earliest, and Kafka Streams' consumers default to
 * earliest), so R there is the partition's first offset, with a warning;
 * a group that committed nothing at all is refused. For Flink (the
 * default) it produces the bounded job's SQL (emit_flink.c) on standard
 * output or into -o FILE, written whole and only when everything went
 * well; for Kafka Streams it runs the backfill itself
 * (backfill_kstreams.c). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/back/emit_flink.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/instant.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/against.h"
#include "cdcgen/cmd/backfill_kstreams.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/live/kafka.h"
#include "cdcgen/sem/change.h"
#include "cdcgen/sem/rollout.h"

static const char usage_text[] =
    "usage: cdcgen backfill --against BASE (--until P:OFFSET[,P:OFFSET...] |\n"
    "                       --until-group GROUP) [--from earliest|TIMESTAMP|P:OFFSET,...]\n"
    "                       [--processor flink|kstreams] [-o FILE|-]\n"
    "                       [--bootstrap-servers LIST] [-X KEY=VALUE]...\n"
    "                       [--kafka-config FILE] [--timeout SECONDS] [-c FILE]\n"
    "                       [--schema FILE] [--max-errors N] [--fail-on-warning] [PATH...]\n"
    "\n"
    "Give every filter that routes events its version in BASE did not (added,\n"
    "re-enabled, widened) those events of the source topic from the start up to R,\n"
    "the offsets where the new job starts: new IS TRUE AND old IS NOT TRUE, written\n"
    "into the filter's topic. Flink: writes the bounded Flink SQL job. kstreams: reads\n"
    "the events and writes them into the Kafka Streams topics itself, in one\n"
    "transaction, counts per filter on standard error. It uses no consumer group.\n"
    "BASE: a directory with the earlier project, or a git revision.\n"
    "PATH: files or directories (*.yaml, *.yml, *.json); default filters/\n"
    "\n"
    "      --against BASE   the version that ran before: a directory or a git revision\n"
    "      --until P:OFFSET,...  R: the end offset (exclusive) of every partition\n"
    "      --until-group GROUP  R: the offsets GROUP committed on the source topic\n"
    "                       (read from the cluster; the group is not changed)\n"
    "      --from START     earliest (default), an ISO-8601 instant, or P:OFFSET,...\n"
    "      --processor P    flink (default): write the Flink job; kstreams: run the\n"
    "                       backfill of the Kafka Streams topics now\n"
    "  -o, --output FILE    write the job to FILE (whole, or not at all); - or none:\n"
    "                       standard output\n" CDC_HELP_KAFKA CDC_HELP_CONFIG CDC_HELP_MAX_ERRORS
        CDC_HELP_FAIL_ON_WARNING CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

typedef struct backfill_args {
    const char *against;
    const char *until;       /* --until */
    const char *until_group; /* --until-group */
    const char *from;        /* --from */
    const char *output;      /* -o */
    bool kstreams;           /* --processor kstreams */
    cdc_kafka_settings kafka;
} backfill_args;

static const struct option longopts[] = {
    {"against", required_argument, NULL, 'A'},
    {"until", required_argument, NULL, 'U'},
    {"until-group", required_argument, NULL, 'G'},
    {"from", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"processor", required_argument, NULL, 'P'},
    CDC_KAFKA_LONGOPTS,
    /* the common options but --format: the product is SQL, diagnostics text */
    CDC_LONGOPT_CONFIG,
    CDC_LONGOPT_SCHEMA,
    CDC_LONGOPT_MAX_ERRORS,
    CDC_LONGOPT_FAIL_ON_WARNING,
    CDC_LONGOPT_HELP,
    CDC_LONGOPTS_END,
};

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o;
    backfill_args *b = args;
    switch (c) {
    case 'A': b->against = arg; return CDC_OPT_NEXT;
    case 'U': b->until = arg; return CDC_OPT_NEXT;
    case 'G': b->until_group = arg; return CDC_OPT_NEXT;
    case 'f': b->from = arg; return CDC_OPT_NEXT;
    case 'o': b->output = arg; return CDC_OPT_NEXT;
    case 'P':
        if (strcmp(arg, "flink") != 0 && strcmp(arg, "kstreams") != 0) {
            fprintf(stderr, "cdcgen backfill: --processor '%s': flink or kstreams\n", arg);
            return CDC_EXIT_ERROR;
        }
        b->kstreams = strcmp(arg, "kstreams") == 0;
        return CDC_OPT_NEXT;
    default: return cdc_opts_kafka(&b->kafka, "backfill", c, arg);
    }
}

static const cdc_optspec spec = {longopts, "o:" CDC_KAFKA_SHORTOPTS CDC_COMMON_SHORTOPTS, usage,
                                 take_option};

/* ---- offsets ---- */

/* Offsets per partition, from "P:OFFSET,P:OFFSET..." or a group. */
typedef struct offsets {
    int64_t *v; /* v[p]: the offset of partition p, -1 where none is given */
    int n;      /* partitions 0..n-1 */
} offsets;

/* Parses "P:OFFSET[,P:OFFSET...]" (each partition once, numbers >= 0).
 * NULL when it parses; else what is wrong. */
static const char *parse_offsets(const char *s, offsets *out)
{
    *out = (offsets){0};
    if (!*s)
        return "it is empty";
    for (const char *p = s; *p;) {
        char *end;
        errno = 0;
        if (*p < '0' || *p > '9')
            return "a partition must be a number";
        long long part = strtoll(p, &end, 10);
        if (errno || *end != ':' || part > 1000000)
            return "each entry is PARTITION:OFFSET";
        p = end + 1;
        if (*p < '0' || *p > '9')
            return "an offset must be a number of 0 or more";
        long long off = strtoll(p, &end, 10);
        if (errno || (*end && *end != ','))
            return "entries are separated by commas";
        if (part >= out->n) {
            out->v = xrealloc(out->v, (size_t)(part + 1) * sizeof *out->v);
            for (long long k = out->n; k <= part; k++)
                out->v[k] = -1;
            out->n = (int)part + 1;
        }
        if (out->v[part] >= 0)
            return "a partition is given twice";
        out->v[part] = off;
        p = *end ? end + 1 : end;
        if (*end && !*p)
            return "it ends with a comma";
    }
    return NULL;
}

/* Flink's form: "partition:0,offset:42;partition:1,offset:300", the
 * partitions given (all of them for R: every partition is bounded). */
static char *flink_offsets(cdc_arena *a, const offsets *o)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (int p = 0; p < o->n; p++)
        if (o->v[p] >= 0)
            cdc_buf_printf(&b, "%spartition:%d,offset:%" PRId64, b.len ? ";" : "", p, o->v[p]);
    char *s = cdc_arena_strdup(a, b.data ? b.data : "");
    cdc_buf_release(&b);
    return s;
}

/* R from the consumer group: its committed offsets on the source topic.
 * A partition where it committed none is where the new job (group-offsets,
 * auto.offset.reset earliest) or application (Kafka Streams' consumers
 * default to earliest) starts: its first offset, the low watermark, so
 * nothing of it is backfilled and the new version routes it whole: said
 * in a warning, since the old version's records of it are then routed
 * again. No commit at all: refused (a misspelt group, or a job stopped
 * before its first checkpoint completed). */
static bool group_offsets(cdc_run *r, backfill_args *b, offsets *out)
{
    cdc_kafka k;
    cdc_buf err = CDC_BUF_INIT, none = CDC_BUF_INIT;
    cdc_buf_init(&err);
    cdc_buf_init(&none);
    const char *topic = r->config.source_topic;
    bool ok = cdc_kafka_open(&k, &b->kafka, r->config.bootstrap_servers, &err) &&
              cdc_kafka_committed_offsets(&k, b->until_group, topic, &out->v, &out->n, &err);
    bool any = false;
    for (int p = 0; ok && p < out->n; p++)
        any |= out->v[p] >= 0;
    if (ok && !any) {
        cdc_buf_printf(&err,
                       "consumer group '%s' has committed no offsets on %s, so R is undefined: "
                       "a misspelt group, or a job stopped before its first checkpoint "
                       "completed (start the old version again until a checkpoint completes "
                       "and the group commits, then stop it again)",
                       b->until_group, topic);
        ok = false;
    }
    for (int p = 0; ok && p < out->n; p++) {
        int64_t low, high;
        if (out->v[p] >= 0)
            continue;
        ok = cdc_kafka_watermarks(&k, topic, p, &low, &high, &err);
        out->v[p] = low;
        if (low < high) /* an empty one routes nothing again */
            cdc_buf_printf(&none, "%s%d", none.len ? ", " : "", p);
    }
    if (ok && none.len)
        cdc_diag_warning(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                         "consumer group '%s' committed no offset on %s partition%s %s: the new "
                         "version starts there from the first record (auto.offset.reset "
                         "earliest), so R there is the first offset and nothing of it is "
                         "backfilled; the old version's records of it are routed again",
                         b->until_group, topic, strchr(none.data, ',') ? "s" : "", none.data);
    if (!ok) {
        cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "%s", err.data);
        r->io_error = true;
        free(out->v);
        *out = (offsets){0};
    }
    if (k.rk || k.bootstrap)
        cdc_kafka_close(&k);
    cdc_buf_release(&err);
    cdc_buf_release(&none);
    return ok;
}

/* --from: earliest, an instant, or offsets. false after a usage message. */
static bool take_from(cdc_arena *a, const char *from, cdc_flink_backfill *bf)
{
    bf->startup_mode = "earliest-offset";
    if (!from || strcmp(from, "earliest") == 0)
        return true;
    if (strchr(from, ':') && from[0] >= '0' && from[0] <= '9' && strchr(from, 'T') == NULL) {
        offsets o;
        const char *why = parse_offsets(from, &o);
        if (why) {
            fprintf(stderr, "cdcgen backfill: --from '%s': %s\n", from, why);
            free(o.v);
            return false;
        }
        bf->startup_mode = "specific-offsets";
        bf->startup_value = flink_offsets(a, &o);
        free(o.v);
        return true;
    }
    int64_t secs;
    int32_t nanos;
    if (!cdc_parse_instant(from, strlen(from), &secs, &nanos)) {
        fprintf(stderr,
                "cdcgen backfill: --from '%s' is neither earliest, an ISO-8601 instant "
                "(2026-01-31T00:00:00Z) nor PARTITION:OFFSET,...\n",
                from);
        return false;
    }
    bf->startup_mode = "timestamp";
    bf->startup_value = cdc_arena_printf(a, "%" PRId64, secs * 1000 + nanos / 1000000);
    return true;
}

/* ---- the job ---- */

/* The filters the rollout plan marks backfill, with their base versions. */
static size_t backfill_filters(cdc_arena *a, const cdc_changes *C, const cdc_program *bp,
                               const cdc_config *bc, const cdc_program *hp, const cdc_config *hc,
                               const char *against, cdc_backfill_filter **out)
{
    cdc_rollout_plan plan;
    cdc_rollout_plan_build(a, against, C, bp, bc, hp, hc, &plan);
    cdc_backfill_filter *v = cdc_arena_alloc(a, (plan.nfilters + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < plan.nfilters; i++) {
        const cdc_change *c = plan.filters[i].change;
        if (!plan.filters[i].backfill)
            continue;
        /* added and re-enabled filters routed nothing before */
        const cdc_filter *old = c->kind == CDC_CHANGE_ROUTING ? c->base : NULL;
        v[n++] = (cdc_backfill_filter){c->head, old};
    }
    *out = v;
    return n;
}

static void write_job(cdc_run *r, const backfill_args *b, const cdc_buf *sql)
{
    if (!b->output || strcmp(b->output, "-") == 0)
        fwrite(sql->data, 1, sql->len, stdout);
    else if (!cdc_write_file_whole(b->output, sql->data, sql->len))
        cdc_run_write_error(r, b->output);
}

static int check_args(const backfill_args *b)
{
    const char *why =
        !b->against                    ? "--against BASE is required"
        : !b->until && !b->until_group ? "--until or --until-group is required"
        : b->until && b->until_group   ? "--until and --until-group exclude each other"
        : b->kstreams && b->output
            ? "-o is the Flink job's file; --processor kstreams writes into the topics"
            : NULL;
    if (why) {
        fprintf(stderr, "cdcgen backfill: %s\n", why);
        usage(stderr);
        return CDC_EXIT_ERROR;
    }
    return CDC_OPT_NEXT;
}

/* --processor kstreams: the backfill run now, over [from, until). */
static void run_kstreams(cdc_run *head, cdc_run *base, const backfill_args *b,
                         const cdc_flink_backfill *bf, const offsets *until)
{
    offsets from = {0};
    cdc_ks_backfill ks = {.kafka = &b->kafka,
                          .until = until->v,
                          .nuntil = until->n,
                          .from_ts = -1,
                          .v = bf->v,
                          .n = bf->n};
    if (strcmp(bf->startup_mode, "specific-offsets") == 0) {
        parse_offsets(b->from, &from); /* checked before compiling */
        ks.from = from.v;
        ks.nfrom = from.n;
    } else if (strcmp(bf->startup_mode, "timestamp") == 0) {
        ks.from_ts = strtoll(bf->startup_value, NULL, 10);
    }
    cdc_backfill_kstreams(head, base, &ks);
    free(from.v);
}

static void run(cdc_run *head, cdc_run *base, backfill_args *b, cdc_flink_backfill *bf,
                const cdc_changes *C)
{
    offsets until = {0};
    if (b->until_group) {
        if (!group_offsets(head, b, &until))
            return;
    } else {
        parse_offsets(b->until, &until); /* checked before compiling */
    }
    bf->until = flink_offsets(head->arena, &until);
    cdc_backfill_filter *v;
    bf->n = backfill_filters(head->arena, C, &base->prog, &base->config, &head->prog, &head->config,
                             b->against, &v);
    bf->v = v;
    if (b->kstreams) {
        run_kstreams(head, base, b, bf, &until);
        free(until.v);
        return;
    }
    free(until.v);
    cdc_buf sql = CDC_BUF_INIT;
    cdc_buf_init(&sql);
    cdc_emit_flink_backfill(&head->prog, &head->config, bf, &sql);
    write_job(head, b, &sql);
    cdc_buf_release(&sql);
}

/* --until and --from, before anything is compiled: 2 after a usage
 * message. */
static int check_offsets(cdc_arena *a, const backfill_args *b, cdc_flink_backfill *bf)
{
    if (b->until) {
        offsets probe;
        const char *why = parse_offsets(b->until, &probe);
        /* R bounds every partition, or Flink falls back to a group's offsets */
        for (int p = 0; !why && p < probe.n; p++)
            if (probe.v[p] < 0)
                why = "every partition from 0 up needs its offset (one is missing)";
        free(probe.v);
        if (why) {
            fprintf(stderr, "cdcgen backfill: --until '%s': %s\n", b->until, why);
            return CDC_EXIT_ERROR;
        }
    }
    return take_from(a, b->from, bf) ? CDC_OPT_NEXT : CDC_EXIT_ERROR;
}

int cmd_backfill(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT, .stdout_is_product = true};
    backfill_args b = {.kafka = {.timeout_ms = 30000}};
    int status = cdc_opts_parse(argc, argv, &spec, &b, &o);
    if (status == CDC_OPT_NEXT)
        status = check_args(&b);
    cdc_run head, base, *failed = &head;
    cdc_run_init(&head, project);
    cdc_run_init(&base, project);
    cdc_flink_backfill bf = {.against = b.against};
    if (status == CDC_OPT_NEXT)
        status = check_offsets(head.arena, &b, &bf);
    if (status != CDC_OPT_NEXT) {
        cdc_run_release(&head);
        cdc_run_release(&base);
        cdc_kafka_settings_release(&b.kafka);
        return status;
    }
    cdc_changes C = {0};
    if (cdc_against_compare(&head, &base, &o, b.against, &C, &failed))
        run(&head, &base, &b, &bf, &C);
    cdc_changes_release(&C);
    cdc_kafka_settings_release(&b.kafka);
    cdc_run_release(failed == &base ? &head : &base);
    return cdc_run_end(failed, &o);
}

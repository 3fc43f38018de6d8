/* cmd/audit.c: `cdcgen audit`: did every event of the source topic reach
 * the topics its filters route it to, and nothing else?
 *
 * The window: the source topic's records from --from (default: each
 * partition's first) up to --until (default: the high watermarks when the
 * audit starts). Each record is routed by the filters (the project's, a
 * directory's or a git revision's: --filters) with the reference
 * semantics (sem/eval.c), and counted as expected for each filter that
 * routes it; the filters' topics of the processor (--processor) are read
 * and each record counted as found for its filter. A record is its key
 * and its value's canonical JSON (sem/tally.c), so a re-serialized record
 * is the same record. Per filter: expected, found, missing (expected more
 * often than found), extra (found, never expected), duplicated (found more
 * often than expected), with the first few of each as witnesses, re-read
 * from Kafka at their partition and offset.
 *
 * The filtered topics are read to their high watermarks once the
 * processor has caught up: its consumer group (kafka.group_id for Flink,
 * streams.application_id for Kafka Streams) has committed offsets at or
 * past the window's end on every source partition, waited for up to
 * --wait seconds; a group that committed nothing is not waited for. With
 * --from or --until, a record no event of the window explains whose
 * timestamp lies outside the window's events' is counted as outside the
 * window, not extra; so is one appended to its topic after the audit
 * started with a timestamp past the window's last event.
 *
 * Exit status: 1 for a missing or extra record (duplicates only with
 * --no-duplicates), 0 otherwise; 2 for usage errors, filters that do not
 * compile, no broker, or a source topic the cluster lacks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/cmd/against.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/diag_markdown.h"
#include "cdcgen/base/instant.h"
#include "cdcgen/base/json.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/live.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/live/kafka.h"
#include "cdcgen/live/records.h"
#include "cdcgen/sem/eval.h"
#include "cdcgen/sem/tally.h"

static const char usage_text[] =
    "usage: cdcgen audit [--processor flink|kstreams] [--from WHEN] [--until WHEN]\n"
    "                    [--filters REV|DIR] [--no-duplicates] [--wait SECONDS]\n"
    "                    [--format text|json|markdown|github|sarif] [--witnesses N]\n"
    "                    [--memory-limit SIZE] [--timeout SECONDS]\n"
    "                    [--bootstrap-servers LIST] [-X KEY=VALUE]... [--kafka-config FILE]\n"
    "                    [-c FILE] [--schema FILE]\n"
    "\n"
    "Read the source topic over a window, route every event with the filters, and\n"
    "hold each filter's topic to what it routes: expected, found, missing, extra\n"
    "and duplicated records (key and value's JSON, key order ignored), with\n"
    "witnesses. Exit 0: as routed; 1: a record missing or extra (duplicated, with\n"
    "--no-duplicates); 2: errors.\n"
    "WHEN: beginning, end, OFFSET or PARTITION:OFFSET,..., an ISO-8601 time, or\n"
    "-Ns, -Nm, -Nh, -Nd (that long ago)\n"
    "\n"
    "      --from WHEN      the window's start (default: beginning)\n"
    "      --until WHEN     its end, exclusive (default: end, the high watermarks\n"
    "                       when the audit starts)\n"
    "      --filters REV|DIR  the filters the pipeline ran: the project (filters/,\n"
    "                       cdcgen.yaml) at a git revision or in a directory\n"
    "      --no-duplicates  duplicated records make the exit status 1\n"
    "      --wait SECONDS   how long the processor may take to catch up with the\n"
    "                       window (its group's committed offsets; default 30)\n"
    "      --format FMT     the report as text, json, markdown, github or sarif\n"
    "      --witnesses N    witnesses shown per filter and kind (default 5)\n"
    "      --memory-limit SIZE  memory for the records' hashes before they spill\n"
    "                       to disk: bytes, or with k, M, G (default 256M)\n"
    "      --timeout SECONDS  wait at most this long for each answer (default 30)\n" CDC_HELP_LIVE
        /* then the options every command takes */
        CDC_HELP_CONFIG CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

typedef enum report_format {
    REPORT_TEXT,
    REPORT_JSON,
    REPORT_MARKDOWN,
    REPORT_GITHUB, /* the witnesses as diagnostics */
    REPORT_SARIF,
} report_format;

/* A window bound as given. */
typedef enum bound_kind {
    BOUND_EDGE,      /* beginning or end */
    BOUND_OFFSETS,   /* one offset for every partition, or PARTITION:OFFSET pairs */
    BOUND_TIMESTAMP, /* ms since the epoch */
} bound_kind;

typedef struct bound {
    bound_kind kind;
    bool given;
    bool at_end;    /* BOUND_EDGE: end (else beginning) */
    int64_t ts;     /* BOUND_TIMESTAMP */
    int64_t all;    /* BOUND_OFFSETS: -1, or the offset of every partition */
    int32_t *parts; /* BOUND_OFFSETS pairs */
    int64_t *offs;
    size_t n;
} bound;

typedef struct audit_args {
    cdc_live_opts live;
    const char *filters; /* --filters REV|DIR */
    bound from, until;
    bool no_duplicates;
    double wait_s;
    report_format fmt;
    size_t witnesses;
    size_t memory;
} audit_args;

/* ---- the command line ---- */

static const struct option longopts[] = {
    {"from", required_argument, NULL, 'a'},
    {"until", required_argument, NULL, 'b'},
    {"filters", required_argument, NULL, 'f'},
    {"no-duplicates", no_argument, NULL, 'D'},
    {"wait", required_argument, NULL, 'w' + 0x100},
    {"witnesses", required_argument, NULL, 'n'},
    {"memory-limit", required_argument, NULL, 'm'},
    {"timeout", required_argument, NULL, 'T'},
    CDC_LIVE_LONGOPTS,
    CDC_LONGOPT_CONFIG,
    CDC_LONGOPT_SCHEMA,
    CDC_LONGOPT_FORMAT,
    CDC_LONGOPT_HELP,
    CDC_LONGOPTS_END,
};

static bool all_digits(const char *s, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* OFFSET, or PARTITION:OFFSET,... */
static bool parse_offsets(const char *s, bound *b)
{
    size_t len = strlen(s);
    if (all_digits(s, len)) {
        b->kind = BOUND_OFFSETS;
        b->all = strtoll(s, NULL, 10);
        return true;
    }
    b->all = -1;
    const char *p = s;
    while (*p) {
        size_t n = strcspn(p, ",");
        const char *colon = memchr(p, ':', n);
        if (!colon || !all_digits(p, (size_t)(colon - p)) ||
            !all_digits(colon + 1, n - (size_t)(colon + 1 - p)))
            return false;
        b->parts = xrealloc(b->parts, (b->n + 1) * sizeof *b->parts);
        b->offs = xrealloc(b->offs, (b->n + 1) * sizeof *b->offs);
        b->parts[b->n] = (int32_t)strtol(p, NULL, 10);
        b->offs[b->n++] = strtoll(colon + 1, NULL, 10);
        p += n + (p[n] == ',');
    }
    b->kind = BOUND_OFFSETS;
    return b->n > 0;
}

static bool parse_bound(const char *opt, const char *s, bound *b)
{
    b->given = true;
    if (strcmp(s, "beginning") == 0 || strcmp(s, "end") == 0) {
        b->kind = BOUND_EDGE;
        b->at_end = s[0] == 'e';
        return true;
    }
    size_t len = strlen(s);
    if (s[0] == '-' && len >= 3 && all_digits(s + 1, len - 2) && strchr("smhd", s[len - 1])) {
        static const int64_t unit_ms[] = {
            ['s' - 'a'] = 1000, ['m' - 'a'] = 60000, ['h' - 'a'] = 3600000, ['d' - 'a'] = 86400000};
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        b->kind = BOUND_TIMESTAMP;
        b->ts = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000 -
                strtoll(s + 1, NULL, 10) * unit_ms[s[len - 1] - 'a'];
        return true;
    }
    int64_t secs;
    int32_t nanos;
    if (cdc_parse_instant(s, len, &secs, &nanos)) {
        b->kind = BOUND_TIMESTAMP;
        b->ts = secs * 1000 + nanos / 1000000;
        return true;
    }
    if (parse_offsets(s, b))
        return true;
    fprintf(stderr,
            "cdcgen audit: %s needs beginning, end, OFFSET, PARTITION:OFFSET,..., an ISO-8601 "
            "time or -N followed by s, m, h or d, not '%s'\n",
            opt, s);
    return false;
}

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return false;
    unsigned long long mult = 1;
    if (*end == 'k' || *end == 'K')
        mult = 1024, end++;
    else if (*end == 'M')
        mult = 1024 * 1024, end++;
    else if (*end == 'G')
        mult = 1024ull * 1024 * 1024, end++;
    if (*end || v == 0)
        return false;
    *out = (size_t)(v * mult);
    return true;
}

static int take_report_format(audit_args *a, cdc_opts *o, const char *arg)
{
    static const char *const names[] = {
        [REPORT_TEXT] = "text",     [REPORT_JSON] = "json",   [REPORT_MARKDOWN] = "markdown",
        [REPORT_GITHUB] = "github", [REPORT_SARIF] = "sarif",
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (strcmp(arg, names[i]) == 0) {
            a->fmt = (report_format)i;
            o->format = i == REPORT_GITHUB  ? CDC_DIAG_GITHUB
                        : i == REPORT_SARIF ? CDC_DIAG_SARIF
                                            : CDC_DIAG_TEXT;
            return CDC_OPT_NEXT;
        }
    fprintf(stderr, "cdcgen audit: unknown --format '%s' (text, json, markdown, github, sarif)\n",
            arg);
    return CDC_EXIT_ERROR;
}

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    audit_args *a = args;
    double s;
    char *end;
    switch (c) {
    case 'a': return parse_bound("--from", arg, &a->from) ? CDC_OPT_NEXT : CDC_EXIT_ERROR;
    case 'b': return parse_bound("--until", arg, &a->until) ? CDC_OPT_NEXT : CDC_EXIT_ERROR;
    case 'f': a->filters = arg; return CDC_OPT_NEXT;
    case 'D': a->no_duplicates = true; return CDC_OPT_NEXT;
    case 'w' + 0x100:
        return cdc_live_seconds("audit", "--wait", arg, &a->wait_s) ? CDC_OPT_NEXT : CDC_EXIT_ERROR;
    case 'T':
        if (!cdc_live_seconds("audit", "--timeout", arg, &s))
            return CDC_EXIT_ERROR;
        a->live.kafka.timeout_ms = (int)(s * 1000 + 0.5) > 0 ? (int)(s * 1000 + 0.5) : 1;
        return CDC_OPT_NEXT;
    case 'n':
        a->witnesses = strtoul(arg, &end, 10);
        if (*arg < '0' || *arg > '9' || *end || a->witnesses > 1000) {
            fprintf(stderr, "cdcgen audit: --witnesses needs a number from 0 to 1000, not '%s'\n",
                    arg);
            return CDC_EXIT_ERROR;
        }
        return CDC_OPT_NEXT;
    case 'm':
        if (!parse_size(arg, &a->memory)) {
            fprintf(stderr,
                    "cdcgen audit: --memory-limit needs a size (bytes, or with k, M, G), not "
                    "'%s'\n",
                    arg);
            return CDC_EXIT_ERROR;
        }
        return CDC_OPT_NEXT;
    case 'F': return take_report_format(a, o, arg);
    default: return cdc_live_take(&a->live, "audit", c, arg);
    }
}

static const cdc_optspec spec = {longopts, CDC_LIVE_SHORTOPTS "c:h", usage, take_option};

/* ---- the audit's state ---- */

typedef enum witness_kind { W_MISSING, W_EXTRA, W_DUPLICATED, W_NOT_JSON, W__COUNT } witness_kind;

static const char *const kind_names[] = {
    [W_MISSING] = "missing",
    [W_EXTRA] = "extra",
    [W_DUPLICATED] = "duplicated",
    [W_NOT_JSON] = "notJson",
};

/* A record shown as a witness: where it is, and once re-read its key,
 * value and (a missing one) the conditions that route it. */
typedef struct witness {
    const char *topic;
    cdc_record_at at;
    uint32_t copies; /* duplicated: found this many times; extra: found */
    char *key;       /* the key as text, or NULL: no key */
    char *value;     /* the value as text (cut), or NULL */
    char *because;   /* missing: the filter's conditions that are TRUE */
    /* A missing and an extra witness of the same key in the same topic,
     * each pointing at the other: most likely the routed record written
     * with another value. */
    const struct witness *same_key;
} witness;

typedef struct witness_list {
    witness *v;
    size_t n;
} witness_list;

/* What a filter's topic held against what its filter routes. */
typedef struct counts {
    uint64_t expected, found, missing, extra, duplicated, outside, not_json;
} counts;

/* One filtered topic's counts: its filter's, or those of the filters
 * that share it (their routes add up). */
typedef struct filter_audit {
    const cdc_filter *f;   /* the first of its filters */
    const cdc_filter **fs; /* all of them, in program order (heap array) */
    size_t nfs;
    char *ids; /* their ids, ", "-separated */
    const char *topic;
    int32_t npartitions; /* -1: the topic does not exist */
    counts n;
    witness_list w[W__COUNT];
} filter_audit;

typedef struct audit {
    cdc_run *run;
    const audit_args *args;
    cdc_target target;
    cdc_kafka k;
    cdc_evaluator *ev;
    cdc_tally *tally;
    filter_audit *fa;
    size_t nfa;
    size_t *routed; /* cdc_eval_route's scratch */
    size_t *fa_of;  /* filter index -> fa index (SIZE_MAX: not audited) */
    cdc_topic_range source;
    uint64_t events, tombstones, source_not_json, not_events;
    witness_list source_bad;   /* records of the source topic that are no events */
    int64_t tmin, tmax;        /* the window's events' timestamps; -1: none */
    cdc_topic_range *filtered; /* one per filter audited whose topic exists */
    size_t *range_fa;          /* range index -> fa index */
    size_t nranges;
    int64_t **hw_start; /* per range, the high watermarks when the audit started */
    const char *group;  /* the processor's consumer group */
    char *catch_up;     /* what waiting for the processor found, for the report */
    bool failed;        /* an error stopped the read */
    cdc_buf err;
} audit;

static void fail(audit *A, const char *msg)
{
    cdc_diag_error(&A->run->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "%s", msg);
    A->run->io_error = true;
    A->failed = true;
}

/* Adds a witness to l, keeping the w lowest by (partition, offset). */
static void keep_witness(witness_list *l, size_t max, const char *topic, cdc_record_at at,
                         uint32_t copies)
{
    if (!max)
        return;
    if (!l->v)
        l->v = xcalloc(max, sizeof *l->v);
    size_t i = l->n;
    while (i > 0 &&
           (l->v[i - 1].at.partition > at.partition ||
            (l->v[i - 1].at.partition == at.partition && l->v[i - 1].at.offset > at.offset)))
        i--;
    if (i >= max)
        return;
    size_t n = l->n < max ? l->n : max - 1;
    memmove(&l->v[i + 1], &l->v[i], (n - i) * sizeof *l->v);
    l->v[i] = (witness){.topic = topic, .at = at, .copies = copies};
    if (l->n < max)
        l->n++;
}

/* ---- the window ---- */

static bool offset_of(const bound *b, int32_t p, int64_t *out)
{
    if (b->all >= 0) {
        *out = b->all;
        return true;
    }
    for (size_t i = 0; i < b->n; i++)
        if (b->parts[i] == p) {
            *out = b->offs[i];
            return true;
        }
    return false;
}

/* The source topic's partitions and window [lo, hi) per partition. */
static bool source_window(audit *A, int32_t np)
{
    const audit_args *a = A->args;
    cdc_topic_range *s = &A->source;
    s->topic = A->run->prog.source_topic;
    s->npartitions = np;
    s->lo = xcalloc((size_t)np + 1, sizeof *s->lo);
    s->hi = xcalloc((size_t)np + 1, sizeof *s->hi);
    int64_t *low = xcalloc((size_t)np + 1, sizeof *low);
    bool ok = true;
    for (int32_t p = 0; ok && p < np; p++)
        ok = cdc_kafka_watermarks(&A->k, s->topic, p, &low[p], &s->hi[p], &A->err);
    for (int32_t p = 0; ok && p < np; p++)
        s->lo[p] = low[p];
    if (ok && a->from.given && a->from.kind == BOUND_TIMESTAMP)
        ok = cdc_kafka_offsets_for_time(&A->k, s->topic, np, a->from.ts, s->lo, &A->err);
    int64_t *until = NULL;
    if (ok && a->until.given && a->until.kind == BOUND_TIMESTAMP) {
        until = xcalloc((size_t)np + 1, sizeof *until);
        ok = cdc_kafka_offsets_for_time(&A->k, s->topic, np, a->until.ts, until, &A->err);
    }
    for (int32_t p = 0; ok && p < np; p++) {
        int64_t o;
        if (a->from.given && a->from.kind == BOUND_OFFSETS && offset_of(&a->from, p, &o))
            s->lo[p] = o;
        if (until)
            s->hi[p] = until[p] < s->hi[p] ? until[p] : s->hi[p];
        if (a->until.given && a->until.kind == BOUND_OFFSETS && offset_of(&a->until, p, &o) &&
            o < s->hi[p])
            s->hi[p] = o;
        if (a->from.given && a->from.kind == BOUND_EDGE && a->from.at_end)
            s->lo[p] = s->hi[p];
        if (a->until.given && a->until.kind == BOUND_EDGE && !a->until.at_end)
            s->hi[p] = low[p];
        if (s->lo[p] < low[p])
            s->lo[p] = low[p];
    }
    free(until);
    free(low);
    if (!ok)
        fail(A, A->err.data);
    return ok;
}

/* ---- reading the source topic ---- */

/* The record's key as text for a report: as it is when it is UTF-8
 * without control characters, else as hex. */
static char *key_text(const char *key, size_t len)
{
    if (!key)
        return NULL;
    bool plain = cdc_utf8_valid(key, len, NULL);
    for (size_t i = 0; plain && i < len; i++)
        plain = (unsigned char)key[i] >= 0x20 && key[i] != 0x7f;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    if (plain)
        cdc_buf_add(&b, key, len);
    else
        for (size_t i = 0; i < len; i++)
            cdc_buf_printf(&b, "%s%02x", i ? "" : "0x", (unsigned char)key[i]);
    return b.data;
}

/* An event of the window: routed, each route counted as expected. */
static bool on_source(void *ctx, size_t range, const cdc_record *r)
{
    (void)range;
    audit *A = ctx;
    if (r->timestamp >= 0) {
        if (A->tmin < 0 || r->timestamp < A->tmin)
            A->tmin = r->timestamp;
        if (r->timestamp > A->tmax)
            A->tmax = r->timestamp;
    }
    if (!r->value) {
        A->tombstones++;
        return true;
    }
    cdc_record_at at = {r->partition, r->offset};
    json_error_t jerr;
    bool widened;
    json_t *j = cdc_event_json_parse(r->value, r->value_len, 0, &jerr, &widened);
    if (!j) {
        A->source_not_json++;
        keep_witness(&A->source_bad, A->args->witnesses, A->source.topic, at, 1);
        return true;
    }
    cdc_event e;
    const char *why = NULL;
    if (!cdc_event_init(&e, &A->run->prog, j, &why)) {
        A->not_events++;
        keep_witness(&A->source_bad, A->args->witnesses, A->source.topic, at, 1);
        json_decref(j);
        return true;
    }
    A->events++;
    size_t n = cdc_eval_route(A->ev, &e, A->routed);
    cdc_event_release(&e);
    if (n) {
        cdc_record_hash h = cdc_record_hash_of(r->key, r->key_len, j, NULL, 0);
        for (size_t i = 0; i < n; i++) {
            size_t fi = A->fa_of[A->routed[i]];
            if (fi == SIZE_MAX)
                continue;
            A->fa[fi].n.expected++;
            if (!cdc_tally_add(A->tally, (uint32_t)fi, h, CDC_TALLY_EXPECTED, at, &A->err)) {
                json_decref(j);
                return false;
            }
        }
    }
    json_decref(j);
    return true;
}

/* ---- waiting for the processor ---- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Waits until the processor's group has committed the window's end on
 * every source partition, or --wait has passed; A->catch_up says what
 * came of it. Failing to ask is no error: the filtered topics are read
 * as they are. */
static void await_processor(audit *A)
{
    const cdc_config *cfg = &A->run->config;
    A->group = A->target == CDC_TARGET_KSTREAMS ? cfg->application_id : cfg->group_id;
    if (!A->group || !*A->group) {
        A->catch_up = xstrdup("the processor has no consumer group: not waited for");
        return;
    }
    cdc_buf err = CDC_BUF_INIT, msg = CDC_BUF_INIT;
    cdc_buf_init(&err);
    cdc_buf_init(&msg);
    const cdc_topic_range *src = &A->source;
    double start = now_s();
    for (;;) {
        cdc_buf_reset(&err);
        int64_t *committed = NULL;
        int n = 0;
        bool asked = cdc_kafka_committed_offsets(&A->k, A->group, src->topic, &committed, &n, &err);
        bool any = false, behind = false;
        int64_t lag = 0;
        for (int32_t p = 0; asked && p < src->npartitions; p++) {
            int64_t c = p < n ? committed[p] : -1;
            any |= c >= 0;
            if (src->hi[p] > src->lo[p] && c < src->hi[p]) {
                behind = true;
                lag += src->hi[p] - (c > src->lo[p] ? c : src->lo[p]);
            }
        }
        free(committed);
        double waited = now_s() - start;
        bool again = false;
        if (!asked && waited < A->args->wait_s)
            again = true; /* a broker's first group request waits for its offsets topic */
        else if (!asked)
            cdc_buf_printf(&msg, "the processor's group %s could not be asked: %s", A->group,
                           err.data);
        else if (!any)
            cdc_buf_printf(&msg,
                           "the processor's group %s has committed no offsets on %s: not "
                           "waited for",
                           A->group, src->topic);
        else if (!behind)
            cdc_buf_printf(&msg, "the processor's group %s had caught up after %.1f s", A->group,
                           waited);
        else if (waited >= A->args->wait_s)
            cdc_buf_printf(&msg,
                           "the processor's group %s had not caught up after %.0f s (--wait): "
                           "%lld events of the window not yet committed; some missing "
                           "records may be on their way",
                           A->group, waited, (long long)lag);
        else
            again = true;
        if (!again)
            break;
        nanosleep(&(struct timespec){0, 500000000}, NULL);
    }
    A->catch_up = xstrdup(msg.data ? msg.data : "");
    cdc_buf_release(&msg);
    cdc_buf_release(&err);
}

/* ---- reading the filtered topics ---- */

/* Whether an unexplained record of range ri lies outside the window (the
 * header comment says when). */
static bool outside(const audit *A, size_t ri, const cdc_record *r)
{
    bool bounded = A->args->from.given || A->args->until.given;
    if (A->tmax < 0) /* no event in the window: a bounded window explains nothing */
        return bounded;
    if (r->timestamp < 0)
        return false;
    bool late = r->timestamp > A->tmax &&
                (A->args->until.given || r->offset >= A->hw_start[ri][r->partition]);
    bool early = A->args->from.given && r->timestamp < A->tmin;
    return late || early;
}

static bool on_filtered(void *ctx, size_t range, const cdc_record *r)
{
    audit *A = ctx;
    size_t fi = A->range_fa[range];
    filter_audit *fa = &A->fa[fi];
    cdc_record_at at = {r->partition, r->offset};
    json_error_t jerr;
    bool widened;
    json_t *j = r->value
                    ? cdc_event_json_parse(r->value, r->value_len, JSON_DECODE_ANY, &jerr, &widened)
                    : json_null();
    if (!j) {
        fa->n.not_json++;
        keep_witness(&fa->w[W_NOT_JSON], A->args->witnesses, fa->topic, at, 1);
    }
    cdc_record_hash h = cdc_record_hash_of(r->key, r->key_len, j, r->value, r->value_len);
    json_decref(j);
    fa->n.found++;
    return cdc_tally_add(A->tally, (uint32_t)fi, h,
                         outside(A, range, r) ? CDC_TALLY_FOUND_OUTSIDE : CDC_TALLY_FOUND, at,
                         &A->err);
}

/* ---- the verdict per record ---- */

static void judge(void *ctx, const cdc_tally_entry *e)
{
    audit *A = ctx;
    filter_audit *fa = &A->fa[e->filter];
    uint32_t found = e->found;
    size_t max = A->args->witnesses;
    if (e->expected > found) {
        fa->n.missing += e->expected - found;
        keep_witness(&fa->w[W_MISSING], max, A->source.topic, e->first_expected,
                     e->expected - found);
    } else if (e->expected == 0) {
        /* Not explained by the window: extra, unless outside it. */
        fa->n.outside += e->outside;
        fa->n.extra += found - e->outside;
        if (found > e->outside)
            keep_witness(&fa->w[W_EXTRA], max, fa->topic, e->first_found, found - e->outside);
    } else if (found > e->expected) {
        fa->n.duplicated += found - e->expected;
        keep_witness(&fa->w[W_DUPLICATED], max, fa->topic, e->first_found, found);
    }
}

/* ---- the witnesses, re-read ---- */

/* Appends why filter c is TRUE for e: an AND's every condition, an OR's
 * first TRUE one, a NOT's FALSE one. */
static void explain(cdc_evaluator *ev, const cdc_cond *c, cdc_event *e, cdc_buf *out)
{
    if (c->kind == CDC_COND_ALL) {
        for (size_t i = 0; i < c->nkids; i++) {
            cdc_buf_puts(out, i ? " and " : "");
            explain(ev, c->kids[i], e, out);
        }
    } else if (c->kind == CDC_COND_NOT) {
        cdc_buf_puts(out, "not (");
        cdc_cond_describe(cdc_eval_decider(ev, c, e), out);
        cdc_buf_putc(out, ')');
    } else {
        cdc_cond_describe(cdc_eval_decider(ev, c, e), out);
    }
}

typedef struct witness_read {
    audit *A;
    witness *w;
    const filter_audit *fa; /* a missing record: the filters that route it */
} witness_read;

static bool on_witness(void *ctx, size_t range, const cdc_record *r)
{
    (void)range;
    witness_read *W = ctx;
    witness *w = W->w;
    w->key = key_text(r->key, r->key_len);
    if (r->value) {
        size_t n = r->value_len > 300 ? 300 : r->value_len;
        n = cdc_utf8_boundary(r->value, n);
        w->value = xmalloc(n + 4);
        memcpy(w->value, r->value, n);
        strcpy(w->value + n, n < r->value_len ? "..." : "");
        for (char *p = w->value; *p; p++)
            if ((unsigned char)*p < 0x20)
                *p = ' ';
    }
    if (!W->fa || !r->value)
        return true;
    json_error_t jerr;
    bool widened;
    json_t *j = cdc_event_json_parse(r->value, r->value_len, 0, &jerr, &widened);
    cdc_event e;
    const char *why;
    if (j && cdc_event_init(&e, &W->A->run->prog, j, &why)) {
        for (size_t i = 0; i < W->fa->nfs && !w->because; i++) {
            const cdc_filter *f = W->fa->fs[i];
            if (cdc_eval_filter(W->A->ev, f, &e) != CDC_TRUE)
                continue;
            cdc_buf b = CDC_BUF_INIT;
            cdc_buf_init(&b);
            if (W->fa->nfs > 1)
                cdc_buf_printf(&b, "%s: ", f->id.s);
            explain(W->A->ev, f->cond, &e, &b);
            w->because = b.data;
        }
        cdc_event_release(&e);
    }
    json_decref(j);
    return true;
}

static bool read_witness(audit *A, witness *w, const filter_audit *fa)
{
    if (w->at.partition < 0)
        return true;
    witness_read W = {A, w, fa};
    cdc_buf_reset(&A->err);
    if (!cdc_kafka_read_at(&A->k, w->topic, w->at.partition, w->at.offset, on_witness, &W,
                           &A->err)) {
        fail(A, A->err.data);
        return false;
    }
    return true;
}

static void read_witnesses(audit *A)
{
    for (size_t i = 0; i < A->source_bad.n; i++)
        if (!read_witness(A, &A->source_bad.v[i], NULL))
            return;
    for (size_t fi = 0; fi < A->nfa; fi++)
        for (int k = 0; k < W__COUNT; k++)
            for (size_t i = 0; i < A->fa[fi].w[k].n; i++)
                if (!read_witness(A, &A->fa[fi].w[k].v[i], k == W_MISSING ? &A->fa[fi] : NULL))
                    return;
}

/* Pairs each missing witness with an extra one of the same key, so that
 * a record written with another value reads as one change rather than two
 * unrelated findings. Only the witnesses kept are compared: the counts
 * stay what they are. */
static void pair_same_keys(audit *A)
{
    for (size_t fi = 0; fi < A->nfa; fi++) {
        witness_list *miss = &A->fa[fi].w[W_MISSING], *extra = &A->fa[fi].w[W_EXTRA];
        for (size_t i = 0; i < miss->n; i++)
            for (size_t j = 0; j < extra->n && miss->v[i].key; j++) {
                witness *m = &miss->v[i], *x = &extra->v[j];
                if (!x->same_key && x->key && strcmp(m->key, x->key) == 0) {
                    m->same_key = x;
                    x->same_key = m;
                    break;
                }
            }
    }
}

/* ---- the report ---- */

typedef struct totals {
    counts n;
    size_t no_topic;
} totals;

static void add_up(const audit *A, totals *t)
{
    *t = (totals){0};
    for (size_t i = 0; i < A->nfa; i++) {
        const counts *c = &A->fa[i].n;
        t->n.expected += c->expected;
        t->n.found += c->found;
        t->n.missing += c->missing;
        t->n.extra += c->extra;
        t->n.duplicated += c->duplicated;
        t->n.outside += c->outside;
        t->n.not_json += c->not_json;
        t->no_topic += A->fa[i].npartitions < 0;
    }
}

/* "raw-event-headers [1] @17 key K" */
static void describe_place(cdc_buf *b, const witness *w)
{
    cdc_buf_printf(b, "%s [%d] @%lld", w->topic, (int)w->at.partition, (long long)w->at.offset);
    cdc_buf_printf(b, " key %s", w->key ? w->key : "(none)");
}

/* One witness in words, for text, markdown and the diagnostics. */
static void describe_witness(cdc_buf *b, witness_kind k, const witness *w)
{
    describe_place(b, w);
    switch (k) {
    case W_MISSING:
        cdc_buf_printf(b, ": routed by %s, not found", w->because ? w->because : "the filter");
        if (w->copies > 1)
            cdc_buf_printf(b, " (%u times)", w->copies);
        if (w->same_key)
            cdc_buf_printf(b, "; the extra record %s [%d] @%lld has its key: a changed value?",
                           w->same_key->topic, (int)w->same_key->at.partition,
                           (long long)w->same_key->at.offset);
        break;
    case W_EXTRA:
        cdc_buf_printf(b, ": no event of the window routes it here%s; value %s",
                       w->copies > 1 ? " (found more than once)" : "",
                       w->value ? w->value : "(none)");
        if (w->same_key)
            cdc_buf_printf(b, "; the missing event %s [%d] @%lld has its key", w->same_key->topic,
                           (int)w->same_key->at.partition, (long long)w->same_key->at.offset);
        break;
    case W_DUPLICATED: cdc_buf_printf(b, ": found %u times", w->copies); break;
    case W_NOT_JSON:
        cdc_buf_printf(b, ": the value is not JSON: %s", w->value ? w->value : "(none)");
        break;
    case W__COUNT: break;
    }
}

static void window_text(const audit *A, cdc_buf *b)
{
    const cdc_topic_range *s = &A->source;
    uint64_t offsets = 0;
    for (int32_t p = 0; p < s->npartitions; p++)
        offsets += (uint64_t)(s->hi[p] > s->lo[p] ? s->hi[p] - s->lo[p] : 0);
    cdc_buf_printf(b, "%s (%d partition%s, %llu offsets", s->topic, (int)s->npartitions,
                   s->npartitions == 1 ? "" : "s", (unsigned long long)offsets);
    if (A->tmin >= 0) {
        cdc_buf_puts(b, ", ");
        cdc_format_instant_ms(A->tmin, b);
        cdc_buf_puts(b, " to ");
        cdc_format_instant_ms(A->tmax, b);
    }
    cdc_buf_putc(b, ')');
}

static void report_text(const audit *A, const totals *t, FILE *out)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    window_text(A, &b);
    fprintf(out, "audit: %s, %s: %llu events, %llu not JSON, %llu not events, %llu tombstones\n",
            cdc_live_processor_name(A->target), b.data, (unsigned long long)A->events,
            (unsigned long long)A->source_not_json, (unsigned long long)A->not_events,
            (unsigned long long)A->tombstones);
    if (A->catch_up && *A->catch_up)
        fprintf(out, "audit: %s\n", A->catch_up);
    if (A->events == 0)
        fputs("audit: the window holds no events\n", out);
    int wid = 6, wt = 5;
    for (size_t i = 0; i < A->nfa; i++) {
        if ((int)strlen(A->fa[i].ids) > wid)
            wid = (int)strlen(A->fa[i].ids);
        if ((int)strlen(A->fa[i].topic) > wt)
            wt = (int)strlen(A->fa[i].topic);
    }
    fprintf(out, "%-*s %-*s %9s %9s %8s %8s %10s\n", wid, "filter", wt, "topic", "expected",
            "found", "missing", "extra", "duplicated");
    for (size_t i = 0; i < A->nfa; i++) {
        const filter_audit *fa = &A->fa[i];
        fprintf(out, "%-*s %-*s %9llu %9llu %8llu %8llu %10llu%s\n", wid, fa->ids, wt, fa->topic,
                (unsigned long long)fa->n.expected, (unsigned long long)fa->n.found,
                (unsigned long long)fa->n.missing, (unsigned long long)fa->n.extra,
                (unsigned long long)fa->n.duplicated,
                fa->npartitions < 0 ? "  (the topic does not exist)" : "");
    }
    for (size_t i = 0; i < A->nfa; i++)
        for (int k = 0; k < W__COUNT; k++)
            for (size_t j = 0; j < A->fa[i].w[k].n; j++) {
                cdc_buf_reset(&b);
                describe_witness(&b, (witness_kind)k, &A->fa[i].w[k].v[j]);
                fprintf(out, "%-10s %s: %s\n", k == W_NOT_JSON ? "not-json" : kind_names[k],
                        A->fa[i].ids, b.data);
            }
    for (size_t j = 0; j < A->source_bad.n; j++) {
        cdc_buf_reset(&b);
        describe_place(&b, &A->source_bad.v[j]);
        fprintf(out, "%-10s %s: no event: %s\n", "not-event", A->source.topic, b.data);
    }
    fprintf(out,
            "audit: %zu filter%s: %llu expected, %llu found, %llu missing, %llu extra, %llu "
            "duplicated, %llu outside the window\n",
            A->nfa, A->nfa == 1 ? "" : "s", (unsigned long long)t->n.expected,
            (unsigned long long)t->n.found, (unsigned long long)t->n.missing,
            (unsigned long long)t->n.extra, (unsigned long long)t->n.duplicated,
            (unsigned long long)t->n.outside);
    cdc_buf_release(&b);
}

static void witness_json(cdc_json_writer *w, witness_kind k, const witness *x)
{
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "topic", x->topic);
    cdc_json_put_integer(w, "partition", x->at.partition);
    cdc_json_put_integer(w, "offset", x->at.offset);
    cdc_json_key(w, "key");
    if (x->key)
        cdc_json_string(w, x->key);
    else
        cdc_json_null(w);
    if (k == W_MISSING && x->because)
        cdc_json_put_string(w, "because", x->because);
    if (k != W_MISSING && x->value)
        cdc_json_put_string(w, "value", x->value);
    if (k == W_MISSING || k == W_DUPLICATED || k == W_EXTRA)
        cdc_json_put_integer(w, "count", x->copies);
    if (x->same_key) { /* the other of a missing and an extra record of one key */
        cdc_json_key(w, "sameKey");
        cdc_json_begin_object(w);
        cdc_json_put_string(w, "topic", x->same_key->topic);
        cdc_json_put_integer(w, "partition", x->same_key->at.partition);
        cdc_json_put_integer(w, "offset", x->same_key->at.offset);
        cdc_json_end_object(w);
    }
    cdc_json_end_object(w);
}

static void counts_json(cdc_json_writer *w, const counts *c)
{
    cdc_json_put_integer(w, "expected", (int64_t)c->expected);
    cdc_json_put_integer(w, "found", (int64_t)c->found);
    cdc_json_put_integer(w, "missing", (int64_t)c->missing);
    cdc_json_put_integer(w, "extra", (int64_t)c->extra);
    cdc_json_put_integer(w, "duplicated", (int64_t)c->duplicated);
    cdc_json_put_integer(w, "outsideWindow", (int64_t)c->outside);
}

static void report_json(const audit *A, const totals *t, FILE *out)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_json_writer w;
    cdc_json_writer_init(&w, &b, 0);
    cdc_json_begin_object(&w);
    cdc_json_put_string(&w, "processor", cdc_live_processor_name(A->target));
    cdc_json_put_string(&w, "bootstrapServers", A->k.bootstrap);
    cdc_json_key(&w, "source");
    cdc_json_begin_object(&w);
    cdc_json_put_string(&w, "topic", A->source.topic);
    cdc_json_key(&w, "window");
    cdc_json_begin_array(&w);
    for (int32_t p = 0; p < A->source.npartitions; p++) {
        cdc_json_begin_object(&w);
        cdc_json_put_integer(&w, "partition", p);
        cdc_json_put_integer(&w, "from", A->source.lo[p]);
        cdc_json_put_integer(&w, "until", A->source.hi[p]);
        cdc_json_end_object(&w);
    }
    cdc_json_end_array(&w);
    cdc_json_put_integer(&w, "events", (int64_t)A->events);
    cdc_json_put_integer(&w, "notJson", (int64_t)A->source_not_json);
    cdc_json_put_integer(&w, "notEvents", (int64_t)A->not_events);
    cdc_json_put_integer(&w, "tombstones", (int64_t)A->tombstones);
    cdc_json_key(&w, "witnesses");
    cdc_json_begin_array(&w);
    for (size_t j = 0; j < A->source_bad.n; j++)
        witness_json(&w, W_NOT_JSON, &A->source_bad.v[j]);
    cdc_json_end_array(&w);
    cdc_json_end_object(&w);
    if (A->catch_up)
        cdc_json_put_string(&w, "processorCatchUp", A->catch_up);
    cdc_json_key(&w, "filters");
    cdc_json_begin_array(&w);
    for (size_t i = 0; i < A->nfa; i++) {
        const filter_audit *fa = &A->fa[i];
        cdc_json_begin_object(&w);
        cdc_json_put_string(&w, "id", fa->ids);
        cdc_json_put_string(&w, "topic", fa->topic);
        cdc_json_put_bool(&w, "topicExists", fa->npartitions >= 0);
        counts_json(&w, &fa->n);
        cdc_json_put_integer(&w, "notJson", (int64_t)fa->n.not_json);
        cdc_json_key(&w, "witnesses");
        cdc_json_begin_object(&w);
        for (int k = 0; k < W__COUNT; k++) {
            cdc_json_key(&w, kind_names[k]);
            cdc_json_begin_array(&w);
            for (size_t j = 0; j < fa->w[k].n; j++)
                witness_json(&w, (witness_kind)k, &fa->w[k].v[j]);
            cdc_json_end_array(&w);
        }
        cdc_json_end_object(&w);
        cdc_json_end_object(&w);
    }
    cdc_json_end_array(&w);
    cdc_json_key(&w, "summary");
    cdc_json_begin_object(&w);
    cdc_json_put_integer(&w, "filters", (int64_t)A->nfa);
    counts_json(&w, &t->n);
    cdc_json_put_integer(&w, "spills", (int64_t)cdc_tally_spills(A->tally));
    cdc_json_end_object(&w);
    cdc_json_end_object(&w);
    cdc_json_writer_finish(&w);
    fputs(b.data, out);
    cdc_buf_release(&b);
}

static void report_markdown(const audit *A, const totals *t, FILE *out)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    fprintf(out, "### cdcgen audit: %s\n\n", cdc_live_processor_name(A->target));
    window_text(A, &b);
    fputs("Window: ", out);
    cdc_md_cell_plain(out, b.data);
    fprintf(out,
            ": %llu events. %llu expected, %llu found, %llu missing, %llu extra, %llu "
            "duplicated.\n",
            (unsigned long long)A->events, (unsigned long long)t->n.expected,
            (unsigned long long)t->n.found, (unsigned long long)t->n.missing,
            (unsigned long long)t->n.extra, (unsigned long long)t->n.duplicated);
    if (A->catch_up && *A->catch_up) {
        fputs("\n", out);
        cdc_md_cell_plain(out, A->catch_up);
        fputs("\n", out);
    }
    fputs("\n| Filter | Topic | Expected | Found | Missing | Extra | Duplicated |\n"
          "|---|---|---:|---:|---:|---:|---:|\n",
          out);
    for (size_t i = 0; i < A->nfa; i++) {
        const filter_audit *fa = &A->fa[i];
        fputs("| ", out);
        cdc_md_code(out, fa->ids);
        fputs(" | ", out);
        cdc_md_code(out, fa->topic);
        fprintf(out, "%s | %llu | %llu | %llu | %llu | %llu |\n",
                fa->npartitions < 0 ? " (missing)" : "", (unsigned long long)fa->n.expected,
                (unsigned long long)fa->n.found, (unsigned long long)fa->n.missing,
                (unsigned long long)fa->n.extra, (unsigned long long)fa->n.duplicated);
    }
    bool any = false;
    for (size_t i = 0; i < A->nfa; i++)
        for (int k = 0; k < W__COUNT; k++)
            for (size_t j = 0; j < A->fa[i].w[k].n; j++) {
                if (!any)
                    fputs("\nWitnesses:\n\n", out);
                any = true;
                cdc_buf_reset(&b);
                describe_witness(&b, (witness_kind)k, &A->fa[i].w[k].v[j]);
                fprintf(out, "- **%s** ", kind_names[k]);
                cdc_md_code(out, A->fa[i].ids);
                fputs(": ", out);
                cdc_md_cell_plain(out, b.data);
                fputs("\n", out);
            }
    cdc_buf_release(&b);
}

/* github and sarif: each witness a diagnostic at its filter. */
static void report_diagnostics(const audit *A)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < A->nfa; i++) {
        const filter_audit *fa = &A->fa[i];
        cdc_diags *d = &A->run->diags;
        const cdc_source *src = fa->f->src;
        for (int k = 0; k < W_NOT_JSON; k++)
            for (size_t j = 0; j < fa->w[k].n; j++) {
                cdc_buf_reset(&b);
                cdc_buf_printf(&b, "filter '%s': %s record in %s: ", fa->ids,
                               k == W_MISSING ? "a missing"
                               : k == W_EXTRA ? "an extra"
                                              : "a duplicated",
                               fa->topic);
                describe_witness(&b, (witness_kind)k, &fa->w[k].v[j]);
                if (k == W_MISSING)
                    cdc_diag_error(d, src, fa->f->pos, "audit-missing", "%s", b.data);
                else if (k == W_EXTRA)
                    cdc_diag_error(d, src, fa->f->pos, "audit-extra", "%s", b.data);
                else if (A->args->no_duplicates)
                    cdc_diag_error(d, src, fa->f->pos, "audit-duplicate", "%s", b.data);
                else
                    cdc_diag_warning(d, src, fa->f->pos, "audit-duplicate", "%s", b.data);
            }
    }
    cdc_buf_release(&b);
}

static void report(const audit *A)
{
    totals t;
    add_up(A, &t);
    switch (A->args->fmt) {
    case REPORT_TEXT: report_text(A, &t, stdout); break;
    case REPORT_JSON: report_json(A, &t, stdout); break;
    case REPORT_MARKDOWN: report_markdown(A, &t, stdout); break;
    case REPORT_GITHUB:
    case REPORT_SARIF: report_diagnostics(A); break;
    }
    A->run->findings =
        t.n.missing + t.n.extra > 0 || (A->args->no_duplicates && t.n.duplicated > 0);
}

/* ---- the run ---- */

/* The filters: the project as --filters's git revision or directory holds
 * it (its filters/ and cdcgen.yaml, read as diff --against reads them),
 * else the working tree's. */
static bool compile_filters(cdc_run *r, const cdc_opts *o, const char *filters)
{
    if (!filters)
        return cdc_run_compile(r, o, NULL, 0);
    cdc_config_text text;
    return cdc_against_compile(r, o, filters, &text);
}

/* The filters audited (the generated ones) and their topics' partitions. */
static bool plan(audit *A, const rd_kafka_metadata_t *md)
{
    const cdc_program *p = &A->run->prog;
    A->fa = xcalloc(p->nfilters + 1, sizeof *A->fa);
    A->fa_of = xcalloc(p->nfilters + 1, sizeof *A->fa_of);
    A->routed = xcalloc(p->nfilters + 1, sizeof *A->routed);
    A->filtered = xcalloc(p->nfilters + 1, sizeof *A->filtered);
    A->range_fa = xcalloc(p->nfilters + 1, sizeof *A->range_fa);
    A->hw_start = xcalloc(p->nfilters + 1, sizeof *A->hw_start);
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        A->fa_of[i] = SIZE_MAX;
        if (!f->generated)
            continue;
        size_t shared = 0;
        while (shared < A->nfa && strcmp(A->fa[shared].topic, f->topic[A->target]) != 0)
            shared++;
        if (shared < A->nfa) { /* another filter's topic too */
            filter_audit *fa = &A->fa[shared];
            fa->fs = xrealloc(fa->fs, (fa->nfs + 1) * sizeof *fa->fs);
            fa->fs[fa->nfs++] = f;
            char *ids = xmalloc(strlen(fa->ids) + strlen(f->id.s) + 3);
            sprintf(ids, "%s, %s", fa->ids, f->id.s);
            free(fa->ids);
            fa->ids = ids;
            A->fa_of[i] = shared;
            continue;
        }
        filter_audit *fa = &A->fa[A->nfa];
        fa->f = f;
        fa->fs = xmalloc(sizeof *fa->fs);
        fa->fs[0] = f;
        fa->nfs = 1;
        fa->ids = xstrdup(f->id.s);
        fa->topic = f->topic[A->target];
        fa->npartitions = cdc_kafka_partition_count(md, fa->topic);
        A->fa_of[i] = A->nfa++;
        if (fa->npartitions < 0) {
            cdc_diag_warning(&A->run->diags, f->src, f->pos, "io",
                             "topic %s of filter '%s' does not exist on %s: each record it "
                             "routes counts as missing",
                             fa->topic, f->id.s, A->k.bootstrap);
            continue;
        }
        cdc_topic_range *r = &A->filtered[A->nranges];
        r->topic = fa->topic;
        r->npartitions = fa->npartitions;
        r->lo = xcalloc((size_t)fa->npartitions + 1, sizeof *r->lo);
        r->hi = xcalloc((size_t)fa->npartitions + 1, sizeof *r->hi);
        A->hw_start[A->nranges] = xcalloc((size_t)fa->npartitions + 1, sizeof(int64_t));
        A->range_fa[A->nranges++] = A->nfa - 1;
    }
    int32_t np = cdc_kafka_partition_count(md, p->source_topic);
    if (np < 0) {
        cdc_buf_printf(&A->err, "the source topic %s does not exist on %s", p->source_topic,
                       A->k.bootstrap);
        fail(A, A->err.data);
        return false;
    }
    return source_window(A, np);
}

/* The filtered topics' high watermarks into hi (and start: hw_start), and
 * where reading starts. */
static bool filtered_offsets(audit *A, bool start)
{
    for (size_t i = 0; i < A->nranges; i++) {
        cdc_topic_range *r = &A->filtered[i];
        for (int32_t p = 0; p < r->npartitions; p++) {
            int64_t lo, hi;
            if (!cdc_kafka_watermarks(&A->k, r->topic, p, &lo, &hi, &A->err)) {
                fail(A, A->err.data);
                return false;
            }
            r->lo[p] = lo;
            r->hi[p] = hi;
            if (start)
                A->hw_start[i][p] = hi;
        }
        if (!start && A->args->from.given && A->tmin >= 0) {
            int64_t *at = xcalloc((size_t)r->npartitions + 1, sizeof *at);
            bool ok =
                cdc_kafka_offsets_for_time(&A->k, r->topic, r->npartitions, A->tmin, at, &A->err);
            for (int32_t p = 0; ok && p < r->npartitions; p++)
                if (at[p] > r->lo[p])
                    r->lo[p] = at[p];
            free(at);
            if (!ok) {
                fail(A, A->err.data);
                return false;
            }
        }
    }
    return true;
}

static void audit_release(audit *A)
{
    for (size_t i = 0; i < A->nfa; i++) {
        free(A->fa[i].fs);
        free(A->fa[i].ids);
    }
    for (size_t i = 0; i < A->nfa; i++)
        for (int k = 0; k < W__COUNT; k++) {
            for (size_t j = 0; j < A->fa[i].w[k].n; j++) {
                free(A->fa[i].w[k].v[j].key);
                free(A->fa[i].w[k].v[j].value);
                free(A->fa[i].w[k].v[j].because);
            }
            free(A->fa[i].w[k].v);
        }
    for (size_t j = 0; j < A->source_bad.n; j++) {
        free(A->source_bad.v[j].key);
        free(A->source_bad.v[j].value);
    }
    free(A->source_bad.v);
    for (size_t i = 0; i < A->nranges; i++) {
        free(A->filtered[i].lo);
        free(A->filtered[i].hi);
        free(A->hw_start[i]);
    }
    free(A->filtered);
    free(A->hw_start);
    free(A->range_fa);
    free(A->fa);
    free(A->fa_of);
    free(A->routed);
    free(A->source.lo);
    free(A->source.hi);
    free(A->catch_up);
    cdc_tally_free(A->tally);
    if (A->ev)
        cdc_eval_free(A->ev);
    if (A->k.rk || A->k.bootstrap)
        cdc_kafka_close(&A->k);
    cdc_buf_release(&A->err);
}

static void run_audit(audit *A)
{
    cdc_run *r = A->run;
    const audit_args *a = A->args;
    A->target = cdc_live_target(&a->live, &r->config);
    if (!cdc_kafka_open_consumer(&A->k, &a->live.kafka, r->config.bootstrap_servers, NULL,
                                 "earliest", false, &A->err)) {
        fail(A, A->err.data);
        return;
    }
    const rd_kafka_metadata_t *md = cdc_kafka_metadata(&A->k, &A->err);
    if (!md) {
        fail(A, A->err.data);
        return;
    }
    bool planned = plan(A, md);
    rd_kafka_metadata_destroy(md);
    if (!planned || !filtered_offsets(A, true))
        return;
    A->tally = cdc_tally_new(a->memory, NULL);
    A->ev = cdc_eval_new(&r->prog);
    if (!cdc_kafka_read_ranges(&A->k, &A->source, 1, on_source, A, &A->err)) {
        fail(A, A->err.data);
        return;
    }
    await_processor(A);
    if (!filtered_offsets(A, false))
        return;
    if (!cdc_kafka_read_ranges(&A->k, A->filtered, A->nranges, on_filtered, A, &A->err) ||
        !cdc_tally_each(A->tally, judge, A, &A->err)) {
        fail(A, A->err.data);
        return;
    }
    read_witnesses(A);
    pair_same_keys(A);
    if (!A->failed)
        report(A);
}

int cmd_audit(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT, .stdout_is_product = true};
    audit_args a = {.live = {.kafka = {.timeout_ms = 30000}},
                    .wait_s = 30,
                    .witnesses = 5,
                    .memory = 256u << 20};
    int status = cdc_opts_parse(argc, argv, &spec, &a, &o);
    if (status == CDC_OPT_NEXT && o.nargs) {
        fprintf(stderr, "cdcgen audit: takes no operands ('%s'); --filters names the filters\n",
                o.args[0]);
        usage(stderr);
        status = CDC_EXIT_ERROR;
    }
    if (status == CDC_OPT_NEXT) {
        /* github and sarif: the witnesses are the diagnostics, the product. */
        o.stdout_is_product = a.fmt != REPORT_GITHUB && a.fmt != REPORT_SARIF;
        cdc_run r;
        cdc_run_init(&r, project);
        audit A = {.run = &r, .args = &a, .tmin = -1, .tmax = -1};
        cdc_buf_init(&A.err);
        if (compile_filters(&r, &o, a.filters))
            run_audit(&A);
        else
            r.io_error = true;
        audit_release(&A);
        status = cdc_run_end(&r, &o);
    }
    cdc_kafka_settings_release(&a.live.kafka);
    free(a.from.parts);
    free(a.from.offs);
    free(a.until.parts);
    free(a.until.offs);
    return status;
}

/* cmd/consume.c: `cdcgen consume CONSUMER_ID`: the seed system's consumer
 * applications, as a command.
 *
 * The consumer's filters (consumerId) name the topics it reads, for the
 * processor of --processor or kafka.processor; it joins its consumer group
 * (the filters' consumerGroup, else <consumerId>-group), subscribes, and
 * prints each record: the table's columns, the CDC metadata, JSON columns
 * parsed (text), or one JSON line per record (--format json). A record
 * whose value is no JSON is printed as text with a warning. SIGINT and
 * SIGTERM end the loop: the offsets consumed are committed, the group left,
 * exit 0. --max N and --timeout S (idle seconds) end it too. Exit 2: usage,
 * filters that do not compile, an unknown consumer, no broker within 30 s,
 * a topic the cluster lacks. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/instant.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/live.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/schema.h"
#include "cdcgen/live/kafka.h"
#include "cdcgen/sem/eval.h"

static const char usage_text[] =
    "usage: cdcgen consume CONSUMER_ID [--processor flink|kstreams] [--format text|json]\n"
    "                      [--from-beginning] [--max N] [--timeout SECONDS]\n"
    "                      [--bootstrap-servers LIST] [-X KEY=VALUE]... [--kafka-config FILE]\n"
    "                      [-f FILTERS]... [-c FILE] [--schema FILE]\n"
    "\n"
    "Read the topics a consumer's filters write, in its consumer group (the\n"
    "filters' consumerGroup, else CONSUMER_ID-group), and print each event: the\n"
    "table's columns, the CDC metadata and the JSON columns parsed, or one JSON\n"
    "line per event. Ctrl-C commits the offsets read and exits 0.\n"
    "\n"
    "  -f, --filters PATH   filter file or directory (repeatable; default filters/)\n"
    "      --format FMT     text (the default) or json (a JSON line per event)\n"
    "      --from-beginning  start at each partition's first record, not at the\n"
    "                       group's committed offsets\n"
    "      --max N          stop after N records\n"
    "      --timeout SECONDS  stop after this long without a record\n" CDC_HELP_LIVE
        /* then the options every command takes */
        CDC_HELP_CONFIG CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

typedef struct consume_args {
    cdc_live_opts live;
    cdc_path_list filters;
    bool json;
    bool from_beginning;
    unsigned long max; /* 0: no limit */
    double idle_s;     /* 0: no limit */
} consume_args;

static const struct option longopts[] = {
    {"filters", required_argument, NULL, 'f'},
    {"from-beginning", no_argument, NULL, 'B'},
    {"max", required_argument, NULL, 'N'},
    {"timeout", required_argument, NULL, 'T'},
    CDC_LIVE_LONGOPTS,
    CDC_LONGOPT_CONFIG,
    CDC_LONGOPT_SCHEMA,
    CDC_LONGOPT_FORMAT,
    CDC_LONGOPT_HELP,
    CDC_LONGOPTS_END,
};

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o;
    consume_args *a = args;
    char *end;
    switch (c) {
    case 'f': cdc_path_list_push(&a->filters, (char *)arg); return CDC_OPT_NEXT;
    case 'B': a->from_beginning = true; return CDC_OPT_NEXT;
    case 'N':
        a->max = strtoul(arg, &end, 10);
        if (*arg < '0' || *arg > '9' || *end || a->max == 0) {
            fprintf(stderr, "cdcgen consume: --max needs a number of records above 0, not '%s'\n",
                    arg);
            return CDC_EXIT_ERROR;
        }
        return CDC_OPT_NEXT;
    case 'T':
        return cdc_live_seconds("consume", "--timeout", arg, &a->idle_s) ? CDC_OPT_NEXT
                                                                         : CDC_EXIT_ERROR;
    case 'F':
        if (strcmp(arg, "text") == 0 || strcmp(arg, "json") == 0) {
            a->json = arg[0] == 'j';
            return CDC_OPT_NEXT;
        }
        fprintf(stderr, "cdcgen consume: unknown --format '%s' (text, json)\n", arg);
        return CDC_EXIT_ERROR;
    default: return cdc_live_take(&a->live, "consume", c, arg);
    }
}

static const cdc_optspec spec = {longopts, "f:c:h" CDC_LIVE_SHORTOPTS, usage, take_option};

/* ---- ending on a signal ---- */

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* ---- the consumer's topics ---- */

typedef struct consumer {
    const char *id, *group;
    const char **topics;
    size_t ntopics;
} consumer;

/* The consumer's topics for target t and its group; false (reported) for
 * an unknown consumer or filters that name different groups. */
static bool find_consumer(cdc_run *r, const char *id, cdc_target t, consumer *c)
{
    *c = (consumer){.id = id};
    const cdc_filter *grouped = NULL;
    for (size_t i = 0; i < r->prog.nfilters; i++) {
        const cdc_filter *f = r->prog.filters[i];
        if (!f->generated || strcmp(f->consumer_id.s, id) != 0)
            continue;
        if (f->consumer_group.s) {
            if (grouped && strcmp(grouped->consumer_group.s, f->consumer_group.s) != 0) {
                cdc_diag_error(&r->diags, f->src, f->consumer_group.pos, "io",
                               "consumer '%s' has two consumer groups: '%s' (filter %s) and "
                               "'%s' (filter %s)",
                               id, grouped->consumer_group.s, grouped->id.s, f->consumer_group.s,
                               f->id.s);
                r->io_error = true;
                return false;
            }
            grouped = f;
        }
        const char *topic = f->topic[t];
        bool seen = false;
        for (size_t k = 0; k < c->ntopics; k++)
            seen |= strcmp(c->topics[k], topic) == 0;
        if (!seen) {
            c->topics = cdc_arena_grow(r->arena, c->topics, c->ntopics, sizeof *c->topics);
            c->topics[c->ntopics++] = topic;
        }
    }
    if (!c->ntopics) {
        cdc_buf known = CDC_BUF_INIT;
        cdc_buf_init(&known);
        for (size_t i = 0; i < r->prog.nfilters; i++) {
            const cdc_filter *f = r->prog.filters[i];
            if (!f->generated || strstr(known.data, f->consumer_id.s))
                continue;
            cdc_buf_printf(&known, "%s%s", known.len ? ", " : "", f->consumer_id.s);
        }
        cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                       "no generated filter has consumerId '%s' (consumers: %s)", id,
                       known.len ? known.data : "none");
        cdc_buf_release(&known);
        r->io_error = true;
        return false;
    }
    c->group = grouped ? grouped->consumer_group.s : cdc_arena_printf(r->arena, "%s-group", id);
    return true;
}

/* ---- printing an event ---- */

/* The JSON columns (schema type json) of a value parsed in place, so that
 * both forms print them as JSON. */
static void parse_json_columns(const cdc_schema *s, json_t *value)
{
    const char *k;
    json_t *v;
    json_object_foreach(value, k, v)
    {
        const cdc_field *f = cdc_schema_find(s, k);
        if (!f || f->type != CDC_TYPE_JSON || !json_is_string(v))
            continue;
        json_t *parsed = json_loads(json_string_value(v), JSON_DECODE_ANY, NULL);
        if (parsed)
            json_object_set_new(value, k, parsed);
    }
}

static const char *op_name(const char *op)
{
    switch (op && op[0] && !op[1] ? op[0] : 0) {
    case 'c': return "create";
    case 'u': return "update";
    case 'd': return "delete";
    case 'r': return "snapshot read";
    default: return "?";
    }
}

/* A scalar as text: strings as they are, the rest as JSON. */
static void put_scalar(cdc_buf *b, const json_t *v)
{
    if (json_is_string(v)) {
        cdc_buf_add(b, json_string_value(v), json_string_length(v));
        return;
    }
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
    cdc_buf_puts(b, s ? s : "?");
    free(s);
}

/* An object's members, one per line at indent, nested objects below. */
static void put_members(cdc_buf *b, const json_t *o, int indent, bool skip_metadata)
{
    size_t width = 0;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v)
    {
        if (!(skip_metadata && k[0] == '_' && k[1] == '_') && strlen(k) > width)
            width = strlen(k);
    }
    json_object_foreach((json_t *)o, k, v)
    {
        if (skip_metadata && k[0] == '_' && k[1] == '_')
            continue;
        cdc_buf_printf(b, "%*s%s:", indent, "", k);
        if (json_is_object(v) && json_object_size(v)) {
            cdc_buf_putc(b, '\n');
            put_members(b, v, indent + 2, false);
            continue;
        }
        cdc_buf_fill(b, ' ', width - strlen(k) + 1);
        put_scalar(b, v);
        cdc_buf_putc(b, '\n');
    }
}

static void put_header(cdc_buf *b, const rd_kafka_message_t *m)
{
    cdc_buf_printf(b, "%s [%d] @%lld", rd_kafka_topic_name(m->rkt), (int)m->partition,
                   (long long)m->offset);
    if (m->key) {
        cdc_buf_puts(b, "  key ");
        cdc_buf_add(b, m->key, m->key_len);
    }
    cdc_buf_putc(b, '\n');
}

/* The CDC metadata in one line: op c (create), table event_headers, at ... */
static void put_metadata(cdc_buf *b, const json_t *value)
{
    const json_t *op = json_object_get(value, "__op"), *table = json_object_get(value, "__table"),
                 *ts = json_object_get(value, "__ts_ms"),
                 *del = json_object_get(value, "__deleted");
    if (!op && !table && !ts && !del)
        return;
    cdc_buf_puts(b, "  cdc:");
    if (json_is_string(op))
        cdc_buf_printf(b, " op %s (%s)", json_string_value(op), op_name(json_string_value(op)));
    if (json_is_string(table))
        cdc_buf_printf(b, ", table %s", json_string_value(table));
    if (json_is_integer(ts)) {
        cdc_buf_puts(b, ", at ");
        cdc_format_instant_ms(json_integer_value(ts), b);
    }
    if (del && !json_is_null(del)) {
        cdc_buf_puts(b, ", deleted ");
        put_scalar(b, del);
    }
    cdc_buf_putc(b, '\n');
}

static void print_text(const rd_kafka_message_t *m, json_t *value, cdc_buf *b)
{
    put_header(b, m);
    if (!value) {
        cdc_buf_puts(b, "  (not JSON) ");
        cdc_buf_add(b, m->payload, m->len);
        cdc_buf_putc(b, '\n');
    } else if (!json_is_object(value)) {
        cdc_buf_puts(b, "  ");
        put_scalar(b, value);
        cdc_buf_putc(b, '\n');
    } else {
        put_members(b, value, 2, true);
        put_metadata(b, value);
    }
    cdc_buf_putc(b, '\n');
}

static void print_json(const rd_kafka_message_t *m, json_t *value, cdc_buf *b)
{
    json_t *o = json_object();
    json_object_set_new(o, "topic", json_string(rd_kafka_topic_name(m->rkt)));
    json_object_set_new(o, "partition", json_integer(m->partition));
    json_object_set_new(o, "offset", json_integer(m->offset));
    json_object_set_new(o, "key", m->key ? json_stringn_nocheck(m->key, m->key_len) : json_null());
    if (value) {
        json_object_set(o, "event", value);
    } else {
        json_object_set_new(o, "event", json_null());
        json_object_set_new(o, "raw", json_stringn_nocheck(m->payload ? m->payload : "", m->len));
        json_object_set_new(o, "warning", json_string("the value is not JSON"));
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    cdc_buf_puts(b, s);
    cdc_buf_putc(b, '\n');
    free(s);
    json_decref(o);
}

/* ---- the loop ---- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct tally {
    unsigned long records, not_json;
} tally;

static void handle(cdc_run *r, const consume_args *a, const rd_kafka_message_t *m, tally *t,
                   cdc_buf *out)
{
    json_error_t jerr;
    bool widened;
    json_t *value = m->payload
                        ? cdc_event_json_parse(m->payload, m->len, JSON_DECODE_ANY, &jerr, &widened)
                        : json_null();
    if (!value) {
        t->not_json++;
        fprintf(stderr, "cdcgen consume: warning: %s [%d] @%lld: the value is not JSON (%s)\n",
                rd_kafka_topic_name(m->rkt), (int)m->partition, (long long)m->offset, jerr.text);
    } else if (json_is_object(value)) {
        parse_json_columns(r->prog.schema, value);
    }
    cdc_buf_reset(out);
    if (a->json)
        print_json(m, value, out);
    else
        print_text(m, value, out);
    fwrite(out->data, 1, out->len, stdout);
    fflush(stdout);
    json_decref(value);
    t->records++;
}

static void consume(cdc_run *r, const consume_args *a, const consumer *c, cdc_kafka *k)
{
    rd_kafka_topic_partition_list_t *subs = rd_kafka_topic_partition_list_new((int)c->ntopics);
    for (size_t i = 0; i < c->ntopics; i++)
        rd_kafka_topic_partition_list_add(subs, c->topics[i], RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(k->rk, subs);
    rd_kafka_topic_partition_list_destroy(subs);
    if (e) {
        cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot subscribe: %s",
                       rd_kafka_err2str(e));
        r->io_error = true;
        return;
    }
    catch_signals();
    tally t = {0};
    cdc_buf out = CDC_BUF_INIT;
    cdc_buf_init(&out);
    double last = now_s();
    while (!stop_requested && !(a->max && t.records >= a->max)) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(k->rk, 200);
        if (!m) {
            if (a->idle_s > 0 && now_s() - last >= a->idle_s)
                break;
            continue;
        }
        if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            last = now_s();
            handle(r, a, m, &t, &out);
        } else if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            fprintf(stderr, "cdcgen consume: warning: %s\n", rd_kafka_message_errstr(m));
        }
        rd_kafka_message_destroy(m);
    }
    cdc_buf_release(&out);
    /* What was printed is committed before the group is left. */
    rd_kafka_commit(k->rk, NULL, 0);
    rd_kafka_consumer_close(k->rk);
    fprintf(stderr, "cdcgen consume: %s: %lu record%s (%lu not JSON), group %s\n", c->id, t.records,
            t.records == 1 ? "" : "s", t.not_json, c->group);
}

/* The topics exist and a broker answers; false (reported) otherwise. */
static bool topics_exist(cdc_run *r, cdc_kafka *k, const consumer *c)
{
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    const rd_kafka_metadata_t *md = cdc_kafka_metadata(k, &err);
    bool ok = md != NULL;
    if (!ok) {
        cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "%s", err.data);
    } else {
        for (size_t i = 0; i < c->ntopics; i++)
            if (cdc_kafka_partition_count(md, c->topics[i]) < 0) {
                cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                               "topic %s does not exist on %s", c->topics[i], k->bootstrap);
                ok = false;
            }
        rd_kafka_metadata_destroy(md);
    }
    r->io_error |= !ok;
    cdc_buf_release(&err);
    return ok;
}

static void run(cdc_run *r, const cdc_opts *o, consume_args *a)
{
    if (o->nargs != 1) {
        fputs(o->nargs ? "cdcgen consume: give one CONSUMER_ID\n"
                       : "cdcgen consume: which consumer? (CONSUMER_ID)\n",
              stderr);
        usage(stderr);
        r->io_error = true;
        return;
    }
    if (!cdc_run_compile(r, o, a->filters.v, (int)a->filters.n)) {
        r->io_error = true;
        return;
    }
    consumer c;
    if (!find_consumer(r, o->args[0], cdc_live_target(&a->live, &r->config), &c))
        return;
    cdc_buf err = CDC_BUF_INIT;
    cdc_buf_init(&err);
    cdc_kafka k;
    const char *reset = a->from_beginning ? "beginning" : "latest";
    if (!cdc_kafka_open_consumer(&k, &a->live.kafka, r->config.bootstrap_servers, c.group, reset,
                                 true, &err)) {
        cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "%s", err.data);
        r->io_error = true;
    } else {
        if (topics_exist(r, &k, &c))
            consume(r, a, &c, &k);
        cdc_kafka_close(&k);
    }
    cdc_buf_release(&err);
}

int cmd_consume(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT, .stdout_is_product = true};
    consume_args a = {.live = {.kafka = {.timeout_ms = 30000}}};
    int status = cdc_opts_parse(argc, argv, &spec, &a, &o);
    if (status == CDC_OPT_NEXT) {
        o.format = CDC_DIAG_TEXT; /* --format is the events' */
        cdc_run r;
        cdc_run_init(&r, project);
        run(&r, &o, &a);
        status = cdc_run_end(&r, &o);
    }
    cdc_kafka_settings_release(&a.live.kafka);
    free(a.filters.v);
    return status;
}

/* sem/change.c: what changed between two versions of a project, classified.
 *
 * Consumes two checked programs (and their configs); produces a list of
 * changes (change.h) that `cdcgen diff` reports and `cdcgen rollout` and
 * `cdcgen backfill` plan on. Filters are matched by id; a condition that
 * changed is decided by routediff.c, with witness events. The keys of
 * cdcgen.yaml are compared through the table of keys.c, so a key added to
 * the table is compared without a change here; what a key does to the
 * running pipeline (its effect) is the one table below. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/sem/change.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/strmap.h"
#include "cdcgen/base/util.h"
#include "cdcgen/sem/eval.h"

static const char *const kind_names[CDC_CHANGE__COUNT] = {
    [CDC_CHANGE_REMOVED] = "removed",   [CDC_CHANGE_ADDED] = "added",
    [CDC_CHANGE_DISABLED] = "disabled", [CDC_CHANGE_REENABLED] = "re-enabled",
    [CDC_CHANGE_TOPIC] = "topic",       [CDC_CHANGE_CONSUMER] = "consumer",
    [CDC_CHANGE_ROUTING] = "routing",   [CDC_CHANGE_CONFIG] = "config",
};

const char *cdc_change_kind_name(cdc_change_kind k)
{
    return k < CDC_CHANGE__COUNT ? kind_names[k] : "?";
}

static const char *const effect_names[CDC_EFFECT__COUNT] = {
    [CDC_EFFECT_TOPICS] = "topics",       [CDC_EFFECT_SOURCE] = "source",
    [CDC_EFFECT_GROUP] = "group",         [CDC_EFFECT_PROCESSOR] = "processor",
    [CDC_EFFECT_CONNECTOR] = "connector", [CDC_EFFECT_TOPIC_SETTINGS] = "topic-settings",
    [CDC_EFFECT_OUTPUTS] = "outputs",
};

const char *cdc_config_effect_name(cdc_config_effect e)
{
    return e < CDC_EFFECT__COUNT ? effect_names[e] : "?";
}

const cdc_filter *cdc_change_subject(const cdc_change *c)
{
    return c->head ? c->head : c->base;
}

static cdc_change *change_add(cdc_changes *C, cdc_change_kind kind, const cdc_filter *base,
                              const cdc_filter *head)
{
    if (C->n == C->cap) {
        C->cap = C->cap ? 2 * C->cap : 16;
        C->v = xrealloc(C->v, C->cap * sizeof *C->v);
    }
    cdc_change *c = &C->v[C->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->base = base;
    c->head = head;
    return c;
}

void cdc_changes_release(cdc_changes *C)
{
    for (size_t i = 0; i < C->n; i++)
        cdc_route_diff_release(&C->v[i].route);
    free(C->v);
    *C = (cdc_changes){0};
}

/* ---- filters ---- */

/* Two evaluators, one per version, for the routing comparisons. */
typedef struct versions {
    const cdc_program *bp, *hp;
    cdc_evaluator *bev, *hev;
} versions;

/* A filter in both versions, both generated: its topic, consumer and
 * conditions. */
static void compare_generated(cdc_arena *a, const versions *V, const cdc_filter *b,
                              const cdc_filter *h, cdc_changes *C)
{
    if (strcmp(b->output_topic.s, h->output_topic.s) != 0) {
        cdc_change *c = change_add(C, CDC_CHANGE_TOPIC, b, h);
        c->from = b->output_topic.s;
        c->to = h->output_topic.s;
        c->breaking = true;
    }
    if (strcmp(b->consumer_id.s, h->consumer_id.s) != 0) {
        cdc_change *c = change_add(C, CDC_CHANGE_CONSUMER, b, h);
        c->from = b->consumer_id.s;
        c->to = h->consumer_id.s;
    }
    if (!cdc_cond_same(b->cond, h->cond)) {
        cdc_change *c = change_add(C, CDC_CHANGE_ROUTING, b, h);
        cdc_route_diff_filters(a, V->bev, V->bp, b, V->hev, V->hp, h, &c->route);
        c->breaking = c->route.change == CDC_ROUTE_NARROWED || c->route.change == CDC_ROUTE_BOTH ||
                      c->route.change == CDC_ROUTE_UNDECIDED;
    }
}

/* A filter of the base, and the filter with its id in the change (h, or
 * NULL when it was removed). */
static void compare_filter(cdc_arena *a, const versions *V, const cdc_filter *b,
                           const cdc_filter *h, cdc_changes *C)
{
    if (!h)
        change_add(C, CDC_CHANGE_REMOVED, b, NULL)->breaking = b->generated;
    else if (b->generated && !h->generated)
        change_add(C, CDC_CHANGE_DISABLED, b, h)->breaking = true;
    else if (!b->generated && h->generated)
        change_add(C, CDC_CHANGE_REENABLED, b, h);
    else if (h->generated)
        compare_generated(a, V, b, h, C);
    /* else neither routes anything */
}

void cdc_changes_compare_filters(cdc_arena *a, const cdc_program *bp, const cdc_program *hp,
                                 cdc_changes *C)
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
            change_add(C, CDC_CHANGE_ADDED, NULL, h);
    }
    cdc_eval_free(V.bev);
    cdc_eval_free(V.hev);
    cdc_strmap_release(&by_id);
    cdc_strmap_release(&in_base);
}

/* ---- cdcgen.yaml ---- */

/* What each key (or section prefix) does to the running pipeline, which
 * engines it reaches, and whether it breaks a consumer. The first row
 * whose prefix the key's path starts with decides; every key of keys.c
 * falls under some row (the last is the catch-all). */
static const struct effect_row {
    const char *prefix;
    cdc_config_effect effect;
    unsigned engines;
    bool breaking;
} effect_rows[] = {
    /* the suffixes name every filtered topic of their processors */
    {"topics.flink_suffix", CDC_EFFECT_TOPICS,
     CDC_ENGINE_BIT_FLINK | CDC_ENGINE_BIT_CONFLUENT | CDC_ENGINE_BIT_TOPICS, true},
    {"topics.streams_suffix", CDC_EFFECT_TOPICS, CDC_ENGINE_BIT_KSTREAMS | CDC_ENGINE_BIT_TOPICS,
     true},
    /* the topic every processor reads and the connector writes */
    {"kafka.source_topic", CDC_EFFECT_SOURCE,
     CDC_ENGINE_BIT_FLINK | CDC_ENGINE_BIT_CONFLUENT | CDC_ENGINE_BIT_KSTREAMS |
         CDC_ENGINE_BIT_CONNECT | CDC_ENGINE_BIT_TOPICS,
     true},
    /* whose committed offsets a processor resumes from */
    {"kafka.group_id", CDC_EFFECT_GROUP, CDC_ENGINE_BIT_FLINK, true},
    {"streams.application_id", CDC_EFFECT_GROUP, CDC_ENGINE_BIT_KSTREAMS, true},
    {"kafka.bootstrap_servers", CDC_EFFECT_PROCESSOR,
     CDC_ENGINE_BIT_FLINK | CDC_ENGINE_BIT_KSTREAMS | CDC_ENGINE_BIT_TOPICS, false},
    {"flink.", CDC_EFFECT_PROCESSOR, CDC_ENGINE_BIT_FLINK, false},
    {"streams.dead_letter_topic", CDC_EFFECT_PROCESSOR,
     CDC_ENGINE_BIT_KSTREAMS | CDC_ENGINE_BIT_TOPICS, false},
    {"streams.", CDC_EFFECT_PROCESSOR, CDC_ENGINE_BIT_KSTREAMS, false},
    {"topics.", CDC_EFFECT_TOPIC_SETTINGS, CDC_ENGINE_BIT_TOPICS, false},
    {"database.", CDC_EFFECT_CONNECTOR, CDC_ENGINE_BIT_CONNECT, false},
    {"connector.", CDC_EFFECT_CONNECTOR, CDC_ENGINE_BIT_CONNECT, false},
    {"confluent.", CDC_EFFECT_CONNECTOR, CDC_ENGINE_BIT_CONNECT, false},
    {"", CDC_EFFECT_OUTPUTS, 0, false}, /* targets, schema */
};

static const struct effect_row *effect_of(const char *path)
{
    for (size_t i = 0; i < ARRAY_SIZE(effect_rows); i++)
        if (strncmp(path, effect_rows[i].prefix, strlen(effect_rows[i].prefix)) == 0)
            return &effect_rows[i];
    CDC_BUG("no effect row for '%s'", path);
}

/* The node of a dotted path in a cdcgen.yaml tree, or NULL. */
static const cdc_ynode *locate(const cdc_ynode *root, const char *path)
{
    const cdc_ynode *n = root;
    const char *p = path;
    char part[128];
    while (n && *p) {
        size_t len = strcspn(p, ".");
        if (n->kind != CDC_Y_MAPPING || len >= sizeof part)
            return NULL;
        memcpy(part, p, len);
        part[len] = '\0';
        n = cdc_ynode_get(n, part);
        p += len + (p[len] == '.');
    }
    return n;
}

/* The targets of a config as "flink, kstreams, ...". */
static const char *targets_text(cdc_arena *a, unsigned bits)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (int t = 0; t < CDC_TARGET__COUNT; t++)
        if (bits & (1u << t))
            cdc_buf_printf(&b, "%s%s", b.len ? ", " : "", cdc_target_name((cdc_target)t));
    const char *s = cdc_arena_strdup(a, b.data ? b.data : "");
    cdc_buf_release(&b);
    return s;
}

/* A key's value in c as text, or NULL for a kind that is not compared
 * (suppress: warnings turned off change nothing that runs). */
static const char *value_text(cdc_arena *a, const cdc_config_key *row, const cdc_config *c)
{
    const char *field = (const char *)c + row->field;
    switch (row->kind) {
    case CDC_KEY_TEXT: return *(const char *const *)field ? *(const char *const *)field : "";
    case CDC_KEY_NUMBER: return cdc_arena_printf(a, "%" PRId64, *(const int64_t *)field);
    case CDC_KEY_BOOLEAN: return *(const bool *)field ? "true" : "false";
    case CDC_KEY_LIST:
        return strcmp(row->path, "targets") == 0 ? targets_text(a, c->targets) : NULL;
    case CDC_KEY_MAPPING: return NULL;
    }
    return NULL;
}

void cdc_changes_compare_config(cdc_arena *a, const cdc_config *bc, const cdc_config_text *bt,
                                const cdc_config *hc, const cdc_config_text *ht, cdc_changes *C)
{
    size_t n;
    const cdc_config_key *keys = cdc_config_keys(&n);
    for (size_t i = 0; i < n; i++) {
        const cdc_config_key *row = &keys[i];
        if (row->field == CDC_KEY_NO_FIELD)
            continue;
        const char *from = value_text(a, row, bc), *to = value_text(a, row, hc);
        if (!from || !to || strcmp(from, to) == 0)
            continue;
        const struct effect_row *e = effect_of(row->path);
        cdc_change *c = change_add(C, CDC_CHANGE_CONFIG, NULL, NULL);
        c->key = row->path;
        c->from = from;
        c->to = to;
        c->effect = e->effect;
        c->engines = e->engines;
        c->breaking = e->breaking;
        const cdc_ynode *at = ht->root ? locate(ht->root, row->path) : NULL;
        if (at) {
            c->src = ht->src;
        } else if (bt->root && (at = locate(bt->root, row->path)) != NULL) {
            c->src = bt->src;
        } else {
            c->src = ht->src ? ht->src : bt->src;
        }
        if (at)
            c->pos = at->pos;
    }
}

/* ---- words ---- */

static void describe_config(const cdc_change *c, cdc_buf *out)
{
    cdc_buf_printf(out, "changed from '%s' to '%s': ", c->from, c->to);
    switch (c->effect) {
    case CDC_EFFECT_TOPICS:
        cdc_buf_puts(out, "every filtered topic of its processors moves to a new name; their "
                          "consumers read the old ones");
        break;
    case CDC_EFFECT_SOURCE:
        cdc_buf_puts(out, "every processor reads another topic and the connector writes there; "
                          "routing restarts on it, from its consumer groups' offsets there");
        break;
    case CDC_EFFECT_GROUP:
        cdc_buf_puts(out, "the processor resumes from another consumer group's offsets (a new "
                          "group has none: it routes the source topic again from its start)");
        break;
    case CDC_EFFECT_PROCESSOR: cdc_buf_puts(out, "the processor restarts with it"); break;
    case CDC_EFFECT_CONNECTOR: cdc_buf_puts(out, "the connector's configuration changes"); break;
    case CDC_EFFECT_TOPIC_SETTINGS:
        cdc_buf_puts(out, "topics created from now on get it; existing topics keep theirs "
                          "(cdcgen topics plan reports them)");
        break;
    case CDC_EFFECT_OUTPUTS: cdc_buf_puts(out, "what cdcgen writes; nothing that runs"); break;
    case CDC_EFFECT__COUNT: break;
    }
}

void cdc_change_describe(const cdc_change *c, cdc_buf *out)
{
    const cdc_filter *f = cdc_change_subject(c);
    switch (c->kind) {
    case CDC_CHANGE_REMOVED:
        cdc_buf_printf(out, "removed (it wrote %s for %s%s)", f->output_topic.s, f->consumer_id.s,
                       f->generated ? "" : "; it was not generated");
        break;
    case CDC_CHANGE_ADDED:
        cdc_buf_printf(out, "added (writes %s for %s%s)", f->output_topic.s, f->consumer_id.s,
                       f->generated ? "" : "; not generated");
        break;
    case CDC_CHANGE_DISABLED:
        if (!c->head->enabled)
            cdc_buf_puts(out, "disabled (enabled: false)");
        else
            cdc_buf_printf(out, "disabled (status: %s)", cdc_status_name(c->head->status));
        cdc_buf_printf(out, ": %s no longer gets %s", f->consumer_id.s, f->output_topic.s);
        break;
    case CDC_CHANGE_REENABLED:
        cdc_buf_printf(out, "re-enabled: writes %s for %s again", f->output_topic.s,
                       f->consumer_id.s);
        break;
    case CDC_CHANGE_TOPIC:
        cdc_buf_printf(out, "topic changed from %s to %s: %s reads the old one", c->from, c->to,
                       f->consumer_id.s);
        break;
    case CDC_CHANGE_CONSUMER:
        cdc_buf_printf(out, "consumer changed from %s to %s", c->from, c->to);
        break;
    case CDC_CHANGE_ROUTING:
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
    case CDC_CHANGE_CONFIG: describe_config(c, out); break;
    case CDC_CHANGE__COUNT: break;
    }
}

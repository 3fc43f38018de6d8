/* cmd/graph.c: `cdcgen graph [--format dot|mermaid] [PATH...]`: the routing
 * as a graph: the source topic -> each filter -> the topic each configured
 * target (processor) writes it to -> the filter's consumer. Filters that are
 * not generated are drawn dashed and write nothing; deprecated ones are
 * marked. Graphviz (dot) or Mermaid text on standard output. */
#include <stdio.h>
#include <string.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/strmap.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

static const char usage_text[] =
    "usage: cdcgen graph [--format dot|mermaid] [-c FILE] [--schema FILE] [--max-errors N]\n"
    "                    [--fail-on-warning] [PATH...]\n"
    "\n"
    "Print the routing as a graph: source topic -> filters -> the topic each\n"
    "configured target writes -> consumers; filters not generated are dashed.\n"
    "PATH: files or directories (*.yaml, *.yml, *.json); default filters/\n"
    "\n"
    "      --format FMT     dot (Graphviz, the default) or mermaid\n" CDC_HELP_CONFIG
        CDC_HELP_MAX_ERRORS CDC_HELP_FAIL_ON_WARNING CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

/* A node or edge: a kind and a name ("topic", "loans"). */
typedef struct node {
    const char *kind, *name;
} node;

/* Text inside a DOT double-quoted string. */
static void dot_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        if (*s == '\n')
            fputs("\\n", out);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

/* Text inside a Mermaid quoted label: '"' as an entity. */
static void mermaid_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputs("#quot;", out);
        else if (*s == '\n')
            fputs("<br>", out);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

/* The node ids: kind and name joined, for DOT; for Mermaid, letters and an
 * index (Mermaid ids take no punctuation), found by name. */
typedef struct ids {
    cdc_strmap map;
    cdc_arena *arena;
    unsigned next;
} ids;

static const char *id_of(ids *I, const char *kind, const char *name, bool *is_new)
{
    const char *key = cdc_arena_printf(I->arena, "%s:%s", kind, name);
    const char *id = cdc_strmap_get(&I->map, key, strlen(key));
    *is_new = !id;
    if (!id) {
        id = cdc_arena_printf(I->arena, "%c%u", kind[0], I->next++);
        cdc_strmap_put(&I->map, key, strlen(key), (void *)id);
    }
    return id;
}

/* The targets that write filter f's topic t (all configured targets
 * writing the same name), as "flink, confluent"; NULL when t is not the
 * first configured target writing that name. */
static const char *processors(cdc_arena *a, const cdc_config *cfg, const cdc_filter *f, int t)
{
    for (int u = 0; u < t; u++)
        if ((cfg->targets & (1u << u)) && f->topic[u] && strcmp(f->topic[u], f->topic[t]) == 0)
            return NULL;
    const char *list = cdc_target_name((cdc_target)t);
    for (int u = t + 1; u < CDC_TARGET__COUNT; u++)
        if ((cfg->targets & (1u << u)) && f->topic[u] && strcmp(f->topic[u], f->topic[t]) == 0)
            list = cdc_arena_printf(a, "%s, %s", list, cdc_target_name((cdc_target)u));
    return list;
}

static const char *filter_label(cdc_arena *a, const cdc_filter *f)
{
    const char *mark = !f->generated                        ? "\n(not generated)"
                       : f->status == CDC_STATUS_DEPRECATED ? "\n(deprecated)"
                                                            : "";
    return cdc_arena_printf(a, "%s%s", f->id.s, mark);
}

/* What differs between the formats in the consumer and topic part of the
 * graph: how a label is quoted, the text around a consumer's and a topic's
 * label, and the edges filter -> topic (labelled with the processors) ->
 * consumer. */
typedef struct style {
    void (*str)(FILE *out, const char *s);
    const char *consumer_open, *consumer_close, *topic_open, *topic_close;
    void (*edges)(FILE *out, const char *fid, const char *via, const char *tid, const char *cid);
} style;

static void dot_edges(FILE *out, const char *fid, const char *via, const char *tid, const char *cid)
{
    fprintf(out, "  %s -> %s [label=", fid, tid);
    dot_str(out, via);
    fprintf(out, "];\n  %s -> %s;\n", tid, cid);
}

static void mermaid_edges(FILE *out, const char *fid, const char *via, const char *tid,
                          const char *cid)
{
    fprintf(out, "  %s -- ", fid);
    mermaid_str(out, via);
    fprintf(out, " --> %s\n  %s --> %s\n", tid, tid, cid);
}

static const style dot_style = {
    dot_str, " [shape=component, label=", "];\n", " [shape=cylinder, label=", "];\n", dot_edges};
static const style mermaid_style = {mermaid_str, "[[", "]]\n", "[(", ")]\n", mermaid_edges};

/* A node: its id, then label between open and close. */
static void put_node(FILE *out, const style *S, const char *id, const char *open, const char *label,
                     const char *close)
{
    fprintf(out, "  %s%s", id, open);
    S->str(out, label);
    fputs(close, out);
}

/* A generated filter's consumer and, for each configured target, the topic
 * it writes and the edges filter -> topic -> consumer; a consumer or topic
 * already drawn is not drawn again. */
static void put_outputs(cdc_run *r, ids *I, const style *S, const cdc_filter *f, const char *fid,
                        FILE *out)
{
    bool is_new;
    const char *cid = id_of(I, "consumer", f->consumer_id.s, &is_new);
    if (is_new)
        put_node(out, S, cid, S->consumer_open, f->consumer_id.s, S->consumer_close);
    for (int t = 0; t < CDC_TARGET__COUNT; t++) {
        if (!(r->config.targets & (1u << t)) || !f->topic[t])
            continue;
        const char *via = processors(r->arena, &r->config, f, t);
        if (!via)
            continue;
        const char *tid = id_of(I, "topic", f->topic[t], &is_new);
        if (is_new)
            put_node(out, S, tid, S->topic_open, f->topic[t], S->topic_close);
        S->edges(out, fid, via, tid, cid);
    }
}

static void graph_dot(cdc_run *r, FILE *out)
{
    const cdc_program *p = &r->prog;
    ids I = {.arena = r->arena};
    cdc_strmap_init(&I.map);
    bool is_new;
    fputs("digraph cdcgen {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n", out);
    const char *src = id_of(&I, "topic", p->source_topic, &is_new);
    put_node(out, &dot_style, src, dot_style.topic_open, p->source_topic, dot_style.topic_close);
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        const char *fid = id_of(&I, "filter", f->id.s, &is_new);
        fprintf(out, "  %s [shape=box, style=\"rounded%s\", %slabel=", fid,
                f->generated ? "" : ",dashed",
                !f->generated                        ? "color=gray50, fontcolor=gray50, "
                : f->status == CDC_STATUS_DEPRECATED ? "color=darkorange, "
                                                     : "");
        dot_str(out, filter_label(r->arena, f));
        fputs("];\n", out);
        fprintf(out, "  %s -> %s%s;\n", src, fid, f->generated ? "" : " [style=dashed]");
        if (!f->generated)
            continue;
        put_outputs(r, &I, &dot_style, f, fid, out);
    }
    fputs("}\n", out);
    cdc_strmap_release(&I.map);
}

static void graph_mermaid(cdc_run *r, FILE *out)
{
    const cdc_program *p = &r->prog;
    ids I = {.arena = r->arena};
    cdc_strmap_init(&I.map);
    bool is_new;
    fputs("flowchart LR\n", out);
    const char *src = id_of(&I, "topic", p->source_topic, &is_new);
    put_node(out, &mermaid_style, src, mermaid_style.topic_open, p->source_topic,
             mermaid_style.topic_close);
    cdc_buf off = CDC_BUF_INIT, old = CDC_BUF_INIT;
    cdc_buf_init(&off);
    cdc_buf_init(&old);
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        const char *fid = id_of(&I, "filter", f->id.s, &is_new);
        fprintf(out, "  %s(", fid);
        mermaid_str(out, filter_label(r->arena, f));
        fprintf(out, ")\n  %s %s %s\n", src, f->generated ? "-->" : "-.->", fid);
        if (!f->generated) {
            cdc_buf_printf(&off, "%s%s", off.len ? "," : "", fid);
            continue;
        }
        if (f->status == CDC_STATUS_DEPRECATED)
            cdc_buf_printf(&old, "%s%s", old.len ? "," : "", fid);
        put_outputs(r, &I, &mermaid_style, f, fid, out);
    }
    fputs("  classDef off stroke-dasharray:5 5,color:#888\n"
          "  classDef deprecated stroke:#d80\n",
          out);
    if (off.len)
        fprintf(out, "  class %s off\n", off.data);
    if (old.len)
        fprintf(out, "  class %s deprecated\n", old.data);
    cdc_buf_release(&off);
    cdc_buf_release(&old);
    cdc_strmap_release(&I.map);
}

static void draw(cdc_run *r, bool mermaid, FILE *out)
{
    if (mermaid)
        graph_mermaid(r, out);
    else
        graph_dot(r, out);
}

static const struct option longopts[] = {CDC_COMMON_LONGOPTS, CDC_LONGOPTS_END};

/* --format names the graph's language: dot or mermaid. */
static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o;
    bool *mermaid = args;
    if (c != 'F')
        return CDC_OPT_COMMON;
    if (strcmp(arg, "dot") != 0 && strcmp(arg, "mermaid") != 0) {
        fprintf(stderr, "cdcgen graph: unknown --format '%s' (dot, mermaid)\n", arg);
        return CDC_EXIT_ERROR;
    }
    *mermaid = arg[0] == 'm';
    return CDC_OPT_NEXT;
}

static const cdc_optspec spec = {longopts, CDC_COMMON_SHORTOPTS, usage, take_option};

int cmd_graph(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT, .stdout_is_product = true};
    bool mermaid = false;
    int status = cdc_opts_parse(argc, argv, &spec, &mermaid, &o);
    if (status != CDC_OPT_NEXT)
        return status;
    cdc_run r;
    cdc_run_init(&r, project);
    if (cdc_run_compile(&r, &o, o.args, o.nargs))
        draw(&r, mermaid, stdout);
    return cdc_run_end(&r, &o);
}

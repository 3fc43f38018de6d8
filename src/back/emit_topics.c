/* back/emit_topics.c: the topics of the pipeline, for whoever creates them.
 * Open-source Flink's Kafka sink and Kafka Streams create no topics, and a
 * broker with auto-creation off (the norm) makes their producers time out, so
 * cdcgen lists what the pipeline needs:
 *   - topics (topics.json): a manifest, one entry per topic: the source topic
 *     the connectors write, and per processor (flink: the SQL targets,
 *     kstreams) the output topic of every generated filter, each with
 *     partitions, replication factor and topic configs from cdcgen.yaml
 *     (topics.source, topics.filtered);
 *   - topics-script (topics.sh): a POSIX sh script that creates the same
 *     topics with Kafka's kafka-topics.sh and sets their configs with
 *     kafka-configs.sh. Idempotent: a topic that exists is not recreated, its
 *     configs are set again; its partition count is left alone (more
 *     partitions would move keys).
 * Topic and filter names are checked ([a-zA-Z0-9._-], [a-z0-9-]), so they
 * need no shell quoting; the script quotes them anyway. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/back/emit_topics.h"
#include "cdcgen/back/emit_common.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/json.h"
#include "cdcgen/base/strmap.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/schema.h"

static size_t add_topic(cdc_topic_list *l, const char *name, const char *role,
                        const char *processor, const cdc_topic_settings *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n] = (cdc_topic_entry){name, role, processor, s, NULL, 0};
    return l->n++;
}

/* The source topic, then each processor's topics in filter order. Several
 * filters may share an output topic (check allows it only for one
 * outputTopic): one entry, every filter listed. A processor's topic is the
 * one its target writes (target.h); the SQL targets share theirs. */
void cdc_topics_collect(const cdc_program *p, const cdc_config *cfg, cdc_topic_list *l)
{
    *l = (cdc_topic_list){NULL, 0, 0};
    add_topic(l, p->source_topic, "source", NULL, &cfg->source_topic_settings);
    static const struct {
        const char *processor;
        cdc_target target;
    } processors[] = {
        {"flink", CDC_TARGET_FLINK},
        {"kstreams", CDC_TARGET_KSTREAMS},
    };
    for (size_t k = 0; k < ARRAY_SIZE(processors); k++) {
        cdc_strmap seen; /* topic name -> its entry's index + 1 */
        cdc_strmap_init(&seen);
        for (size_t i = 0; i < p->nfilters; i++) {
            const cdc_filter *f = p->filters[i];
            const char *name = f->topic[processors[k].target];
            if (!f->generated || !name)
                continue;
            size_t len = strlen(name);
            uintptr_t at = (uintptr_t)cdc_strmap_get(&seen, name, len);
            if (!at) {
                at = 1 + add_topic(l, name, "filtered", processors[k].processor,
                                   &cfg->filtered_topic_settings);
                cdc_strmap_put(&seen, name, len, (void *)at);
            }
            cdc_topic_entry *t = &l->v[at - 1];
            t->filters = xrealloc(t->filters, (t->nfilters + 1) * sizeof *t->filters);
            t->filters[t->nfilters++] = f->id.s;
        }
        cdc_strmap_release(&seen);
    }
}

void cdc_topics_release(cdc_topic_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].filters);
    free(l->v);
}

/* ================================ manifest ================================ */

/* One topic's entry. Topic configs as Kafka names them, values as strings
 * (as the Admin API and kafka-configs.sh take them). */
static void write_topic(cdc_json_writer *w, const cdc_topic_entry *t)
{
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "name", t->name);
    cdc_json_put_string(w, "role", t->role);
    if (t->processor)
        cdc_json_put_string(w, "processor", t->processor);
    if (t->nfilters) {
        cdc_json_key(w, "filters");
        cdc_json_begin_array(w);
        for (size_t k = 0; k < t->nfilters; k++)
            cdc_json_string(w, t->filters[k]);
        cdc_json_end_array(w);
    }
    cdc_json_put_integer(w, "partitions", t->settings->partitions);
    cdc_json_put_integer(w, "replicationFactor", t->settings->replication_factor);
    cdc_json_key(w, "config");
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "cleanup.policy", t->settings->cleanup_policy);
    char retention[24];
    snprintf(retention, sizeof retention, "%" PRId64, t->settings->retention_ms);
    cdc_json_put_string(w, "retention.ms", retention);
    cdc_json_end_object(w);
    cdc_json_end_object(w);
}

void cdc_emit_topics(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    cdc_topic_list l;
    cdc_topics_collect(p, cfg, &l);
    cdc_json_writer w;
    cdc_json_writer_init(&w, out, 0);
    cdc_json_begin_object(&w);
    cdc_emit_json_preamble(p, &w);
    cdc_json_put_string(&w, "bootstrapServers", cfg->bootstrap_servers);
    cdc_json_key(&w, "topics");
    cdc_json_begin_array(&w);
    for (size_t i = 0; i < l.n; i++)
        write_topic(&w, &l.v[i]);
    cdc_json_end_array(&w);
    cdc_json_end_object(&w);
    cdc_json_writer_finish(&w);
    cdc_topics_release(&l);
}

/* ================================ subjects ================================ */

void cdc_emit_topic_subjects(const cdc_program *p, const cdc_config *cfg, const char *schema_type,
                             void (*write_schema)(const cdc_program *p, cdc_json_writer *w),
                             cdc_buf *out)
{
    cdc_topic_list l;
    cdc_topics_collect(p, cfg, &l);
    cdc_json_writer w;
    cdc_json_writer_init(&w, out, 0);
    cdc_json_begin_object(&w);
    cdc_emit_json_preamble(p, &w);
    cdc_json_put_string(&w, "schemaType", schema_type);
    cdc_buf name = CDC_BUF_INIT;
    cdc_buf_printf(&name, "%s.%s", p->schema->pg_schema, p->schema->table);
    cdc_json_put_string(&w, "table", name.data);
    /* one schema, named after the table, for every subject: the engines
     * carry the source's records whole */
    cdc_json_key(&w, "schemas");
    cdc_json_begin_object(&w);
    cdc_json_key(&w, p->schema->table);
    write_schema(p, &w);
    cdc_json_end_object(&w);
    cdc_json_key(&w, "subjects");
    cdc_json_begin_array(&w);
    for (size_t i = 0; i < l.n; i++) {
        const cdc_topic_entry *t = &l.v[i];
        cdc_json_begin_object(&w);
        cdc_buf_reset(&name);
        cdc_buf_printf(&name, "%s-value", t->name);
        cdc_json_put_string(&w, "subject", name.data);
        cdc_json_put_string(&w, "topic", t->name);
        cdc_json_put_string(&w, "role", t->role);
        if (t->processor)
            cdc_json_put_string(&w, "processor", t->processor);
        if (t->nfilters) {
            cdc_json_key(&w, "filters");
            cdc_json_begin_array(&w);
            for (size_t k = 0; k < t->nfilters; k++)
                cdc_json_string(&w, t->filters[k]);
            cdc_json_end_array(&w);
        }
        cdc_json_put_string(&w, "schema", p->schema->table);
        cdc_json_end_object(&w);
    }
    cdc_json_end_array(&w);
    cdc_json_end_object(&w);
    cdc_json_writer_finish(&w);
    cdc_buf_release(&name);
    cdc_topics_release(&l);
}

/* ================================= script ================================= */

/* A shell word in single quotes (names here never hold one; kept general). */
static void put_sh_word(cdc_buf *out, const char *s)
{
    cdc_buf_putc(out, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            cdc_buf_puts(out, "'\\''");
        else
            cdc_buf_putc(out, *s);
    }
    cdc_buf_putc(out, '\'');
}

static const char script_body[] =
    "topics_tool=${KAFKA_TOPICS:-kafka-topics.sh}\n"
    "configs_tool=${KAFKA_CONFIGS:-kafka-configs.sh}\n"
    "\n"
    "# kafka TOOL ARGS...: TOOL against the cluster.\n"
    "kafka() {\n"
    "    tool=$1\n"
    "    shift\n"
    "    if [ -n \"${KAFKA_COMMAND_CONFIG:-}\" ]; then\n"
    "        \"$tool\" --bootstrap-server \"$bootstrap\""
    " --command-config \"$KAFKA_COMMAND_CONFIG\" \"$@\"\n"
    "    else\n"
    "        \"$tool\" --bootstrap-server \"$bootstrap\" \"$@\"\n"
    "    fi\n"
    "}\n"
    "\n"
    "existing=$(kafka \"$topics_tool\" --list)\n"
    "\n"
    "# topic NAME PARTITIONS REPLICATION_FACTOR CLEANUP_POLICY RETENTION_MS\n"
    "topic() {\n"
    "    if printf '%s\\n' \"$existing\" | grep -qxF -- \"$1\"; then\n"
    "        # It exists: keep its partitions (more would move keys), set its configs.\n"
    "        kafka \"$configs_tool\" --alter --entity-type topics --entity-name \"$1\" \\\n"
    "            --add-config \"cleanup.policy=[$4],retention.ms=$5\"\n"
    "    else\n"
    "        kafka \"$topics_tool\" --create --if-not-exists --topic \"$1\""
    " --partitions \"$2\" \\\n"
    "            --replication-factor \"$3\" --config \"cleanup.policy=$4\""
    " --config \"retention.ms=$5\"\n"
    "    fi\n"
    "}\n"
    "\n";

void cdc_emit_topics_script(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    cdc_topic_list l;
    cdc_topics_collect(p, cfg, &l);
    cdc_buf_puts(out, "#!/bin/sh\n# Generated by cdcgen from ");
    cdc_emit_source_list(p, out);
    cdc_buf_puts(out,
                 "; do not edit.\n"
                 "# Creates the topics of the pipeline (topics.json lists the same) with\n"
                 "# Kafka's command-line tools. Idempotent: an existing topic is not created\n"
                 "# again and keeps its partitions; its configs are set to the values below.\n"
                 "#   KAFKA_BOOTSTRAP_SERVERS  the cluster (default: kafka.bootstrap_servers)\n"
                 "#   KAFKA_COMMAND_CONFIG     client properties (security), as --command-config\n"
                 "#   KAFKA_TOPICS, KAFKA_CONFIGS  the tools (default: kafka-topics.sh and\n"
                 "#                            kafka-configs.sh on PATH)\n");
    cdc_buf_puts(out, "set -eu\n\nbootstrap=${KAFKA_BOOTSTRAP_SERVERS:-");
    put_sh_word(out, cfg->bootstrap_servers);
    cdc_buf_puts(out, "}\n");
    cdc_buf_puts(out, script_body);
    for (size_t i = 0; i < l.n; i++) {
        const cdc_topic_entry *t = &l.v[i];
        if (t->processor) {
            cdc_buf_printf(out, "# %s: ", t->processor);
            for (size_t k = 0; k < t->nfilters; k++)
                cdc_buf_printf(out, "%s%s", k ? ", " : "", t->filters[k]);
            cdc_buf_putc(out, '\n');
        } else {
            cdc_buf_puts(out, "# source: the change events the connector writes\n");
        }
        cdc_buf_puts(out, "topic ");
        put_sh_word(out, t->name);
        cdc_buf_printf(out, " %" PRId64 " %" PRId64 " ", t->settings->partitions,
                       t->settings->replication_factor);
        put_sh_word(out, t->settings->cleanup_policy);
        cdc_buf_printf(out, " %" PRId64 "\n", t->settings->retention_ms);
    }
    cdc_topics_release(&l);
}

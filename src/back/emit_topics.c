/* back/emit_topics.c: the topics of the pipeline, for whoever creates them.
 * Open-source Flink's Kafka sink and Kafka Streams create no topics, and a
 * broker with auto-creation off (the norm) makes their producers time out, so
 * cdcgen lists what the pipeline needs:
 *   - topics (topics.json): a manifest, one entry per topic: the source topic
 *     the connectors write, and per processor (flink: the SQL targets,
 *     kstreams) the output topic of every generated filter, each with
 *     partitions, replication factor and topic configs from cdcgen.yaml
 *     (topics.source, topics.filtered);
 *   - topics-script (topics.sh): a POSIX sh script that runs
 *     `cdcgen topics apply` on the same manifest, inline: the missing topics
 *     created in batched admin calls, existing ones left as they are
 *     (live/topics.c decides what differs). */
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

static size_t add_topic(cdc_pipeline_topics *l, const char *name, const char *role,
                        const char *processor, const cdc_topic_settings *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n] = (cdc_pipeline_topic){name, role, processor, s, NULL, 0};
    return l->n++;
}

/* The source topic, then each processor's topics in filter order. Several
 * filters may share an output topic (check allows it only for one
 * outputTopic): one entry, every filter listed. A processor's topic is the
 * one its target writes (target.h); the SQL targets share theirs. */
void cdc_pipeline_topics_collect(const cdc_program *p, const cdc_config *cfg,
                                 cdc_pipeline_topics *l)
{
    *l = (cdc_pipeline_topics){NULL, 0, 0};
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
            cdc_pipeline_topic *t = &l->v[at - 1];
            t->filters = xrealloc(t->filters, (t->nfilters + 1) * sizeof *t->filters);
            t->filters[t->nfilters++] = f->id.s;
        }
        cdc_strmap_release(&seen);
    }
}

void cdc_pipeline_topics_release(cdc_pipeline_topics *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].filters);
    free(l->v);
}

/* ================================ manifest ================================ */

/* One topic's entry. Topic configs as Kafka names them, values as strings
 * (as the Admin API and kafka-configs.sh take them). */
static void write_topic(cdc_json_writer *w, const cdc_pipeline_topic *t)
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
    cdc_pipeline_topics l;
    cdc_pipeline_topics_collect(p, cfg, &l);
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
    cdc_pipeline_topics_release(&l);
}

/* ================================ subjects ================================ */

void cdc_emit_topic_subjects(const cdc_program *p, const cdc_config *cfg, const char *schema_type,
                             void (*write_schema)(const cdc_program *p, cdc_json_writer *w),
                             cdc_buf *out)
{
    cdc_pipeline_topics l;
    cdc_pipeline_topics_collect(p, cfg, &l);
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
        const cdc_pipeline_topic *t = &l.v[i];
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
    cdc_pipeline_topics_release(&l);
}

/* ================================= script ================================= */

/* The script hands the manifest, inline, to `cdcgen topics apply`: Kafka's
 * command-line tools take one topic per call and start a JVM each (about
 * 0.8 s: 27 minutes for 1,000 filters), and kcat creates no topics, so the
 * script uses cdcgen's admin client, which creates every missing topic in
 * one CreateTopics call (batches for thousands). The manifest is inline so
 * that the script stands alone; its JSON holds no line equal to the
 * here-document's delimiter (every line of it is indented or a brace). */
static const char script_head[] =
    "; do not edit.\n"
    "# Creates the topics of the pipeline (the manifest below is topics.json) with\n"
    "# `cdcgen topics apply`: every missing topic in one CreateTopics admin call\n"
    "# (batches for thousands), existing topics left as they are: a config that\n"
    "# differs is reported (--alter-configs sets it), a partition count never\n"
    "# changes. Idempotent. Exit 0: every topic as declared; 1: a difference\n"
    "# is left; 2: an error (no broker answering, a topic refused).\n"
    "#   CDCGEN                   the cdcgen binary (default: cdcgen on PATH)\n"
    "#   KAFKA_BOOTSTRAP_SERVERS  the cluster (default: the manifest's bootstrapServers)\n"
    "#   KAFKA_API_KEY, KAFKA_API_SECRET  SASL_SSL with PLAIN (Confluent Cloud)\n"
    "# Arguments go to cdcgen topics apply: --alter-configs, -X KEY=VALUE,\n"
    "# --kafka-config FILE (librdkafka properties), --timeout SECONDS, --format json.\n"
    "set -eu\n"
    "\n"
    "if [ -n \"${KAFKA_COMMAND_CONFIG:-}\" ]; then\n"
    "    echo \"topics.sh: KAFKA_COMMAND_CONFIG (Java client properties) is no longer read;\" \\\n"
    "        \"give librdkafka properties: --kafka-config FILE or -X KEY=VALUE\" >&2\n"
    "    exit 2\n"
    "fi\n"
    "exec \"${CDCGEN:-cdcgen}\" topics apply --manifest - \"$@\" <<'CDCGEN_TOPICS_MANIFEST'\n";

void cdc_emit_topics_script(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    cdc_buf_puts(out, "#!/bin/sh\n# Generated by cdcgen from ");
    cdc_emit_source_list(p, out);
    cdc_buf_puts(out, script_head);
    cdc_emit_topics(p, cfg, out);
    cdc_buf_puts(out, "CDCGEN_TOPICS_MANIFEST\n");
}

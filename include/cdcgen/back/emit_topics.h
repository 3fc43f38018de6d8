/* emit_topics.c: the topic manifest and the script creating the topics. */
#ifndef CDCGEN_BACK_EMIT_TOPICS_H
#define CDCGEN_BACK_EMIT_TOPICS_H

#include "cdcgen/base/buf.h"
#include "cdcgen/base/json.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

/* One topic of the pipeline. */
typedef struct cdc_pipeline_topic {
    const char *name;      /* resolved by check (cdc_program, cdc_filter) */
    const char *role;      /* "source" | "filtered" */
    const char *processor; /* filtered: "flink" | "kstreams"; NULL for the source */
    const cdc_topic_settings *settings;
    const char **filters; /* ids of the filters writing it */
    size_t nfilters;
} cdc_pipeline_topic;

typedef struct cdc_pipeline_topics {
    cdc_pipeline_topic *v;
    size_t n, cap;
} cdc_pipeline_topics;

/* Every topic of the pipeline, as topics.json lists them: the source topic,
 * then per processor the topics of the generated filters, in filter order.
 * Release with cdc_pipeline_topics_release. (The topic schema targets name their
 * subjects from it.) */
void cdc_pipeline_topics_collect(const cdc_program *p, const cdc_config *cfg,
                                 cdc_pipeline_topics *l);
void cdc_pipeline_topics_release(cdc_pipeline_topics *l);

/* The document of a topic schema target: the preamble, "schemaType" (the
 * Schema Registry's name of the format: "JSON", "AVRO"), the table,
 * "schemas": the schema of the values (write_schema writes it: one JSON
 * value) under the table's name, then "subjects": per topic of
 * cdc_pipeline_topics_collect, its subject <topic>-value, the topic, its role,
 * processor and filters, and "schema", the name of its schema in
 * "schemas". */
void cdc_emit_topic_subjects(const cdc_program *p, const cdc_config *cfg, const char *schema_type,
                             void (*write_schema)(const cdc_program *p, cdc_json_writer *w),
                             cdc_buf *out);
void cdc_emit_topics(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);
void cdc_emit_topics_script(const cdc_program *p, const cdc_config *cfg, cdc_buf *out);

#endif

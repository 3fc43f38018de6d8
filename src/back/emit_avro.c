/* back/emit_avro.c: the avro target (avro-schemas.json).
 *
 * Consumes a checked program (its schema file) and the config; produces one
 * JSON document listing, per topic of the pipeline (as topics.json names
 * them), the Schema Registry subject <topic>-value and the Avro schema of
 * the topic's values: one record of the table's columns in order, then the
 * connector's fields, each typed as the connector writes it (see
 * emit_json_schema.c): string; int -> long; float -> double; boolean; a
 * timestamp as ISO-8601 text -> string, epoch-ms -> long with logicalType
 * timestamp-millis; a json column -> string (its JSON text). A nullable
 * column is ["null", T] with default null, and so is __deleted, which a
 * connector that does not rewrite deletes leaves out. Closed value sets stay
 * strings (an Avro enum is encoded differently from the text the connector
 * writes, and its symbols cannot hold every value). Every subject's schema
 * is the same record, so a registry gives them one id.
 *
 * The record is named after the table (namespace: its PostgreSQL schema),
 * with every character Avro does not allow in a name as '_': record names
 * are not part of the encoded data. Field names are, so check refuses a
 * column whose name Avro cannot take when this target is configured
 * (cdc_avro_name). Cannot fail. */
#include <stdbool.h>

#include "cdcgen/back/emit_avro.h"
#include "cdcgen/back/emit_topics.h"
#include "cdcgen/back/emit_common.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/json.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/schema.h"

bool cdc_avro_name(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

/* s as an Avro name: '_' for every other character, '_' first where s
 * starts with a digit or is empty. */
static void put_name(cdc_json_writer *w, const char *key, const char *s)
{
    cdc_buf b = CDC_BUF_INIT;
    if (!*s || (*s >= '0' && *s <= '9'))
        cdc_buf_putc(&b, '_');
    for (; *s; s++) {
        bool ok = (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
                  (*s >= '0' && *s <= '9') || *s == '_';
        cdc_buf_putc(&b, ok ? *s : '_');
    }
    cdc_json_put_string(w, key, b.data);
    cdc_buf_release(&b);
}

/* The value's type, without null. */
static void put_value_type(cdc_json_writer *w, const cdc_field *f)
{
    switch (f->type) {
    case CDC_TYPE_STRING:
    case CDC_TYPE_DECIMAL: /* decimal.handling.mode string: the digits as text */
    case CDC_TYPE_JSON: cdc_json_string(w, "string"); return;
    case CDC_TYPE_INT: cdc_json_string(w, "long"); return;
    case CDC_TYPE_FLOAT: cdc_json_string(w, "double"); return;
    case CDC_TYPE_BOOLEAN: cdc_json_string(w, "boolean"); return;
    case CDC_TYPE_TIMESTAMP:
        if (!f->epoch_ms) {
            cdc_json_string(w, "string");
            return;
        }
        cdc_json_begin_object(w);
        cdc_json_put_string(w, "type", "long");
        cdc_json_put_string(w, "logicalType", "timestamp-millis");
        cdc_json_end_object(w);
        return;
    case CDC_TYPE_UNKNOWN:
    case CDC_TYPE__COUNT: break;
    }
    CDC_BUG("field '%s' has no type", f->name);
}

static void put_field(cdc_json_writer *w, const cdc_field *f)
{
    bool nullable = f->nullable || f->optional;
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "name", f->name);
    cdc_json_key(w, "type");
    if (nullable) {
        cdc_json_begin_array(w);
        cdc_json_string(w, "null");
        put_value_type(w, f);
        cdc_json_end_array(w);
    } else {
        put_value_type(w, f);
    }
    if (nullable) {
        cdc_json_key(w, "default");
        cdc_json_null(w);
    }
    if (f->doc)
        cdc_json_put_string(w, "doc", f->doc);
    cdc_json_end_object(w);
}

static void write_schema(const cdc_program *p, cdc_json_writer *w)
{
    const cdc_schema *s = p->schema;
    cdc_buf doc = CDC_BUF_INIT;
    cdc_emit_change_event_doc(p, &doc);
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "type", "record");
    put_name(w, "name", s->table);
    put_name(w, "namespace", s->pg_schema);
    cdc_json_put_string(w, "doc", doc.data);
    cdc_json_key(w, "fields");
    cdc_json_begin_array(w);
    for (size_t i = 0; i < s->nfields; i++)
        put_field(w, &s->fields[i]);
    cdc_json_end_array(w);
    cdc_json_end_object(w);
    cdc_buf_release(&doc);
}

void cdc_emit_avro(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    cdc_emit_topic_subjects(p, cfg, "AVRO", write_schema, out);
}

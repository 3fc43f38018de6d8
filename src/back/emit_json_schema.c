/* back/emit_json_schema.c: the json-schema target (json-schemas.json).
 *
 * Consumes a checked program (its schema file) and the config; produces one
 * JSON document listing, per topic of the pipeline (the source topic and
 * every filtered topic, as topics.json names them), the Schema Registry
 * subject <topic>-value and the JSON Schema (draft 2020-12) of the topic's
 * values: the record the connector writes (Debezium's ExtractNewRecordState
 * flattening, JsonConverter without schemas; emit_connect.c), which the
 * engines carry whole to the filtered topics. So every subject's schema is
 * the same document, and a registry gives them one id.
 *
 * Each value as the connector writes it in JSON: every column in the table's
 * order (required: the connector writes a NULL as null), then the metadata
 * fields; string, int -> integer, float -> number, boolean; a timestamp as
 * ISO-8601 text (format date-time) or, encoded epoch-ms, an integer; a json
 * column as text (contentMediaType application/json, its declared keys in
 * contentSchema, an annotation validators do not enforce; the text may hold
 * any JSON value, the keys say what an object holds). Nullable columns
 * take null as well. Closed value sets are enums, open ones examples. No
 * other member is allowed (additionalProperties false), as in the Avro
 * schema: a column the schema file lacks shows up as an invalid record,
 * never as a silently ignored one. __deleted is not required and may be
 * null: a connector that does not rewrite deletes (the seed system's) writes
 * none, and the SQL targets then write null.
 * Cannot fail. */

#include "cdcgen/back/emit_json_schema.h"
#include "cdcgen/back/emit_topics.h"
#include "cdcgen/back/emit_common.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/json.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/schema.h"

static void put_type(cdc_json_writer *w, const char *type, bool nullable)
{
    cdc_json_key(w, "type");
    if (!nullable) {
        cdc_json_string(w, type);
        return;
    }
    cdc_json_begin_array(w);
    cdc_json_string(w, type);
    cdc_json_string(w, "null");
    cdc_json_end_array(w);
}

/* "enum" (closed) or "examples" (listed, open) of a string field. */
static void put_values(cdc_json_writer *w, const char *key, const char *const *values, bool null)
{
    cdc_json_key(w, key);
    cdc_json_begin_array(w);
    for (size_t i = 0; values[i]; i++)
        cdc_json_string(w, values[i]);
    if (null)
        cdc_json_null(w);
    cdc_json_end_array(w);
}

static void put_object(cdc_json_writer *w, const cdc_field *members, size_t n, bool closed);

/* One field's schema. A column (in_text false) is a member of the record;
 * a key (in_text true) a member of a json column's document, where a json
 * key is a JSON value itself, not text. An optional metadata field
 * (__deleted: written by a connector that rewrites deletes, cdcgen's, and no
 * other; the SQL targets write null where a record has none) may be null. */
static void put_field(cdc_json_writer *w, const cdc_field *f, bool in_text)
{
    cdc_field nf = *f;
    nf.nullable |= f->optional;
    f = &nf;
    cdc_json_begin_object(w);
    switch (f->type) {
    case CDC_TYPE_STRING:
        put_type(w, "string", f->nullable);
        if (f->enums)
            put_values(w, "enum", f->enums, f->nullable);
        else if (f->known)
            put_values(w, "examples", f->known, false);
        break;
    case CDC_TYPE_INT: put_type(w, "integer", f->nullable); break;
    case CDC_TYPE_FLOAT: put_type(w, "number", f->nullable); break;
    case CDC_TYPE_DECIMAL:
        /* A column: the digits as text (decimal.handling.mode string). A
         * key inside a document may be a JSON number or text, as eval reads
         * either. */
        if (!in_text) {
            put_type(w, "string", f->nullable);
            cdc_json_put_string(w, "pattern", "^[+-]?[0-9]+(\\.[0-9]+)?$");
        }
        break;
    case CDC_TYPE_BOOLEAN: put_type(w, "boolean", f->nullable); break;
    case CDC_TYPE_TIMESTAMP:
        if (f->epoch_ms) {
            put_type(w, "integer", f->nullable);
        } else {
            put_type(w, "string", f->nullable);
            cdc_json_put_string(w, "format", "date-time");
        }
        break;
    case CDC_TYPE_JSON:
        /* A document: any JSON value (cdcgen reads a path into anything
         * else as NULL); its declared keys where it is an object, which is
         * what properties and required say without a "type". */
        if (in_text) {
            if (f->nmembers)
                put_object(w, f->members, f->nmembers, false);
            break;
        }
        put_type(w, "string", f->nullable);
        cdc_json_put_string(w, "contentMediaType", "application/json");
        cdc_json_key(w, "contentSchema");
        cdc_json_begin_object(w);
        put_object(w, f->members, f->nmembers, false);
        cdc_json_end_object(w);
        break;
    case CDC_TYPE_UNKNOWN:
    case CDC_TYPE__COUNT: CDC_BUG("field '%s' has no type", f->name);
    }
    if (f->doc)
        cdc_json_put_string(w, "description", f->doc);
    cdc_json_end_object(w);
}

/* "properties" and "required" of an object's members (the record's fields:
 * every column and the metadata but __deleted; a document's keys: those not
 * nullable; left out when none is), and additionalProperties false when
 * closed. */
static void put_object(cdc_json_writer *w, const cdc_field *members, size_t n, bool closed)
{
    bool record = closed;
    cdc_json_key(w, "properties");
    cdc_json_begin_object(w);
    for (size_t i = 0; i < n; i++) {
        cdc_json_key(w, members[i].name);
        put_field(w, &members[i], !record);
    }
    cdc_json_end_object(w);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const cdc_field *f = &members[i];
        if (record ? f->optional : f->nullable)
            continue;
        if (!any) {
            cdc_json_key(w, "required");
            cdc_json_begin_array(w);
            any = true;
        }
        cdc_json_string(w, f->name);
    }
    if (any)
        cdc_json_end_array(w);
    if (closed)
        cdc_json_put_bool(w, "additionalProperties", false);
}

static void write_schema(const cdc_program *p, cdc_json_writer *w)
{
    const cdc_schema *s = p->schema;
    cdc_buf doc = CDC_BUF_INIT;
    cdc_emit_change_event_doc(p, &doc);
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "$schema", "https://json-schema.org/draft/2020-12/schema");
    cdc_json_put_string(w, "title", s->table);
    cdc_json_put_string(w, "description", doc.data);
    cdc_json_put_string(w, "type", "object");
    put_object(w, s->fields, s->nfields, true);
    cdc_json_end_object(w);
    cdc_buf_release(&doc);
}

void cdc_emit_json_schema(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    cdc_emit_topic_subjects(p, cfg, "JSON", write_schema, out);
}

/* back/emit_kstreams.c: back end for Kafka Streams. Checked program -> topology JSON.
 *
 * Kafka Streams has no standard JSON form of a topology (Topology.describe()
 * returns an object whose toString() is text), so cdcgen defines one, and
 * grammar/topology.schema.json documents it. A Streams application (or a
 * test harness) loads the file and builds, for every branch, a filter on the
 * source stream with the branch's predicate and a sink to the branch's topic.
 * The file therefore says everything such an interpreter needs and nothing
 * it has to guess:
 *   - "semantics": the rules every target shares (SQL three-valued logic,
 *     Java regex find, code-point string order, ...), as constants and prose;
 *   - "schema": the columns of the source topic with their types and how
 *     timestamps and JSON documents are encoded;
 *   - "branches": one per generated filter, in program order, with the
 *     predicate as a typed expression tree (leaf values keep their type:
 *     integers stay JSON integers, timestamps are epoch milliseconds with the
 *     ISO-8601 form beside them) and the sink topic with the streams suffix;
 *   - "topology": the same graph in TopologyDescription's vocabulary
 *     (subtopologies, nodes with predecessors and successors, source topics,
 *     sink topic), so it can be compared with describe() of the running app:
 *     the source, one "route" node that decides every branch once per record
 *     and forwards it only to the branches that route it (so a record costs
 *     the branches it reaches, not every branch), and per branch a processor
 *     and a sink.
 *
 * Each section is written straight through json.h's streaming writer, so no
 * tree of the document is built: indent 2, keys in the order written, a
 * final newline; no timestamps or versions, so the same program gives the
 * same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/back/emit_kstreams.h"
#include "cdcgen/back/emit_common.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/json.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/op.h"
#include "cdcgen/lang/schema.h"

/* ================================ literals ================================ */

/* Fewest significant digits (15..17) that print every float literal of the
 * program so it reads back as the same double. The document prints all reals
 * with one precision, the largest any literal needs: 0.1
 * stays 0.1 unless some other literal needs 17 digits. */
static int real_precision_cond(const cdc_cond *c, int prec)
{
    if (c->kind != CDC_COND_LEAF) {
        for (size_t i = 0; i < c->nkids; i++)
            prec = real_precision_cond(c->kids[i], prec);
        return prec;
    }
    for (size_t i = 0; i < c->nvalues; i++) {
        const cdc_literal *l = &c->values[i];
        if (l->type != CDC_TYPE_FLOAT || cdc_op_get(c->op)->pattern)
            continue;
        char tmp[CDC_DOUBLE_BUF];
        int need = cdc_double_shortest(l->as.f, 'g', prec, tmp);
        if (need > prec)
            prec = need;
    }
    return prec;
}

/* {"type": "int", "value": 42}; decimals are text ("10000.1"); timestamps
 * add "iso". */
static void write_value(cdc_json_writer *w, const cdc_literal *l, bool as_pattern)
{
    cdc_type t = as_pattern ? CDC_TYPE_STRING : l->type;
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "type", cdc_type_name(t));
    cdc_json_key(w, "value");
    switch (t) {
    case CDC_TYPE_STRING: cdc_json_stringn(w, l->text, l->len); break;
    case CDC_TYPE_INT: cdc_json_integer(w, l->as.i); break;
    case CDC_TYPE_FLOAT: cdc_json_real(w, l->as.f); break;
    case CDC_TYPE_DECIMAL: { /* text, so no reader takes it for a double */
        cdc_buf text = CDC_BUF_INIT;
        cdc_literal_canonical(l, &text);
        cdc_json_string(w, text.data);
        cdc_buf_release(&text);
        break;
    }
    case CDC_TYPE_BOOLEAN: cdc_json_bool(w, l->as.b); break;
    case CDC_TYPE_TIMESTAMP: {
        cdc_buf iso = CDC_BUF_INIT;
        cdc_literal_canonical(l, &iso);
        cdc_json_integer(w, l->as.ms);
        cdc_json_put_string(w, "iso", iso.data);
        cdc_buf_release(&iso);
        break;
    }
    default: CDC_BUG("literal '%s' of type %s in a checked program", l->text, cdc_type_name(t));
    }
    cdc_json_end_object(w);
}

/* ================================= fields ================================= */

static const char *encoding_of(cdc_type t, bool epoch_ms)
{
    if (t == CDC_TYPE_TIMESTAMP)
        return epoch_ms ? "epoch-millis" : "iso-8601";
    return NULL;
}

/* "precision", "scale": the DECIMAL(p, s) a decimal's values must fit, or
 * be NULL (lang/schema.c, cdc_field_decimal_bounds). */
static void write_decimal_bounds(cdc_json_writer *w, const cdc_field *entry)
{
    unsigned p, s;
    cdc_field_decimal_bounds(entry, &p, &s);
    cdc_json_put_integer(w, "precision", p);
    cdc_json_put_integer(w, "scale", s);
}

/* {"column", "path", "type", "encoding"?, "precision"?, "scale"?,
 * "jsonText"}: where the value is
 * and how to read it. Path steps: an array index is an integer, a key a
 * string. jsonText: the column holds a JSON document as a string, to be
 * parsed before path is followed. */
static void write_field(cdc_json_writer *w, const cdc_fieldref *f)
{
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "column", f->column->name);
    cdc_json_key(w, "path");
    cdc_json_begin_array(w);
    for (size_t i = 0; i < f->npath; i++) {
        if (f->path[i].kind == CDC_STEP_INDEX)
            cdc_json_integer(w, (int64_t)f->path[i].index);
        else
            cdc_json_string(w, f->path[i].key);
    }
    cdc_json_end_array(w);
    cdc_json_put_string(w, "type", cdc_type_name(f->type));
    const char *enc = encoding_of(f->type, f->epoch_ms);
    if (enc)
        cdc_json_put_string(w, "encoding", enc);
    if (f->type == CDC_TYPE_DECIMAL)
        write_decimal_bounds(w, cdc_fieldref_entry(f));
    cdc_json_put_bool(w, "jsonText", f->column->type == CDC_TYPE_JSON && f->npath > 0);
    cdc_json_end_object(w);
}

/* =============================== predicates =============================== */

/* The operands of a leaf after "op" and "field". A pattern is written as
 * the string it is, whatever the field's type. */
static void write_operands(cdc_json_writer *w, const cdc_cond *c)
{
    const cdc_op_info *op = cdc_op_get(c->op);
    switch (op->operands) {
    case CDC_OPERANDS_NONE: return;
    case CDC_OPERANDS_VALUE:
        if (c->nvalues != 1)
            CDC_BUG("%s with %zu operands", op->name, c->nvalues);
        cdc_json_key(w, "value");
        write_value(w, &c->values[0], op->pattern);
        return;
    case CDC_OPERANDS_LIST:
        if (c->nvalues == 0)
            CDC_BUG("%s without values", op->name);
        cdc_json_key(w, "values");
        cdc_json_begin_array(w);
        for (size_t i = 0; i < c->nvalues; i++)
            write_value(w, &c->values[i], op->pattern);
        cdc_json_end_array(w);
        return;
    case CDC_OPERANDS_RANGE:
        if (c->nvalues != 2)
            CDC_BUG("%s with %zu operands", op->name, c->nvalues);
        cdc_json_key(w, "min");
        write_value(w, &c->values[0], op->pattern);
        cdc_json_key(w, "max");
        write_value(w, &c->values[1], op->pattern);
        return;
    }
    CDC_BUG("operand shape %d", (int)op->operands);
}

static void write_predicate(cdc_json_writer *w, const cdc_cond *c)
{
    cdc_json_begin_object(w);
    switch (c->kind) {
    case CDC_COND_ALL:
    case CDC_COND_ANY:
        cdc_json_put_string(w, "op", c->kind == CDC_COND_ALL ? "and" : "or");
        cdc_json_key(w, "args");
        cdc_json_begin_array(w);
        for (size_t i = 0; i < c->nkids; i++)
            write_predicate(w, c->kids[i]);
        cdc_json_end_array(w);
        break;
    case CDC_COND_NOT:
        if (c->nkids != 1)
            CDC_BUG("not with %zu operands", c->nkids);
        cdc_json_put_string(w, "op", "not");
        cdc_json_key(w, "arg");
        write_predicate(w, c->kids[0]);
        break;
    case CDC_COND_LEAF:
        cdc_json_put_string(w, "op", cdc_op_get(c->op)->topology);
        cdc_json_key(w, "field");
        write_field(w, &c->field);
        write_operands(w, c);
        break;
    }
    cdc_json_end_object(w);
}

/* ============================ document sections =========================== */

static const char semantics_text[] =
    "A record is routed to a branch's sink exactly when the branch's predicate is TRUE; "
    "predicates use SQL three-valued logic, so FALSE and UNKNOWN do not route. A record value "
    "that is not a JSON object (or not JSON) is routed nowhere: the deserialization handler "
    "skips it; a null value (tombstone) is routed nowhere. A field is NULL when its column is "
    "absent or JSON null, when a jsonText column does not parse as JSON or has nothing at the path "
    "(path "
    "steps: strings are object keys, integers array indexes; a JSON column given inline as an "
    "object or array is used as is), and when its value is malformed. A value is read by the "
    "field's type: string needs a JSON string, int a JSON integer (64-bit), float any JSON "
    "number (a double), decimal a string of plain decimal text ([+-]digits[.digits], as "
    "Debezium writes numeric) or a JSON number (its double's shortest text), compared exactly "
    "(as BigDecimal) and malformed beyond DECIMAL(precision, scale), boolean a JSON boolean, an "
    "epoch-millis timestamp a JSON integer of "
    "milliseconds since 1970-01-01T00:00:00Z, an iso-8601 timestamp a string holding an "
    "ISO-8601 date-time (separator T, t or space) with an offset (Z, z, +hh:mm, +hhmm or "
    "+hh) and an optional fraction of any length; any other "
    "JSON type, or text that does not parse, is malformed. A comparison (equals, "
    "greaterThan, lessThan, greaterThanOrEqual, lessThanOrEqual, between, matches) with a "
    "NULL field is UNKNOWN. and/or/not are Kleene's: and is FALSE if any argument is FALSE, "
    "else UNKNOWN if any is UNKNOWN, else TRUE; or is TRUE if any argument is TRUE, else "
    "UNKNOWN if any is UNKNOWN, else FALSE; not maps TRUE to FALSE, FALSE to TRUE and UNKNOWN "
    "to UNKNOWN. in is TRUE when the field equals one of the values and UNKNOWN when the "
    "field is NULL; notIn is not(in), so notIn on a NULL field is UNKNOWN and does not "
    "route. between is inclusive: min <= field <= max. matches is Java regular expression "
    "search (java.util.regex.Pattern, Matcher.find()): TRUE when the pattern matches some "
    "substring; patterns that must match the whole value are anchored with ^ and $. isNull "
    "and isNotNull are never UNKNOWN. Strings compare by Unicode code point (not by UTF-16 "
    "unit as String.compareTo does), case-sensitively and without trimming. int fields "
    "compare as 64-bit integers and float fields as doubles. Timestamps compare as instants "
    "at full precision; literal values are epoch milliseconds, and iso repeats them in UTC "
    "for readers.";

static void write_semantics(cdc_json_writer *w)
{
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "logic", "sql-three-valued");
    cdc_json_put_string(w, "routeWhen", "TRUE");
    cdc_json_put_string(w, "missingField", "NULL");
    cdc_json_put_string(w, "malformedValue", "NULL");
    cdc_json_key(w, "regex");
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "dialect", "java");
    cdc_json_put_string(w, "match", "find");
    cdc_json_end_object(w);
    cdc_json_put_string(w, "strings", "code-point-order");
    cdc_json_put_string(w, "numbers", "numeric");
    cdc_json_put_string(w, "timestamps", "instant, millisecond literals");
    cdc_json_put_string(w, "description", semantics_text);
    cdc_json_end_object(w);
}

/* A column, or a declared key of a JSON column (member): a key of type json
 * holds a JSON value inside the document (encoding json), not JSON text. */
static void write_field_decl(cdc_json_writer *w, const cdc_field *f, bool member)
{
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "name", f->name);
    cdc_json_put_string(w, "type", cdc_type_name(f->type));
    const char *enc = f->type != CDC_TYPE_JSON ? encoding_of(f->type, f->epoch_ms)
                      : member                 ? "json"
                                               : "json-text";
    if (enc)
        cdc_json_put_string(w, "encoding", enc);
    if (f->type == CDC_TYPE_DECIMAL)
        write_decimal_bounds(w, f);
    if (f->enums) {
        cdc_json_key(w, "enum");
        cdc_json_begin_array(w);
        for (const char *const *e = f->enums; *e; e++)
            cdc_json_string(w, *e);
        cdc_json_end_array(w);
    }
    if (f->nmembers) {
        cdc_json_key(w, "members");
        cdc_json_begin_array(w);
        for (size_t i = 0; i < f->nmembers; i++)
            write_field_decl(w, &f->members[i], true);
        cdc_json_end_array(w);
    }
    if (f->doc)
        cdc_json_put_string(w, "description", f->doc);
    cdc_json_end_object(w);
}

static void write_schema(cdc_json_writer *w, const cdc_schema *s)
{
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "table", s->table);
    cdc_json_put_string(w, "pgSchema", s->pg_schema);
    cdc_json_key(w, "fields");
    cdc_json_begin_array(w);
    for (size_t i = 0; i < s->nfields; i++)
        write_field_decl(w, &s->fields[i], false);
    cdc_json_end_array(w);
    cdc_json_end_object(w);
}

/* What the runtime (runtime/kstreams/) plugs in, by class name: keys pass
 * through as bytes; values are read as JSON events and written back as the
 * bytes that were read. */
#define KEY_SERDE "org.apache.kafka.common.serialization.Serdes$ByteArraySerde"
#define VALUE_SERDE "org.cdcgen.kstreams.EventSerde"
#define UNREADABLE_HANDLER "org.cdcgen.kstreams.SkipUnreadableHandler"
/* At-least-once: the router keeps no state and writes each input record's
 * bytes unchanged, so a replay after a crash can only repeat whole records,
 * never lose or alter one; Debezium upstream is at-least-once as well, so
 * consumers dedupe either way, and no transactions are needed on the brokers. */
#define PROCESSING_GUARANTEE "at_least_once"

/* The members of a source or sink: name, topic and serdes. */
static void put_endpoint(cdc_json_writer *w, const char *name, const char *topic)
{
    cdc_json_put_string(w, "name", name);
    cdc_json_put_string(w, "topic", topic);
    cdc_json_put_string(w, "keySerde", KEY_SERDE);
    cdc_json_put_string(w, "valueSerde", VALUE_SERDE);
}

/* Records whose value is no event (not JSON, not an object, a Debezium
 * envelope without a row): logged, counted, skipped, and copied to the
 * dead-letter topic when one is configured. */
static void write_deserialization_errors(cdc_json_writer *w, const cdc_config *cfg)
{
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "handler", UNREADABLE_HANDLER);
    cdc_json_put_string(w, "action", "log-count-skip");
    if (cfg->dead_letter_topic[0])
        cdc_json_put_string(w, "deadLetterTopic", cfg->dead_letter_topic);
    cdc_json_end_object(w);
}

#define SOURCE_NODE "source"
#define ROUTE_NODE "route"

static const char *processor_name(const cdc_filter *f, cdc_buf *b)
{
    cdc_buf_reset(b);
    cdc_buf_puts(b, "filter-");
    cdc_buf_puts(b, f->id.s);
    return b->data;
}

static const char *sink_name(const cdc_filter *f, cdc_buf *b)
{
    cdc_buf_reset(b);
    cdc_buf_puts(b, "sink-");
    cdc_buf_puts(b, f->id.s);
    return b->data;
}

/* "key": [s] */
static void put_string_array1(cdc_json_writer *w, const char *key, const char *s)
{
    cdc_json_key(w, key);
    cdc_json_begin_array(w);
    cdc_json_string(w, s);
    cdc_json_end_array(w);
}

/* One per generated filter, in program order, sinking on the topics of
 * target `topics`. `brief`: only the members the runtime reads (filter,
 * processor, predicate, sink), for a routing table embedded elsewhere. */
static void write_branches(cdc_json_writer *w, const cdc_program *p, cdc_target topics, bool brief)
{
    cdc_buf proc = CDC_BUF_INIT, sink = CDC_BUF_INIT;
    cdc_json_begin_array(w);
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        if (!f->generated)
            continue;
        cdc_json_begin_object(w);
        if (!brief)
            cdc_json_put_string(w, "name", f->id.s);
        cdc_json_put_string(w, "filter", f->id.s);
        if (!brief) {
            cdc_json_put_string(w, "filterName", f->name.s);
            cdc_json_put_string(w, "consumerId", f->consumer_id.s);
            if (f->description.s)
                cdc_json_put_string(w, "description", f->description.s);
            if (f->src)
                cdc_json_put_string(w, "definedIn", f->src->path);
        }
        cdc_json_put_string(w, "processor", processor_name(f, &proc));
        cdc_json_key(w, "predicate");
        write_predicate(w, f->cond);
        cdc_json_key(w, "sink");
        cdc_json_begin_object(w);
        put_endpoint(w, sink_name(f, &sink), f->topic[topics]);
        cdc_json_end_object(w);
        cdc_json_end_object(w);
    }
    cdc_json_end_array(w);
    cdc_buf_release(&proc);
    cdc_buf_release(&sink);
}

/* The source node, then the route node, which lists every branch's processor. */
static void write_source_nodes(cdc_json_writer *w, const cdc_program *p, const cdc_config *cfg)
{
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "kind", "source");
    cdc_json_put_string(w, "name", SOURCE_NODE);
    put_string_array1(w, "topics", cfg->source_topic);
    cdc_json_put_empty_array(w, "predecessors");
    put_string_array1(w, "successors", ROUTE_NODE);
    cdc_json_end_object(w);

    cdc_buf proc = CDC_BUF_INIT;
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "kind", "processor");
    cdc_json_put_string(w, "name", ROUTE_NODE);
    cdc_json_put_empty_array(w, "stores");
    put_string_array1(w, "predecessors", SOURCE_NODE);
    cdc_json_key(w, "successors");
    cdc_json_begin_array(w);
    for (size_t i = 0; i < p->nfilters; i++)
        if (p->filters[i]->generated)
            cdc_json_string(w, processor_name(p->filters[i], &proc));
    cdc_json_end_array(w);
    cdc_json_end_object(w);
    cdc_buf_release(&proc);
}

/* A generated filter's processor and sink nodes. */
static void write_filter_nodes(cdc_json_writer *w, const cdc_filter *f, cdc_buf *proc,
                               cdc_buf *sink)
{
    processor_name(f, proc);
    sink_name(f, sink);
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "kind", "processor");
    cdc_json_put_string(w, "name", proc->data);
    cdc_json_put_empty_array(w, "stores");
    put_string_array1(w, "predecessors", ROUTE_NODE);
    put_string_array1(w, "successors", sink->data);
    cdc_json_end_object(w);
    cdc_json_begin_object(w);
    cdc_json_put_string(w, "kind", "sink");
    cdc_json_put_string(w, "name", sink->data);
    cdc_json_put_string(w, "topic", f->topic[CDC_TARGET_KSTREAMS]);
    put_string_array1(w, "predecessors", proc->data);
    cdc_json_put_empty_array(w, "successors");
    cdc_json_end_object(w);
}

/* One subtopology: the source and the route node, then each filter's
 * processor and sink. */
static void write_topology(cdc_json_writer *w, const cdc_program *p, const cdc_config *cfg)
{
    cdc_buf proc = CDC_BUF_INIT, sink = CDC_BUF_INIT;
    cdc_json_begin_object(w);
    cdc_json_key(w, "subtopologies");
    cdc_json_begin_array(w);
    cdc_json_begin_object(w);
    cdc_json_put_integer(w, "id", 0);
    cdc_json_key(w, "nodes");
    cdc_json_begin_array(w);
    write_source_nodes(w, p, cfg);
    for (size_t i = 0; i < p->nfilters; i++)
        if (p->filters[i]->generated)
            write_filter_nodes(w, p->filters[i], &proc, &sink);
    cdc_json_end_array(w);
    cdc_json_end_object(w);
    cdc_json_end_array(w);
    cdc_json_put_empty_array(w, "globalStores");
    cdc_json_end_object(w);
    cdc_buf_release(&proc);
    cdc_buf_release(&sink);
}

/* The document; with `brief`, the routing table: branches brief, no
 * topology graph. */
static void write_document(const cdc_program *p, const cdc_config *cfg, cdc_target topics,
                           bool brief, cdc_buf *out)
{
    /* The document's reals use the largest precision any literal needs. */
    int prec = 15;
    for (size_t i = 0; i < p->nfilters; i++)
        if (p->filters[i]->generated)
            prec = real_precision_cond(p->filters[i]->cond, prec);

    cdc_json_writer w;
    cdc_json_writer_init(&w, out, prec);
    cdc_json_begin_object(&w);
    cdc_emit_json_preamble(p, &w);
    cdc_json_key(&w, "semantics");
    write_semantics(&w);
    cdc_json_put_string(&w, "applicationId", cfg->application_id);
    cdc_json_put_string(&w, "bootstrapServers", cfg->bootstrap_servers);
    cdc_json_put_string(&w, "processingGuarantee", PROCESSING_GUARANTEE);
    cdc_json_key(&w, "source");
    cdc_json_begin_object(&w);
    put_endpoint(&w, SOURCE_NODE, cfg->source_topic);
    cdc_json_put_string(&w, "valueFormat", cfg->source_format);
    cdc_json_end_object(&w);
    cdc_json_key(&w, "deserializationErrors");
    write_deserialization_errors(&w, cfg);
    cdc_json_key(&w, "schema");
    write_schema(&w, p->schema);
    cdc_json_key(&w, "branches");
    write_branches(&w, p, topics, brief);
    if (!brief) {
        cdc_json_key(&w, "topology");
        write_topology(&w, p, cfg);
    }
    cdc_json_end_object(&w);
    cdc_json_writer_finish(&w);
}

void cdc_emit_kstreams(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    write_document(p, cfg, CDC_TARGET_KSTREAMS, false, out);
}

void cdc_emit_kstreams_routes(const cdc_program *p, const cdc_config *cfg, cdc_target topics,
                              cdc_buf *out)
{
    write_document(p, cfg, topics, true, out);
}

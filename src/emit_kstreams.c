/* emit_kstreams.c: back end for Kafka Streams. Checked program -> topology JSON.
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
 *     sink topic), so it can be compared with describe() of the running app.
 *
 * Output is jansson, insertion order, JSON_INDENT(2), a final newline; no
 * timestamps or versions, so the same program gives the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cdcgen/emit.h"
#include "cdcgen/schema.h"

/* ============================ jansson helpers ============================ */

static json_t *str(const char *s)
{
    return cdc_json_must(json_string(s), s ? s : "(null string)");
}

static json_t *str_array1(const char *s)
{
    json_t *a = cdc_json_must(json_array(), "array");
    cdc_json_append(a, str(s));
    return a;
}

/* ================================ literals ================================ */

/* Fewest significant digits (15..17) that print every float literal of the
 * program so it reads back as the same double. jansson prints all reals with
 * one precision, so the document uses the largest any literal needs: 0.1
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
        if (l->type != CDC_TYPE_FLOAT || c->op == CDC_OP_MATCHES)
            continue;
        char tmp[CDC_DOUBLE_BUF];
        int need = cdc_double_shortest(l->as.f, 'g', prec, tmp);
        if (need > prec)
            prec = need;
    }
    return prec;
}

/* {"type": "int", "value": 42}; timestamps add "iso". */
static json_t *value_json(const cdc_literal *l, bool as_pattern)
{
    json_t *v = cdc_json_must(json_object(), "value");
    cdc_type t = as_pattern ? CDC_TYPE_STRING : l->type;
    cdc_json_set(v, "type", str(cdc_type_name(t)));
    switch (t) {
    case CDC_TYPE_STRING: cdc_json_set(v, "value", json_stringn(l->text, l->len)); break;
    case CDC_TYPE_INT: cdc_json_set(v, "value", json_integer((json_int_t)l->as.i)); break;
    case CDC_TYPE_FLOAT: cdc_json_set(v, "value", json_real(l->as.f)); break;
    case CDC_TYPE_BOOLEAN: cdc_json_set(v, "value", json_boolean(l->as.b)); break;
    case CDC_TYPE_TIMESTAMP: {
        cdc_buf iso = CDC_BUF_INIT;
        cdc_literal_canonical(l, &iso);
        cdc_json_set(v, "value", json_integer((json_int_t)l->as.ms));
        cdc_json_set(v, "iso", str(iso.data));
        cdc_buf_release(&iso);
        break;
    }
    default: CDC_BUG("literal '%s' of type %s in a checked program", l->text, cdc_type_name(t));
    }
    return v;
}

/* ================================= fields ================================= */

static const char *encoding_of(cdc_type t, bool epoch_ms)
{
    if (t == CDC_TYPE_TIMESTAMP)
        return epoch_ms ? "epoch-millis" : "iso-8601";
    return NULL;
}

/* A path step: an array index is an integer, a key a string. */
static json_t *path_step(const cdc_path_step *step)
{
    if (step->kind == CDC_STEP_INDEX)
        return json_integer((json_int_t)step->index);
    return json_string(step->key);
}

/* {"column", "path", "type", "encoding"?, "jsonText"}: where the value is
 * and how to read it. jsonText: the column holds a JSON document as a
 * string, to be parsed before path is followed. */
static json_t *field_json(const cdc_fieldref *f)
{
    json_t *o = cdc_json_must(json_object(), "field");
    json_t *path = cdc_json_must(json_array(), "path");
    for (size_t i = 0; i < f->npath; i++)
        cdc_json_append(path, path_step(&f->path[i]));
    cdc_json_set(o, "column", str(f->column->name));
    cdc_json_set(o, "path", path);
    cdc_json_set(o, "type", str(cdc_type_name(f->type)));
    const char *enc = encoding_of(f->type, f->epoch_ms);
    if (enc)
        cdc_json_set(o, "encoding", str(enc));
    cdc_json_set(o, "jsonText", json_boolean(f->column->type == CDC_TYPE_JSON && f->npath > 0));
    return o;
}

/* =============================== predicates =============================== */

static json_t *predicate_json(const cdc_cond *c)
{
    json_t *o = cdc_json_must(json_object(), "predicate");
    switch (c->kind) {
    case CDC_COND_ALL:
    case CDC_COND_ANY: {
        json_t *args = cdc_json_must(json_array(), "args");
        for (size_t i = 0; i < c->nkids; i++)
            cdc_json_append(args, predicate_json(c->kids[i]));
        cdc_json_set(o, "op", str(c->kind == CDC_COND_ALL ? "and" : "or"));
        cdc_json_set(o, "args", args);
        return o;
    }
    case CDC_COND_NOT:
        if (c->nkids != 1)
            CDC_BUG("not with %zu operands", c->nkids);
        cdc_json_set(o, "op", str("not"));
        cdc_json_set(o, "arg", predicate_json(c->kids[0]));
        return o;
    case CDC_COND_LEAF: break;
    }

    cdc_json_set(o, "op", str(cdc_op_name(c->op)));
    cdc_json_set(o, "field", field_json(&c->field));
    switch (c->op) {
    case CDC_OP_EQUALS:
    case CDC_OP_GT:
    case CDC_OP_LT:
    case CDC_OP_GE:
    case CDC_OP_LE:
    case CDC_OP_MATCHES:
        if (c->nvalues != 1)
            CDC_BUG("%s with %zu operands", cdc_op_name(c->op), c->nvalues);
        cdc_json_set(o, "value", value_json(&c->values[0], c->op == CDC_OP_MATCHES));
        break;
    case CDC_OP_IN:
    case CDC_OP_NOT_IN: {
        if (c->nvalues == 0)
            CDC_BUG("%s without values", cdc_op_name(c->op));
        json_t *vals = cdc_json_must(json_array(), "values");
        for (size_t i = 0; i < c->nvalues; i++)
            cdc_json_append(vals, value_json(&c->values[i], false));
        cdc_json_set(o, "values", vals);
        break;
    }
    case CDC_OP_BETWEEN:
        if (c->nvalues != 2)
            CDC_BUG("between with %zu operands", c->nvalues);
        cdc_json_set(o, "min", value_json(&c->values[0], false));
        cdc_json_set(o, "max", value_json(&c->values[1], false));
        break;
    case CDC_OP_IS_NULL:
    case CDC_OP_IS_NOT_NULL: break;
    case CDC_OP__COUNT: CDC_BUG("unknown operator %d", (int)c->op);
    }
    return o;
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
    "number (a double), boolean a JSON boolean, an epoch-millis timestamp a JSON integer of "
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

static json_t *semantics_json(void)
{
    json_t *s = cdc_json_must(json_object(), "semantics");
    json_t *regex = cdc_json_must(json_object(), "regex");
    cdc_json_set(regex, "dialect", str("java"));
    cdc_json_set(regex, "match", str("find"));
    cdc_json_set(s, "logic", str("sql-three-valued"));
    cdc_json_set(s, "routeWhen", str("TRUE"));
    cdc_json_set(s, "missingField", str("NULL"));
    cdc_json_set(s, "malformedValue", str("NULL"));
    cdc_json_set(s, "regex", regex);
    cdc_json_set(s, "strings", str("code-point-order"));
    cdc_json_set(s, "numbers", str("numeric"));
    cdc_json_set(s, "timestamps", str("instant, millisecond literals"));
    cdc_json_set(s, "description", str(semantics_text));
    return s;
}

/* A column (or a declared key of a JSON column). */
static json_t *field_decl(const cdc_field *f)
{
    json_t *o = cdc_json_must(json_object(), "field declaration");
    cdc_json_set(o, "name", str(f->name));
    cdc_json_set(o, "type", str(cdc_type_name(f->type)));
    const char *enc = f->type == CDC_TYPE_JSON ? "json-text" : encoding_of(f->type, f->epoch_ms);
    if (enc)
        cdc_json_set(o, "encoding", str(enc));
    if (f->enums) {
        json_t *en = cdc_json_must(json_array(), "enum");
        for (const char *const *e = f->enums; *e; e++)
            cdc_json_append(en, str(*e));
        cdc_json_set(o, "enum", en);
    }
    if (f->nmembers) {
        json_t *m = cdc_json_must(json_array(), "members");
        for (size_t i = 0; i < f->nmembers; i++)
            cdc_json_append(m, field_decl(&f->members[i]));
        cdc_json_set(o, "members", m);
    }
    if (f->doc)
        cdc_json_set(o, "description", str(f->doc));
    return o;
}

static json_t *schema_json(const cdc_schema *s)
{
    json_t *o = cdc_json_must(json_object(), "schema");
    json_t *fields = cdc_json_must(json_array(), "fields");
    for (size_t i = 0; i < s->nfields; i++)
        cdc_json_append(fields, field_decl(&s->fields[i]));
    cdc_json_set(o, "table", str(s->table));
    cdc_json_set(o, "pgSchema", str(s->pg_schema));
    cdc_json_set(o, "fields", fields);
    return o;
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

static json_t *endpoint_json(const char *name, const char *topic)
{
    json_t *o = cdc_json_must(json_object(), "endpoint");
    cdc_json_set(o, "name", str(name));
    cdc_json_set(o, "topic", str(topic));
    cdc_json_set(o, "keySerde", str(KEY_SERDE));
    cdc_json_set(o, "valueSerde", str(VALUE_SERDE));
    return o;
}

/* Records whose value is no event (not JSON, not an object, a Debezium
 * envelope without a row): logged, counted, skipped, and copied to the
 * dead-letter topic when one is configured. */
static json_t *deserialization_errors_json(const cdc_config *cfg)
{
    json_t *o = cdc_json_must(json_object(), "deserializationErrors");
    cdc_json_set(o, "handler", str(UNREADABLE_HANDLER));
    cdc_json_set(o, "action", str("log-count-skip"));
    if (cfg->dead_letter_topic[0])
        cdc_json_set(o, "deadLetterTopic", str(cfg->dead_letter_topic));
    return o;
}

static json_t *node_json(const char *kind, const char *name)
{
    json_t *o = cdc_json_must(json_object(), "node");
    cdc_json_set(o, "kind", str(kind));
    cdc_json_set(o, "name", str(name));
    return o;
}

#define SOURCE_NODE "source"

/* The per-filter arrays are written item by item (json.h streams), so the
 * document's tree is never whole in memory: branches, then the nodes of the
 * one subtopology (the source, then each filter's processor and sink). */
typedef struct walk {
    const cdc_program *p;
    size_t i;  /* next filter */
    int phase; /* nodes: 0 source, 1 processor, 2 sink */
    json_t *source_node;
} walk;

/* The next generated filter from w->i on, or NULL. */
static const cdc_filter *next_generated(walk *w)
{
    while (w->i < w->p->nfilters && !w->p->filters[w->i]->generated)
        w->i++;
    return w->i < w->p->nfilters ? w->p->filters[w->i] : NULL;
}

static const char *processor_name(const cdc_filter *f, cdc_buf *b)
{
    cdc_buf_reset(b);
    cdc_buf_printf(b, "filter-%s", f->id.s);
    return b->data;
}

static const char *sink_name(const cdc_filter *f, cdc_buf *b)
{
    cdc_buf_reset(b);
    cdc_buf_printf(b, "sink-%s", f->id.s);
    return b->data;
}

static json_t *next_branch(void *ctx)
{
    walk *w = ctx;
    const cdc_filter *f = next_generated(w);
    if (!f)
        return NULL;
    w->i++;
    cdc_buf proc = CDC_BUF_INIT, sink = CDC_BUF_INIT;
    json_t *b = cdc_json_must(json_object(), "branch");
    cdc_json_set(b, "name", str(f->id.s));
    cdc_json_set(b, "filter", str(f->id.s));
    cdc_json_set(b, "filterName", str(f->name.s));
    cdc_json_set(b, "consumerId", str(f->consumer_id.s));
    if (f->description.s)
        cdc_json_set(b, "description", str(f->description.s));
    if (f->src)
        cdc_json_set(b, "definedIn", str(f->src->path));
    cdc_json_set(b, "processor", str(processor_name(f, &proc)));
    cdc_json_set(b, "predicate", predicate_json(f->cond));
    cdc_json_set(b, "sink", endpoint_json(sink_name(f, &sink), f->topic[CDC_TARGET_KSTREAMS]));
    cdc_buf_release(&proc);
    cdc_buf_release(&sink);
    return b;
}

static json_t *next_node(void *ctx)
{
    walk *w = ctx;
    if (w->phase == 0) {
        w->phase = 1;
        return w->source_node;
    }
    const cdc_filter *f = next_generated(w);
    if (!f)
        return NULL;
    cdc_buf proc = CDC_BUF_INIT, sink = CDC_BUF_INIT;
    processor_name(f, &proc);
    sink_name(f, &sink);
    json_t *n;
    if (w->phase == 1) {
        n = node_json("processor", proc.data);
        cdc_json_set(n, "stores", json_array());
        cdc_json_set(n, "predecessors", str_array1(SOURCE_NODE));
        cdc_json_set(n, "successors", str_array1(sink.data));
        w->phase = 2;
    } else {
        n = node_json("sink", sink.data);
        cdc_json_set(n, "topic", str(f->topic[CDC_TARGET_KSTREAMS]));
        cdc_json_set(n, "predecessors", str_array1(proc.data));
        cdc_json_set(n, "successors", json_array());
        w->phase = 1;
        w->i++;
    }
    cdc_buf_release(&proc);
    cdc_buf_release(&sink);
    return n;
}

void cdc_emit_kstreams(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    json_t *root = cdc_json_must(json_object(), "root");
    json_t *sources = cdc_json_must(json_array(), "sources");
    for (size_t i = 0; i < p->nsources; i++)
        cdc_json_append(sources, str(p->sources[i]->path));

    cdc_json_set(root, "generatedBy", str("cdcgen"));
    cdc_json_set(root, "doNotEdit", json_true());
    cdc_json_set(root, "formatVersion", json_integer(1));
    cdc_json_set(root, "sources", sources);
    cdc_json_set(root, "semantics", semantics_json());
    cdc_json_set(root, "applicationId", str(cfg->application_id));
    cdc_json_set(root, "bootstrapServers", str(cfg->bootstrap_servers));
    cdc_json_set(root, "processingGuarantee", str(PROCESSING_GUARANTEE));
    json_t *source = endpoint_json(SOURCE_NODE, cfg->source_topic);
    cdc_json_set(source, "valueFormat", str(cfg->source_format));
    cdc_json_set(root, "source", source);
    cdc_json_set(root, "deserializationErrors", deserialization_errors_json(cfg));
    cdc_json_set(root, "schema", schema_json(p->schema));

    /* The source node lists every processor; the document's reals use the
     * largest precision any literal needs. */
    int prec = 15;
    json_t *src_succ = cdc_json_must(json_array(), "successors");
    cdc_buf proc = CDC_BUF_INIT;
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        if (!f->generated)
            continue;
        prec = real_precision_cond(f->cond, prec);
        cdc_json_append(src_succ, str(processor_name(f, &proc)));
    }
    cdc_buf_release(&proc);
    json_t *src_node = node_json("source", SOURCE_NODE);
    cdc_json_set(src_node, "topics", str_array1(cfg->source_topic));
    cdc_json_set(src_node, "predecessors", json_array());
    cdc_json_set(src_node, "successors", src_succ);

    walk branches = {.p = p}, nodes = {.p = p, .source_node = src_node};
    const cdc_json_stream streams[] = {
        {"branches", next_branch, &branches},
        {"nodes", next_node, &nodes},
    };
    cdc_json_set(root, "branches", cdc_json_stream_mark(&streams[0]));

    json_t *sub = cdc_json_must(json_object(), "subtopology");
    cdc_json_set(sub, "id", json_integer(0));
    cdc_json_set(sub, "nodes", cdc_json_stream_mark(&streams[1]));
    json_t *subs = cdc_json_must(json_array(), "subtopologies");
    cdc_json_append(subs, sub);
    json_t *topo = cdc_json_must(json_object(), "topology");
    cdc_json_set(topo, "subtopologies", subs);
    cdc_json_set(topo, "globalStores", json_array());
    cdc_json_set(root, "topology", topo);

    cdc_json_write_streamed(root, JSON_REAL_PRECISION(prec), streams, ARRAY_SIZE(streams), out);
}

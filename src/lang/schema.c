/* lang/schema.c: the built-in event_headers schema (the seed system's topic).
 * Columns are listed in the order the CDC connector writes them; the back
 * ends declare them in this order. */
#include <string.h>

#include "cdcgen/lang/schema.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/ast.h"

static const char *const op_values[] = {"c", "u", "d", "r", NULL};
static const char *const deleted_values[] = {"true", "false", NULL};

/* The event types the seed's event-header.json lists; a new type is added
 * there before filters route it, so another value is likely a typo. */
static const char *const event_types[] = {"CarCreated", "LoanCreated", "LoanPaymentSubmitted",
                                          "CarServiceDone", NULL};

/* Keys of the event header carried in header_data (seed event-header.json);
 * other keys are allowed and typed from the literal they are compared with. */
static const cdc_field header_members[] = {
    {.name = "uuid", .type = CDC_TYPE_STRING, .doc = "event id (UUID)"},
    {.name = "eventName", .type = CDC_TYPE_STRING, .doc = "readable event name"},
    {.name = "eventType",
     .type = CDC_TYPE_STRING,
     .known = event_types,
     .doc = "event type identifier"},
    {.name = "createdDate", .type = CDC_TYPE_TIMESTAMP, .doc = "when the event was created"},
    {.name = "savedDate", .type = CDC_TYPE_TIMESTAMP, .doc = "when the event was saved"},
};

static const cdc_field event_header_fields[] = {
    {.name = "id", .type = CDC_TYPE_STRING, .key = true, .doc = "row id"},
    {.name = "event_name", .type = CDC_TYPE_STRING, .doc = "readable event name"},
    {.name = "event_type", .type = CDC_TYPE_STRING, .doc = "event type identifier"},
    {.name = "created_date", .type = CDC_TYPE_TIMESTAMP, .doc = "when the event was created"},
    {.name = "saved_date", .type = CDC_TYPE_TIMESTAMP, .doc = "when the event was saved"},
    {.name = "header_data",
     .type = CDC_TYPE_JSON,
     .members = header_members,
     .nmembers = ARRAY_SIZE(header_members),
     .doc = "event header as JSON text"},
    {.name = "__op",
     .type = CDC_TYPE_STRING,
     .enums = op_values,
     .doc = "CDC operation: c create, u update, d delete, r snapshot read"},
    {.name = "__table", .type = CDC_TYPE_STRING, .doc = "source table"},
    {.name = "__ts_ms",
     .type = CDC_TYPE_TIMESTAMP,
     .epoch_ms = true,
     .doc = "when the connector processed the change (epoch milliseconds)"},
    {.name = "__deleted",
     .type = CDC_TYPE_STRING,
     .enums = deleted_values,
     .doc = "\"true\" for a delete rewritten by the connector, else \"false\""},
};

static const cdc_schema event_headers = {
    .table = "event_headers",
    .pg_schema = "public",
    .fields = event_header_fields,
    .nfields = ARRAY_SIZE(event_header_fields),
};

const cdc_schema *cdc_schema_builtin(void)
{
    return &event_headers;
}

const cdc_field *cdc_schema_find(const cdc_schema *s, const char *name)
{
    for (size_t i = 0; i < s->nfields; i++)
        if (strcmp(s->fields[i].name, name) == 0)
            return &s->fields[i];
    return NULL;
}

const cdc_field *cdc_field_member(const cdc_field *json, const char *key)
{
    for (size_t i = 0; i < json->nmembers; i++)
        if (strcmp(json->members[i].name, key) == 0)
            return &json->members[i];
    return NULL;
}

const cdc_field *cdc_fieldref_entry(const cdc_fieldref *f)
{
    return f->member ? f->member : f->npath ? NULL : f->column;
}

bool cdc_value_unlisted(cdc_arena *a, const char *const *list, const char *s, const char **listed,
                        const char **hint)
{
    size_t n = 0;
    for (; list[n]; n++)
        if (strcmp(list[n], s) == 0)
            return false;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < n; i++)
        cdc_buf_printf(&b, "%s%s", i ? ", " : "", list[i]);
    *listed = cdc_arena_strdup(a, b.data);
    const char *near = cdc_suggest(s, list, n);
    *hint = near ? cdc_arena_printf(a, "; did you mean '%s'?", near) : "";
    cdc_buf_release(&b);
    return true;
}

/* lang/schema.c: lookups into the table's schema, and the change-event
 * metadata every schema file's columns are followed by. Columns are listed in
 * the order the CDC connector writes them; the back ends declare them in this
 * order. */
#include <string.h>
#include <strings.h>

#include "cdcgen/lang/schema.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/ast.h"

static const char *const op_values[] = {"c", "u", "d", "r", NULL};
static const char *const deleted_values[] = {"true", "false", NULL};

static const cdc_field metadata_fields[] = {
    {.name = "__op",
     .type = CDC_TYPE_STRING,
     .enums = op_values,
     .metadata = true,
     .doc = "CDC operation: c create, u update, d delete, r snapshot read"},
    {.name = "__table", .type = CDC_TYPE_STRING, .metadata = true, .doc = "source table"},
    {.name = "__ts_ms",
     .type = CDC_TYPE_TIMESTAMP,
     .epoch_ms = true,
     .metadata = true,
     .doc = "when the connector processed the change (epoch milliseconds)"},
    {.name = "__deleted",
     .type = CDC_TYPE_STRING,
     .enums = deleted_values,
     .metadata = true,
     .optional = true,
     .doc = "\"true\" for a delete rewritten by the connector, else \"false\""},
};

const cdc_field *cdc_schema_metadata(size_t *n)
{
    *n = ARRAY_SIZE(metadata_fields);
    return metadata_fields;
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

const cdc_field *cdc_field_walk(const cdc_field *entry, const cdc_path_step *path, size_t n,
                                size_t *done)
{
    size_t k = 0;
    for (const cdc_field *m; k < n && entry->type == CDC_TYPE_JSON; k++) {
        if (path[k].kind != CDC_STEP_KEY || !(m = cdc_field_member(entry, path[k].key)))
            break;
        entry = m;
    }
    *done = k;
    return entry;
}

const cdc_field *cdc_fieldref_entry(const cdc_fieldref *f)
{
    return f->member ? f->member : f->npath ? NULL : f->column;
}

/* Skips spaces, then reads an unsigned number of at most 4 digits. */
static bool read_count(const char **s, unsigned *out)
{
    while (**s == ' ')
        (*s)++;
    unsigned v = 0, n = 0;
    for (; **s >= '0' && **s <= '9' && n < 5; (*s)++, n++)
        v = v * 10 + (unsigned)(**s - '0');
    while (**s == ' ')
        (*s)++;
    *out = v;
    return n > 0 && n < 5;
}

bool cdc_field_numeric(const cdc_field *f, unsigned *precision, unsigned *scale)
{
    const char *s = f->pg_type;
    if (!s)
        return false;
    if (strncasecmp(s, "numeric", 7) == 0)
        s += 7;
    else if (strncasecmp(s, "decimal", 7) == 0)
        s += 7;
    else
        return false;
    while (*s == ' ')
        s++;
    if (*s++ != '(' || !read_count(&s, precision) || *precision == 0)
        return false;
    *scale = 0;
    if (*s == ',' && (s++, !read_count(&s, scale)))
        return false;
    return *s == ')' && s[1] == '\0' && *scale <= *precision;
}

void cdc_field_decimal_bounds(const cdc_field *entry, unsigned *precision, unsigned *scale)
{
    unsigned p = 38, s = 18, dp, ds;
    if (entry && cdc_field_numeric(entry, &dp, &ds)) {
        p = dp, s = ds;
        if (s > 37)
            s = 37;
        if (p > 38)
            p = 38;
        if (p <= s)
            p = s + 1;
    }
    *precision = p;
    *scale = s;
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

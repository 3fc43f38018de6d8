/* sem/drift.c: has the table changed under the schema file?
 *
 * Consumes the checked program (its schema file and filters), the config
 * (which targets are written) and the live table; produces findings of code
 * schema-drift, located at the schema file's column. What decides error or
 * warning is who depends on the column:
 *   - a filter reads it: a changed type, a dropped column or NULLs the file
 *     rules out change what the filter routes: error;
 *   - the targets declare every column with the SQL type of its cdcgen type,
 *     so a changed cdcgen type fails or misreads records on every engine,
 *     a changed primary key changes the records' key, and a column the file
 *     lacks is lost by the Flink targets (they write the declared columns
 *     only): errors;
 *   - otherwise (a dropped column no filter reads arrives as null, a
 *     PostgreSQL type that maps to the same cdcgen type, changed enum
 *     labels): warnings, so the file is brought up to date with
 *     'cdcgen schema pull'. */
#include <stdarg.h>
#include <string.h>

#include "cdcgen/sem/drift.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/lang/schema.h"

static const cdc_cond *reads(const cdc_cond *c, const cdc_field *col)
{
    if (!c)
        return NULL;
    if (c->kind == CDC_COND_LEAF)
        return c->field.column == col ? c : NULL;
    for (size_t i = 0; i < c->nkids; i++) {
        const cdc_cond *hit = reads(c->kids[i], col);
        if (hit)
            return hit;
    }
    return NULL;
}

const cdc_cond *cdc_filter_reads(const cdc_filter *f, const cdc_field *col)
{
    return reads(f->cond, col);
}

typedef struct drift {
    const cdc_program *p;
    const cdc_schema *s;
    cdc_diags *d;
    size_t n;
} drift;

/* The generated filters reading col, as notes; the count. */
static size_t note_readers(drift *D, const cdc_field *col)
{
    size_t n = 0;
    for (size_t i = 0; i < D->p->nfilters; i++) {
        const cdc_filter *f = D->p->filters[i];
        const cdc_cond *c = f->generated ? cdc_filter_reads(f, col) : NULL;
        if (c && n++ < 3)
            cdc_diag_note(D->d, f->src, c->field.pos, "filter '%s' reads it", f->id.s);
    }
    return n;
}

static size_t count_readers(const drift *D, const cdc_field *col)
{
    size_t n = 0;
    for (size_t i = 0; i < D->p->nfilters; i++)
        n += D->p->filters[i]->generated && cdc_filter_reads(D->p->filters[i], col);
    return n;
}

CDC_PRINTF(4, 5)
static void report(drift *D, bool error, cdc_pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = cdc_arena_vprintf(D->d->arena, fmt, ap);
    va_end(ap);
    if (error)
        cdc_diag_error(D->d, D->s->src, at, "schema-drift", "%s", msg);
    else
        cdc_diag_warning(D->d, D->s->src, at, "schema-drift", "%s", msg);
    D->n++;
}

static const cdc_pg_column *live_column(const cdc_pg_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0)
            return &t->columns[i];
    return NULL;
}

static const char *type_text(cdc_type t, bool epoch_ms)
{
    return t == CDC_TYPE_TIMESTAMP && epoch_ms ? "timestamp (epoch-ms)" : cdc_type_name(t);
}

static bool same_labels(const char *const *a, const char *const *b)
{
    for (; a && b && *a && *b; a++, b++)
        if (strcmp(*a, *b) != 0)
            return false;
    return (!a || !*a) && (!b || !*b);
}

/* One column of the file against the table's column of that name. */
static void compare_column(drift *D, const cdc_field *f, const cdc_pg_column *c)
{
    cdc_type type;
    bool epoch_ms;
    const char *why;
    bool readers = count_readers(D, f) > 0;
    if (!cdc_pg_map_type(c, &type, &epoch_ms, &why)) {
        report(D, true, f->pos,
               "column '%s' is %s in the schema file, but the table's column is %s, which has "
               "no cdcgen type (the connector writes %s)",
               f->name, cdc_type_name(f->type), c->type, why);
        note_readers(D, f);
        return;
    }
    if (type != f->type || epoch_ms != f->epoch_ms) {
        report(D, true, f->pos,
               "column '%s' is %s in the schema file, but the table's column is %s (%s); the "
               "targets declare it with the file's type",
               f->name, type_text(f->type, f->epoch_ms), c->type, type_text(type, epoch_ms));
        note_readers(D, f);
    } else if (f->pg_type && strcmp(f->pg_type, c->type) != 0) {
        report(D, false, f->pos,
               "column '%s' is %s in the schema file, but %s in the table (both %s)", f->name,
               f->pg_type, c->type, cdc_type_name(type));
    }
    bool live_nullable = !c->notnull && !c->key;
    if (!f->nullable && live_nullable) {
        report(D, readers, f->pos,
               "column '%s' is NOT NULL in the schema file, but the table lets it be null%s",
               f->name, readers ? "; filters reading it were checked as if it never were" : "");
        note_readers(D, f);
    }
    if (f->key != c->key)
        report(D, true, f->pos,
               "column '%s' is %s of the primary key in the schema file, but %s in the table; "
               "the records' key changes",
               f->name, f->key ? "part" : "not part", c->key ? "part of it" : "not");
    const char *const *file_labels = f->enums ? f->enums : f->known;
    if (c->labels && file_labels && !same_labels(file_labels, c->labels))
        report(D, false, f->pos,
               "the values of column '%s' differ from the labels of its enum type %s in the table",
               f->name, c->type);
}

size_t cdc_drift_check(const cdc_program *p, const cdc_config *cfg, const cdc_pg_table *t,
                       cdc_diags *d)
{
    drift D = {p, p->schema, d, 0};
    const cdc_schema *s = p->schema;
    for (size_t i = 0; i < s->ncolumns; i++) {
        const cdc_field *f = &s->fields[i];
        const cdc_pg_column *c = live_column(t, f->name);
        if (c) {
            compare_column(&D, f, c);
            continue;
        }
        size_t n = count_readers(&D, f);
        report(&D, n > 0, f->pos, "column '%s' is not in the table %s.%s%s", f->name, t->schema,
               t->name, n ? "" : "; the targets carry it as null");
        note_readers(&D, f);
    }
    bool flink = cfg->targets & ((1u << CDC_TARGET_FLINK) | (1u << CDC_TARGET_CONFLUENT));
    for (size_t i = 0; i < t->ncolumns; i++) {
        const cdc_pg_column *c = &t->columns[i];
        if (cdc_schema_find(s, c->name))
            continue;
        /* Located at the file's column it follows in the table. */
        cdc_pos at = s->ncolumns ? s->fields[0].pos : (cdc_pos){0, 0, 0, 0};
        for (size_t j = i; j-- > 0;) {
            const cdc_field *prev = cdc_schema_find(s, t->columns[j].name);
            if (prev && !prev->metadata) {
                at = prev->pos;
                break;
            }
        }
        report(&D, flink, at, "the table has a column '%s' (%s) the schema file does not list%s",
               c->name, c->type,
               flink ? "; the Flink targets write only the listed columns and drop it" : "");
    }
    return D.n;
}

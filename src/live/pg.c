/* live/pg.c: the PostgreSQL client (libpq).
 *
 * Consumes a connection string; produces the catalog's description of a
 * table and the facts logical replication depends on, in the caller's
 * arena. Every query is a parameterised SELECT (no quoting of names by
 * hand), and every message passes through one scrubber that removes the
 * password: libpq echoes pieces of a malformed connection string, and a
 * server message could quote anything. */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cdcgen/live/pg.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/lang/schema_pg.h"

struct cdc_pg {
    PGconn *conn;
    cdc_arena *a;
    const char *secrets[2]; /* the password of conninfo, PGPASSWORD's */
};

/* msg as one line, every secret replaced by "***" and every double-quoted
 * fragment of a connection string libpq could not parse by "...". */
static const char *scrub(cdc_arena *a, const char *const *secrets, size_t nsecrets, const char *msg,
                         bool quoted)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_buf_puts(&b, msg ? msg : "unknown error");
    for (size_t i = 0; i < nsecrets; i++) {
        const char *s = secrets[i];
        if (!s || !*s)
            continue;
        size_t n = strlen(s);
        cdc_buf next = CDC_BUF_INIT;
        cdc_buf_init(&next);
        for (const char *p = b.data, *hit; *p; p = hit + n) {
            if (!(hit = strstr(p, s))) {
                cdc_buf_puts(&next, p);
                break;
            }
            cdc_buf_add(&next, p, (size_t)(hit - p));
            cdc_buf_puts(&next, "***");
        }
        cdc_buf_release(&b);
        b = next;
    }
    cdc_buf line = CDC_BUF_INIT;
    cdc_buf_init(&line);
    bool in_quote = false;
    for (const char *p = b.data; *p; p++) {
        if (quoted && *p == '"') {
            in_quote = !in_quote;
            cdc_buf_puts(&line, in_quote ? "\"..." : "\"");
            continue;
        }
        if (!in_quote)
            cdc_buf_putc(&line, (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p);
    }
    cdc_buf_release(&b);
    while (line.len && line.data[line.len - 1] == ' ')
        line.data[--line.len] = '\0';
    const char *out = cdc_arena_strdup(a, line.data);
    cdc_buf_release(&line);
    return out;
}

static const char *conn_error(cdc_pg *c)
{
    return scrub(c->a, c->secrets, 2, PQerrorMessage(c->conn), false);
}

cdc_pg *cdc_pg_connect(cdc_arena *a, const char *conninfo, const char **err)
{
    const char *env = getenv("PGPASSWORD");
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &perr);
    if (!opts) {
        /* Its fragments of the string may be the password: left out. */
        const char *secrets[1] = {env};
        *err = cdc_arena_printf(a, "invalid connection string: %s",
                                scrub(a, secrets, 1, perr ? perr : "out of memory", true));
        PQfreemem(perr);
        return NULL;
    }
    cdc_pg *c = CDC_ARENA_NEW(a, cdc_pg);
    c->a = a;
    c->secrets[1] = env ? cdc_arena_strdup(a, env) : NULL;
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (strcmp(o->keyword, "password") == 0 && o->val)
            c->secrets[0] = cdc_arena_strdup(a, o->val);
    PQconninfoFree(opts);
    c->conn = PQconnectdb(conninfo);
    if (!c->conn) {
        *err = "out of memory";
        return NULL;
    }
    if (PQstatus(c->conn) != CONNECTION_OK) {
        *err = conn_error(c);
        PQfinish(c->conn);
        return NULL;
    }
    PGresult *r = PQexec(c->conn, "SET application_name = 'cdcgen'");
    PQclear(r);
    return c;
}

void cdc_pg_close(cdc_pg *c)
{
    if (c && c->conn)
        PQfinish(c->conn);
}

const char *cdc_pg_describe(cdc_pg *c)
{
    const char *host = PQhost(c->conn);
    return cdc_arena_printf(
        c->a, "database '%s' on %s%s%s", PQdb(c->conn), host && host[0] == '/' ? "socket " : "",
        host ? host : "localhost",
        host && host[0] == '/' ? "" : cdc_arena_printf(c->a, ":%s", PQport(c->conn)));
}

const char *cdc_pg_location(cdc_pg *c)
{
    const char *host = PQhost(c->conn);
    if (host && host[0] == '/')
        return cdc_arena_printf(c->a, "postgres:///%s?host=%s", PQdb(c->conn), host);
    return cdc_arena_printf(c->a, "postgres://%s:%s/%s", host ? host : "localhost", PQport(c->conn),
                            PQdb(c->conn));
}

/* Runs sql with text parameters; NULL and *err on failure. */
static PGresult *query(cdc_pg *c, const char *sql, int n, const char *const *params,
                       const char **err)
{
    PGresult *r = PQexecParams(c->conn, sql, n, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        *err = scrub(c->a, c->secrets, 2, PQresultErrorMessage(r), false);
        if (!**err)
            *err = conn_error(c);
        PQclear(r);
        return NULL;
    }
    return r;
}

static const char *val(cdc_pg *c, PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : cdc_arena_strdup(c->a, PQgetvalue(r, row, col));
}

static bool is_true(PGresult *r, int row, int col)
{
    return !PQgetisnull(r, row, col) && strcmp(PQgetvalue(r, row, col), "t") == 0;
}

/* ---- the table ---- */

/* The table's oid by name; NULL when there is none. */
static cdc_pg_status find_table(cdc_pg *c, const char **schema, const char *name, const char **oid,
                                const char **err)
{
    const char *params[2] = {name, *schema};
    PGresult *r = query(c,
                        "SELECT c.oid, n.nspname FROM pg_catalog.pg_class c "
                        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE c.relname = $1 AND ($2::text IS NULL OR n.nspname = $2) "
                        "AND c.relkind IN ('r', 'p') ORDER BY n.nspname",
                        2, params, err);
    if (!r)
        return CDC_PG_FAILED;
    int n = PQntuples(r);
    cdc_pg_status st = CDC_PG_OK;
    if (n == 0) {
        *err =
            *schema
                ? cdc_arena_printf(c->a, "no table %s.%s in %s", *schema, name, cdc_pg_describe(c))
                : cdc_arena_printf(c->a, "no table named %s in %s", name, cdc_pg_describe(c));
        st = CDC_PG_NOT_FOUND;
    } else if (n > 1) {
        cdc_buf b = CDC_BUF_INIT;
        cdc_buf_init(&b);
        for (int i = 0; i < n; i++)
            cdc_buf_printf(&b, "%s%s.%s", i ? ", " : "", PQgetvalue(r, i, 1), name);
        *err = cdc_arena_printf(c->a, "%d tables are named %s (%s); name one with --table", n, name,
                                b.data);
        cdc_buf_release(&b);
        st = CDC_PG_NOT_FOUND;
    } else {
        *oid = val(c, r, 0, 0);
        *schema = val(c, r, 0, 1);
    }
    PQclear(r);
    return st;
}

/* Follows domains down to the base type of column col (its type's oid):
 * its name, kind and category, whether a domain says NOT NULL, the type
 * under the domains as format_type() names it (with the typmod the
 * innermost domain gives it), and the base's oid (for an enum's labels). */
static bool base_type(cdc_pg *c, const char *type_oid, cdc_pg_column *col, const char **base_oid,
                      const char **err)
{
    const char *oid = type_oid;
    for (int depth = 0; depth < 32; depth++) {
        const char *params[1] = {oid};
        PGresult *r = query(c,
                            "SELECT typname, typtype, typcategory, typbasetype, typnotnull, "
                            "  pg_catalog.format_type(typbasetype, typtypmod) "
                            "FROM pg_catalog.pg_type WHERE oid = $1::oid",
                            1, params, err);
        if (!r)
            return false;
        if (PQntuples(r) != 1) {
            *err =
                cdc_arena_printf(c->a, "type %s of column '%s' is not in pg_type", oid, col->name);
            PQclear(r);
            return false;
        }
        char kind = PQgetvalue(r, 0, 1)[0];
        col->notnull |= kind == 'd' && is_true(r, 0, 4);
        if (kind != 'd') {
            col->base = val(c, r, 0, 0);
            col->base_kind = kind;
            col->array = PQgetvalue(r, 0, 2)[0] == 'A';
            *base_oid = oid;
            PQclear(r);
            return true;
        }
        oid = val(c, r, 0, 3);
        col->domain_base = val(c, r, 0, 5); /* the last domain's names the type under all */
        PQclear(r);
    }
    *err = cdc_arena_printf(c->a, "the domains of column '%s' nest too deep", col->name);
    return false;
}

static bool enum_labels(cdc_pg *c, const char *oid, cdc_pg_column *col, const char **err)
{
    const char *params[1] = {oid};
    PGresult *r = query(c,
                        "SELECT enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = $1::oid "
                        "ORDER BY enumsortorder",
                        1, params, err);
    if (!r)
        return false;
    int n = PQntuples(r);
    const char **labels = cdc_arena_alloc(c->a, ((size_t)n + 1) * sizeof *labels);
    for (int i = 0; i < n; i++)
        labels[i] = val(c, r, i, 0);
    col->labels = n ? labels : NULL;
    PQclear(r);
    return true;
}

cdc_pg_status cdc_pg_read_table(cdc_pg *c, const char *schema, const char *name, cdc_pg_table *out,
                                const char **err)
{
    const char *oid = NULL;
    cdc_pg_status st = find_table(c, &schema, name, &oid, err);
    if (st != CDC_PG_OK)
        return st;
    const char *params[1] = {oid};
    PGresult *r = query(
        c,
        "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
        "  EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = a.attrelid "
        "          AND i.indisprimary AND a.attnum = ANY (i.indkey)), "
        "  a.atttypid, c.relreplident "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        1, params, err);
    if (!r)
        return CDC_PG_FAILED;
    int n = PQntuples(r);
    *out = (cdc_pg_table){.schema = schema, .name = cdc_arena_strdup(c->a, name)};
    out->columns = cdc_arena_alloc(c->a, ((size_t)n + 1) * sizeof *out->columns);
    out->ncolumns = (size_t)n;
    out->replica_identity = n ? PQgetvalue(r, 0, 5)[0] : 'd';
    for (int i = 0; i < n; i++) {
        cdc_pg_column *col = &out->columns[i];
        col->name = val(c, r, i, 0);
        col->type = val(c, r, i, 1);
        col->notnull = is_true(r, i, 2);
        col->key = is_true(r, i, 3);
        const char *base_oid;
        if (!base_type(c, PQgetvalue(r, i, 4), col, &base_oid, err) ||
            (col->base_kind == 'e' && !col->array && !enum_labels(c, base_oid, col, err))) {
            PQclear(r);
            return CDC_PG_FAILED;
        }
    }
    PQclear(r);
    return CDC_PG_OK;
}

/* ---- the server, the publication, the role ---- */

static bool one_row(cdc_pg *c, const char *sql, int n, const char *const *params, PGresult **r,
                    const char **err)
{
    *r = query(c, sql, n, params, err);
    if (*r && PQntuples(*r) != 1) {
        *err = "a catalog query returned no row";
        PQclear(*r);
        *r = NULL;
    }
    return *r != NULL;
}

bool cdc_pg_read_server(cdc_pg *c, const char *slot, cdc_pg_server *out, const char **err)
{
    const char *params[1] = {slot};
    PGresult *r;
    if (!one_row(c,
                 "SELECT current_setting('wal_level'), "
                 "  current_setting('max_replication_slots')::bigint, "
                 "  (SELECT count(*) FROM pg_catalog.pg_replication_slots), "
                 "  current_setting('max_wal_senders')::bigint, "
                 "  (SELECT count(*) FROM pg_catalog.pg_stat_activity "
                 "   WHERE backend_type = 'walsender'), "
                 "  EXISTS (SELECT 1 FROM pg_catalog.pg_replication_slots WHERE slot_name = $1), "
                 "  EXISTS (SELECT 1 FROM pg_catalog.pg_replication_slots "
                 "          WHERE slot_name = $1 AND active)",
                 1, params, &r, err))
        return false;
    out->wal_level = val(c, r, 0, 0);
    out->max_slots = atol(PQgetvalue(r, 0, 1));
    out->slots_used = atol(PQgetvalue(r, 0, 2));
    out->max_senders = atol(PQgetvalue(r, 0, 3));
    out->senders_used = atol(PQgetvalue(r, 0, 4));
    out->slot_exists = is_true(r, 0, 5);
    out->slot_active = is_true(r, 0, 6);
    PQclear(r);
    return true;
}

bool cdc_pg_read_publication(cdc_pg *c, const char *name, const char *schema, const char *table,
                             cdc_pg_publication *out, const char **err)
{
    const char *params[3] = {name, schema, table};
    PGresult *r;
    if (!one_row(c,
                 "SELECT count(p.oid) > 0, "
                 "  coalesce(bool_or(p.puballtables), false), "
                 "  coalesce(bool_or(p.pubupdate AND p.pubdelete AND p.pubinsert), false), "
                 "  EXISTS (SELECT 1 FROM pg_catalog.pg_publication_tables t "
                 "          WHERE t.pubname = $1 AND t.schemaname = $2 AND t.tablename = $3) "
                 "FROM pg_catalog.pg_publication p WHERE p.pubname = $1",
                 3, params, &r, err))
        return false;
    out->exists = is_true(r, 0, 0);
    out->all_tables = is_true(r, 0, 1);
    out->publishes_changes = is_true(r, 0, 2);
    out->covers = is_true(r, 0, 3);
    PQclear(r);
    return true;
}

bool cdc_pg_read_role(cdc_pg *c, const char *role, const char *schema, const char *table,
                      cdc_pg_role *out, const char **err)
{
    *out = (cdc_pg_role){0};
    const char *params[3] = {role, schema, table};
    PGresult *r =
        query(c,
              "SELECT r.rolcanlogin, r.rolreplication OR r.rolsuper, "
              "  (SELECT g.rolname FROM pg_catalog.pg_roles g "
              "   WHERE g.rolname IN ('rds_replication', 'rds_superuser', 'cloudsqlsuperuser', "
              "                       'azure_pg_admin', 'alloydbsuperuser') "
              "     AND pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER') ORDER BY 1 LIMIT 1), "
              "  pg_catalog.has_table_privilege(r.oid, "
              "    pg_catalog.quote_ident($2) || '.' || pg_catalog.quote_ident($3), 'SELECT') "
              "FROM pg_catalog.pg_roles r WHERE r.rolname = $1",
              3, params, err);
    if (!r)
        return false;
    if (PQntuples(r) == 1) {
        out->exists = true;
        out->login = is_true(r, 0, 0);
        out->via = val(c, r, 0, 2);
        out->replication = is_true(r, 0, 1) || out->via;
        out->select = is_true(r, 0, 3);
    }
    PQclear(r);
    return true;
}

const char *cdc_pg_current_user(cdc_pg *c)
{
    const char *err;
    PGresult *r;
    if (!one_row(c, "SELECT current_user", 0, NULL, &r, &err))
        return PQuser(c->conn);
    const char *u = val(c, r, 0, 0);
    PQclear(r);
    return u;
}

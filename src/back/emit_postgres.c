/* back/emit_postgres.c: the postgres target. Program + config -> the SQL the
 * source database needs before the connector starts (postgres.sql), for
 * psql -v ON_ERROR_STOP=1 -f postgres.sql as the table's owner:
 *   1. wal_level must be logical: a DO block that raises an error with the
 *      settings to change (nothing else runs then);
 *   2. the publication connector.publication_name covering the table,
 *      created or extended, publishing inserts, updates and deletes;
 *   3. REPLICA IDENTITY FULL when a generated filter reads a column outside
 *      the primary key (or there is no key), since under DEFAULT a delete
 *      carries only the key columns and such a filter routes deletes
 *      wrongly; otherwise the identity is left as it is;
 *   4. the connector's role and its grants, as a commented template (a
 *      password is the DBA's to choose; cdcgen never writes one).
 * One transaction; every step looks before it changes anything, so a second
 * run changes nothing (not even a catalog row's version). Names are quoted
 * identifiers inside format('%I') with their text as SQL literals; the
 * dollar quote's tag is one no name contains. */
#include <stdio.h>
#include <string.h>

#include "cdcgen/back/emit_postgres.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/config/config.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/schema.h"
#include "cdcgen/lang/schema_ddl.h"
#include "cdcgen/sem/drift.h"

/* s as a quoted identifier. */
static void put_ident(cdc_buf *out, const char *s)
{
    cdc_buf_put_quoted(out, s, '"');
}

/* s in a "--" comment: a line break would end the comment. */
static void put_comment_text(cdc_buf *out, const char *s)
{
    for (; *s; s++)
        cdc_buf_putc(out, (*s == '\n' || *s == '\r') ? ' ' : *s);
}

/* A dollar-quote tag no name appearing inside the quote contains. */
static const char *dollar_tag(const cdc_program *p, const cdc_config *cfg, char buf[32])
{
    const char *names[] = {p->schema->pg_schema, p->schema->table, cfg->publication_name};
    for (unsigned n = 0;; n++) {
        snprintf(buf, 32, n ? "$cdcgen%u$" : "$cdcgen$", n);
        bool clash = false;
        for (size_t i = 0; i < ARRAY_SIZE(names); i++)
            clash |= strstr(names[i], buf) != NULL;
        if (!clash)
            return buf;
    }
}

/* The generated filters that read a column outside the key, for the
 * replica identity; *first names the first and *n counts them. */
static size_t filters_needing_full(const cdc_program *p, cdc_buf *list)
{
    const cdc_schema *s = p->schema;
    size_t n = 0;
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        if (!f->generated)
            continue;
        for (size_t j = 0; j < s->ncolumns; j++) {
            const cdc_field *c = &s->fields[j];
            const cdc_cond *cond = c->key ? NULL : cdc_filter_reads(f, c);
            if (cond) {
                cdc_buf_printf(list, "--   %s reads %s\n", f->id.s, c->name);
                n++;
                break;
            }
        }
    }
    return n;
}

static bool has_key(const cdc_schema *s)
{
    for (size_t i = 0; i < s->ncolumns; i++)
        if (s->fields[i].key)
            return true;
    return false;
}

static void put_wal_check(cdc_buf *out, const char *tag)
{
    cdc_buf_printf(
        out,
        "-- 1. Logical decoding: the connector reads the WAL through pgoutput.\n"
        "DO %s\n"
        "BEGIN\n"
        "    IF current_setting('wal_level') <> 'logical' THEN\n"
        "        RAISE EXCEPTION 'wal_level is %%, the connector needs logical',\n"
        "            current_setting('wal_level')\n"
        "            USING HINT = 'ALTER SYSTEM SET wal_level = logical; ALTER SYSTEM SET "
        "max_replication_slots = 4; ALTER SYSTEM SET max_wal_senders = 4; then restart "
        "PostgreSQL (Amazon RDS: rds.logical_replication = 1)';\n"
        "    END IF;\n"
        "END\n"
        "%s;\n\n",
        tag, tag);
}

static void put_publication(cdc_buf *out, const cdc_program *p, const cdc_config *cfg,
                            const char *tag)
{
    const cdc_schema *s = p->schema;
    cdc_buf_puts(out, "-- 2. The publication the connector reads (connector.publication_name), "
                      "covering the table\n"
                      "--    and publishing inserts, updates and deletes.\n");
    cdc_buf_printf(out, "DO %s\nDECLARE\n    pub text := ", tag);
    cdc_pg_put_literal(out, cfg->publication_name);
    cdc_buf_puts(out, ";\n    nsp text := ");
    cdc_pg_put_literal(out, s->pg_schema);
    cdc_buf_puts(out, ";\n    tbl text := ");
    cdc_pg_put_literal(out, s->table);
    cdc_buf_printf(
        out,
        ";\n"
        "BEGIN\n"
        "    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = pub) THEN\n"
        "        EXECUTE format('CREATE PUBLICATION %%I FOR TABLE %%I.%%I', pub, nsp, tbl);\n"
        "    ELSIF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication_tables\n"
        "                      WHERE pubname = pub AND schemaname = nsp AND tablename = tbl) "
        "THEN\n"
        "        EXECUTE format('ALTER PUBLICATION %%I ADD TABLE %%I.%%I', pub, nsp, tbl);\n"
        "    END IF;\n"
        "    IF NOT (SELECT pubinsert AND pubupdate AND pubdelete FROM pg_catalog.pg_publication\n"
        "            WHERE pubname = pub) THEN\n"
        "        EXECUTE format('ALTER PUBLICATION %%I SET (publish = %%L)', pub,\n"
        "                       'insert, update, delete, truncate');\n"
        "    END IF;\n"
        "END\n"
        "%s;\n\n",
        tag);
}

static void put_replica_identity(cdc_buf *out, const cdc_program *p, const char *tag)
{
    const cdc_schema *s = p->schema;
    cdc_buf readers = CDC_BUF_INIT;
    cdc_buf_init(&readers);
    size_t n = filters_needing_full(p, &readers);
    bool key = has_key(s);
    cdc_buf_puts(out,
                 "-- 3. REPLICA IDENTITY. Under DEFAULT a delete's change event carries only the\n"
                 "--    primary-key columns (the others are null), so a filter reading another\n"
                 "--    column routes deletes wrongly; FULL logs every column of the old row.\n");
    if (n == 0 && key) {
        cdc_buf_puts(out, "--    No generated filter reads a column outside the primary key: "
                          "DEFAULT suffices,\n"
                          "--    and the table's identity is left as it is.\n\n");
        cdc_buf_release(&readers);
        return;
    }
    if (!key)
        cdc_buf_puts(out, "--    The table has no primary key: under DEFAULT it would have no "
                          "identity, and\n"
                          "--    updates and deletes would fail on the database once published.\n");
    if (n) {
        cdc_buf_printf(out, "--    FULL, since %zu generated filter%s read%s such a column:\n", n,
                       n == 1 ? "" : "s", n == 1 ? "s" : "");
        cdc_buf_add(out, readers.data, readers.len);
    }
    cdc_buf_printf(out, "DO %s\nDECLARE\n    rel regclass := format('%%I.%%I', ", tag);
    cdc_pg_put_literal(out, s->pg_schema);
    cdc_buf_puts(out, ", ");
    cdc_pg_put_literal(out, s->table);
    cdc_buf_printf(out,
                   ");\n"
                   "BEGIN\n"
                   "    IF (SELECT relreplident FROM pg_catalog.pg_class WHERE oid = rel) <> 'f' "
                   "THEN\n"
                   "        EXECUTE format('ALTER TABLE %%s REPLICA IDENTITY FULL', rel);\n"
                   "    END IF;\n"
                   "END\n"
                   "%s;\n\n",
                   tag);
    cdc_buf_release(&readers);
}

/* A config value, or a placeholder naming its key when it is a reference. */
static const char *plain(const char *v, const char *key)
{
    return cdc_config_is_secret_ref(v) ? key : v;
}

static void put_role_template(cdc_buf *out, const cdc_program *p, const cdc_config *cfg)
{
    const cdc_schema *s = p->schema;
    cdc_buf ident = CDC_BUF_INIT, table = CDC_BUF_INIT, db = CDC_BUF_INIT, nsp = CDC_BUF_INIT;
    cdc_buf_init(&ident);
    cdc_buf_init(&table);
    cdc_buf_init(&db);
    cdc_buf_init(&nsp);
    put_ident(&ident, plain(cfg->db_user, "<database.user>"));
    put_ident(&db, plain(cfg->db_name, "<database.dbname>"));
    put_ident(&nsp, s->pg_schema);
    put_ident(&table, s->pg_schema);
    cdc_buf_putc(&table, '.');
    put_ident(&table, s->table);
    cdc_buf_puts(out, "-- 4. The connector's role (database.user), as a template: run it once as "
                      "a superuser,\n"
                      "--    with a password of your own (the connector reads it from ");
    put_comment_text(out, cfg->db_password);
    cdc_buf_puts(out, ").\n");
    cdc_buf_printf(out,
                   "-- CREATE ROLE %s WITH LOGIN REPLICATION PASSWORD '...';\n"
                   "-- GRANT CONNECT ON DATABASE %s TO %s;\n"
                   "-- GRANT USAGE ON SCHEMA %s TO %s;\n"
                   "-- GRANT SELECT ON TABLE %s TO %s;\n"
                   "--    Amazon RDS and Aurora: no REPLICATION attribute; instead\n"
                   "-- GRANT rds_replication TO %s;\n"
                   "--    The connector's slot (connector.slot_name ",
                   ident.data, db.data, ident.data, nsp.data, ident.data, table.data, ident.data,
                   ident.data);
    put_comment_text(out, cfg->slot_name);
    cdc_buf_puts(out, ") is created by the connector on its first start.\n");
    cdc_buf_release(&ident);
    cdc_buf_release(&table);
    cdc_buf_release(&db);
    cdc_buf_release(&nsp);
}

void cdc_emit_postgres(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    const cdc_schema *s = p->schema;
    char tagbuf[32];
    const char *tag = dollar_tag(p, cfg, tagbuf);
    cdc_buf_puts(out, "-- Generated by cdcgen: what the source database needs for the connector "
                      "to capture\n-- ");
    put_comment_text(out, s->pg_schema);
    cdc_buf_putc(out, '.');
    put_comment_text(out, s->table);
    cdc_buf_puts(out, ". Apply as the table's owner:\n"
                      "--   psql -v ON_ERROR_STOP=1 -f postgres.sql\n"
                      "-- One transaction; each step looks before it changes anything, so "
                      "applying it again\n"
                      "-- changes nothing. 'cdcgen doctor' checks the result.\n\n"
                      "BEGIN;\n\n");
    put_wal_check(out, tag);
    put_publication(out, p, cfg, tag);
    put_replica_identity(out, p, tag);
    cdc_buf_puts(out, "COMMIT;\n\n");
    put_role_template(out, p, cfg);
}

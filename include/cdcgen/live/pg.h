/* live/pg.c: cdcgen's client of a live PostgreSQL (libpq): the catalog of
 * the captured table, and what logical replication needs of the server, the
 * publication and the connector's role. Read-only: it runs SELECTs and
 * SHOW only. Every message it returns is one line and never holds the
 * password (of CONNINFO or PGPASSWORD). Only commands call it; the
 * compiler's stages never do. */
#ifndef CDCGEN_LIVE_PG_H
#define CDCGEN_LIVE_PG_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/lang/schema_pg.h"

typedef struct cdc_pg cdc_pg;

/* Connects with conninfo (key=value or a postgresql:// URI; libpq's
 * environment variables fill the rest). NULL on failure, with *err the
 * reason. Strings live in a. */
cdc_pg *cdc_pg_connect(cdc_arena *a, const char *conninfo, const char **err);
void cdc_pg_close(cdc_pg *c); /* NULL is a no-op */
/* "dbname on host:port" (or the socket directory), for messages. */
const char *cdc_pg_describe(cdc_pg *c);
/* "postgres://host:port/dbname" (no user, no password): where findings
 * about the database itself are located. */
const char *cdc_pg_location(cdc_pg *c);

typedef enum cdc_pg_status {
    CDC_PG_OK,
    CDC_PG_NOT_FOUND, /* no such table (or, by name only, several: *err says) */
    CDC_PG_FAILED,    /* a query failed: *err */
} cdc_pg_status;

/* Reads the table schema.name (schema NULL: the one table of that name in
 * any schema the role can see) into out. */
cdc_pg_status cdc_pg_read_table(cdc_pg *c, const char *schema, const char *name, cdc_pg_table *out,
                                const char **err);

/* What logical replication needs of the server. */
typedef struct cdc_pg_server {
    const char *wal_level;
    long max_slots, slots_used;     /* max_replication_slots, slots that exist */
    long max_senders, senders_used; /* max_wal_senders, walsender processes */
    bool slot_exists;               /* the connector's slot exists already */
    bool slot_active;               /* ... and is in use */
} cdc_pg_server;
bool cdc_pg_read_server(cdc_pg *c, const char *slot, cdc_pg_server *out, const char **err);

/* The publication name: whether it exists, covers schema.table (FOR ALL
 * TABLES, the schema, or the table) and publishes deletes and updates. */
typedef struct cdc_pg_publication {
    bool exists, covers, all_tables, publishes_changes;
} cdc_pg_publication;
bool cdc_pg_read_publication(cdc_pg *c, const char *name, const char *schema, const char *table,
                             cdc_pg_publication *out, const char **err);

/* The role: whether it exists, may log in and replicate (REPLICATION,
 * superuser, or membership in rds_replication / cloudsqlsuperuser-like
 * roles), and may SELECT from schema.table. */
typedef struct cdc_pg_role {
    bool exists, login, replication, select;
    const char *via; /* the role that grants replication, or NULL */
} cdc_pg_role;
bool cdc_pg_read_role(cdc_pg *c, const char *role, const char *schema, const char *table,
                      cdc_pg_role *out, const char **err);

/* The role the connection runs as. */
const char *cdc_pg_current_user(cdc_pg *c);

#endif

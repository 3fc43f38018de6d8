/* cmd/database.c: connecting to the project's database and comparing the
 * schema file with its table, for check --schema-from, doctor and schema
 * pull. */
#include "cdcgen/cmd/database.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/lang/schema.h"
#include "cdcgen/live/pg.h"
#include "cdcgen/sem/drift.h"

void cdc_run_database_error(cdc_run *r, const char *msg)
{
    cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "database", "%s", msg);
    r->io_error = true;
}

cdc_pg *cdc_run_connect(cdc_run *r, const char *conninfo)
{
    const char *err;
    cdc_pg *db = cdc_pg_connect(r->arena, conninfo, &err);
    if (!db)
        cdc_run_database_error(r,
                               cdc_arena_printf(r->arena, "cannot connect to PostgreSQL: %s", err));
    return db;
}

bool cdc_run_drift(cdc_run *r, cdc_pg *db, cdc_pg_table *t)
{
    const cdc_schema *s = r->prog.schema;
    const char *err;
    if (cdc_pg_read_table(db, s->pg_schema, s->table, t, &err) != CDC_PG_OK) {
        cdc_run_database_error(r, err);
        return false;
    }
    cdc_drift_check(&r->prog, &r->config, t, &r->diags);
    return true;
}

/* database.c: what the commands that read a live PostgreSQL share (check
 * --schema-from, doctor, schema pull): connecting, and comparing the
 * project's schema file with the table it names. A problem reaching the
 * database is one diagnostic of code database and exit 2. */
#ifndef CDCGEN_CMD_DATABASE_H
#define CDCGEN_CMD_DATABASE_H

#include "cdcgen/base/common.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/lang/schema_pg.h"
#include "cdcgen/live/pg.h"

/* Reports msg as a database error: exit 2. */
void cdc_run_database_error(cdc_run *r, const char *msg);
/* Connects; NULL after a database error. */
cdc_pg *cdc_run_connect(cdc_run *r, const char *conninfo);
/* Reads the table r's schema file names into t (false after a database
 * error) and reports how the file and the table differ (drift.c). */
bool cdc_run_drift(cdc_run *r, cdc_pg *db, cdc_pg_table *t);

#endif

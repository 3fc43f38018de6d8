/* cmd/schema.c: the table's schema file and the live PostgreSQL.
 *   cdcgen schema pull CONNINFO [--table SCHEMA.TABLE] [-o FILE|-]: the
 *     schema file, from a live PostgreSQL catalog;
 *   cdcgen schema ddl [-o FILE|-]: the SQL creating the table the project's
 *     schema file describes (lang/schema_ddl.c).
 *
 * pull consumes a connection string (and the project's schema file, for
 * the table it names); produces the schema file on standard output or in
 * FILE, written whole or not at all. A column no cdcgen type holds is a
 * finding (exit 1, nothing written); a connection, permission or
 * missing-table problem is one line and exit 2. ddl consumes the schema
 * file (--schema, or cdcgen.yaml's); a file that does not load or lacks
 * what the DDL needs is located diagnostics and exit 2, nothing written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/database.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/lang/schema_ddl.h"
#include "cdcgen/lang/schema_pg.h"
#include "cdcgen/live/pg.h"

static const char usage_text[] =
    "usage: cdcgen schema pull CONNINFO [--table SCHEMA.TABLE] [-o FILE|-] [-c FILE]\n"
    "                          [--schema FILE] [--format FMT]\n"
    "       cdcgen schema ddl [-o FILE|-] [-c FILE] [--schema FILE] [--format FMT]\n"
    "\n"
    "pull: write the schema file of a table from a live PostgreSQL catalog: its\n"
    "columns in order, PostgreSQL types, the cdcgen types of the values the\n"
    "connector writes, NOT NULL, the primary key, enum labels and the types under\n"
    "domains. CONNINFO: a libpq connection string ('host=db dbname=events\n"
    "user=cdc' or postgresql://...); PGPASSWORD and the other PG* variables apply.\n"
    "Nothing is written when a column has a type no cdcgen type holds.\n"
    "ddl: write the SQL that creates the table the schema file describes (its\n"
    "schema, enum types and domains, then CREATE TABLE with each pg_type, NOT NULL\n"
    "and the primary key) as one transaction for psql, stopping at an error.\n"
    "Not idempotent: run again, it fails and changes nothing. Exit 2, nothing\n"
    "written, when the schema file lacks what the SQL needs (a column's pg_type).\n"
    "\n"
    "      --table NAME     pull: SCHEMA.TABLE, or TABLE when one schema has it\n"
    "                       (default: the table of the project's schema file, else\n"
    "                       event_headers)\n"
    "  -o, --output FILE    write FILE whole (default -: standard output)\n" CDC_HELP_CONFIG
        CDC_HELP_FORMAT CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

typedef struct pull_args {
    const char *table;  /* --table */
    const char *output; /* -o */
} pull_args;

static const struct option longopts[] = {
    {"table", required_argument, NULL, 'T'},
    {"output", required_argument, NULL, 'o'},
    CDC_LONGOPT_CONFIG,
    CDC_LONGOPT_SCHEMA,
    CDC_LONGOPT_FORMAT,
    CDC_LONGOPT_HELP,
    CDC_LONGOPTS_END,
};

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o;
    pull_args *p = args;
    switch (c) {
    case 'T': p->table = arg; return CDC_OPT_NEXT;
    case 'o': p->output = arg; return CDC_OPT_NEXT;
    default: return CDC_OPT_COMMON;
    }
}

static const cdc_optspec spec = {longopts, "o:c:h", usage, take_option};

/* The table to read: --table, else the project's schema file's, else the
 * only event_headers. *schema NULL: any schema. */
static void choose_table(cdc_run *r, const cdc_opts *o, const pull_args *p, const char **schema,
                         const char **name)
{
    *schema = NULL;
    *name = "event_headers";
    if (p->table) {
        const char *dot = strchr(p->table, '.');
        *schema = dot ? cdc_arena_strndup(r->arena, p->table, (size_t)(dot - p->table)) : NULL;
        *name = dot ? dot + 1 : p->table;
        return;
    }
    /* The project's schema file, read quietly: pulling is how a broken or
     * missing one is replaced. */
    cdc_run probe;
    cdc_run_init(&probe, r->project);
    if (cdc_run_load_config(&probe, o) && cdc_run_load_schema(&probe, o)) {
        *schema = cdc_arena_strdup(r->arena, probe.prog.schema->pg_schema);
        *name = cdc_arena_strdup(r->arena, probe.prog.schema->table);
    }
    cdc_run_release(&probe);
}

/* text to -o FILE (whole) or standard output. */
static void write_output(cdc_run *r, const pull_args *p, const cdc_buf *text)
{
    const char *out = p->output ? p->output : "-";
    if (strcmp(out, "-") == 0)
        fwrite(text->data, 1, text->len, stdout);
    else if (!cdc_write_file_whole(out, text->data, text->len))
        cdc_run_write_error(r, out);
}

static void pull(cdc_run *r, const cdc_opts *o, const pull_args *p, const char *conninfo)
{
    const char *schema, *name, *err;
    choose_table(r, o, p, &schema, &name);
    if (!*name || (schema && !*schema)) {
        cdc_run_database_error(
            r, cdc_arena_printf(r->arena, "'%s' is not a table name (SCHEMA.TABLE)", p->table));
        return;
    }
    cdc_pg *db = cdc_run_connect(r, conninfo);
    if (!db)
        return;
    cdc_pg_table t;
    cdc_pg_status st = cdc_pg_read_table(db, schema, name, &t, &err);
    cdc_pg_close(db);
    if (st != CDC_PG_OK) {
        cdc_run_database_error(r, err);
        return;
    }
    const cdc_source *src =
        cdc_run_named_source(r, cdc_arena_printf(r->arena, "%s.%s", t.schema, t.name));
    const cdc_schema *s = cdc_schema_from_pg(r->arena, &t, src, &r->diags);
    if (!s) {
        cdc_diag_note(&r->diags, NULL, (cdc_pos){0, 0, 0, 0},
                      "nothing was written; see 'cdcgen explain unmappable-type'");
        return;
    }
    cdc_buf text = CDC_BUF_INIT;
    cdc_buf_init(&text);
    cdc_schema_write(s, &text);
    write_output(r, p, &text);
    cdc_buf_release(&text);
    r->summary = cdc_arena_printf(r->arena, "%s.%s: %zu columns", t.schema, t.name, t.ncolumns);
}

/* The DDL of the project's schema file (or --schema's). */
static void ddl(cdc_run *r, const cdc_opts *o, const pull_args *p)
{
    if (!cdc_run_load_config(r, o) || !cdc_run_load_schema(r, o)) {
        r->io_error = true;
        return;
    }
    const cdc_schema *s = r->prog.schema;
    cdc_buf text = CDC_BUF_INIT;
    cdc_buf_init(&text);
    if (!cdc_schema_ddl(s, &text, &r->diags)) {
        r->io_error = true;
        cdc_diag_note(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "nothing was written");
    } else {
        write_output(r, p, &text);
        r->summary =
            cdc_arena_printf(r->arena, "%s.%s: %zu columns", s->pg_schema, s->table, s->ncolumns);
    }
    cdc_buf_release(&text);
}

int cmd_schema(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    pull_args p = {0};
    int status = cdc_opts_parse(argc, argv, &spec, &p, &o);
    if (status != CDC_OPT_NEXT)
        return status;
    bool is_ddl = o.nargs >= 1 && strcmp(o.args[0], "ddl") == 0;
    if (o.nargs < 1 || (!is_ddl && strcmp(o.args[0], "pull") != 0)) {
        fputs(o.nargs ? "cdcgen schema: unknown subcommand (pull, ddl)\n"
                      : "cdcgen schema: give a subcommand (pull, ddl)\n",
              stderr);
        usage(stderr);
        return CDC_EXIT_ERROR;
    }
    const char *wrong = is_ddl && o.nargs != 1    ? "cdcgen schema ddl: takes no argument\n"
                        : is_ddl && p.table       ? "cdcgen schema ddl: --table is pull's\n"
                        : !is_ddl && o.nargs != 2 ? "cdcgen schema pull: give one CONNINFO\n"
                                                  : NULL;
    if (wrong) {
        fputs(wrong, stderr);
        usage(stderr);
        return CDC_EXIT_ERROR;
    }
    o.stdout_is_product = !p.output || strcmp(p.output, "-") == 0;
    cdc_run r;
    cdc_run_init(&r, project);
    if (is_ddl)
        ddl(&r, &o, &p);
    else
        pull(&r, &o, &p, o.args[1]);
    return cdc_run_end(&r, &o);
}

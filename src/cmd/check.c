/* cmd/check.c: `cdcgen check [PATH...]`: parse, type-check and lint only.
 *
 * Consumes the filter files; produces diagnostics and nothing else. The
 * lints that evaluate the filters run here, not in every command that
 * compiles them. */
#include <stdio.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/live/pg.h"
#include "cdcgen/cmd/database.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/sem/lint.h"
#include "cdcgen/sem/suppress.h"

static const char usage_text[] =
    "usage: cdcgen check [-c FILE] [--schema FILE] [--format FMT] [--max-errors N]\n"
    "                    [--fail-on-warning] [-q] [--schema-from CONNINFO] [PATH...]\n"
    "\n"
    "Parse and type-check filter files without writing anything.\n"
    "PATH: files or directories (*.yaml, *.yml, *.json); default filters/\n"
    "\n"
    "      --schema-from CONNINFO  also compare the schema file with the live table\n"
    "                       (a libpq connection string): drift is a finding\n" CDC_HELP_CONFIG
        CDC_HELP_FORMAT CDC_HELP_MAX_ERRORS CDC_HELP_FAIL_ON_WARNING CDC_HELP_QUIET CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

static const struct option longopts[] = {
    {"schema-from", required_argument, NULL, 'D'},
    CDC_COMMON_LONGOPTS,
    CDC_LONGOPT_QUIET,
    CDC_LONGOPTS_END,
};

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o;
    if (c != 'D')
        return CDC_OPT_COMMON;
    *(const char **)args = arg;
    return CDC_OPT_NEXT;
}

static const cdc_optspec spec = {longopts, "q" CDC_COMMON_SHORTOPTS, usage, take_option};

/* --schema-from: the schema file against the live table. */
static void drift(cdc_run *r, const char *conninfo)
{
    cdc_pg *db = cdc_run_connect(r, conninfo);
    cdc_pg_table t;
    if (db)
        cdc_run_drift(r, db, &t);
    cdc_pg_close(db);
}

/* The lints, then the suppressions: every lint about filters has run, so
 * an entry that turned nothing off is stale. */
static void lint(cdc_run *r)
{
    cdc_lint_routes(&r->prog, r->arena, &r->diags);
    cdc_suppress_apply(&r->diags, &r->config, &r->prog);
    cdc_lint_suppressions(&r->diags, &r->prog);
    size_t n = r->prog.nfilters;
    r->summary = cdc_arena_printf(r->arena, "%zu filter%s checked", n, n == 1 ? "" : "s");
}

int cmd_check(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    const char *schema_from = NULL;
    int status = cdc_opts_parse(argc, argv, &spec, &schema_from, &o);
    if (status != CDC_OPT_NEXT)
        return status;
    cdc_run r;
    cdc_run_init(&r, project);
    bool ok = cdc_run_compile(&r, &o, o.args, o.nargs);
    /* The filters must have been read for drift to know who reads what. */
    if (schema_from && r.prog.schema && !r.io_error)
        drift(&r, schema_from);
    if (ok)
        lint(&r);
    return cdc_run_end(&r, &o);
}

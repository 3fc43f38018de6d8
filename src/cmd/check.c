/* cmd/check.c: `cdcgen check [PATH...]`: parse, type-check and lint only. */
#include <getopt.h>
#include <stdio.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/sem/lint.h"
#include "cdcgen/sem/suppress.h"

static const char usage_text[] =
    "usage: cdcgen check [-c FILE] [--format FMT] [--max-errors N] [--fail-on-warning]\n"
    "                    [PATH...]\n"
    "\n"
    "Parse and type-check filter files without writing anything.\n"
    "PATH: files or directories (*.yaml, *.yml, *.json); default filters/\n"
    "\n" CDC_HELP_CONFIG CDC_HELP_FORMAT CDC_HELP_MAX_ERRORS CDC_HELP_FAIL_ON_WARNING CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {CDC_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    int c;
    while ((c = getopt_long(argc, argv, "+" CDC_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        int status = cdc_opts_common(&o, c, optarg, usage);
        if (status >= 0)
            return status;
    }
    cdc_run r;
    cdc_run_init(&r);
    /* Lints that evaluate the filters run here, not in every command that
     * compiles them. */
    if (cdc_run_compile(&r, &o, argv + optind, argc - optind)) {
        cdc_lint_routes(&r.prog, r.arena, &r.diags);
        /* Every lint about filters has run: an entry that turned nothing
         * off is stale. */
        cdc_suppress_apply(&r.diags, &r.config, &r.prog);
        cdc_lint_suppressions(&r.diags, &r.prog);
    }
    int status = cdc_run_finish(&r, &o);
    cdc_run_release(&r);
    return status;
}

/* cmd/options.c: a command's command line.
 *
 * Consumes argv and the command's option table; produces the shared
 * options (cdc_opts), the command's own (through its take function) and
 * the operands in order. Options come before the operands. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/cmd/options.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"

static int take_format(cdc_opts *o, const char *arg)
{
    o->markdown = strcmp(arg, "markdown") == 0;
    if (o->markdown) {
        o->format = CDC_DIAG_TEXT;
        return CDC_OPT_NEXT;
    }
    if (cdc_diag_format_parse(arg, &o->format))
        return CDC_OPT_NEXT;
    fprintf(stderr, "cdcgen: unknown --format '%s' (text, json, github, sarif, markdown)\n", arg);
    return CDC_EXIT_ERROR;
}

static int take_max_errors(cdc_opts *o, const char *arg)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(arg, &end, 10);
    if (errno || end == arg || *end || arg[0] == '-' || n > UINT_MAX) {
        fprintf(stderr, "cdcgen: --max-errors needs a count (0 shows all), not '%s'\n", arg);
        return CDC_EXIT_ERROR;
    }
    o->max_errors = (unsigned)n;
    o->max_errors_set = true;
    return CDC_OPT_NEXT;
}

int cdc_opts_common(cdc_opts *o, int c, const char *arg, void (*usage)(FILE *out))
{
    switch (c) {
    case 'c': o->config_path = arg; return CDC_OPT_NEXT;
    case 'F': return take_format(o, arg);
    case 'E': return take_max_errors(o, arg);
    case 'w': o->fail_on_warning = true; return CDC_OPT_NEXT;
    case 'W':
        if (strcmp(arg, "error") == 0) {
            o->fail_on_warning = true;
            return CDC_OPT_NEXT;
        }
        fprintf(stderr, "cdcgen: -W takes 'error' (warnings fail the run), not '%s'\n", arg);
        return CDC_EXIT_ERROR;
    case 'h': usage(stdout); return CDC_EXIT_OK;
    default: usage(stderr); return CDC_EXIT_ERROR;
    }
}

/* One option: the command's own, else a shared one. */
static int take(const cdc_optspec *spec, void *args, cdc_opts *o, int c, const char *arg)
{
    int status = spec->take ? spec->take(args, o, c, arg) : CDC_OPT_COMMON;
    return status == CDC_OPT_COMMON ? cdc_opts_common(o, c, arg, spec->usage) : status;
}

int cdc_opts_parse(int argc, char **argv, const cdc_optspec *spec, void *args, cdc_opts *o)
{
    char shortopts[64];
    snprintf(shortopts, sizeof shortopts, "+%s", spec->shortopts);
    int c;
    while ((c = getopt_long(argc, argv, shortopts, spec->longopts, NULL)) != -1) {
        int status = take(spec, args, o, c, optarg);
        if (status != CDC_OPT_NEXT)
            return status;
    }
    o->args = argv + optind;
    o->nargs = argc - optind;
    return CDC_OPT_NEXT;
}

bool cdc_opts_machine(const cdc_opts *o)
{
    return o->format == CDC_DIAG_JSON || o->format == CDC_DIAG_SARIF || o->markdown;
}

FILE *cdc_opts_diag_stream(const cdc_opts *o)
{
    return cdc_opts_machine(o) && !o->stdout_is_product ? stdout : stderr;
}

FILE *cdc_opts_report_stream(const cdc_opts *o)
{
    return cdc_opts_diag_stream(o) == stdout ? stderr : stdout;
}

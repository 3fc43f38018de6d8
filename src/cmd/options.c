/* cmd/options.c: a command's command line.
 *
 * Consumes argv and the command's option table; produces the shared
 * options (cdc_opts), the command's own (through its take function) and
 * the operands in order. Options are taken wherever they stand, as git
 * takes them: getopt_long's '-' mode hands the operands back one by one in
 * their order (unlike its default mode, whatever POSIXLY_CORRECT says), and
 * "--" ends the options. */
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
    case CDC_OPT_SCHEMA: o->schema_path = arg; return CDC_OPT_NEXT;
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
    case 'q': o->quiet = true; return CDC_OPT_NEXT;
    case 'h': usage(stdout); return CDC_EXIT_OK;
    default: usage(stderr); return CDC_EXIT_ERROR;
    }
}

/* The long option whose code is c, or NULL. */
static const struct option *long_of(const struct option *longopts, int c)
{
    for (const struct option *l = longopts; l->name; l++)
        if (l->val == c)
            return l;
    return NULL;
}

/* --list-options: every option of the table, one per line: "--long -s",
 * "--long" or "-s" (a short one with no long name, such as -W). For the
 * test that holds each --help to the table, and for shell completion. */
static void list_options(const cdc_optspec *spec, FILE *out)
{
    for (const struct option *l = spec->longopts; l->name; l++) {
        if (l->val == CDC_OPT_LIST_OPTIONS)
            continue;
        if (l->val > 0 && l->val < CHAR_MAX && strchr(spec->shortopts, l->val))
            fprintf(out, "--%s -%c\n", l->name, l->val);
        else
            fprintf(out, "--%s\n", l->name);
    }
    for (const char *s = spec->shortopts; *s; s++)
        if (*s != ':' && !long_of(spec->longopts, *s))
            fprintf(out, "-%c\n", *s);
}

/* One return of getopt_long: an operand (code 1, its text in arg), the
 * hidden --list-options, the command's own option or a shared one. */
static int take(const cdc_optspec *spec, void *args, cdc_opts *o, int c, const char *arg)
{
    if (c == 1) {
        o->args[o->nargs++] = (char *)arg;
        return CDC_OPT_NEXT;
    }
    if (c == CDC_OPT_LIST_OPTIONS) {
        list_options(spec, stdout);
        return CDC_EXIT_OK;
    }
    int status = spec->take ? spec->take(args, o, c, arg) : CDC_OPT_COMMON;
    return status == CDC_OPT_COMMON ? cdc_opts_common(o, c, arg, spec->usage) : status;
}

int cdc_opts_parse(int argc, char **argv, const cdc_optspec *spec, void *args, cdc_opts *o)
{
    char shortopts[64];
    snprintf(shortopts, sizeof shortopts, "-%s", spec->shortopts);
    /* The operands are gathered at the front of argv: every slot written
     * was read already, so getopt never sees one change under it. */
    o->args = argv + 1;
    o->nargs = 0;
    int c;
    while ((c = getopt_long(argc, argv, shortopts, spec->longopts, NULL)) != -1) {
        int status = take(spec, args, o, c, optarg);
        if (status != CDC_OPT_NEXT)
            return status;
    }
    while (optind < argc) /* after "--" */
        o->args[o->nargs++] = argv[optind++];
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

int cdc_opts_kafka(cdc_kafka_settings *s, const char *cmd, int c, const char *arg)
{
    char *end;
    double secs;
    switch (c) {
    case 'B': s->bootstrap_servers = arg; return CDC_OPT_NEXT;
    case 'X': cdc_kafka_settings_add(s, arg); return CDC_OPT_NEXT;
    case 'K': s->config_file = arg; return CDC_OPT_NEXT;
    case 'T':
        errno = 0;
        secs = strtod(arg, &end);
        if (errno || end == arg || *end || !(secs > 0) || secs > 86400) {
            fprintf(stderr,
                    "cdcgen %s: --timeout needs seconds (above 0, at most 86400), not '%s'\n", cmd,
                    arg);
            return CDC_EXIT_ERROR;
        }
        s->timeout_ms = (int)(secs * 1000 + 0.5);
        if (s->timeout_ms < 1)
            s->timeout_ms = 1;
        return CDC_OPT_NEXT;
    default: return CDC_OPT_COMMON;
    }
}

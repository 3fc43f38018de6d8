/* options.c: a command's command line: the options the commands share,
 * their help lines, and the one parser every command runs, which takes
 * options anywhere before "--" (as git does) and leaves the operands. */
#ifndef CDCGEN_CMD_OPTIONS_H
#define CDCGEN_CMD_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/live/kafka.h"

/* Options common to the commands that compile filters, and the operands. */
typedef struct cdc_opts {
    const char *config_path; /* -c FILE, or NULL: the project's cdcgen.yaml */
    const char *schema_path; /* --schema FILE, or NULL: the config's schema */
    cdc_diag_format format;  /* --format */
    bool markdown;           /* --format markdown: the diagnostics as a Markdown
                              * table (a document, like json) */
    bool fail_on_warning;    /* --fail-on-warning, -W error: warnings exit 1 */
    bool stdout_is_product;  /* standard output carries the command's product
                              * (eval's routing, generate -o -): a json or
                              * sarif document goes to standard error */
    bool max_errors_set;     /* --max-errors given; else CDC_DIAG_MAX_SHOWN */
    unsigned max_errors;     /* --max-errors N: diagnostics shown; 0: all */
    bool quiet;              /* -q, --quiet: no summary line on success */
    char **args;             /* the operands (paths, files, a code), in order */
    int nargs;
} cdc_opts;

/* getopt_long's codes of the options without a short form: the hidden
 * --list-options, and --schema. */
enum { CDC_OPT_LIST_OPTIONS = 0x100, CDC_OPT_SCHEMA };

/* The rows of getopt_long's table for the shared options, each handled by
 * cdc_opts_common, and the rows every table ends with: the hidden
 * --list-options, then the terminator. */
/* clang-format off */
#define CDC_LONGOPT_CONFIG          {"config", required_argument, NULL, 'c'}
#define CDC_LONGOPT_SCHEMA          {"schema", required_argument, NULL, CDC_OPT_SCHEMA}
#define CDC_LONGOPT_FORMAT          {"format", required_argument, NULL, 'F'}
#define CDC_LONGOPT_MAX_ERRORS      {"max-errors", required_argument, NULL, 'E'}
#define CDC_LONGOPT_FAIL_ON_WARNING {"fail-on-warning", no_argument, NULL, 'w'}
#define CDC_LONGOPT_HELP            {"help", no_argument, NULL, 'h'}
#define CDC_LONGOPT_QUIET           {"quiet", no_argument, NULL, 'q'}
#define CDC_LONGOPTS_END            {"list-options", no_argument, NULL, CDC_OPT_LIST_OPTIONS}, \
                                    {NULL, 0, NULL, 0}
/* clang-format on */
/* -c/--config FILE, --schema FILE, --format FMT, --max-errors N, --fail-on-warning (or
 * -W error), -h/--help: what the commands that compile filters take. */
#define CDC_COMMON_LONGOPTS                                                                        \
    CDC_LONGOPT_CONFIG, CDC_LONGOPT_SCHEMA, CDC_LONGOPT_FORMAT, CDC_LONGOPT_MAX_ERRORS,            \
        CDC_LONGOPT_FAIL_ON_WARNING, CDC_LONGOPT_HELP
#define CDC_COMMON_SHORTOPTS "c:hW:"

/* Their lines in the commands' --help texts, worded once. */
#define CDC_HELP_CONFIG                                                                            \
    "  -c, --config FILE    project config (default: cdcgen.yaml, searched upward)\n"              \
    "      --schema FILE    the table's schema file (default: the config's schema)\n"
#define CDC_HELP_FORMAT                                                                            \
    "      --format FMT     diagnostics as text, json, github, sarif or markdown\n"
#define CDC_HELP_MAX_ERRORS                                                                        \
    "      --max-errors N   show at most N errors and warnings (default 100; 0: all)\n"
#define CDC_HELP_FAIL_ON_WARNING                                                                   \
    "      --fail-on-warning  warnings make the exit status 1 (also: -W error)\n"
#define CDC_HELP_QUIET "  -q, --quiet          no summary line on a terminal when all went well\n"
#define CDC_HELP_HELP "  -h, --help           show this help\n"

/* The options of the commands that talk to a Kafka cluster (topics,
 * backfill --until-group): their rows, help lines and taker. */
#define CDC_KAFKA_LONGOPTS                                                                         \
    {"bootstrap-servers", required_argument, NULL, 'B'},                                           \
        {"kafka-config", required_argument, NULL, 'K'},                                            \
    {                                                                                              \
        "timeout", required_argument, NULL, 'T'                                                    \
    }
#define CDC_KAFKA_SHORTOPTS "X:"
#define CDC_HELP_KAFKA                                                                             \
    "      --bootstrap-servers LIST  the cluster (default: KAFKA_BOOTSTRAP_SERVERS,\n"             \
    "                       else kafka.bootstrap_servers)\n"                                       \
    "  -X KEY=VALUE         a librdkafka property (security settings; repeatable)\n"               \
    "      --kafka-config FILE  librdkafka properties, KEY=VALUE per line\n"                       \
    "      --timeout SECONDS  wait at most this long for each answer (default 30)\n"

/* What a command's take function returns besides an exit status. */
enum {
    CDC_OPT_NEXT = -1,   /* taken; parsing goes on */
    CDC_OPT_COMMON = -2, /* not the command's own: a shared option */
};

/* A command's command line. */
typedef struct cdc_optspec {
    const struct option *longopts; /* ends with CDC_LONGOPTS_END */
    const char *shortopts;         /* getopt's short options, no leading '+' or '-' */
    void (*usage)(FILE *out);      /* the --help text */
    /* Takes option c (arg: its argument) into the command's args: returns
     * CDC_OPT_NEXT, CDC_OPT_COMMON or the status to exit with now (a
     * message on standard error). NULL: the command has no options of its
     * own. */
    int (*take)(void *args, cdc_opts *o, int c, const char *arg);
} cdc_optspec;

/* Parses argv (argv[0]: the command's name) with spec. Options may come
 * before, between and after the operands; "--" ends them. Returns
 * CDC_OPT_NEXT when the command is to run, with o->args and o->nargs
 * holding the operands (in argv's storage, in their order); otherwise the
 * status to exit with: 0 after --help or --list-options, 2 after a usage
 * error. */
int cdc_opts_parse(int argc, char **argv, const cdc_optspec *spec, void *args, cdc_opts *o);

/* Takes option c (getopt_long's return, optarg arg) when it is a common one.
 * Returns CDC_OPT_NEXT when it was taken; otherwise the status the command
 * exits with now: 0 after --help (usage on standard output), 2 for an
 * unknown option, a bad --format or --max-errors (message and usage on
 * standard error). */
int cdc_opts_common(cdc_opts *o, int c, const char *arg, void (*usage)(FILE *out));

/* Takes option c when it is one of CDC_KAFKA_LONGOPTS or -X into s:
 * CDC_OPT_NEXT; CDC_OPT_COMMON when it is none of them; 2 for a bad
 * --timeout (message on standard error, naming cmd). */
int cdc_opts_kafka(cdc_kafka_settings *s, const char *cmd, int c, const char *arg);

/* Where json and sarif documents go (see stdout_is_product), and where
 * whatever else a command prints for people goes when they are used: the
 * other stream, so standard output holds one thing. */
bool cdc_opts_machine(const cdc_opts *o);
FILE *cdc_opts_diag_stream(const cdc_opts *o);
FILE *cdc_opts_report_stream(const cdc_opts *o);

#endif

/* cmd/rollout.c: `cdcgen rollout --cluster [--apply] [PATH...]`: take the
 * running pipeline to what the working tree generates.
 *
 * --cluster compares the generated artifacts with what runs and prints the
 * difference before changing anything; --apply then carries out the steps
 * that have a standard API and prints the others as commands to paste
 * (cmd/rollout_cluster.c). Exit status: 0 nothing to change (after
 * --apply: nothing left), 1 steps pending or left, 2 usage, filters that
 * do not compile, a system that cannot be read or refuses a change. */
#include <stdio.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/cmd/rollout_cluster.h"

static const char usage_text[] =
    "usage: cdcgen rollout --cluster [--apply] [--replace-job] [--bootstrap-servers LIST]\n"
    "                      [-X KEY=VALUE]... [--kafka-config FILE] [--connect-url URL]\n"
    "                      [--flink-url URL] [--savepoint-dir DIR] [--timeout SECONDS]\n"
    "                      [--format FMT] [-c FILE] [--schema FILE] [--max-errors N]\n"
    "                      [PATH...]\n"
    "\n"
    "Compare what the working tree generates (the topics, the Debezium connector, the\n"
    "Flink job) with what runs, and print the difference before changing anything.\n"
    "--apply then creates the missing topics, puts the connector's config and stops\n"
    "the job with a savepoint, and prints the steps left to the platform's tools.\n"
    "Secrets come from the environment (KAFKA_API_KEY and KAFKA_API_SECRET,\n"
    "CONNECT_REST_AUTH, FLINK_REST_AUTH) and are never printed.\n"
    "Exit 0: nothing to change, 1: steps pending (or left), 2: errors.\n"
    "PATH: files or directories (*.yaml, *.yml, *.json); default filters/\n"
    "\n" CDC_HELP_CLUSTER
    "      --format FMT     the plan as text, json or markdown; github or sarif: the\n"
    "                       pending steps as annotations or a SARIF log\n"
    /* then the options every command takes */
    CDC_HELP_CONFIG CDC_HELP_MAX_ERRORS CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

static const struct option longopts[] = {
    CDC_CLUSTER_LONGOPTS,   CDC_LONGOPT_CONFIG, CDC_LONGOPT_SCHEMA, CDC_LONGOPT_FORMAT,
    CDC_LONGOPT_MAX_ERRORS, CDC_LONGOPT_HELP,   CDC_LONGOPTS_END,
};

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    return cdc_cluster_take_option(args, o, c, arg);
}

static const cdc_optspec spec = {longopts, "X:c:h", usage, take_option};

int cmd_rollout(int argc, char **argv, const cdc_project *project)
{
    /* The plan is the product on standard output; diagnostics go to
     * standard error (a SARIF log to standard output, the plan then to
     * standard error). */
    cdc_opts o = {.format = CDC_DIAG_TEXT, .stdout_is_product = true};
    cdc_cluster_args a = {0};
    int status = cdc_opts_parse(argc, argv, &spec, &a, &o);
    if (status == CDC_OPT_NEXT && cdc_cluster_check_args(&a, "rollout") != 0)
        status = CDC_EXIT_ERROR;
    if (status == CDC_OPT_NEXT && !a.cluster) {
        fputs("cdcgen rollout: --cluster is needed (the plan against the live cluster)\n", stderr);
        usage(stderr);
        status = CDC_EXIT_ERROR;
    }
    if (status != CDC_OPT_NEXT) {
        cdc_cluster_args_release(&a);
        return status;
    }
    if (o.format == CDC_DIAG_SARIF)
        o.stdout_is_product = false;
    cdc_run r;
    cdc_run_init(&r, project);
    cdc_rollout_cluster(&r, &o, &a);
    cdc_cluster_args_release(&a);
    return cdc_run_end(&r, &o);
}

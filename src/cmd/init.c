/* cmd/init.c: `cdcgen init [DIR]`: a new project that works: cdcgen.yaml,
 * a filter and its tests, which check, test --min-coverage 100, generate and
 * fmt --check accept as they are. Writes nothing when any of the files exists. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"

static const char usage_text[] = "usage: cdcgen init [DIR]\n"
                                 "\n"
                                 "Start a project in DIR (default: the working directory):\n"
                                 "cdcgen.yaml, filters/loan-created.yaml and its tests in\n"
                                 "filters/loan-created.test.yaml. Existing files are never\n"
                                 "overwritten: when one is there, nothing is written.\n"
                                 "\n" CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

static const char config_text[] =
    "# cdcgen.yaml: the project's configuration; see cdcgen(1), CONFIGURATION.\n"
    "# Every key is optional; these are the ones most projects change first.\n"
    "targets: [flink, confluent, kstreams, connect-debezium, connect-confluent]\n"
    "kafka:\n"
    "  bootstrap_servers: localhost:9092\n"
    "  source_topic: raw-event-headers\n";

static const char filter_text[] =
    "# A routing rule: change events of event_headers that match every condition\n"
    "# go to outputTopic (plus each target's suffix). See cdcgen(1), FILTER FILES.\n"
    "version: 1\n"
    "filters:\n"
    "  - id: loan-created\n"
    "    name: Loan created\n"
    "    consumerId: loan-service\n"
    "    outputTopic: loan-created\n"
    "    description: New loans, for the loan service\n"
    "    conditions:\n"
    "      - field: event_type\n"
    "        operator: equals\n"
    "        value: LoanCreated\n"
    "      - field: __op\n"
    "        operator: equals\n"
    "        value: c\n";

static const char test_text[] =
    "# Tests of filters/loan-created.yaml: `cdcgen test --min-coverage 100` runs\n"
    "# them and requires every condition to be seen TRUE and not TRUE.\n"
    "version: 1\n"
    "tests:\n"
    "  - name: a new loan goes to the loan service\n"
    "    event: { event_type: LoanCreated, __op: c }\n"
    "    expect: [loan-created]\n"
    "\n"
    "  - name: an update of a loan is not routed\n"
    "    event: { event_type: LoanCreated, __op: u }\n"
    "    expect: []\n"
    "\n"
    "  - name: other events are not routed\n"
    "    event: { event_type: CarCreated, __op: c }\n"
    "    expect: []\n";

static const struct option longopts[] = {CDC_LONGOPT_HELP, CDC_LONGOPTS_END};
static const cdc_optspec spec = {longopts, "h", usage, NULL};

/* The files init writes, in the order written. */
typedef struct init_file {
    const char *name, *text;
    char *path; /* below DIR */
} init_file;

/* Any of the files there already: reported, and nothing is written. */
static bool any_exists(cdc_run *r, const init_file *files, size_t n)
{
    bool clash = false;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(files[i].path, &st) != 0)
            continue;
        cdc_diag_error(&r->diags, cdc_run_named_source(r, files[i].path), (cdc_pos){0, 0, 0, 0},
                       "io", "exists already; init writes nothing");
        r->io_error = clash = true;
    }
    return clash;
}

/* DIR and DIR/filters (made if missing), then each file, never over one. */
static void write_files(cdc_run *r, const char *dir, const init_file *files, size_t n)
{
    char *filters_dir = cdc_arena_printf(r->arena, "%s/filters", dir);
    if ((mkdir(dir, 0777) != 0 && errno != EEXIST) ||
        (mkdir(filters_dir, 0777) != 0 && errno != EEXIST)) {
        cdc_run_write_error(r, errno == EEXIST ? filters_dir : dir);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(files[i].path, "wx");
        if (!f || fputs(files[i].text, f) == EOF || fclose(f) != 0) {
            cdc_run_write_error(r, files[i].path);
            return;
        }
        fprintf(stderr, "cdcgen init: wrote %s\n", files[i].path);
    }
}

int cmd_init(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    int status = cdc_opts_parse(argc, argv, &spec, NULL, &o);
    if (status != CDC_OPT_NEXT)
        return status;
    if (o.nargs > 1) {
        usage(stderr);
        return CDC_EXIT_ERROR;
    }
    cdc_run r;
    cdc_run_init(&r, project);
    const char *dir = o.nargs ? o.args[0] : ".";
    init_file files[] = {
        {"cdcgen.yaml", config_text, NULL},
        {"filters/loan-created.yaml", filter_text, NULL},
        {"filters/loan-created.test.yaml", test_text, NULL},
    };
    for (size_t i = 0; i < ARRAY_SIZE(files); i++)
        files[i].path = strcmp(dir, ".") == 0
                            ? cdc_arena_strdup(r.arena, files[i].name)
                            : cdc_arena_printf(r.arena, "%s/%s", dir, files[i].name);
    if (!any_exists(&r, files, ARRAY_SIZE(files)))
        write_files(&r, dir, files, ARRAY_SIZE(files));
    return cdc_run_end(&r, &o);
}

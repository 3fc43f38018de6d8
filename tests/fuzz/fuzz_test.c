/* Fuzz harness: a filter test file (*.test.yaml) through the test runner,
 * `cdcgen test --coverage` as a user runs it, beside filters that use every
 * kind of condition. Run with -close_fd_mask=3: the runner prints. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/cmd/cmd.h"
#include "cdcgen/cmd/project.h"
#include "fuzz_common.h"

static const char filters[] =
    "version: 1\n"
    "filters:\n"
    "  - id: loans\n"
    "    name: loans\n"
    "    consumerId: fuzz\n"
    "    outputTopic: loans\n"
    "    conditions:\n"
    "      - { field: event_type, operator: in, values: [LoanCreated, LoanPaid] }\n"
    "      - any:\n"
    "          - { field: header_data.amount, operator: greaterThan, value: 100 }\n"
    "          - not: { field: event_name, operator: matches, value: \"^Test\" }\n"
    "  - id: deletes\n"
    "    name: deletes\n"
    "    consumerId: fuzz\n"
    "    outputTopic: deletes\n"
    "    conditions:\n"
    "      - { field: __op, operator: equals, value: d }\n"
    "      - { field: __ts_ms, operator: between, min: 0, max: 1705312205000 }\n";

/* dir/cdcgen.yaml, and in dir/t/ the filters and the test (the runner reads
 * the filters of the test file's directory, so the config stays outside). */
static char dir[64], sub[80], test_path[112], config_path[96], filters_path[112];
/* The project around the fuzzer's working directory, as main() finds it
 * (the runs name their config and test file, so it decides nothing). */
static cdc_arena *project_arena;
static cdc_project project;

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
}

static void cleanup(void)
{
    unlink(test_path);
    unlink(filters_path);
    unlink(config_path);
    rmdir(sub);
    rmdir(dir);
    cdc_arena_free(project_arena);
}

static void setup(void)
{
    strcpy(dir, "/tmp/cdcgen-fuzz-test-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    snprintf(sub, sizeof sub, "%s/t", dir);
    if (mkdir(sub, 0700) != 0)
        abort();
    snprintf(filters_path, sizeof filters_path, "%s/filters.yaml", sub);
    write_file(filters_path, filters, sizeof filters - 1);
    snprintf(config_path, sizeof config_path, "%s/cdcgen.yaml", dir);
    write_file(config_path, "targets: [flink]\n", 17);
    snprintf(test_path, sizeof test_path, "%s/fuzz.test.yaml", sub);
    project_arena = cdc_arena_new();
    cdc_project_find(&project, project_arena);
    atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        setup();
    write_file(test_path, data, size);
    char *argv[] = {
        (char *)"test", (char *)"--coverage", (char *)"-c", config_path, test_path, NULL};
    optind = 0; /* getopt_long starts afresh for each run */
    cmd_test(5, argv, &project);
    fflush(stdout);
    return 0;
}

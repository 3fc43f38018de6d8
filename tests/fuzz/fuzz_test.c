/* Fuzz harness: a filter test file (*.test.yaml) through the test runner,
 * `cdcgen test --coverage` as a user runs it, beside filters that use every
 * kind of condition. Run with -close_fd_mask=3: the runner prints. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdcgen/driver.h"
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

static char dir[64], test_path[96], config_path[96];

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
}

static void cleanup(void)
{
    char p[96];
    unlink(test_path);
    unlink(config_path);
    snprintf(p, sizeof p, "%s/filters.yaml", dir);
    unlink(p);
    rmdir(dir);
}

static void setup(void)
{
    strcpy(dir, "/tmp/cdcgen-fuzz-test-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    char p[96];
    snprintf(p, sizeof p, "%s/filters.yaml", dir);
    write_file(p, filters, sizeof filters - 1);
    snprintf(config_path, sizeof config_path, "%s/cdcgen.yaml", dir);
    write_file(config_path, "targets: [flink]\n", 17);
    snprintf(test_path, sizeof test_path, "%s/fuzz.test.yaml", dir);
    atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        setup();
    write_file(test_path, data, size);
    char *argv[] = {(char *)"test", (char *)"--coverage", (char *)"-c", config_path, test_path,
                    NULL};
    optind = 0; /* getopt_long starts afresh for each run */
    cmd_test(5, argv);
    fflush(stdout);
    return 0;
}

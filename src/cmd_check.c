/* cmd_check.c: `cdcgen check [PATH...]`: parse, type-check and lint only. */
#include <getopt.h>
#include <stdio.h>

#include "cdcgen/driver.h"

static const char usage[] =
    "usage: cdcgen check [-c FILE] [--format text|json|github|sarif] [--max-errors N]\n"
    "                    [PATH...]\n"
    "\n"
    "Parse and type-check filter files without writing anything.\n"
    "PATH: files or directories (*.yaml, *.yml, *.json); default filters/\n"
    "\n"
    "  -c, --config FILE    project config (default: cdcgen.yaml, searched upward)\n"
    "      --format FMT     diagnostics as text, json, github or sarif\n"
    "      --max-errors N   show at most N errors and warnings (default 100; 0: all)\n"
    "  -h, --help           show this help\n";

int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'F'},
        {"max-errors", required_argument, NULL, 'E'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cdc_opts o = {.format = CDC_DIAG_TEXT, .format_to_stdout = true};
    int c;
    while ((c = getopt_long(argc, argv, "+c:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': o.config_path = optarg; break;
        case 'E':
            if (!cdc_opts_max_errors(&o, optarg))
                return CDC_EXIT_ERROR;
            break;
        case 'F':
            if (!cdc_opts_format(&o, optarg))
                return CDC_EXIT_ERROR;
            break;
        case 'h': fputs(usage, stdout); return CDC_EXIT_OK;
        default: fputs(usage, stderr); return CDC_EXIT_ERROR;
        }
    }
    cdc_run r;
    cdc_run_init(&r);
    cdc_run_compile(&r, &o, argv + optind, argc - optind);
    int status = cdc_run_finish(&r, &o);
    cdc_run_release(&r);
    return status;
}

/* cmd/explain.c: `cdcgen explain CODE`: the long help of a diagnostic
 * code; `cdcgen explain --list`: every code with its one-line summary. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/codes.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/driver.h"

static const char usage_text[] =
    "usage: cdcgen explain CODE\n"
    "       cdcgen explain --list\n"
    "\n"
    "Explain a diagnostic code: what it means, an example and the fix.\n"
    "The code is the word in brackets at the end of a diagnostic.\n"
    "\n"
    "      --list           print every code, its severity and summary\n" CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

/* Writes text wrapped at 76 columns, indented by two spaces; lines that
 * start with a space (examples) are kept as they are. */
static void print_wrapped(const char *text)
{
    const char *line = text;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len == 0 || line[0] == ' ') {
            printf("%s%.*s\n", len ? "  " : "", (int)len, line);
        } else {
            size_t col = 0;
            const char *w = line, *stop = line + len;
            while (w < stop) {
                const char *we = memchr(w, ' ', (size_t)(stop - w));
                size_t wl = we ? (size_t)(we - w) : (size_t)(stop - w);
                if (col && col + 1 + wl > 74) {
                    putchar('\n');
                    col = 0;
                }
                printf("%s%.*s", col ? " " : "  ", (int)wl, w);
                col += wl + 1;
                w += wl + (we ? 1 : 0);
            }
            putchar('\n');
        }
        line += len + (end ? 1 : 0);
    }
}

int cmd_explain(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"list", no_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool list = false;
    int c;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 'L': list = true; break;
        case 'h': usage(stdout); return CDC_EXIT_OK;
        default: usage(stderr); return CDC_EXIT_ERROR;
        }
    }
    size_t n;
    const cdc_code_info *all = cdc_codes(&n);
    if (list) {
        if (optind != argc) {
            usage(stderr);
            return CDC_EXIT_ERROR;
        }
        for (size_t i = 0; i < n; i++)
            printf("%-24s %-16s %s\n", all[i].code, all[i].severity, all[i].summary);
        return fflush(stdout) == 0 ? CDC_EXIT_OK : CDC_EXIT_ERROR;
    }
    if (argc - optind != 1) {
        fputs("cdcgen explain: give one CODE (or --list)\n", stderr);
        usage(stderr);
        return CDC_EXIT_ERROR;
    }
    const char *code = argv[optind];
    /* Accept the code as it appears in a diagnostic: "[unknown-field]". */
    char bare[64];
    size_t len = strlen(code);
    if (len >= 2 && len < sizeof bare && code[0] == '[' && code[len - 1] == ']') {
        memcpy(bare, code + 1, len - 2);
        bare[len - 2] = '\0';
        code = bare;
    }
    const cdc_code_info *info = cdc_code_find(code);
    if (!info) {
        const char *best = NULL;
        size_t best_d = 4;
        for (size_t i = 0; i < n; i++) {
            size_t d = cdc_edit_distance(code, all[i].code);
            if (d < best_d)
                best_d = d, best = all[i].code;
        }
        if (best)
            fprintf(stderr, "cdcgen explain: unknown code '%s'; did you mean '%s'?\n", code, best);
        else
            fprintf(stderr, "cdcgen explain: unknown code '%s' (cdcgen explain --list)\n", code);
        return CDC_EXIT_ERROR;
    }
    printf("%s (%s): %s\n\n", info->code, info->severity, info->summary);
    print_wrapped(info->help);
    return fflush(stdout) == 0 ? CDC_EXIT_OK : CDC_EXIT_ERROR;
}

/* cmd/explain.c: `cdcgen explain CODE`: the long help of a diagnostic
 * code; `cdcgen explain --list`: every code with its one-line summary. */
#include <stdio.h>
#include <string.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/codes.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/options.h"

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

static const struct option longopts[] = {
    {"list", no_argument, NULL, 'L'},
    CDC_LONGOPT_HELP,
    CDC_LONGOPTS_END,
};

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o, (void)arg;
    if (c != 'L')
        return CDC_OPT_COMMON;
    *(bool *)args = true;
    return CDC_OPT_NEXT;
}

static const cdc_optspec spec = {longopts, "h", usage, take_option};

/* --list: every code, its severity and summary. */
static int list_codes(void)
{
    size_t n;
    const cdc_code_info *all = cdc_codes(&n);
    for (size_t i = 0; i < n; i++)
        printf("%-24s %-16s %s\n", all[i].code, all[i].severity, all[i].summary);
    return fflush(stdout) == 0 ? CDC_EXIT_OK : CDC_EXIT_ERROR;
}

/* An unknown code: the nearest known one, if one is near. */
static int unknown_code(const char *code)
{
    size_t n;
    const cdc_code_info *all = cdc_codes(&n);
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

/* One code, as given or as it ends a diagnostic ("[unknown-field]"). */
static int explain_code(const char *code)
{
    char bare[64];
    size_t len = strlen(code);
    if (len >= 2 && len < sizeof bare && code[0] == '[' && code[len - 1] == ']') {
        memcpy(bare, code + 1, len - 2);
        bare[len - 2] = '\0';
        code = bare;
    }
    const cdc_code_info *info = cdc_code_find(code);
    if (!info)
        return unknown_code(code);
    printf("%s (%s): %s\n\n", info->code, info->severity, info->summary);
    print_wrapped(info->help);
    return fflush(stdout) == 0 ? CDC_EXIT_OK : CDC_EXIT_ERROR;
}

int cmd_explain(int argc, char **argv, const cdc_project *project)
{
    (void)project;
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    bool list = false;
    int status = cdc_opts_parse(argc, argv, &spec, &list, &o);
    if (status != CDC_OPT_NEXT)
        return status;
    if (list && o.nargs == 0)
        return list_codes();
    if (!list && o.nargs == 1)
        return explain_code(o.args[0]);
    if (!list)
        fputs("cdcgen explain: give one CODE (or --list)\n", stderr);
    usage(stderr);
    return CDC_EXIT_ERROR;
}

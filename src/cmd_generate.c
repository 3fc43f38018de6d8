/* cmd_generate.c: `cdcgen generate [PATH...]`: check, then write every
 * configured target.
 *
 * Every artifact is rendered into memory first. Nothing is written unless
 * the whole program checked clean; the files are then written as one set
 * (outset.c), so a failed or killed run never leaves half a file or a mix
 * of two runs' files. With --check nothing is written: stale or missing outputs are shown
 * as a unified diff (diff -u) and the exit status is 1. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cdcgen/driver.h"
#include "cdcgen/emit.h"
#include "cdcgen/outset.h"

static const char usage[] =
    "usage: cdcgen generate [-t TARGET]... [-o DIR|-] [--check] [-c FILE]\n"
    "                       [--format text|json|github|sarif] [--max-errors N] [PATH...]\n"
    "\n"
    "Check filter files, then write every configured target.\n"
    "PATH: files or directories (*.yaml, *.yml, *.json); default filters/\n"
    "\n"
    "  -t, --target NAME    flink, confluent, kstreams, connect-debezium or\n"
    "                       connect-confluent (repeatable; default: from config, all)\n"
    "  -o, --output DIR     write into DIR (default generated/); '-' with one\n"
    "                       --target writes to standard output\n"
    "      --check          write nothing; exit 1 and show a diff when DIR is stale\n"
    "  -c, --config FILE    project config (default: cdcgen.yaml, searched upward)\n"
    "      --format FMT     diagnostics as text, json, github or sarif\n"
    "      --max-errors N   show at most N errors and warnings (default 100; 0: all)\n"
    "  -h, --help           show this help\n";

/* Reads the current output at path, at most max bytes (the size of what
 * would be written: a longer file differs anyway). *exists: it is there;
 * *longer: it is longer than max. */
static bool read_file(const char *path, size_t max, cdc_buf *out, bool *exists, bool *longer)
{
    *exists = true;
    *longer = false;
    if (cdc_read_bounded(path, max, out))
        return true;
    if (errno == EFBIG) {
        *longer = true;
        return true;
    }
    *exists = false;
    return errno == ENOENT;
}

static bool write_all(FILE *f, const cdc_buf *b)
{
    return fwrite(b->data, 1, b->len, f) == b->len;
}

/* Shows old -> new as a unified diff by running diff(1) on a temp copy. */
static void show_diff(const char *path, bool exists, const cdc_buf *content)
{
    struct stat st;
    if (exists && (stat(path, &st) != 0 || !S_ISREG(st.st_mode))) {
        printf("%s is out of date (not a regular file)\n", path);
        return;
    }
    char tmp[] = "/tmp/cdcgen-diff-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) {
        printf("%s is out of date\n", path);
        return;
    }
    FILE *f = fdopen(fd, "wb");
    if (f) {
        write_all(f, content);
        fclose(f);
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *label_old = xmalloc(strlen(path) + 3), *label_new = xmalloc(strlen(path) + 3);
        sprintf(label_old, "a/%s", path);
        sprintf(label_new, "b/%s", path);
        execlp("diff", "diff", "-u", "--label", label_old, "--label", label_new,
               exists ? path : "/dev/null", tmp, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) > 1)
        printf("%s is out of date (diff(1) unavailable)\n", path);
    unlink(tmp);
}

int cmd_generate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"target", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"check", no_argument, NULL, 'C'},
        {"config", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'F'},
        {"max-errors", required_argument, NULL, 'E'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    const char *outdir = "generated";
    unsigned targets = 0;
    int ntargets = 0;
    bool check_only = false;
    int c;
    while ((c = getopt_long(argc, argv, "+t:o:c:h", longopts, NULL)) != -1) {
        cdc_target t;
        switch (c) {
        case 't':
            if (!cdc_target_parse(optarg, &t)) {
                fprintf(stderr,
                        "cdcgen: unknown target '%s' (flink, confluent, kstreams, "
                        "connect-debezium, connect-confluent)\n",
                        optarg);
                return CDC_EXIT_ERROR;
            }
            if (!(targets & (1u << t)))
                ntargets++;
            targets |= 1u << t;
            break;
        case 'o': outdir = optarg; break;
        case 'C': check_only = true; break;
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
    bool to_stdout = strcmp(outdir, "-") == 0;
    if (to_stdout && ntargets != 1) {
        fputs("cdcgen: '-o -' needs exactly one --target\n", stderr);
        return CDC_EXIT_ERROR;
    }
    if (to_stdout && check_only) {
        fputs("cdcgen: --check compares files in a directory; it cannot be used with '-o -'\n",
              stderr);
        return CDC_EXIT_ERROR;
    }

    cdc_run r;
    cdc_run_init(&r);
    bool ok = cdc_run_compile(&r, &o, argv + optind, argc - optind);
    int status = cdc_run_finish(&r, &o);
    if (!ok) {
        cdc_run_release(&r);
        return status;
    }
    if (!targets)
        targets = r.config.targets;

    cdc_buf out[CDC_TARGET__COUNT];
    for (int t = 0; t < CDC_TARGET__COUNT; t++) {
        cdc_buf_init(&out[t]);
        if (targets & (1u << t))
            cdc_emit((cdc_target)t, &r.prog, &r.config, &out[t]);
    }

    if (to_stdout) {
        for (int t = 0; t < CDC_TARGET__COUNT; t++)
            if ((targets & (1u << t)) && !write_all(stdout, &out[t]))
                status = CDC_EXIT_ERROR;
        if (fflush(stdout) != 0 || status != CDC_EXIT_OK) {
            fprintf(stderr, "cdcgen: error: cannot write to standard output: %s\n",
                    strerror(errno ? errno : EIO));
            status = CDC_EXIT_ERROR;
        }
    } else if (check_only) {
        for (int t = 0; t < CDC_TARGET__COUNT; t++) {
            if (!(targets & (1u << t)))
                continue;
            char *path = cdc_arena_printf(r.arena, "%s/%s", outdir, cdc_target_filename((cdc_target)t));
            cdc_buf old = CDC_BUF_INIT;
            cdc_buf_init(&old);
            bool exists, longer;
            if (!read_file(path, out[t].len, &old, &exists, &longer)) {
                fprintf(stderr, "cdcgen: error: cannot read '%s': %s\n", path, strerror(errno));
                status = CDC_EXIT_ERROR;
            } else if (!exists || longer || old.len != out[t].len ||
                       memcmp(old.data, out[t].data, old.len) != 0) {
                show_diff(path, exists, &out[t]);
                if (status == CDC_EXIT_OK)
                    status = CDC_EXIT_FINDINGS;
            }
            cdc_buf_release(&old);
        }
        if (status == CDC_EXIT_FINDINGS)
            fprintf(stderr, "cdcgen: %s is out of date; run 'cdcgen generate'\n", outdir);
    } else {
        cdc_output files[CDC_TARGET__COUNT];
        size_t nfiles = 0;
        for (int t = 0; t < CDC_TARGET__COUNT; t++)
            if (targets & (1u << t))
                files[nfiles++] = (cdc_output){cdc_target_filename((cdc_target)t), &out[t]};
        if (!cdc_write_output_set(outdir, files, nfiles))
            status = CDC_EXIT_ERROR;
    }
    for (int t = 0; t < CDC_TARGET__COUNT; t++)
        cdc_buf_release(&out[t]);
    cdc_run_release(&r);
    return status;
}

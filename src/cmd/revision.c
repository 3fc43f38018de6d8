/* cmd/revision.c: filter files read from a git revision (git ls-tree,
 * git cat-file; no checkout, no shell). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cdcgen/cmd/revision.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"

/* Runs argv (no shell), its standard output into out (if not NULL), its
 * standard error discarded. Returns the exit status, or -1. */
static int run_capture(char *const argv[], cdc_buf *out)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    char chunk[8192];
    ssize_t n;
    while ((n = read(fd[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0 && out)
            cdc_buf_add(out, chunk, (size_t)n);
    close(fd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* git's command line, run in dir: "git -C DIR ARGS..." (NULL-terminated). */
int cdc_git_run(const char *dir, char *const args[], cdc_buf *out)
{
    size_t n = 0;
    while (args[n])
        n++;
    char **argv = xcalloc(n + 4, sizeof *argv);
    argv[0] = (char *)"git";
    argv[1] = (char *)"-C";
    argv[2] = (char *)dir;
    memcpy(argv + 3, args, n * sizeof *argv);
    int status = run_capture(argv, out);
    free(argv);
    return status;
}

bool cdc_is_git_revision(cdc_arena *a, const char *dir, const char *rev)
{
    char *args[] = {(char *)"rev-parse", (char *)"--verify", (char *)"--quiet",
                    cdc_arena_printf(a, "%s^{commit}", rev), NULL};
    return cdc_git_run(dir, args, NULL) == 0;
}

/* The names of the files below paths in revision rev, NUL-separated,
 * relative to dir. False (with a diagnostic) if git fails. */
static bool list_git_files(cdc_run *b, const char *dir, const char *rev, char **paths, int npaths,
                           cdc_buf *names)
{
    char **args = xcalloc((size_t)npaths + 7, sizeof *args);
    int k = 0;
    args[k++] = (char *)"ls-tree";
    args[k++] = (char *)"-r";
    args[k++] = (char *)"-z";
    args[k++] = (char *)"--name-only";
    args[k++] = (char *)rev;
    args[k++] = (char *)"--";
    for (int i = 0; i < npaths; i++)
        args[k++] = paths[i];
    bool ok = cdc_git_run(dir, args, names) == 0;
    free(args);
    if (!ok)
        cdc_diag_error(&b->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                       "cannot list the files of '%s' with git ls-tree", rev);
    return ok;
}

/* The base's filter files below paths in git revision rev, each read into
 * a source named REV:PATH; git runs in dir, which paths are relative to.
 * False (with a diagnostic) if git fails. */
bool cdc_run_read_revision(cdc_run *b, const char *dir, const char *rev, char **paths, int npaths)
{
    cdc_buf names = CDC_BUF_INIT, blob = CDC_BUF_INIT;
    cdc_buf_init(&names);
    cdc_buf_init(&blob);
    bool ok = list_git_files(b, dir, rev, paths, npaths, &names);
    for (size_t off = 0; ok && off < names.len; off += strlen(names.data + off) + 1) {
        const char *name = names.data + off;
        if (!cdc_is_filter_file(name))
            continue;
        char *obj = cdc_arena_printf(b->arena, "%s:./%s", rev, name);
        char *show[] = {(char *)"cat-file", (char *)"blob", obj, NULL};
        cdc_buf_reset(&blob);
        if (cdc_git_run(dir, show, &blob) != 0) {
            cdc_diag_error(&b->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                           "cannot read '%s' with git cat-file", obj);
            ok = false;
            break;
        }
        cdc_run_parse_source(
            b, cdc_source_from_string(b->arena, cdc_arena_printf(b->arena, "%s:%s", rev, name),
                                      blob.data ? blob.data : "", blob.len));
    }
    cdc_buf_release(&blob);
    cdc_buf_release(&names);
    return ok;
}

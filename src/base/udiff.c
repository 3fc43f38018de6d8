/* base/udiff.c: a unified diff of two texts for people to read (generate
 * --check, fmt --diff), made by diff(1) on temporary copies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cdcgen/base/udiff.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"

/* A temporary file holding b; its name in tmp (a mkstemp template). */
static bool write_temp(char *tmp, const cdc_buf *b)
{
    int fd = mkstemp(tmp);
    if (fd < 0)
        return false;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(tmp);
        return false;
    }
    bool ok = fwrite(b->data, 1, b->len, f) == b->len;
    ok &= fclose(f) == 0;
    if (!ok)
        unlink(tmp);
    return ok;
}

void cdc_show_diff(FILE *out, const char *label, const char *old_path, const cdc_buf *old_text,
                   const cdc_buf *new_text)
{
    struct stat st;
    if (old_path && (stat(old_path, &st) != 0 || !S_ISREG(st.st_mode))) {
        fprintf(out, "%s is out of date (not a regular file)\n", label);
        return;
    }
    char new_tmp[] = "/tmp/cdcgen-diff-XXXXXX", old_tmp[] = "/tmp/cdcgen-diff-XXXXXX";
    if (!write_temp(new_tmp, new_text))
        return;
    if (!old_path && old_text) {
        if (!write_temp(old_tmp, old_text)) {
            unlink(new_tmp);
            return;
        }
        old_path = old_tmp;
    }
    fflush(out);
    pid_t pid = fork();
    if (pid == 0) {
        char *label_old = xmalloc(strlen(label) + 3), *label_new = xmalloc(strlen(label) + 3);
        sprintf(label_old, "a/%s", label);
        sprintf(label_new, "b/%s", label);
        if (fileno(out) != STDOUT_FILENO)
            dup2(fileno(out), STDOUT_FILENO);
        execlp("diff", "diff", "-u", "--label", label_old, "--label", label_new,
               old_path ? old_path : "/dev/null", new_tmp, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1)
        fprintf(out, "(diff(1) unavailable: no diff of %s)\n", label);
    unlink(new_tmp);
    if (old_path == old_tmp)
        unlink(old_tmp);
}

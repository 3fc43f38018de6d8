/* base/udiff.c: a unified diff of two texts for people to read (generate
 * --check, fmt --diff), made by diff(1) on anonymous temporary copies that
 * it reads as /dev/fd/N: they have no name, so a run killed mid-diff leaves
 * no file behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cdcgen/base/udiff.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"

/* An unnamed temporary file holding b (tmpfile(3): removed when closed,
 * also when the process is killed), or NULL. */
static FILE *write_temp(const cdc_buf *b)
{
    FILE *f = tmpfile();
    if (!f)
        return NULL;
    if (fwrite(b->data, 1, b->len, f) != b->len || fflush(f) != 0) {
        fclose(f);
        return NULL;
    }
    return f;
}

void cdc_show_diff(FILE *out, const char *label, const char *old_path, const cdc_buf *old_text,
                   const cdc_buf *new_text)
{
    struct stat st;
    if (old_path && (stat(old_path, &st) != 0 || !S_ISREG(st.st_mode))) {
        fprintf(out, "%s is out of date (not a regular file)\n", label);
        return;
    }
    FILE *new_file = write_temp(new_text), *old_file = NULL;
    if (!new_file)
        return;
    if (!old_path && old_text && !(old_file = write_temp(old_text))) {
        fclose(new_file);
        return;
    }
    char new_name[32], old_name[32];
    snprintf(new_name, sizeof new_name, "/dev/fd/%d", fileno(new_file));
    if (old_file)
        snprintf(old_name, sizeof old_name, "/dev/fd/%d", fileno(old_file));
    fflush(out);
    pid_t pid = fork();
    if (pid == 0) {
        char *label_old = xmalloc(strlen(label) + 3), *label_new = xmalloc(strlen(label) + 3);
        sprintf(label_old, "a/%s", label);
        sprintf(label_new, "b/%s", label);
        if (fileno(out) != STDOUT_FILENO)
            dup2(fileno(out), STDOUT_FILENO);
        execlp("diff", "diff", "-u", "--label", label_old, "--label", label_new,
               old_file   ? old_name
               : old_path ? old_path
                          : "/dev/null",
               new_name, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1)
        fprintf(out, "(diff(1) unavailable: no diff of %s)\n", label);
    fclose(new_file);
    if (old_file)
        fclose(old_file);
}

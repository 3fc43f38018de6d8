/* back/outset.c: writes generate's output files into their directory as one set.
 *
 * Consumes the rendered artifacts (name and content each) and a directory;
 * produces the files there, or reports on standard error why not.
 *
 * Why: the files of one run belong together (the connector routes to the
 * topic the Flink job reads). Renaming each file into place on its own left
 * a mixed set when a run was killed between two renames, and two runs into
 * one directory could interleave their files. So, holding an exclusive lock
 * on the directory (flock(2) on the directory itself, so no lock file shows
 * up in a committed generated/):
 *   1. a temporary directory .cdcgen-tmp-XXXXXX is made inside it (same file
 *      system, so renames are atomic) and every file written there, in full;
 *   2. a marker .complete is written: from here on the set is whole;
 *   3. the files are renamed into place in a fixed order (the order given),
 *      then the marker and the temporary directory are removed.
 * A run killed before step 2 leaves the old set untouched; one killed
 * during step 3 leaves a temporary directory holding the rest of a whole
 * new set. The next run finds such leftovers under the lock: a complete one
 * is finished (its renames done), an incomplete one removed, and so are the
 * *.tmpXXXXXX files earlier versions left beside outputs. Files are created
 * with mode 0666 and directories 0777, less the umask. */
#define _DEFAULT_SOURCE /* flock(2) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdcgen/back/outset.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/util.h"

struct cdc_outset {
    char *dir, *tmp;    /* the output directory, the temporary one in it */
    int dfd;            /* dir, open and locked */
    const char **names; /* files added, in order */
    size_t n;
};

static const char tmp_prefix[] = ".cdcgen-tmp-";
static const char marker[] = ".complete";

/* A failure at path: *err_path (heap) names it, errno says why. */
static bool fail(char **err_path, const char *path)
{
    int err = errno;
    if (err_path)
        *err_path = xstrdup(path);
    errno = err;
    return false;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static bool write_file(const char *path, const cdc_buf *content, char **err_path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return fail(err_path, path);
    if (!cdc_write_all(fd, content->data, content->len)) {
        int err = errno;
        close(fd);
        errno = err;
        return fail(err_path, path);
    }
    if (close(fd) != 0)
        return fail(err_path, path);
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir (no dot files unless dots), sorted. Heap; free each and the array. */
static char **list_dir(const char *dir, bool dots, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    size_t cap = 8;
    char **v = xmalloc(cap * sizeof *v);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            (!dots && e->d_name[0] == '.'))
            continue;
        if (*n == cap)
            v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[(*n)++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Removes the temporary directory tmp and what is left in it. */
static void remove_tmp(const char *tmp)
{
    size_t n;
    char **names = list_dir(tmp, true, &n);
    for (size_t i = 0; i < n; i++) {
        char *p = join(tmp, names[i]);
        unlink(p);
        free(p);
    }
    free_list(names, n);
    rmdir(tmp);
}

/* Finishes an interrupted run: renames what is left in tmp into dir. */
static bool roll_forward(const char *dir, const char *tmp, char **err_path)
{
    size_t n;
    char **names = list_dir(tmp, false, &n);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        char *from = join(tmp, names[i]), *to = join(dir, names[i]);
        if (rename(from, to) != 0)
            ok = fail(err_path, to);
        free(from);
        free(to);
    }
    free_list(names, n);
    if (ok)
        remove_tmp(tmp);
    return ok;
}

/* *.sql.tmpXXXXXX, *.json.tmpXXXXXX: what write-then-rename beside the
 * file left when killed. The suffix is looked for only where the name is
 * long enough to hold it ("a.tmp123456" is not one). */
static bool legacy_tmp(const char *name)
{
    const char *t = strstr(name, ".tmp");
    if (!t || strlen(t) != 10)
        return false;
    size_t before = (size_t)(t - name);
    return (before >= 4 && strncmp(t - 4, ".sql", 4) == 0) ||
           (before >= 5 && strncmp(t - 5, ".json", 5) == 0);
}

static bool clean_stale(const char *dir, cdc_diags *d, char **err_path)
{
    size_t n;
    char **names = list_dir(dir, true, &n);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        char *p = join(dir, names[i]);
        if (strncmp(names[i], tmp_prefix, sizeof tmp_prefix - 1) == 0) {
            char *m = join(p, marker);
            if (access(m, F_OK) == 0) {
                cdc_diag_warning(d, NULL, (cdc_pos){0, 0, 0, 0}, "interrupted-output",
                                 "finishing the output set of an interrupted run ('%s')", p);
                ok = roll_forward(dir, p, err_path);
            } else {
                remove_tmp(p);
            }
            free(m);
        } else if (legacy_tmp(names[i])) {
            unlink(p);
        }
        free(p);
    }
    free_list(names, n);
    return ok;
}

/* dir exists as a directory (made if missing). A dangling symbolic link is
 * ENOENT at dir, not at a file inside it. */
static bool ensure_dir(const char *dir, char **err_path)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return true;
        errno = ENOTDIR;
        return fail(err_path, dir);
    }
    if (mkdir(dir, 0777) == 0)
        return true;
    if (errno == EEXIST) /* a dangling symbolic link */
        errno = ENOENT;
    return fail(err_path, dir);
}

cdc_outset *cdc_outset_open(const char *dir, cdc_diags *d, char **err_path)
{
    if (!ensure_dir(dir, err_path))
        return NULL;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        fail(err_path, dir);
        return NULL;
    }
    while (flock(dfd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            fail(err_path, dir);
            close(dfd);
            return NULL;
        }
    }
    char *tmp = join(dir, ".cdcgen-tmp-XXXXXX");
    if (!clean_stale(dir, d, err_path) || (!mkdtemp(tmp) && !fail(err_path, dir))) {
        int err = errno;
        free(tmp);
        close(dfd); /* releases the lock */
        errno = err;
        return NULL;
    }
    cdc_outset *s = xcalloc(1, sizeof *s);
    s->dir = xstrdup(dir);
    s->tmp = tmp;
    s->dfd = dfd;
    return s;
}

bool cdc_outset_add(cdc_outset *s, const char *name, const cdc_buf *content, char **err_path)
{
    char *p = join(s->tmp, name);
    bool ok = write_file(p, content, err_path);
    free(p);
    if (ok) {
        s->names = xrealloc(s->names, (s->n + 1) * sizeof *s->names);
        s->names[s->n++] = name;
    }
    return ok;
}

static void outset_free(cdc_outset *s)
{
    close(s->dfd); /* releases the lock */
    free(s->dir);
    free(s->tmp);
    free(s->names);
    free(s);
}

void cdc_outset_abandon(cdc_outset *s)
{
    remove_tmp(s->tmp);
    outset_free(s);
}

bool cdc_outset_commit(cdc_outset *s, char **err_path)
{
    char *m = join(s->tmp, marker);
    bool ok = write_file(m, &(cdc_buf){(char *)"", 0, 0}, err_path);
    free(m);
    if (!ok) { /* the old set is untouched; the new one is dropped */
        cdc_outset_abandon(s);
        return false;
    }
    for (size_t i = 0; i < s->n && ok; i++) {
        char *from = join(s->tmp, s->names[i]), *to = join(s->dir, s->names[i]);
        if (rename(from, to) != 0)
            ok = fail(err_path, to);
        free(from);
        free(to);
    }
    if (ok) /* else the next run finishes the set */
        remove_tmp(s->tmp);
    outset_free(s);
    return ok;
}

/* cmd/against.c: the earlier version of a project (--against BASE) that
 * diff, rollout and backfill compare with.
 *
 * BASE is a directory holding the earlier version of the project (PATH is
 * read below it) or a git revision (read with git ls-tree and git
 * cat-file; nothing is checked out). Its filter files and its cdcgen.yaml
 * are read; the filters are checked against the change's schema file with
 * the base's own configuration, so that what the configuration names (the
 * topics with their suffixes, the source topic, the groups) is the base's.
 * Problems are reported into the base's run: a base that cannot be read
 * (no git, an unknown revision) is an I/O error, exit 2. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cdcgen/cmd/against.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/sem/change.h"

/* ---- the filter files ---- */

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
static int run_git(const char *dir, char *const args[], cdc_buf *out)
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

static bool is_git_revision(cdc_arena *a, const char *dir, const char *rev)
{
    char *args[] = {(char *)"rev-parse", (char *)"--verify", (char *)"--quiet",
                    cdc_arena_printf(a, "%s^{commit}", rev), NULL};
    return run_git(dir, args, NULL) == 0;
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
    bool ok = run_git(dir, args, names) == 0;
    free(args);
    if (!ok)
        cdc_diag_error(&b->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                       "cannot list the files of '%s' with git ls-tree", rev);
    return ok;
}

/* The base's filter files below paths in git revision rev, each read into
 * a source named REV:PATH; git runs in dir, which paths are relative to.
 * False (with a diagnostic) if git fails. */
static bool read_git_base(cdc_run *b, const char *dir, const char *rev, char **paths, int npaths)
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
        if (run_git(dir, show, &blob) != 0) {
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

/* The base's filter files: BASE/PATH for every PATH (one that is not there
 * holds no filters). */
static bool read_dir_base(cdc_run *b, const char *dir, char **paths, int npaths)
{
    cdc_path_list files = {0};
    bool ok = true;
    for (int i = 0; i < npaths; i++) {
        char *p = cdc_arena_printf(b->arena, "%s/%s", dir, paths[i]);
        struct stat st;
        if (stat(p, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            ok &= cdc_walk_dir(b, p, cdc_is_filter_file, &files);
        else
            cdc_path_list_push(&files, p);
    }
    for (size_t i = 0; ok && i < files.n; i++) {
        cdc_source *src = cdc_source_read(b->arena, files.v[i]);
        if (!src) {
            cdc_diag_error(&b->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read '%s': %s",
                           files.v[i], strerror(errno));
            ok = false;
            break;
        }
        cdc_run_parse_source(b, src);
    }
    free(files.v);
    return ok;
}

/* ---- the base's cdcgen.yaml ---- */

/* The change's cdcgen.yaml relative to the project's root, or NULL when
 * there is none or it lies outside the root (found above it). */
static const char *config_below_root(const cdc_run *b)
{
    const char *cfg = b->project->config, *root = b->project->root;
    if (!cfg || strncmp(cfg, root, strlen(root)) != 0)
        return NULL;
    cfg += strlen(root);
    return strncmp(cfg, "../", 3) == 0 || cfg[0] == '/' ? NULL : cfg;
}

/* The base's cdcgen.yaml, at the place of the change's below the root:
 * BASE/cdcgen.yaml or REV:./cdcgen.yaml. NULL when it has none there
 * (reported only when it is there and cannot be read). */
static const cdc_source *read_base_config(cdc_run *b, const char *against, bool is_dir,
                                          const char *git_dir)
{
    const char *rel = config_below_root(b);
    if (!rel)
        return NULL;
    if (is_dir) {
        char *p = cdc_arena_printf(b->arena, "%s/%s", against, rel);
        struct stat st;
        if (stat(p, &st) != 0)
            return NULL;
        cdc_source *src = cdc_source_read(b->arena, p);
        if (!src)
            cdc_diag_error(&b->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read '%s': %s", p,
                           strerror(errno));
        return src;
    }
    char *obj = cdc_arena_printf(b->arena, "%s:./%s", against, rel);
    char *exists[] = {(char *)"cat-file", (char *)"-e", obj, NULL};
    if (run_git(git_dir, exists, NULL) != 0)
        return NULL;
    cdc_buf blob = CDC_BUF_INIT;
    cdc_buf_init(&blob);
    char *show[] = {(char *)"cat-file", (char *)"blob", obj, NULL};
    const cdc_source *src = NULL;
    if (run_git(git_dir, show, &blob) != 0)
        cdc_diag_error(&b->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                       "cannot read '%s' with git cat-file", obj);
    else
        src = cdc_source_from_string(b->arena, cdc_arena_printf(b->arena, "%s:%s", against, rel),
                                     blob.data ? blob.data : "", blob.len);
    cdc_buf_release(&blob);
    return src;
}

/* Its tree, for the keys' positions (quietly: the config loader reports
 * its problems). */
static const cdc_ynode *config_tree(cdc_arena *a, const cdc_source *src)
{
    cdc_diags quiet;
    cdc_diags_init(&quiet, a);
    return src ? cdc_yaml_load(a, src, &quiet) : NULL;
}

void cdc_against_config_text(cdc_run *head, cdc_config_text *text)
{
    *text = (cdc_config_text){0};
    if (!head->config.path)
        return;
    cdc_source *src = cdc_source_read(head->arena, head->config.path);
    if ((text->root = config_tree(head->arena, src)) != NULL)
        text->src = src;
}

/* The base's configuration: its own cdcgen.yaml over the defaults, where
 * the base has one at the change's place; else (no file there, or -c FILE
 * for both) the change's, so that only the filters differ. */
static bool load_base_config(cdc_run *b, const cdc_opts *o, const char *against, bool is_dir,
                             const char *git_dir, cdc_config_text *text)
{
    *text = (cdc_config_text){0};
    const cdc_source *src = o->config_path ? NULL : read_base_config(b, against, is_dir, git_dir);
    if (b->diags.nerrors)
        return false;
    if (!src) {
        cdc_against_config_text(b, text);
        return true;
    }
    cdc_config_defaults(&b->config);
    if (!cdc_config_load_source(&b->config, b->arena, src, &b->diags)) {
        cdc_diag_error(&b->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                       "cannot compare with '%s': its cdcgen.yaml does not load", against);
        return false;
    }
    text->src = src;
    text->root = config_tree(b->arena, src);
    return true;
}

bool cdc_against_compile(cdc_run *base, const cdc_opts *o, const char *against,
                         cdc_config_text *text)
{
    static char *filters[] = {(char *)"filters"};
    *text = (cdc_config_text){0};
    bool from_root = o->nargs == 0;
    char **paths = from_root ? filters : o->args;
    int npaths = from_root ? 1 : o->nargs;
    const char *git_dir = from_root && base->project->root[0] ? base->project->root : ".";
    /* The change's config names the schema file both versions are checked
     * against; then the base's own config replaces it. */
    if (!cdc_run_load_config(base, o) || !cdc_run_load_schema(base, o)) {
        base->io_error = true;
        return false;
    }
    struct stat st;
    bool is_dir = stat(against, &st) == 0 && S_ISDIR(st.st_mode);
    bool read;
    char *version[] = {(char *)"--version", NULL};
    if (!is_dir && run_git(".", version, NULL) != 0) {
        cdc_diag_error(&base->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                       "--against '%s' is no directory, and git, which reads a revision, does "
                       "not run (is it installed?)",
                       against);
        read = false;
    } else if (!is_dir && !is_git_revision(base->arena, git_dir, against)) {
        cdc_diag_error(&base->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                       "--against '%s' is neither a directory nor a git revision", against);
        read = false;
    } else {
        read = load_base_config(base, o, against, is_dir, git_dir, text) &&
               (is_dir ? read_dir_base(base, against, paths, npaths)
                       : read_git_base(base, git_dir, against, paths, npaths));
    }
    if (read && !cdc_run_check(base))
        cdc_diag_error(&base->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                       "cannot compare with '%s': its filters do not compile", against);
    if (!read || base->diags.nerrors) {
        base->io_error = true;
        return false;
    }
    return true;
}

bool cdc_against_compare(cdc_run *head, cdc_run *base, const cdc_opts *o, const char *against,
                         cdc_changes *C, cdc_run **failed)
{
    *failed = head;
    if (!cdc_run_compile(head, o, o->args, o->nargs))
        return false;
    cdc_config_text bt, ht;
    if (!cdc_against_compile(base, o, against, &bt)) {
        *failed = base;
        return false;
    }
    cdc_against_config_text(head, &ht);
    cdc_changes_compare_filters(head->arena, &base->prog, &head->prog, C);
    cdc_changes_compare_config(head->arena, &base->config, &bt, &head->config, &ht, C);
    return true;
}

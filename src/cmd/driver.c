/* cmd/driver.c: the pipeline as the commands run it.
 *
 * Expands the PATH arguments into filter files (sorted, so output order never
 * depends on the file system), loads the project config, then runs load ->
 * parse -> check over all files, collecting every diagnostic. Stops between
 * stages only where a later stage could not make sense of the input. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdcgen/cmd/driver.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/diag_markdown.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/check.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/parse.h"
#include "cdcgen/lang/schema.h"
#include "cdcgen/lang/schema_load.h"
#include "cdcgen/sem/suppress.h"

void cdc_run_init(cdc_run *r, const cdc_project *project)
{
    memset(r, 0, sizeof *r);
    r->project = project;
    r->arena = cdc_arena_new();
    cdc_diags_init(&r->diags, r->arena);
    cdc_config_defaults(&r->config);
}

void cdc_run_release(cdc_run *r)
{
    cdc_arena_free(r->arena);
    r->arena = NULL;
}

/* ---- input files ---- */

void cdc_path_list_push(cdc_path_list *l, char *p)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = p;
}

bool cdc_is_test_file(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return base[0] != '.' &&
           (cdc_has_suffix(base, ".test.yaml") || cdc_has_suffix(base, ".test.yml"));
}

bool cdc_is_filter_file(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (base[0] == '.' || cdc_is_test_file(base))
        return false; /* filter tests are read by `cdcgen test` */
    return cdc_has_suffix(base, ".yaml") || cdc_has_suffix(base, ".yml") ||
           cdc_has_suffix(base, ".json");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

enum { WALK_DEPTH_MAX = 16 }; /* directories below a PATH argument */

static bool walk(cdc_run *r, const char *dir, bool (*want)(const char *path), cdc_path_list *out,
                 int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot open '%s': %s", dir,
                       strerror(errno));
        r->io_error = true;
        return false;
    }
    cdc_path_list entries = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir);
        const char *sep = n && dir[n - 1] == '/' ? "" : "/";
        cdc_path_list_push(&entries, cdc_arena_printf(r->arena, "%s%s%s", dir, sep, e->d_name));
    }
    closedir(d);
    if (entries.n)
        qsort(entries.v, entries.n, sizeof *entries.v, cmp_str);
    bool ok = true;
    for (size_t i = 0; i < entries.n; i++) {
        struct stat st, lst;
        if (stat(entries.v[i], &st) != 0 || lstat(entries.v[i], &lst) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            /* Links to directories are not followed (as git does not): a
             * few of them pointing upwards would make the walk endless. */
            if (S_ISLNK(lst.st_mode))
                cdc_diag_warning(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "skipped-dir",
                                 "'%s' is a symbolic link to a directory; not followed",
                                 entries.v[i]);
            else if (depth + 1 >= WALK_DEPTH_MAX)
                cdc_diag_warning(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "skipped-dir",
                                 "'%s' is nested more than %d directories deep; not read",
                                 entries.v[i], WALK_DEPTH_MAX);
            else
                ok &= walk(r, entries.v[i], want, out, depth + 1);
        } else if (want(entries.v[i])) {
            cdc_path_list_push(out, entries.v[i]);
        }
    }
    free(entries.v);
    return ok;
}

bool cdc_walk_dir(cdc_run *r, const char *dir, bool (*want)(const char *path), cdc_path_list *out)
{
    return walk(r, dir, want, out, 0);
}

/* The path as written, without what does not change the file it names:
 * leading "./", repeated and trailing '/' ("./filters/" -> "filters"). So
 * the spelling of a path never shows in diagnostics or generated outputs. */
static char *tidy_path(cdc_arena *a, const char *p)
{
    while (p[0] == '.' && p[1] == '/' && p[2])
        for (p += 2; *p == '/' && p[1];)
            p++;
    char *out = cdc_arena_strdup(a, p), *w = out;
    for (const char *q = out; *q; q++)
        if (!(*q == '/' && (q[1] == '/' || (q[1] == '\0' && w != out))))
            *w++ = *q;
    *w = '\0';
    return out;
}

bool cdc_collect_inputs(cdc_run *r, char **paths, int npaths, bool (*want)(const char *path),
                        cdc_path_list *out, size_t *strip)
{
    char *default_paths[1];
    *strip = 0;
    if (npaths == 0 && !r->project->found) {
        cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "no-project",
                       "not in a cdcgen project: no filters/ here and no cdcgen.yaml here or "
                       "above; 'cdcgen init' starts one, or name the filter files");
        return false;
    }
    if (npaths == 0) {
        *strip = strlen(r->project->root);
        default_paths[0] = (char *)r->project->filters;
        paths = default_paths;
        npaths = 1;
    }
    bool ok = true;
    for (int i = 0; i < npaths; i++) {
        struct stat st;
        char *path = strcmp(paths[i], "-") == 0 ? paths[i] : tidy_path(r->arena, paths[i]);
        if (strcmp(path, "-") != 0 && stat(path, &st) != 0) {
            cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read '%s': %s",
                           path + *strip, strerror(errno));
            ok = false;
        } else if (cdc_is_test_file(path) && !want(path)) {
            cdc_diag_error(&r->diags, cdc_run_named_source(r, path), (cdc_pos){0, 0, 0, 0},
                           "bad-file", "a filter test file; run it with 'cdcgen test %s'", path);
            ok = false;
        } else if (strcmp(path, "-") != 0 && S_ISDIR(st.st_mode)) {
            ok &= cdc_walk_dir(r, path, want, out);
        } else {
            cdc_path_list_push(out, path);
        }
    }
    return ok;
}

/* ---- the pipeline ---- */

static void add_source(cdc_run *r, const cdc_source *src)
{
    cdc_program *p = &r->prog;
    p->sources = cdc_arena_grow(r->arena, (void *)p->sources, p->nsources, sizeof *p->sources);
    p->sources[p->nsources++] = src;
}

/* --schema as given; else the config's schema, relative to cdcgen.yaml's
 * directory (the project's root without one). */
static const char *schema_path(cdc_run *r, const cdc_opts *o)
{
    if (o->schema_path)
        return o->schema_path;
    const char *p = r->config.schema_path;
    if (p[0] == '/')
        return p;
    const char *cfg = r->config.path;
    const char *slash = cfg ? strrchr(cfg, '/') : NULL;
    if (slash)
        return cdc_arena_printf(r->arena, "%.*s%s", (int)(slash - cfg + 1), cfg, p);
    return cfg ? p : cdc_arena_printf(r->arena, "%s%s", r->project->root, p);
}

bool cdc_run_load_config(cdc_run *r, const cdc_opts *o)
{
    const char *cfg_path = o->config_path ? o->config_path : r->project->config;
    if (cfg_path && !cdc_config_load(&r->config, r->arena, cfg_path, &r->diags)) {
        /* Unreadable (missing, too large) is an I/O error; invalid is a finding. */
        r->io_error =
            r->diags.last && r->diags.last->code && strcmp(r->diags.last->code, "io") == 0;
        return false;
    }
    return true;
}

static bool same_file(const struct stat *a, const char *path)
{
    struct stat b;
    return path && stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* The schema file and cdcgen.yaml are the project's, not filters, also when
 * a directory walked holds them (`cdcgen test x.test.yaml` reads the
 * filters beside the test file). */
static void drop_project_files(cdc_run *r, const cdc_opts *o, cdc_path_list *files)
{
    const char *schema = schema_path(r, o);
    size_t kept = 0;
    for (size_t i = 0; i < files->n; i++) {
        struct stat st;
        bool project = stat(files->v[i], &st) == 0 &&
                       (same_file(&st, schema) || same_file(&st, r->config.path));
        if (!project)
            files->v[kept++] = files->v[i];
    }
    files->n = kept;
}

bool cdc_run_load_schema(cdc_run *r, const cdc_opts *o)
{
    const char *path = schema_path(r, o);
    r->prog.schema = cdc_schema_load(r->arena, path, &r->diags, &r->io_error);
    if (!r->prog.schema && r->io_error)
        cdc_diag_note(&r->diags, NULL, (cdc_pos){0, 0, 0, 0},
                      "filters are checked against the captured table's schema file: write it "
                      "with 'cdcgen schema pull CONNINFO -o %s', or name it with 'schema:' in "
                      "cdcgen.yaml or --schema FILE",
                      path);
    return r->prog.schema != NULL;
}

void cdc_run_parse_source(cdc_run *r, const cdc_source *src)
{
    add_source(r, src);
    cdc_arena *tree = cdc_arena_new();
    cdc_ynode *root = cdc_yaml_load_split(tree, r->arena, src, &r->diags);
    if (root)
        cdc_parse_file(&r->prog, r->arena, src, root, &r->diags);
    cdc_arena_free(tree);
}

bool cdc_run_check(cdc_run *r)
{
    if (r->targets)
        r->config.targets = r->targets;
    cdc_check(&r->prog, r->arena, &r->config, &r->diags);
    return r->diags.nerrors == 0;
}

bool cdc_run_compile(cdc_run *r, const cdc_opts *o, char **paths, int npaths)
{
    if (!cdc_run_load_config(r, o))
        return false;
    cdc_path_list files = {0};
    size_t strip;
    if (!cdc_collect_inputs(r, paths, npaths, cdc_is_filter_file, &files, &strip)) {
        r->io_error = true;
        free(files.v);
        return false;
    }
    drop_project_files(r, o, &files);
    if (files.n == 0) {
        cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "no-input",
                       "no filter files (*.yaml, *.yml, *.json) found");
        r->io_error = true;
    }
    if (r->io_error || !cdc_run_load_schema(r, o)) {
        free(files.v);
        return false;
    }
    for (size_t i = 0; i < files.n; i++) {
        cdc_source *src = cdc_source_read(r->arena, files.v[i]);
        if (!src) {
            cdc_diag_error(&r->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read '%s': %s",
                           files.v[i], cdc_read_error(errno));
            r->io_error = true;
            continue;
        }
        src->path += strip; /* named from the project's root, wherever cdcgen runs */
        cdc_run_parse_source(r, src);
    }
    free(files.v);
    if (r->io_error)
        return false;
    return cdc_run_check(r);
}

const cdc_source *cdc_run_named_source(cdc_run *r, const char *path)
{
    cdc_source *src = CDC_ARENA_NEW(r->arena, cdc_source);
    src->path = cdc_arena_strdup(r->arena, path);
    src->text = "";
    return src;
}

void cdc_run_write_error(cdc_run *r, const char *path)
{
    const char *why = strerror(errno);
    cdc_diag_error(&r->diags, cdc_run_named_source(r, path), (cdc_pos){0, 0, 0, 0}, "io",
                   "cannot write: %s", why);
    r->io_error = true;
}

/* NO_COLOR (no-color.org): set and not empty turns colour off. */
static bool no_color(void)
{
    const char *v = getenv("NO_COLOR");
    return v && *v;
}

int cdc_run_finish(cdc_run *r, const cdc_opts *o)
{
    if (o->max_errors_set)
        r->diags.max_shown = o->max_errors;
    cdc_suppress_apply(&r->diags, &r->config, &r->prog);
    bool stdout_failed = fflush(stdout) != 0 || ferror(stdout);
    if (stdout_failed)
        cdc_run_write_error(r, "<stdout>");
    FILE *out = cdc_opts_diag_stream(o);
    if (out == stdout && stdout_failed)
        out = stderr; /* the one place left to say so */
    bool machine = cdc_opts_machine(o);
    /* Machine formats always print a document, even an empty one. */
    if (o->markdown)
        cdc_diags_render_markdown(&r->diags, out);
    else if (machine || r->diags.head)
        cdc_diags_render(&r->diags, out, o->format,
                         o->format == CDC_DIAG_TEXT && out == stderr && isatty(2) && !no_color());
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(stderr, "%s: error: cannot write: %s [io]\n",
                out == stdout ? "<stdout>" : "<stderr>", strerror(errno));
        return CDC_EXIT_ERROR;
    }
    if (r->io_error)
        return CDC_EXIT_ERROR;
    if (r->findings || r->diags.nerrors || (o->fail_on_warning && r->diags.nwarnings))
        return CDC_EXIT_FINDINGS;
    /* On a terminal only: scripts, CI logs and expected outputs keep
     * silence as the sign of success. */
    if (r->summary && !o->quiet && isatty(2))
        fprintf(stderr, "%s\n", r->summary);
    return CDC_EXIT_OK;
}

int cdc_run_end(cdc_run *r, const cdc_opts *o)
{
    int status = cdc_run_finish(r, o);
    cdc_run_release(r);
    return status;
}

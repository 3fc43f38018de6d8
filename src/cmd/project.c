/* cmd/project.c: the project a run works on, found once.
 *
 * Consumes the working directory and its parents; produces the project's
 * root (as a relative prefix, so paths in diagnostics and outputs read as
 * the user would write them) and the paths below it that commands default
 * to. Why once: every command, diff's git reads included, must agree on
 * where filters/, generated/ and cdcgen.yaml are, from any subdirectory. */
#include <string.h>
#include <sys/stat.h>

#include "cdcgen/cmd/project.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/config/config.h"

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory part of path, with its '/' ("../" for "../cdcgen.yaml"). */
static const char *dir_prefix(cdc_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? cdc_arena_strndup(a, path, (size_t)(slash - path) + 1) : "";
}

void cdc_project_find(cdc_project *p, cdc_arena *a)
{
    bool filters_here = is_dir("filters");
    p->config = cdc_config_find(a);
    p->root = filters_here || !p->config ? "" : dir_prefix(a, p->config);
    p->found = filters_here || p->config != NULL;
    p->filters = cdc_arena_printf(a, "%sfilters", p->root);
    p->generated = cdc_arena_printf(a, "%sgenerated", p->root);
}

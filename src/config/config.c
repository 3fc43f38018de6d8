/* config/config.c: project settings (cdcgen.yaml): the entry point of
 * src/config/ for the rest of cdcgen.
 *
 * Consumes the file; produces the settings (cdc_config) over the defaults,
 * or every mistake in the file at its place. The file is read once, with
 * load.c (positions, duplicate keys, tabs, encoding), and its node tree is
 * walked once: shape.c checks each key and the kind of its value against
 * the key table (keys.c) and hands on the values that have their kind;
 * values.c takes them and holds each to its rule. Secrets must be
 * config-provider references (${env:NAME}, ${file:PATH:KEY}, ...), so no
 * generated file can carry one.
 *
 * To add a key: its field in cdc_config and its row in keys.c; then its
 * description in grammar/config.schema.json, its default in
 * cdcgen.example.yaml and its entry in man/cdcgen.1 (CONFIGURATION), which
 * tests/unit/test_config.c holds to the table. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdcgen/config/config.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/config/shape.h"
#include "cdcgen/config/values.h"
#include "cdcgen/lang/load.h"

void cdc_config_defaults(cdc_config *c)
{
    memset(c, 0, sizeof *c);
    size_t n;
    const cdc_config_key *keys = cdc_config_keys(&n);
    for (size_t i = 0; i < n; i++) {
        const cdc_config_key *row = &keys[i];
        if (row->field == CDC_KEY_NO_FIELD)
            continue;
        void *field = (char *)c + row->field;
        switch (row->kind) {
        case CDC_KEY_TEXT: *(const char **)field = row->text_default; break;
        case CDC_KEY_NUMBER: *(int64_t *)field = row->number_default; break;
        case CDC_KEY_BOOLEAN: *(bool *)field = row->boolean_default; break;
        case CDC_KEY_LIST:
            if (row->set_default)
                row->set_default(c);
            break;
        case CDC_KEY_MAPPING: break;
        }
    }
}

/* Reads src with load.c. *root is NULL for a file that sets nothing: no
 * document (empty, or only comments) or a null one ("---", "~"). false
 * after reporting. */
static bool read_tree(cdc_arena *a, const cdc_source *src, cdc_diags *d, const cdc_ynode **root)
{
    cdc_diags first;
    cdc_diags_init(&first, a);
    *root = cdc_yaml_load(a, src, &first);
    if (*root) {
        if ((*root)->kind == CDC_Y_SCALAR && cdc_yscalar_kind(*root) == CDC_YS_NULL)
            *root = NULL;
        return true;
    }
    if (first.nerrors == 1 && strcmp(first.head->code, "empty-file") == 0)
        return true;
    /* Again, into d: a failed load reports only its first problem. */
    if (cdc_yaml_load(a, src, d))
        CDC_BUG("cdcgen.yaml loads the second time");
    return false;
}

bool cdc_config_load(cdc_config *c, cdc_arena *a, const char *path, cdc_diags *d)
{
    cdc_source *src = cdc_source_read(a, path);
    if (!src) {
        cdc_diag_error(d, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read config '%s': %s", path,
                       cdc_read_error(errno));
        return false;
    }
    return cdc_config_load_source(c, a, src, d);
}

bool cdc_config_load_source(cdc_config *c, cdc_arena *a, const cdc_source *src, cdc_diags *d)
{
    const cdc_ynode *root;
    if (!read_tree(a, src, d, &root))
        return false;
    size_t nkeys;
    const cdc_config_key *keys = cdc_config_keys(&nkeys);
    const cdc_ynode **found = NULL;
    bool shape_ok = true;
    if (root) {
        found = cdc_arena_alloc(a, nkeys * sizeof *found);
        shape_ok = cdc_config_check_shape(root, keys, nkeys, a, src, d, found);
    }
    /* The rules run on what has its shape even when something has not, so
     * one run shows every mistake; the settings change only when all pass. */
    cdc_config next = *c;
    next.path = src->path;
    bool values_ok = cdc_config_take_values(&next, found, a, src, d);
    if (!shape_ok || !values_ok)
        return false;
    *c = next;
    return true;
}

const char *cdc_config_find(cdc_arena *a)
{
    /* Relative paths ("cdcgen.yaml", "../cdcgen.yaml", ...) so diagnostics
     * name the file the way the user would. */
    cdc_buf up = CDC_BUF_INIT;
    cdc_buf_init(&up);
    const char *found = NULL;
    for (int depth = 0; depth < 64 && !found; depth++) {
        char *path = cdc_arena_printf(a, "%scdcgen.yaml", up.data);
        if (access(path, R_OK) == 0) {
            found = path;
            break;
        }
        /* Stop after the root: its parent is itself. */
        struct stat here, parent;
        char *parent_dir = cdc_arena_printf(a, "%s..", up.data);
        if (stat(up.len ? up.data : ".", &here) != 0 || stat(parent_dir, &parent) != 0 ||
            (here.st_dev == parent.st_dev && here.st_ino == parent.st_ino))
            break;
        cdc_buf_puts(&up, "../");
    }
    cdc_buf_release(&up);
    return found;
}

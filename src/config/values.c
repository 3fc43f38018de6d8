/* config/values.c: cdcgen.yaml's values, taken into the settings and held
 * to their rules.
 *
 * Consumes the values shape.c found, one per row of the key table (keys.c),
 * each of the kind its row wants; takes each over the settings (text as
 * written, numbers as int64_t, lists through their row's fill) and checks
 * every setting against its row's rule, then the rules across keys.
 * Produces the settings and an error per broken rule, located at the value
 * in the file (config-value, literal-secret, shared-group); a value the file
 * does not set is its default, whose errors name the whole file.
 *
 * Why here and not in the back ends: they take the settings as valid, and a
 * value a rule refuses would otherwise surface as a broken artifact. */
#include <stdlib.h>
#include <string.h>

#include "cdcgen/config/values.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/lang/load.h"

static void *field_of(cdc_config *c, const cdc_config_key *row)
{
    return (char *)c + row->field;
}

/* Takes one value over its field; lists report their items' rules. */
static bool take(cdc_config *c, const cdc_config_key *row, const cdc_ynode *n, cdc_arena *a,
                 const cdc_source *src, cdc_diags *d)
{
    switch (row->kind) {
    case CDC_KEY_TEXT: *(const char **)field_of(c, row) = n->str; return true;
    case CDC_KEY_NUMBER:
        /* shape.c has held it to a plain decimal in range */
        *(int64_t *)field_of(c, row) = strtoll(n->str, NULL, 10);
        return true;
    case CDC_KEY_BOOLEAN: *(bool *)field_of(c, row) = cdc_yscalar_true(n); return true;
    case CDC_KEY_LIST: return row->fill(c, a, n, src, d);
    case CDC_KEY_MAPPING: break;
    }
    CDC_BUG("'%s' fills no field", row->path);
}

/* Holds a setting to its row's rule; at: its value in the file, or NULL
 * for a default. */
static bool check_rule(const cdc_config *c, const cdc_config_key *row, const cdc_ynode *at,
                       const cdc_source *src, cdc_diags *d)
{
    const void *field = (const char *)c + row->field;
    const char *problem = NULL;
    bool empty = false;
    if (row->kind == CDC_KEY_TEXT && row->text_rule) {
        const char *text = *(const char *const *)field;
        problem = row->text_rule(text);
        empty = !*text;
    } else if (row->kind == CDC_KEY_NUMBER && row->number_rule) {
        problem = row->number_rule(*(const int64_t *)field);
    }
    if (!problem)
        return true;
    if (row->secret)
        /* Named, not located: the excerpt of its line would print the secret. */
        cdc_diag_error(d, src, (cdc_pos){0, 0, 0, 0}, "literal-secret", "'%s' %s", row->path,
                       problem);
    else
        cdc_diag_error(d, src, at ? at->pos : (cdc_pos){0, 0, 0, 0}, "config-value", "'%s' %s%s",
                       row->path, empty ? "is empty; it " : "", problem);
    return false;
}

/* The value the file gives the key at path, or NULL when it gives none. */
static const cdc_ynode *value_of(const cdc_ynode *const *found, const char *path)
{
    size_t n;
    const cdc_config_key *keys = cdc_config_keys(&n);
    const cdc_config_key *row = cdc_config_key_find(path);
    if (!row)
        CDC_BUG("no key '%s' in the table", path);
    return found ? found[row - keys] : NULL;
}

/* Kafka Streams' consumer group is its application.id: a Flink source in
 * that group would start from the Streams application's committed offsets,
 * and the two would move each other's. */
static bool check_groups_differ(const cdc_config *c, const cdc_ynode *const *found,
                                const cdc_source *src, cdc_diags *d)
{
    if (!*c->group_id || strcmp(c->group_id, c->application_id) != 0)
        return true;
    const cdc_ynode *g = value_of(found, "kafka.group_id");
    const cdc_ynode *app = value_of(found, "streams.application_id");
    cdc_diag_error(d, src,
                   g     ? g->pos
                   : app ? app->pos
                         : (cdc_pos){0, 0, 0, 0},
                   "shared-group",
                   "'kafka.group_id' and 'streams.application_id' are both '%s': the "
                   "Flink job would read and commit the Kafka Streams application's "
                   "offsets; give them different values",
                   c->group_id);
    if (g && app)
        cdc_diag_note(d, src, app->pos, "'streams.application_id' is set here");
    return false;
}

bool cdc_config_take_values(cdc_config *c, const cdc_ynode *const *found, cdc_arena *a,
                            const cdc_source *src, cdc_diags *d)
{
    size_t n;
    const cdc_config_key *keys = cdc_config_keys(&n);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const cdc_ynode *at = found ? found[i] : NULL;
        if (at && keys[i].field != CDC_KEY_NO_FIELD)
            ok = take(c, &keys[i], at, a, src, d) && ok;
    }
    for (size_t i = 0; i < n; i++)
        if (keys[i].field != CDC_KEY_NO_FIELD)
            ok = check_rule(c, &keys[i], found ? found[i] : NULL, src, d) && ok;
    return check_groups_differ(c, found, src, d) && ok;
}

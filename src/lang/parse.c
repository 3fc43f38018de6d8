/* lang/parse.c: stage 2. YAML node tree -> AST of filters and condition trees.
 *
 * Consumes one file's cdc_ynode tree and appends its filters to the program.
 * Knows the shape of the language (which keys a filter and a condition
 * have; which operands each operator takes is its row in op.c) but nothing
 * about the schema or types: that is check.c. Every problem is reported with its position and
 * parsing goes on with the next filter or condition, so one run shows all
 * errors. Unknown keys get a did-you-mean. */
#include <string.h>

#include "cdcgen/lang/parse.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/op.h"
#include "cdcgen/sem/suppress.h"

typedef struct parser {
    cdc_program *prog;
    cdc_arena *arena;
    const cdc_source *src;
    cdc_diags *diags;
} parser;

#define ERROR(P, pos, code, ...) cdc_diag_error((P)->diags, (P)->src, (pos), (code), __VA_ARGS__)

/* Each list is in the order cdcgen fmt writes the keys in. */
static const char *const file_keys[] = {"$schema", "version", "filters"};

static const char *const filter_keys[] = {
    "id",
    "name",
    "consumerId",
    "consumerGroup",
    "outputTopic",
    "description",
    "enabled",
    "status",
    "conditionLogic",
    "conditions",
    "allowBreaking",
    "suppress",
    /* metadata of the seed schema, from "version" on: accepted, carried, not
     * interpreted (fmt keeps their order as written) */
    "version",
    "createdAt",
    "updatedAt",
    "approvedBy",
    "approvedAt",
    "deployedAt",
    "deploymentError",
    "flinkStatementIds",
};

static const char *const leaf_keys[] = {"field", "operator", "value",    "values",
                                        "min",   "max",      "valueType"};
static const char *const group_keys[] = {"all", "any", "not"};

const char *const *cdc_filter_file_keys(size_t *n)
{
    *n = ARRAY_SIZE(file_keys);
    return file_keys;
}

const char *const *cdc_filter_keys(size_t *n, size_t *interpreted)
{
    *n = *interpreted = ARRAY_SIZE(filter_keys);
    for (size_t i = 0; i < *n; i++)
        if (strcmp(filter_keys[i], "version") == 0)
            *interpreted = i;
    return filter_keys;
}

const char *const *cdc_condition_keys(size_t *n)
{
    *n = ARRAY_SIZE(leaf_keys);
    return leaf_keys;
}

static void check_keys(parser *P, const cdc_ynode *map, const char *what,
                       const char *const *allowed, size_t n)
{
    cdc_ynode_check_keys(map, what, allowed, n, P->src, P->diags);
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* Whether map holds a key no list of the language allows whose nearest
 * spelling is key ("consumerID" for consumerId): then unknown-key has said
 * it with its did-you-mean, and a missing-key error for key would report the
 * one mistake twice. */
static bool misspelt(const cdc_ynode *map, const char *key)
{
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->str;
        if (in_list(k, file_keys, ARRAY_SIZE(file_keys)) ||
            in_list(k, filter_keys, ARRAY_SIZE(filter_keys)) ||
            in_list(k, leaf_keys, ARRAY_SIZE(leaf_keys)) ||
            in_list(k, group_keys, ARRAY_SIZE(group_keys)))
            continue;
        if (cdc_suggest(k, &key, 1))
            return true;
    }
    return false;
}

/* The key node of key in map (for positions), or NULL. */
static const cdc_ynode *key_node(const cdc_ynode *map, const char *key)
{
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i]->str, key) == 0)
            return map->keys[i];
    return NULL;
}

static bool is_scalar(parser *P, const cdc_ynode *n, const char *key)
{
    if (n->kind == CDC_Y_SCALAR)
        return true;
    ERROR(P, n->pos, "bad-value", "'%s' must be a single value, not %s", key,
          cdc_ynode_kind_name(n));
    return false;
}

/* A required or optional text value. */
static cdc_str get_string(parser *P, const cdc_ynode *map, const char *key, bool required,
                          const char *what)
{
    cdc_str s = {NULL, map->pos};
    const cdc_ynode *n = cdc_ynode_get(map, key);
    if (!n) {
        if (required && !misspelt(map, key))
            ERROR(P, map->pos, "missing-key", "%s has no '%s'", what, key);
        return s;
    }
    if (!is_scalar(P, n, key))
        return s;
    if (strlen(n->str) != n->len) {
        ERROR(P, n->pos, "bad-value", "'%s' contains a NUL character", key);
        return s;
    }
    s.s = n->str;
    s.pos = n->pos;
    return s;
}

/* How a literal is written, following YAML's core schema (and JSON's). */
static cdc_lit_syntax scalar_syntax(const cdc_ynode *n)
{
    switch (cdc_yscalar_kind(n)) {
    case CDC_YS_INT: return CDC_LIT_INT;
    case CDC_YS_FLOAT: return CDC_LIT_FLOAT;
    case CDC_YS_BOOL: return CDC_LIT_BOOL;
    case CDC_YS_NULL: return CDC_LIT_NULL;
    case CDC_YS_STRING: break;
    }
    return CDC_LIT_STRING;
}

static bool parse_literal(parser *P, const cdc_ynode *n, const char *key, cdc_literal *out)
{
    if (n->kind != CDC_Y_SCALAR) {
        ERROR(P, n->pos, "bad-value", "'%s' must be a single value, not %s", key,
              cdc_ynode_kind_name(n));
        return false;
    }
    out->pos = n->pos;
    out->syntax = scalar_syntax(n);
    out->text = n->str;
    out->len = n->len;
    return true;
}

static bool parse_bool(parser *P, const cdc_ynode *n, const char *key, bool *out)
{
    if (n->kind == CDC_Y_SCALAR && cdc_yscalar_kind(n) == CDC_YS_BOOL) {
        *out = cdc_yscalar_true(n);
        return true;
    }
    ERROR(P, n->pos, "bad-value", "'%s' must be true or false", key);
    return false;
}

/* ---- conditions ---- */

static cdc_cond *parse_cond(parser *P, const cdc_ynode *n, int depth);

/* list = "[" cond ("," cond)* "]"  (non-empty) */
static cdc_cond *parse_cond_list(parser *P, const cdc_ynode *n, cdc_cond_kind kind, const char *key,
                                 int depth)
{
    if (n->kind != CDC_Y_SEQUENCE) {
        ERROR(P, n->pos, "bad-value", "'%s' must be a list of conditions, not %s", key,
              cdc_ynode_kind_name(n));
        return NULL;
    }
    if (n->n == 0) {
        ERROR(P, n->pos, "empty-conditions", "'%s' needs at least one condition", key);
        return NULL;
    }
    cdc_cond *c = CDC_ARENA_NEW(P->arena, cdc_cond);
    c->kind = kind;
    c->pos = n->pos;
    c->kids = cdc_arena_alloc(P->arena, n->n * sizeof *c->kids);
    /* Keep the conditions that parsed, so check still reports their errors;
     * the ones that failed were reported and the program will not be emitted. */
    for (size_t i = 0; i < n->n; i++) {
        c->kids[c->nkids] = parse_cond(P, n->items[i], depth + 1);
        if (c->kids[c->nkids])
            c->nkids++;
    }
    return c->nkids ? c : NULL;
}

/* How parse_leaf's messages name each operand shape. */
static const char *operand_usage(cdc_operands o)
{
    switch (o) {
    case CDC_OPERANDS_NONE: return "no operand";
    case CDC_OPERANDS_VALUE: return "'value'";
    case CDC_OPERANDS_LIST: return "a non-empty list 'values'";
    case CDC_OPERANDS_RANGE: return "'min' and 'max'";
    }
    CDC_BUG("operand shape %d", (int)o);
}

/* Reports an unknown operator, with the nearest spelling or else all of them. */
static void unknown_operator(parser *P, const cdc_ynode *opn)
{
    const char *names[CDC_OP__COUNT];
    for (int i = 0; i < CDC_OP__COUNT; i++)
        names[i] = cdc_op_name((cdc_op)i);
    const char *hint = cdc_suggest(opn->str, names, CDC_OP__COUNT);
    if (hint) {
        ERROR(P, opn->pos, "unknown-operator", "unknown operator '%s'; did you mean '%s'?",
              opn->str, hint);
        return;
    }
    cdc_buf all = CDC_BUF_INIT;
    for (int i = 0; i < CDC_OP__COUNT; i++)
        cdc_buf_printf(&all, "%s%s", i ? ", " : "", names[i]);
    ERROR(P, opn->pos, "unknown-operator", "unknown operator '%s' (%s)", opn->str, all.data);
    cdc_buf_release(&all);
}

/* Reads the operands of shape `takes` into c->values. False when one is
 * missing or not of its shape, and the leaf is dropped; a bad literal only
 * clears *ok, so the rest of the leaf is still read. */
static bool parse_operands(parser *P, const cdc_ynode *n, const cdc_ynode *opn, cdc_cond *c,
                           cdc_operands takes, bool *ok)
{
    switch (takes) {
    case CDC_OPERANDS_NONE: return true;
    case CDC_OPERANDS_VALUE: {
        const cdc_ynode *v = cdc_ynode_get(n, "value");
        if (!v) {
            ERROR(P, opn->pos, "missing-operand", "operator '%s' needs 'value'",
                  cdc_op_name(c->op));
            return false;
        }
        c->values = CDC_ARENA_NEW(P->arena, cdc_literal);
        c->nvalues = 1;
        *ok &= parse_literal(P, v, "value", &c->values[0]);
        return true;
    }
    case CDC_OPERANDS_LIST: {
        const cdc_ynode *v = cdc_ynode_get(n, "values");
        if (!v) {
            ERROR(P, opn->pos, "missing-operand", "operator '%s' needs a list 'values'",
                  cdc_op_name(c->op));
            return false;
        }
        if (v->kind != CDC_Y_SEQUENCE) {
            ERROR(P, v->pos, "bad-operand", "'values' must be a list, not %s",
                  cdc_ynode_kind_name(v));
            return false;
        }
        if (v->n == 0) {
            ERROR(P, v->pos, "empty-values", "operator '%s' needs at least one value",
                  cdc_op_name(c->op));
            return false;
        }
        c->values = cdc_arena_alloc(P->arena, v->n * sizeof *c->values);
        c->nvalues = v->n;
        for (size_t i = 0; i < v->n; i++)
            *ok &= parse_literal(P, v->items[i], "values", &c->values[i]);
        return true;
    }
    case CDC_OPERANDS_RANGE: {
        const cdc_ynode *lo = cdc_ynode_get(n, "min"), *hi = cdc_ynode_get(n, "max");
        if (!lo || !hi) {
            ERROR(P, opn->pos, "missing-operand", "operator '%s' needs 'min' and 'max'",
                  cdc_op_name(c->op));
            return false;
        }
        c->values = cdc_arena_alloc(P->arena, 2 * sizeof *c->values);
        c->nvalues = 2;
        *ok &= parse_literal(P, lo, "min", &c->values[0]);
        *ok &= parse_literal(P, hi, "max", &c->values[1]);
        return true;
    }
    }
    CDC_BUG("operand shape %d", (int)takes);
}

/* leaf = field operator (value | values | min max)? valueType? */
static cdc_cond *parse_leaf(parser *P, const cdc_ynode *n)
{
    check_keys(P, n, "a condition", leaf_keys, ARRAY_SIZE(leaf_keys));
    cdc_cond *c = CDC_ARENA_NEW(P->arena, cdc_cond);
    c->kind = CDC_COND_LEAF;
    c->pos = n->pos;
    bool ok = true;

    cdc_str field = get_string(P, n, "field", true, "the condition");
    if (!field.s)
        ok = false;
    c->field.text = field.s;
    c->field.pos = field.pos;

    const cdc_ynode *opn = cdc_ynode_get(n, "operator");
    if (!opn) {
        if (!misspelt(n, "operator"))
            ERROR(P, n->pos, "missing-key", "the condition has no 'operator'");
        return NULL;
    }
    if (!is_scalar(P, opn, "operator"))
        return NULL;
    c->op_pos = opn->pos;
    if (!cdc_op_parse(opn->str, &c->op)) {
        unknown_operator(P, opn);
        return NULL;
    }

    /* Operands present but not taken by this operator. */
    cdc_operands takes = cdc_op_get(c->op)->operands;
    static const struct {
        const char *key;
        cdc_operands shape;
    } opnds[] = {{"value", CDC_OPERANDS_VALUE},
                 {"values", CDC_OPERANDS_LIST},
                 {"min", CDC_OPERANDS_RANGE},
                 {"max", CDC_OPERANDS_RANGE}};
    bool takes_present = takes == CDC_OPERANDS_NONE;
    bool wrong_shape = false;
    for (size_t i = 0; i < ARRAY_SIZE(opnds); i++) {
        const cdc_ynode *k = key_node(n, opnds[i].key);
        takes_present |= k && takes == opnds[i].shape;
        if (k && takes != opnds[i].shape) {
            ERROR(P, k->pos, "bad-operand", "operator '%s' takes %s, not '%s'", cdc_op_name(c->op),
                  operand_usage(takes), opnds[i].key);
            ok = false;
            wrong_shape = true;
        }
    }
    /* `in` with `value`: one mistake, said once above, not again as a
     * missing 'values'. */
    if (wrong_shape && !takes_present)
        return NULL;
    if (!parse_operands(P, n, opn, c, takes, &ok))
        return NULL;

    const cdc_ynode *vt = cdc_ynode_get(n, "valueType");
    if (vt && is_scalar(P, vt, "valueType")) {
        c->value_type = vt->str;
        c->value_type_pos = vt->pos;
    }
    return ok ? c : NULL;
}

/* cond = leaf | "all:" list | "any:" list | "not:" cond */
static cdc_cond *parse_cond(parser *P, const cdc_ynode *n, int depth)
{
    if (n->kind != CDC_Y_MAPPING) {
        ERROR(P, n->pos, "bad-condition", "a condition must be a mapping, not %s",
              cdc_ynode_kind_name(n));
        return NULL;
    }
    /* Groups nest at most as deep as YAML does; this is only belt and braces. */
    if (depth > 60) {
        ERROR(P, n->pos, "bad-condition", "conditions nested too deeply");
        return NULL;
    }
    const cdc_ynode *group = NULL;
    const char *group_key = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(group_keys); i++) {
        const cdc_ynode *g = cdc_ynode_get(n, group_keys[i]);
        if (!g)
            continue;
        if (group) {
            ERROR(P, key_node(n, group_keys[i])->pos, "bad-condition",
                  "a condition holds one of 'all', 'any', 'not', not both '%s' and '%s'", group_key,
                  group_keys[i]);
            return NULL;
        }
        group = g;
        group_key = group_keys[i];
    }
    if (!group)
        return parse_leaf(P, n);
    if (n->n != 1) {
        for (size_t i = 0; i < n->n; i++) {
            if (strcmp(n->keys[i]->str, group_key) != 0) {
                ERROR(P, n->keys[i]->pos, "bad-condition",
                      "'%s' cannot stand beside '%s' in one condition; nest it inside",
                      n->keys[i]->str, group_key);
                return NULL;
            }
        }
    }
    if (strcmp(group_key, "not") == 0) {
        if (group->kind != CDC_Y_MAPPING) {
            ERROR(P, group->pos, "bad-condition", "'not' takes one condition (a mapping), not %s",
                  cdc_ynode_kind_name(group));
            return NULL;
        }
        cdc_cond *inner = parse_cond(P, group, depth + 1);
        if (!inner)
            return NULL;
        cdc_cond *c = CDC_ARENA_NEW(P->arena, cdc_cond);
        c->kind = CDC_COND_NOT;
        c->pos = n->pos;
        c->kids = cdc_arena_alloc(P->arena, sizeof *c->kids);
        c->kids[0] = inner;
        c->nkids = 1;
        return c;
    }
    cdc_cond *c = parse_cond_list(
        P, group, strcmp(group_key, "all") == 0 ? CDC_COND_ALL : CDC_COND_ANY, group_key, depth);
    if (c)
        c->pos = n->pos;
    return c;
}

/* ---- filters ---- */

static bool parse_status(parser *P, const cdc_ynode *n, cdc_status *out)
{
    const char *names[CDC_STATUS__COUNT - 1];
    for (int i = 1; i < CDC_STATUS__COUNT; i++) {
        names[i - 1] = cdc_status_name((cdc_status)i);
        if (n->kind == CDC_Y_SCALAR && strcmp(n->str, names[i - 1]) == 0) {
            *out = (cdc_status)i;
            return true;
        }
    }
    const char *hint =
        n->kind == CDC_Y_SCALAR ? cdc_suggest(n->str, names, ARRAY_SIZE(names)) : NULL;
    if (hint)
        ERROR(P, n->pos, "bad-status", "unknown status '%s'; did you mean '%s'?", n->str, hint);
    else
        ERROR(P, n->pos, "bad-status",
              "unknown status; one of pending_approval, approved, deploying, deployed, "
              "failed, disabled, active, deprecated, pending_deletion, deleted");
    return false;
}

static cdc_filter *parse_filter(parser *P, const cdc_ynode *n)
{
    if (n->kind != CDC_Y_MAPPING) {
        ERROR(P, n->pos, "bad-filter", "a filter must be a mapping, not %s",
              cdc_ynode_kind_name(n));
        return NULL;
    }
    check_keys(P, n, "a filter", filter_keys, ARRAY_SIZE(filter_keys));
    cdc_filter *f = CDC_ARENA_NEW(P->arena, cdc_filter);
    f->src = P->src;
    f->pos = n->pos;
    f->id = get_string(P, n, "id", true, "the filter");
    const char *what = f->id.s ? cdc_arena_printf(P->arena, "filter '%s'", f->id.s) : "the filter";
    f->name = get_string(P, n, "name", true, what);
    f->consumer_id = get_string(P, n, "consumerId", true, what);
    f->consumer_group = get_string(P, n, "consumerGroup", false, what);
    if (f->consumer_group.s && !*f->consumer_group.s)
        ERROR(P, f->consumer_group.pos, "bad-value",
              "'consumerGroup' must not be empty (leave it out for <consumerId>-group)");
    f->output_topic = get_string(P, n, "outputTopic", true, what);
    f->description = get_string(P, n, "description", false, what);
    f->allow_breaking = get_string(P, n, "allowBreaking", false, what);
    if (f->allow_breaking.s && !f->allow_breaking.s[strspn(f->allow_breaking.s, " \t")])
        ERROR(P, f->allow_breaking.pos, "bad-value",
              "'allowBreaking' needs the reason the change may break its consumer");
    const cdc_ynode *sup = cdc_ynode_get(n, "suppress");
    if (sup)
        cdc_suppress_parse(P->arena, P->src, sup, true, P->diags, &f->suppress, &f->nsuppress);
    f->enabled = true;
    const cdc_ynode *en = cdc_ynode_get(n, "enabled");
    if (en)
        parse_bool(P, en, "enabled", &f->enabled);
    const cdc_ynode *st = cdc_ynode_get(n, "status");
    if (st) {
        f->status_pos = st->pos;
        parse_status(P, st, &f->status);
    }
    const cdc_ynode *logic = cdc_ynode_get(n, "conditionLogic");
    if (logic) {
        if (logic->kind == CDC_Y_SCALAR && strcmp(logic->str, "OR") == 0)
            f->logic_or = true;
        else if (!(logic->kind == CDC_Y_SCALAR && strcmp(logic->str, "AND") == 0))
            ERROR(P, logic->pos, "bad-value", "'conditionLogic' must be AND or OR");
    }
    const cdc_ynode *conds = cdc_ynode_get(n, "conditions");
    if (!conds) {
        if (!misspelt(n, "conditions"))
            ERROR(P, n->pos, "missing-key", "%s has no 'conditions'", what);
    } else {
        f->cond =
            parse_cond_list(P, conds, f->logic_or ? CDC_COND_ANY : CDC_COND_ALL, "conditions", 0);
    }
    return f;
}

static void append_filter(cdc_program *p, cdc_arena *a, cdc_filter *f)
{
    p->filters = cdc_arena_grow(a, p->filters, p->nfilters, sizeof *p->filters);
    p->filters[p->nfilters++] = f;
}

void cdc_parse_file(cdc_program *p, cdc_arena *a, const cdc_source *src, const cdc_ynode *root,
                    cdc_diags *d)
{
    parser P = {.prog = p, .arena = a, .src = src, .diags = d};
    if (root->kind != CDC_Y_MAPPING) {
        ERROR(&P, root->pos, "bad-file",
              "a filter file is a mapping with 'version' and 'filters', not %s",
              cdc_ynode_kind_name(root));
        return;
    }
    check_keys(&P, root, "a filter file", file_keys, ARRAY_SIZE(file_keys));
    const cdc_ynode *version = cdc_ynode_get(root, "version");
    /* The seed's second schema version (filters-v2.json) says version: 2;
     * its filters use the same language. */
    if (version && version->kind == CDC_Y_SCALAR && cdc_yscalar_kind(version) != CDC_YS_INT &&
        (strcmp(version->str, "1") == 0 || strcmp(version->str, "2") == 0))
        ERROR(&P, version->pos, "bad-version",
              "'version' is a number, not the string \"%s\"; write version: %s, without quotes",
              version->str, version->str);
    else if (version &&
             !(version->kind == CDC_Y_SCALAR && cdc_yscalar_kind(version) == CDC_YS_INT &&
               (strcmp(version->str, "1") == 0 || strcmp(version->str, "2") == 0)))
        ERROR(&P, version->pos, "bad-version",
              "unsupported file version '%s'; cdcgen reads 1 and 2",
              version->kind == CDC_Y_SCALAR ? version->str : "?");
    const cdc_ynode *filters = cdc_ynode_get(root, "filters");
    if (!filters) {
        if (!misspelt(root, "filters"))
            ERROR(&P, root->pos, "missing-key", "the file has no 'filters' list");
        return;
    }
    if (filters->kind != CDC_Y_SEQUENCE) {
        ERROR(&P, filters->pos, "bad-value", "'filters' must be a list, not %s",
              cdc_ynode_kind_name(filters));
        return;
    }
    for (size_t i = 0; i < filters->n; i++) {
        cdc_filter *f = parse_filter(&P, filters->items[i]);
        if (f)
            append_filter(p, a, f);
    }
}

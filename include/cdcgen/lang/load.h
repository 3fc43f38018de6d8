/* load.c: YAML (and JSON) text -> a small node tree that keeps the span of
 * every node. Built from libyaml's event stream so duplicate keys, aliases
 * and extra documents are caught where they occur. */
#ifndef CDCGEN_LANG_LOAD_H
#define CDCGEN_LANG_LOAD_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"

typedef enum cdc_ynode_kind {
    CDC_Y_SCALAR,   /* text in str */
    CDC_Y_SEQUENCE, /* items[0..n) */
    CDC_Y_MAPPING,  /* keys[i] -> items[i], i < n; keys are scalars */
} cdc_ynode_kind;

typedef struct cdc_ynode cdc_ynode;
struct cdc_ynode {
    cdc_ynode_kind kind;
    cdc_pos pos;       /* the node's span; for scalars the text with quotes */
    const char *str;   /* scalar value, NUL-terminated (may contain NUL) */
    size_t len;        /* scalar length in bytes */
    bool quoted;       /* scalar was quoted: never a number, bool or null */
    cdc_ynode **keys;  /* mapping keys */
    cdc_ynode **items; /* sequence items / mapping values */
    size_t n;
};

/* Parses src into a tree allocated in a. On error reports a located
 * diagnostic and returns NULL. An empty document is reported as an error. */
cdc_ynode *cdc_yaml_load(cdc_arena *a, const cdc_source *src, cdc_diags *d);
/* The same, with the tree in nodes and the scalar values in text: a caller
 * that keeps only the values (the AST points at them) frees nodes after
 * reading the tree, so memory holds one file's tree at a time. */
cdc_ynode *cdc_yaml_load_split(cdc_arena *nodes, cdc_arena *text, const cdc_source *src,
                               cdc_diags *d);

/* How a scalar reads under YAML's core schema (and JSON's); quoted scalars
 * are always strings. */
typedef enum cdc_yscalar {
    CDC_YS_STRING, /* quoted, or plain text that is nothing below */
    CDC_YS_INT,    /* plain decimal integer: 42, -7 */
    CDC_YS_FLOAT,  /* plain decimal, exponent, .inf or .nan */
    CDC_YS_BOOL,   /* plain true / false (also True, TRUE, ...) */
    CDC_YS_NULL,   /* plain null, ~ or nothing */
} cdc_yscalar;
cdc_yscalar cdc_yscalar_kind(const cdc_ynode *n);
/* For a CDC_YS_BOOL scalar: whether it is true. */
bool cdc_yscalar_true(const cdc_ynode *n);

/* Value of key in a mapping, or NULL. */
cdc_ynode *cdc_ynode_get(const cdc_ynode *map, const char *key);
/* Reports every key of map that is not in allowed[0..n) as unknown-key,
 * with a did-you-mean; what names the mapping ("a filter"). */
void cdc_ynode_check_keys(const cdc_ynode *map, const char *what, const char *const *allowed,
                          size_t n, const cdc_source *src, cdc_diags *d);
/* Human name of a node's kind for messages: "a mapping", "a list", "a string". */
const char *cdc_ynode_kind_name(const cdc_ynode *n);

#endif

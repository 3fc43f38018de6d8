/* config_values.c: the rules the values of cdcgen.yaml follow. */
#ifndef CDCGEN_CONFIG_CONFIG_VALUES_H
#define CDCGEN_CONFIG_CONFIG_VALUES_H

#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/config.h"

/* config_values.c: checks every value of c against its rule (topic names,
 * ports, PostgreSQL names, secrets as references, ...); reports each broken
 * one at its place in root, the node tree of src, the file c was loaded
 * from (both may be NULL). false on error. */
struct cdc_ynode;
bool cdc_config_validate(const cdc_config *c, const struct cdc_ynode *root, const cdc_source *src,
                         cdc_diags *d);
/* Sets the text values of root, cdcgen.yaml's node tree, that have the
 * shape their key takes over c: what the value rules can still check when
 * the file as a whole has mistakes of shape. Pointers into the tree. */
void cdc_config_take_text(cdc_config *c, const struct cdc_ynode *root);
/* Whether the dotted key ("database.password") holds a secret, which
 * diagnostics name but never locate (the line would be echoed). */
bool cdc_config_key_is_secret(const char *dotted);
/* Whether the dotted text key also takes a plain number (database.port). */
bool cdc_config_key_takes_number(const char *dotted);

#endif

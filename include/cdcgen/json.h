/* json.c: the one JSON writer, for the back ends and the diagnostics. */
#ifndef CDCGEN_JSON_H
#define CDCGEN_JSON_H

#include <jansson.h>

#include "cdcgen/common.h"

/* Appends root as a JSON document: indent 2, keys in insertion order, a
 * final newline, plus jansson flags (JSON_REAL_PRECISION...); then
 * releases root. */
void cdc_json_write(json_t *root, size_t flags, cdc_buf *out);

#endif

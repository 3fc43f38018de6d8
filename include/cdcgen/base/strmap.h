/* strmap.c: byte strings -> pointers, for linear-time uniqueness checks. */
#ifndef CDCGEN_BASE_STRMAP_H
#define CDCGEN_BASE_STRMAP_H

#include "cdcgen/base/common.h"

typedef struct cdc_strmap {
    struct cdc_strmap_slot *slots;
    size_t cap, n;
} cdc_strmap;
void cdc_strmap_init(cdc_strmap *m);
void cdc_strmap_release(cdc_strmap *m);
/* The value stored under key[0..len), or NULL. */
void *cdc_strmap_get(const cdc_strmap *m, const char *key, size_t len);
/* Stores value (not NULL) under key unless the key is present; returns the
 * value stored under it now: value, or the earlier one. The key's bytes are
 * not copied and must outlive the map. */
void *cdc_strmap_put(cdc_strmap *m, const char *key, size_t len, void *value);

#endif

/* base/strmap.c: a hash map from byte strings to pointers (open addressing,
 * linear probing, FNV-1a), so checks over every filter stay linear. */
#include <stdlib.h>
#include <string.h>

#include "cdcgen/base/strmap.h"
#include "cdcgen/base/util.h"

struct cdc_strmap_slot {
    const char *key; /* NULL: empty */
    size_t len;
    size_t hash;
    void *value;
};

static size_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return (size_t)h;
}

void cdc_strmap_init(cdc_strmap *m)
{
    m->slots = NULL;
    m->cap = m->n = 0;
}

void cdc_strmap_release(cdc_strmap *m)
{
    free(m->slots);
    cdc_strmap_init(m);
}

static struct cdc_strmap_slot *find(const cdc_strmap *m, const char *key, size_t len, size_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct cdc_strmap_slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

static void grow(cdc_strmap *m)
{
    struct cdc_strmap_slot *old = m->slots;
    size_t oldcap = m->cap;
    m->cap = oldcap ? 2 * oldcap : 64;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            *find(m, old[i].key, old[i].len, old[i].hash) = old[i];
    free(old);
}

void *cdc_strmap_get(const cdc_strmap *m, const char *key, size_t len)
{
    if (!m->n)
        return NULL;
    struct cdc_strmap_slot *s = find(m, key, len, hash_bytes(key, len));
    return s->key ? s->value : NULL;
}

void *cdc_strmap_put(cdc_strmap *m, const char *key, size_t len, void *value)
{
    if (2 * (m->n + 1) > m->cap)
        grow(m);
    size_t h = hash_bytes(key, len);
    struct cdc_strmap_slot *s = find(m, key, len, h);
    if (s->key)
        return s->value;
    *s = (struct cdc_strmap_slot){key, len, h, value};
    m->n++;
    return value;
}

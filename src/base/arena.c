/* base/arena.c: the run's memory. Stages allocate and never free; main frees
 * the arena once at exit. Blocks grow geometrically; large requests get a
 * block of their own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"

typedef struct block {
    struct block *next;
    size_t used, cap;
    _Alignas(max_align_t) unsigned char data[];
} block;

struct cdc_arena {
    block *head;
    size_t next_cap;
};

cdc_arena *cdc_arena_new(void)
{
    cdc_arena *a = xcalloc(1, sizeof *a);
    a->next_cap = 16 * 1024;
    return a;
}

void cdc_arena_free(cdc_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

/* n bytes at the given alignment (a power of two), not zeroed. */
static void *take(cdc_arena *a, size_t n, size_t align)
{
    block *b = a->head;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->cap || b->cap - at < n) {
        size_t cap = a->next_cap;
        if (cap < n)
            cap = n;
        else if (a->next_cap < 1024 * 1024)
            a->next_cap *= 2;
        b = xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
        at = 0;
    }
    b->used = at + n;
    return b->data + at;
}

void *cdc_arena_alloc(cdc_arena *a, size_t n)
{
    void *p = take(a, n ? n : 1, _Alignof(max_align_t));
    memset(p, 0, n);
    return p;
}

/* Text needs no alignment and no zeroing: packed, it costs a third of the
 * memory for the short strings YAML files are made of. */
char *cdc_arena_strndup(cdc_arena *a, const char *s, size_t n)
{
    char *p = take(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *cdc_arena_strdup(cdc_arena *a, const char *s)
{
    return cdc_arena_strndup(a, s, strlen(s));
}

char *cdc_arena_vprintf(cdc_arena *a, const char *fmt, va_list ap)
{
    size_t n = cdc_vprintf_len(fmt, ap);
    char *p = cdc_arena_alloc(a, n + 1);
    vsnprintf(p, n + 1, fmt, ap);
    return p;
}

char *cdc_arena_printf(cdc_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = cdc_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void *cdc_arena_grow(cdc_arena *a, void *v, size_t n, size_t size)
{
    if (n & (n - 1))
        return v; /* n is no power of two: there is room */
    void *w = cdc_arena_alloc(a, (n ? 2 * n : 1) * size);
    if (n)
        memcpy(w, v, n * size);
    return w;
}

void cdc_ptrvec_push(cdc_ptrvec *v, void *p)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 8;
        v->v = xrealloc(v->v, v->cap * sizeof *v->v);
    }
    v->v[v->n++] = p;
}

void *cdc_ptrvec_to_arena(cdc_arena *a, cdc_ptrvec *v)
{
    void **out = cdc_arena_alloc(a, (v->n ? v->n : 1) * sizeof *out);
    if (v->n)
        memcpy(out, v->v, v->n * sizeof *out);
    free(v->v);
    v->v = NULL;
    v->cap = 0;
    return out;
}

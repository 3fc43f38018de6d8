/* arena.c: one arena per run, freed once as a whole; and pointer lists
 * that grow on the heap, then move into an arena. */
#ifndef CDCGEN_BASE_ARENA_H
#define CDCGEN_BASE_ARENA_H

#include "cdcgen/base/common.h"

typedef struct cdc_arena cdc_arena;
cdc_arena *cdc_arena_new(void);
void cdc_arena_free(cdc_arena *a);             /* NULL is a no-op */
void *cdc_arena_alloc(cdc_arena *a, size_t n); /* zeroed, max-aligned */
char *cdc_arena_strdup(cdc_arena *a, const char *s);
char *cdc_arena_strndup(cdc_arena *a, const char *s, size_t n);
char *cdc_arena_printf(cdc_arena *a, const char *fmt, ...) CDC_PRINTF(2, 3);
char *cdc_arena_vprintf(cdc_arena *a, const char *fmt, va_list ap) CDC_PRINTF(2, 0);
/* An arena array v of n elements of size bytes, with room for one more:
 * v itself, or a copy twice as large when n is a power of two (or 0).
 * Arena arrays cannot grow in place; doubling keeps appends linear. */
void *cdc_arena_grow(cdc_arena *a, void *v, size_t n, size_t size);
/* A zeroed object of type from the arena. */
#define CDC_ARENA_NEW(a, type) ((type *)cdc_arena_alloc((a), sizeof(type)))

/* A list of pointers growing on the heap while its length is unknown (a
 * parser's children), then moved into the arena once complete. */
typedef struct cdc_ptrvec {
    void **v;
    size_t n, cap;
} cdc_ptrvec;
void cdc_ptrvec_push(cdc_ptrvec *v, void *p);
/* The n pointers in the arena (room for at least one); frees v's heap. */
void *cdc_ptrvec_to_arena(cdc_arena *a, cdc_ptrvec *v);

#endif

/* A source file held in memory with a line map, so any stage can turn a
 * byte offset into line:column and fetch the text of a line. */
#ifndef CDCGEN_SOURCE_H
#define CDCGEN_SOURCE_H

#include "cdcgen/common.h"

typedef struct cdc_source {
    const char *path;      /* as given on the command line */
    const char *text;      /* whole file, NUL-terminated (arena-owned) */
    size_t len;            /* bytes, not counting the NUL */
    uint32_t *line_start;  /* byte offset of each line's first byte */
    uint32_t nlines;
    uint32_t *cp_index;    /* code points before each 256-byte block, for columns */
} cdc_source;

/* Reads path into the arena. Returns NULL and sets errno on I/O failure. */
cdc_source *cdc_source_read(cdc_arena *a, const char *path);
/* Wraps text already in memory (copied into the arena). */
cdc_source *cdc_source_from_string(cdc_arena *a, const char *path, const char *text,
                                   size_t len);
/* Builds the position of the byte range [off, off+len). */
cdc_pos cdc_source_pos(const cdc_source *src, size_t off, size_t len);
/* Start and length (without the line terminator) of 1-based line. */
const char *cdc_source_line(const cdc_source *src, uint32_t line, size_t *len);

#endif

/* A source file held in memory with a line map, so any stage can turn a
 * byte offset into line:column and fetch the text of a line. */
#ifndef CDCGEN_BASE_SOURCE_H
#define CDCGEN_BASE_SOURCE_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"

typedef struct cdc_source {
    const char *path;     /* as given on the command line */
    const char *text;     /* whole file, NUL-terminated (arena-owned) */
    size_t len;           /* bytes, not counting the NUL */
    uint32_t *line_start; /* byte offset of each line's first byte */
    uint32_t nlines;
    uint32_t *cp_index; /* code points before each 256-byte block, for columns */
} cdc_source;

/* The largest input file cdcgen reads (filters, tests, config), so a path
 * such as /dev/zero or a multi-gigabyte file is refused, not read until
 * memory runs out. */
#define CDC_SOURCE_MAX ((size_t)16 << 20)
#define CDC_SOURCE_MAX_TEXT "16 MiB"

/* Reads path ("-": standard input) into out, at most max bytes. Regular
 * files over max are refused before reading; devices and pipes are read up
 * to max + 1 bytes. A FIFO without a writer reads as empty. On failure
 * returns false with errno set: EFBIG over max, EISDIR for a directory. */
bool cdc_read_bounded(const char *path, size_t max, cdc_buf *out);
/* strerror(err), but naming the input limit for EFBIG. */
const char *cdc_read_error(int err);
/* Reads path ("-": standard input) into the arena, at most CDC_SOURCE_MAX
 * bytes. Returns NULL and sets errno on failure (see cdc_read_bounded). */
cdc_source *cdc_source_read(cdc_arena *a, const char *path);
/* Wraps text already in memory (copied into the arena). */
cdc_source *cdc_source_from_string(cdc_arena *a, const char *path, const char *text, size_t len);
/* Builds the position of the byte range [off, off+len). */
cdc_pos cdc_source_pos(const cdc_source *src, size_t off, size_t len);
/* The 1-based line holding byte off (off <= len), without its column:
 * cheaper than cdc_source_pos. */
uint32_t cdc_source_line_of(const cdc_source *src, size_t off);

/* A reader walking a file front to back (the loader) asks for positions in
 * increasing order; a cursor remembers the last one, so each costs only the
 * bytes since it. A request behind the cursor starts over from the line map.
 * Zero-initialise before first use. */
typedef struct cdc_source_cursor {
    size_t off;      /* bytes before the cursor */
    size_t cps;      /* code points before off */
    size_t line_cps; /* code points before the start of off's line */
    uint32_t line;   /* 0-based line of off */
} cdc_source_cursor;
cdc_pos cdc_source_pos_from(const cdc_source *src, cdc_source_cursor *cur, size_t off, size_t len);
/* Start and length (without the line terminator) of 1-based line. */
const char *cdc_source_line(const cdc_source *src, uint32_t line, size_t *len);

#endif

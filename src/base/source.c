/* base/source.c: files in memory with a line map (jq's locfile), so positions
 * can be turned into line:column and a line's text fetched for carets.
 *
 * Columns count code points from the start of the line. Counting them byte
 * by byte for every position would cost nodes x line length, minutes for a
 * minified JSON file on one line; so a code-point index taken every
 * CP_BLOCK bytes bounds the count to one block on each side. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdcgen/base/source.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"

enum { CP_BLOCK = 256 };

/* A byte that starts a code point: anything but a UTF-8 continuation byte.
 * In valid UTF-8 this counts code points; in invalid text, a stray
 * continuation byte adds nothing (the loader reports the first bad byte,
 * whose column depends only on the valid text before it). */
static bool starts_code_point(char c)
{
    return ((unsigned char)c & 0xC0) != 0x80;
}

static void build_cp_index(cdc_arena *a, cdc_source *src)
{
    size_t n = src->len / CP_BLOCK + 1;
    src->cp_index = cdc_arena_alloc(a, n * sizeof *src->cp_index);
    uint32_t count = 0;
    for (size_t i = 0; i < src->len; i++) {
        if (i % CP_BLOCK == 0)
            src->cp_index[i / CP_BLOCK] = count;
        count += starts_code_point(src->text[i]);
    }
    if (src->len % CP_BLOCK == 0)
        src->cp_index[src->len / CP_BLOCK] = count;
}

/* Code points in text[0, off). */
static size_t code_points_before(const cdc_source *src, size_t off)
{
    size_t n = src->cp_index[off / CP_BLOCK];
    for (size_t i = off - off % CP_BLOCK; i < off; i++)
        n += starts_code_point(src->text[i]);
    return n;
}

static void build_line_map(cdc_arena *a, cdc_source *src)
{
    const char *t = src->text, *end = t + src->len, *nl;
    uint32_t n = 1;
    for (const char *p = t; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1)
        n++;
    src->line_start = cdc_arena_alloc(a, n * sizeof *src->line_start);
    src->nlines = n;
    uint32_t k = 0;
    src->line_start[k++] = 0;
    for (const char *p = t; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1)
        src->line_start[k++] = (uint32_t)(nl + 1 - t);
}

cdc_source *cdc_source_from_string(cdc_arena *a, const char *path, const char *text, size_t len)
{
    cdc_source *src = CDC_ARENA_NEW(a, cdc_source);
    src->path = cdc_arena_strdup(a, path);
    src->text = cdc_arena_strndup(a, text, len);
    src->len = len;
    build_line_map(a, src);
    build_cp_index(a, src);
    return src;
}

bool cdc_read_bounded(const char *path, size_t max, cdc_buf *out)
{
    bool is_stdin = strcmp(path, "-") == 0;
    /* Non-blocking open: a FIFO without a writer must not hang the open;
     * reads then block as usual (and see EOF when no writer is left). */
    int fd = is_stdin ? 0 : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return false;
    int err = 0;
    struct stat st;
    if (fstat(fd, &st) != 0)
        err = errno;
    else if (S_ISDIR(st.st_mode))
        err = EISDIR;
    else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max)
        err = EFBIG; /* refused before reading a byte */
    else if (!is_stdin && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)
        err = errno;
    /* Devices, pipes and growing files: read at most max + 1 bytes. */
    char chunk[65536];
    while (!err) {
        size_t want = max - out->len + 1 < sizeof chunk ? max - out->len + 1 : sizeof chunk;
        ssize_t n = read(fd, chunk, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            err = errno;
        else if (n == 0)
            break;
        else if (out->len + (size_t)n > max)
            err = EFBIG;
        else
            cdc_buf_add(out, chunk, (size_t)n);
    }
    if (!is_stdin)
        close(fd);
    errno = err;
    return err == 0;
}

const char *cdc_read_error(int err)
{
    if (err == EFBIG)
        return "larger than the input limit of " CDC_SOURCE_MAX_TEXT;
    return strerror(err);
}

cdc_source *cdc_source_read(cdc_arena *a, const char *path)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    if (!cdc_read_bounded(path, CDC_SOURCE_MAX, &b)) {
        int err = errno;
        cdc_buf_release(&b);
        errno = err;
        return NULL;
    }
    cdc_source *src = cdc_source_from_string(a, path, b.data, b.len);
    cdc_buf_release(&b);
    return src;
}

/* The last line starting at or before off (0-based), by binary search. */
static uint32_t line_of(const cdc_source *src, size_t off)
{
    uint32_t lo = 0, hi = src->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (src->line_start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

uint32_t cdc_source_line_of(const cdc_source *src, size_t off)
{
    return line_of(src, off) + 1;
}

static void clamp(const cdc_source *src, size_t *off, size_t *len)
{
    if (*off > src->len)
        *off = src->len;
    if (*len > src->len - *off)
        *len = src->len - *off;
}

static cdc_pos make_pos(size_t off, size_t len, uint32_t line, size_t col)
{
    return (cdc_pos){
        .off = (uint32_t)off, .len = (uint32_t)len, .line = line + 1, .col = (uint32_t)col + 1};
}

cdc_pos cdc_source_pos(const cdc_source *src, size_t off, size_t len)
{
    if (!src)
        return (cdc_pos){0, 0, 0, 0};
    cdc_source_cursor cur = {0};
    return cdc_source_pos_from(src, &cur, off, len);
}

cdc_pos cdc_source_pos_from(const cdc_source *src, cdc_source_cursor *cur, size_t off, size_t len)
{
    clamp(src, &off, &len);
    if (off < cur->off || off - cur->off > 2 * CP_BLOCK) {
        /* Behind the cursor or far ahead: the line map and the block index. */
        cur->line = line_of(src, off);
        cur->cps = code_points_before(src, off);
        cur->line_cps = code_points_before(src, src->line_start[cur->line]);
    } else {
        for (size_t i = cur->off; i < off; i++) {
            cur->cps += starts_code_point(src->text[i]);
            if (src->text[i] == '\n') {
                cur->line++;
                cur->line_cps = cur->cps;
            }
        }
    }
    cur->off = off;
    return make_pos(off, len, cur->line, cur->cps - cur->line_cps);
}

const char *cdc_source_line(const cdc_source *src, uint32_t line, size_t *len)
{
    if (line == 0 || line > src->nlines) {
        *len = 0;
        return "";
    }
    size_t start = src->line_start[line - 1];
    size_t end = line < src->nlines ? src->line_start[line] - 1 : src->len;
    if (end > start && src->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return src->text + start;
}

/* base/util.c: allocation that aborts on failure, CDC_BUG, did-you-mean
 * distances, UTF-8 checks, file-name suffixes and whole writes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdcgen/base/util.h"
#include "cdcgen/base/common.h"

static CDC_NORETURN void out_of_memory(void)
{
    fputs("cdcgen: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

void cdc_bug(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "cdcgen: BUG at %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

size_t cdc_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = xmalloc((lb + 1) * sizeof *row);
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

const char *cdc_suggest(const char *word, const char *const *candidates, size_t n)
{
    /* Close enough: at most a third of the word wrong, and at least one edit
     * allowed, so "evnt_type" finds "event_type" but "x" finds nothing. */
    size_t limit = strlen(word) / 3;
    if (limit < 1)
        limit = 1;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(word, candidates[i]) == 0)
            return candidates[i]; /* "U" -> "u", "and" -> "AND" */
    for (size_t i = 0; i < n; i++) {
        size_t d = cdc_edit_distance(word, candidates[i]);
        /* Replacing the whole word is no suggestion ("x" -> "c"). */
        if (d < best_d && d < strlen(word)) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best;
}

bool cdc_write_all(int fd, const char *data, size_t len)
{
    for (size_t done = 0; done < len;) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* no progress: never loop on it */
            return false;
        }
        done += (size_t)n;
    }
    return true;
}

bool cdc_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Length of the UTF-8 sequence at s (1..4), or 0 if it is malformed. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 4, min = 0x10000;
    else
        return 0;
    if (n < need)
        return 0;
    unsigned cp = c & (0x7F >> need);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

size_t cdc_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = utf8_seq_len(u, n);
    if (!k) {
        *cp = u[0];
        return 0;
    }
    uint32_t v = k == 1 ? u[0] : u[0] & (0x7Fu >> k);
    for (size_t i = 1; i < k; i++)
        v = v << 6 | (u[i] & 0x3Fu);
    *cp = v;
    return k;
}

size_t cdc_utf8_step(const char *s, size_t n)
{
    size_t k = 1;
    while (k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
        k++;
    return k;
}

size_t cdc_utf8_boundary(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

bool cdc_topic_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

size_t cdc_topic_span(const char *s)
{
    size_t n = 0;
    while (s[n] && cdc_topic_char((unsigned char)s[n]))
        n++;
    return n;
}

static void format_double(char out[CDC_DOUBLE_BUF], char conv, int prec, double v)
{
    if (conv == 'e')
        snprintf(out, CDC_DOUBLE_BUF, "%.*e", prec, v);
    else
        snprintf(out, CDC_DOUBLE_BUF, "%.*g", prec, v);
}

int cdc_double_shortest(double v, char conv, int min_prec, char out[CDC_DOUBLE_BUF])
{
    int prec = min_prec;
    for (; prec < 17; prec++) {
        format_double(out, conv, prec, v);
        if (strtod(out, NULL) == v)
            return prec;
    }
    format_double(out, conv, prec, v);
    return prec;
}

bool cdc_utf8_valid(const char *s, size_t n, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        /* Eight ASCII bytes at a time: filter files are mostly ASCII. */
        uint64_t word;
        if (n - i >= sizeof word) {
            memcpy(&word, u + i, sizeof word);
            if (!(word & 0x8080808080808080u)) {
                i += sizeof word;
                continue;
            }
        }
        size_t k = utf8_seq_len(u + i, n - i);
        if (!k) {
            if (bad)
                *bad = i;
            return false;
        }
        i += k;
    }
    return true;
}

size_t cdc_utf8_count(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq_len(u + i, n - i);
        i += k ? k : 1;
        count++;
    }
    return count;
}

bool cdc_write_file_whole(const char *path, const char *data, size_t len)
{
    size_t n = strlen(path) + 16;
    char *tmp = xmalloc(n);
    snprintf(tmp, n, "%s.cdcgen-XXXXXX", path);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0;
    if (ok) {
        ok = fchmod(fd, 0644) == 0 && cdc_write_all(fd, data, len);
        int err = errno;
        ok = close(fd) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
        if (!ok) {
            err = errno ? errno : err;
            unlink(tmp);
            errno = err;
        }
    }
    free(tmp);
    return ok;
}

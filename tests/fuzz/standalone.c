/* A main for the fuzz harnesses without libFuzzer: runs
 * LLVMFuzzerTestOneInput on every file given, and on every file of every
 * directory given (one level), so `make check-fuzz` replays the seed corpus
 * and the regression inputs of past findings under the normal build and
 * under ASan/UBSan. Exits 1 when an argument cannot be read. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        cdc_buf_add(&b, chunk, n);
    fclose(f);
    /* An exact-size heap copy, so ASan sees reads past the end. */
    uint8_t *data = xmalloc(b.len ? b.len : 1);
    memcpy(data, b.data, b.len);
    LLVMFuzzerTestOneInput(data, b.len);
    free(data);
    cdc_buf_release(&b);
    return 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    int bad = 0, runs = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            bad = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            bad |= run_file(argv[i]);
            runs++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d) {
            perror(argv[i]);
            bad = 1;
            continue;
        }
        char **names = NULL;
        size_t n = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            names = xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = xstrdup(e->d_name);
        }
        closedir(d);
        if (n)
            qsort(names, n, sizeof *names, cmp);
        for (size_t k = 0; k < n; k++) {
            size_t len = strlen(argv[i]) + strlen(names[k]) + 2;
            char *p = xmalloc(len);
            snprintf(p, len, "%s/%s", argv[i], names[k]);
            bad |= run_file(p);
            runs++;
            free(p);
            free(names[k]);
        }
        free(names);
    }
    fprintf(stderr, "%s: %d inputs replayed\n", argv[0], runs);
    return bad;
}

/* sem/coverage.c: condition coverage (include/cdcgen/sem/coverage.h). */
#include <stdlib.h>
#include <string.h>

#include "cdcgen/sem/coverage.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/sem/eval.h"

static void cov_collect(cdc_coverage *T, const cdc_filter *f, const cdc_cond *c, int depth,
                        size_t *cap)
{
    if (T->ncov == *cap) {
        *cap = *cap ? 2 * *cap : 32;
        T->cov = xrealloc(T->cov, *cap * sizeof *T->cov);
    }
    T->cov[T->ncov++] = (cov_entry){c, f, depth, false, false};
    for (size_t i = 0; i < c->nkids; i++)
        cov_collect(T, f, c->kids[i], depth + 1, cap);
}

static int cov_cmp(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)(*(cov_entry *const *)a)->cond;
    uintptr_t y = (uintptr_t)(*(cov_entry *const *)b)->cond;
    return (x > y) - (x < y);
}

void cdc_coverage_init(cdc_coverage *T, const cdc_program *p)
{
    memset(T, 0, sizeof *T);
    T->prog = p;
    size_t cap = 0;
    for (size_t i = 0; i < T->prog->nfilters; i++) {
        const cdc_filter *f = T->prog->filters[i];
        if (f->generated && f->cond)
            cov_collect(T, f, f->cond, 0, &cap);
    }
    T->cov_sorted = xmalloc((T->ncov + 1) * sizeof *T->cov_sorted);
    for (size_t i = 0; i < T->ncov; i++)
        T->cov_sorted[i] = &T->cov[i];
    if (T->ncov)
        qsort(T->cov_sorted, T->ncov, sizeof *T->cov_sorted, cov_cmp);
}

void cdc_coverage_hook(void *ctx, const cdc_filter *f, const cdc_cond *c, cdc_truth v)
{
    (void)f;
    cdc_coverage *T = ctx;
    cov_entry key = {.cond = c};
    const cov_entry *kp = &key;
    cov_entry **hit = bsearch(&kp, T->cov_sorted, T->ncov, sizeof *T->cov_sorted, cov_cmp);
    if (!hit)
        return;
    if (v == CDC_TRUE)
        (*hit)->seen_true = true;
    else
        (*hit)->seen_not_true = true; /* FALSE or UNKNOWN: neither routes */
}

void cdc_format_pct(char *out, size_t n, size_t num, size_t den)
{
    unsigned long long tenths = den ? (unsigned long long)num * 1000 / den : 1000;
    if (tenths % 10 == 0)
        snprintf(out, n, "%llu%%", tenths / 10);
    else
        snprintf(out, n, "%llu.%llu%%", tenths / 10, tenths % 10);
}

static void cov_label(const cov_entry *e, cdc_buf *out)
{
    for (int i = 0; i < e->depth; i++)
        cdc_buf_puts(out, "  ");
    if (e->cond == e->filter->cond)
        cdc_buf_printf(out, "conditions (%s of %zu)", e->filter->logic_or ? "OR" : "AND",
                       e->cond->nkids);
    else
        cdc_cond_describe(e->cond, out);
}

static size_t text_width(const char *s)
{
    return cdc_utf8_count(s, strlen(s));
}

void cdc_coverage_print(const cdc_coverage *T, FILE *out, size_t *covered, size_t *total)
{
    /* Two columns, aligned over the whole report: location, condition. */
    size_t wloc = 0, wdesc = 0;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < T->ncov; i++) {
        const cov_entry *e = &T->cov[i];
        cdc_buf_reset(&b);
        cdc_buf_printf(&b, "%s:%u:%u", e->filter->src->path, e->cond->pos.line, e->cond->pos.col);
        if (text_width(b.data) > wloc)
            wloc = text_width(b.data);
        cdc_buf_reset(&b);
        cov_label(e, &b);
        if (text_width(b.data) > wdesc)
            wdesc = text_width(b.data);
    }
    *covered = *total = 0;
    for (size_t i = 0; i < T->ncov;) {
        const cdc_filter *f = T->cov[i].filter;
        size_t j = i, num = 0;
        for (; j < T->ncov && T->cov[j].filter == f; j++)
            num += (size_t)T->cov[j].seen_true + (size_t)T->cov[j].seen_not_true;
        size_t den = 2 * (j - i);
        char pct[32];
        cdc_format_pct(pct, sizeof pct, num, den);
        fprintf(out, "coverage: %s %s (%zu/%zu outcomes)\n", f->id.s, pct, num, den);
        for (; i < j; i++) {
            const cov_entry *e = &T->cov[i];
            cdc_buf_reset(&b);
            cdc_buf_printf(&b, "%s:%u:%u", f->src->path, e->cond->pos.line, e->cond->pos.col);
            fprintf(out, "  %s%*s  ", b.data, (int)(wloc - text_width(b.data)), "");
            cdc_buf_reset(&b);
            cov_label(e, &b);
            fprintf(out, "%s%*s  true: %-3s  false: %s\n", b.data,
                    (int)(wdesc - text_width(b.data)), "", e->seen_true ? "yes" : "no",
                    e->seen_not_true ? "yes" : "no");
        }
        *covered += num;
        *total += den;
    }
    cdc_buf_release(&b);
    char pct[32];
    cdc_format_pct(pct, sizeof pct, *covered, *total);
    fprintf(out, "coverage: %s of condition outcomes (%zu/%zu)\n", pct, *covered, *total);
}

void cdc_coverage_release(cdc_coverage *T)
{
    free(T->cov);
    free(T->cov_sorted);
}

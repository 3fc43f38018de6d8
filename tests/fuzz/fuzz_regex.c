/* Fuzz harness: a `matches` pattern through the regex tokenizer and the
 * regex check (PCRE2, the Java subset, catastrophic backtracking). The
 * tokenizer must end on any input, with tokens inside the pattern, and read
 * a pattern the check accepts without a fault. A pattern the check accepts
 * must compile in the evaluator: a filter using it is checked and evaluated.
 * Its automaton (regex_automaton.c) must agree with PCRE2 on every witness
 * it gives, and equal itself; outside the regular subset, the opaque
 * witnesses must be what PCRE2 says. */
#include <stdio.h>
#include <string.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/regex.h"
#include "cdcgen/lang/regex_automaton.h"
#include "cdcgen/lang/regex_lex.h"
#include "cdcgen/sem/eval.h"
#include "fuzz_common.h"

/* Every token of the pattern; true when the tokenizer found no fault. */
static bool tokenize(const uint8_t *data, size_t size)
{
    cdc_rx_lexer lx;
    cdc_rx_token t;
    size_t tokens = 0;

    cdc_rx_lexer_init(&lx, (const char *)data, size);
    while (cdc_rx_next(&lx, &t))
        if (++tokens > 4 * size + 4 || t.len == 0 || t.at + t.len > size)
            __builtin_trap(); /* stalled, or a token outside the pattern */
    if (lx.error && (lx.error_at > size || t.at != lx.error_at))
        __builtin_trap();
    return !lx.error;
}

static bool finds(pcre2_code *re, const char *s, size_t len)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

/* The automaton's witnesses (or the opaque ones) against PCRE2. */
static void automaton(cdc_arena *a, const char *p, size_t len)
{
    int err;
    size_t off;
    pcre2_code *re = cdc_regex_compile(p, len, &err, &off);
    if (!re)
        __builtin_trap();
    const char *pats[] = {p};
    cdc_rxa_result r;
    const char *why = NULL;
    if (cdc_rxa_combinations(a, pats, &len, 1, NULL, NULL, 0, 256, &r, &why)) {
        for (size_t i = 0; i < r.n; i++)
            if (finds(re, r.v[i].text, r.v[i].len) != (r.v[i].accepted == 1))
                __builtin_trap(); /* the automaton and PCRE2 disagree */
        if (cdc_rxa_compare(a, p, len, p, len, 256, NULL, NULL, &why) != CDC_RXA_EQUAL)
            __builtin_trap();
    } else if (!why) {
        __builtin_trap();
    } else if (cdc_rxa_unsupported(a, p, len)) {
        cdc_rxa_witness yes, no;
        cdc_rxa_opaque_witnesses(a, p, len, NULL, NULL, 0, &yes, &no);
        if ((yes.text && !finds(re, yes.text, yes.len)) || (no.text && finds(re, no.text, no.len)))
            __builtin_trap();
    }
    pcre2_code_free(re);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cdc_arena *a = cdc_arena_new();
    const char *msg = NULL;
    size_t at = 0;
    bool lexed = tokenize(data, size);
    if (cdc_regex_check(a, (const char *)data, size, &msg, &at)) {
        if (!lexed)
            __builtin_trap(); /* the checks walked tokens the tokenizer refuses */
        automaton(a, (const char *)data, size);
        /* Through the whole pipeline, as a double-quoted YAML string. */
        cdc_buf y = CDC_BUF_INIT;
        cdc_buf_puts(&y, "version: 1\nfilters:\n  - {id: r, name: r, consumerId: c, outputTopic: t,"
                         " conditions: [{field: event_name, operator: matches, value: \"");
        /* PCRE2_UTF accepted it, so it is UTF-8: each code point escaped. */
        for (size_t i = 0; i < size;) {
            unsigned c = data[i], n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            unsigned cp = n == 1 ? c : c & (0xFFu >> (n + 1));
            for (unsigned k = 1; k < n && i + k < size; k++)
                cp = cp << 6 | (data[i + k] & 0x3Fu);
            cdc_buf_printf(&y, "\\U%08X", cp);
            i += n;
        }
        cdc_buf_puts(&y, "\"}]}\n");
        cdc_diags d;
        cdc_diags_init(&d, a);
        cdc_config cfg;
        cdc_config_defaults(&cfg);
        cdc_program p = {0};
        if (fuzz_compile(&p, a, &d, "regex.yaml", y.data, y.len, &cfg)) {
            cdc_evaluator *ev = cdc_eval_new(&p);
            static const char *const events[] = {
                "{\"event_name\": "
                "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\"}",
                "{\"event_name\": \"Loan Created 2024-01-15\\u00e9\\r\\n\"}",
            };
            for (size_t i = 0; i < sizeof events / sizeof *events; i++) {
                json_error_t jerr;
                bool widened;
                json_t *j = cdc_event_json_parse(events[i], strlen(events[i]), 0, &jerr, &widened);
                cdc_event e;
                const char *err;
                if (j && cdc_event_init(&e, &p, j, &err)) {
                    cdc_eval_filter(ev, p.filters[0], &e);
                    cdc_event_release(&e);
                }
                json_decref(j);
            }
            cdc_eval_free(ev);
            fuzz_emit_all(&p, &cfg);
        }
        cdc_buf_release(&y);
    } else if (!msg || at > size) {
        __builtin_trap(); /* a refusal always says why, and where */
    }
    cdc_arena_free(a);
    return 0;
}

/* Fuzz harness: one event line (raw-event-headers message or Debezium
 * change event) through the evaluator, as `cdcgen eval --trace` reads it,
 * against filters that use every operator, type and path form. */
#include <stdio.h>
#include <stdlib.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/sem/eval.h"
#include "fuzz_common.h"

static const char filters[] =
    "version: 1\n"
    "filters:\n"
    "  - id: all\n"
    "    name: every operator\n"
    "    consumerId: fuzz\n"
    "    outputTopic: all\n"
    "    conditions:\n"
    "      - { field: event_type, operator: in, values: [LoanCreated, CarCreated] }\n"
    "      - { field: __op, operator: notIn, values: [d] }\n"
    "      - { field: header_data.amount, operator: between, min: -1.5, max: 1e9 }\n"
    "      - { field: header_data.eventName, operator: matches, value: \"^Loan.*d$\" }\n"
    "      - { field: created_date, operator: greaterThan, value: \"2024-01-15T10:30:00Z\" }\n"
    "      - { field: __ts_ms, operator: lessThanOrEqual, value: 1705312205000 }\n"
    "  - id: any\n"
    "    name: groups and paths\n"
    "    consumerId: fuzz\n"
    "    outputTopic: any\n"
    "    conditionLogic: OR\n"
    "    conditions:\n"
    "      - not: { field: \"header_data.items[0].sku\", operator: isNull }\n"
    "      - all:\n"
    "          - { field: header_data.flag, operator: equals, value: true }\n"
    "          - { field: header_data.count, operator: greaterThanOrEqual, value: 3 }\n"
    "          - { field: header_data.createdDate, operator: lessThan, value: "
    "\"2030-01-01T00:00:00+02:00\" }\n"
    "      - any:\n"
    "          - { field: id, operator: equals, value: \"e-\\u00e9\\U0001F600\" }\n"
    "          - { field: __deleted, operator: isNotNull }\n"
    "          - { field: saved_date, operator: between, min: \"2020-01-01T00:00:00Z\","
    " max: \"2020-01-01T00:00:00.001Z\" }\n"
    "          - { field: header_data.tag, operator: matches, value: \"(?i)^x[0-9]{2,}\" }\n";

static cdc_arena *arena;
static cdc_program prog;
static cdc_evaluator *ev;

static void setup(void)
{
    arena = cdc_arena_new();
    cdc_diags d;
    cdc_diags_init(&d, arena);
    cdc_config cfg;
    cdc_config_defaults(&cfg);
    if (!fuzz_compile(&prog, arena, &d, "fuzz-event.yaml", filters, sizeof filters - 1, &cfg)) {
        cdc_diags_render(&d, stderr, CDC_DIAG_TEXT, false);
        abort();
    }
    ev = cdc_eval_new(&prog);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ev)
        setup();
    json_error_t jerr;
    bool widened;
    json_t *j = cdc_event_json_parse((const char *)data, size, 0, &jerr, &widened);
    if (!j)
        return 0;
    cdc_event e;
    const char *err;
    if (cdc_event_init(&e, &prog, j, &err)) {
        for (size_t i = 0; i < prog.nfilters; i++) {
            const cdc_filter *f = prog.filters[i];
            cdc_eval_filter(ev, f, &e);
            /* What --trace prints. */
            const cdc_cond *leaf = cdc_eval_decider(ev, f->cond, &e);
            cdc_buf b = CDC_BUF_INIT;
            cdc_buf_init(&b);
            cdc_cond_describe(leaf, &b);
            cdc_eval_field_text(ev, leaf, &e, &b);
            cdc_buf_release(&b);
        }
        cdc_event_release(&e);
    }
    json_decref(j);
    return 0;
}

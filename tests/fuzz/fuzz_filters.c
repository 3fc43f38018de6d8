/* Fuzz harness: a filter file (YAML, or JSON when it starts with '{')
 * through load, parse and check; when it checks clean, through every back
 * end; and the diagnostics through every renderer. */
#include <stdio.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    cdc_arena *a = cdc_arena_new();
    cdc_diags d;
    cdc_diags_init(&d, a);
    cdc_config cfg;
    cdc_config_defaults(&cfg);
    cdc_program p = {0};
    const char *path = size && data[0] == '{' ? "fuzz.json" : "fuzz.yaml";
    if (fuzz_compile(&p, a, &d, path, (const char *)data, size, &cfg))
        fuzz_emit_all(&p, &cfg);
    for (int f = CDC_DIAG_TEXT; f <= CDC_DIAG_SARIF; f++)
        cdc_diags_render(&d, sink, (cdc_diag_format)f, f == CDC_DIAG_TEXT);
    cdc_arena_free(a);
    return 0;
}

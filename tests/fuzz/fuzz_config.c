/* Fuzz harness: a cdcgen.yaml through config loading and value checks;
 * when it loads clean, every back end emits a small program with it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"

#include "fuzz_common.h"

static const char filters[] =
    "version: 1\n"
    "filters:\n"
    "  - { id: f, name: F, consumerId: c, outputTopic: out,\n"
    "      conditions: [{ field: event_type, operator: equals, value: LoanCreated },\n"
    "                   { field: event_name, operator: matches, value: \"^L\" }] }\n";

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* cdc_config_load reads a path: one scratch file, rewritten per input. */
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/cdcgen-fuzz-config-%ld.yaml", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    cdc_arena *a = cdc_arena_new();
    cdc_diags d;
    cdc_diags_init(&d, a);
    cdc_config cfg;
    cdc_config_defaults(&cfg);
    if (cdc_config_load(&cfg, a, path, &d)) {
        cdc_program p = {0};
        if (fuzz_compile(&p, a, &d, "fuzz.yaml", filters, sizeof filters - 1, &cfg))
            fuzz_emit_all(&p, &cfg);
    }
    cdc_arena_free(a);
    unlink(path);
    return 0;
}

/* What the fuzz harnesses share: compiling filter text the way `cdcgen
 * check` does, and emitting every target. Each harness is one
 * LLVMFuzzerTestOneInput; built with libFuzzer by `make fuzz`, and with
 * standalone.c (a main that replays files) by `make check-fuzz`. */
#ifndef CDCGEN_FUZZ_COMMON_H
#define CDCGEN_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/check.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/parse.h"
#include "cdcgen/lang/schema.h"
#include "../fixtures/schema_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loads, parses and checks text as the filter file `path` into p (whose
 * arena is a); diagnostics into d. true when the program is error-free. */
static inline bool fuzz_compile(cdc_program *p, cdc_arena *a, cdc_diags *d, const char *path,
                                const char *text, size_t len, const cdc_config *cfg)
{
    const cdc_source *src = cdc_source_from_string(a, path, text, len);
    p->schema = fx_schema();
    p->sources = cdc_arena_alloc(a, sizeof *p->sources);
    p->sources[0] = src;
    p->nsources = 1;
    cdc_ynode *root = cdc_yaml_load(a, src, d);
    if (root)
        cdc_parse_file(p, a, src, root, d);
    return cdc_check(p, a, cfg, d) && d->nerrors == 0;
}

/* Emits every target (the back ends must not fail on a checked program). */
static inline void fuzz_emit_all(const cdc_program *p, const cdc_config *cfg)
{
    for (int t = 0; t < CDC_TARGET__COUNT; t++) {
        cdc_buf out = CDC_BUF_INIT;
        cdc_buf_init(&out);
        cdc_target_get((cdc_target)t)->emit(p, cfg, &out);
        cdc_buf_release(&out);
    }
}

#endif

/* Fuzz harness: a filter or test file through `cdcgen fmt`'s layout
 * (fmt.c). Beyond crashes, two properties abort: a layout fmt could not
 * prove (fmt-unsafe: it would change the file's values, their types or its
 * comments), and a layout that is not its own layout (not idempotent). */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/fmt.h"

static cdc_fmt_result lay_out(const char *text, size_t len, cdc_buf *out)
{
    cdc_arena *a = cdc_arena_new();
    cdc_diags d;
    cdc_diags_init(&d, a);
    cdc_fmt_result r = cdc_fmt(a, cdc_source_from_string(a, "fuzz.yaml", text, len), &d, out);
    cdc_arena_free(a);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cdc_buf once = CDC_BUF_INIT, twice = CDC_BUF_INIT;
    cdc_buf_init(&once);
    cdc_buf_init(&twice);
    cdc_fmt_result r = lay_out((const char *)data, size, &once);
    if (r == CDC_FMT_UNSAFE)
        abort();
    if (r == CDC_FMT_OK) {
        if (lay_out(once.data, once.len, &twice) != CDC_FMT_OK || twice.len != once.len ||
            memcmp(twice.data, once.data, once.len) != 0)
            abort();
    }
    cdc_buf_release(&once);
    cdc_buf_release(&twice);
    return 0;
}

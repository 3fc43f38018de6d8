/* emit_common.c: what every back end shares: dispatch by target, output
 * topic names, the list of source files for headers, and the canonical text
 * of a literal. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/emit.h"

void cdc_emit(cdc_target t, const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    switch (t) {
    case CDC_TARGET_FLINK: cdc_emit_flink(p, cfg, out); return;
    case CDC_TARGET_CONFLUENT: cdc_emit_confluent(p, cfg, out); return;
    case CDC_TARGET_KSTREAMS: cdc_emit_kstreams(p, cfg, out); return;
    case CDC_TARGET_CONNECT_DEBEZIUM: cdc_emit_connect_debezium(p, cfg, out); return;
    case CDC_TARGET_CONNECT_CONFLUENT: cdc_emit_connect_confluent(p, cfg, out); return;
    case CDC_TARGET_TOPICS: cdc_emit_topics(p, cfg, out); return;
    case CDC_TARGET_TOPICS_SCRIPT: cdc_emit_topics_script(p, cfg, out); return;
    case CDC_TARGET__COUNT: break;
    }
    CDC_BUG("unknown target %d", (int)t);
}

void cdc_emit_json(json_t *root, size_t flags, cdc_buf *out)
{
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | flags);
    if (!text)
        CDC_BUG("json_dumps failed");
    cdc_buf_puts(out, text);
    cdc_buf_putc(out, '\n');
    free(text);
    json_decref(root);
}

void cdc_output_topic(const cdc_filter *f, const char *suffix, cdc_buf *out)
{
    const char *base = f->output_topic.s;
    size_t n = strlen(base), k = strlen(suffix);
    cdc_buf_puts(out, base);
    if (!(n >= k && strcmp(base + n - k, suffix) == 0))
        cdc_buf_puts(out, suffix);
}

void cdc_emit_source_list(const cdc_program *p, cdc_buf *out)
{
    for (size_t i = 0; i < p->nsources; i++)
        cdc_buf_printf(out, "%s%s", i ? ", " : "", p->sources[i]->path);
}

/* ISO-8601 UTC with milliseconds: 2024-01-15T10:30:00.000Z. Computed by
 * hand (civil-from-days) so no time zone or locale can leak in. */
static void format_instant_ms(int64_t ms, cdc_buf *out)
{
    int64_t secs = ms / 1000, milli = ms % 1000;
    if (milli < 0)
        milli += 1000, secs -= 1;
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0)
        rem += 86400, days -= 1;
    /* Howard Hinnant's civil_from_days. */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    cdc_buf_printf(out, "%04" PRId64 "-%02" PRId64 "-%02" PRId64 "T%02" PRId64 ":%02" PRId64
                        ":%02" PRId64 ".%03" PRId64 "Z",
                   y, m, d, rem / 3600, rem / 60 % 60, rem % 60, milli);
}

void cdc_literal_canonical(const cdc_literal *l, cdc_buf *out)
{
    switch (l->type) {
    case CDC_TYPE_INT:
        cdc_buf_printf(out, "%" PRId64, l->as.i);
        return;
    case CDC_TYPE_FLOAT: {
        /* Shortest form that reads back as the same double. */
        char tmp[40];
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(tmp, sizeof tmp, "%.*g", prec, l->as.f);
            if (strtod(tmp, NULL) == l->as.f)
                break;
        }
        cdc_buf_puts(out, tmp);
        return;
    }
    case CDC_TYPE_BOOLEAN:
        cdc_buf_puts(out, l->as.b ? "true" : "false");
        return;
    case CDC_TYPE_TIMESTAMP:
        format_instant_ms(l->as.ms, out);
        return;
    default:
        cdc_buf_add(out, l->text, l->len);
        return;
    }
}

/* instant.c: ISO-8601 instants, read and written by hand so no time zone
 * or locale can leak in. */
#ifndef CDCGEN_BASE_INSTANT_H
#define CDCGEN_BASE_INSTANT_H

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"

/* Parses an ISO-8601 instant with a mandatory offset (Z, +hh:mm, +hhmm, +hh)
 * and an optional fraction of any length. On success stores epoch seconds
 * and nanoseconds. */
bool cdc_parse_instant(const char *s, size_t len, int64_t *epoch_s, int32_t *nanos);

/* Appends epoch milliseconds as ISO-8601 UTC: 2024-01-15T10:30:00.000Z. */
void cdc_format_instant_ms(int64_t ms, cdc_buf *out);

#endif

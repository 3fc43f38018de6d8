/* regex.c: the `matches` patterns: compiled the one way check and eval
 * share, and checked to mean the same on PCRE2 and Java's java.util.regex. */
#ifndef CDCGEN_LANG_REGEX_H
#define CDCGEN_LANG_REGEX_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"

/* Compiles pattern[0..len) with PCRE2_UTF and Java's line ends (PCRE2's
 * NEWLINE_ANY). NULL on error, with PCRE2's error code and byte offset. */
pcre2_code *cdc_regex_compile(const char *pattern, size_t len, int *err, size_t *erroff);

/* Checks that pattern compiles with PCRE2, stays inside what Java's
 * java.util.regex also accepts with the same meaning, and cannot backtrack
 * catastrophically (redos.c). On failure returns false and sets *msg
 * (arena) and *at (byte offset in pattern). */
bool cdc_regex_check(cdc_arena *a, const char *pattern, size_t len, const char **msg, size_t *at);

#endif

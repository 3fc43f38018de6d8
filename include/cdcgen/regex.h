/* regex.c: compiling `matches` patterns, the one way check and eval share. */
#ifndef CDCGEN_REGEX_H
#define CDCGEN_REGEX_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "cdcgen/common.h"

/* Compiles pattern[0..len) with PCRE2_UTF and Java's line ends (PCRE2's
 * NEWLINE_ANY). NULL on error, with PCRE2's error code and byte offset. */
pcre2_code *cdc_regex_compile(const char *pattern, size_t len, int *err, size_t *erroff);

#endif

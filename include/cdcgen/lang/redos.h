/* redos.c: patterns whose backtracking can take exponential time. */
#ifndef CDCGEN_LANG_REDOS_H
#define CDCGEN_LANG_REDOS_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"

/* redos.c: for a pattern cdc_regex_check's first steps accepted: false (and
 * *msg, *at) when a repetition holds text that can be split two ways
 * between its iterations, so backtracking takes exponential time. */
bool cdc_regex_check_backtracking(cdc_arena *a, const char *pattern, size_t len, const char **msg,
                                  size_t *at);

#endif

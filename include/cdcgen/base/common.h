/* What every file may use and no file defines: the version, attribute
 * macros, exit statuses and source positions. No functions. */
#ifndef CDCGEN_BASE_COMMON_H
#define CDCGEN_BASE_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CDCGEN_VERSION "0.1.0"

#if defined(__GNUC__)
#define CDC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define CDC_NORETURN __attribute__((noreturn))
#else
#define CDC_PRINTF(fmt, args)
#define CDC_NORETURN
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses of the command line (man/cdcgen.1, EXIT STATUS). */
enum cdc_exit {
    CDC_EXIT_OK = 0,       /* success */
    CDC_EXIT_FINDINGS = 1, /* invalid filters, failed tests, stale outputs */
    CDC_EXIT_ERROR = 2,    /* usage, I/O or internal error */
};

/* A span in a source file. off/len are byte offsets; line and col are
 * 1-based, col counted in code points. A zero line means "no position". */
typedef struct cdc_pos {
    uint32_t off;
    uint32_t len;
    uint32_t line;
    uint32_t col;
} cdc_pos;

#endif

/* lang/ast.c: names of the AST's enums (types, statuses) in the spelling
 * filter files and messages use, and the canonical text of a literal.
 * Operators have a table of their own: op.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cdcgen/lang/ast.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/instant.h"
#include "cdcgen/base/util.h"

const char *cdc_type_name(cdc_type t)
{
    static const char *const names[CDC_TYPE__COUNT] = {
        [CDC_TYPE_UNKNOWN] = "unknown",
        [CDC_TYPE_STRING] = "string",
        [CDC_TYPE_INT] = "int",
        [CDC_TYPE_FLOAT] = "float",
        [CDC_TYPE_DECIMAL] = "decimal",
        [CDC_TYPE_BOOLEAN] = "boolean",
        [CDC_TYPE_TIMESTAMP] = "timestamp",
        [CDC_TYPE_JSON] = "json",
    };
    return (unsigned)t < CDC_TYPE__COUNT ? names[t] : "?";
}

const char *cdc_status_name(cdc_status s)
{
    static const char *const names[CDC_STATUS__COUNT] = {
        [CDC_STATUS_NONE] = "",
        [CDC_STATUS_PENDING_APPROVAL] = "pending_approval",
        [CDC_STATUS_APPROVED] = "approved",
        [CDC_STATUS_DEPLOYING] = "deploying",
        [CDC_STATUS_DEPLOYED] = "deployed",
        [CDC_STATUS_FAILED] = "failed",
        [CDC_STATUS_DISABLED] = "disabled",
        [CDC_STATUS_ACTIVE] = "active",
        [CDC_STATUS_DEPRECATED] = "deprecated",
        [CDC_STATUS_PENDING_DELETION] = "pending_deletion",
        [CDC_STATUS_DELETED] = "deleted",
    };
    return (unsigned)s < CDC_STATUS__COUNT ? names[s] : "?";
}

void cdc_literal_canonical(const cdc_literal *l, cdc_buf *out)
{
    switch (l->type) {
    case CDC_TYPE_INT: cdc_buf_printf(out, "%" PRId64, l->as.i); return;
    case CDC_TYPE_FLOAT: {
        /* Shortest form that reads back as the same double. */
        char tmp[CDC_DOUBLE_BUF];
        cdc_double_shortest(l->as.f, 'g', 15, tmp);
        cdc_buf_puts(out, tmp);
        return;
    }
    case CDC_TYPE_DECIMAL: cdc_decimal_format(&l->as.d, out); return;
    case CDC_TYPE_BOOLEAN: cdc_buf_puts(out, l->as.b ? "true" : "false"); return;
    case CDC_TYPE_TIMESTAMP: cdc_format_instant_ms(l->as.ms, out); return;
    default: cdc_buf_add(out, l->text, l->len); return;
    }
}

/* back/emit_common.c: what the back ends share: the list of source files for
 * headers, and the members every generated JSON document starts with. */
#include "cdcgen/back/emit_common.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/json.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/schema.h"

void cdc_emit_source_list(const cdc_program *p, cdc_buf *out)
{
    for (size_t i = 0; i < p->nsources; i++)
        cdc_buf_printf(out, "%s%s", i ? ", " : "", p->sources[i]->path);
}

void cdc_emit_json_preamble(const cdc_program *p, cdc_json_writer *w)
{
    cdc_json_put_string(w, "generatedBy", "cdcgen");
    cdc_json_put_bool(w, "doNotEdit", true);
    cdc_json_put_integer(w, "formatVersion", 1);
    cdc_json_key(w, "sources");
    cdc_json_begin_array(w);
    for (size_t i = 0; i < p->nsources; i++)
        cdc_json_string(w, p->sources[i]->path);
    cdc_json_end_array(w);
}

void cdc_emit_change_event_doc(const cdc_program *p, cdc_buf *out)
{
    cdc_buf_printf(out,
                   "A change event of %s.%s as the connector writes it: the row's columns, "
                   "then the connector's fields; filtered topics carry it unchanged",
                   p->schema->pg_schema, p->schema->table);
}

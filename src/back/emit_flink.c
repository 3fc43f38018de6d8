/* back/emit_flink.c: the Flink SQL back ends, Apache Flink and Confluent Cloud.
 *
 * Consumes a checked program (every leaf resolved against the schema and
 * typed, every literal typed; see check.c) and the project config. Produces
 * one SQL script in a cdc_buf: for Apache Flink a Kafka source table, when
 * needed a view over it (below), one Kafka sink table per generated filter
 * and one statement set with an INSERT per filter; for Confluent Cloud the
 * same without the source table and view (the topic is already an inferred
 * table there). Filters that are not generated are left out; no filter at all
 * gives a script with no statement set. Reports nothing and cannot fail:
 * whatever check accepted can be written. The output depends only on the
 * inputs (no time, no addresses), so it can be committed.
 *
 * Both dialects share one condition printer and one instant conversion; they
 * differ only in where that conversion is written.
 *
 * How the language maps to SQL (the semantics of man/cdcgen.1):
 * - SQL's three-valued logic is the language's, and WHERE keeps only TRUE
 *   rows, so AND/OR/NOT and the comparisons map one to one. notIn never holds
 *   a NULL (check rejects null literals), so NOT IN cannot turn UNKNOWN.
 * - matches is REGEXP(expr, 'pattern'): a Java-regex find, as in cdcgen eval.
 * - Every value is compared at its type: columns keep their SQL type, JSON
 *   paths go through JSON_VALUE ... RETURNING, literals are written typed,
 *   so Flink never has to coerce STRING against a number (an error there).
 * - A value that does not parse as its type is NULL, never a failed job: the
 *   source sets json.ignore-parse-errors, JSON_VALUE defaults to NULL ON
 *   ERROR, and timestamps carried as text use a guarded CAST (instant_text).
 * - Timestamps, other than epoch numbers, are ISO-8601 text on both targets:
 *   STRING columns (so events pass through byte for byte, and Flink's json
 *   format, whose ISO-8601 parser takes only a 'Z' offset, never reads them)
 *   and JSON paths alike. Each one a program compares is converted to its
 *   UTC instant once, into a helper column `<field>__utc` (utc_cols): on
 *   Apache Flink in a temporary view over the source, on Confluent in a
 *   derived table inside each INSERT (a persistent view created IF NOT
 *   EXISTS would keep an old definition when the filters change).
 *
 * Validated with dt-sql-parser's FlinkSQL grammar (tests/validate/), which
 * shapes two choices: no TRY_CAST (that grammar only knows CAST), and the
 * U&'...' literal form where its lexer, unlike Flink's, would take a
 * backslash as an escape.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/back/emit_flink.h"
#include "cdcgen/back/emit_common.h"
#include "cdcgen/back/emit_kstreams.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/strmap.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/op.h"
#include "cdcgen/lang/schema.h"

/* How a leaf's value is represented in SQL, which decides how its
 * timestamp literals are written. */
typedef enum value_form {
    FORM_PLAIN, /* STRING, BIGINT, DOUBLE or BOOLEAN: literals as themselves */
    FORM_UTC,   /* text converted to a UTC wall-clock TIMESTAMP: TIMESTAMP '...' */
    FORM_EPOCH, /* epoch milliseconds as a number: the plain integer */
} value_form;

/* ---- lexical: identifiers, string literals, comments ---- */

/* `name`, with back-quotes doubled (Calcite's BTID rule, as Flink's parser reads it). */
static void put_ident(cdc_buf *out, const char *s)
{
    cdc_buf_put_quoted(out, s, '`');
}

/* Length of the UTF-8 sequence at s[0..n) if it encodes a control
 * character (C0, DEL, C1) or a line/paragraph separator, else 0. These are
 * written as escapes so no literal spans lines or hides characters. */
static size_t control_len(const unsigned char *s, size_t n, unsigned *cp)
{
    if (s[0] < 0x20 || s[0] == 0x7f) {
        *cp = s[0];
        return 1;
    }
    if (n >= 2 && s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
        *cp = s[1];
        return 2;
    }
    if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9)) {
        *cp = 0x2000u | (s[2] & 0x3fu); /* U+2028, U+2029 */
        return 3;
    }
    return 0;
}

/* Whether s needs the U&'...' form: it holds a control character, or a run
 * of an odd number of backslashes right before a quote or the end. Flink
 * reads backslashes in '...' verbatim (Calcite's SQL literals), but dt-sql-parser's
 * lexer reads backslash-quote as an escaped quote, so such a plain literal
 * would validate as something else than Flink runs. */
static bool needs_unicode_literal(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned cp;
    for (size_t i = 0; i < n;) {
        if (control_len(u + i, n - i, &cp))
            return true;
        if (u[i] == '\\') {
            size_t run = 0;
            while (i < n && u[i] == '\\')
                i++, run++;
            if (run % 2 == 1 && (i == n || u[i] == '\''))
                return true;
            continue;
        }
        i++;
    }
    return false;
}

/* A string literal holding exactly s[0..n). Plain '...' with quotes doubled;
 * backslashes and UTF-8 stay verbatim, so regexes read as written. When that
 * is not safe, U&'...': there backslash is the escape character, so it is
 * doubled, and control characters become \XXXX. */
static void put_string(cdc_buf *out, const char *s, size_t n)
{
    bool unicode = needs_unicode_literal(s, n);
    const unsigned char *u = (const unsigned char *)s;
    cdc_buf_puts(out, unicode ? "U&'" : "'");
    for (size_t i = 0; i < n;) {
        /* A run of bytes that stand for themselves, in one go. */
        size_t run = i;
        while (run < n && u[run] >= 0x20 && u[run] != 0x7f && u[run] != 0xc2 && u[run] != 0xe2 &&
               u[run] != '\'' && u[run] != '\\')
            run++;
        if (run > i) {
            cdc_buf_add(out, s + i, run - i);
            i = run;
            continue;
        }
        unsigned cp;
        size_t k = unicode ? control_len(u + i, n - i, &cp) : 0;
        if (k) {
            cdc_buf_printf(out, "\\%04X", cp);
            i += k;
            continue;
        }
        if (s[i] == '\'')
            cdc_buf_putc(out, '\'');
        else if (unicode && s[i] == '\\')
            cdc_buf_putc(out, '\\');
        cdc_buf_putc(out, s[i]);
        i++;
    }
    cdc_buf_putc(out, '\'');
}

static void put_cstring(cdc_buf *out, const char *s)
{
    put_string(out, s, strlen(s));
}

/* Writes text as "-- " comment lines. Splits at every newline and drops
 * carriage returns, so nothing in the text can end a comment early and turn
 * into SQL. Trailing newlines are dropped; empty lines become "--". */
static void put_comment(cdc_buf *out, const char *text)
{
    size_t n = strlen(text), i = 0;
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
        n--;
    for (;;) {
        cdc_buf_puts(out, "--");
        bool started = false;
        for (; i < n && text[i] != '\n'; i++) {
            if (text[i] == '\r')
                continue;
            if (!started)
                cdc_buf_putc(out, ' ');
            started = true;
            cdc_buf_putc(out, text[i]);
        }
        cdc_buf_putc(out, '\n');
        if (i >= n)
            break;
        i++; /* the newline */
    }
}

/* ---- literals ---- */

static void put_int(cdc_buf *out, int64_t v)
{
    /* -9223372036854775808 would read as minus a literal too big for BIGINT. */
    if (v == INT64_MIN)
        cdc_buf_puts(out, "(-9223372036854775807 - 1)");
    else
        cdc_buf_printf(out, "%" PRId64, v);
}

/* A DOUBLE literal: E notation (a decimal like 1.5 would be DECIMAL), with
 * the fewest digits that read back as the same double. */
static void put_double(cdc_buf *out, double v)
{
    if (!isfinite(v))
        CDC_BUG("non-finite float literal survived check");
    char tmp[CDC_DOUBLE_BUF];
    cdc_double_shortest(v, 'e', 0, tmp);
    char *e = strchr(tmp, 'e');
    long exp = strtol(e + 1, NULL, 10);
    *e = '\0';
    cdc_buf_printf(out, "%sE%ld", tmp, exp);
}

/* A DECIMAL literal of its own precision and scale, so no digit is lost
 * and a 20-digit integer is no BIGINT overflow: CAST('10000.1' AS
 * DECIMAL(6, 1)). check keeps it within 38 digits. */
static void put_decimal(cdc_buf *out, const cdc_literal *l)
{
    cdc_buf text = CDC_BUF_INIT;
    cdc_literal_canonical(l, &text);
    cdc_buf_puts(out, "CAST(");
    put_cstring(out, text.data);
    cdc_buf_printf(out, " AS DECIMAL(%" PRIu64 ", %" PRIu64 "))", cdc_decimal_precision(&l->as.d),
                   cdc_decimal_scale(&l->as.d));
    cdc_buf_release(&text);
}

/* TIMESTAMP 'yyyy-MM-dd HH:mm:ss.SSS' in UTC, from the canonical
 * 2024-01-15T10:30:00.000Z. Flink's parser refuses year 0000 in a literal
 * (year-of-era 0), but its TIMESTAMP values hold it: such an instant is
 * written 400 years later (the Gregorian calendar repeats every 400 years)
 * and moved back with TIMESTAMPADD, which the planner folds. */
static void put_utc_timestamp(cdc_buf *out, int64_t ms)
{
    cdc_literal l = {.type = CDC_TYPE_TIMESTAMP, .as.ms = ms};
    cdc_buf iso = CDC_BUF_INIT;
    cdc_literal_canonical(&l, &iso);
    char *t = strchr(iso.data, 'T');
    if (t)
        *t = ' ';
    if (iso.len > 0 && iso.data[iso.len - 1] == 'Z')
        iso.data[--iso.len] = '\0';
    bool year0 = strncmp(iso.data, "0000-", 5) == 0;
    if (year0) {
        memcpy(iso.data, "0400", 4);
        cdc_buf_puts(out, "TIMESTAMPADD(YEAR, -400, ");
    }
    cdc_buf_puts(out, "TIMESTAMP ");
    put_cstring(out, iso.data);
    if (year0)
        cdc_buf_putc(out, ')');
    cdc_buf_release(&iso);
}

static void put_literal(cdc_buf *out, value_form form, const cdc_literal *l)
{
    switch (l->type) {
    case CDC_TYPE_STRING: put_string(out, l->text, l->len); return;
    case CDC_TYPE_INT: put_int(out, l->as.i); return;
    case CDC_TYPE_FLOAT: put_double(out, l->as.f); return;
    case CDC_TYPE_DECIMAL: put_decimal(out, l); return;
    case CDC_TYPE_BOOLEAN: cdc_buf_puts(out, l->as.b ? "TRUE" : "FALSE"); return;
    case CDC_TYPE_TIMESTAMP:
        switch (form) {
        case FORM_EPOCH: put_int(out, l->as.ms); return;
        case FORM_UTC: put_utc_timestamp(out, l->as.ms); return;
        case FORM_PLAIN: break; /* every timestamp has one of the above */
        }
        break;
    default: break;
    }
    CDC_BUG("literal of type %s reached the SQL emitter", cdc_type_name(l->type));
}

/* ---- values ---- */

static const char *column_type(const cdc_field *f)
{
    switch (f->type) {
    case CDC_TYPE_STRING: return "STRING";
    case CDC_TYPE_INT: return "BIGINT";
    case CDC_TYPE_FLOAT: return "DOUBLE";
    case CDC_TYPE_DECIMAL: return "STRING"; /* decimal.handling.mode=string: exact text */
    case CDC_TYPE_BOOLEAN: return "BOOLEAN";
    case CDC_TYPE_JSON: return "STRING"; /* the connector sends JSON columns as text */
    case CDC_TYPE_TIMESTAMP:
        /* ISO-8601 text, passed through as is; compared through its
             * __utc helper column. */
        return f->epoch_ms ? "BIGINT" : "STRING";
    default: break;
    }
    CDC_BUG("column '%s' of type %s", f->name, cdc_type_name(f->type));
}

static value_form leaf_form(const cdc_fieldref *f)
{
    if (f->type != CDC_TYPE_TIMESTAMP)
        return FORM_PLAIN;
    return f->epoch_ms ? FORM_EPOCH : FORM_UTC;
}

/* A key that JSON path dot notation takes as is. */
static bool is_plain_key(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_' ||
              (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

/* The JSON path of f below its column: $.key, $.['other-key'], [0]. Flink
 * hands it to Jayway JsonPath (via Calcite), whose bracket keys are quoted
 * with ' or " and take backslash escapes; a key holding a single quote is
 * quoted with " (its own " escaped), so no backslash stands before a quote of
 * the SQL literal and the plain '...' form serves: dt-sql-parser's grammar
 * takes no U&'...' path in JSON_QUERY ... WITH ARRAY WRAPPER. No "lax"/"strict"
 * prefix: strict is the default, and a missing key is then an error that
 * JSON_VALUE's default NULL ON ERROR turns into NULL. */
static void json_path(cdc_buf *out, const cdc_fieldref *f)
{
    cdc_buf_putc(out, '$');
    for (size_t i = 0; i < f->npath; i++) {
        const char *s = f->path[i].key;
        if (f->path[i].kind == CDC_STEP_INDEX) {
            cdc_buf_printf(out, "[%" PRIu32 "]", f->path[i].index);
        } else if (is_plain_key(s)) {
            cdc_buf_printf(out, ".%s", s);
        } else {
            char q = strchr(s, '\'') ? '"' : '\'';
            cdc_buf_printf(out, ".[%c", q);
            for (; *s; s++) {
                if (*s == q || *s == '\\')
                    cdc_buf_putc(out, '\\');
                cdc_buf_putc(out, *s);
            }
            cdc_buf_printf(out, "%c]", q);
        }
    }
}

/* JSON_VALUE(`col`, 'path') or JSON_QUERY(`col`, 'path' WITH ARRAY WRAPPER):
 * the scalar at the path as text, or as JSON text in an array ([5], ["5"],
 * [true]); both NULL when the document does not parse, the key is missing
 * or holds null, and JSON_VALUE also for objects and arrays. */
static void json_call(cdc_buf *out, const cdc_fieldref *f, bool wrapped)
{
    cdc_buf path = CDC_BUF_INIT;
    json_path(&path, f);
    cdc_buf_puts(out, wrapped ? "JSON_QUERY(" : "JSON_VALUE(");
    put_ident(out, f->column->name);
    cdc_buf_puts(out, ", ");
    put_cstring(out, path.data);
    if (wrapped)
        cdc_buf_puts(out, " WITH ARRAY WRAPPER");
    cdc_buf_putc(out, ')');
    cdc_buf_release(&path);
}

/* Digits d{1,n}, as a regex: [0-9]{1,n}. */
static void put_digits(cdc_buf *re, unsigned n)
{
    cdc_buf_printf(re, "[0-9]{1,%u}", n);
}

/* A regex of the exponents 0..k (k < 40), for 1.5E19. */
static void put_exponents(cdc_buf *re, unsigned k)
{
    if (k < 10) {
        cdc_buf_printf(re, "[0-%u]", k);
        return;
    }
    cdc_buf_puts(re, "(?:[0-9]");
    if (k / 10 > 1)
        cdc_buf_printf(re, "|[1-%u][0-9]", k / 10 - 1);
    cdc_buf_printf(re, "|%u[0-%u])", k / 10, k % 10);
}

/* Text of a decimal of DECIMAL(p, s), in Debezium's plain notation: at most
 * p - s digits before the point (leading zeros aside), s after it
 * (trailing zeros aside). */
static void put_plain_re(cdc_buf *re, unsigned p, unsigned s)
{
    cdc_buf_puts(re, "[+-]?0*");
    put_digits(re, p - s);
    if (s) {
        cdc_buf_puts(re, "(?:[.]");
        put_digits(re, s);
        cdc_buf_puts(re, "0*)?");
    } else {
        cdc_buf_puts(re, "(?:[.]0+)?");
    }
}

/* A decimal compared exactly, as DECIMAL(p, s) (lang/schema.c,
 * cdc_field_decimal_bounds): Debezium's text (decimal.handling.mode=string)
 * or, in a JSON document, a number too. Only text that fits DECIMAL(p, s)
 * reaches the CAST: Flink's cast rounds extra fraction digits and fails
 * the job on too many integer digits (NumberFormatException "Overflow"), so
 * a value beyond the type is NULL, as in eval. Not TRY_CAST: dt-sql-parser
 * does not parse it. In a JSON document a double's text is Java's
 * (Double.toString: 1.0E7 from 10^7 up, 1.0E-4 below 10^-3), hence the
 * exponents, bounded by the same digit counts. */
static void decimal_value(cdc_buf *out, const cdc_fieldref *f, bool in_json)
{
    unsigned p, s;
    cdc_field_decimal_bounds(cdc_fieldref_entry(f), &p, &s);
    cdc_buf re = CDC_BUF_INIT;
    cdc_buf_init(&re);
    if (in_json) {
        cdc_buf_puts(&re, "^\\[(?:\"");
        put_plain_re(&re, p, s);
        cdc_buf_puts(&re, "\"|-?0*");
        put_digits(&re, p - s);
        cdc_buf_puts(&re, "(?:[.]");
        put_digits(&re, s ? s : 1);
        cdc_buf_puts(&re, ")?|-?[1-9][.][0-9]+E");
        put_exponents(&re, p - s - 1);
        for (unsigned e = 1; e < s; e++)
            cdc_buf_printf(&re, "|-?[1-9][.][0-9]{1,%u}E-%u", s - e, e);
        if (s) { /* 1.0E-18: the 0 is no digit of the value */
            cdc_buf_puts(&re, "|-?[1-9][.]0E-");
            put_exponents(&re, s);
        }
        cdc_buf_puts(&re, ")\\]\\z");
    } else {
        cdc_buf_putc(&re, '^');
        put_plain_re(&re, p, s);
        cdc_buf_puts(&re, "\\z");
    }
    cdc_buf_puts(out, "CASE WHEN REGEXP(");
    if (in_json)
        json_call(out, f, true);
    else
        put_ident(out, f->column->name);
    cdc_buf_puts(out, ", ");
    put_cstring(out, re.data);
    cdc_buf_puts(out, ") THEN CAST(");
    if (in_json)
        json_call(out, f, false);
    else
        put_ident(out, f->column->name);
    cdc_buf_printf(out, " AS DECIMAL(%u, %u)) END", p, s);
    cdc_buf_release(&re);
}

/* The value at f's path at f's type, NULL when the JSON value there is of
 * another type (cdcgen's semantics). Not JSON_VALUE ... RETURNING DOUBLE or
 * BOOLEAN: Flink casts the raw value outside its ON ERROR handling, so an
 * integer, a string or a boolean there throws ClassCastException and fails
 * the job (FLINK-40463; seen on 1.20 and 2.2). Nor JSON_VALUE's text alone:
 * it reads 5, "5" and true alike. So the wrapped JSON text decides the type
 * (a number starts with - or a digit, a string with "), and JSON_VALUE's
 * text of a number is CAST to DOUBLE, which then cannot fail. */
static void json_typed_value(cdc_buf *out, const cdc_fieldref *f)
{
    const char *shape = "^\\[\""; /* a string */
    bool number = true;
    switch (f->type) {
    case CDC_TYPE_BOOLEAN:
        cdc_buf_puts(out, "CASE ");
        json_call(out, f, true);
        cdc_buf_puts(out, " WHEN '[true]' THEN TRUE WHEN '[false]' THEN FALSE END");
        return;
    case CDC_TYPE_DECIMAL: decimal_value(out, f, true); return;
    case CDC_TYPE_JSON:
        /* A declared key of type json, only ever tested for NULL: any value
         * there but JSON null, which the wrapper writes as [null]. */
        cdc_buf_puts(out, "CASE WHEN ");
        json_call(out, f, true);
        cdc_buf_puts(out, " <> '[null]' THEN ");
        json_call(out, f, true);
        cdc_buf_puts(out, " END");
        return;
    case CDC_TYPE_INT: shape = "^\\[-?[0-9]+\\]$"; break; /* an integer */
    case CDC_TYPE_FLOAT: shape = "^\\[-?[0-9]"; break;    /* a number */
    case CDC_TYPE_TIMESTAMP:
        if (f->epoch_ms) {
            shape = "^\\[-?[0-9]+\\]$";
            break;
        }
        number = false; /* ISO-8601 text */
        break;
    default: number = false; break;
    }
    cdc_buf_puts(out, "CASE WHEN REGEXP(");
    json_call(out, f, true);
    cdc_buf_puts(out, ", ");
    put_cstring(out, shape);
    cdc_buf_puts(out, number ? ") THEN CAST(" : ") THEN ");
    json_call(out, f, false);
    cdc_buf_puts(out, number ? " AS DOUBLE) END" : " END");
}

/* An ISO-8601 instant exactly as cdc_parse_instant (instant.c) accepts it:
 * date with the day checked against the month and leap years, 'T', 't' or
 * ' ', hh:mm:ss, optional fraction, mandatory offset Z, z, +hh, +hhmm,
 * +hh:mm. Year 0000 is a leap year, as in cdcgen's proleptic calendar. \z,
 * not $: Java's $ also matches before a final newline. */
static const char instant_re[] =
    "^(?:[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    "|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
    "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-"
    "02-29)"
    "[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:[.][0-9]+)?"
    "(?:[Zz]|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)\\z";

/* Converts the ISO-8601 text `s` (SQL text of a STRING expression) to the
 * instant as a UTC wall-clock TIMESTAMP(6), or NULL if it is no instant.
 * Written over several lines, each following one indented by `indent`
 * spaces (the column the caller wrote the first line at).
 *
 * Why not TRY_CAST(s AS TIMESTAMP_LTZ(6)): Flink's string-to-timestamp cast
 * (DateTimeUtils.parseTimestampData, DEFAULT_TIMESTAMP_FORMATTER) only reads
 * 'yyyy-MM-dd HH:mm:ss[.fffffffff]': no 'T', no offset, so every Debezium
 * ZonedTimestamp would be NULL; the zone-less text would then be read in the
 * session time zone; and TRY_CAST does not parse in dt-sql-parser. Nor
 * REGEXP_REPLACE with $1: Flink quotes the replacement.
 *
 * So: only when s matches instant_re, CAST the rebuilt 'date time.fraction'
 * (fraction cut to 6 digits, as the TIMESTAMP(6) columns are) to a zone-less
 * TIMESTAMP(6), which can no longer fail, then subtract the offset. Flink
 * generates CASE and AND lazily, so a malformed value never reaches the CAST.
 * The differential run on Flink 1.20 and 2.2 (tests/flink/) checks it
 * against cdcgen eval.
 *
 * Every line break stands where the one-line form of the same expression
 * (the one that emulation checked) has a single space, outside any literal:
 * only the layout differs, token for token it is that expression. */
static void instant_text(cdc_buf *out, const char *s, int indent)
{
    int n = indent;
    cdc_buf_printf(out, "CASE WHEN REGEXP(%s,\n%*s", s, n + 4, "");
    put_cstring(out, instant_re);
    cdc_buf_printf(out, ")\n%*sTHEN TIMESTAMPADD(MINUTE,\n", n + 2, "");
    /* the offset in minutes, negated: local time minus offset is UTC */
    cdc_buf_printf(out,
                   "%*sCASE WHEN REGEXP_EXTRACT(%s, '([+-])[0-9]{2}(?::?[0-9]{2})?$', 1)"
                   " = '-' THEN 1 ELSE -1 END\n",
                   n + 4, "", s);
    cdc_buf_printf(out,
                   "%*s* (COALESCE(CAST(REGEXP_EXTRACT(%s, '[+-]([0-9]{2})(?::?[0-9]{2})?$',"
                   " 1) AS INT), 0) * 60\n",
                   n + 6, "", s);
    cdc_buf_printf(out,
                   "%*s+ COALESCE(CAST(REGEXP_EXTRACT(%s, '[+-][0-9]{2}:?([0-9]{2})$', 1)"
                   " AS INT), 0)),\n",
                   n + 8, "", s);
    /* the local date and time, fraction cut to microseconds; year 0000,
     * which Flink's cast refuses, read as 0400 and moved back 400 years */
    cdc_buf_printf(out,
                   "%*sTIMESTAMPADD(YEAR, CASE WHEN SUBSTRING(%s, 1, 4) = '0000' THEN -400 ELSE 0"
                   " END,\n",
                   n + 4, "", s);
    cdc_buf_printf(out,
                   "%*sCAST(CONCAT(CASE WHEN SUBSTRING(%s, 1, 4) = '0000' THEN '0400' ELSE"
                   " SUBSTRING(%s, 1, 4) END,\n",
                   n + 6, "", s, s);
    cdc_buf_printf(out, "%*sSUBSTRING(%s, 5, 6), ' ', SUBSTRING(%s, 12, 8), '.',\n", n + 10, "", s,
                   s);
    cdc_buf_printf(out, "%*sCOALESCE(REGEXP_EXTRACT(%s, '^.{19}[.]([0-9]{1,6})', 1), '0'))\n",
                   n + 10, "", s);
    cdc_buf_printf(out, "%*sAS TIMESTAMP(6))))\n%*sEND", n + 8, "", n, "");
}

/* The leaf's value as read from the event: a column, or JSON_VALUE of a
 * path. For a timestamp carried as text, that text. */
static void raw_value(cdc_buf *out, const cdc_fieldref *f)
{
    if (f->npath == 0 && f->type == CDC_TYPE_DECIMAL)
        decimal_value(out, f, false);
    else if (f->npath == 0)
        put_ident(out, f->column->name);
    else
        json_typed_value(out, f);
}

/* ---- timestamps carried as text: the __utc helper columns ---- */

/* A timestamp carried as text that a filter compares, and the helper column
 * holding its instant: `created_date` -> `created_date__utc`. */
typedef struct utc_col {
    char *text; /* raw_value: `col` or JSON_VALUE(...); one entry per text */
    char *name; /* the helper column's name, unquoted */
} utc_col;

/* Every such timestamp of a program's generated filters, in first-use order
 * (filters in order, conditions depth first, left to right). Names are
 * fixed once for the whole program, so a field has the same helper column
 * in every statement. */
typedef struct utc_cols {
    utc_col *v;
    size_t n, cap;
} utc_cols;

static void utc_cols_release(utc_cols *u)
{
    for (size_t i = 0; i < u->n; i++) {
        free(u->v[i].text);
        free(u->v[i].name);
    }
    free(u->v);
    *u = (utc_cols){0};
}

/* Index of the entry for raw value `text`, or -1. */
static long utc_find(const utc_cols *u, const char *text)
{
    for (size_t i = 0; i < u->n; i++)
        if (strcmp(u->v[i].text, text) == 0)
            return (long)i;
    return -1;
}

static bool name_taken(const cdc_schema *s, const utc_cols *u, const char *name)
{
    for (size_t i = 0; i < s->nfields; i++)
        if (strcmp(s->fields[i].name, name) == 0)
            return true;
    for (size_t i = 0; i < u->n; i++)
        if (strcmp(u->v[i].name, name) == 0)
            return true;
    return false;
}

/* Bytes of a helper name taken from the field, at most: with "__utc" and a
 * "_N" it stays far below Flink's 256-character identifier limit
 * (Flink's identifier limit counts UTF-16 units; a UTF-8 byte count is never below it). */
#define UTC_BASE_MAX 200

/* The helper column's name for f: column[.key|[i]]...__utc, as the field is
 * written. Control characters (a back-quoted identifier cannot span lines)
 * become '_'; a long name is cut at a character boundary. If the name is
 * already a column or an earlier helper (cut, or a key holding a '.'), the
 * first free of name_2, name_3, ... is used. */
static char *utc_name(const cdc_schema *s, const utc_cols *u, const cdc_fieldref *f)
{
    cdc_buf base = CDC_BUF_INIT, name = CDC_BUF_INIT;
    cdc_buf_puts(&base, f->column->name);
    for (size_t i = 0; i < f->npath; i++) {
        if (f->path[i].kind == CDC_STEP_INDEX)
            cdc_buf_printf(&base, "[%" PRIu32 "]", f->path[i].index);
        else
            cdc_buf_printf(&base, ".%s", f->path[i].key);
    }
    for (size_t i = 0; i < base.len; i++)
        if ((unsigned char)base.data[i] < 0x20 || base.data[i] == 0x7f)
            base.data[i] = '_';
    if (base.len > UTC_BASE_MAX) {
        size_t n = cdc_utf8_boundary(base.data, UTC_BASE_MAX);
        base.data[n] = '\0';
        base.len = n;
    }
    cdc_buf_printf(&name, "%s__utc", base.data);
    for (unsigned k = 2; name_taken(s, u, name.data); k++) {
        cdc_buf_reset(&name);
        cdc_buf_printf(&name, "%s__utc_%u", base.data, k);
    }
    char *r = xstrdup(name.data);
    cdc_buf_release(&base);
    cdc_buf_release(&name);
    return r;
}

/* Adds every timestamp carried as text that c compares and u lacks. */
static void utc_collect(utc_cols *u, const cdc_schema *s, const cdc_cond *c)
{
    if (c->kind != CDC_COND_LEAF) {
        for (size_t i = 0; i < c->nkids; i++)
            utc_collect(u, s, c->kids[i]);
        return;
    }
    if (leaf_form(&c->field) != FORM_UTC)
        return;
    cdc_buf text = CDC_BUF_INIT;
    raw_value(&text, &c->field);
    if (utc_find(u, text.data) < 0) {
        if (u->n == u->cap) {
            u->cap = u->cap ? 2 * u->cap : 4;
            u->v = xrealloc(u->v, u->cap * sizeof *u->v);
        }
        char *name = utc_name(s, u, &c->field);
        u->v[u->n++] = (utc_col){.text = xstrdup(text.data), .name = name};
    }
    cdc_buf_release(&text);
}

/* The helper columns of all generated filters of p. */
static void utc_collect_program(utc_cols *u, const cdc_program *p)
{
    for (size_t i = 0; i < p->nfilters; i++)
        if (p->filters[i]->generated)
            utc_collect(u, p->schema, p->filters[i]->cond);
}

/* Marks in used[] (one per entry of all) the helper columns c needs, and
 * appends their indexes to order[*n] in first-use order. */
static void utc_used(const utc_cols *all, const cdc_cond *c, bool *used, size_t *order, size_t *n)
{
    if (c->kind != CDC_COND_LEAF) {
        for (size_t i = 0; i < c->nkids; i++)
            utc_used(all, c->kids[i], used, order, n);
        return;
    }
    if (leaf_form(&c->field) != FORM_UTC)
        return;
    cdc_buf text = CDC_BUF_INIT;
    raw_value(&text, &c->field);
    long k = utc_find(all, text.data);
    if (k < 0)
        CDC_BUG("timestamp '%s' missing from the helper columns", c->field.text);
    if (!used[k]) {
        used[k] = true;
        order[(*n)++] = (size_t)k;
    }
    cdc_buf_release(&text);
}

/* One ",\n<expr> AS `name`" select item per helper column listed in
 * order[0..n), each line indented by `indent` spaces. */
static void put_utc_items(cdc_buf *out, const utc_cols *u, const size_t *order, size_t n,
                          int indent)
{
    for (size_t i = 0; i < n; i++) {
        const utc_col *c = &u->v[order[i]];
        cdc_buf_printf(out, ",\n%*s", indent, "");
        instant_text(out, c->text, indent);
        cdc_buf_puts(out, " AS ");
        put_ident(out, c->name);
    }
}

/* The leaf's value at its type: a column, JSON_VALUE of a path, or, for
 * timestamps carried as text, the helper column holding their instant. */
static void put_value(cdc_buf *out, const utc_cols *u, const cdc_cond *c)
{
    const cdc_fieldref *f = &c->field;
    cdc_buf text = CDC_BUF_INIT;

    raw_value(&text, f);
    if (leaf_form(f) == FORM_UTC) {
        long k = utc_find(u, text.data);
        if (k < 0)
            CDC_BUG("timestamp '%s' missing from the helper columns", f->text);
        put_ident(out, u->v[k].name);
    } else {
        cdc_buf_add(out, text.data, text.len);
    }
    cdc_buf_release(&text);
}

/* An operand of an ordering comparison, as itself or, for strings, rewritten
 * so that Flink's order (UTF-16 code units, Java's String.compareTo) is the
 * code point order cdcgen compares by: an astral character, a surrogate
 * pair, would sort below U+E000..U+FFFF. So U+FFFF becomes U+FFFF U+0000 and
 * every astral character gets a U+FFFF in front; that code is prefix-free
 * and keeps the order. (ENCODE(..., 'UTF-8') would order the bytes, but
 * Flink 1.20 and 2.2 compare a BINARY literal wrongly: ENCODE('ab', ...)
 * equals ENCODE('a', ...).) */
static const char cp_order_head[] = "REGEXP_REPLACE(REGEXP_REPLACE(";
static const char cp_order_tail[] =
    ", U&'\\FFFF', U&'\\FFFF\\0000'), '(?=[\\x{10000}-\\x{10FFFF}])', U&'\\FFFF')";

static void put_ordered_value(cdc_buf *out, const utc_cols *u, const cdc_cond *c, bool text)
{
    if (text)
        cdc_buf_puts(out, cp_order_head);
    put_value(out, u, c);
    if (text)
        cdc_buf_puts(out, cp_order_tail);
}

/* Whether the rewrite changes s: it holds U+FFFF or an astral character. */
static bool cp_order_changes(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++)
        if (u[i] >= 0xf0 || (u[i] == 0xef && i + 2 < n && u[i + 1] == 0xbf && u[i + 2] == 0xbf))
            return true;
    return false;
}

/* A literal the rewrite leaves alone is written as itself. */
static void put_ordered_literal(cdc_buf *out, value_form form, const cdc_literal *l, bool text)
{
    text = text && cp_order_changes(l->text, l->len);
    if (text)
        cdc_buf_puts(out, cp_order_head);
    put_literal(out, form, l);
    if (text)
        cdc_buf_puts(out, cp_order_tail);
}

/* A leaf in its operator's SQL form (lang/op.c). */
static void put_leaf(cdc_buf *out, const utc_cols *u, const cdc_cond *c)
{
    const cdc_op_info *op = cdc_op_get(c->op);
    value_form form = leaf_form(&c->field);
    /* strings order by code point (put_ordered_value); equality does not depend on it */
    bool cp_order = op->ordering && c->field.type == CDC_TYPE_STRING;

    switch (op->sql_form) {
    case CDC_SQL_INFIX:
        put_ordered_value(out, u, c, cp_order);
        cdc_buf_printf(out, " %s ", op->sql);
        put_ordered_literal(out, form, &c->values[0], cp_order);
        return;
    case CDC_SQL_LIST:
        put_value(out, u, c);
        cdc_buf_printf(out, " %s (", op->sql);
        for (size_t i = 0; i < c->nvalues; i++) {
            if (i)
                cdc_buf_puts(out, ", ");
            put_literal(out, form, &c->values[i]);
        }
        cdc_buf_putc(out, ')');
        return;
    case CDC_SQL_RANGE:
        /* BETWEEN is ASYMMETRIC (the default) and inclusive; check ensured min <= max. */
        put_ordered_value(out, u, c, cp_order);
        cdc_buf_printf(out, " %s ", op->sql);
        put_ordered_literal(out, form, &c->values[0], cp_order);
        cdc_buf_puts(out, " AND ");
        put_ordered_literal(out, form, &c->values[1], cp_order);
        return;
    case CDC_SQL_CALL:
        /* REGEXP is a find, like cdcgen's; the pattern goes verbatim, since
         * backslash is no escape in Flink literals. */
        cdc_buf_printf(out, "%s(", op->sql);
        put_value(out, u, c);
        cdc_buf_puts(out, ", ");
        put_string(out, c->values[0].text, c->values[0].len);
        cdc_buf_putc(out, ')');
        return;
    case CDC_SQL_POSTFIX:
        /* Of the typed value: a malformed timestamp is NULL, as in eval. */
        put_value(out, u, c);
        cdc_buf_printf(out, " %s", op->sql);
        return;
    }
    CDC_BUG("SQL form %d of operator %s", (int)op->sql_form, op->name);
}

/* A condition. Groups of two or more are parenthesized unless `bare`, so
 * the SQL never leans on AND/OR precedence. */
static void put_cond(cdc_buf *out, const utc_cols *u, const cdc_cond *c, bool bare)
{
    switch (c->kind) {
    case CDC_COND_LEAF: put_leaf(out, u, c); return;
    case CDC_COND_NOT:
        cdc_buf_puts(out, "NOT (");
        put_cond(out, u, c->kids[0], true);
        cdc_buf_putc(out, ')');
        return;
    case CDC_COND_ALL:
    case CDC_COND_ANY:
        if (c->nkids == 0) { /* the identity of AND / OR; check never builds these */
            cdc_buf_puts(out, c->kind == CDC_COND_ALL ? "TRUE" : "FALSE");
            return;
        }
        if (c->nkids == 1) {
            put_cond(out, u, c->kids[0], bare);
            return;
        }
        if (!bare)
            cdc_buf_putc(out, '(');
        for (size_t i = 0; i < c->nkids; i++) {
            if (i)
                cdc_buf_puts(out, c->kind == CDC_COND_ALL ? " AND " : " OR ");
            put_cond(out, u, c->kids[i], false);
        }
        if (!bare)
            cdc_buf_putc(out, ')');
        return;
    }
    CDC_BUG("unknown condition kind %d", (int)c->kind);
}

/* The WHERE clause ending an INSERT, on a line of its own, with one
 * top-level condition per line. */
static void put_where(cdc_buf *out, const utc_cols *u, const cdc_cond *c)
{
    cdc_buf_putc(out, '\n');
    while ((c->kind == CDC_COND_ALL || c->kind == CDC_COND_ANY) && c->nkids == 1)
        c = c->kids[0];
    cdc_buf_puts(out, "  WHERE ");
    if ((c->kind == CDC_COND_ALL || c->kind == CDC_COND_ANY) && c->nkids > 1) {
        for (size_t i = 0; i < c->nkids; i++) {
            if (i)
                cdc_buf_puts(out, c->kind == CDC_COND_ALL ? "\n    AND " : "\n    OR ");
            put_cond(out, u, c->kids[i], false);
        }
    } else {
        put_cond(out, u, c, true);
    }
    cdc_buf_puts(out, ";\n");
}

/* ---- tables and statements ---- */

static void put_header(cdc_buf *out, const cdc_program *p, const char *target)
{
    cdc_buf sources = CDC_BUF_INIT;
    cdc_emit_source_list(p, &sources);
    cdc_buf line = CDC_BUF_INIT;
    cdc_buf_printf(&line, "Generated by cdcgen from %s; do not edit.",
                   sources.len ? sources.data : "no input files");
    put_comment(out, line.data);
    cdc_buf_release(&line);
    cdc_buf_release(&sources);
    cdc_buf_printf(out, "-- Target: %s.\n", target);
    cdc_buf_puts(out,
                 "-- Semantics: SQL three-valued logic; an event is routed only when its whole\n"
                 "-- condition is TRUE, so NULL or missing fields never match. REGEXP is a\n"
                 "-- substring find (Java regex): anchor with ^...$ for a whole match.\n");
}

static void put_columns(cdc_buf *out, const cdc_schema *s)
{
    cdc_buf_puts(out, " (\n");
    for (size_t i = 0; i < s->nfields; i++) {
        cdc_buf_puts(out, "  ");
        put_ident(out, s->fields[i].name);
        cdc_buf_printf(out, " %s%s\n", column_type(&s->fields[i]), i + 1 < s->nfields ? "," : "");
    }
    cdc_buf_puts(out, ")");
}

/* One 'key' = 'value' line of a WITH list. */
static void put_option(cdc_buf *out, const char *key, const char *value, bool last)
{
    cdc_buf_puts(out, "  ");
    put_cstring(out, key);
    cdc_buf_puts(out, " = ");
    put_cstring(out, value);
    cdc_buf_puts(out, last ? "\n" : ",\n");
}

static void put_filter_comment(cdc_buf *out, const cdc_filter *f)
{
    cdc_buf line = CDC_BUF_INIT;
    cdc_buf_printf(&line, "Filter %s: %s", f->id.s, f->name.s ? f->name.s : "");
    put_comment(out, line.data);
    cdc_buf_release(&line);
    if (f->description.s && *f->description.s)
        put_comment(out, f->description.s);
}

static bool any_generated(const cdc_program *p)
{
    for (size_t i = 0; i < p->nfilters; i++)
        if (p->filters[i]->generated)
            return true;
    return false;
}

static void put_nothing_to_route(cdc_buf *out)
{
    cdc_buf_puts(out, "\n-- No filter is generated: nothing to route. (An empty statement set\n"
                      "-- is invalid, so there is none.)\n");
}

/* `a`, `b`, ...: the schema's columns, which are the sink's. */
static void put_column_list(cdc_buf *out, const cdc_schema *s)
{
    for (size_t k = 0; k < s->nfields; k++) {
        if (k)
            cdc_buf_puts(out, ", ");
        put_ident(out, s->fields[k].name);
    }
}

static bool has_text_timestamp_column(const cdc_schema *s)
{
    for (size_t i = 0; i < s->nfields; i++)
        if (s->fields[i].type == CDC_TYPE_TIMESTAMP && !s->fields[i].epoch_ms)
            return true;
    return false;
}

/* Whether c compares a timestamp carried as text. */
static bool cond_uses_utc(const cdc_cond *c)
{
    if (c->kind == CDC_COND_LEAF)
        return leaf_form(&c->field) == FORM_UTC;
    for (size_t i = 0; i < c->nkids; i++)
        if (cond_uses_utc(c->kids[i]))
            return true;
    return false;
}

/* ---- what a routed record carries: key, value, headers ---- */

/* Generated filters up to which flink.layout auto keeps one INSERT per
 * filter. Measured on the MiniCluster (tests/flink/README.md, "Layouts"):
 * the per-filter job's planning time, heap and threads grow with every sink,
 * the fan-out job's hardly at all; at 20 filters both start in seconds. */
#define FAN_OUT_ABOVE 20

static size_t generated_count(const cdc_program *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nfilters; i++)
        n += p->filters[i]->generated;
    return n;
}

bool cdc_flink_fan_out(const cdc_program *p, const cdc_config *cfg)
{
    if (strcmp(cfg->flink_layout, "fan-out") == 0)
        return true;
    if (strcmp(cfg->flink_layout, "per-filter") == 0)
        return false;
    return generated_count(p) > FAN_OUT_ABOVE;
}

/* A column name for the headers metadata column that is no schema column:
 * __headers, else __headers_2, ... Caller frees. */
static char *headers_column(const cdc_schema *s)
{
    cdc_buf b = CDC_BUF_INIT;
    for (unsigned k = 1;; k++) {
        cdc_buf_reset(&b);
        cdc_buf_puts(&b, "__headers");
        if (k > 1)
            cdc_buf_printf(&b, "_%u", k);
        if (!cdc_schema_find(s, b.data))
            return b.data;
    }
}

/* The primary-key columns, ';'-separated as key.fields takes them; "" when
 * the schema marks none. */
static void key_fields(cdc_buf *out, const cdc_schema *s)
{
    for (size_t i = 0; i < s->nfields; i++)
        if (s->fields[i].key) {
            if (out->len)
                cdc_buf_putc(out, ';');
            cdc_buf_puts(out, s->fields[i].name);
        }
}

/* The job's name: short, because Flink puts it into every metric and log
 * line (the default concatenates every sink's name, which at a thousand
 * filters made each committer's warning line megabytes long). */
static void put_pipeline_name(cdc_buf *out, const cdc_config *cfg)
{
    cdc_buf name = CDC_BUF_INIT;
    cdc_buf_printf(&name, "cdcgen %s", cfg->source_topic);
    cdc_buf_puts(out, "-- The job's name, which Flink writes into its metrics and log lines.\n"
                      "SET 'pipeline.name' = ");
    put_cstring(out, name.data);
    cdc_buf_puts(out, ";\n");
    cdc_buf_release(&name);
}

static void put_checkpointing(cdc_buf *out, const cdc_config *cfg)
{
    /* The Kafka source commits its group's offsets only when a checkpoint
     * completes (it turns the client's auto-commit off); with no
     * checkpoints nothing is committed and a restart routes the topic again. */
    cdc_buf_puts(out,
                 "\n-- Offsets: the source starts from the offsets its consumer group committed\n"
                 "-- (the earliest offset the first time), and the Kafka source commits them\n"
                 "-- only when a checkpoint completes; hence checkpointing. A stopped or failed\n"
                 "-- job resumes there: at least once, events read after the last completed\n"
                 "-- checkpoint are routed again. SET is a statement of Flink's SQL client; a\n"
                 "-- Table API runner sets the option in the TableConfig.\n"
                 "SET 'execution.checkpointing.interval' = ");
    put_cstring(out, cfg->checkpoint_interval);
    cdc_buf_puts(out, ";\n");
    put_pipeline_name(out, cfg);
}

/* The source's options up to the formats. */
static void put_source_options(cdc_buf *out, const cdc_config *cfg)
{
    put_option(out, "connector", "kafka", false);
    put_option(out, "topic", cfg->source_topic, false);
    put_option(out, "properties.bootstrap.servers", cfg->bootstrap_servers, false);
    if (cfg->group_id && *cfg->group_id) /* else Flink generates one */
        put_option(out, "properties.group.id", cfg->group_id, false);
    put_option(out, "scan.startup.mode", "group-offsets", false);
    put_option(out, "properties.auto.offset.reset", "earliest", false);
}

/* The key and value formats of the per-filter layout's tables: the key the
 * JSON object of the primary-key columns (Debezium's key), the value every
 * column; a malformed field is NULL, as in cdcgen's semantics. (Never
 * together with json.fail-on-missing-field = true: Flink rejects the pair.) */
static void put_json_formats(cdc_buf *out, const char *keys)
{
    if (*keys) {
        put_option(out, "key.format", "json", false);
        put_option(out, "key.fields", keys, false);
        put_option(out, "key.json.ignore-parse-errors", "true", false);
    }
    put_option(out, "value.format", "json", false);
    put_option(out, "value.json.ignore-parse-errors", "true", false);
    put_option(out, "value.fields-include", "ALL", true);
}

/* The columns of the per-filter layout's tables: the schema's, then the
 * record's headers. */
static void put_record_columns(cdc_buf *out, const cdc_schema *s, const char *headers)
{
    cdc_buf_puts(out, " (\n");
    for (size_t i = 0; i < s->nfields; i++) {
        cdc_buf_puts(out, "  ");
        put_ident(out, s->fields[i].name);
        cdc_buf_printf(out, " %s,\n", column_type(&s->fields[i]));
    }
    cdc_buf_puts(out, "  ");
    put_ident(out, headers);
    cdc_buf_puts(out, " MAP<STRING, BYTES> METADATA FROM 'headers'\n)");
}

static void emit_per_filter(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    utc_cols u = {0};
    utc_collect_program(&u, p);
    char *headers = headers_column(p->schema);
    cdc_buf keys = CDC_BUF_INIT;
    key_fields(&keys, p->schema);
    const char *key_list = keys.len ? keys.data : "";

    put_header(out, p, "Apache Flink SQL, Kafka connector, JSON format");
    cdc_buf_puts(
        out, "-- Layout: per-filter (flink.layout): a sink table and a WHERE clause per filter.\n");
    put_checkpointing(out, cfg);

    cdc_buf line = CDC_BUF_INIT;
    cdc_buf_printf(&line, "Source: every change event of topic %s.", cfg->source_topic);
    if (has_text_timestamp_column(p->schema))
        cdc_buf_puts(&line, "\nIts timestamp columns are ISO-8601 text, kept as STRING, so "
                            "their text reaches\nthe sinks unchanged, whatever the UTC offset.");
    cdc_buf_puts(&line, "\nWhat a sink writes: the record's headers as read, ");
    if (*key_list)
        cdc_buf_printf(&line, "its key as the JSON object of\nthe key columns (%s), ", key_list);
    else
        cdc_buf_puts(&line, "no key (the schema marks no\nkey column), ");
    cdc_buf_puts(&line,
                 "and the value as every column of the schema, re-serialized\n"
                 "by the json format: in this order, a missing one as null. Lost on the way: a\n"
                 "field the schema does not declare (a column added after generation:\n"
                 "generate again), the order of the headers and a repeated header key (Flink\n"
                 "keeps one value per key, in no order) and tombstones (null values are\n"
                 "skipped). The fan-out layout copies records\n"
                 "byte for byte.");
    cdc_buf_putc(out, '\n');
    put_comment(out, line.data);
    cdc_buf_release(&line);
    cdc_buf_puts(out, "CREATE TABLE ");
    put_ident(out, p->source_table);
    put_record_columns(out, p->schema, headers);
    cdc_buf_puts(out, " WITH (\n");
    put_source_options(out, cfg);
    put_json_formats(out, key_list);
    cdc_buf_puts(out, ");\n");

    if (u.n > 0) {
        /* Only the INSERTs that compare such a timestamp read the view. */
        if (!p->utc_view)
            CDC_BUG("timestamps to convert but no view name");
        cdc_buf_puts(out,
                     "\n-- Timestamps carried as ISO-8601 text that the filters compare (STRING\n"
                     "-- columns, JSON paths), each converted once to a column <field>__utc: its\n"
                     "-- UTC instant, whatever the offset (Z, +hh, +hhmm, +hh:mm); NULL when the\n"
                     "-- text is no valid instant, the same as cdcgen's semantics. The INSERTs\n"
                     "-- that compare one read this view.\n"
                     "CREATE TEMPORARY VIEW ");
        put_ident(out, p->utc_view);
        cdc_buf_puts(out, " AS\nSELECT *");
        size_t *order = xcalloc(u.n, sizeof *order);
        for (size_t i = 0; i < u.n; i++)
            order[i] = i;
        put_utc_items(out, &u, order, u.n, 2);
        free(order);
        cdc_buf_puts(out, "\nFROM ");
        put_ident(out, p->source_table);
        cdc_buf_puts(out, ";\n");
    }

    /* Every sink has the same columns and options but its topic: those
     * parts are written once and copied. */
    cdc_buf head = CDC_BUF_INIT, tail = CDC_BUF_INIT;
    put_record_columns(&head, p->schema, headers);
    /* No group.id and no scan.* here: they are source options. */
    cdc_buf_puts(&head, " WITH (\n");
    put_option(&head, "connector", "kafka", false);
    put_option(&tail, "properties.bootstrap.servers", cfg->bootstrap_servers, false);
    /* flushes on every checkpoint, before the source commits its offsets */
    put_option(&tail, "sink.delivery-guarantee", "at-least-once", false);
    put_json_formats(&tail, key_list);
    cdc_buf_puts(&tail, ");\n");
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        if (!f->generated)
            continue;
        cdc_buf_putc(out, '\n');
        put_filter_comment(out, f);
        cdc_buf_puts(out, "CREATE TABLE ");
        put_ident(out, f->sink_table);
        cdc_buf_add(out, head.data, head.len);
        put_option(out, "topic", f->topic[CDC_TARGET_FLINK], false);
        cdc_buf_add(out, tail.data, tail.len);
    }
    cdc_buf_release(&head);
    cdc_buf_release(&tail);

    if (!any_generated(p)) {
        put_nothing_to_route(out);
    } else {
        /* One job reading the source once for all filters: a statement set. */
        cdc_buf_puts(out, "\nEXECUTE STATEMENT SET\nBEGIN\n");
        for (size_t i = 0; i < p->nfilters; i++) {
            const cdc_filter *f = p->filters[i];
            if (!f->generated)
                continue;
            cdc_buf_puts(out, "  INSERT INTO ");
            put_ident(out, f->sink_table);
            if (cond_uses_utc(f->cond)) {
                /* By name: the view's helper columns are not the sink's. */
                cdc_buf_puts(out, "\n  SELECT ");
                put_column_list(out, p->schema);
                cdc_buf_puts(out, ", ");
                put_ident(out, headers);
                cdc_buf_puts(out, " FROM ");
                put_ident(out, p->utc_view);
            } else {
                cdc_buf_puts(out, "\n  SELECT * FROM ");
                put_ident(out, p->source_table);
            }
            put_where(out, &u, f->cond);
        }
        cdc_buf_puts(out, "END;\n");
    }
    cdc_buf_release(&keys);
    free(headers);
    utc_cols_release(&u);
}

/* ---- the fan-out layout ---- */

/* Bytes of routing table per string literal: far below the JVM's 65535-byte
 * limit on a constant (Flink compiles literals into generated classes), even
 * when every character takes three bytes in the class file's encoding. */
#define ROUTES_CHUNK 16000

/* The JSON text without the whitespace between tokens. */
static void compact_json(cdc_buf *out, const char *s, size_t n)
{
    bool in_string = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_string) {
            cdc_buf_putc(out, c);
            if (c == '\\' && i + 1 < n)
                cdc_buf_putc(out, s[++i]);
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
            cdc_buf_putc(out, c);
        } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
            cdc_buf_putc(out, c);
        }
    }
}

/* The routing table as string literals, one per line, each at most
 * ROUTES_CHUNK bytes and cut only between UTF-8 characters; their
 * concatenation is the table. */
static void put_routes(cdc_buf *out, const cdc_program *p, const cdc_config *cfg)
{
    cdc_buf doc = CDC_BUF_INIT, json = CDC_BUF_INIT;
    cdc_emit_kstreams_routes(p, cfg, CDC_TARGET_FLINK, &doc);
    compact_json(&json, doc.data, doc.len);
    for (size_t at = 0; at < json.len;) {
        size_t n = json.len - at < ROUTES_CHUNK ? json.len - at : ROUTES_CHUNK;
        while (at + n < json.len && ((unsigned char)json.data[at + n] & 0xC0) == 0x80)
            n--; /* not inside a character */
        cdc_buf_puts(out, ",\n    ");
        put_string(out, json.data + at, n);
        at += n;
    }
    cdc_buf_release(&json);
    cdc_buf_release(&doc);
}

/* The distinct topics of the generated filters, ';'-separated, in filter
 * order: the sink's allow-list. */
static void sink_topics(cdc_buf *out, const cdc_program *p)
{
    cdc_strmap seen;
    cdc_strmap_init(&seen);
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        const char *t = f->topic[CDC_TARGET_FLINK];
        if (!f->generated || cdc_strmap_get(&seen, t, strlen(t)))
            continue;
        cdc_strmap_put(&seen, t, strlen(t), (void *)f);
        if (out->len)
            cdc_buf_putc(out, ';');
        cdc_buf_puts(out, t);
    }
    cdc_strmap_release(&seen);
}

#define ROUTE_FUNCTION "cdcgen_route"
#define ROUTE_CLASS "org.cdcgen.flink.RouteFunction"

/* The columns of the fan-out layout's tables: the record whole, and for a
 * sink writing to several topics the topic of each record. */
static void put_raw_columns(cdc_buf *out, bool topic_column)
{
    cdc_buf_puts(out, " (\n");
    if (topic_column)
        cdc_buf_puts(out, "  `topic` STRING METADATA,\n");
    cdc_buf_puts(out, "  `record_key` BYTES,\n"
                      "  `record_value` BYTES,\n"
                      "  `headers` MAP<STRING, BYTES> METADATA\n"
                      ")");
}

static void put_raw_formats(cdc_buf *out)
{
    put_option(out, "key.format", "raw", false);
    put_option(out, "key.fields", "record_key", false);
    put_option(out, "value.format", "raw", false);
    put_option(out, "value.fields-include", "EXCEPT_KEY", true);
}

static void emit_fan_out(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    put_header(out, p, "Apache Flink SQL, Kafka connector, raw format");
    cdc_buf_puts(out,
                 "-- Layout: fan-out (flink.layout): the source is read once, whole; a table\n"
                 "-- function decides every filter for each record; one sink writes the record\n"
                 "-- to the topic of each filter that routes it. One Kafka producer, and memory,\n"
                 "-- threads and planning time that do not grow with the filter count.\n");
    put_checkpointing(out, cfg);

    if (!any_generated(p)) {
        put_nothing_to_route(out);
        return;
    }
    cdc_buf_puts(out,
                 "\n-- The routing function: the evaluator of cdcgen's Kafka Streams runtime\n"
                 "-- (the same semantics, proven against cdcgen eval), in cdcgen-flink.jar,\n"
                 "-- which must be on the job's class path: `make install` puts it in\n"
                 "-- share/cdcgen; add it with ADD JAR, sql-client.sh --jar, or Flink's lib/.\n"
                 "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS ");
    put_ident(out, ROUTE_FUNCTION);
    cdc_buf_puts(out, " AS ");
    put_cstring(out, ROUTE_CLASS);
    cdc_buf_puts(out, " LANGUAGE JAVA;\n");

    cdc_buf line = CDC_BUF_INIT;
    cdc_buf_printf(&line,
                   "Source: every record of topic %s, whole: key and value as raw bytes, and\n"
                   "its headers. Nothing is decoded but by the routing function, nothing is\n"
                   "re-serialized: a sink writes the key, the value and the headers it read,\n"
                   "so a routed record has every field, even one added after generation, and\n"
                   "the same key lands on the same partition (Kafka's default partitioner).\n"
                   "Lost on the way: the order of the headers and a repeated header key\n"
                   "(Flink keeps one value per key, in no order) and tombstones (null values\n"
                   "are skipped).",
                   cfg->source_topic);
    cdc_buf_putc(out, '\n');
    put_comment(out, line.data);
    cdc_buf_release(&line);
    cdc_buf_puts(out, "CREATE TABLE ");
    put_ident(out, p->source_table);
    put_raw_columns(out, false);
    cdc_buf_puts(out, " WITH (\n");
    put_source_options(out, cfg);
    put_raw_formats(out);
    cdc_buf_puts(out, ");\n");

    cdc_buf topics = CDC_BUF_INIT;
    sink_topics(&topics, p);
    /* A sink needs the 'topic' option, and makes the `topic` column writable
     * only when the option lists several (FLINK-22748): with one topic to
     * route to, the sink names it and has no such column. */
    bool one_topic = !strchr(topics.data, ';');
    cdc_buf_puts(
        out,
        one_topic
            ? "\n-- The sink: one Kafka producer writing each routed record to the one topic\n"
              "-- every filter routes to.\n"
            : "\n-- The sink: one Kafka producer writing each routed record to the topic in its\n"
              "-- `topic` column; the 'topic' option lists every filter's topic, and the\n"
              "-- sink refuses any other.\n");
    cdc_buf_puts(out, "CREATE TABLE ");
    cdc_buf routed = CDC_BUF_INIT;
    cdc_buf_printf(&routed, "%s__routed", p->source_table);
    put_ident(out, routed.data);
    put_raw_columns(out, !one_topic);
    cdc_buf_puts(out, " WITH (\n");
    put_option(out, "connector", "kafka", false);
    put_option(out, "topic", topics.data, false);
    cdc_buf_release(&topics);
    put_option(out, "properties.bootstrap.servers", cfg->bootstrap_servers, false);
    /* flushes on every checkpoint, before the source commits its offsets */
    put_option(out, "sink.delivery-guarantee", "at-least-once", false);
    put_raw_formats(out);
    cdc_buf_puts(out, ");\n");

    cdc_buf_puts(out, "\n-- The routes, in the routing table's order:\n");
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        if (!f->generated)
            continue;
        cdc_buf l = CDC_BUF_INIT;
        cdc_buf_printf(&l, "Route to %s: filter %s (%s)", f->topic[CDC_TARGET_FLINK], f->id.s,
                       f->name.s ? f->name.s : "");
        put_comment(out, l.data);
        cdc_buf_release(&l);
    }
    cdc_buf_puts(out,
                 "-- The function's arguments after the value are the routing table, the\n"
                 "-- filters as the kstreams target's topology JSON holds them (cut into string\n"
                 "-- literals, which the JVM limits to 64 KB): read once, when the job starts.\n"
                 "INSERT INTO ");
    put_ident(out, routed.data);
    cdc_buf_puts(out,
                 one_topic
                     ? "\nSELECT s.`record_key`, s.`record_value`, s.`headers`\nFROM "
                     : "\nSELECT r.`topic`, s.`record_key`, s.`record_value`, s.`headers`\nFROM ");
    put_ident(out, p->source_table);
    cdc_buf_puts(out, " AS s,\n  LATERAL TABLE(");
    put_ident(out, ROUTE_FUNCTION);
    cdc_buf_puts(out, "(s.`record_value`");
    put_routes(out, p, cfg);
    cdc_buf_puts(out, ")) AS r(`topic`);\n");
    cdc_buf_release(&routed);
}

void cdc_emit_flink(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    if (cdc_flink_fan_out(p, cfg))
        emit_fan_out(p, cfg, out);
    else
        emit_per_filter(p, cfg, out);
}

void cdc_emit_confluent(const cdc_program *p, const cdc_config *cfg, cdc_buf *out)
{
    utc_cols u = {0};
    utc_collect_program(&u, p);

    put_header(out, p, "Confluent Cloud for Apache Flink SQL");
    cdc_buf_puts(out, "-- Submit each statement below as its own Confluent Flink statement.\n");
    /* Confluent Cloud runs Java table functions (an uploaded artifact and
     * CREATE FUNCTION ... USING JAR 'confluent-artifact://...'), but a
     * table there is its topic: no sink writes to a topic of a column. */
    cdc_buf_puts(out,
                 "-- Layout: per-filter, whatever flink.layout says. Confluent Cloud runs Java\n"
                 "-- table functions (cdcgen-flink.jar as an artifact), but a table is its topic\n"
                 "-- there, so one sink cannot write to each filter's topic: the fan-out layout\n"
                 "-- of the flink target has no equivalent, and every filter keeps its table\n"
                 "-- and INSERT. Each table's value is the schema's columns, re-serialized by\n"
                 "-- json-registry; the record key and headers are not carried.\n");
    cdc_buf line = CDC_BUF_INIT;
    cdc_buf_printf(&line,
                   "Source: the inferred table %s, the topic the connect-confluent target\n"
                   "writes with value format json-registry; its timestamp columns are ISO-8601\n"
                   "text there, compared as instants below.",
                   cfg->source_topic);
    if (u.n > 0)
        cdc_buf_puts(&line,
                     "\nAn INSERT that compares a timestamp carried as text (a column or a JSON\n"
                     "path) reads from a derived table adding, once per such timestamp, a column\n"
                     "<field>__utc: its UTC instant, whatever the offset (Z, +hh, +hhmm, +hh:mm);\n"
                     "NULL when the text is no valid instant, the same as cdcgen's semantics.");
    put_comment(out, line.data);
    cdc_buf_release(&line);

    /* On Confluent a table is a topic: CREATE TABLE creates the topic and
     * its schema subjects, so no connector, topic or bootstrap options. */
    cdc_buf table = CDC_BUF_INIT, columns = CDC_BUF_INIT; /* the same for every filter */
    put_columns(&table, p->schema);
    cdc_buf_puts(&table, " WITH (\n");
    put_option(&table, "value.format", "json-registry", true);
    cdc_buf_puts(&table, ");\n");
    put_column_list(&columns, p->schema);
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        if (!f->generated)
            continue;
        cdc_buf_putc(out, '\n');
        put_filter_comment(out, f);
        cdc_buf_puts(out, "CREATE TABLE IF NOT EXISTS ");
        put_ident(out, f->topic[CDC_TARGET_CONFLUENT]);
        cdc_buf_add(out, table.data, table.len);
    }
    cdc_buf_release(&table);

    if (!any_generated(p)) {
        put_nothing_to_route(out);
    } else {
        bool *used = xcalloc(u.n ? u.n : 1, sizeof *used);
        size_t *order = xcalloc(u.n ? u.n : 1, sizeof *order);
        cdc_buf_puts(out, "\nEXECUTE STATEMENT SET\nBEGIN\n");
        for (size_t i = 0; i < p->nfilters; i++) {
            const cdc_filter *f = p->filters[i];
            if (!f->generated)
                continue;
            cdc_buf_puts(out, "  INSERT INTO ");
            put_ident(out, f->topic[CDC_TARGET_CONFLUENT]);
            /* Columns by name: an inferred table may carry more (key fields),
             * and the derived table adds the helper columns. */
            cdc_buf_puts(out, "\n  SELECT ");
            cdc_buf_add(out, columns.data, columns.len);
            size_t n = 0;
            memset(used, 0, (u.n ? u.n : 1) * sizeof *used);
            utc_used(&u, f->cond, used, order, &n);
            if (n > 0) {
                /* Each helper column this filter compares, computed once. */
                cdc_buf_puts(out, " FROM (\n    SELECT *");
                put_utc_items(out, &u, order, n, 6);
                cdc_buf_puts(out, "\n    FROM ");
                put_ident(out, cfg->source_topic);
                cdc_buf_puts(out, "\n  )");
            } else {
                cdc_buf_puts(out, " FROM ");
                put_ident(out, cfg->source_topic);
            }
            put_where(out, &u, f->cond);
        }
        cdc_buf_puts(out, "END;\n");
        free(used);
        free(order);
    }
    cdc_buf_release(&columns);
    utc_cols_release(&u);
}

/* ---- the backfill job (cdcgen backfill) ---- */

/* Whether any condition of the backfill compares a timestamp carried as text. */
static bool backfill_uses_utc(const cdc_flink_backfill *bf)
{
    for (size_t i = 0; i < bf->n; i++)
        if (cond_uses_utc(bf->v[i].head->cond) ||
            (bf->v[i].base && cond_uses_utc(bf->v[i].base->cond)))
            return true;
    return false;
}

/* "(cond) IS TRUE", the condition bare inside its parentheses. */
static void put_truth(cdc_buf *out, const utc_cols *u, const cdc_cond *c, const char *is)
{
    cdc_buf_putc(out, '(');
    put_cond(out, u, c, true);
    cdc_buf_printf(out, ") %s", is);
}

/* The bounded source: the live source's table, read from bf's start to
 * its end offsets, with no consumer group and no commits, so that it can
 * never move the live job's group. */
static void put_backfill_source(cdc_buf *out, const cdc_program *p, const cdc_config *cfg,
                                const cdc_flink_backfill *bf, const char *table,
                                const char *headers, const char *keys)
{
    put_comment(out, "Source: the source topic from the start to the switch-over point R, then "
                     "the job ends.\nNo properties.group.id: the Kafka source then commits "
                     "nothing (flink-connector-kafka\nKafkaSourceBuilder turns "
                     "commit.offsets.on.checkpoint off without one), and\nit is turned off "
                     "explicitly as well, so the live job's group is never moved.");
    cdc_buf_puts(out, "CREATE TABLE ");
    put_ident(out, table);
    put_record_columns(out, p->schema, headers);
    cdc_buf_puts(out, " WITH (\n");
    put_option(out, "connector", "kafka", false);
    put_option(out, "topic", cfg->source_topic, false);
    put_option(out, "properties.bootstrap.servers", cfg->bootstrap_servers, false);
    put_option(out, "properties.commit.offsets.on.checkpoint", "false", false);
    put_option(out, "scan.startup.mode", bf->startup_mode, false);
    if (strcmp(bf->startup_mode, "timestamp") == 0)
        put_option(out, "scan.startup.timestamp-millis", bf->startup_value, false);
    else if (strcmp(bf->startup_mode, "specific-offsets") == 0)
        put_option(out, "scan.startup.specific-offsets", bf->startup_value, false);
    put_option(out, "scan.bounded.mode", "specific-offsets", false);
    put_option(out, "scan.bounded.specific-offsets", bf->until, false);
    put_json_formats(out, keys);
    cdc_buf_puts(out, ");\n");
}

void cdc_emit_flink_backfill(const cdc_program *p, const cdc_config *cfg,
                             const cdc_flink_backfill *bf, cdc_buf *out)
{
    utc_cols u = {0};
    for (size_t i = 0; i < bf->n; i++) {
        utc_collect(&u, p->schema, bf->v[i].head->cond);
        if (bf->v[i].base)
            utc_collect(&u, p->schema, bf->v[i].base->cond);
    }
    char *headers = headers_column(p->schema);
    cdc_buf keys = CDC_BUF_INIT, name = CDC_BUF_INIT;
    key_fields(&keys, p->schema);
    const char *key_list = keys.len ? keys.data : "";

    put_header(out, p, "Apache Flink SQL, Kafka connector, JSON format: a backfill");
    cdc_buf line = CDC_BUF_INIT;
    cdc_buf_printf(&line,
                   "Backfill against %s: each filter below gets the events of [start, R) that "
                   "its\nnew version routes and its old one did not (new IS TRUE AND old IS "
                   "NOT TRUE;\nan added filter: every event it routes). The new job routes "
                   "from R on, so\nnone is written twice. Records are written as the "
                   "per-filter layout writes them.",
                   bf->against);
    put_comment(out, line.data);
    cdc_buf_puts(out, "SET 'pipeline.name' = ");
    cdc_buf_printf(&name, "cdcgen backfill %s", cfg->source_topic);
    put_cstring(out, name.data);
    cdc_buf_puts(out, ";\n");
    if (bf->n == 0) {
        cdc_buf_puts(out, "\n-- No filter routes events its old version did not: nothing to "
                          "backfill.\n");
        goto done;
    }

    cdc_buf_reset(&name);
    cdc_buf_printf(&name, "%s__backfill", p->source_table);
    const char *source = xstrdup(name.data);
    cdc_buf_putc(out, '\n');
    put_backfill_source(out, p, cfg, bf, source, headers, key_list);
    char *view = NULL;
    if (backfill_uses_utc(bf)) {
        cdc_buf_reset(&name);
        cdc_buf_printf(&name, "%s__utc", source);
        view = xstrdup(name.data);
        cdc_buf_puts(out, "\n-- Timestamps carried as text, each converted once to its UTC "
                          "instant, as in\n-- flink.sql.\nCREATE TEMPORARY VIEW ");
        put_ident(out, view);
        cdc_buf_puts(out, " AS\nSELECT *");
        size_t *order = xcalloc(u.n, sizeof *order);
        for (size_t i = 0; i < u.n; i++)
            order[i] = i;
        put_utc_items(out, &u, order, u.n, 2);
        free(order);
        cdc_buf_puts(out, "\nFROM ");
        put_ident(out, source);
        cdc_buf_puts(out, ";\n");
    }

    for (size_t i = 0; i < bf->n; i++) {
        const cdc_filter *f = bf->v[i].head;
        cdc_buf_putc(out, '\n');
        put_filter_comment(out, f);
        cdc_buf_puts(out, "CREATE TABLE ");
        cdc_buf_reset(&name);
        cdc_buf_printf(&name, "%s__backfill", f->sink_table);
        put_ident(out, name.data);
        put_record_columns(out, p->schema, headers);
        cdc_buf_puts(out, " WITH (\n");
        put_option(out, "connector", "kafka", false);
        put_option(out, "topic", f->topic[CDC_TARGET_FLINK], false);
        put_option(out, "properties.bootstrap.servers", cfg->bootstrap_servers, false);
        put_option(out, "sink.delivery-guarantee", "at-least-once", false);
        put_json_formats(out, key_list);
        cdc_buf_puts(out, ");\n");
    }

    cdc_buf_puts(out, "\nEXECUTE STATEMENT SET\nBEGIN\n");
    for (size_t i = 0; i < bf->n; i++) {
        const cdc_filter *f = bf->v[i].head, *old = bf->v[i].base;
        cdc_buf_puts(out, "  INSERT INTO ");
        cdc_buf_reset(&name);
        cdc_buf_printf(&name, "%s__backfill", f->sink_table);
        put_ident(out, name.data);
        cdc_buf_puts(out, "\n  SELECT ");
        put_column_list(out, p->schema);
        cdc_buf_puts(out, ", ");
        put_ident(out, headers);
        cdc_buf_puts(out, " FROM ");
        put_ident(out, view ? view : source);
        cdc_buf_puts(out, "\n  WHERE ");
        put_truth(out, &u, f->cond, "IS TRUE");
        if (old) {
            cdc_buf_puts(out, "\n    AND ");
            put_truth(out, &u, old->cond, "IS NOT TRUE");
        }
        cdc_buf_puts(out, ";\n");
    }
    cdc_buf_puts(out, "END;\n");
    free(view);
    free((char *)source);
done:
    cdc_buf_release(&line);
    cdc_buf_release(&name);
    cdc_buf_release(&keys);
    free(headers);
    utc_cols_release(&u);
}

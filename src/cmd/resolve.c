/* cmd/resolve.c: `cdcgen resolve FILE`: a connector config with its secret
 * references resolved, for what has no config providers.
 *
 * Kafka Connect workers resolve ${env:NAME} and ${file:PATH:KEY} themselves
 * (config.providers). Confluent Cloud's managed connectors have no config
 * providers and would take the reference text as the password, so the
 * connect-confluent config must be resolved by whoever submits it:
 *   confluent connect cluster create --config-file <(cdcgen resolve generated/connect-confluent.json)
 * Every string in the JSON document is scanned for references, as Kafka's
 * ConfigTransformer does (${provider:[path:]key}); env and file (a Java
 * properties file, key=value or key: value) are resolved, any other provider
 * is an error, as is an unset variable or a missing key: each is a
 * diagnostic naming the value's JSON pointer, and any of them means exit 2
 * (resolve has no findings: it prints the document or fails). The result
 * goes to standard output only: cdcgen never writes a secret to a file. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/json.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"

static const char usage_text[] =
    "usage: cdcgen resolve [--format text|json|github|sarif|markdown] [--max-errors N] FILE|-\n"
    "\n"
    "Print a connector config (JSON) with every ${env:NAME} and ${file:PATH:KEY}\n"
    "reference replaced by its value, for connectors without config providers\n"
    "(Confluent Cloud). The secrets go to standard output only.\n"
    "\n"
    "      --format FMT     diagnostics as text, json, github, sarif or markdown\n"
    /* then the options every command takes */
    CDC_HELP_MAX_ERRORS CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

/* Where a reference is resolved: the run collecting diagnostics, the input
 * file, and the JSON pointer of the value at hand ("#/a/0"). */
typedef struct resolver {
    cdc_run *run;
    const cdc_source *src;
    cdc_buf where;
} resolver;

static void CDC_PRINTF(2, 3) fail(resolver *R, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *why = cdc_arena_vprintf(R->run->arena, fmt, ap);
    va_end(ap);
    cdc_diag_error(&R->run->diags, R->src, (cdc_pos){0, 0, 0, 0}, "unresolved-reference",
                   "at %s: %s", R->where.data, why);
    R->run->io_error = true;
}

/* The value of key in a Java properties file (key=value, key: value or
 * key value; # and ! start comments). Returns a malloc'd string or NULL. */
static char *properties_value(const char *path, const char *key, bool *readable)
{
    FILE *f = fopen(path, "r");
    *readable = f != NULL;
    if (!f)
        return NULL;
    char *line = NULL, *found = NULL;
    size_t cap = 0;
    size_t klen = strlen(key);
    while (!found && getline(&line, &cap, f) > 0) {
        char *s = line + strspn(line, " \t\f");
        if (*s == '#' || *s == '!')
            continue;
        if (strncmp(s, key, klen) != 0 || !strchr(" \t\f=:", s[klen]))
            continue;
        s += klen;
        s += strspn(s, " \t\f");
        if (*s == '=' || *s == ':')
            s++;
        s += strspn(s, " \t\f");
        s[strcspn(s, "\r\n")] = '\0';
        found = xstrdup(s);
    }
    free(line);
    fclose(f);
    return found;
}

/* Appends the value of one reference body "provider:rest" to out; false
 * (with a diagnostic) when it cannot be resolved. */
static bool resolve_one(resolver *R, const char *body, cdc_buf *out)
{
    if (strncmp(body, "env:", 4) == 0) {
        const char *v = getenv(body + 4);
        if (!v) {
            fail(R, "environment variable '%s' is not set", body + 4);
            return false;
        }
        cdc_buf_puts(out, v);
        return true;
    }
    if (strncmp(body, "file:", 5) == 0) {
        const char *path = body + 5, *colon = strrchr(path, ':');
        if (!colon || colon == path || !colon[1]) {
            fail(R, "'${%s}' needs a path and a key (${file:PATH:KEY})", body);
            return false;
        }
        char *file = xstrdup(path);
        file[colon - path] = '\0';
        bool readable;
        char *v = properties_value(file, colon + 1, &readable);
        if (v)
            cdc_buf_puts(out, v);
        else if (readable)
            fail(R, "no key '%s' in %s", colon + 1, file);
        else
            fail(R, "cannot read %s: %s", file, strerror(errno));
        free(file);
        free(v);
        return v != NULL;
    }
    fail(R, "'${%s}': only the env and file providers can be resolved", body);
    return false;
}

/* Replaces every ${provider:...} in s; NULL on failure. */
static char *resolve_string(resolver *R, const char *s)
{
    cdc_buf out = CDC_BUF_INIT;
    cdc_buf_init(&out);
    while (*s) {
        const char *start = strstr(s, "${");
        const char *end = start ? strchr(start, '}') : NULL;
        const char *colon = start ? strchr(start, ':') : NULL;
        if (!start || !end) {
            cdc_buf_puts(&out, s);
            break;
        }
        if (!colon || colon > end) { /* no provider: not a reference */
            cdc_buf_add(&out, s, (size_t)(end + 1 - s));
            s = end + 1;
            continue;
        }
        cdc_buf_add(&out, s, (size_t)(start - s));
        char *body = xstrdup(start + 2);
        body[end - start - 2] = '\0';
        bool ok = resolve_one(R, body, &out);
        free(body);
        if (!ok) {
            cdc_buf_release(&out);
            return NULL;
        }
        s = end + 1;
    }
    return out.data;
}

/* Walks the document; R->where is the JSON pointer of v. */
static bool resolve_json(resolver *R, json_t *v)
{
    cdc_buf *where = &R->where;
    size_t mark = where->len;
    bool ok = true;
    if (json_is_object(v)) {
        for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it)) {
            cdc_buf_printf(where, "/%s", json_object_iter_key(it));
            ok &= resolve_json(R, json_object_iter_value(it));
            where->len = mark;
            where->data[mark] = '\0';
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            cdc_buf_printf(where, "/%zu", i);
            ok &= resolve_json(R, json_array_get(v, i));
            where->len = mark;
            where->data[mark] = '\0';
        }
    } else if (json_is_string(v)) {
        char *r = resolve_string(R, json_string_value(v));
        if (!r)
            return false;
        json_string_set(v, r);
        free(r);
    }
    return ok;
}

/* Reads the document at path ("-": standard input); NULL after a diagnostic. */
static json_t *load(cdc_run *r, const char *path, const cdc_source *src)
{
    bool std_in = strcmp(path, "-") == 0;
    FILE *f = std_in ? stdin : fopen(path, "rb");
    if (!f) {
        cdc_diag_error(&r->diags, src, (cdc_pos){0, 0, 0, 0}, "io", "cannot read: %s",
                       strerror(errno));
        r->io_error = true;
        return NULL;
    }
    json_error_t err;
    json_t *doc = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
    if (!std_in)
        fclose(f);
    if (!doc) {
        uint32_t line = err.line > 0 ? (uint32_t)err.line : 0;
        uint32_t col = err.column > 0 ? (uint32_t)err.column : 1;
        cdc_diag_error(&r->diags, src, (cdc_pos){line, 0, line, line ? col : 0}, "bad-json",
                       "malformed JSON: %s", err.text);
        r->io_error = true;
    }
    return doc;
}

/* No -c: resolve reads no project config. */
static const struct option longopts[] = {
    CDC_LONGOPT_FORMAT,
    CDC_LONGOPT_MAX_ERRORS,
    CDC_LONGOPT_HELP,
    CDC_LONGOPTS_END,
};
static const cdc_optspec spec = {longopts, "h", usage, NULL};

/* Resolves every reference in doc and prints it; nothing is printed
 * unless every reference resolved. Frees doc. */
static void resolve_and_print(resolver *R, json_t *doc)
{
    cdc_buf_init(&R->where);
    cdc_buf_puts(&R->where, "#");
    bool ok = resolve_json(R, doc);
    cdc_buf_release(&R->where);
    if (ok) {
        cdc_buf text = CDC_BUF_INIT;
        cdc_buf_init(&text);
        cdc_json_write(doc, 0, &text);
        fwrite(text.data, 1, text.len, stdout);
        cdc_buf_release(&text);
    } else {
        json_decref(doc);
    }
}

int cmd_resolve(int argc, char **argv, const cdc_project *project)
{
    /* Standard output carries the resolved document; diagnostics go to standard error. */
    cdc_opts o = {.format = CDC_DIAG_TEXT, .stdout_is_product = true};
    int status = cdc_opts_parse(argc, argv, &spec, NULL, &o);
    if (status != CDC_OPT_NEXT)
        return status;
    if (o.nargs != 1) {
        fputs("cdcgen resolve: give one FILE, or - for standard input\n", stderr);
        usage(stderr);
        return CDC_EXIT_ERROR;
    }
    const char *path = o.args[0];
    cdc_run r;
    cdc_run_init(&r, project);
    resolver R = {&r, cdc_run_named_source(&r, strcmp(path, "-") == 0 ? "<stdin>" : path),
                  CDC_BUF_INIT};
    json_t *doc = load(&r, path, R.src);
    if (doc)
        resolve_and_print(&R, doc);
    return cdc_run_end(&r, &o);
}

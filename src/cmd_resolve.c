/* cmd_resolve.c: `cdcgen resolve FILE`: a connector config with its secret
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
 * is an error, as is an unset variable or a missing key. The result goes to
 * standard output only: cdcgen never writes a secret to a file. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cdcgen/driver.h"

static const char usage[] =
    "usage: cdcgen resolve FILE|-\n"
    "\n"
    "Print a connector config (JSON) with every ${env:NAME} and ${file:PATH:KEY}\n"
    "reference replaced by its value, for connectors without config providers\n"
    "(Confluent Cloud). The secrets go to standard output only.\n"
    "\n"
    "  -h, --help   show this help\n";

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
 * (with a message naming where) when it cannot be resolved. */
static bool resolve_one(const char *body, const char *where, cdc_buf *out)
{
    if (strncmp(body, "env:", 4) == 0) {
        const char *v = getenv(body + 4);
        if (!v) {
            fprintf(stderr, "cdcgen: %s: environment variable '%s' is not set\n", where, body + 4);
            return false;
        }
        cdc_buf_puts(out, v);
        return true;
    }
    if (strncmp(body, "file:", 5) == 0) {
        const char *path = body + 5, *colon = strrchr(path, ':');
        if (!colon || colon == path || !colon[1]) {
            fprintf(stderr, "cdcgen: %s: '${%s}' needs a path and a key (${file:PATH:KEY})\n",
                    where, body);
            return false;
        }
        char *file = xstrdup(path);
        file[colon - path] = '\0';
        bool readable;
        char *v = properties_value(file, colon + 1, &readable);
        if (!v)
            fprintf(stderr, "cdcgen: %s: %s '%s'%s%s\n", where,
                    readable ? "no key" : "cannot read", readable ? colon + 1 : file,
                    readable ? " in " : ": ", readable ? file : strerror(errno));
        else
            cdc_buf_puts(out, v);
        free(file);
        free(v);
        return v != NULL;
    }
    fprintf(stderr, "cdcgen: %s: '${%s}': only the env and file providers can be resolved\n", where,
            body);
    return false;
}

/* Replaces every ${provider:...} in s; NULL on failure. */
static char *resolve_string(const char *s, const char *where)
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
        bool ok = resolve_one(body, where, &out);
        free(body);
        if (!ok) {
            cdc_buf_release(&out);
            return NULL;
        }
        s = end + 1;
    }
    return out.data;
}

/* Walks the document; where is the JSON pointer for messages. */
static bool resolve_json(json_t *v, cdc_buf *where)
{
    size_t mark = where->len;
    bool ok = true;
    if (json_is_object(v)) {
        const char *key;
        json_t *child;
        json_object_foreach(v, key, child) {
            cdc_buf_printf(where, "/%s", key);
            ok &= resolve_json(child, where);
            where->len = mark;
            where->data[mark] = '\0';
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *child;
        json_array_foreach(v, i, child) {
            cdc_buf_printf(where, "/%zu", i);
            ok &= resolve_json(child, where);
            where->len = mark;
            where->data[mark] = '\0';
        }
    } else if (json_is_string(v)) {
        char *r = resolve_string(json_string_value(v), where->data);
        if (!r)
            return false;
        json_string_set(v, r);
        free(r);
    }
    return ok;
}

int cmd_resolve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            return CDC_EXIT_OK;
        }
        fputs(usage, stderr);
        return CDC_EXIT_ERROR;
    }
    if (argc - optind != 1) {
        fputs(usage, stderr);
        return CDC_EXIT_ERROR;
    }
    const char *path = argv[optind];
    json_error_t err;
    json_t *doc = strcmp(path, "-") == 0 ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &err)
                                         : json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!doc) {
        if (err.line > 0)
            fprintf(stderr, "cdcgen: %s:%d:%d: %s\n", path, err.line, err.column, err.text);
        else
            fprintf(stderr, "cdcgen: %s\n", err.text);
        return CDC_EXIT_ERROR;
    }
    cdc_buf where = CDC_BUF_INIT;
    cdc_buf_init(&where);
    cdc_buf_printf(&where, "%s#", path);
    bool ok = resolve_json(doc, &where);
    cdc_buf_release(&where);
    int status = CDC_EXIT_ERROR;
    if (ok) {
        char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (text && fputs(text, stdout) != EOF && putchar('\n') != EOF && fflush(stdout) == 0)
            status = CDC_EXIT_OK;
        else
            fprintf(stderr, "cdcgen: cannot write to standard output\n");
        free(text);
    }
    json_decref(doc);
    return status;
}

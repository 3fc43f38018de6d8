/* live/connect.c: one connector on Kafka Connect's REST API.
 *
 * GET /connectors/NAME/config answers the config as it was submitted:
 * Connect resolves ${provider:...} references only when it hands the
 * config to the connector, so they are compared as text with the generated
 * ones and never resolved here. Connect adds "name" to every config; it is
 * compared like any key (the generated config has none, and a "name" equal
 * to the connector's is no difference). A literal value under a secret's
 * key is shown masked, whichever side holds it. GET .../status gives the
 * connector's state and its tasks'. PUT .../config creates the connector or
 * replaces its whole config; Connect validates it first and answers 400
 * with its reasons when it refuses. */
#include <stdio.h>
#include <string.h>

#include "cdcgen/live/connect.h"
#include "cdcgen/base/util.h"

bool cdc_connect_is_secret(const char *key)
{
    static const char *const words[] = {"password",    "secret",          "api.key",
                                        "apikey",      "token",           "credential",
                                        "private.key", "sasl.jaas.config"};
    for (size_t i = 0; i < ARRAY_SIZE(words); i++)
        if (strstr(key, words[i]))
            return true;
    return false;
}

const char *cdc_connect_shown(const char *key, const char *value)
{
    if (!value || strncmp(value, "${", 2) == 0 || !cdc_connect_is_secret(key))
        return value;
    return "(hidden)";
}

bool cdc_connect_read_generated(cdc_arena *a, const char *text, size_t len, const char **name,
                                json_t **config, cdc_buf *err)
{
    json_t *root = json_loadb(text, len, 0, NULL);
    json_t *n = json_object_get(root, "name"), *c = json_object_get(root, "config");
    bool ok = json_is_string(n) && json_is_object(c);
    if (ok) {
        *name = cdc_arena_strdup(a, json_string_value(n));
        *config = json_incref(c);
    } else {
        cdc_buf_puts(err, "the generated connector has no \"name\" and \"config\"");
    }
    json_decref(root);
    return ok;
}

/* "/connectors/NAME/what" */
static void path_of(cdc_buf *b, const char *name, const char *what)
{
    cdc_buf_puts(b, "/connectors/");
    cdc_http_put_segment(b, name);
    cdc_buf_puts(b, what);
}

/* An answer that is neither what was asked nor 404: false, with its status
 * and reason. */
static bool refused(cdc_buf *err, const char *method, const cdc_http *h, const char *path,
                    const cdc_http_reply *r)
{
    char why[256];
    cdc_buf_printf(err, "%s %s%s: HTTP %ld: %s", method, h->shown, path, r->status,
                   cdc_http_reply_reason(r, why, sizeof why));
    return false;
}

static const char *text_of(cdc_arena *a, json_t *v)
{
    if (json_is_string(v))
        return cdc_arena_strdup(a, json_string_value(v));
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    const char *t = cdc_arena_strdup(a, s ? s : "");
    free(s);
    return t;
}

static void add_diff(cdc_arena *a, cdc_connect_state *out, const char *key, const char *live,
                     const char *want)
{
    out->diffs = cdc_arena_grow(a, out->diffs, out->ndiffs, sizeof *out->diffs);
    out->diffs[out->ndiffs++] = (cdc_connect_diff){
        cdc_arena_strdup(a, key), cdc_connect_shown(key, live), cdc_connect_shown(key, want)};
}

static void compare(cdc_arena *a, const char *name, json_t *live, json_t *want,
                    cdc_connect_state *out)
{
    const char *key;
    json_t *v;
    json_object_foreach(want, key, v)
    {
        const char *w = text_of(a, v);
        json_t *l = json_object_get(live, key);
        const char *lt = l ? text_of(a, l) : NULL;
        if (!lt || strcmp(lt, w) != 0)
            add_diff(a, out, key, lt, w);
    }
    json_object_foreach(live, key, v)
    {
        if (json_object_get(want, key))
            continue;
        const char *lt = text_of(a, v);
        if (strcmp(key, "name") == 0 && strcmp(lt, name) == 0)
            continue; /* Connect's own copy of the connector's name */
        add_diff(a, out, key, lt, NULL);
    }
}

static bool read_status(cdc_arena *a, cdc_http *h, const char *name, cdc_connect_state *out,
                        cdc_buf *err)
{
    cdc_buf path = CDC_BUF_INIT;
    cdc_buf_init(&path);
    path_of(&path, name, "/status");
    cdc_http_reply r;
    bool ok = cdc_http_request(h, "GET", path.data, NULL, &r, err);
    if (ok && r.status == 200) {
        json_t *c = json_object_get(r.body, "connector"), *tasks = json_object_get(r.body, "tasks");
        json_t *state = json_object_get(c, "state");
        out->state = json_is_string(state) ? cdc_arena_strdup(a, json_string_value(state)) : NULL;
        out->ntasks = json_array_size(tasks);
        out->tasks = cdc_arena_alloc(a, (out->ntasks + 1) * sizeof *out->tasks);
        for (size_t i = 0; i < out->ntasks; i++) {
            json_t *t = json_array_get(tasks, i);
            json_t *ts = json_object_get(t, "state");
            out->tasks[i] = (cdc_connect_task){
                (long)json_integer_value(json_object_get(t, "id")),
                json_is_string(ts) ? cdc_arena_strdup(a, json_string_value(ts)) : "UNKNOWN"};
        }
    } else if (ok && r.status != 404) {
        /* 404 right after the config was read: the connector has no
         * status yet (being created); no state then */
        ok = refused(err, "GET", h, path.data, &r);
    }
    if (ok || r.status)
        cdc_http_reply_release(&r);
    cdc_buf_release(&path);
    return ok;
}

bool cdc_connect_read(cdc_arena *a, cdc_http *h, const char *name, json_t *want,
                      cdc_connect_state *out, cdc_buf *err)
{
    *out = (cdc_connect_state){0};
    cdc_buf path = CDC_BUF_INIT;
    cdc_buf_init(&path);
    path_of(&path, name, "/config");
    cdc_http_reply r;
    bool ok = cdc_http_request(h, "GET", path.data, NULL, &r, err);
    if (ok) {
        if (r.status == 404) {
            compare(a, name, NULL, want, out);
        } else if (r.status == 200 && json_is_object(r.body)) {
            out->exists = true;
            compare(a, name, r.body, want, out);
            ok = read_status(a, h, name, out, err);
        } else {
            ok = refused(err, "GET", h, path.data, &r);
        }
        cdc_http_reply_release(&r);
    }
    cdc_buf_release(&path);
    return ok;
}

bool cdc_connect_put(cdc_http *h, const char *name, json_t *config, cdc_buf *err)
{
    cdc_buf path = CDC_BUF_INIT;
    cdc_buf_init(&path);
    path_of(&path, name, "/config");
    cdc_http_reply r;
    bool ok = cdc_http_request(h, "PUT", path.data, config, &r, err);
    if (ok) {
        if (r.status != 200 && r.status != 201)
            ok = refused(err, "PUT", h, path.data, &r);
        cdc_http_reply_release(&r);
    }
    cdc_buf_release(&path);
    return ok;
}

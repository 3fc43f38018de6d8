/* live/flink_rest.c: a Flink job on Flink's REST API (the same on 1.20 and
 * 2.x for what is read here).
 *
 * A job is found by its name: cdcgen's flink.sql sets pipeline.name to
 * "cdcgen <source topic>", and GET /jobs/overview lists every job the
 * cluster knows with name, state and start-time. GET
 * /jobs/:id/checkpoints has latest.completed (id, latest_ack_timestamp,
 * external_path) or null. Stop with a savepoint is an asynchronous
 * operation: POST /jobs/:id/stop {"targetDirectory", "drain": false}
 * answers a request-id, and GET /jobs/:id/savepoints/:request-id answers
 * status.id IN_PROGRESS until COMPLETED, with operation.location (the
 * savepoint's path) or operation.failure-cause. drain is false: draining
 * would fire every event-time timer and close windows for good; the
 * routing jobs have none, and a job stopped this way can be resumed. */
#include <string.h>
#include <time.h>

#include "cdcgen/live/flink_rest.h"

/* Status poll interval of a savepoint in progress. */
enum { POLL_MS = 250 };

static bool answered(cdc_buf *err, const char *method, const cdc_http *h, const char *path,
                     const cdc_http_reply *r, long want)
{
    if (r->status == want && json_is_object(r->body))
        return true;
    char why[256];
    cdc_buf_printf(err, "%s %s%s: HTTP %ld: %s", method, h->shown, path, r->status,
                   cdc_http_reply_reason(r, why, sizeof why));
    return false;
}

static bool ended(const char *state)
{
    return strcmp(state, "FINISHED") == 0 || strcmp(state, "CANCELED") == 0 ||
           strcmp(state, "FAILED") == 0;
}

static const char *str(cdc_arena *a, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? cdc_arena_strdup(a, json_string_value(v)) : NULL;
}

static bool read_checkpoint(cdc_arena *a, cdc_http *h, cdc_flink_job *j, cdc_buf *err)
{
    cdc_buf path = CDC_BUF_INIT;
    cdc_buf_init(&path);
    cdc_buf_puts(&path, "/jobs/");
    cdc_http_put_segment(&path, j->id);
    cdc_buf_puts(&path, "/checkpoints");
    cdc_http_reply r;
    bool ok = cdc_http_request(h, "GET", path.data, NULL, &r, err) &&
              answered(err, "GET", h, path.data, &r, 200);
    if (ok) {
        json_t *c = json_object_get(json_object_get(r.body, "latest"), "completed");
        if (json_is_object(c)) {
            j->has_checkpoint = true;
            j->checkpoint_id = json_integer_value(json_object_get(c, "id"));
            j->checkpoint_ms = json_integer_value(json_object_get(c, "latest_ack_timestamp"));
            /* a checkpoint that is not retained has a placeholder in
             * angle brackets (<checkpoint-not-externally-addressable>) */
            const char *where = str(a, c, "external_path");
            j->checkpoint_path = where && where[0] != '<' ? where : NULL;
        }
    }
    cdc_http_reply_release(&r);
    cdc_buf_release(&path);
    return ok;
}

bool cdc_flink_find_job(cdc_arena *a, cdc_http *h, const char *name, cdc_flink_job *out,
                        cdc_buf *err)
{
    *out = (cdc_flink_job){0};
    cdc_http_reply r;
    if (!cdc_http_request(h, "GET", "/jobs/overview", NULL, &r, err))
        return false;
    bool ok = answered(err, "GET", h, "/jobs/overview", &r, 200);
    json_t *jobs = json_object_get(r.body, "jobs");
    size_t i;
    json_t *job;
    json_array_foreach(jobs, i, job)
    {
        const char *jname = json_string_value(json_object_get(job, "name"));
        const char *state = json_string_value(json_object_get(job, "state"));
        const char *id = json_string_value(json_object_get(job, "jid"));
        if (!jname || !state || !id || strcmp(jname, name) != 0)
            continue;
        int64_t start = json_integer_value(json_object_get(job, "start-time"));
        bool active = !ended(state);
        out->nactive += active;
        /* the active one before any ended one; among equals, the newest */
        bool better = !out->found || (active && !out->active) ||
                      (active == out->active && start > out->start_ms);
        if (better)
            *out = (cdc_flink_job){true,
                                   active,
                                   cdc_arena_strdup(a, id),
                                   cdc_arena_strdup(a, state),
                                   start,
                                   out->nactive,
                                   false,
                                   0,
                                   0,
                                   NULL};
    }
    cdc_http_reply_release(&r);
    if (ok && out->active)
        ok = read_checkpoint(a, h, out, err);
    return ok;
}

static void sleep_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* One status answer of the savepoint: 1 done (location set), 0 in
 * progress, -1 failed (reason in err). */
static int savepoint_status(cdc_arena *a, const cdc_http *h, const char *path,
                            const cdc_http_reply *r, const char **location, cdc_buf *err)
{
    const char *status =
        json_string_value(json_object_get(json_object_get(r->body, "status"), "id"));
    json_t *op = json_object_get(r->body, "operation");
    if (!status || strcmp(status, "COMPLETED") != 0)
        return 0;
    json_t *loc = json_object_get(op, "location");
    if (json_is_string(loc)) {
        *location = cdc_arena_strdup(a, json_string_value(loc));
        return 1;
    }
    json_t *cause = json_object_get(op, "failure-cause");
    const char *why = json_string_value(json_object_get(cause, "stack-trace"));
    if (!why)
        why = json_string_value(json_object_get(cause, "class"));
    size_t n = why ? strcspn(why, "\r\n") : 0;
    cdc_buf_printf(err, "GET %s%s: the savepoint failed: %.*s", h->shown, path,
                   (int)(n > 300 ? 300 : n), why ? why : "no reason given");
    return -1;
}

bool cdc_flink_stop(cdc_arena *a, cdc_http *h, const char *id, const char *dir, int wait_ms,
                    const char **location, cdc_buf *err)
{
    *location = NULL;
    cdc_buf path = CDC_BUF_INIT;
    cdc_buf_init(&path);
    cdc_buf_puts(&path, "/jobs/");
    cdc_http_put_segment(&path, id);
    size_t base = path.len;
    cdc_buf_puts(&path, "/stop");
    json_t *body = json_pack("{s:s, s:b}", "targetDirectory", dir, "drain", 0);
    cdc_http_reply r;
    bool ok = cdc_http_request(h, "POST", path.data, body, &r, err) &&
              answered(err, "POST", h, path.data, &r, 202);
    json_decref(body);
    const char *trigger = ok ? str(a, r.body, "request-id") : NULL;
    cdc_http_reply_release(&r);
    if (ok && !trigger) {
        cdc_buf_printf(err, "POST %s%s: no request-id in Flink's answer", h->shown, path.data);
        ok = false;
    }
    if (ok) {
        path.len = base;
        path.data[base] = '\0';
        cdc_buf_puts(&path, "/savepoints/");
        cdc_http_put_segment(&path, trigger);
        int64_t deadline = now_ms() + wait_ms;
        for (;;) {
            ok = cdc_http_request(h, "GET", path.data, NULL, &r, err) &&
                 answered(err, "GET", h, path.data, &r, 200);
            int done = ok ? savepoint_status(a, h, path.data, &r, location, err) : -1;
            cdc_http_reply_release(&r);
            if (done != 0) {
                ok = done == 1;
                break;
            }
            if (now_ms() >= deadline) {
                cdc_buf_printf(err, "the savepoint of job %s was not done within %.3g s", id,
                               wait_ms / 1000.0);
                ok = false;
                break;
            }
            sleep_ms(POLL_MS);
        }
    }
    cdc_buf_release(&path);
    return ok;
}

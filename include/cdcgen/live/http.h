/* http.c: the HTTP client (libcurl) of the commands that talk to a REST API
 * (Kafka Connect, Flink): one request at a time, with a time limit on the
 * connection and on the whole exchange, JSON in and out, and every failure
 * as one line that names the method and the URL. A URL's user and password
 * never reach a message; credentials come from the environment and are
 * handed to libcurl only. */
#ifndef CDCGEN_LIVE_HTTP_H
#define CDCGEN_LIVE_HTTP_H

#include <jansson.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"

/* A REST endpoint: its base URL and how to reach it. */
typedef struct cdc_http {
    const char *base;    /* "http://host:port" (a trailing '/' is dropped); the caller's */
    const char *userpwd; /* "user:password" for basic auth, or NULL; never printed */
    int timeout_ms;      /* the whole exchange, connection included */
    char shown[512];     /* base as messages print it: no user or password */
} cdc_http;

/* An answer: the HTTP status and the body parsed as JSON (NULL when the
 * body is empty or not JSON; then text holds its first bytes). */
typedef struct cdc_http_reply {
    long status;
    json_t *body; /* a new reference; cdc_http_reply_release drops it */
    char text[256];
} cdc_http_reply;

/* Sets h up for base (kept as given) with the credentials in the
 * environment variable auth_env ("user:password"; unset: none) and the
 * time limit. false with the reason in err when base is no http:// or
 * https:// URL. */
bool cdc_http_init(cdc_http *h, const char *base, const char *auth_env, int timeout_ms,
                   cdc_buf *err);

/* Sends METHOD base+path (path starts with '/'), with body as JSON when
 * not NULL (borrowed). true when an answer came, whatever its status, with
 * it in reply; false with the reason in err when none came (refused, no
 * such host, timed out, TLS), naming the method and the shown URL. */
bool cdc_http_request(cdc_http *h, const char *method, const char *path, json_t *body,
                      cdc_http_reply *reply, cdc_buf *err);
void cdc_http_reply_release(cdc_http_reply *reply);

/* The reason an answer gives (its JSON "message" or "errors", else its
 * text), for messages: at most about 200 bytes, one line. */
const char *cdc_http_reply_reason(const cdc_http_reply *reply, char *out, size_t size);

/* Percent-encodes s as one path segment into b (a connector's or a job's
 * name in a URL). */
void cdc_http_put_segment(cdc_buf *b, const char *s);

#endif

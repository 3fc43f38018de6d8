/* live/http.c: the HTTP client of the REST APIs cdcgen reads (Kafka
 * Connect, Flink), on libcurl.
 *
 * Each request is one easy handle: no connection is reused between
 * requests (a plan sends a handful), redirects are not followed (a REST
 * API that moves is a misconfigured URL, said as such), and the time limit
 * covers the whole exchange, so that an address that never answers (a
 * firewall dropping packets) ends within it rather than at the kernel's
 * TCP timeout. Messages name the method and the URL without its user and
 * password (libcurl's URL parser takes them out); credentials come from an
 * environment variable and go to libcurl only. Bodies are JSON both ways
 * (jansson); an answer that is not JSON keeps its first bytes for the
 * message. */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "cdcgen/live/http.h"

/* Answers larger than this are cut (a REST answer of cdcgen's requests is
 * a few kilobytes; a connector list of thousands a few hundred). */
enum { MAX_BODY = 64 << 20 };

static void cleanup(void)
{
    curl_global_cleanup();
}

static void global_init(void)
{
    static bool done;
    if (!done) {
        done = true;
        curl_global_init(CURL_GLOBAL_DEFAULT);
        atexit(cleanup);
    }
}

/* base without user and password, into shown; false when libcurl's URL
 * parser refuses base or its scheme is not http(s). */
static bool show_url(const char *base, char *shown, size_t size)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *out = NULL;
    bool ok = u && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
              (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) &&
              curl_url_set(u, CURLUPART_USER, NULL, 0) == CURLUE_OK &&
              curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK;
    if (ok) {
        size_t n = strlen(out);
        while (n > 0 && out[n - 1] == '/')
            n--;
        snprintf(shown, size, "%.*s", (int)n, out);
    }
    curl_free(scheme);
    curl_free(out);
    curl_url_cleanup(u);
    return ok;
}

bool cdc_http_init(cdc_http *h, const char *base, const char *auth_env, int timeout_ms,
                   cdc_buf *err)
{
    *h = (cdc_http){.base = base, .timeout_ms = timeout_ms};
    global_init();
    if (!base || !show_url(base, h->shown, sizeof h->shown)) {
        /* base may hold a password: it is not repeated */
        cdc_buf_puts(err, "not an http:// or https:// URL (scheme://host:port)");
        return false;
    }
    const char *auth = auth_env ? getenv(auth_env) : NULL;
    h->userpwd = auth && *auth ? auth : NULL;
    return true;
}

typedef struct sink {
    cdc_buf *b;
} sink;

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
    sink *s = arg;
    size_t len = size * n;
    if (s->b->len + len > MAX_BODY)
        return 0; /* libcurl ends the transfer with CURLE_WRITE_ERROR */
    cdc_buf_add(s->b, data, len);
    return len;
}

/* The URL to send to: base (with its credentials, if any) + path. */
static char *full_url(const cdc_http *h, const char *path)
{
    size_t n = strlen(h->base);
    while (n > 0 && h->base[n - 1] == '/')
        n--;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_buf_printf(&b, "%.*s%s", (int)n, h->base, path);
    return b.data; /* cdc_buf's storage is the caller's now */
}

bool cdc_http_request(cdc_http *h, const char *method, const char *path, json_t *body,
                      cdc_http_reply *reply, cdc_buf *err)
{
    *reply = (cdc_http_reply){0};
    CURL *c = curl_easy_init();
    if (!c) {
        cdc_buf_printf(err, "%s %s%s: libcurl could not start a request", method, h->shown, path);
        return false;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    char *url = full_url(h, path), *payload = NULL;
    cdc_buf answer = CDC_BUF_INIT;
    cdc_buf_init(&answer);
    sink s = {&answer};
    struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
    if (body) {
        payload = json_dumps(body, JSON_COMPACT);
        headers = curl_slist_append(headers, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)h->timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)h->timeout_ms);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_USERAGENT, "cdcgen");
    if (h->userpwd) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERPWD, h->userpwd);
    }
    CURLcode rc = curl_easy_perform(c);
    bool ok = rc == CURLE_OK;
    if (!ok) {
        /* libcurl's message names the host and port, never the credentials */
        const char *why = errbuf[0] ? errbuf : curl_easy_strerror(rc);
        if (rc == CURLE_OPERATION_TIMEDOUT)
            cdc_buf_printf(err, "%s %s%s: no answer within %.3g s (%s)", method, h->shown, path,
                           h->timeout_ms / 1000.0, why);
        else if (rc == CURLE_WRITE_ERROR)
            cdc_buf_printf(err, "%s %s%s: the answer is larger than %d MiB", method, h->shown, path,
                           MAX_BODY >> 20);
        else
            cdc_buf_printf(err, "%s %s%s: %s", method, h->shown, path, why);
    } else {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply->status);
        if (answer.len) {
            reply->body = json_loadb(answer.data, answer.len, 0, NULL);
            size_t n = answer.len < sizeof reply->text - 1 ? answer.len : sizeof reply->text - 1;
            memcpy(reply->text, answer.data, n);
            reply->text[n] = '\0';
            for (char *p = reply->text; *p; p++)
                if (*p == '\n' || *p == '\r' || *p == '\t')
                    *p = ' ';
        }
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    free(payload);
    free(url);
    cdc_buf_release(&answer);
    return ok;
}

void cdc_http_reply_release(cdc_http_reply *reply)
{
    json_decref(reply->body);
    reply->body = NULL;
}

const char *cdc_http_reply_reason(const cdc_http_reply *reply, char *out, size_t size)
{
    const char *msg = NULL;
    json_t *errors = json_object_get(reply->body, "errors");
    if (json_is_string(json_object_get(reply->body, "message")))
        msg = json_string_value(json_object_get(reply->body, "message"));
    else if (json_is_array(errors) && json_is_string(json_array_get(errors, 0)))
        msg = json_string_value(json_array_get(errors, 0)); /* Flink: its first line */
    if (!msg)
        msg = reply->text[0] ? reply->text : "no body";
    size_t n = strcspn(msg, "\r\n");
    if (n > 200)
        n = 200;
    snprintf(out, size, "%.*s", (int)n, msg);
    return out;
}

void cdc_http_put_segment(cdc_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            cdc_buf_putc(b, (char)*p);
        else
            cdc_buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
}

/* connect.c: a connector on a Kafka Connect cluster, through its REST API:
 * its config against the one cdcgen generates (keys that differ, are
 * missing or extra; config-provider references compared as text, never
 * resolved), its state and its tasks', and the config put in place. */
#ifndef CDCGEN_LIVE_CONNECT_H
#define CDCGEN_LIVE_CONNECT_H

#include <jansson.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/live/http.h"

/* One key whose value differs: live NULL, the connector lacks it; want
 * NULL, the generated config lacks it. Both are the values as shown:
 * a secret's literal value is masked. */
typedef struct cdc_connect_diff {
    const char *key;
    const char *live, *want;
} cdc_connect_diff;

/* A task's id and state (RUNNING, FAILED, PAUSED, UNASSIGNED, ...). */
typedef struct cdc_connect_task {
    long id;
    const char *state;
} cdc_connect_task;

/* What Connect holds for the connector. */
typedef struct cdc_connect_state {
    bool exists;
    const char *state; /* the connector's; NULL when it has no status yet */
    cdc_connect_task *tasks;
    size_t ntasks;
    cdc_connect_diff *diffs; /* in the generated config's order, then the extra keys */
    size_t ndiffs;
} cdc_connect_state;

/* True when a connector config key holds a secret (password, secret, api
 * key, token, credentials, private key): its literal value is never shown. */
bool cdc_connect_is_secret(const char *key);

/* A value as cdcgen shows it: a config-provider reference (${env:...})
 * as it is; a secret's literal value as "(hidden)". */
const char *cdc_connect_shown(const char *key, const char *value);

/* Reads a generated connector body ({"name": ..., "config": {...}}, text of
 * len bytes) into name and config (a new reference). false with the reason
 * in err. */
bool cdc_connect_read_generated(cdc_arena *a, const char *text, size_t len, const char **name,
                                json_t **config, cdc_buf *err);

/* GET /connectors/NAME/config and /status, compared with want (the
 * generated config). A connector Connect does not know is exists false.
 * false with the reason in err when Connect cannot be asked or answers
 * otherwise than documented. */
bool cdc_connect_read(cdc_arena *a, cdc_http *h, const char *name, json_t *want,
                      cdc_connect_state *out, cdc_buf *err);

/* PUT /connectors/NAME/config with config (creates the connector or
 * replaces its config). false with Connect's reason in err. */
bool cdc_connect_put(cdc_http *h, const char *name, json_t *config, cdc_buf *err);

#endif

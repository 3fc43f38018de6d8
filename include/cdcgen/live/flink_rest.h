/* flink_rest.c: a Flink job through Flink's REST API (a JobManager or a
 * session cluster): the job of a name (GET /jobs/overview), its last
 * completed checkpoint (GET /jobs/:id/checkpoints), and stop with a
 * savepoint (POST /jobs/:id/stop, then the savepoint's path). */
#ifndef CDCGEN_LIVE_FLINK_REST_H
#define CDCGEN_LIVE_FLINK_REST_H

#include <stdint.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/live/http.h"

typedef struct cdc_flink_job {
    bool found;                           /* a job of the name, in any state */
    bool active;                          /* it has not ended (not FINISHED, CANCELED or FAILED) */
    const char *id;                       /* its job id */
    const char *state;                    /* RUNNING, RESTARTING, FINISHED, ... */
    int64_t start_ms;                     /* its start, epoch milliseconds */
    size_t nactive;                       /* active jobs of the name (more than one: a finding) */
    bool has_checkpoint;                  /* a completed checkpoint (active jobs only) */
    int64_t checkpoint_id, checkpoint_ms; /* its id and when it completed */
    const char *checkpoint_path;          /* its external path, or NULL (not retained) */
} cdc_flink_job;

/* The job named name: the active one (the newest, if several), else the
 * newest that ended; found false when none has the name. For an active
 * job, its last completed checkpoint too. false with the reason in err
 * when Flink cannot be asked or answers otherwise than documented. */
bool cdc_flink_find_job(cdc_arena *a, cdc_http *h, const char *name, cdc_flink_job *out,
                        cdc_buf *err);

/* Stops job id with a savepoint in dir (stop-with-savepoint: the sources
 * stop first, the savepoint is synchronous, the job ends FINISHED), then
 * waits at most wait_ms for the savepoint: its path in *location. false
 * with Flink's reason in err (refused, failed, or not done in time). */
bool cdc_flink_stop(cdc_arena *a, cdc_http *h, const char *id, const char *dir, int wait_ms,
                    const char **location, cdc_buf *err);

#endif

/* rollout.c: the plan that takes a running pipeline from one version of a
 * project to the next without losing an event, built on the classified
 * changes of change.c.
 *
 * Per engine the project runs (its targets), the switch-over as steps, each
 * with the exact command or REST call; per filter what changes and whether
 * it needs a backfill (added, re-enabled, widened: the events before the
 * switch-over point R that the new filter routes and the old one did not,
 * written by `cdcgen backfill`); and what cannot be switched safely (a
 * filter's topic moving under its consumer, a new source topic or consumer
 * group) as findings with a code and a place, never as a silent step.
 *
 * The plan only reads the programs and configs it is given and owns
 * nothing but arena memory: `cdcgen rollout` renders it, and the live
 * commands (rollout --cluster / --apply) carry its steps out. */
#ifndef CDCGEN_SEM_ROLLOUT_H
#define CDCGEN_SEM_ROLLOUT_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/sem/change.h"

/* The engines a plan has a section for, in the order they are switched. */
typedef enum cdc_rollout_engine {
    CDC_ROLLOUT_TOPICS,    /* create the topics the change needs, first */
    CDC_ROLLOUT_FLINK,     /* Apache Flink: the flink target's job */
    CDC_ROLLOUT_CONFLUENT, /* Confluent Cloud Flink: the confluent target's statement */
    CDC_ROLLOUT_KSTREAMS,  /* the Kafka Streams application */
    CDC_ROLLOUT_CONNECT,   /* Kafka Connect: the CDC connector */
    CDC_ROLLOUT__COUNT
} cdc_rollout_engine;

/* What a step does; a deploy job acts on the kind, a person reads the text. */
typedef enum cdc_rollout_step_kind {
    CDC_STEP_CREATE_TOPICS,     /* cdcgen topics apply: topics exist before anything writes */
    CDC_STEP_STOP_SAVEPOINT,    /* Flink: stop the job with a savepoint */
    CDC_STEP_READ_OFFSETS,      /* read the consumer group's committed offsets R */
    CDC_STEP_BACKFILL,          /* write and run the bounded backfill job over [start, R) */
    CDC_STEP_START_JOB,         /* Flink: submit the new script, no savepoint: resumes at R */
    CDC_STEP_REPLACE_STATEMENT, /* Confluent: new statement, offsets carried over */
    CDC_STEP_STOP_APP,          /* Kafka Streams: stop every instance */
    CDC_STEP_START_APP,         /* Kafka Streams: start the new topology */
    CDC_STEP_UPDATE_CONNECTOR,  /* Kafka Connect: PUT the connector's new config */
    CDC_STEP__COUNT
} cdc_rollout_step_kind;

typedef struct cdc_rollout_step {
    cdc_rollout_step_kind kind;
    const char *what;    /* what it does and why, one paragraph */
    const char *command; /* the exact command or REST call (lines), or NULL */
} cdc_rollout_step;

typedef struct cdc_rollout_section {
    cdc_rollout_engine engine;
    bool runs;               /* the project writes a target for this engine */
    bool switches;           /* something in the change reaches it: steps follow */
    cdc_rollout_step *steps; /* arena array */
    size_t nsteps, cap;
} cdc_rollout_section;

/* A filter the change touches, as the plan treats it. */
typedef struct cdc_rollout_filter {
    const cdc_change *change; /* diff's classification (a filter change) */
    bool backfill;            /* added, re-enabled, widened, narrowed and widened */
    long long dump_lost;      /* with a dump: its events the base routed and the change
                               * does not (narrowed); -1 without */
    long long dump_gained;    /* with a dump: its events the change routes, the base not */
} cdc_rollout_filter;

/* What cannot be switched safely: reported as a diagnostic with this code
 * at this place, and listed in every format of the plan. */
typedef struct cdc_rollout_finding {
    const char *code; /* "rollout-topic-moved", "rollout-source-moved", "rollout-group-moved",
                       * "rollout-undecided" */
    const cdc_source *src;
    cdc_pos pos;
    const char *message;
} cdc_rollout_finding;

typedef struct cdc_rollout_plan {
    const char *against;         /* the base, as given (--against) */
    const cdc_changes *changes;  /* every change, diff's order */
    cdc_rollout_filter *filters; /* the filter changes (arena array) */
    size_t nfilters;
    cdc_rollout_section sections[CDC_ROLLOUT__COUNT];
    cdc_rollout_finding *findings; /* arena array */
    size_t nfindings, findings_cap;
    size_t nbackfills;           /* filters with backfill set */
    const char *group_id;        /* the Flink source's consumer group (the change's) */
    const char *source_topic;    /* the source topic (the change's) */
    const char *duplicate_bound; /* the at-least-once bound, as a sentence */
} cdc_rollout_plan;

/* Builds the plan from the changes C between base (bp, bc) and head (hp,
 * hc). Strings and arrays live in a; the plan points into C and the
 * programs, which must outlive it. */
void cdc_rollout_plan_build(cdc_arena *a, const char *against, const cdc_changes *C,
                            const cdc_program *bp, const cdc_config *bc, const cdc_program *hp,
                            const cdc_config *hc, cdc_rollout_plan *plan);

/* The read-offsets step's check that R is defined: how to see that the
 * group committed on every partition, what it means when not, and what to
 * do (start the old version until what, e.g. "a checkpoint completes"). */
const char *cdc_rollout_r_check(cdc_arena *a, const char *what, const char *until);

/* The shell command, one line, that submits the SQL script file to the
 * JobManager whose REST API is rest_url ("" or NULL: not known) through
 * Flink's SQL client in $FLINK_HOME: -Drest.address and -Drest.port from
 * the URL (port 80 or 443 when it names none), with https also
 * -Dsecurity.ssl.rest.enabled=true; without a URL, the installation's
 * conf/config.yaml names the JobManager. fan_out adds cdcgen-flink.jar,
 * which the fan-out layout's routing function is in, with --jar, as make
 * install puts it beside the cdcgen on PATH. A trailing comment says where
 * the address comes from and what the command cannot carry (a truststore,
 * a path prefix). Values are quoted for a POSIX shell where they need it. */
const char *cdc_rollout_sql_client(cdc_arena *a, const char *rest_url, bool fan_out,
                                   const char *file);

/* "topics", "flink", "confluent", "kstreams", "connect" */
const char *cdc_rollout_engine_name(cdc_rollout_engine e);
/* "create-topics", "stop-with-savepoint", "read-offsets", "backfill", "start-job",
 * "replace-statement", "stop-app", "start-app", "update-connector" */
const char *cdc_rollout_step_kind_name(cdc_rollout_step_kind k);

#endif

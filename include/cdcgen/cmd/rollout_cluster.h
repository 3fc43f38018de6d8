/* rollout_cluster.c: `cdcgen rollout --cluster [--apply]`: the generated
 * artifacts of the working tree (the desired state) against what runs (the
 * topics on Kafka, the Debezium connector on Kafka Connect, the Flink job),
 * the difference printed before anything changes, like `terraform plan`;
 * with --apply, the steps that have a standard API carried out and the
 * others printed as commands to paste. The rollout command hands it its
 * run, its options and the options below, which it takes into its own
 * table. */
#ifndef CDCGEN_CMD_ROLLOUT_CLUSTER_H
#define CDCGEN_CMD_ROLLOUT_CLUSTER_H

#include "cdcgen/base/common.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/live/kafka.h"

typedef enum cdc_cluster_format {
    CDC_CLUSTER_TEXT,     /* the plan for people */
    CDC_CLUSTER_JSON,     /* one JSON document */
    CDC_CLUSTER_MARKDOWN, /* a job summary or a pull-request comment */
} cdc_cluster_format;

/* The command line of the cluster plan. */
typedef struct cdc_cluster_args {
    bool cluster;              /* --cluster */
    bool apply;                /* --apply */
    bool replace_job;          /* --replace-job: the running Flink job is to be replaced */
    cdc_kafka_settings kafka;  /* CDC_KAFKA_LONGOPTS: the Kafka client; --timeout for all */
    const char *connect_url;   /* --connect-url, else connector.connect_url */
    const char *flink_url;     /* --flink-url, else flink.rest_url */
    const char *savepoint_dir; /* --savepoint-dir, else flink.savepoint_dir */
    cdc_cluster_format fmt;    /* --format text, json or markdown */
} cdc_cluster_args;

/* getopt_long's rows of the options above, the Kafka client's among them
 * (a command puts them into its table, and CDC_KAFKA_SHORTOPTS into its
 * short options). */
/* clang-format off */
#define CDC_CLUSTER_LONGOPTS                                                                       \
    {"cluster", no_argument, NULL, CDC_OPT_CLUSTER},                                               \
    {"apply", no_argument, NULL, CDC_OPT_CLUSTER + 1},                                             \
    {"replace-job", no_argument, NULL, CDC_OPT_CLUSTER + 2},                                       \
    {"connect-url", required_argument, NULL, CDC_OPT_CLUSTER + 3},                                 \
    {"flink-url", required_argument, NULL, CDC_OPT_CLUSTER + 4},                                   \
    {"savepoint-dir", required_argument, NULL, CDC_OPT_CLUSTER + 5},                               \
    CDC_KAFKA_LONGOPTS
/* clang-format on */
enum { CDC_OPT_CLUSTER = 0x200 };

/* Their lines in --help. */
#define CDC_HELP_CLUSTER                                                                           \
    "      --cluster        compare the generated artifacts with what runs: the topics,\n"         \
    "                       the Debezium connector (Kafka Connect) and the Flink job\n"            \
    "      --apply          then create missing topics, put the connector's config, stop\n"        \
    "                       the job with a savepoint (with --replace-job); print the rest\n"       \
    "      --replace-job    the running Flink job is to be replaced (its SQL changed)\n"           \
    "      --connect-url URL  Kafka Connect's REST API (default: connector.connect_url)\n"         \
    "      --flink-url URL  Flink's REST API (default: flink.rest_url)\n"                          \
    "      --savepoint-dir DIR  where --apply's savepoint goes (default:\n"                        \
    "                       flink.savepoint_dir, else the cluster's)\n" CDC_HELP_KAFKA

/* Takes option c (arg: its argument) into a: CDC_OPT_NEXT, CDC_OPT_COMMON
 * when it is none of the above (nor -X or --format), or the status to exit
 * with after a message on standard error. --format's text, json and
 * markdown are the plan's; github and sarif are handed to the common
 * options (the findings as annotations or a SARIF log). */
int cdc_cluster_take_option(cdc_cluster_args *a, cdc_opts *o, int c, const char *arg);

/* After parsing: the options' consistency (--apply and the others need
 * --cluster). 0 when they hold, else CDC_EXIT_ERROR after a message. */
int cdc_cluster_check_args(const cdc_cluster_args *a, const char *command);

/* Compiles the filters under o->args, writes the artifacts into memory,
 * reads the live systems, prints the plan, and with a->apply carries it
 * out. Sets r->io_error (exit 2) when a system cannot be read or refuses a
 * change, r->findings (exit 1) when a change is pending or left; each
 * pending change is a diagnostic (cluster-topic, cluster-connector,
 * cluster-job). */
void cdc_rollout_cluster(cdc_run *r, const cdc_opts *o, cdc_cluster_args *a);

void cdc_cluster_args_release(cdc_cluster_args *a);

#endif

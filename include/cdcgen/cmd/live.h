/* live.c: what the commands that read a running pipeline (consume, audit)
 * share: the Kafka connection options, --processor, and which topic a
 * filter writes for a processor. */
#ifndef CDCGEN_CMD_LIVE_H
#define CDCGEN_CMD_LIVE_H

#include <getopt.h>

#include "cdcgen/back/target.h"
#include "cdcgen/base/common.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/live/kafka.h"

/* getopt_long's codes of the connection options (-X has its short form). */
enum { CDC_OPT_BOOTSTRAP = 0x200, CDC_OPT_KAFKA_CONFIG, CDC_OPT_PROCESSOR };

/* clang-format off */
#define CDC_LIVE_LONGOPTS                                                                          \
    {"bootstrap-servers", required_argument, NULL, CDC_OPT_BOOTSTRAP},                             \
    {"kafka-config", required_argument, NULL, CDC_OPT_KAFKA_CONFIG},                               \
    {"processor", required_argument, NULL, CDC_OPT_PROCESSOR}
/* clang-format on */
#define CDC_LIVE_SHORTOPTS "X:"

#define CDC_HELP_LIVE                                                                              \
    "      --processor P    flink or kstreams: whose filtered topics (default:\n"                  \
    "                       kafka.processor of cdcgen.yaml)\n"                                     \
    "      --bootstrap-servers LIST  the cluster (default: KAFKA_BOOTSTRAP_SERVERS,\n"             \
    "                       else kafka.bootstrap_servers)\n"                                       \
    "  -X KEY=VALUE         a librdkafka property (security settings; repeatable)\n"               \
    "      --kafka-config FILE  librdkafka properties, KEY=VALUE per line\n"

/* The connection options and --processor of a live command. */
typedef struct cdc_live_opts {
    cdc_kafka_settings kafka;
    const char *processor; /* --processor, or NULL: the config's */
} cdc_live_opts;

/* Takes option c when it is one of CDC_LIVE_LONGOPTS or -X: CDC_OPT_NEXT;
 * CDC_OPT_COMMON when it is not; 2 after a message (cmd: the command's
 * name) for a bad --processor. */
int cdc_live_take(cdc_live_opts *l, const char *cmd, int c, const char *arg);

/* The target whose topics the processor reads: CDC_TARGET_FLINK or
 * CDC_TARGET_KSTREAMS, from --processor or kafka.processor. */
cdc_target cdc_live_target(const cdc_live_opts *l, const cdc_config *cfg);
/* "flink" or "kstreams". */
const char *cdc_live_processor_name(cdc_target t);

/* A number of seconds for option opt of cmd (above 0, at most a day);
 * false after a message on standard error. */
bool cdc_live_seconds(const char *cmd, const char *opt, const char *arg, double *out);

#endif

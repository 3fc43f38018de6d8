/* kafka.c: the Kafka client (librdkafka) of the commands that talk to a
 * cluster: its settings from the command line, the environment and
 * cdcgen.yaml, one handle, the wait for a broker and for admin results.
 * Secrets given to it are passed to librdkafka and never printed. */
#ifndef CDCGEN_LIVE_KAFKA_H
#define CDCGEN_LIVE_KAFKA_H

#include <librdkafka/rdkafka.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"

/* Where the client's settings come from, lowest precedence first: the
 * project's bootstrap servers (cdcgen.yaml or the manifest), the
 * environment (KAFKA_BOOTSTRAP_SERVERS; KAFKA_API_KEY and KAFKA_API_SECRET
 * switch on SASL_SSL with PLAIN), --kafka-config FILE, each -X KEY=VALUE
 * in order, --bootstrap-servers. */
typedef struct cdc_kafka_settings {
    const char *bootstrap_servers; /* --bootstrap-servers, or NULL */
    const char *config_file;       /* --kafka-config FILE (librdkafka properties), or NULL */
    const char **props;            /* -X KEY=VALUE, in order (heap array) */
    size_t nprops, cap;
    int timeout_ms; /* how long a broker may take to answer one request */
} cdc_kafka_settings;

/* A connected client: a librdkafka producer handle (the admin API runs on
 * one), the bootstrap servers it was given, what its last error said. */
typedef struct cdc_kafka {
    rd_kafka_t *rk;
    char *bootstrap; /* for messages (never a secret) */
    int timeout_ms;  /* cdc_kafka_settings.timeout_ms */
    bool down;       /* every broker refused or failed (error callback) */
    char last_error[512];
} cdc_kafka;

/* Appends -X's KEY=VALUE to s. */
void cdc_kafka_settings_add(cdc_kafka_settings *s, const char *prop);
void cdc_kafka_settings_release(cdc_kafka_settings *s);

/* True when a librdkafka property holds a secret (sasl.password,
 * ssl.key.password, ssl.key.pem, ...): its value is never printed. */
bool cdc_kafka_is_secret(const char *key);

/* Builds the client from s over default_bootstrap (the project's; may be
 * NULL). false with the reason in err (a usage problem: an unknown
 * property, a value librdkafka refuses, an unreadable file, half of the
 * API key pair); a secret's value is never in err. */
bool cdc_kafka_open(cdc_kafka *k, const cdc_kafka_settings *s, const char *default_bootstrap,
                    cdc_buf *err);
/* Likewise a consumer handle (its callbacks served by rd_kafka_consumer_poll),
 * reporting the end of each partition it reads. group_id: the consumer group
 * (NULL: none, for a reader that assigns partitions itself); offset_reset:
 * auto.offset.reset ("earliest", "latest"; NULL: earliest), or
 * "beginning": every partition assigned starts at its first record;
 * commits: offsets consumed are committed to the group (auto commit), else
 * never (a group only read, such as a processor's). */
bool cdc_kafka_open_consumer(cdc_kafka *k, const cdc_kafka_settings *s,
                             const char *default_bootstrap, const char *group_id,
                             const char *offset_reset, bool commits, cdc_buf *err);
/* A producer's delivery report callback (librdkafka's dr_msg_cb). */
typedef void (*cdc_kafka_delivery_fn)(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque);
/* Likewise a producer handle with cdcgen's own settings extra
 * (NULL-terminated key, value pairs, set over the user's) and delivered
 * called per delivery report (served by rd_kafka_poll and flush). */
bool cdc_kafka_open_producer(cdc_kafka *k, const cdc_kafka_settings *s,
                             const char *default_bootstrap, const char *const *extra,
                             cdc_kafka_delivery_fn delivered, cdc_buf *err);
void cdc_kafka_close(cdc_kafka *k);

/* The cluster's metadata (every topic), waiting for a broker to answer:
 * NULL with the reason in err when none does within the timeout, or as
 * soon as every bootstrap server refused the connection or its handshake.
 * The caller frees the result with rd_kafka_metadata_destroy. */
const rd_kafka_metadata_t *cdc_kafka_metadata(cdc_kafka *k, cdc_buf *err);

/* Admin options for op with the client's timeout as request and operation
 * timeout. */
rd_kafka_AdminOptions_t *cdc_kafka_admin_options(cdc_kafka *k, rd_kafka_admin_op_t op);
/* Waits on q for the result of one admin request: the event (the caller
 * destroys it), or NULL with the reason in err (no answer in time, or the
 * request as a whole failed). */
rd_kafka_event_t *cdc_kafka_admin_wait(cdc_kafka *k, rd_kafka_queue_t *q, cdc_buf *err);

/* The number of partitions of topic in md; -1 when the cluster has no
 * such topic. */
int32_t cdc_kafka_partition_count(const rd_kafka_metadata_t *md, const char *topic);

/* The low and high watermarks of one partition; false with the reason in
 * err when the broker does not answer within the timeout. */
bool cdc_kafka_watermarks(cdc_kafka *k, const char *topic, int32_t partition, int64_t *low,
                          int64_t *high, cdc_buf *err);

/* The offsets consumer group `group` committed on every partition of
 * topic: (*offsets)[p] for each of its *npartitions partitions, -1 where it
 * committed none (admin ListConsumerGroupOffsets; the group is only read).
 * false with the reason in err: no broker in time, no such topic, the
 * request refused. The caller frees *offsets. */
bool cdc_kafka_committed_offsets(cdc_kafka *k, const char *group, const char *topic,
                                 int64_t **offsets, int *npartitions, cdc_buf *err);

#endif

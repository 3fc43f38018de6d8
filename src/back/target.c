/* back/target.c: the table of targets (include/cdcgen/back/target.h). */
#include <stdio.h>
#include <string.h>

#include "cdcgen/back/target.h"
#include "cdcgen/back/emit_avro.h"
#include "cdcgen/back/emit_connect.h"
#include "cdcgen/back/emit_flink.h"
#include "cdcgen/back/emit_json_schema.h"
#include "cdcgen/back/emit_kstreams.h"
#include "cdcgen/back/emit_postgres.h"
#include "cdcgen/back/emit_topics.h"
#include "cdcgen/base/util.h"

static const cdc_target_info targets[CDC_TARGET__COUNT] = {
    [CDC_TARGET_FLINK] = {"flink", "flink.sql", CDC_SUFFIX_FLINK, false, cdc_emit_flink},
    [CDC_TARGET_CONFLUENT] = {"confluent", "confluent.sql", CDC_SUFFIX_FLINK, false,
                              cdc_emit_confluent},
    [CDC_TARGET_KSTREAMS] = {"kstreams", "kstreams-topology.json", CDC_SUFFIX_STREAMS, false,
                             cdc_emit_kstreams},
    [CDC_TARGET_CONNECT_DEBEZIUM] = {"connect-debezium", "connect-debezium.json", CDC_SUFFIX_NONE,
                                     false, cdc_emit_connect_debezium},
    [CDC_TARGET_CONNECT_CONFLUENT] = {"connect-confluent", "connect-confluent.json",
                                      CDC_SUFFIX_NONE, false, cdc_emit_connect_confluent},
    [CDC_TARGET_TOPICS] = {"topics", "topics.json", CDC_SUFFIX_NONE, true, cdc_emit_topics},
    [CDC_TARGET_TOPICS_SCRIPT] = {"topics-script", "topics.sh", CDC_SUFFIX_NONE, true,
                                  cdc_emit_topics_script},
    [CDC_TARGET_JSON_SCHEMA] = {"json-schema", "json-schemas.json", CDC_SUFFIX_NONE, true,
                                cdc_emit_json_schema},
    [CDC_TARGET_AVRO] = {"avro", "avro-schemas.json", CDC_SUFFIX_NONE, true, cdc_emit_avro},
    [CDC_TARGET_POSTGRES] = {"postgres", "postgres.sql", CDC_SUFFIX_NONE, false, cdc_emit_postgres},
};

const cdc_target_info *cdc_target_get(cdc_target t)
{
    if ((unsigned)t >= CDC_TARGET__COUNT)
        CDC_BUG("unknown target %d", (int)t);
    return &targets[t];
}

const char *cdc_target_name(cdc_target t)
{
    return cdc_target_get(t)->name;
}

const char *cdc_target_filename(cdc_target t)
{
    return cdc_target_get(t)->file;
}

bool cdc_target_parse(const char *name, cdc_target *t)
{
    for (int i = 0; i < CDC_TARGET__COUNT; i++) {
        if (strcmp(name, targets[i].name) == 0) {
            *t = (cdc_target)i;
            return true;
        }
    }
    return false;
}

const char *cdc_target_list(void)
{
    static char list[256];
    if (!list[0]) {
        size_t n = 0;
        for (int i = 0; i < CDC_TARGET__COUNT; i++)
            n +=
                (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", targets[i].name);
    }
    return list;
}

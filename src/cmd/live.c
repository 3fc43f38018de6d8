/* cmd/live.c: the options and names the commands reading a running
 * pipeline share (consume, audit). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/cmd/live.h"
#include "cdcgen/cmd/options.h"

int cdc_live_take(cdc_live_opts *l, const char *cmd, int c, const char *arg)
{
    switch (c) {
    case CDC_OPT_BOOTSTRAP: l->kafka.bootstrap_servers = arg; return CDC_OPT_NEXT;
    case CDC_OPT_KAFKA_CONFIG: l->kafka.config_file = arg; return CDC_OPT_NEXT;
    case 'X': cdc_kafka_settings_add(&l->kafka, arg); return CDC_OPT_NEXT;
    case CDC_OPT_PROCESSOR:
        if (strcmp(arg, "flink") != 0 && strcmp(arg, "kstreams") != 0) {
            fprintf(stderr, "cdcgen %s: unknown --processor '%s' (flink, kstreams)\n", cmd, arg);
            return CDC_EXIT_ERROR;
        }
        l->processor = arg;
        return CDC_OPT_NEXT;
    default: return CDC_OPT_COMMON;
    }
}

cdc_target cdc_live_target(const cdc_live_opts *l, const cdc_config *cfg)
{
    const char *p = l->processor ? l->processor : cfg->processor;
    return p && strcmp(p, "kstreams") == 0 ? CDC_TARGET_KSTREAMS : CDC_TARGET_FLINK;
}

const char *cdc_live_processor_name(cdc_target t)
{
    return t == CDC_TARGET_KSTREAMS ? "kstreams" : "flink";
}

bool cdc_live_seconds(const char *cmd, const char *opt, const char *arg, double *out)
{
    char *end;
    errno = 0;
    double s = strtod(arg, &end);
    if (errno || end == arg || *end || !(s > 0) || s > 86400) {
        fprintf(stderr, "cdcgen %s: %s needs seconds (above 0, at most 86400), not '%s'\n", cmd,
                opt, arg);
        return false;
    }
    *out = s;
    return true;
}

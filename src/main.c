/* main.c: global options and the command table; nothing else.
 * Each command lives in its own file of src/cmd/ and parses its own options;
 * the project they work on is found here, once (src/cmd/project.c). */
#include <stdio.h>
#include <string.h>

#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/util.h"
#include "cdcgen/cmd/cmd.h"
#include "cdcgen/cmd/project.h"
#include "cdcgen/lang/op.h"

struct cdc_cmd {
    const char *name;
    int (*fn)(int argc, char **argv, const cdc_project *project);
    const char *summary;
};

static const struct cdc_cmd commands[] = {
    {"generate", cmd_generate, "check, then write every configured target"},
    {"check", cmd_check, "parse, type-check and lint only"},
    {"test", cmd_test, "run filter tests (*.test.yaml) and report coverage"},
    {"eval", cmd_eval, "route JSON events with the reference semantics"},
    {"resolve", cmd_resolve, "print a connector config with its secret references resolved"},
    {"diff", cmd_diff, "what a change to the filters changes in routing"},
    {"rollout", cmd_rollout, "the plan that switches the running pipeline to this version"},
    {"backfill", cmd_backfill, "the bounded Flink job of the events new routes missed"},
    {"explain", cmd_explain, "the long help of a diagnostic code"},
    {"init", cmd_init, "start a project: cdcgen.yaml, a filter, its tests, CI and hooks"},
    {"graph", cmd_graph, "the routing as a Graphviz or Mermaid graph"},
    {"fmt", cmd_fmt, "lay filter and test files out canonically, comments kept"},
    {"topics", cmd_topics, "plan or apply the project's topics on a live Kafka cluster"},
    {"consume", cmd_consume, "print the events a consumer's topics receive"},
    {"audit", cmd_audit, "check that every event reached the topics its filters route it to"},
    {"schema", cmd_schema, "pull the schema file from PostgreSQL; write its table's DDL"},
    {"doctor", cmd_doctor, "check a live PostgreSQL against the project"},
};

static void print_usage(FILE *out)
{
    fputs("usage: cdcgen [--version] [--help] COMMAND [ARGS]\n\ncommands:\n", out);
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun 'cdcgen COMMAND --help' for a command's options; 'man cdcgen' for the\n"
          "filter language.\n",
          out);
}

/* Runs a command on the project around the working directory. */
static int run_command(const struct cdc_cmd *c, int argc, char **argv)
{
    cdc_arena *a = cdc_arena_new();
    cdc_project project;
    cdc_project_find(&project, a);
    int status = c->fn(argc, argv, &project);
    cdc_arena_free(a);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return CDC_EXIT_ERROR;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        print_usage(stdout);
        return CDC_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("cdcgen %s\n", CDCGEN_VERSION);
        return CDC_EXIT_OK;
    }
    if (strcmp(cmd, "--list-commands") == 0) {
        for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
            puts(commands[i].name);
        return CDC_EXIT_OK;
    }
    if (strcmp(cmd, "--list-targets") == 0) {
        for (int t = 0; t < CDC_TARGET__COUNT; t++)
            printf("%s %s\n", cdc_target_name((cdc_target)t), cdc_target_filename((cdc_target)t));
        return CDC_EXIT_OK;
    }
    if (strcmp(cmd, "--list-operators") == 0) {
        for (int i = 0; i < CDC_OP__COUNT; i++) {
            const cdc_op_info *op = cdc_op_get((cdc_op)i);
            printf("%-18s  %-7s  %s\n", op->name, cdc_operands_keys(op->operands), op->summary);
        }
        return CDC_EXIT_OK;
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return run_command(&commands[i], argc - 1, argv + 1);
    const char *hint = NULL;
    size_t best = 3; /* "chek", "gen"-style slips; farther is no suggestion */
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        size_t d = cdc_edit_distance(cmd, commands[i].name);
        if (d < best)
            best = d, hint = commands[i].name;
    }
    if (hint) {
        fprintf(stderr, "cdcgen: unknown command '%s'; did you mean '%s'?\n", cmd, hint);
        return CDC_EXIT_ERROR;
    }
    fprintf(stderr, "cdcgen: unknown command '%s'\n\n", cmd);
    print_usage(stderr);
    return CDC_EXIT_ERROR;
}

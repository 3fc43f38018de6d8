/* The commands' entry points, one file each in src/cmd/ (main.c's table
 * holds their names and summaries). Each parses its own options; project
 * is where the run started (project.c), found once by main(). */
#ifndef CDCGEN_CMD_CMD_H
#define CDCGEN_CMD_CMD_H

#include "cdcgen/cmd/project.h"

int cmd_generate(int argc, char **argv, const cdc_project *project);
int cmd_check(int argc, char **argv, const cdc_project *project);
int cmd_eval(int argc, char **argv, const cdc_project *project);
int cmd_test(int argc, char **argv, const cdc_project *project);
int cmd_resolve(int argc, char **argv, const cdc_project *project);
int cmd_diff(int argc, char **argv, const cdc_project *project);
int cmd_rollout(int argc, char **argv, const cdc_project *project);
int cmd_backfill(int argc, char **argv, const cdc_project *project);
int cmd_explain(int argc, char **argv, const cdc_project *project);
int cmd_init(int argc, char **argv, const cdc_project *project);
int cmd_graph(int argc, char **argv, const cdc_project *project);
int cmd_fmt(int argc, char **argv, const cdc_project *project);
int cmd_topics(int argc, char **argv, const cdc_project *project);
int cmd_schema(int argc, char **argv, const cdc_project *project);
int cmd_doctor(int argc, char **argv, const cdc_project *project);

#endif

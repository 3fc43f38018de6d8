/* The commands' entry points, one file each in src/cmd/ (main.c's table
 * holds their names and summaries). Each parses its own options. */
#ifndef CDCGEN_CMD_CMD_H
#define CDCGEN_CMD_CMD_H

int cmd_generate(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_resolve(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_fmt(int argc, char **argv);

#endif

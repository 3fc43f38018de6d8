/* against.c: the earlier version of a project that diff, rollout and
 * backfill compare with (--against BASE): a directory holding it, or a git
 * revision (read with git ls-tree and git cat-file; nothing is checked
 * out). Its filter files and its cdcgen.yaml are read and compiled against
 * the change's schema file. */
#ifndef CDCGEN_CMD_AGAINST_H
#define CDCGEN_CMD_AGAINST_H

#include "cdcgen/base/common.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/sem/change.h"

/* Reads and compiles the base into base (a fresh run): the filter files
 * below the PATHs of o (without PATHs: filters/ of the project's root) and
 * its cdcgen.yaml at the project's root over the defaults (with -c FILE:
 * that file, for both versions), checked against the schema file the
 * change's config names. text gets the base's cdcgen.yaml for locating its
 * keys. false after reporting into base (io_error set: exit 2). */
bool cdc_against_compile(cdc_run *base, const cdc_opts *o, const char *against,
                         cdc_config_text *text);

/* The change's cdcgen.yaml (head's config) read again for its keys'
 * positions; empty when it has none or it does not load. */
void cdc_against_config_text(cdc_run *head, cdc_config_text *text);

/* Compiles head and base and compares them: the filters' changes, then the
 * config's. false after reporting (into head, or into base, whose
 * diagnostics then are the run's: *failed points to the run to end). */
bool cdc_against_compare(cdc_run *head, cdc_run *base, const cdc_opts *o, const char *against,
                         cdc_changes *C, cdc_run **failed);

#endif

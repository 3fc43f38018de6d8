/* revision.c: filter files as a git revision holds them, read with git
 * ls-tree and git cat-file (nothing is checked out): diff's base, the
 * filters audit holds a pipeline to. */
#ifndef CDCGEN_CMD_REVISION_H
#define CDCGEN_CMD_REVISION_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/cmd/driver.h"

/* git's command line "git -C DIR ARGS..." (args NULL-terminated; no
 * shell), its standard output into out (if not NULL), its standard error
 * discarded. Returns git's exit status, or -1. */
int cdc_git_run(const char *dir, char *const args[], cdc_buf *out);

/* Whether rev names a commit of the repository git finds from dir. */
bool cdc_is_git_revision(cdc_arena *a, const char *dir, const char *rev);

/* The filter files below paths (relative to dir, where git runs) in git
 * revision rev, each parsed into b as a source named REV:PATH. false (with
 * a diagnostic) if git fails. */
bool cdc_run_read_revision(cdc_run *b, const char *dir, const char *rev, char **paths, int npaths);

#endif

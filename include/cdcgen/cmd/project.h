/* project.c: where the project is, found once when cdcgen starts (main.c)
 * and handed to every command: its root, its cdcgen.yaml, its filters/ and
 * generated/. */
#ifndef CDCGEN_CMD_PROJECT_H
#define CDCGEN_CMD_PROJECT_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"

typedef struct cdc_project {
    const char *root;      /* prefix of the root: "", "../", "../../" */
    const char *config;    /* the cdcgen.yaml found upward, or NULL */
    const char *filters;   /* filters/ below the root ("../filters") */
    const char *generated; /* generated/ below the root */
    bool found;            /* filters/ here, or a cdcgen.yaml here or above */
} cdc_project;

/* Fills p from the working directory; strings live in a. The root is the
 * working directory when it holds filters/, else the directory of the
 * cdcgen.yaml found upward, else the working directory (found is false:
 * cdcgen runs outside any project). */
void cdc_project_find(cdc_project *p, cdc_arena *a);

#endif

/* placeholder */
#include "cdcgen/cmd/cmd.h"
int cmd_doctor(int argc, char **argv, const cdc_project *project)
{
    (void)argc, (void)argv, (void)project;
    return 2;
}

/* floor.c: the library floors `make bench` prints beside cdcgen.
 *   floor yaml FILE...   reads every file with libyaml (events, no tree)
 *   floor json FILE OUT  loads a JSON document with jansson, then writes it
 *                        to the file OUT as cdcgen does (indent 2, insertion
 *                        order): only the writing is timed, file included
 * Prints the CPU time taken in milliseconds. Not part of cdcgen. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

/* CPU time of the process, as cdcgen's figures are. */
static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    if (strcmp(argv[1], "yaml") == 0) {
        double t0 = now_ms();
        size_t events = 0;
        for (int i = 2; i < argc; i++) {
            FILE *f = fopen(argv[i], "rb");
            if (!f)
                return 1;
            yaml_parser_t p;
            yaml_parser_initialize(&p);
            yaml_parser_set_input_file(&p, f);
            yaml_event_t e;
            for (;;) {
                if (!yaml_parser_parse(&p, &e))
                    return 1;
                int done = e.type == YAML_STREAM_END_EVENT;
                yaml_event_delete(&e);
                events++;
                if (done)
                    break;
            }
            yaml_parser_delete(&p);
            fclose(f);
        }
        printf("%.1f\n", now_ms() - t0);
        return events ? 0 : 1;
    }
    if (strcmp(argv[1], "json") == 0) {
        json_error_t err;
        json_t *doc = json_load_file(argv[2], JSON_DECODE_ANY, &err);
        if (!doc)
            return 1;
        if (argc < 4)
            return 2;
        double t0 = now_ms();
        int failed = json_dump_file(doc, argv[3], JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("%.1f\n", now_ms() - t0);
        json_decref(doc);
        return failed ? 1 : 0;
    }
    return 2;
}

/* cmd/init.c: `cdcgen init [DIR]`: a new project that works: cdcgen.yaml
 * writing every target, a filter and its tests, which check, test
 * --min-coverage 100, generate and fmt --check accept as they are, and the
 * .gitignore, CI workflow and pre-commit config the README shows (the last
 * three each left out by a flag). Writes nothing when any of the files
 * exists; prints the next commands. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"

static const char usage_text[] =
    "usage: cdcgen init [--no-gitignore] [--no-workflow] [--no-pre-commit] [DIR]\n"
    "\n"
    "Start a project in DIR (default: the working directory): cdcgen.yaml (every\n"
    "target), schema.yaml (the seed's table: replace it with yours, see\n"
    "'cdcgen schema pull'), filters/loan-created.yaml and its tests in\n"
    "filters/loan-created.test.yaml, a .gitignore, a GitHub Actions workflow\n"
    "(.github/workflows/cdcgen.yml) and a .pre-commit-config.yaml. Existing files\n"
    "are never overwritten: when one is there, nothing is written.\n"
    "\n"
    "      --no-gitignore   no .gitignore\n"
    "      --no-workflow    no .github/workflows/cdcgen.yml\n"
    "      --no-pre-commit  no .pre-commit-config.yaml\n" CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

/* schema.yaml: the seed's event_headers table (tests/fixtures/schema.yaml is
 * this file; tests/cli holds them equal). */
static const char schema_text[] =
    "# The captured table: what cdcgen checks filters against and every target\n"
    "# declares (grammar/schema.schema.json, cdcgen(1) SCHEMA FILE). Written by\n"
    "# 'cdcgen init'; 'cdcgen schema pull CONNINFO' writes it from the database.\n"
    "# The connector's change-event fields (__op, __table, __ts_ms, __deleted)\n"
    "# follow these columns in every record; they are not listed here.\n"
    "version: 1\n"
    "table: public.event_headers\n"
    "columns:\n"
    "  - name: id\n"
    "    type: string\n"
    "    pg_type: character varying(255)\n"
    "    key: true\n"
    "    doc: row id\n"
    "  - name: event_name\n"
    "    type: string\n"
    "    pg_type: character varying(255)\n"
    "    nullable: false\n"
    "    doc: readable event name\n"
    "  - name: event_type\n"
    "    type: string\n"
    "    pg_type: character varying(255)\n"
    "    doc: event type identifier\n"
    "  - name: created_date\n"
    "    type: timestamp\n"
    "    pg_type: timestamp with time zone\n"
    "    doc: when the event was created\n"
    "  - name: saved_date\n"
    "    type: timestamp\n"
    "    pg_type: timestamp with time zone\n"
    "    doc: when the event was saved\n"
    "  - name: header_data\n"
    "    type: json\n"
    "    pg_type: jsonb\n"
    "    nullable: false\n"
    "    doc: event header as JSON text\n"
    "    # The seed's event-header.json; keys_from: FILE.json reads them from a\n"
    "    # JSON Schema instead.\n"
    "    keys:\n"
    "      uuid: {type: string, doc: event id (UUID)}\n"
    "      eventName: {type: string, doc: readable event name}\n"
    "      eventType:\n"
    "        type: string\n"
    "        doc: event type identifier\n"
    "        # Listed: another value is warned of (unlisted-value); with\n"
    "        # closed: true it is an error.\n"
    "        values: [CarCreated, LoanCreated, LoanPaymentSubmitted, CarServiceDone]\n"
    "      createdDate: {type: timestamp, doc: when the event was created}\n"
    "      savedDate: {type: timestamp, doc: when the event was saved}\n";

/* cdcgen.yaml; the targets line is written from the table of targets. */
static const char config_head[] =
    "# cdcgen.yaml: the project's configuration; see cdcgen(1), CONFIGURATION.\n"
    "# Every key is optional; these are the ones most projects change first.\n";
static const char config_tail[] = "kafka:\n"
                                  "  bootstrap_servers: localhost:9092\n"
                                  "  source_topic: raw-event-headers\n";

static const char gitignore_text[] =
    "# generated/ is committed (CI checks it is up to date with filters/); these are not.\n"
    "cdcgen-junit.xml\n";

/* The README's workflow example (tests/cli holds them equal). */
static const char workflow_text[] =
    "name: filters\n"
    "on:\n"
    "  pull_request:\n"
    "    paths: [\"filters/**\", \"generated/**\", \"cdcgen.yaml\", \"schema.yaml\"]\n"
    "jobs:\n"
    "  cdcgen:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - uses: actions/checkout@v4\n"
    "        with:\n"
    "          fetch-depth: 0 # diff reads the base commit\n"
    "      # your-org/cdcgen: replace with the GitHub repository that holds your copy\n"
    "      # of cdcgen (owner/name), and main with a tag or commit of it\n"
    "      - uses: your-org/cdcgen@main\n"
    "        with:\n"
    "          fail-on-warning: \"true\"\n"
    "          fmt: \"true\" # files must be in cdcgen fmt's layout\n"
    "      - uses: actions/upload-artifact@v4\n"
    "        if: ${{ !cancelled() }}\n"
    "        with:\n"
    "          name: cdcgen-junit\n"
    "          path: cdcgen-junit.xml\n";

/* The README's pre-commit example (tests/cli holds them equal). */
static const char precommit_text[] =
    "# .pre-commit-config.yaml: cdcgen's hooks for pre-commit (https://pre-commit.com)\n"
    "repos:\n"
    "  # your-org/cdcgen: replace with the repository of your copy of cdcgen,\n"
    "  # and main with a tag or commit of it (pre-commit autoupdate pins one)\n"
    "  - repo: https://github.com/your-org/cdcgen\n"
    "    rev: main\n"
    "    hooks:\n"
    "      - id: cdcgen-fmt            # lays out the changed filter and test files\n"
    "      - id: cdcgen-check          # the changed filter files\n"
    "      - id: cdcgen-test           # every test, when filters, tests or cdcgen.yaml change\n"
    "      - id: cdcgen-generate-check # generated/ up to date\n";

static const char filter_text[] =
    "# A routing rule: change events of event_headers that match every condition\n"
    "# go to outputTopic (plus each target's suffix). See cdcgen(1), FILTER FILES.\n"
    "version: 1\n"
    "filters:\n"
    "  - id: loan-created\n"
    "    name: Loan created\n"
    "    consumerId: loan-service\n"
    "    outputTopic: loan-created\n"
    "    description: New loans, for the loan service\n"
    "    conditions:\n"
    "      - field: event_type\n"
    "        operator: equals\n"
    "        value: LoanCreated\n"
    "      - field: __op\n"
    "        operator: equals\n"
    "        value: c\n";

static const char test_text[] =
    "# Tests of filters/loan-created.yaml: `cdcgen test --min-coverage 100` runs\n"
    "# them and requires every condition to be seen TRUE and not TRUE.\n"
    "version: 1\n"
    "tests:\n"
    "  - name: a new loan goes to the loan service\n"
    "    event: { event_type: LoanCreated, __op: c }\n"
    "    expect: [loan-created]\n"
    "\n"
    "  - name: an update of a loan is not routed\n"
    "    event: { event_type: LoanCreated, __op: u }\n"
    "    expect: []\n"
    "\n"
    "  - name: other events are not routed\n"
    "    event: { event_type: CarCreated, __op: c }\n"
    "    expect: []\n";

/* The files init writes, in the order written; an optional one can be left out. */
enum {
    FILE_CONFIG,
    FILE_SCHEMA,
    FILE_FILTER,
    FILE_TEST,
    FILE_GITIGNORE,
    FILE_WORKFLOW,
    FILE_PRECOMMIT,
    NFILES
};
typedef struct init_file {
    const char *name, *text;
    char *path; /* below DIR */
    bool skip;  /* left out by its --no- flag */
} init_file;

static int take_option(void *args, cdc_opts *o, int c, const char *arg)
{
    (void)o, (void)arg;
    init_file *files = args;
    switch (c) {
    case 'G': files[FILE_GITIGNORE].skip = true; return CDC_OPT_NEXT;
    case 'A': files[FILE_WORKFLOW].skip = true; return CDC_OPT_NEXT;
    case 'P': files[FILE_PRECOMMIT].skip = true; return CDC_OPT_NEXT;
    default: return CDC_OPT_COMMON;
    }
}

static const struct option longopts[] = {
    {"no-gitignore", no_argument, NULL, 'G'},
    {"no-workflow", no_argument, NULL, 'A'},
    {"no-pre-commit", no_argument, NULL, 'P'},
    CDC_LONGOPT_HELP,
    CDC_LONGOPTS_END,
};
static const cdc_optspec spec = {longopts, "h", usage, take_option};

/* cdcgen.yaml's text: every target of the table, so generated/ holds all
 * the README uses (topics.sh among them). */
static char *config_text(cdc_arena *a)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_buf_puts(&b, config_head);
    cdc_buf_puts(&b, "targets: [");
    for (int t = 0; t < CDC_TARGET__COUNT; t++)
        cdc_buf_printf(&b, "%s%s", t ? ", " : "", cdc_target_name((cdc_target)t));
    cdc_buf_puts(&b, "]\n");
    cdc_buf_puts(&b, config_tail);
    char *text = cdc_arena_strdup(a, b.data);
    cdc_buf_release(&b);
    return text;
}

/* Any of the files there already: reported, and nothing is written. */
static bool any_exists(cdc_run *r, const init_file *files)
{
    bool clash = false;
    for (size_t i = 0; i < NFILES; i++) {
        struct stat st;
        if (files[i].skip || stat(files[i].path, &st) != 0)
            continue;
        cdc_diag_error(&r->diags, cdc_run_named_source(r, files[i].path), (cdc_pos){0, 0, 0, 0},
                       "io", "exists already; init writes nothing");
        r->io_error = clash = true;
    }
    return clash;
}

/* Makes the directory holding path and those above it, up to an existing one. */
static bool make_parents(cdc_run *r, const char *path)
{
    char *dir = cdc_arena_strdup(r->arena, path);
    for (char *s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            cdc_run_write_error(r, dir);
            return false;
        }
        *s = '/';
    }
    return true;
}

/* Each file, its directories made, never over one. */
static bool write_files(cdc_run *r, const init_file *files)
{
    for (size_t i = 0; i < NFILES; i++) {
        if (files[i].skip)
            continue;
        if (!make_parents(r, files[i].path))
            return false;
        FILE *f = fopen(files[i].path, "wx");
        if (!f || fputs(files[i].text, f) == EOF || fclose(f) != 0) {
            cdc_run_write_error(r, files[i].path);
            return false;
        }
        fprintf(stderr, "cdcgen init: wrote %s\n", files[i].path);
    }
    return true;
}

/* What to run next, from where init ran. */
static void print_next_steps(const char *dir)
{
    fputs("\nnext:\n", stderr);
    if (strcmp(dir, ".") != 0)
        fprintf(stderr, "  cd %s\n", dir);
    fputs("  cdcgen check && cdcgen test      # the filter and its tests pass\n"
          "  cdcgen generate                  # every target into generated/\n"
          "  KAFKA_BOOTSTRAP_SERVERS=localhost:9092 sh generated/topics.sh   # the topics\n",
          stderr);
}

int cmd_init(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    cdc_run r;
    cdc_run_init(&r, project);
    init_file files[NFILES] = {
        [FILE_CONFIG] = {"cdcgen.yaml", config_text(r.arena), NULL, false},
        [FILE_SCHEMA] = {"schema.yaml", schema_text, NULL, false},
        [FILE_FILTER] = {"filters/loan-created.yaml", filter_text, NULL, false},
        [FILE_TEST] = {"filters/loan-created.test.yaml", test_text, NULL, false},
        [FILE_GITIGNORE] = {".gitignore", gitignore_text, NULL, false},
        [FILE_WORKFLOW] = {".github/workflows/cdcgen.yml", workflow_text, NULL, false},
        [FILE_PRECOMMIT] = {".pre-commit-config.yaml", precommit_text, NULL, false},
    };
    int status = cdc_opts_parse(argc, argv, &spec, files, &o);
    if (status != CDC_OPT_NEXT || o.nargs > 1) {
        if (status == CDC_OPT_NEXT)
            usage(stderr);
        cdc_run_release(&r);
        return status == CDC_OPT_NEXT ? CDC_EXIT_ERROR : status;
    }
    const char *dir = o.nargs ? o.args[0] : ".";
    for (size_t i = 0; i < NFILES; i++)
        files[i].path = strcmp(dir, ".") == 0
                            ? cdc_arena_strdup(r.arena, files[i].name)
                            : cdc_arena_printf(r.arena, "%s/%s", dir, files[i].name);
    if (!any_exists(&r, files) && (strcmp(dir, ".") == 0 || make_parents(&r, files[0].path)) &&
        write_files(&r, files))
        print_next_steps(dir);
    return cdc_run_end(&r, &o);
}

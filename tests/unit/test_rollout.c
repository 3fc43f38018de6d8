/* Unit tests of sem/change.c (filters and cdcgen.yaml compared), sem/rollout.c
 * (the switch-over plan) and the backfill job of back/emit_flink.c, on two
 * versions compiled from text. */
#include "fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include "cdcgen/back/emit_flink.h"
#include "cdcgen/sem/change.h"
#include "cdcgen/sem/rollout.h"

typedef struct versions {
    fx_program base, head;
} versions;

static void version_init(fx_program *f)
{
    f->a = cdc_arena_new();
    cdc_diags_init(&f->d, f->a);
    cdc_config_defaults(&f->cfg);
    f->p.schema = fx_schema();
}

static int setup(void **state)
{
    versions *v = calloc(1, sizeof *v);
    if (!v)
        return -1;
    version_init(&v->base);
    version_init(&v->head);
    *state = v;
    return 0;
}

static int teardown(void **state)
{
    versions *v = *state;
    cdc_arena_free(v->base.a);
    cdc_arena_free(v->head.a);
    free(v);
    return 0;
}

/* Parses and checks one version's filters; they must compile. */
static void compile(fx_program *f, const char *text)
{
    fx_add_file(f, "filters/f.yaml", text);
    cdc_check(&f->p, f->a, &f->cfg, &f->d);
    if (f->d.nerrors)
        fail_msg("the filters do not compile: %s", f->d.head->msg);
}

static const char base_filters[] =
    "version: 1\n"
    "filters:\n"
    "  - id: loans\n"
    "    name: Loans\n"
    "    consumerId: loan-service\n"
    "    outputTopic: loans\n"
    "    conditions:\n"
    "      - { field: event_type, operator: equals, value: LoanCreated }\n"
    "      - { field: __op, operator: equals, value: c }\n"
    "  - id: cars\n"
    "    name: Cars\n"
    "    consumerId: car-service\n"
    "    outputTopic: cars\n"
    "    conditions:\n"
    "      - { field: event_type, operator: equals, value: CarCreated }\n";

/* The plan's entry of filter id, or NULL. */
static const cdc_rollout_filter *plan_filter(const cdc_rollout_plan *p, const char *id)
{
    for (size_t i = 0; i < p->nfilters; i++)
        if (strcmp(cdc_change_subject(p->filters[i].change)->id.s, id) == 0)
            return &p->filters[i];
    return NULL;
}

static void test_config_changes_located(void **state)
{
    versions *v = *state;
    const char text[] = "kafka:\n"
                        "  group_id: router-v2\n"
                        "topics:\n"
                        "  flink_suffix: -v2\n"
                        "flink:\n"
                        "  checkpoint_interval: 10s\n";
    const cdc_source *src = cdc_source_from_string(v->head.a, "cdcgen.yaml", text, strlen(text));
    assert_true(cdc_config_load_source(&v->head.cfg, v->head.a, src, &v->head.d));
    cdc_config_text bt = {0}, ht = {src, cdc_yaml_load(v->head.a, src, &v->head.d)};
    cdc_changes C = {0};
    cdc_changes_compare_config(v->head.a, &v->base.cfg, &bt, &v->head.cfg, &ht, &C);
    /* checkpoint_interval is written at its default: no change */
    assert_int_equal(C.n, 2);
    assert_string_equal(C.v[0].key, "kafka.group_id");
    assert_int_equal(C.v[0].effect, CDC_EFFECT_GROUP);
    assert_true(C.v[0].breaking);
    assert_ptr_equal(C.v[0].src, src);
    assert_int_equal(C.v[0].pos.line, 2);
    assert_int_equal(C.v[0].pos.col, 13);
    assert_string_equal(C.v[0].from, "cdcgen-router-flink");
    assert_string_equal(C.v[0].to, "router-v2");
    assert_string_equal(C.v[1].key, "topics.flink_suffix");
    assert_int_equal(C.v[1].effect, CDC_EFFECT_TOPICS);
    assert_int_equal(C.v[1].pos.line, 4);
    assert_true(C.v[1].engines & CDC_ENGINE_BIT_FLINK);
    assert_false(C.v[1].engines & CDC_ENGINE_BIT_KSTREAMS);
    cdc_changes_release(&C);
}

static void test_plan_of_filter_changes(void **state)
{
    versions *v = *state;
    compile(&v->base, base_filters);
    char head[sizeof base_filters + 512];
    snprintf(head, sizeof head, "%s",
             "version: 1\n"
             "filters:\n"
             "  - id: loans\n"
             "    name: Loans\n"
             "    consumerId: loan-service\n"
             "    outputTopic: loans\n"
             "    conditions:\n"
             "      - { field: event_type, operator: equals, value: LoanCreated }\n"
             "      - { field: __op, operator: in, values: [c, r] }\n"
             "  - id: cars\n"
             "    name: Cars\n"
             "    consumerId: car-service\n"
             "    outputTopic: cars-v2\n"
             "    conditions:\n"
             "      - { field: event_type, operator: equals, value: CarCreated }\n"
             "  - id: services\n"
             "    name: Services\n"
             "    consumerId: workshop\n"
             "    outputTopic: services\n"
             "    conditions:\n"
             "      - { field: event_type, operator: equals, value: CarServiceDone }\n");
    compile(&v->head, head);
    cdc_changes C = {0};
    cdc_changes_compare_filters(v->head.a, &v->base.p, &v->head.p, &C);
    cdc_rollout_plan plan;
    cdc_rollout_plan_build(v->head.a, "base", &C, &v->base.p, &v->base.cfg, &v->head.p,
                           &v->head.cfg, &plan);
    /* widened and added get a backfill, the moved topic a finding */
    assert_true(plan_filter(&plan, "loans")->backfill);
    assert_true(plan_filter(&plan, "services")->backfill);
    assert_false(plan_filter(&plan, "cars")->backfill);
    assert_int_equal(plan.nbackfills, 2);
    assert_int_equal(plan.nfindings, 1);
    assert_string_equal(plan.findings[0].code, "rollout-topic-moved");
    assert_int_equal(plan.findings[0].pos.line, 13); /* cars' outputTopic */
    /* Flink: stop, read R (writing the backfill), start from R, backfill */
    const cdc_rollout_section *fl = &plan.sections[CDC_ROLLOUT_FLINK];
    assert_true(fl->switches);
    assert_int_equal(fl->nsteps, 4);
    assert_int_equal(fl->steps[0].kind, CDC_STEP_STOP_SAVEPOINT);
    assert_int_equal(fl->steps[1].kind, CDC_STEP_READ_OFFSETS);
    assert_non_null(strstr(fl->steps[1].command, "--until-group cdcgen-router-flink"));
    assert_int_equal(fl->steps[2].kind, CDC_STEP_START_JOB);
    assert_int_equal(fl->steps[3].kind, CDC_STEP_BACKFILL);
    /* every read-offsets step says how to check that R is defined */
    assert_non_null(strstr(fl->steps[1].what, "offset on every partition"));
    /* Kafka Streams: stopped whole, R read, backfilled by cdcgen, then started */
    const cdc_rollout_section *ks = &plan.sections[CDC_ROLLOUT_KSTREAMS];
    assert_int_equal(ks->nsteps, 4);
    assert_int_equal(ks->steps[0].kind, CDC_STEP_STOP_APP);
    assert_int_equal(ks->steps[1].kind, CDC_STEP_READ_OFFSETS);
    assert_non_null(strstr(ks->steps[1].what, "offset on every partition"));
    assert_int_equal(ks->steps[2].kind, CDC_STEP_BACKFILL);
    assert_string_equal(ks->steps[2].command,
                        "cdcgen backfill --against base --processor kstreams --until-group "
                        "cdcgen-router");
    assert_int_equal(ks->steps[3].kind, CDC_STEP_START_APP);
    /* the topics come first; nothing reaches the connector */
    assert_true(plan.sections[CDC_ROLLOUT_TOPICS].switches);
    assert_non_null(strstr(plan.sections[CDC_ROLLOUT_TOPICS].steps[0].what, "services-flink"));
    assert_true(plan.sections[CDC_ROLLOUT_CONNECT].runs);
    assert_false(plan.sections[CDC_ROLLOUT_CONNECT].switches);
    assert_non_null(strstr(plan.duplicate_bound, "10s"));
    cdc_changes_release(&C);
}

/* The words a POSIX shell (/bin/sh) makes of command, one a line, the
 * trailing comment dropped by the shell itself: what Flink's SQL client
 * gets as arguments. FLINK_HOME is /flink, and the cdcgen on PATH is in a
 * temporary directory, shown as BIN. */
static char *shell_words(const char *command)
{
    char script[4096];
    snprintf(script, sizeof script,
             "FLINK_HOME=/flink\n"
             "d=$(mktemp -d) || exit 1\n"
             ": >\"$d/cdcgen\" && chmod +x \"$d/cdcgen\" && PATH=\"$d:$PATH\"\n"
             "set -- %s\n"
             "for w; do case $w in \"$d\"/*) w=\"BIN/${w#\"$d\"/}\";; esac; "
             "printf '%%s\\n' \"$w\"; done\n"
             "rm -r \"$d\"\n",
             command);
    char sh[] = "sh", c[] = "-c";
    char *argv[] = {sh, c, script, NULL};
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        execv("/bin/sh", argv);
        _exit(127);
    }
    close(fd[1]);
    static char out[4096];
    size_t n = 0;
    ssize_t got;
    while ((got = read(fd[0], out + n, sizeof out - 1 - n)) > 0)
        n += (size_t)got;
    out[n] = '\0';
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return out;
}

/* The SQL client's arguments name the JobManager of the REST URL, the
 * shell keeps each value one word, and the comment says what the
 * arguments cannot carry. */
static void test_sql_client_command(void **state)
{
    cdc_arena *a = ((versions *)*state)->head.a;
    static const struct {
        const char *url;
        bool fan_out;
        const char *words; /* as the shell splits the command */
        const char *note;  /* in the trailing comment */
    } cases[] = {
        {"http://flink:8081", false,
         "/flink/bin/sql-client.sh\n-Drest.address=flink\n-Drest.port=8081\n-f\ngenerated/"
         "flink.sql\n",
         NULL},
        {"", false, "/flink/bin/sql-client.sh\n-f\ngenerated/flink.sql\n", "conf/config.yaml"},
        {NULL, false, "/flink/bin/sql-client.sh\n-f\ngenerated/flink.sql\n", "conf/config.yaml"},
        {"http://jm.example", false,
         "/flink/bin/sql-client.sh\n-Drest.address=jm.example\n-Drest.port=80\n-f\n"
         "generated/flink.sql\n",
         NULL},
        {"https://jm.example/", false,
         "/flink/bin/sql-client.sh\n-Drest.address=jm.example\n-Drest.port=443\n"
         "-Dsecurity.ssl.rest.enabled=true\n-f\ngenerated/flink.sql\n",
         "security.ssl.rest.truststore"},
        {"http://[::1]:8081/", false,
         "/flink/bin/sql-client.sh\n-Drest.address=::1\n-Drest.port=8081\n-f\ngenerated/"
         "flink.sql\n",
         NULL},
        {"http://ops:secret@jm:8081/flink", false,
         "/flink/bin/sql-client.sh\n-Drest.address=jm\n-Drest.port=8081\n-f\ngenerated/flink.sql\n",
         "/flink dropped"},
        {"http://a$(touch x)';b:1", false,
         "/flink/bin/sql-client.sh\n-Drest.address=a$(touch x)';b\n-Drest.port=1\n-f\n"
         "generated/flink.sql\n",
         NULL},
        {"http://flink:8081", true,
         "/flink/bin/sql-client.sh\n--jar\nBIN/../share/cdcgen/cdcgen-flink.jar\n"
         "-Drest.address=flink\n-Drest.port=8081\n-f\ngenerated/flink.sql\n",
         "--jar"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *cmd =
            cdc_rollout_sql_client(a, cases[i].url, cases[i].fan_out, "generated/flink.sql");
        assert_non_null(strstr(cmd, "\"$FLINK_HOME/bin/sql-client.sh\""));
        assert_null(strchr(cmd, '\n'));     /* one line, as --cluster prints it */
        assert_null(strstr(cmd, "secret")); /* a URL's password never printed */
        assert_string_equal(shell_words(cmd), cases[i].words);
        const char *comment = strstr(cmd, "   # ");
        if (cases[i].note)
            assert_non_null(comment && strstr(comment, cases[i].note));
    }
}

/* The plan's submissions: the start names flink.rest_url's JobManager and,
 * in the fan-out layout, the routing function's jar; the backfill (the
 * per-filter layout's job) needs no jar. */
static void test_plan_submits_to_rest_url(void **state)
{
    versions *v = *state;
    compile(&v->base, base_filters);
    v->head.cfg.flink_layout = "fan-out";
    v->head.cfg.flink_rest_url = "http://flink:8081";
    compile(&v->head,
            "version: 1\n"
            "filters:\n"
            "  - id: cars\n"
            "    name: Cars\n"
            "    consumerId: car-service\n"
            "    outputTopic: cars\n"
            "    conditions:\n"
            "      - { field: event_type, operator: in, values: [CarCreated, CarSold] }\n");
    cdc_changes C = {0};
    cdc_changes_compare_filters(v->head.a, &v->base.p, &v->head.p, &C);
    cdc_rollout_plan plan;
    cdc_rollout_plan_build(v->head.a, "base", &C, &v->base.p, &v->base.cfg, &v->head.p,
                           &v->head.cfg, &plan);
    const cdc_rollout_section *fl = &plan.sections[CDC_ROLLOUT_FLINK];
    assert_int_equal(fl->nsteps, 4);
    assert_int_equal(fl->steps[2].kind, CDC_STEP_START_JOB);
    assert_string_equal(shell_words(fl->steps[2].command),
                        "/flink/bin/sql-client.sh\n--jar\nBIN/../share/cdcgen/cdcgen-flink.jar\n"
                        "-Drest.address=flink\n-Drest.port=8081\n-f\ngenerated/flink.sql\n");
    assert_int_equal(fl->steps[3].kind, CDC_STEP_BACKFILL);
    assert_string_equal(shell_words(fl->steps[3].command),
                        "/flink/bin/sql-client.sh\n-Drest.address=flink\n-Drest.port=8081\n-f\n"
                        "backfill.sql\n");
    cdc_changes_release(&C);
}

static void test_narrowing_needs_no_backfill(void **state)
{
    versions *v = *state;
    compile(&v->base, base_filters);
    char head[sizeof base_filters + 128];
    snprintf(head, sizeof head, "%s      - { field: __op, operator: equals, value: c }\n",
             base_filters);
    compile(&v->head, head);
    cdc_changes C = {0};
    cdc_changes_compare_filters(v->head.a, &v->base.p, &v->head.p, &C);
    cdc_rollout_plan plan;
    cdc_rollout_plan_build(v->head.a, "base", &C, &v->base.p, &v->base.cfg, &v->head.p,
                           &v->head.cfg, &plan);
    assert_int_equal(C.n, 1);
    assert_int_equal(C.v[0].route.change, CDC_ROUTE_NARROWED);
    assert_int_equal(plan.nbackfills, 0);
    assert_int_equal(plan.nfindings, 0);
    const cdc_rollout_section *fl = &plan.sections[CDC_ROLLOUT_FLINK];
    assert_int_equal(fl->nsteps, 3); /* no backfill step, R read by Kafka's tool */
    assert_null(strstr(fl->steps[1].command, "cdcgen backfill"));
    /* nor for Kafka Streams: stop, start */
    const cdc_rollout_section *ks = &plan.sections[CDC_ROLLOUT_KSTREAMS];
    assert_int_equal(ks->nsteps, 2);
    assert_int_equal(ks->steps[0].kind, CDC_STEP_STOP_APP);
    assert_int_equal(ks->steps[1].kind, CDC_STEP_START_APP);
    assert_false(plan.sections[CDC_ROLLOUT_TOPICS].switches); /* no new topic */
    cdc_changes_release(&C);
}

static void test_backfill_job(void **state)
{
    versions *v = *state;
    compile(&v->base, base_filters);
    /* loans: __op = c becomes __op notIn [d] (widened) */
    cdc_buf head = CDC_BUF_INIT;
    cdc_buf_init(&head);
    const char *at = strstr(base_filters, "operator: equals, value: c }");
    cdc_buf_add(&head, base_filters, (size_t)(at - base_filters));
    cdc_buf_puts(&head, "operator: notIn, values: [d] }");
    cdc_buf_puts(&head, at + strlen("operator: equals, value: c }"));
    compile(&v->head, cdc_arena_strdup(v->head.a, head.data));
    cdc_buf_release(&head);
    cdc_backfill_filter one = {v->head.p.filters[0], v->base.p.filters[0]};
    cdc_flink_backfill bf = {.against = "base",
                             .startup_mode = "timestamp",
                             .startup_value = "1767225600000",
                             .until = "partition:0,offset:7;partition:1,offset:0",
                             .v = &one,
                             .n = 1};
    cdc_buf out = CDC_BUF_INIT;
    cdc_buf_init(&out);
    cdc_emit_flink_backfill(&v->head.p, &v->head.cfg, &bf, &out);
    assert_non_null(strstr(out.data, "'scan.bounded.specific-offsets' = "
                                     "'partition:0,offset:7;partition:1,offset:0'"));
    assert_non_null(strstr(out.data, "'scan.startup.timestamp-millis' = '1767225600000'"));
    assert_non_null(strstr(out.data, "'properties.commit.offsets.on.checkpoint' = 'false'"));
    assert_null(strstr(out.data, "'properties.group.id'"));
    assert_non_null(strstr(out.data, "`__op` NOT IN ('d')) IS TRUE\n    AND ("));
    assert_non_null(strstr(out.data, "`__op` = 'c') IS NOT TRUE;"));
    assert_non_null(strstr(out.data, "'topic' = 'loans-flink'"));
    cdc_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_config_changes_located, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plan_of_filter_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_narrowing_needs_no_backfill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backfill_job, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sql_client_command, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plan_submits_to_rest_url, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

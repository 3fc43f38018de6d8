/* Unit tests of sem/change.c (filters and cdcgen.yaml compared), sem/rollout.c
 * (the switch-over plan) and the backfill job of back/emit_flink.c, on two
 * versions compiled from text. */
#include "fixture.h"

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

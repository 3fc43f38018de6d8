/* sem/rollout.c: the switch-over plan from one version of a project to the
 * next, on the changes change.c classified.
 *
 * Consumes the changes and both versions (programs and configs); produces
 * a cdc_rollout_plan in the arena: a section per engine with its steps and
 * their exact commands, a backfill per filter that routes events the base
 * did not (added, re-enabled, widened, narrowed and widened, undecided:
 * the backfill job routes exactly "new IS TRUE AND old IS NOT TRUE", which
 * is right whatever the decision), and the findings: what no step can
 * switch safely. Nothing here talks to a cluster: the commands name the
 * job, statement and endpoints by shell variables ($FLINK_REST,
 * $FLINK_JOB_ID, ...).
 *
 * Why the steps are these (docs/rollout.md cites the engines' sources):
 * - Flink resumes from the group's committed offsets R, without the
 *   savepoint's state. A plain SQL script has no operator uids
 *   (table.exec.uid.generation PLAN_ONLY), so the source's operator hash
 *   changes when the statement set gains or loses an INSERT and the
 *   savepoint cannot be restored; and where it could, the source would
 *   resume at the savepoint's offsets S, while the offsets the stop
 *   commits (asynchronously, on the savepoint's completion) may be lost,
 *   leaving R before S: a backfill bounded by R would then miss [R, S).
 *   From R, the unchanged filters route [R, S) again: at most one
 *   checkpoint interval, the duplicate bound the plan states.
 * - Confluent Cloud carries the offsets over (sql.tables.initial-offset-from)
 *   for stateless statements, which cdcgen's are.
 * - Kafka Streams is stopped whole and started again: in a rolling restart
 *   old and new instances share the group, each routing its partitions by
 *   its own topology. */
#include <stdio.h>
#include <string.h>

#include "cdcgen/sem/rollout.h"
#include "cdcgen/back/emit_flink.h"
#include "cdcgen/back/target.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"

static const char *const engine_names[CDC_ROLLOUT__COUNT] = {
    [CDC_ROLLOUT_TOPICS] = "topics",       [CDC_ROLLOUT_FLINK] = "flink",
    [CDC_ROLLOUT_CONFLUENT] = "confluent", [CDC_ROLLOUT_KSTREAMS] = "kstreams",
    [CDC_ROLLOUT_CONNECT] = "connect",
};

const char *cdc_rollout_engine_name(cdc_rollout_engine e)
{
    return e < CDC_ROLLOUT__COUNT ? engine_names[e] : "?";
}

static const char *const step_names[CDC_STEP__COUNT] = {
    [CDC_STEP_CREATE_TOPICS] = "create-topics",
    [CDC_STEP_STOP_SAVEPOINT] = "stop-with-savepoint",
    [CDC_STEP_READ_OFFSETS] = "read-offsets",
    [CDC_STEP_BACKFILL] = "backfill",
    [CDC_STEP_START_JOB] = "start-job",
    [CDC_STEP_REPLACE_STATEMENT] = "replace-statement",
    [CDC_STEP_STOP_APP] = "stop-app",
    [CDC_STEP_START_APP] = "start-app",
    [CDC_STEP_UPDATE_CONNECTOR] = "update-connector",
};

const char *cdc_rollout_step_kind_name(cdc_rollout_step_kind k)
{
    return k < CDC_STEP__COUNT ? step_names[k] : "?";
}

/* The engine bit of each section (cdc_engine_bits). */
static const unsigned section_bits[CDC_ROLLOUT__COUNT] = {
    [CDC_ROLLOUT_TOPICS] = CDC_ENGINE_BIT_TOPICS,
    [CDC_ROLLOUT_FLINK] = CDC_ENGINE_BIT_FLINK,
    [CDC_ROLLOUT_CONFLUENT] = CDC_ENGINE_BIT_CONFLUENT,
    [CDC_ROLLOUT_KSTREAMS] = CDC_ENGINE_BIT_KSTREAMS,
    [CDC_ROLLOUT_CONNECT] = CDC_ENGINE_BIT_CONNECT,
};

/* Whether the config writes a target of engine e. */
static bool engine_runs(const cdc_config *c, cdc_rollout_engine e)
{
    unsigned t = c->targets;
    switch (e) {
    case CDC_ROLLOUT_TOPICS:
        return t & ((1u << CDC_TARGET_TOPICS) | (1u << CDC_TARGET_TOPICS_SCRIPT));
    case CDC_ROLLOUT_FLINK: return t & (1u << CDC_TARGET_FLINK);
    case CDC_ROLLOUT_CONFLUENT: return t & (1u << CDC_TARGET_CONFLUENT);
    case CDC_ROLLOUT_KSTREAMS: return t & (1u << CDC_TARGET_KSTREAMS);
    case CDC_ROLLOUT_CONNECT:
        return t & ((1u << CDC_TARGET_CONNECT_DEBEZIUM) | (1u << CDC_TARGET_CONNECT_CONFLUENT));
    case CDC_ROLLOUT__COUNT: break;
    }
    return false;
}

static void step_add(cdc_rollout_section *s, cdc_arena *a, cdc_rollout_step_kind kind,
                     const char *what, const char *command)
{
    if (s->nsteps == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 4;
        cdc_rollout_step *v = cdc_arena_alloc(a, cap * sizeof *v);
        if (s->nsteps)
            memcpy(v, s->steps, s->nsteps * sizeof *v);
        s->steps = v;
        s->cap = cap;
    }
    s->steps[s->nsteps++] = (cdc_rollout_step){kind, what, command};
}

static void finding_add(cdc_rollout_plan *p, cdc_arena *a, const char *code, const cdc_source *src,
                        cdc_pos pos, const char *message)
{
    if (p->nfindings == p->findings_cap) {
        size_t cap = p->findings_cap ? 2 * p->findings_cap : 4;
        cdc_rollout_finding *v = cdc_arena_alloc(a, cap * sizeof *v);
        if (p->nfindings)
            memcpy(v, p->findings, p->nfindings * sizeof *v);
        p->findings = v;
        p->findings_cap = cap;
    }
    p->findings[p->nfindings++] = (cdc_rollout_finding){code, src, pos, message};
}

/* ---- what each change does ---- */

/* Whether a filter change makes the filter route events the base did not
 * route (so the new job needs a backfill before R). */
static bool needs_backfill(const cdc_change *c)
{
    switch (c->kind) {
    case CDC_CHANGE_ADDED: return c->head->generated;
    case CDC_CHANGE_REENABLED: return true;
    case CDC_CHANGE_ROUTING:
        return c->route.change == CDC_ROUTE_WIDENED || c->route.change == CDC_ROUTE_BOTH ||
               c->route.change == CDC_ROUTE_UNDECIDED;
    default: return false;
    }
}

/* The engines a filter change reaches: every processor of the filter, and
 * the topics when a topic is new. A consumer or a rewrite without effect
 * changes nothing that runs. */
static unsigned filter_engines(const cdc_change *c)
{
    const unsigned processors =
        CDC_ENGINE_BIT_FLINK | CDC_ENGINE_BIT_CONFLUENT | CDC_ENGINE_BIT_KSTREAMS;
    switch (c->kind) {
    case CDC_CHANGE_CONSUMER: return 0;
    case CDC_CHANGE_ROUTING: return c->route.change == CDC_ROUTE_UNCHANGED ? 0 : processors;
    case CDC_CHANGE_ADDED: return c->head->generated ? processors | CDC_ENGINE_BIT_TOPICS : 0;
    case CDC_CHANGE_REENABLED:
    case CDC_CHANGE_TOPIC: return processors | CDC_ENGINE_BIT_TOPICS;
    default: return processors;
    }
}

static void filter_findings(cdc_rollout_plan *p, cdc_arena *a, const cdc_change *c)
{
    if (c->kind != CDC_CHANGE_TOPIC)
        return;
    const cdc_filter *h = c->head;
    finding_add(
        p, a, "rollout-topic-moved", h->src, h->output_topic.pos,
        cdc_arena_printf(a,
                         "filter '%s' moves from topic %s to %s while its consumer %s reads "
                         "the old one: nothing switches it safely; move the consumer first "
                         "(add the new filter beside the old one, switch the consumer, then "
                         "remove the old filter)",
                         h->id.s, c->from, c->to, h->consumer_id.s));
}

static void config_findings(cdc_rollout_plan *p, cdc_arena *a, const cdc_change *c)
{
    const char *what = cdc_arena_printf(a, "%s changes from '%s' to '%s'", c->key, c->from, c->to);
    const char *then = "nothing switches it safely (roll it out on its own, with the old and new "
                       "pipelines side by side)";
    switch (c->effect) {
    case CDC_EFFECT_TOPICS:
        finding_add(p, a, "rollout-topic-moved", c->src, c->pos,
                    cdc_arena_printf(a,
                                     "%s: every filtered topic of its processors moves while "
                                     "their consumers read the old ones; %s",
                                     what, then));
        break;
    case CDC_EFFECT_SOURCE:
        finding_add(p, a, "rollout-source-moved", c->src, c->pos,
                    cdc_arena_printf(a,
                                     "%s: the processors would read another topic from its own "
                                     "offsets, so the switch-over point R on the old topic "
                                     "means nothing there; %s",
                                     what, then));
        break;
    case CDC_EFFECT_GROUP:
        finding_add(p, a, "rollout-group-moved", c->src, c->pos,
                    cdc_arena_printf(a,
                                     "%s: the processor would resume from another group's "
                                     "offsets (none: the start of the topic), not where the "
                                     "running one stopped; %s",
                                     what, then));
        break;
    default: break;
    }
}

/* ---- the sections ---- */

/* The new topics (added, re-enabled, moved filters) of the processors the
 * project runs, as "a, b, c". */
static const char *new_topics(cdc_arena *a, const cdc_rollout_plan *p, const cdc_config *hc)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_change *c = p->filters[i].change;
        if (!(filter_engines(c) & CDC_ENGINE_BIT_TOPICS) || !c->head || !c->head->generated)
            continue;
        for (int t = 0; t < CDC_TARGET__COUNT; t++) {
            const char *topic = c->head->topic[t];
            if (!topic || !(hc->targets & (1u << t)))
                continue;
            /* the SQL targets share a topic: name it once */
            if (t == CDC_TARGET_CONFLUENT && (hc->targets & (1u << CDC_TARGET_FLINK)))
                continue;
            cdc_buf_printf(&b, "%s%s", b.len ? ", " : "", topic);
        }
    }
    const char *s = b.len ? cdc_arena_strdup(a, b.data) : NULL;
    cdc_buf_release(&b);
    return s;
}

static void topics_steps(cdc_rollout_plan *p, cdc_arena *a, const cdc_config *hc)
{
    const char *topics = new_topics(a, p, hc);
    step_add(&p->sections[CDC_ROLLOUT_TOPICS], a, CDC_STEP_CREATE_TOPICS,
             cdc_arena_printf(
                 a,
                 "Create the topics the change writes to%s%s%s, before any processor writes "
                 "there: neither Apache Flink's Kafka sink nor Kafka Streams creates a topic. "
                 "plan lists what differs; apply creates what is missing and changes nothing "
                 "else.",
                 topics ? " (" : "", topics ? topics : "", topics ? ")" : ""),
             "cdcgen topics plan --bootstrap-servers \"$KAFKA_BOOTSTRAP_SERVERS\"\n"
             "cdcgen topics apply --bootstrap-servers \"$KAFKA_BOOTSTRAP_SERVERS\"");
}

const char *cdc_rollout_r_check(cdc_arena *a, const char *what, const char *until)
{
    return cdc_arena_printf(
        a,
        "Check that the group committed an offset on every partition that holds records (in "
        "the describe output, a CURRENT-OFFSET of '-' marks none; Flink commits none for a "
        "partition it has read nothing from). Where it committed none, R is undefined there: "
        "the new version starts that partition from its first record (auto.offset.reset "
        "earliest) and routes it whole again, and where no partition has one (%s stopped "
        "before it ever committed) cdcgen backfill refuses. Either way, to define R: start the "
        "old version again, wait until %s and the group holds an offset on every partition "
        "that holds records, and stop it again.",
        what, until);
}

/* ---- submitting SQL: Flink's SQL client ----
 *
 * sql-client.sh -D KEY=VALUE is a session property (CliOptionsParser,
 * "session dynamic config key=val", in embedded mode too), which
 * DefaultContextUtils.buildDefaultContext lays over the configuration of
 * conf/: so rest.address and rest.port name the JobManager the statements
 * go to (flink-sql-client 1.20.3 and 2.2.0). tests/cluster/run.sh runs the
 * printed arguments on Flink's SQL client. */

/* The bytes a POSIX shell takes literally in a word. */
static bool shell_plain(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-+=:/,@%",
                    s[i]) ||
            !s[i])
            return false;
    return true;
}

/* One shell word of name and the n bytes of value: as is, or in single
 * quotes (a quote inside as '\''). */
static void put_shell_word(cdc_buf *b, const char *name, const char *value, size_t n)
{
    if (shell_plain(value, n)) {
        cdc_buf_printf(b, " %s%.*s", name, (int)n, value);
        return;
    }
    cdc_buf_printf(b, " '%s", name);
    for (size_t i = 0; i < n; i++)
        if (value[i] == '\'')
            cdc_buf_puts(b, "'\\''");
        else
            cdc_buf_printf(b, "%c", value[i]);
    cdc_buf_puts(b, "'");
}

const char *cdc_rollout_sql_client(cdc_arena *a, const char *rest_url, bool fan_out,
                                   const char *file)
{
    cdc_buf b = CDC_BUF_INIT, note = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_buf_init(&note);
    cdc_buf_puts(&b, "\"$FLINK_HOME/bin/sql-client.sh\"");
    if (fan_out)
        cdc_buf_puts(&b, " --jar \"$(dirname \"$(command -v cdcgen)\")/../share/cdcgen/"
                         "cdcgen-flink.jar\"");
    bool https = rest_url && strncmp(rest_url, "https://", 8) == 0;
    bool http = rest_url && strncmp(rest_url, "http://", 7) == 0;
    if (http || https) {
        const char *auth = rest_url + (https ? 8 : 7);
        size_t n = strcspn(auth, "/?#");
        const char *at = memchr(auth, '@', n); /* user and password: never printed */
        while (at) {
            n -= (size_t)(at + 1 - auth);
            auth = at + 1;
            at = memchr(auth, '@', n);
        }
        const char *host = auth, *port = NULL;
        size_t hn = n, pn = 0;
        const char *close = host[0] == '[' ? memchr(host, ']', n) : NULL;
        if (close) { /* an IPv6 literal: the address without its brackets */
            host++;
            hn = (size_t)(close - host);
            if ((size_t)(close + 1 - auth) < n && close[1] == ':') {
                port = close + 2;
                pn = n - (size_t)(port - auth);
            }
        } else {
            const char *colon = memchr(host, ':', n);
            if (colon) {
                hn = (size_t)(colon - host);
                port = colon + 1;
                pn = n - hn - 1;
            }
        }
        if (!port || pn == 0) {
            port = https ? "443" : "80";
            pn = strlen(port);
        }
        put_shell_word(&b, "-Drest.address=", host, hn);
        put_shell_word(&b, "-Drest.port=", port, pn);
        if (https) {
            cdc_buf_puts(&b, " -Dsecurity.ssl.rest.enabled=true");
            cdc_buf_puts(&note, "; https: the JobManager's certificate must be trusted: "
                                "-Dsecurity.ssl.rest.truststore=FILE "
                                "-Dsecurity.ssl.rest.truststore-password=... here or in "
                                "conf/config.yaml");
        }
        const char *path = auth + n;
        if (*path && strcmp(path, "/") != 0)
            cdc_buf_printf(&note, "; %s dropped: Flink's REST client takes no path prefix", path);
    } else {
        cdc_buf_puts(&note, "; the JobManager: rest.address, rest.port of "
                            "$FLINK_HOME/conf/config.yaml (flink.rest_url unset)");
    }
    if (fan_out)
        cdc_buf_puts(&note, "; --jar: the routing function, installed beside cdcgen");
    cdc_buf_printf(&b, " -f %s", file);
    if (note.len)
        cdc_buf_printf(&b, "   #%s", note.data + 1);
    const char *s = cdc_arena_strdup(a, b.data);
    cdc_buf_release(&b);
    cdc_buf_release(&note);
    return s;
}

static void flink_steps(cdc_rollout_plan *p, cdc_arena *a, const cdc_program *hp,
                        const cdc_config *hc)
{
    cdc_rollout_section *s = &p->sections[CDC_ROLLOUT_FLINK];
    const char *group = hc->group_id, *topic = hc->source_topic;
    step_add(s, a, CDC_STEP_STOP_SAVEPOINT,
             "Stop the running job with a savepoint. The stop takes a synchronous savepoint, "
             "and when it completes the Kafka source commits the offsets it reached to its "
             "consumer group (a plain SAVEPOINT or a cancel commits nothing). Wait until the "
             "savepoint is COMPLETED and the job FINISHED. The savepoint goes to "
             "state.savepoints.dir, or to a \"targetDirectory\" in the request's body.",
             "# in Flink's SQL client:\n"
             "STOP JOB '<job-id>' WITH SAVEPOINT;\n"
             "# or through the JobManager's REST API ($FLINK_REST: http://jobmanager:8081):\n"
             "curl -fsS -X POST -H 'Content-Type: application/json' -d '{\"drain\": false}' "
             "\"$FLINK_REST/jobs/$FLINK_JOB_ID/stop\"\n"
             "curl -fsS \"$FLINK_REST/jobs/$FLINK_JOB_ID/savepoints/$TRIGGER_ID\"   "
             "# until .status.id is COMPLETED");
    const char *what = cdc_arena_printf(
        a,
        "Read R, the offsets consumer group %s committed on %s: the new job starts exactly "
        "there%s. Nothing else commits for %s while the job is stopped. %s",
        group, topic,
        p->nbackfills ? ", and the backfill job written now reads every partition up to R" : "",
        group, cdc_rollout_r_check(a, "a job", "a checkpoint completes"));
    const char *cmd =
        p->nbackfills
            ? cdc_arena_printf(a,
                               "cdcgen backfill --against %s --until-group %s -o backfill.sql\n"
                               "# R as Kafka shows it:\n"
                               "kafka-consumer-groups.sh --bootstrap-server "
                               "\"$KAFKA_BOOTSTRAP_SERVERS\" --describe --group %s",
                               p->against, group, group)
            : cdc_arena_printf(a,
                               "kafka-consumer-groups.sh --bootstrap-server "
                               "\"$KAFKA_BOOTSTRAP_SERVERS\" --describe --group %s",
                               group);
    step_add(s, a, CDC_STEP_READ_OFFSETS, what, cmd);
    step_add(
        s, a, CDC_STEP_START_JOB,
        cdc_arena_printf(
            a,
            "Submit the new generated/flink.sql without the savepoint: its source "
            "(scan.startup.mode group-offsets) resumes at R. Not from the savepoint: a SQL "
            "script sets no operator uids (table.exec.uid.generation PLAN_ONLY), so the "
            "source's operator id changes with the statement set and its state maps to "
            "nothing; and a restorable savepoint would resume at its own offsets, which may lie "
            "past R when the stop's commit was lost, so events between them would reach no new "
            "filter. Unchanged filters route again the events between R and where the old job "
            "stopped: %s.",
            p->duplicate_bound),
        cdc_rollout_sql_client(a, hc->flink_rest_url, cdc_flink_fan_out(hp, hc),
                               "generated/flink.sql"));
    if (p->nbackfills)
        step_add(s, a, CDC_STEP_BACKFILL,
                 cdc_arena_printf(
                     a,
                     "Run the backfill job: a bounded job over [start, R) of %s that writes "
                     "into each of the %zu filter%s marked backfill the events it routes and "
                     "its old version did not. It reads no group's offsets and commits none, "
                     "so it cannot move %s; it writes only events before R, the new job only "
                     "events from R: none twice. It ends by itself when it reaches R.",
                     topic, p->nbackfills, p->nbackfills == 1 ? "" : "s", group),
                 /* the backfill job is the per-filter layout's: no function jar */
                 cdc_rollout_sql_client(a, hc->flink_rest_url, false, "backfill.sql"));
}

static void confluent_steps(cdc_rollout_plan *p, cdc_arena *a)
{
    step_add(&p->sections[CDC_ROLLOUT_CONFLUENT], a, CDC_STEP_REPLACE_STATEMENT,
             "Create the sink tables of new filters (each CREATE TABLE of generated/confluent.sql "
             "the environment lacks, one statement each), then the new statement set with the "
             "running statement's offsets carried over (sql.tables.initial-offset-from, for "
             "stateless statements, which cdcgen's filters and projections into append-only "
             "tables are). Confluent Cloud waits for the old statement to stop, then starts the "
             "new one where it stopped: no event lost or repeated. The backfill job is Apache "
             "Flink SQL; on Confluent Cloud alone, new filters start at the switch-over.",
             "confluent flink statement create \"$NEW_STATEMENT\" --sql \"$STATEMENT_SET_SQL\" "
             "--compute-pool \"$COMPUTE_POOL\" --database \"$KAFKA_CLUSTER\" "
             "--property sql.tables.initial-offset-from=\"$OLD_STATEMENT\"\n"
             "confluent flink statement stop \"$OLD_STATEMENT\"");
}

static void kstreams_steps(cdc_rollout_plan *p, cdc_arena *a, const cdc_config *hc)
{
    cdc_rollout_section *s = &p->sections[CDC_ROLLOUT_KSTREAMS];
    const char *app = hc->application_id, *topic = hc->source_topic;
    const char *describe = cdc_arena_printf(a,
                                            "kafka-consumer-groups.sh --bootstrap-server "
                                            "\"$KAFKA_BOOTSTRAP_SERVERS\" --describe --group %s",
                                            app);
    step_add(
        s, a, CDC_STEP_STOP_APP,
        cdc_arena_printf(a,
                         "Stop every instance of application %s, all of them, before any new one "
                         "starts: not a rolling restart, in which old and new instances share the "
                         "group and each routes its partitions by its own topology, old and new "
                         "routing at once. Closing commits the offsets each instance reached; wait "
                         "until the group has no members.",
                         app),
        cdc_arena_printf(a, "%s --members   # until it has no active members", describe));
    if (p->nbackfills) {
        step_add(s, a, CDC_STEP_READ_OFFSETS,
                 cdc_arena_printf(a,
                                  "R is the offsets group %s committed on %s, read while every "
                                  "instance is stopped: the new topology starts exactly there, and "
                                  "the backfill reads every partition up to R. %s",
                                  app, topic,
                                  cdc_rollout_r_check(a, "an application", "it commits")),
                 describe);
        step_add(
            s, a, CDC_STEP_BACKFILL,
            cdc_arena_printf(
                a,
                "Run the backfill of the Kafka Streams topics before the start: cdcgen reads "
                "[start, R) of %s (R from group %s, which it only reads), and writes into each of "
                "the %zu filter%s marked backfill the events it routes and its old version did "
                "not, as the runtime writes a routed record (the same value bytes, key, headers "
                "and timestamp, the key's partition), in one transaction, and prints the counts "
                "per filter. Before the start (the default here), each key's events reach the new "
                "filters' topics in their order, older ones first, at the cost of the stop lasting "
                "as long as the backfill. To shorten the stop, start the backfill first and the "
                "application once the backfill has read R (its first line on standard error): "
                "they then run concurrently, and a key's backfilled events interleave with its "
                "new ones. A failed run leaves nothing visible to read_committed consumers and may "
                "be run again; a run that succeeded must not be: it would write its events twice.",
                topic, app, p->nbackfills, p->nbackfills == 1 ? "" : "s"),
            cdc_arena_printf(a,
                             "cdcgen backfill --against %s --processor kstreams --until-group %s",
                             p->against, app));
    }
    step_add(s, a, CDC_STEP_START_APP,
             p->nbackfills
                 ? "Start the new topology. Its branches are stateless and create no internal "
                   "topics, so it resumes from the group's committed offsets R whatever branches "
                   "it has; the backfill wrote the new filters' events before R."
                 : "Start the new topology. Its branches are stateless and create no internal "
                   "topics, so it resumes from the group's committed offsets whatever branches it "
                   "has.",
             "cdcgen-kstreams --topology generated/kstreams-topology.json");
}

static void connect_steps(cdc_rollout_plan *p, cdc_arena *a, const cdc_config *hc)
{
    step_add(&p->sections[CDC_ROLLOUT_CONNECT], a, CDC_STEP_UPDATE_CONNECTOR,
             "Replace the connector's configuration; Kafka Connect restarts its task, which "
             "resumes from the connector's stored source offsets (the replication slot's "
             "position).",
             cdc_arena_printf(
                 a,
                 "curl -fsS -X PUT -H 'Content-Type: application/json' --data \"$(jq .config "
                 "generated/connect-debezium.json)\" \"$CONNECT_REST/connectors/%s/config\"",
                 hc->debezium_connector_name));
}

void cdc_rollout_plan_build(cdc_arena *a, const char *against, const cdc_changes *C,
                            const cdc_program *bp, const cdc_config *bc, const cdc_program *hp,
                            const cdc_config *hc, cdc_rollout_plan *p)
{
    (void)bp;
    (void)hp;
    memset(p, 0, sizeof *p);
    p->against = against;
    p->changes = C;
    p->group_id = hc->group_id;
    p->source_topic = hc->source_topic;
    p->duplicate_bound = cdc_arena_printf(
        a,
        "at most the events of one checkpoint interval (flink.checkpoint_interval %s): the "
        "stop's own commit, when it is lost as the job stops, leaves the group one checkpoint "
        "earlier",
        hc->checkpoint_interval);
    p->filters = cdc_arena_alloc(a, (C->n ? C->n : 1) * sizeof *p->filters);
    unsigned reached = 0;
    for (cdc_rollout_engine e = 0; e < CDC_ROLLOUT__COUNT; e++) {
        p->sections[e].engine = e;
        p->sections[e].runs = engine_runs(hc, e) || engine_runs(bc, e);
    }
    for (size_t i = 0; i < C->n; i++) {
        const cdc_change *c = &C->v[i];
        if (c->kind == CDC_CHANGE_CONFIG) {
            reached |= c->engines;
            config_findings(p, a, c);
            continue;
        }
        cdc_rollout_filter *f = &p->filters[p->nfilters++];
        *f = (cdc_rollout_filter){c, needs_backfill(c), -1, -1};
        p->nbackfills += f->backfill;
        reached |= filter_engines(c);
        filter_findings(p, a, c);
    }
    for (cdc_rollout_engine e = 0; e < CDC_ROLLOUT__COUNT; e++)
        p->sections[e].switches = p->sections[e].runs && (reached & section_bits[e]);
    if (p->sections[CDC_ROLLOUT_TOPICS].switches)
        topics_steps(p, a, hc);
    if (p->sections[CDC_ROLLOUT_FLINK].switches)
        flink_steps(p, a, hp, hc);
    if (p->sections[CDC_ROLLOUT_CONFLUENT].switches)
        confluent_steps(p, a);
    if (p->sections[CDC_ROLLOUT_KSTREAMS].switches)
        kstreams_steps(p, a, hc);
    if (p->sections[CDC_ROLLOUT_CONNECT].switches)
        connect_steps(p, a, hc);
}

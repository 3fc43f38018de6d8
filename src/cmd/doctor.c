/* cmd/doctor.c: `cdcgen doctor CONNINFO [--schema FILE] [PATH...]`: is this
 * live PostgreSQL ready for the project's connector?
 *
 * Consumes the project (cdcgen.yaml's database and connector settings, the
 * schema file, the filters) and a connection string; produces one finding
 * per thing that is not ready, each coded and located (at the key of
 * cdcgen.yaml it concerns, the schema file's column, the filter's condition,
 * or the database itself), in every --format, and in text a line per check
 * on standard output. Exit 0 only when the database is ready, 1 with
 * findings, 2 when it cannot be reached. What it asks for is what the
 * postgres target sets up, with the server settings of the e2e harness:
 * wal_level = logical, max_replication_slots and max_wal_senders with room
 * for the connector. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/cmd/cmd.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/cmd/database.h"
#include "cdcgen/cmd/driver.h"
#include "cdcgen/cmd/options.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/schema.h"
#include "cdcgen/live/pg.h"
#include "cdcgen/sem/drift.h"

static const char usage_text[] =
    "usage: cdcgen doctor CONNINFO [-c FILE] [--schema FILE] [--format FMT] [--max-errors N]\n"
    "                     [--fail-on-warning] [PATH...]\n"
    "\n"
    "Check a live PostgreSQL against the project: wal_level is logical, replication\n"
    "slots and WAL senders are free, the publication exists and covers the table,\n"
    "the connector's role (database.user) may replicate and read it, the table\n"
    "matches the schema file, and its REPLICA IDENTITY suffices for the filters.\n"
    "CONNINFO: a libpq connection string; PGPASSWORD and the other PG* variables\n"
    "apply. Exit 0 only when the database is ready.\n"
    "PATH: the filters (default filters/)\n"
    "\n" CDC_HELP_CONFIG CDC_HELP_FORMAT CDC_HELP_MAX_ERRORS CDC_HELP_FAIL_ON_WARNING CDC_HELP_HELP;

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

static const struct option longopts[] = {CDC_COMMON_LONGOPTS, CDC_LONGOPTS_END};
static const cdc_optspec spec = {longopts, CDC_COMMON_SHORTOPTS, usage, NULL};

/* One doctor run: the project's run, the database, where findings about the
 * database itself are located, and the checklist for text output. */
typedef struct doctor {
    cdc_run *r;
    cdc_pg *db;
    const cdc_source *dbsrc;  /* "postgres://host:port/dbname" */
    const cdc_source *cfgsrc; /* cdcgen.yaml's text, or NULL */
    const cdc_ynode *cfgroot;
    FILE *report; /* the checklist, or NULL */
} doctor;

static void checked(doctor *D, bool ok, const char *what)
{
    if (D->report)
        fprintf(D->report, "%-4s %s\n", ok ? "ok" : "FAIL", what);
}

/* Where key (section.name) of cdcgen.yaml is written; the database when
 * the file does not set it. */
static void locate_key(doctor *D, const char *section, const char *name, const cdc_source **src,
                       cdc_pos *pos)
{
    *src = D->dbsrc;
    *pos = (cdc_pos){0, 0, 0, 0};
    const cdc_ynode *sec = D->cfgroot ? cdc_ynode_get(D->cfgroot, section) : NULL;
    const cdc_ynode *n = sec && sec->kind == CDC_Y_MAPPING ? cdc_ynode_get(sec, name) : NULL;
    if (n) {
        *src = D->cfgsrc;
        *pos = n->pos;
    }
}

static void read_config_text(doctor *D)
{
    const char *path = D->r->config.path;
    if (!path)
        return;
    cdc_source *src = cdc_source_read(D->r->arena, path);
    cdc_diags quiet;
    cdc_diags_init(&quiet, D->r->arena);
    if (src && (D->cfgroot = cdc_yaml_load(D->r->arena, src, &quiet)) != NULL)
        D->cfgsrc = src;
}

/* ---- the checks ---- */

static void check_server(doctor *D)
{
    cdc_run *r = D->r;
    cdc_pg_server s;
    const char *err;
    if (!cdc_pg_read_server(D->db, r->config.slot_name, &s, &err)) {
        cdc_run_database_error(r, err);
        return;
    }
    bool logical = strcmp(s.wal_level, "logical") == 0;
    checked(D, logical, cdc_arena_printf(r->arena, "wal_level is %s", s.wal_level));
    if (!logical)
        cdc_diag_error(&r->diags, D->dbsrc, (cdc_pos){0, 0, 0, 0}, "db-wal-level",
                       "wal_level is %s; the connector needs logical (ALTER SYSTEM SET wal_level "
                       "= logical, then a restart)",
                       s.wal_level);
    /* The connector's slot, if it exists, is its own; otherwise one more. */
    bool slot_ok = s.slot_exists || s.slots_used < s.max_slots;
    checked(D, slot_ok,
            cdc_arena_printf(r->arena, "replication slots: %ld of %ld in use%s", s.slots_used,
                             s.max_slots, s.slot_exists ? ", the connector's among them" : ""));
    if (!slot_ok)
        cdc_diag_error(&r->diags, D->dbsrc, (cdc_pos){0, 0, 0, 0}, "db-capacity",
                       "no free replication slot for '%s': %ld of max_replication_slots %ld in "
                       "use (ALTER SYSTEM SET max_replication_slots = %ld, then a restart)",
                       r->config.slot_name, s.slots_used, s.max_slots,
                       s.slots_used + 4 > 4 ? s.slots_used + 4 : 4);
    bool sender_ok = s.slot_active || s.senders_used < s.max_senders;
    checked(D, sender_ok,
            cdc_arena_printf(r->arena, "WAL senders: %ld of %ld in use", s.senders_used,
                             s.max_senders));
    if (!sender_ok)
        cdc_diag_error(&r->diags, D->dbsrc, (cdc_pos){0, 0, 0, 0}, "db-capacity",
                       "no free WAL sender: %ld of max_wal_senders %ld in use (ALTER SYSTEM SET "
                       "max_wal_senders = %ld, then a restart)",
                       s.senders_used, s.max_senders,
                       s.senders_used + 4 > 4 ? s.senders_used + 4 : 4);
}

static void check_publication(doctor *D)
{
    cdc_run *r = D->r;
    const cdc_schema *s = r->prog.schema;
    const char *name = r->config.publication_name, *err;
    cdc_pg_publication pub;
    if (!cdc_pg_read_publication(D->db, name, s->pg_schema, s->table, &pub, &err)) {
        cdc_run_database_error(r, err);
        return;
    }
    const cdc_source *src;
    cdc_pos pos;
    locate_key(D, "connector", "publication_name", &src, &pos);
    bool ok = pub.exists && pub.covers && pub.publishes_changes;
    checked(D, ok,
            cdc_arena_printf(r->arena, "publication %s %s %s.%s", name,
                             !pub.exists  ? "does not exist for"
                             : pub.covers ? "covers"
                                          : "misses",
                             s->pg_schema, s->table));
    if (!pub.exists)
        cdc_diag_error(&r->diags, src, pos, "db-publication",
                       "publication '%s' does not exist; the postgres target's SQL creates it "
                       "(cdcgen generate -t postgres)",
                       name);
    else if (!pub.covers)
        cdc_diag_error(&r->diags, src, pos, "db-publication",
                       "publication '%s' does not cover %s.%s; the postgres target's SQL adds it",
                       name, s->pg_schema, s->table);
    else if (!pub.publishes_changes)
        cdc_diag_error(&r->diags, src, pos, "db-publication",
                       "publication '%s' does not publish inserts, updates and deletes", name);
}

/* database.user, or NULL when it is a reference this process cannot read. */
static const char *connector_user(const cdc_config *cfg)
{
    const char *u = cfg->db_user;
    if (!cdc_config_is_secret_ref(u))
        return u;
    if (strncmp(u, "${env:", 6) == 0) {
        size_t n = strlen(u);
        char name[256];
        if (n - 7 < sizeof name) {
            memcpy(name, u + 6, n - 7);
            name[n - 7] = '\0';
            return getenv(name);
        }
    }
    return NULL;
}

static void check_role(doctor *D)
{
    cdc_run *r = D->r;
    const cdc_schema *s = r->prog.schema;
    const cdc_source *src;
    cdc_pos pos;
    locate_key(D, "database", "user", &src, &pos);
    const char *user = connector_user(&r->config), *err;
    if (!user) {
        checked(D, false, "the connector's role: database.user is a reference not set here");
        cdc_diag_warning(&r->diags, src, pos, "db-role",
                         "database.user is the reference %s, which is not set here; its role "
                         "was not checked",
                         r->config.db_user);
        return;
    }
    cdc_pg_role role;
    if (!cdc_pg_read_role(D->db, user, s->pg_schema, s->table, &role, &err)) {
        cdc_run_database_error(r, err);
        return;
    }
    bool ok = role.exists && role.login && role.replication && role.select;
    checked(D, ok,
            cdc_arena_printf(r->arena, "role %s: %s", user,
                             !role.exists ? "does not exist"
                             : ok         ? (role.via ? cdc_arena_printf(r->arena,
                                                                         "may log in, replicate "
                                                                                 "(through %s) and read "
                                                                                 "the table",
                                                                         role.via)
                                                      : "may log in, replicate and read the table")
                                          : "lacks a privilege"));
    if (!role.exists) {
        cdc_diag_error(&r->diags, src, pos, "db-role",
                       "role '%s' does not exist; the postgres target's SQL holds a template "
                       "creating it",
                       user);
        return;
    }
    if (!role.login)
        cdc_diag_error(&r->diags, src, pos, "db-role", "role '%s' may not log in (LOGIN)", user);
    if (!role.replication)
        cdc_diag_error(&r->diags, src, pos, "db-role",
                       "role '%s' may not replicate: it needs REPLICATION (or, on Amazon RDS, "
                       "membership in rds_replication)",
                       user);
    if (!role.select)
        cdc_diag_error(&r->diags, src, pos, "db-role",
                       "role '%s' may not SELECT from %s.%s, which the snapshot reads", user,
                       s->pg_schema, s->table);
}

/* Under DEFAULT a delete carries only the key: every generated filter that
 * reads another column is a finding at its condition. */
static void check_identity(doctor *D, const cdc_pg_table *t)
{
    cdc_run *r = D->r;
    const cdc_schema *s = r->prog.schema;
    static const struct {
        char c;
        const char *name;
    } names[] = {{'d', "DEFAULT"}, {'n', "NOTHING"}, {'f', "FULL"}, {'i', "USING INDEX"}};
    const char *ident = "unknown";
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (names[i].c == t->replica_identity)
            ident = names[i].name;
    size_t bad = 0;
    if (t->replica_identity != 'f') {
        for (size_t i = 0; i < r->prog.nfilters; i++) {
            const cdc_filter *f = r->prog.filters[i];
            for (size_t j = 0; f->generated && j < s->ncolumns; j++) {
                const cdc_field *col = &s->fields[j];
                const cdc_cond *c = col->key ? NULL : cdc_filter_reads(f, col);
                if (!c)
                    continue;
                cdc_diag_error(&r->diags, f->src, c->field.pos, "db-replica-identity",
                               "filter '%s' reads '%s', but %s.%s has REPLICA IDENTITY %s: a "
                               "delete carries only the key columns, so this filter routes "
                               "deletes wrongly (REPLICA IDENTITY FULL; the postgres target "
                               "sets it)",
                               f->id.s, col->name, s->pg_schema, s->table, ident);
                bad++;
                break;
            }
        }
    }
    checked(D, bad == 0,
            cdc_arena_printf(r->arena, "REPLICA IDENTITY %s%s", ident,
                             bad ? cdc_arena_printf(r->arena,
                                                    ": %zu filter%s read%s columns "
                                                    "outside the key",
                                                    bad, bad == 1 ? "" : "s", bad == 1 ? "s" : "")
                                 : " suffices for the filters"));
}

static void check_table(doctor *D)
{
    cdc_run *r = D->r;
    cdc_pg_table t;
    unsigned before = r->diags.nerrors + r->diags.nwarnings;
    if (!cdc_run_drift(r, D->db, &t))
        return;
    unsigned n = r->diags.nerrors + r->diags.nwarnings - before;
    checked(
        D, r->diags.nerrors == 0 || n == 0,
        cdc_arena_printf(
            r->arena, "table %s.%s matches %s%s", t.schema, t.name, r->prog.schema->path,
            n ? cdc_arena_printf(r->arena, " but for %u finding%s", n, n == 1 ? "" : "s") : ""));
    check_identity(D, &t);
}

int cmd_doctor(int argc, char **argv, const cdc_project *project)
{
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    int status = cdc_opts_parse(argc, argv, &spec, NULL, &o);
    if (status != CDC_OPT_NEXT)
        return status;
    if (o.nargs < 1) {
        fputs("cdcgen doctor: give the database's CONNINFO\n", stderr);
        usage(stderr);
        return CDC_EXIT_ERROR;
    }
    const char *conninfo = o.args[0];
    cdc_run r;
    cdc_run_init(&r, project);
    doctor D = {.r = &r};
    cdc_run_compile(&r, &o, o.args + 1, o.nargs - 1);
    if (r.prog.schema && !r.io_error && (D.db = cdc_run_connect(&r, conninfo)) != NULL) {
        D.report = o.format == CDC_DIAG_TEXT && !o.markdown ? cdc_opts_report_stream(&o) : NULL;
        D.dbsrc = cdc_run_named_source(&r, cdc_pg_location(D.db));
        read_config_text(&D);
        if (D.report)
            fprintf(D.report, "cdcgen doctor: %s\n", cdc_pg_describe(D.db));
        check_server(&D);
        check_publication(&D);
        check_role(&D);
        check_table(&D);
        bool ready = r.diags.nerrors == 0 && !r.io_error;
        if (D.report)
            fprintf(D.report, "%s\n", ready ? "ready" : "not ready");
        cdc_pg_close(D.db);
    }
    return cdc_run_end(&r, &o);
}

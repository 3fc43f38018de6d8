#!/usr/bin/env bash
# make check-pg: cdcgen's PostgreSQL commands against a real PostgreSQL
# started here (a throwaway cluster, its Unix socket in the scratch
# directory, no TCP): schema pull (types, keys, enums, domains, arrays;
# refused types; the password in no output; exit 2 on connection,
# permission and missing-table errors), check --schema-from (drift findings
# at the schema file's lines), the postgres target applied twice (the second
# run changes no catalog row), and doctor on a database that is not ready and
# on one that is. Expectations come from the SQL below and the documented
# mapping (man/cdcgen.1, schema pull), never from cdcgen's output.
# Usage: tests/pg/run.sh   (CDCGEN: the binary; keep=1 keeps the scratch dir)
. "$(dirname "$0")/../lib.sh"
need_cdcgen "$root/build/release/cdcgen"
need_tools python3 node
need_node_modules ajv-cli ajv-formats
scratch
cdcgen() { "$cdcgen" "$@"; }

# ---- the server: wal_level replica first (doctor's not-ready case) ---------------
pg_opts="-c listen_addresses='' -c max_wal_senders=4 -c max_replication_slots=4"
pg_start "$tmp/pg" "$tmp/pg.log" "--auth-local=trust" "$pg_opts -c wal_level=replica"
pg_restart() { # pg_restart WAL_LEVEL
    "${as_pg[@]}" "$pg_bindir/pg_ctl" -D "$pgdata" -l "$tmp/pg.log" -w -t 60 \
        -o "-k $pg_socket $pg_opts -c wal_level=$1" restart >/dev/null 2>&1 ||
        die "the PostgreSQL server did not restart"
}
psql=("${as_pg[@]}" "$pg_bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_socket" -U postgres)
sql() { "${psql[@]}" -d "${2:-events}" -c "$1" >/dev/null; }
value() { "${psql[@]}" -d "${2:-events}" -At -c "$1"; }
sql "CREATE DATABASE events" postgres
sql "CREATE DATABASE other" postgres
# pwuser logs in with a password (scram), everyone else through trust.
secret='Pw-never-printed-7Q'
sql "CREATE ROLE pwuser LOGIN PASSWORD '$secret'"
sed -i "1i local all pwuser scram-sha-256" "$pgdata/pg_hba.conf"
sql "SELECT pg_reload_conf()"
sql "REVOKE CONNECT ON DATABASE other FROM PUBLIC"
"${psql[@]}" -d events >/dev/null <<'SQL'
CREATE TABLE business_events (id VARCHAR(255) PRIMARY KEY, event_data JSONB NOT NULL);
CREATE TABLE event_headers (
    id VARCHAR(255) PRIMARY KEY,
    event_name VARCHAR(255) NOT NULL,
    event_type VARCHAR(255),
    created_date TIMESTAMP WITH TIME ZONE,
    saved_date TIMESTAMP WITH TIME ZONE,
    header_data JSONB NOT NULL,
    CONSTRAINT fk_event_headers_business_events
        FOREIGN KEY (id) REFERENCES business_events(id) ON DELETE CASCADE);
CREATE TYPE status AS ENUM ('new', 'paid', 'say "hi"', 'true');
CREATE DOMAIN cents AS bigint NOT NULL;
CREATE DOMAIN code AS varchar(8);
CREATE DOMAIN code2 AS code;
CREATE SCHEMA sales;
CREATE TABLE sales.orders (
    region text, order_no integer, status status, amount cents, code code2,
    tags text[], qty smallint, price double precision, ratio real, paid boolean NOT NULL,
    placed timestamp(3) without time zone, meta json, uid uuid, ch char(3), "Odd: name" text,
    PRIMARY KEY (region, order_no));
CREATE TABLE sales.bad (id int PRIMARY KEY, photo bytea, day date, span int4range);
CREATE TABLE sales.dup (id int);
CREATE TABLE public.dup (id int);
GRANT SELECT ON ALL TABLES IN SCHEMA public TO pwuser;
SQL
conn="host=$pg_socket dbname=events user=postgres"

# The seed project, its schema file beside it as its cdcgen.yaml names it.
cp -r "$root/tests/fixtures/seed-project" "$tmp/proj"
cp "$root/tests/fixtures/schema.yaml" "$tmp/schema.yaml"
proj=$tmp/proj
ajv=$root/tests/validate/node_modules/ajv-cli/dist/index.js
valid_schema_file() { # the file passes grammar/schema.schema.json (ajv reads YAML)
    node "$ajv" validate --spec=draft2020 --allow-union-types --all-errors -c ajv-formats \
        -s "$root/grammar/schema.schema.json" -d "$1"
}

# ---- schema pull -------------------------------------------------------------------
# columns FILE: "name type pg_type key nullable encoding values closed" per column.
columns() {
    python3 - "$1" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
print(d["table"])
for c in d["columns"]:
    print("|".join(str(x) for x in (c["name"], c["type"], c.get("pg_type"), c.get("key", False),
          c.get("nullable", True) and not c.get("key", False), c.get("encoding", "iso-8601"),
          ",".join(c.get("values", [])), c.get("closed", False))))
PY
}
check "pull: the project's table by default, as the seed's hand-written schema file has it" \
    sh -c "cd '$proj' && '$cdcgen' schema pull '$conn' >'$tmp/eh.yaml'"
columns "$tmp/eh.yaml" >"$tmp/eh.cols" 2>&1 || true
columns "$root/tests/fixtures/schema.yaml" >"$tmp/fixture.cols"
check "pull: event_headers' columns, types, keys and nullability equal the fixture's" \
    diff "$tmp/fixture.cols" "$tmp/eh.cols"
check "pull: the file passes grammar/schema.schema.json" valid_schema_file "$tmp/eh.yaml"
check "pull: the seed filters check against the pulled file" \
    sh -c "cd '$proj' && '$cdcgen' check --schema '$tmp/eh.yaml'"

cat >"$tmp/orders.expected" <<'TXT'
sales.orders
region|string|text|True|False|iso-8601||False
order_no|int|integer|True|False|iso-8601||False
status|string|status|False|True|iso-8601|new,paid,say "hi",true|True
amount|int|cents|False|False|iso-8601||False
code|string|code2|False|True|iso-8601||False
tags|json|text[]|False|True|iso-8601||False
qty|int|smallint|False|True|iso-8601||False
price|float|double precision|False|True|iso-8601||False
ratio|float|real|False|True|iso-8601||False
paid|boolean|boolean|False|False|iso-8601||False
placed|timestamp|timestamp(3) without time zone|False|True|epoch-ms||False
meta|json|json|False|True|iso-8601||False
uid|string|uuid|False|True|iso-8601||False
ch|string|character(3)|False|True|iso-8601||False
Odd: name|string|text|False|True|iso-8601||False
TXT
check "pull --table sales.orders -o FILE: writes the file" \
    cdcgen schema pull "$conn" --table sales.orders -o "$tmp/orders.yaml"
columns "$tmp/orders.yaml" >"$tmp/orders.cols" 2>&1 || true
check "pull: every mapped type, domains to their base, enum labels closed, arrays json" \
    diff "$tmp/orders.expected" "$tmp/orders.cols"
check "pull: sales.orders' file passes grammar/schema.schema.json" valid_schema_file "$tmp/orders.yaml"
mkdir -p "$tmp/orders/filters"
# Not the avro target: "Odd: name" is no Avro name (avro-name).
printf 'targets: [flink, kstreams, connect-debezium]\n' >"$tmp/orders/cdcgen.yaml"
cat >"$tmp/orders/filters/paid.yaml" <<'YAML'
version: 1
filters:
  - id: paid-orders
    name: Paid orders
    consumerId: billing
    outputTopic: paid-orders
    conditions:
      - { field: status, operator: equals, value: paid }
      - { field: placed, operator: greaterThan, value: "2026-01-01T00:00:00Z" }
      - { field: "tags[0]", operator: equals, value: urgent }
      - { field: "Odd: name", operator: isNotNull }
YAML
check "pull: filters over the pulled columns check, a label outside the enum does not" \
    sh -c "cd '$tmp/orders' && '$cdcgen' check --schema ../orders.yaml filters &&
           sed 's/value: paid }/value: piad }/' filters/paid.yaml >filters/typo.yaml &&
           sed -i 's/paid-orders/typo-orders/' filters/typo.yaml &&
           ! '$cdcgen' check --schema ../orders.yaml filters 2>'$tmp/typo.err' &&
           grep -q 'enum-value' '$tmp/typo.err'"

status_of() { "$@" >"$tmp/st.out" 2>"$tmp/st.err"; echo $?; }
# numeric: the decimal type where this cdcgen has one (its schema files take
# type decimal), else refused; the connector writes it as text either way.
sql "CREATE TABLE sales.prices (id int PRIMARY KEY, amount numeric(12, 2))"
numeric() {
    printf 'table: t\ncolumns:\n  - {name: a, type: decimal}\n' >"$tmp/dec.yaml"
    if cdcgen check --schema "$tmp/dec.yaml" "$proj/filters/car-created.yaml" 2>&1 | grep -q "unknown type 'decimal'"; then
        [ "$(status_of cdcgen schema pull "$conn" --table sales.prices)" = 1 ] &&
            grep -q "'amount' (numeric(12,2)) has no cdcgen type" "$tmp/st.err"
    else
        cdcgen schema pull "$conn" --table sales.prices >"$tmp/prices.yaml" &&
            [ "$(columns "$tmp/prices.yaml" | grep '^amount|')" = "amount|decimal|numeric(12,2)|False|True|iso-8601||False" ]
    fi
}
check "pull: numeric is decimal where cdcgen has that type, else refused by name" numeric
unmappable() {
    [ "$(status_of cdcgen schema pull "$conn" --table sales.bad -o "$tmp/bad.yaml")" = 1 ] &&
        ! [ -e "$tmp/bad.yaml" ] && ! [ -s "$tmp/st.out" ] &&
        [ "$(grep -c 'error: .*\[unmappable-type\]' "$tmp/st.err")" = 3 ] &&
        grep -q "'photo' (bytea)" "$tmp/st.err" && grep -q "'day' (date)" "$tmp/st.err" &&
        grep -q "'span' (int4range)" "$tmp/st.err"
}
check "pull: unmappable types are errors naming each column, exit 1, nothing written" unmappable
one_line_exit2() { # COMMAND...: exit 2, one error line (and the count line)
    local st
    st=$(status_of "$@")
    [ "$st" = 2 ] && [ "$(grep -c 'error:' "$tmp/st.err")" = 1 ] && ! [ -s "$tmp/st.out" ]
}
check "pull: a missing table is one line, exit 2" \
    one_line_exit2 cdcgen schema pull "$conn" --table public.nope
check "pull: a table name two schemas hold is one line naming both, exit 2" \
    sh -c "! '$cdcgen' schema pull '$conn' --table dup 2>'$tmp/dup.err';
           grep -q 'public.dup, sales.dup' '$tmp/dup.err'"
check "pull: an unreachable server is one line, exit 2" \
    one_line_exit2 cdcgen schema pull "host=$tmp/nowhere dbname=events user=postgres"
check "pull: no CONNECT privilege is one line, exit 2" \
    one_line_exit2 cdcgen schema pull "host=$pg_socket dbname=other user=pwuser password=$secret"
usage_errors() {
    [ "$(status_of cdcgen schema)" = 2 ] && [ "$(status_of cdcgen schema push "$conn")" = 2 ] &&
        [ "$(status_of cdcgen schema pull)" = 2 ] && [ "$(status_of cdcgen doctor)" = 2 ]
}
check "pull, doctor: no subcommand, an unknown one, or no CONNINFO is a usage error" usage_errors

# The password never shows: in CONNINFO, a URI, PGPASSWORD, right or wrong,
# in every format.
no_secret() { # COMMAND...: whatever it prints holds no password
    "$@" >"$tmp/ns.out" 2>"$tmp/ns.err"
    ! grep -qF -e "$secret" -e "${secret}-wrong" -e 'NotThePw' "$tmp/ns.out" "$tmp/ns.err"
}
for fmt in text json github sarif; do
    check "password: a wrong one in CONNINFO is not echoed ($fmt)" \
        no_secret cdcgen schema pull "host=$pg_socket dbname=events user=pwuser password=${secret}-wrong" --format $fmt
done
check "password: refused, exit 2" \
    one_line_exit2 cdcgen schema pull "host=$pg_socket dbname=events user=pwuser password=${secret}-wrong"
check "password: a malformed CONNINFO holding it is not echoed" \
    no_secret cdcgen schema pull "host=$pg_socket password=$secret dbname"
check "password: a CONNINFO libpq cannot parse around it is not echoed" \
    no_secret cdcgen schema pull "host=$pg_socket 'password=$secret"
check "password: in a URI, with a database that does not exist, not echoed" \
    no_secret cdcgen schema pull "postgresql://pwuser:$secret@/nodb?host=$pg_socket"
check "password: PGPASSWORD, wrong, not echoed" \
    env PGPASSWORD="NotThePw" sh -c "! '$cdcgen' schema pull 'host=$pg_socket dbname=events user=pwuser' >'$tmp/pw.out' 2>&1 && ! grep -q NotThePw '$tmp/pw.out'"
check "password: PGPASSWORD, right: pull works and prints no password" \
    env PGPASSWORD="$secret" sh -c "'$cdcgen' schema pull 'host=$pg_socket dbname=events user=pwuser' --table public.event_headers >'$tmp/pw.out' 2>&1 && ! grep -qF '$secret' '$tmp/pw.out' && grep -q 'name: header_data' '$tmp/pw.out'"
check "password: check --schema-from and doctor do not echo it either" \
    sh -c "cd '$proj' && { '$cdcgen' check --schema-from 'host=$pg_socket dbname=events user=pwuser password=${secret}-wrong'; '$cdcgen' doctor 'host=$pg_socket dbname=events user=pwuser password=${secret}-wrong' --format json; } >'$tmp/pw2.out' 2>&1; ! grep -qF '$secret' '$tmp/pw2.out' && grep -q 'password authentication failed' '$tmp/pw2.out'"

# ---- check --schema-from: drift ----------------------------------------------------
check "drift: none on the table as the fixture describes it" \
    sh -c "cd '$proj' && '$cdcgen' check --schema-from '$conn' 2>'$tmp/d0.err' && ! test -s '$tmp/d0.err'"
"${psql[@]}" -d events >/dev/null <<'SQL'
CREATE TABLE drift_copy AS SELECT * FROM event_headers;
ALTER TABLE event_headers ADD COLUMN dealer text,
    ALTER COLUMN event_type TYPE text,
    ALTER COLUMN event_name DROP NOT NULL,
    DROP COLUMN saved_date,
    ALTER COLUMN created_date TYPE timestamp without time zone;
SQL
line_of() { grep -n "  - name: $1\$" "$root/tests/fixtures/schema.yaml" | cut -d: -f1; }
# findings FILE: "line severity code column-word" from cdcgen's json diagnostics
findings() {
    python3 - "$1" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
for g in d["diagnostics"]:
    if g.get("code") != "schema-drift":
        continue
    col = re.search(r"column '([^']+)'", g["message"]).group(1)
    print(g.get("line"), g["severity"], col)
PY
}
(cd "$proj" && "$cdcgen" check --schema-from "$conn" --format json >"$tmp/drift.json" 2>/dev/null)
drift_status=$?
findings "$tmp/drift.json" | sort >"$tmp/drift.got"
sort >"$tmp/drift.want" <<TXT
$(line_of event_name) warning event_name
$(line_of event_type) warning event_type
$(line_of created_date) error created_date
$(line_of saved_date) warning saved_date
$(line_of header_data) error dealer
TXT
check "drift: exit 1 with an error among the findings" test "$drift_status" = 1
check "drift: added, dropped, retyped, made nullable; each at its column's line, error or warning as documented" \
    diff "$tmp/drift.want" "$tmp/drift.got"
check "drift: a filter reading a dropped column makes it an error, with a note at the filter" \
    sh -c "cd '$proj' && sed 's/field: event_type/field: saved_date/; s/operator: equals/operator: isNotNull/; /value: CarCreated/d' filters/car-created.yaml >'$tmp/car.yaml' &&
           ! '$cdcgen' check --schema-from '$conn' '$tmp/car.yaml' 2>'$tmp/d2.err' &&
           grep -q \"error: column 'saved_date' is not in the table\" '$tmp/d2.err' &&
           grep -q \"note: filter 'car-created-filter' reads it\" '$tmp/d2.err'"
check "drift: unreachable database, exit 2" \
    sh -c "cd '$proj' && '$cdcgen' check --schema-from 'host=$tmp/nowhere dbname=x' >/dev/null 2>&1; test \$? -eq 2"
"${psql[@]}" -d events >/dev/null <<'SQL'
DROP TABLE event_headers;
ALTER TABLE drift_copy RENAME TO event_headers;
ALTER TABLE event_headers ADD PRIMARY KEY (id), ALTER COLUMN event_name SET NOT NULL,
    ALTER COLUMN header_data SET NOT NULL;
SQL
check "drift: none again once the table is restored" \
    sh -c "cd '$proj' && '$cdcgen' check --schema-from '$conn'"

# ---- doctor on a database that is not ready --------------------------------------
# wal_level replica, no publication, REPLICA IDENTITY DEFAULT while every seed
# filter reads event_type, no role cdc.
doctor_codes() { # the codes of doctor's json findings, sorted, with the filter lines
    python3 -c '
import json, sys
for g in json.load(open(sys.argv[1]))["diagnostics"]:
    print(g["code"], g["severity"], g.get("file", "-"), g.get("line", 0))' "$1" | sort
}
(cd "$proj" && "$cdcgen" doctor "$conn" >"$tmp/doctor-not-ready.txt" 2>&1)
check "doctor (not ready): exit 1" test $? = 1
(cd "$proj" && "$cdcgen" doctor "$conn" --format json >"$tmp/doctor.json" 2>/dev/null)
doctor_codes "$tmp/doctor.json" >"$tmp/doctor.got"
line13() { grep -n 'field: event_type' "$proj/filters/$1" | cut -d: -f1; }
sort >"$tmp/doctor.want" <<TXT
db-publication error postgres:///events?host=$pg_socket 0
db-replica-identity error filters/car-created.yaml $(line13 car-created.yaml)
db-replica-identity error filters/loan-created.yaml $(line13 loan-created.yaml)
db-replica-identity error filters/loan-payment-submitted.yaml $(line13 loan-payment-submitted.yaml)
db-replica-identity error filters/service-events.yaml $(line13 service-events.yaml)
db-role error postgres:///events?host=$pg_socket 0
db-wal-level error postgres:///events?host=$pg_socket 0
TXT
check "doctor (not ready): wal_level, publication, role, and each filter reading event_type at its condition" \
    diff "$tmp/doctor.want" "$tmp/doctor.got"
check "doctor (not ready): the text checklist says not ready" \
    grep -qx 'not ready' "$tmp/doctor-not-ready.txt"
check "doctor: sarif is a SARIF log with the findings" \
    sh -c "cd '$proj' && '$cdcgen' doctor '$conn' --format sarif >'$tmp/d.sarif' 2>/dev/null; test \$? -eq 1 &&
           python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d[\"runs\"][0][\"results\"]; assert {x[\"ruleId\"] for x in r} >= {\"db-wal-level\",\"db-publication\",\"db-replica-identity\"}' '$tmp/d.sarif'"
check "doctor: the SARIF log passes SARIF Multitool" sarif_valid "$tmp/d.sarif"
check "doctor: github annotations" \
    sh -c "cd '$proj' && '$cdcgen' doctor '$conn' --format github 2>&1 | grep -q '^::error file=filters/car-created.yaml,line=$(line13 car-created.yaml)'"
check "doctor: unreachable database, exit 2" \
    sh -c "cd '$proj' && '$cdcgen' doctor 'host=$tmp/nowhere dbname=x' >/dev/null 2>&1; test \$? -eq 2"

# ---- the postgres target ----------------------------------------------------------
(cd "$proj" && "$cdcgen" generate -t postgres -o - >"$tmp/postgres.sql")
chmod 644 "$tmp/postgres.sql"
apply() { "${psql[@]}" -d events -f "$1" >"$tmp/apply.out" 2>&1; }
refused() {
    ! apply "$tmp/postgres.sql" && grep -q 'wal_level is replica, the connector needs logical' "$tmp/apply.out" &&
        grep -q 'ALTER SYSTEM SET wal_level = logical' "$tmp/apply.out"
}
check "postgres.sql under wal_level replica: refused with the settings to change" refused
check "postgres.sql under wal_level replica: nothing changed" \
    test "$(value "SELECT count(*) FROM pg_publication")$(value "SELECT relreplident FROM pg_class WHERE oid = 'public.event_headers'::regclass")" = 0d
pg_restart logical
# A publication of the same name that misses the table and publishes inserts only.
sql "CREATE PUBLICATION cdcgen_event_headers FOR TABLE business_events WITH (publish = 'insert')"
catalog() { # every catalog row the script could touch, with its row version
    value "SELECT p.xmin, p.pubname, p.pubinsert, p.pubupdate, p.pubdelete FROM pg_publication p ORDER BY 2;
           SELECT r.xmin, r.prrelid::regclass FROM pg_publication_rel r ORDER BY 2;
           SELECT c.xmin, c.oid::regclass, c.relreplident FROM pg_class c
           WHERE c.relnamespace::regnamespace::text NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
           ORDER BY 2"
}
check "postgres.sql: applies under wal_level logical" apply "$tmp/postgres.sql"
check "postgres.sql: the publication covers the table (and keeps the other) and publishes every change" \
    test "$(value "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY tablename) FROM pg_publication_tables WHERE pubname = 'cdcgen_event_headers'")|$(value "SELECT pubinsert AND pubupdate AND pubdelete FROM pg_publication WHERE pubname = 'cdcgen_event_headers'")" = "public.business_events,public.event_headers|t"
check "postgres.sql: REPLICA IDENTITY FULL, since the filters read event_type" \
    test "$(value "SELECT relreplident FROM pg_class WHERE oid = 'public.event_headers'::regclass")" = f
catalog >"$tmp/catalog.1"
check "postgres.sql: applies a second time" apply "$tmp/postgres.sql"
catalog >"$tmp/catalog.2"
check "postgres.sql: the second run changes no catalog row" diff "$tmp/catalog.1" "$tmp/catalog.2"
# Filters reading only the key and the metadata leave the identity alone.
mkdir -p "$tmp/keyonly/filters"
cp "$proj/cdcgen.yaml" "$tmp/keyonly/"
cat >"$tmp/keyonly/filters/ids.yaml" <<'YAML'
version: 1
filters:
  - id: test-rows
    name: Test rows
    consumerId: qa
    outputTopic: test-rows
    conditions:
      - { field: id, operator: matches, value: "^test-" }
      - { field: __op, operator: equals, value: d }
YAML
sql "ALTER TABLE event_headers REPLICA IDENTITY DEFAULT"
(cd "$tmp/keyonly" && "$cdcgen" generate -t postgres -o - >"$tmp/keyonly.sql")
chmod 644 "$tmp/keyonly.sql"
keyonly() {
    apply "$tmp/keyonly.sql" &&
        [ "$(value "SELECT relreplident FROM pg_class WHERE oid = 'public.event_headers'::regclass")" = d ]
}
check "postgres.sql: filters on the key only leave REPLICA IDENTITY DEFAULT" keyonly
check "doctor: filters on the key only need no FULL identity" \
    sh -c "cd '$tmp/keyonly' && '$cdcgen' doctor '$conn' --format json 2>/dev/null | grep -vq db-replica-identity"

# The golden cases' postgres.sql, on tables as their schema files describe
# them: quoted names, a dollar-quote tag inside a name, no key (FULL), and
# filters on the key only (the identity left alone).
"${psql[@]}" -d events >/dev/null <<'SQL'
CREATE SCHEMA "Sales$cdcgen$";
CREATE TABLE "Sales$cdcgen$"."order ""lines""" (line integer, "it's" text);
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (invoice_no bigint, region text, amount double precision,
                               PRIMARY KEY (invoice_no, region));
SQL
golden_twice() { # CASE PUBLICATION TABLE IDENTITY: applied twice, the second a no-op
    local f="$root/tests/golden/targets/$1/expected/postgres.sql"
    cp "$f" "$tmp/$1.sql" && chmod 644 "$tmp/$1.sql" &&
        apply "$tmp/$1.sql" && catalog >"$tmp/$1.c1" && apply "$tmp/$1.sql" && catalog >"$tmp/$1.c2" &&
        diff "$tmp/$1.c1" "$tmp/$1.c2" &&
        [ "$(value "SELECT count(*) FROM pg_publication_tables WHERE pubname = '$2' AND format('%I.%I', schemaname, tablename) = '$3'")" = 1 ] &&
        [ "$(value "SELECT relreplident FROM pg_class WHERE oid = '$3'::regclass")" = "$4" ]
}
check "golden postgres-odd-names: applies twice, FULL for a table without a key, nothing changed the second time" \
    golden_twice postgres-odd-names odd_pub '"Sales$cdcgen$"."order ""lines"""' f
check "golden postgres-key-only: applies twice, the identity left DEFAULT" \
    golden_twice postgres-key-only invoices_pub billing.invoices d

# ---- doctor on a database that is ready -------------------------------------------
apply "$tmp/postgres.sql"
sql "CREATE ROLE cdc LOGIN REPLICATION"
sql "GRANT SELECT ON public.event_headers TO cdc"
(cd "$proj" && "$cdcgen" doctor "$conn" >"$tmp/doctor-ready.txt" 2>&1)
check "doctor (ready): exit 0" test $? = 0
check "doctor (ready): every check ok, and ready" \
    sh -c "! grep -q FAIL '$tmp/doctor-ready.txt' && grep -qx ready '$tmp/doctor-ready.txt' && test \$(grep -c '^ok ' '$tmp/doctor-ready.txt') = 7"
check "doctor (ready): json holds no finding" \
    sh -c "cd '$proj' && '$cdcgen' doctor '$conn' --format json | python3 -c 'import json,sys; assert json.load(sys.stdin)[\"diagnostics\"] == []'"
# Every slot taken: the connector has none to take.
for i in 1 2 3 4; do sql "SELECT pg_create_logical_replication_slot('full_$i', 'pgoutput')"; done
check "doctor: no free replication slot is db-capacity" \
    sh -c "cd '$proj' && ! '$cdcgen' doctor '$conn' 2>'$tmp/cap.err' >/dev/null && grep -q 'db-capacity' '$tmp/cap.err'"
for i in 1 2 3 4; do sql "SELECT pg_drop_replication_slot('full_$i')"; done
sql "ALTER ROLE cdc NOREPLICATION"
check "doctor: a role without REPLICATION is db-role" \
    sh -c "cd '$proj' && ! '$cdcgen' doctor '$conn' 2>'$tmp/role.err' >/dev/null && grep -q \"role 'cdc' may not replicate\" '$tmp/role.err'"

mkdir -p "$tmp/refuser"
cp -r "$proj/filters" "$tmp/refuser/"
cp "$tmp/schema.yaml" "$tmp/refuser/schema.yaml"
printf 'schema: schema.yaml\ndatabase:\n  user: ${env:CDC_TEST_UNSET_USER}\n' >"$tmp/refuser/cdcgen.yaml"
check "doctor: database.user a reference not set here is a db-role warning at its key" \
    sh -c "cd '$tmp/refuser' && env -u CDC_TEST_UNSET_USER '$cdcgen' doctor '$conn' 2>'$tmp/ref.err' >/dev/null;
           grep -q '^cdcgen.yaml:3:9: warning: database.user is the reference' '$tmp/ref.err'"

[ "$keep" = 1 ] && cp "$tmp/doctor-not-ready.txt" "$tmp/doctor-ready.txt" "$root/build/" 2>/dev/null
echo "pg: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

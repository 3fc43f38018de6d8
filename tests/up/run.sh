#!/usr/bin/env bash
# tests/up/run.sh: make up and make down (tests/e2e/up.sh) on the seed project
# (tests/fixtures/seed-project/), as a developer runs them (make check-up).
#
#   at the default ports the stack runs exactly what cdcgen generate writes for
#   the project; at other ports only the addresses differ;
#   make up (on free ports: never a fixed port here) prints
#   KAFKA_BOOTSTRAP_SERVERS=host:port and a psql command line; a row inserted with
#   that command reaches the filtered topics of its filter on each processor
#   (read with kcat) and no other filter's; the seed's four sample events
#   (tests/up/seed-events.sql) reach their four consumers' topics, and
#   cdcgen consume prints each as its consumer on each processor;
#   a second make up finds the stack and starts nothing; a make up on a port in
#   use is refused (exit 2), naming the port, and leaves nothing behind;
#   make down stops every process of the stack, frees every port and removes
#   the state; a second make down, and status without a stack, say so;
#   the database's table is the project's schema file's (cdcgen schema ddl),
#   and a schema file it cannot be written from stops make up, leaving nothing.
# Usage: CDCGEN=build/release/cdcgen tests/up/run.sh [--keep]
# Environment: PROCESSOR, FLINK as make up takes them (default both, 2.2).
set -u -o pipefail
. "$(dirname "$0")/../lib.sh"
[ "${1:-}" = --keep ] && keep=1
need_cdcgen "$root/build/release/cdcgen"
need_tools kcat jq make python3
scratch up
chmod 711 "$tmp" # as root, PostgreSQL runs as postgres and must enter it
up=$root/tests/e2e/up.sh

# Four distinct free ports.
ports=()
while [ ${#ports[@]} -lt 4 ]; do
    p=$(free_port)
    case " ${ports[*]-} " in *" $p "*) ;; *) ports+=("$p") ;; esac
done
export UP_PROJECT=$root/tests/fixtures/seed-project UP_STATE=$tmp/state CDCGEN=$cdcgen
export KAFKA_PORT=${ports[0]} KAFKA_CONTROLLER_PORT=${ports[1]} PG_PORT=${ports[2]} CONNECT_PORT=${ports[3]}
processor=${PROCESSOR:-both}
case $processor in
    both) suffixes="-spring -flink" ;;
    flink) suffixes=-flink ;;
    *) suffixes=-spring ;;
esac

# Whatever happens, the stack goes (its own make down) before $tmp does.
# On failure the last lines of the stack's logs; with --keep the logs stay in
# $tmp/stack-logs.
down_at_exit() {
    [ -d "$UP_STATE" ] || return 0
    [ "$status" = 0 ] || log_tails "$UP_STATE/logs" 15
    [ "$keep" != 1 ] || cp -r "$UP_STATE/logs" "$tmp/stack-logs" 2>/dev/null
    "$up" down >/dev/null 2>&1 || true
}
on_exit down_at_exit

# status_is WANT COMMAND...: COMMAND exits WANT; its output in $tmp/out.txt, $tmp/err.txt.
status_is() {
    local want=$1 got=0
    shift
    "$@" >"$tmp/out.txt" 2>"$tmp/err.txt" || got=$?
    [ "$got" = "$want" ] || {
        echo "exit $got, expected $want: $*"
        tail -n 30 "$tmp/out.txt" "$tmp/err.txt"
        return 1
    }
}

# ---- what the stack runs ---------------------------------------------------------
same_as_generate() {
    (cd "$UP_PROJECT" && "$cdcgen" generate -o "$tmp/project-gen" filters) &&
        env -u KAFKA_PORT -u PG_PORT "$up" generate "$tmp/default-gen" &&
        diff -r "$tmp/project-gen" "$tmp/default-gen"
}
check "at the default ports the stack runs what cdcgen generate writes" same_as_generate

only_addresses_differ() {
    "$up" generate "$tmp/stack-gen" || return 1
    # Every line that differs names the stack's addresses, and each target that
    # holds an address holds the stack's.
    diff -r "$tmp/default-gen" "$tmp/stack-gen" | grep '^>' |
        grep -v -e "localhost:$KAFKA_PORT" -e "\"$PG_PORT\"" && return 1
    grep -q "'properties.bootstrap.servers' = 'localhost:$KAFKA_PORT'" "$tmp/stack-gen/flink.sql" &&
        jq -e -s --arg b "localhost:$KAFKA_PORT" 'all(.[]; .bootstrapServers == $b)' \
            "$tmp/stack-gen/kstreams-topology.json" "$tmp/stack-gen/topics.json" >/dev/null &&
        jq -e --arg p "$PG_PORT" '.config["database.port"] == $p and .config["database.hostname"] == "localhost"' \
            "$tmp/stack-gen/connect-debezium.json" >/dev/null
}
check "at other ports only the addresses differ" only_addresses_differ

# ---- make up ------------------------------------------------------------------------
t0=$(date +%s)
status_is 0 make -s --no-print-directory -C "$root" up || {
    echo "FAIL: make up"
    exit 1
}
echo "up: make up took $(( $(date +%s) - t0 )) s (PROCESSOR=$processor)"
cp "$tmp/out.txt" "$tmp/up.out"
bootstrap=$(sed -n 's/^KAFKA_BOOTSTRAP_SERVERS=//p' "$tmp/up.out")
psql_line=$(grep '^psql ' "$tmp/up.out" || true)
check "make up prints KAFKA_BOOTSTRAP_SERVERS=host:port" test "$bootstrap" = "localhost:$KAFKA_PORT"
check "make up prints a psql command line" test -n "$psql_line"
check "make up prints where the logs are" grep -q '^logs: .*kafka.log' "$tmp/up.out"
cp "$UP_STATE/pids" "$tmp/pids"
check "every process make up started runs" bash -c 'while read -r n p; do kill -0 "$p" || exit 1; done <"$1"' _ "$tmp/pids"
read -ra psql_cmd <<<"$psql_line"

# The table make up created is the project's schema file's (the seed
# project's cdcgen.yaml names tests/fixtures/schema.yaml): each column's name,
# PostgreSQL type and NOT NULL in order, and the primary key, as psql reads
# them from the catalog, against the file as PyYAML reads it.
schema_file=$root/tests/fixtures/schema.yaml
table_is_the_schema_files() {
    local table
    table=$(python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["table"])' "$schema_file")
    python3 - "$schema_file" >"$tmp/table.want" <<'PY' || return 1
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
for c in d["columns"]:
    notnull = c.get("key", False) or not c.get("nullable", True)
    print("%s|%s|%s" % (c["name"], c["pg_type"], "true" if notnull else "false"))
print("key:" + ",".join(c["name"] for c in d["columns"] if c.get("key", False)))
PY
    "${psql_cmd[@]}" -X -v ON_ERROR_STOP=1 -At -v t="$table" >"$tmp/table.got" <<'SQL' || return 1
SELECT a.attname || '|' || format_type(a.atttypid, a.atttypmod) || '|' || a.attnotnull
FROM pg_attribute a WHERE a.attrelid = :'t'::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;
SELECT 'key:' || coalesce(string_agg(a.attname, ',' ORDER BY a.attnum), '')
FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
WHERE i.indrelid = :'t'::regclass AND i.indisprimary;
SQL
    diff "$tmp/table.want" "$tmp/table.got"
}
check "the database's table is the schema file's: columns, types, NOT NULL, key (psql's catalog)" \
    table_is_the_schema_files

# records_of TOPIC ID [CONDITION]: how many records of TOPIC (kcat, from the
# beginning to its end now) have a value whose id is ID (and CONDITION holds).
records_of() {
    kcat -b "$bootstrap" -C -t "$1" -o beginning -e -q -f '%s\n' 2>/dev/null |
        jq -s --arg id "$2" "[.[] | select(.id == \$id and (${3:-true}))] | length"
}

# topic_holds TOPIC ID: the topic holds a record whose value's id is ID, read
# with kcat (90 s at most).
topic_holds() {
    local deadline=$(( $(date +%s) + 90 ))
    while :; do
        [ "$(records_of "$1" "$2" '.__op == "c"')" -gt 0 ] && return 0
        [ "$(date +%s)" -lt "$deadline" ] || { echo "no record of $2 in $1"; return 1; }
        sleep 1
    done
}

check "the seed's sample events inserted" "${psql_cmd[@]}" -X -v ON_ERROR_STOP=1 -q \
    -f "$root/tests/up/seed-events.sql"
for s in $suffixes; do
    for pair in car-created-events:test-car-001 loan-created-events:test-loan-001 \
        loan-payment-submitted-events:test-payment-001 service-events:test-service-001; do
        check "filtered-${pair%%:*}$s holds ${pair#*:}" topic_holds "filtered-${pair%%:*}$s" "${pair#*:}"
    done
done

# cdcgen consume, as each of the seed's four consumers, prints its sample event
# (the first record of its topics) from each processor's topics.
consumes() {
    local consumer=$1 processor=$2 id=$3
    (cd "$UP_PROJECT" && KAFKA_BOOTSTRAP_SERVERS=$bootstrap "$cdcgen" consume "$consumer" \
        --processor "$processor" --from-beginning --max 1 --timeout 60) >"$tmp/consume.out" || return 1
    grep -q -- "$id" "$tmp/consume.out" || { cat "$tmp/consume.out"; return 1; }
}
for s in $suffixes; do
    processor=kstreams
    [ "$s" = -flink ] && processor=flink
    for c in car-consumer:test-car-001 loan-consumer:test-loan-001 \
        loan-payment-consumer:test-payment-001 service-consumer:test-service-001; do
        check "cdcgen consume ${c%%:*} --processor $processor prints ${c#*:}" \
            consumes "${c%%:*}" "$processor" "${c#*:}"
    done
done

id=up-car-$RANDOM
check "a row inserted with the printed psql command" "${psql_cmd[@]}" -X -v ON_ERROR_STOP=1 \
    -c "INSERT INTO event_headers (id, event_name, event_type, header_data)
        VALUES ('$id', 'CarCreated', 'CarCreated', '{\"uuid\": \"$id\"}')"
for s in $suffixes; do
    check "the row reaches filtered-car-created-events$s" topic_holds "filtered-car-created-events$s" "$id"
done

# The loan topics now hold the seed's loan: they are read, and the car row is not there.
not_routed() {
    local n
    n=$(records_of "$1" "$2") || return 1
    [ "$n" = 0 ] || { echo "$n records of $2 in $1"; return 1; }
}
for s in $suffixes; do
    check "the row reaches no other filter's topic ($s)" not_routed "filtered-loan-created-events$s" "$id"
done

# ---- a second make up, a port in use -------------------------------------------------
check "a second make up finds the running stack" status_is 0 make -s --no-print-directory -C "$root" up
check "... says so" grep -q 'already running' "$tmp/out.txt"
check "... and prints it" grep -qx "KAFKA_BOOTSTRAP_SERVERS=$bootstrap" "$tmp/out.txt"
check "... and starts nothing" cmp -s "$tmp/pids" "$UP_STATE/pids"
check "status prints the stack" status_is 0 "$up" status
check "make up on a port in use is refused" status_is 2 env UP_STATE="$tmp/other" make -s --no-print-directory -C "$root" up
check "... naming the port" grep -q "port $KAFKA_PORT is in use" "$tmp/err.txt"
check "... leaving no state" test ! -e "$tmp/other"

# ---- make down ----------------------------------------------------------------------
check "make down" status_is 0 make -s --no-print-directory -C "$root" down
all_gone() {
    local n p
    while read -r n p; do ! kill -0 "$p" 2>/dev/null || { echo "$n (pid $p) runs"; return 1; }; done <"$tmp/pids"
    ! pgrep -f -- "$UP_STATE" >/dev/null || { echo "left: $(pgrep -a -f -- "$UP_STATE")"; return 1; }
}
check "... stops every process of the stack" all_gone
ports_free() {
    local p
    for p in "${ports[@]}"; do
        ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "port $p in use"; return 1; }
    done
}
check "... frees every port" ports_free
check "... removes the state" test ! -e "$UP_STATE"
check "a second make down has nothing to stop" status_is 0 make -s --no-print-directory -C "$root" down
check "... and says so" grep -q 'no stack' "$tmp/out.txt"
check "status without a stack: exit 1" status_is 1 "$up" status

# A schema file the DDL cannot be written from stops make up before it
# starts anything.
mkdir -p "$tmp/nopg"
cp -r "$UP_PROJECT/filters" "$tmp/nopg/"
sed '/pg_type: timestamp with time zone/d' "$schema_file" >"$tmp/nopg/schema.yaml"
no_ddl_no_stack() {
    ! env UP_PROJECT="$tmp/nopg" UP_STATE="$tmp/nopg-state" make -s --no-print-directory -C "$root" up \
        >"$tmp/out.txt" 2>"$tmp/err.txt" &&
        grep -q "column 'created_date' has no pg_type" "$tmp/err.txt" && test ! -e "$tmp/nopg-state"
}
check "make up on a schema file without a column's pg_type: refused, naming it, leaving nothing" no_ddl_no_stack

echo "up: $pass passed, $fail failed"
[ "$fail" = 0 ]

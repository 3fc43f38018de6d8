#!/usr/bin/env bash
# tests/e2e/up.sh: the whole pipeline on this machine, left running for a
# developer (make up, make down), with no container runtime: the services of
# make e2e (tests/e2e/stack.sh), started from what make deps installed.
#
#   PostgreSQL (wal_level=logical, the project's table: cdcgen schema ddl of
#     its schema file)
#     --Debezium in Kafka Connect (the project's connect-debezium.json)-->
#   Kafka (KRaft) raw-event-headers --Flink (flink.sql) / Kafka Streams
#     (kstreams-topology.json)--> the filtered topics (topics.sh)
#
# Usage: tests/e2e/up.sh up | down | status | generate DIR
#   up        start the stack (detached), print where everything listens; with a
#             stack already running, print it and start nothing
#   down      stop everything up started, check that it is gone and its ports
#             are free, remove the state directory
#   status    print the running stack (exit 1 when none runs)
#   generate DIR   write what the stack runs (cdcgen generate of the project for
#             the stack's addresses) into DIR, start nothing
# Environment (defaults in parentheses):
#   PROCESSOR     both, flink or kstreams (both)
#   FLINK         the Flink line: 2.2 or 1.20 (2.2, which runs both flink.layout values)
#   KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), PG_PORT (5432),
#   CONNECT_PORT (8083)   ports on 127.0.0.1; the first two are cdcgen's
#                 defaults for kafka.bootstrap_servers and database.port, so the
#                 stack runs what `cdcgen generate` writes into generated/
#   UP_HOST       the host name in the generated addresses (localhost)
#   UP_PROJECT    the project: filters/, its cdcgen.yaml if any, its schema file
#                 (the repository)
#   UP_SCHEMA_SQL the SQL creating the database's tables (the project's table,
#                 written by cdcgen schema ddl from its schema file into
#                 the state directory's schema.sql)
#   UP_STATE      the state directory: pids, logs, data (.cdcgen-up in the repository)
#   CDCGEN        the cdcgen binary (build/release/cdcgen)
# Exit status: 0 done; 1 a service failed (its log's last lines are printed,
# everything started is stopped); 2 usage or set-up trouble (a port in use).
set -eu -o pipefail
. "$(dirname "$0")/../lib.sh"
me=up

processor=${PROCESSOR:-both}
flink=${FLINK:-2.2}
kafka_port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
pg_port=${PG_PORT:-5432}
connect_port=${CONNECT_PORT:-8083}
host=${UP_HOST:-localhost}
project=${UP_PROJECT:-$root}
schema_sql=${UP_SCHEMA_SQL:-}
state=${UP_STATE:-$root/.cdcgen-up}

usage() { sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'; }
[ $# -ge 1 ] || { usage >&2; exit 2; }
action=$1
shift
case $action in
    up|down|status) [ $# -eq 0 ] || die "$action takes no argument" ;;
    generate) [ $# -eq 1 ] || die "usage: up.sh generate DIR" ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown action '$action' (up, down, status, generate DIR)" ;;
esac

case $processor in
    both) engines="kstreams flink" ;;
    flink|kstreams) engines=$processor ;;
    *) die "PROCESSOR must be both, flink or kstreams, not '$processor'" ;;
esac
case $flink in
    2.2|2) flink_engine=flink-2 ;;
    1.20) flink_engine=flink-1.20 ;;
    *) die "FLINK must be 2.2 or 1.20, not '$flink'" ;;
esac
engines=${engines/flink/$flink_engine}
for p in "$kafka_port" "$controller_port" "$pg_port" "$connect_port"; do
    case $p in ''|*[!0-9]*) die "a port must be a number, not '$p'" ;; esac
done
[ -d "$project/filters" ] || die "no filters/ in $project (UP_PROJECT)"
state=$(mkdir -p "$(dirname "$state")" && cd "$(dirname "$state")" && pwd)/$(basename "$state")

# ---- what the stack runs ----------------------------------------------------------
# The project's cdcgen.yaml (if any) with the stack's addresses: Kafka, and
# the database the stack creates (events, the role cdc, its password from
# the Connect worker's environment). The rest of the configuration is the
# project's, so with the default ports the stack runs exactly what
# `cdcgen generate` writes into the project's generated/.
stack_config() {
    local config=
    [ -f "$project/cdcgen.yaml" ] && config=$project/cdcgen.yaml
    need_node_modules yaml
    node -e '
        const fs = require("fs"), path = require("path");
        const YAML = require(process.argv[1]);
        const [config, project, out, bootstrap, host, port] = process.argv.slice(2);
        const doc = (config && YAML.parse(fs.readFileSync(config, "utf8"))) || {};
        doc.schema = path.resolve(config ? path.dirname(config) : project, doc.schema || "schema.yaml");
        doc.kafka = { ...(doc.kafka || {}), bootstrap_servers: bootstrap };
        doc.database = { ...(doc.database || {}), hostname: host, port: String(port),
                         dbname: "events", user: "cdc", password: "${env:DB_PASSWORD}" };
        fs.writeFileSync(out, YAML.stringify(doc));' \
        "$root/tests/validate/node_modules/yaml" "$config" "$project" "$1" \
        "$host:$kafka_port" "$host" "$pg_port" || die "cannot read $config"
}

# stack_generate DIR CONFIG: cdcgen's outputs for the stack into DIR, the
# configuration they come from written to CONFIG.
stack_generate() {
    local dir=$1 config=$2
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    stack_config "$config"
    (cd "$project" && "$cdcgen" generate -c "$config" -o "$dir" filters) ||
        die "cdcgen generate failed on $project/filters"
}

# ---- the running stack ------------------------------------------------------------
# $state/pids: NAME PID of each process group spawn started, written as each
# starts; $state/env: the addresses (sourceable), written once all run.
alive() { kill -0 "$1" 2>/dev/null; }

pg_running() {
    local pid
    pid=$(head -n 1 "$state/pg/data/postmaster.pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && alive "$pid"
}

# Prints what runs; 1 when a part of the stack has ended.
print_stack() {
    local name pid dead=
    while read -r name pid; do
        alive "$pid" || dead="$dead $name"
    done <"$state/pids"
    pg_running || dead="$dead postgres"
    # shellcheck disable=SC1091 # written by this script
    . "$state/env"
    local rel=${state#"$PWD"/}
    echo "KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS"
    echo "KAFKA_CONNECT=$KAFKA_CONNECT (connector $UP_CONNECTOR)"
    echo "POSTGRES=postgresql://$PGUSER@$UP_HOST:$PGPORT/$PGDATABASE (password: $rel/db-password)"
    echo "PROCESSORS=$UP_ENGINES"
    echo "psql -h $PGHOST -p $PGPORT -U $PGUSER -d $PGDATABASE"
    echo "logs: $rel/logs/ ($(cd "$state/logs" && ls -- *.log | tr '\n' ' ' | sed 's/ $//'))"
    echo "generated: $rel/gen/ ($UP_GENERATED)"
    echo "environment for psql and kcat: . $rel/env"
    echo "stop: make down"
    [ -z "$dead" ] || {
        echo "$me: not running:$dead (see the logs); make down clears the stack" >&2
        return 1
    }
}

# Stops what $state/pids names, newest first, and PostgreSQL; then checks
# that every process is gone and every port of $state/env is free.
stop_stack() {
    local name pid names=() pids=() i left=
    if [ -f "$state/pids" ]; then
        while read -r name pid; do names+=("$name"); pids+=("$pid"); done <"$state/pids"
    fi
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        alive "${pids[i]}" || continue
        kill -TERM -- "-${pids[i]}" 2>/dev/null || kill -TERM "${pids[i]}" 2>/dev/null || true
        for _ in $(seq 300); do alive "${pids[i]}" || break; sleep 0.1; done
        alive "${pids[i]}" && kill -KILL -- "-${pids[i]}" 2>/dev/null || true
        echo "$me: stopped ${names[i]}"
    done
    if pg_running; then
        local as=() bindir
        [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
        bindir=$(cat "$state/pg-bindir")
        "${as[@]}" "$bindir/pg_ctl" -D "$state/pg/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
            kill -KILL "$(head -n 1 "$state/pg/data/postmaster.pid")" 2>/dev/null || true
        echo "$me: stopped postgres"
    fi
    for ((i = 0; i < ${#pids[@]}; i++)); do
        for _ in $(seq 50); do alive "${pids[i]}" || break; sleep 0.1; done
        alive "${pids[i]}" && left="$left ${names[i]} (pid ${pids[i]})"
    done
    ! pg_running || left="$left postgres"
    [ -z "$left" ] || die "still running:$left"
    local port
    for port in $(cat "$state/ports" 2>/dev/null); do
        for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || continue 2; sleep 0.1; done
        die "port $port is still in use"
    done
}

# ---- the actions ------------------------------------------------------------------
case $action in
    generate)
        need_cdcgen "$root/build/release/cdcgen"
        config=$(mktemp "${TMPDIR:-/tmp}/cdcgen-up.XXXXXX")
        trap 'rm -f "$config"' EXIT
        stack_generate "$1" "$config"
        exit 0
        ;;
    status)
        [ -f "$state/env" ] || { echo "$me: no stack in $state (make up starts one)" >&2; exit 1; }
        print_stack
        exit
        ;;
    down)
        [ -d "$state" ] || { echo "$me: no stack in $state"; exit 0; }
        stop_stack
        rm -rf "$state"
        echo "$me: stack stopped, $state removed"
        exit 0
        ;;
esac

# up
if [ -f "$state/env" ]; then
    echo "$me: a stack is already running (state in $state):"
    print_stack
    exit
fi
[ ! -e "$state" ] || die "$state exists but holds no running stack (a make up under way or killed): make down clears it"
need_cdcgen "$root/build/release/cdcgen"
need_tools java curl node
for port in "$kafka_port" "$controller_port" "$pg_port" "$connect_port"; do
    ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null ||
        die "port $port is in use (KAFKA_PORT=$kafka_port KAFKA_CONTROLLER_PORT=$controller_port" \
            "PG_PORT=$pg_port CONNECT_PORT=$connect_port): stop what listens there, or choose" \
            "other ports, e.g. make up PG_PORT=15432"
done

if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 &&
    ! runuser -u postgres -- test -x "$(dirname "$state")"; then
    die "the postgres user cannot reach $(dirname "$state") (as root, PostgreSQL runs as postgres):" \
        "choose UP_STATE in a directory it may enter"
fi

die_status=1
# From here, a failure (or a signal) stops whatever started, shows the last
# lines of each log and removes the state (tests/lib.sh's cleanup, with the
# state as its directory); success leaves everything running.
mkdir -p "$state/logs"
tmp=$state
trap lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
show_logs() { [ "$status" = 0 ] || log_tails "$tmp/logs" 15; }
on_exit show_logs
echo "$kafka_port $controller_port $pg_port $connect_port" >"$state/ports"
: >"$state/pids"
record() { local v="pid_${1//[^a-zA-Z0-9]/_}"; echo "$1 ${!v}" >>"$state/pids"; }

. "$root/tests/e2e/stack.sh"
stack_env
t0=$(date +%s)
say() { printf '%s: %s (%s s)\n' "$me" "$*" "$(( $(date +%s) - t0 ))"; }

stack_generate "$state/gen" "$state/cdcgen.yaml"
if [ -z "$schema_sql" ]; then
    # The table filters/ is compiled against, as the project's schema file
    # describes it (the stack's config names that file).
    schema_sql=$state/schema.sql
    "$cdcgen" schema ddl -c "$state/cdcgen.yaml" -o "$schema_sql" ||
        die "cdcgen schema ddl failed on the project's schema file (UP_SCHEMA_SQL names SQL of your own)"
fi
start_kafka 512m "$kafka_port" "$controller_port"
record kafka
say "Kafka on $bootstrap"
start_postgres "$pg_port" "$schema_sql"
printf '%s\n' "$pg_bindir" >"$state/pg-bindir"
(umask 077 && printf '%s\n' "$db_password" >"$state/db-password")
say "PostgreSQL on 127.0.0.1:$pg_port"
start_topics_script "$state/gen"
wait "$pid_topics" || die "topics.sh failed (logs/topics.log)"
say "topics created (topics.sh)"
start_connect "$state/gen" "$connect_port"
record connect
say "Kafka Connect with Debezium on 127.0.0.1:$connect_port"
for e in $engines; do engine_start "$e" "$state/gen" && record "$e"; done
for e in $engines; do engine_await "$e"; done
say "running: $engines"

if [ ! -d "$project/generated" ]; then
    same="the project has no generated/"
elif diff -r -q "$project/generated" "$state/gen" >/dev/null 2>&1; then
    same="the same as $project/generated/"
else
    same="differs from $project/generated/: other addresses, or generated/ is stale"
fi
connector=$(sed -n 's/^  "name": "\(.*\)",$/\1/p' "$state/gen/connect-debezium.json")
cat >"$state/env" <<EOF
# The stack of make up: . this file for psql and kcat (make down removes it).
export KAFKA_BOOTSTRAP_SERVERS='$host:$kafka_port'
export PGHOST='$state/pg' PGPORT='$pg_port' PGUSER=cdc PGDATABASE=events
KAFKA_CONNECT='http://127.0.0.1:$connect_port'
UP_CONNECTOR='$connector'
UP_ENGINES='$engines'
UP_HOST='$host'
UP_GENERATED='$same'
EOF
trap - EXIT INT TERM HUP
echo "$me: the stack runs (make down stops it):"
print_stack

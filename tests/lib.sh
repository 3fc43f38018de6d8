# tests/lib.sh: the start every test script shares, sourced first by each
# (tests/*/run.sh, tests/run-unit.sh, tests/validate/sarif.sh, tests/flink/*
# through tests/flink/lib.sh, ...). Sourcing it sets: unset variables are
# errors (set -u; scripts add set -e themselves), the C locale, $root (the
# repository) and $me (the name messages start with: the script's folder,
# e.g. cli; a script may set its own). The rest are functions a script calls:
#   need_cdcgen [DEFAULT]  $cdcgen: CDCGEN (else DEFAULT) made absolute
#   need_tools TOOL...     each on PATH, or die
#   need_node_modules PKG...  each installed in tests/validate/node_modules
#   scratch [NAME]         $tmp: a scratch directory; at exit (also on
#                          failure, SIGINT, SIGTERM, SIGHUP) every process
#                          started with spawn or run_group is stopped, the
#                          on_exit functions run, and $tmp is removed (kept
#                          when $keep is 1)
#   on_exit FUNCTION       runs FUNCTION at exit, before $tmp goes (the last
#                          registered first); it sees the exit status in $status
#   spawn NAME COMMAND...  COMMAND in the background in a process group of its
#                          own, output appended to $tmp/logs/NAME.log; its
#                          pid in $pid_NAME
#   stop NAME              stops what spawn NAME started (SIGTERM to its group,
#                          SIGKILL after 20 s)
#   run_group COMMAND...   COMMAND in a process group of its own, waited for:
#                          a signal reaches the traps at once and cleanup ends
#                          the whole group; returns COMMAND's status
#   stop_at_exit PID...    background processes (started with &) to stop at exit
#   free_port, await_port PORT SECONDS   TCP ports on 127.0.0.1
#   mute_listener NAME PORT  a TCP listener on 127.0.0.1:PORT that accepts
#                          and never answers (started with spawn NAME)
#   logs_on_failure [LINES]  at exit after a failure, the last LINES (15)
#                          lines of every $tmp/logs/*.log, stack frames left out
#   pg_start DIR LOG INITDB-OPTIONS SERVER-OPTIONS   a throwaway PostgreSQL
#   kafka_start DIR [HEAP] [LOG4J2] [PROPERTIES] [PORT CONTROLLER-PORT]
#                          a throwaway Kafka broker; sets $bootstrap
#   kafka_env              $kafka_jvm, $kafka_cp: java and the class path of
#                          tests/e2e's jars (broker, Connect, tools, E2eTool)
#   kafka_tool ARGS...     tests/e2e's E2eTool (topics, produce, dump, compare;
#                          KAFKA_TOOL_HEAP: its -Xmx, default 256m)
#   seed_schema [DIR]      the seed's table (tests/fixtures/schema.yaml) as
#                          DIR/schema.yaml (default: the working directory),
#                          for a scratch project cdcgen compiles in
#   log_tails DIR [LINES]  the last LINES (25) lines of each DIR/*.log on stderr,
#                          Java stack frames left out (for a failed run)
#   die MESSAGE            "$me: MESSAGE" on stderr, exit $die_status (2)
#   sarif_valid LOG        LOG passes Microsoft's SARIF Multitool (make deps
#                          installs it in tests/validate); prints the errors
#   check NAME COMMAND...  a test case: COMMAND must succeed; counts $pass and
#                          $fail, shows COMMAND's stdout and stderr on failure
set -u
export LC_ALL=C
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=$(basename "$(cd "$(dirname "$0")" && pwd)")
die_status=2
keep=${keep:-0}
tmp=
pass=0
fail=0

die() {
    echo "$me: $*" >&2
    exit "$die_status"
}

need_cdcgen() {
    local bin=${CDCGEN:-${1:-}}
    [ -n "$bin" ] || die "set CDCGEN to the cdcgen binary"
    [ -x "$bin" ] && [ -f "$bin" ] || die "$bin not found; run make first"
    cdcgen=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
}

need_tools() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || die "$t not found; run 'make deps'"
    done
}

need_node_modules() {
    local pkg
    for pkg in "$@"; do
        [ -f "$root/tests/validate/node_modules/$pkg/package.json" ] ||
            die "tests/validate/node_modules/$pkg is missing; run 'make deps'"
    done
}

# ---- the scratch directory and everything started in it ---------------------
lib_pids=()     # process groups (spawn, run_group), oldest first
lib_on_exit=()  # functions to run at exit, oldest first

on_exit() { lib_on_exit+=("$1"); }
stop_at_exit() { lib_pids+=("$@"); }

scratch() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/cdcgen-${1:-$me}.XXXXXX")
    trap lib_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
}

# Ends every process group this script started, newest first: SIGTERM,
# SIGKILL to what still runs 10 s later. Then the on_exit functions, then
# the directory.
lib_cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    local i pid
    for ((i = ${#lib_pids[@]} - 1; i >= 0; i--)); do
        pid=${lib_pids[i]}
        kill -0 "$pid" 2>/dev/null || continue
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${lib_pids[@]+"${lib_pids[@]}"}"; do
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    for ((i = ${#lib_on_exit[@]} - 1; i >= 0; i--)); do
        "${lib_on_exit[i]}" || true
    done
    if [ -n "$tmp" ]; then
        if [ "$keep" = 1 ]; then echo "$me: kept $tmp" >&2; else rm -rf "$tmp"; fi
    fi
    exit "$status"
}

spawn() {
    local name=$1
    shift
    mkdir -p "$tmp/logs"
    setsid "$@" >>"$tmp/logs/$name.log" 2>&1 &
    lib_pids+=("$!")
    printf -v "pid_${name//[^a-zA-Z0-9]/_}" %s "$!"
}

stop() {
    local var="pid_${1//[^a-zA-Z0-9]/_}" pid
    pid=${!var}
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# In the background (bash runs a trap only after a foreground child has
# ended), and in a group of its own (setsid -w: waits for COMMAND and
# passes its exit status on).
run_group() {
    local pid rc=0
    setsid -w "$@" &
    pid=$!
    lib_pids+=("$pid")
    wait "$pid" || rc=$?
    unset 'lib_pids[${#lib_pids[@]}-1]'
    return "$rc"
}

# ---- ports ---------------------------------------------------------------------
# A TCP port on 127.0.0.1 nobody listens on (and none this run handed out).
lib_ports=" "
free_port() {
    local p
    for _ in $(seq 200); do
        p=$((20000 + RANDOM % 40000))
        case $lib_ports in *" $p "*) continue ;; esac
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            lib_ports="$lib_ports$p "
            echo "$p"
            return
        fi
    done
    die "no free port found"
}

# await_port PORT SECONDS: until something listens on 127.0.0.1:PORT; 1 when
# SECONDS pass first.
await_port() {
    local deadline=$(($(date +%s) + $2))
    until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

mute_listener() {
    spawn "$1" python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $2)); s.listen(16)
held = []
while True:
    c, _ = s.accept(); held.append(c)"
    await_port "$2" 10 || die "the mute listener on port $2 did not start"
}

lib_log_lines=15
lib_show_logs() {
    [ "$status" != 0 ] || return 0
    local f
    for f in "$tmp"/logs/*.log; do
        [ -f "$f" ] || continue
        printf '\n--- last lines of %s ---\n' "${f#"$tmp"/}" >&2
        grep -v -E '^\s+at |^\s+\.\.\. [0-9]+ more' "$f" | tail -n "$lib_log_lines" >&2 || true
    done
}
logs_on_failure() {
    lib_log_lines=${1:-15}
    on_exit lib_show_logs
}

# ---- PostgreSQL ------------------------------------------------------------------
# pg_start DIR LOG INITDB-OPTIONS SERVER-OPTIONS: a throwaway cluster in
# DIR/data (DIR inside $tmp), its socket in DIR, its log in LOG; initdb and
# the server run as the postgres user when this runs as root (they refuse
# root). Stopped at exit. Sets pg_bindir, pgdata, pg_socket and as_pg (the
# prefix that runs a command as the server's user). PG_BINDIR: PostgreSQL's
# bin directory, default the newest /usr/lib/postgresql/*/bin.
pgdata= as_pg=()
pg_start() {
    local dir=$1 log=$2 initdb_opts=$3 server_opts=$4
    pg_bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
    [ -n "$pg_bindir" ] && [ -x "$pg_bindir/initdb" ] ||
        die "PostgreSQL server binaries not found (set PG_BINDIR, or run 'make deps')"
    mkdir -p "$dir"
    touch "$log"
    if [ "$(id -u)" = 0 ]; then
        command -v runuser >/dev/null 2>&1 || die "runuser not found (needed to run PostgreSQL as root)"
        id postgres >/dev/null 2>&1 || die "no 'postgres' user to run the server as"
        chmod 711 "$tmp"
        chown postgres "$dir" "$log"
        as_pg=(runuser -u postgres --)
    fi
    pgdata=$dir/data
    on_exit pg_stop
    # shellcheck disable=SC2086 # options are words
    "${as_pg[@]}" "$pg_bindir/initdb" -D "$pgdata" -E UTF8 --locale=C -U postgres $initdb_opts \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    "${as_pg[@]}" "$pg_bindir/pg_ctl" -D "$pgdata" -l "$log" -w -t 60 -o "-k $dir $server_opts" \
        start >/dev/null 2>&1 || { tail -n 25 "$log" >&2; die "the PostgreSQL server did not start"; }
    pg_socket=$dir
}

pg_stop() {
    [ -n "$pgdata" ] && [ -f "$pgdata/postmaster.pid" ] || return 0
    "${as_pg[@]}" "$pg_bindir/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || {
        local pid
        pid=$(head -n 1 "$pgdata/postmaster.pid" 2>/dev/null || true)
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    }
}

# ---- Kafka ---------------------------------------------------------------------------
# The harness's Kafka (tests/e2e/pom.xml: broker, Connect, Debezium, tools, and
# E2eTool), for every script that needs a broker: `make deps` fetched the jars.
kafka_env() {
    local e2e=$root/tests/e2e
    [ -d "$e2e/target/lib" ] && [ -f "$e2e/target/cdcgen-e2e-1.jar" ] ||
        die "the Kafka harness jars are missing (run make deps, then make $e2e/target/cdcgen-e2e-1.jar)"
    need_tools java
    kafka_jvm=(java -Xss1m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.net.preferIPv4Stack=true
               "-Dlog4j2.configurationFile=$e2e/log4j2.properties")
    kafka_cp="$e2e/target/cdcgen-e2e-1.jar:$e2e/target/lib/*"
}

# KAFKA_TOOL_HEAP: E2eTool's -Xmx (default 256m; dumps and comparisons of
# hundreds of thousands of records need more).
kafka_tool() {
    [ -n "${kafka_cp:-}" ] || kafka_env
    "${kafka_jvm[@]}" "-Xmx${KAFKA_TOOL_HEAP:-256m}" -cp "$kafka_cp" io.cdcgen.e2e.E2eTool "$@"
}

# kafka_start DIR [HEAP] [LOG4J2] [PROPERTIES] [PORT CONTROLLER-PORT]: a Kafka
# broker (KRaft, one node as broker and controller) from the jars make deps
# puts in tests/e2e/target/lib, its data in DIR (inside $tmp), on PORT and
# CONTROLLER-PORT of 127.0.0.1 (free ports when not given, or empty), topics created only by request (auto.create.topics.enable
# false). HEAP: its -Xmx (default 512m); LOG4J2: its log4j2 configuration
# (default tests/e2e/log4j2.properties); PROPERTIES: more server.properties
# lines. Records are stamped with their append time (throughput figures read
# it). Started with spawn (log in $tmp/logs/kafka.log, stopped at exit);
# returns when it listens. Sets kafka_port, bootstrap (127.0.0.1:PORT) and
# kafka_classpath.
kafka_start() {
    local dir=$1 heap=${2:-512m} log4j=${3:-$root/tests/e2e/log4j2.properties} extra=${4:-}
    local lib=$root/tests/e2e/target/lib controller_port=${6:-} cluster_id
    [ -d "$lib" ] || die "the Kafka jars are missing (tests/e2e/target/lib): run 'make deps'"
    need_tools java
    kafka_classpath="$lib/*"
    kafka_port=${5:-$(free_port)}
    [ -n "$controller_port" ] || controller_port=$(free_port)
    bootstrap=127.0.0.1:$kafka_port
    mkdir -p "$dir" "$tmp/logs"
    cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
auto.create.topics.enable=false
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.message.timestamp.type=LogAppendTime
$extra
EOF
    local jvm=(java -Xss1m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.net.preferIPv4Stack=true
               "-Dlog4j2.configurationFile=$log4j")
    # A cluster id is 16 random bytes, base64url without padding.
    # (--cluster-id=ID: an id may start with '-').
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    "${jvm[@]}" -Xmx256m -cp "$kafka_classpath" kafka.tools.StorageTool format --cluster-id="$cluster_id" \
        -c "$dir/server.properties" >"$tmp/logs/kafka-format.log" 2>&1 ||
        die "formatting the Kafka log directory failed (logs/kafka-format.log)"
    spawn kafka "${jvm[@]}" "-Xmx$heap" -cp "$kafka_classpath" kafka.Kafka "$dir/server.properties"
    await_port "$kafka_port" 60 || die "the Kafka broker did not start (logs/kafka.log)"
}

log_tails() {
    local f
    for f in "$1"/*.log; do
        [ -f "$f" ] || continue
        printf '\n--- last lines of %s ---\n' "logs/${f##*/}" >&2
        grep -v -E '^\s+at |^\s+\.\.\. [0-9]+ more' "$f" | tail -n "${2:-25}" >&2 || true
    done
}

# ---- SARIF ---------------------------------------------------------------------------
sarif_multitool=$root/tests/validate/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
export DOTNET_CLI_TELEMETRY_OPTOUT=1
sarif_valid() { # sarif_valid LOG: the SARIF 2.1.0 schema and the Multitool's rules
    [ -f "$sarif_multitool" ] || die "$sarif_multitool missing; run make deps"
    [ -x "$sarif_multitool" ] || chmod u+x "$sarif_multitool"
    rm -f "$tmp/sarif-validated.sarif"
    "$sarif_multitool" validate "$1" --output "$tmp/sarif-validated.sarif" \
        --log ForceOverwrite >"$tmp/sarif-validate.log" 2>&1
    local status=$?
    [ -f "$tmp/sarif-validated.sarif" ] || { cat "$tmp/sarif-validate.log"; return 1; }
    node "$root/tests/validate/sarif-errors.mjs" "$tmp/sarif-validated.sarif" && [ "$status" = 0 ]
}

# ---- test cases -------------------------------------------------------------------
seed_schema() {
    cp "$root/tests/fixtures/schema.yaml" "${1:-.}/schema.yaml"
}

check() { # check NAME COMMAND... : the command must succeed
    if "${@:2}" >"$tmp/out" 2>"$tmp/err"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $1"
        # stdout, then stderr: each its own 20 lines, so that a long
        # output never hides the error.
        sed 's/^/    /' "$tmp/out" | head -20
        sed 's/^/    /' "$tmp/err" | head -20
    fi
}

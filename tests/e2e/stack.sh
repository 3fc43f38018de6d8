# tests/e2e/stack.sh: the services of the pipeline, started, awaited and
# stopped; sourced after tests/lib.sh by tests/e2e/run.sh (make e2e) and
# tests/e2e/up.sh (make up, make down), so that the test and a developer's
# stack are the same code.
#
#   PostgreSQL (wal_level=logical) --Debezium in a Kafka Connect standalone worker-->
#   Kafka (KRaft, one node) raw-event-headers --Flink SQL / Kafka Streams--> filtered-*
#
# Everything lives in $tmp (the caller's directory: a scratch directory for
# the test, the state directory for make up), logs in $tmp/logs/NAME.log, and
# binds to 127.0.0.1. Processes are started with spawn (tests/lib.sh): each in
# a process group of its own, its pid in $pid_NAME.
#   stack_env                 java, class path and tool (E2eTool) of the harness
#   start_postgres PORT [SCHEMA.sql]   the cluster (tests/lib.sh's pg_start),
#                             the role cdc (REPLICATION, a random password in
#                             $db_password), the database events owned by cdc
#                             and the tables of SCHEMA.sql (default schema.sql);
#                             sets pg_port, psql_bin
#   psql_as USER DB ARGS...   psql over the Unix socket, stopping at the first error
#   changes_written           inserts + updates + deletes PostgreSQL counted on event_headers
#   start_kafka HEAP [PORT CONTROLLER-PORT]   a broker (tests/lib.sh's
#                             kafka_start, free ports unless given); sets bootstrap
#   start_topics_script GEN   GEN/topics.sh, as cdcgen wrote it, in the background
#   await_topics_script GEN   its end, and the topics as GEN/topics.json declares them
#   start_connect GEN [PORT]  Debezium's connector GEN/connect-debezium.json in a
#                             Kafka Connect standalone worker (a free port unless
#                             given); returns when its task runs; sets connect_port
#   await_raw                 until raw-event-headers holds one event per change
#                             written so far; prints the count
#   engine_start ENGINE GEN   kstreams (GEN/kstreams-topology.json on the Kafka
#                             Streams runtime), flink-1.20 or flink-2 (GEN/flink.sql
#                             on tests/flink/run-sql, its REST API on the port
#                             written to $tmp/ENGINE.rest, savepoints in
#                             $tmp/savepoints/ENGINE)
#   engine_await ENGINE       until it runs (180 s)
#   engine_ready ENGINE       whether it runs now
#   engine_stop ENGINE        SIGTERM to its process group, SIGKILL after 20 s
# Needs: make deps (Debian's postgresql, Java 17, the jars under
# tests/e2e/target/lib, the engines' runners) and $cdcgen (need_cdcgen).

stack_dir=$root/tests/e2e
kstreams_jar=$root/runtime/kstreams/target/cdcgen-kstreams.jar

# java with the harness's options, its class path (tests/lib.sh, kafka_env).
stack_env() {
    kafka_env
    jvm=("${kafka_jvm[@]}")
    classpath=$kafka_cp
}
tool() { kafka_tool "$@"; }

# ---- PostgreSQL ---------------------------------------------------------------
start_postgres() {
    pg_port=$1
    local schema=${2:-$stack_dir/schema.sql}
    # Local (socket) connections are trusted for the setup; TCP connections, the
    # connector's, need the password. Stopped at exit (tests/lib.sh, pg_start).
    pg_start "$tmp/pg" "$tmp/logs/postgres.log" "--auth-local=trust --auth-host=scram-sha-256" \
        "-p $pg_port -c listen_addresses=127.0.0.1 -c wal_level=logical -c max_wal_senders=4 \
        -c max_replication_slots=4 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    psql_bin=$pg_bindir/psql
    # The connector's role: REPLICATION, and owner of the captured table so that
    # publication.autocreate.mode=filtered may create its publication.
    db_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    psql_as postgres postgres -q -c "CREATE ROLE cdc LOGIN REPLICATION PASSWORD '$db_password'" \
        -c "CREATE DATABASE events OWNER cdc"
    psql_as cdc events -q -f "$schema"
}

# psql_as USER DB ARGS...: psql over the Unix socket, stopping at the first error.
psql_as() {
    local user=$1 db=$2
    shift 2
    "$psql_bin" -X -v ON_ERROR_STOP=1 -h "$pg_socket" -p "$pg_port" -U "$user" -d "$db" "$@" \
        >>"$tmp/logs/psql.log" 2>&1 || die "psql failed (logs/psql.log): $*"
}

# Changes PostgreSQL counted on event_headers: inserted + updated + deleted rows.
changes_written() {
    "$psql_bin" -X -At -h "$pg_socket" -p "$pg_port" -U postgres -d events -c \
        "SELECT pg_stat_force_next_flush(); SELECT n_tup_ins + n_tup_upd + n_tup_del
         FROM pg_stat_user_tables WHERE relname = 'event_headers'" | tail -n 1
}

# ---- Kafka --------------------------------------------------------------------
# One broker (KRaft): tests/lib.sh's kafka_start; auto-creation is off, so
# topics come from cdcgen's topics.sh only.
start_kafka() { kafka_start "$tmp/kafka" "$1" "$stack_dir/log4j2.properties" "" "${2:-}" "${3:-}"; }

# topics.sh exactly as cdcgen wrote it (it runs cdcgen topics apply), in
# the background: it may overlap with the connector's start.
start_topics_script() {
    CDCGEN=$cdcgen KAFKA_BOOTSTRAP_SERVERS=$bootstrap spawn topics sh "$1/topics.sh"
}

await_topics_script() {
    wait "$pid_topics" || die "topics.sh failed (logs/topics.log)"
    tool topics-check "$bootstrap" "$1/topics.json" | sed "s/^/$me: /" ||
        die "the topics differ from topics.json"
}

# ---- Kafka Connect + Debezium -------------------------------------------------
start_connect() {
    local gen=$1
    connect_port=${2:-$(free_port)}
    mkdir -p "$tmp/connect"
    cat >"$tmp/connect/worker.properties" <<EOF
bootstrap.servers=$bootstrap
listeners=http://127.0.0.1:$connect_port
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.storage.file.filename=$tmp/connect/offsets
offset.flush.interval.ms=1000
plugin.discovery=only_scan
# The config providers connect-debezium.json refers to (\${env:...}, \${file:...}).
config.providers=env,file
config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
EOF
    # The password reaches the worker only through its environment.
    DB_PASSWORD=$db_password spawn connect "${jvm[@]}" -Xmx512m -cp "$classpath" \
        org.apache.kafka.connect.cli.ConnectStandalone "$tmp/connect/worker.properties" \
        "$gen/connect-debezium.json"
    local name deadline=$(( $(date +%s) + 90 )) status=
    name=$(sed -n 's/^  "name": "\(.*\)",$/\1/p' "$gen/connect-debezium.json")
    while :; do
        status=$(curl -s "http://127.0.0.1:$connect_port/connectors/$name/status" || true)
        case $status in
            *'"tasks":[{"id":0,"state":"RUNNING"'*) break ;;
            *FAILED*) die "the connector failed: $status" ;;
        esac
        [ "$(date +%s)" -lt "$deadline" ] || die "the connector did not start: $status"
        sleep 0.5
    done
}

# Waits until raw-event-headers holds one event per change written so far.
await_raw() {
    local want
    want=$(changes_written)
    tool await "$bootstrap" raw-event-headers "$want" 90 || die "Debezium did not deliver every change"
    echo "$want"
}

# ---- the routing engines ------------------------------------------------------
# Each engine reads raw-event-headers and writes the filtered topics of one
# generated directory.
engine_start() {
    local e=$1 gen=$2
    rm -f "$tmp/$e.ready"
    case $e in
        kstreams)
            [ -f "$kstreams_jar" ] || die "no Kafka Streams runtime at $kstreams_jar (run make kstreams)"
            printf 'state.dir=%s\n' "$tmp/streams-state" >"$tmp/streams.properties"
            # KafkaStreams logs its state transitions (RUNNING) at INFO.
            spawn "$e" java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
                -Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams.KafkaStreams=info -jar "$kstreams_jar" \
                --topology "$gen/kstreams-topology.json" --config "$tmp/streams.properties"
            ;;
        flink-1.20|flink-2)
            # A session cluster, as a JobManager: its REST API (stop with a
            # savepoint, job status) on a free port, written to
            # $tmp/ENGINE.rest, answering until run-sql is stopped, also after
            # the job ended; savepoints go to $tmp/savepoints/ENGINE, as a
            # cluster's configuration says (execution.checkpointing.savepoint-dir,
            # formerly state.savepoints.dir).
            free_port >"$tmp/$e.rest"
            spawn "$e" "$root/tests/flink/run-sql" "$gen/flink.sql" --flink "${e#flink-}" \
                --rest-port "$(cat "$tmp/$e.rest")" \
                --set "execution.checkpointing.savepoint-dir=file://$tmp/savepoints/$e" \
                --set "state.savepoints.dir=file://$tmp/savepoints/$e" \
                --ready-file "$tmp/$e.ready" --log "$tmp/logs/$e-flink.log"
            ;;
        *) die "unknown engine '$e' (kstreams, flink-1.20, flink-2)" ;;
    esac
}

# Waits until an engine runs: Flink's jobs are RUNNING (run-sql's ready file),
# the Streams application has reached RUNNING (its log).
engine_await() {
    local e=$1 deadline=$(( $(date +%s) + 180 ))
    until engine_ready "$e"; do
        [ "$(date +%s)" -lt "$deadline" ] || die "$e did not start within 180 s (logs/$e.log)"
        sleep 0.5
    done
}
# engine_ready ENGINE: whether it runs now (without waiting); dies when it has ended.
engine_ready() {
    local e=$1 var
    var="pid_${e//[^a-zA-Z0-9]/_}"
    kill -0 "${!var}" 2>/dev/null || die "$e ended early (logs/$e.log)"
    case $e in
        kstreams) grep -q 'to RUNNING' "$tmp/logs/$e.log" 2>/dev/null ;;
        *) [ -f "$tmp/$e.ready" ] ;;
    esac
}
engine_stop() { stop "$1"; }

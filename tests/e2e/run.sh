#!/usr/bin/env bash
# tests/e2e/run.sh: the whole pipeline on the real engines, as a user deploys it
# (make e2e).
#
#   PostgreSQL (wal_level=logical) --Debezium in a Kafka Connect standalone worker-->
#   Kafka (KRaft, one node) raw-event-headers --Flink SQL / Kafka Streams--> filtered-*
#
# cdcgen compiles the seed project's filters (tests/fixtures/seed-project/)
# and tests/e2e/filters/ with a cdcgen.yaml pointing at this run's ports;
# every artifact is used exactly as cdcgen wrote it:
# topics.sh creates the topics (the broker creates none by itself),
# connect-debezium.json is the connector (its ${env:DB_PASSWORD} resolved by the
# worker's config providers), flink.sql and kstreams-topology.json route.
# Phases: rows before the connector starts (its snapshot); rows, updates and
# deletes while every engine runs; the engines stopped, more rows, the engines
# started again; a bulk of inserts timed through the pipeline. Then the test
# reads raw-event-headers, runs `cdcgen eval` on it and requires every
# filtered topic of each engine to hold exactly the events cdcgen eval routes
# there: nothing lost, nothing extra; duplicates only as the engines' at-least-
# once delivery allows after the restart (counted and printed). Last,
# filters-v2/ is rolled out under load by the steps of cdcgen rollout's plan,
# with its backfills, and each engine's topics are held to cdcgen eval of the
# old filters before the switch-over point R and the new ones from R
# (rollout.sh; the switch-over time and duplicates printed per engine).
#
# Everything binds to 127.0.0.1 on free ports, lives in a temporary directory
# and is stopped on exit, also on failure or a signal.
#
# Usage: CDCGEN=build/release/cdcgen tests/e2e/run.sh [--keep]
#   --keep           keep the temporary directory (logs, dumps) for a look
# Environment:
#   E2E_ENGINES      engines to run (default "kstreams flink-1.20 flink-2");
#                    empty: only PostgreSQL -> Debezium -> Kafka
#   E2E_BULK         rows of the bulk insert behind the throughput figure (default 5000)
#   PG_BINDIR        PostgreSQL's bin directory (default: newest /usr/lib/postgresql/*/bin)
# Needs: make deps (Debian's postgresql, Java 17, the jars under
# tests/e2e/target/lib and the engines' runners).
set -eu -o pipefail
. "$(dirname "$0")/../lib.sh"
die_status=1
here=$root/tests/e2e
engines=${E2E_ENGINES-kstreams flink-1.20 flink-2}
bulk=${E2E_BULK:-5000}

say() { printf 'e2e: %s\n' "$*"; }
elapsed() { echo $(( $(date +%s) - t0 )); }

while [ $# -gt 0 ]; do
    case $1 in
        --keep) keep=1 ;;
        -h|--help) sed -n '2,37p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done

# The seed project's filters beside the e2e's own (not filters/, the user's workspace).
seed_filters=$root/tests/fixtures/seed-project/filters
need_cdcgen "$root/build/release/cdcgen"
[ -f "$root/tests/avro/target/cdcgen-avro-check-1.jar" ] || die "no Avro checker (run make deps, then make check-avro)"
need_tools java curl node jq

t0=$(date +%s)
# At exit, also on failure or a signal: every process spawn started is
# stopped (newest first, SIGTERM to its process group, SIGKILL after 10 s),
# then PostgreSQL, then the logs are shown if the run failed, then the
# directory goes (tests/lib.sh).
scratch e2e

# The last lines of every log when the run failed.
show_logs() { [ "$status" = 0 ] || log_tails "$tmp/logs"; }
on_exit show_logs

mkdir -p "$tmp/logs" "$tmp/gen" "$tmp/bin" "$tmp/out"

# free_port, await_port, spawn NAME CMD... (output in logs/NAME.log) and
# stop NAME come from tests/lib.sh; the services (start_postgres, start_kafka,
# start_topics_script, start_connect, engine_start, ...) from tests/e2e/stack.sh.
. "$here/stack.sh"
stack_env

# ---- cdcgen -------------------------------------------------------------------
# generate DIR FLINK_SUFFIX FLINK_GROUP FLINK_LAYOUT: cdcgen's outputs for
# this run's addresses into DIR. Topic settings differ from the defaults so
# that topics-check sees them applied. Each Flink version writes topics of its
# own (its suffix), reads with a group of its own, and runs a layout of its
# own (flink.layout): Flink 1.20 per filter, Flink 2.2 fan-out, so both
# layouts meet the real pipeline.
generate() {
    mkdir -p "$1"
    cat >"$1/cdcgen.yaml" <<EOF
kafka:
  bootstrap_servers: "$bootstrap"
  group_id: $3
streams:
  application_id: e2e-streams
flink:
  layout: $4
topics:
  flink_suffix: $2
  source: { partitions: 3, replication_factor: 1, retention_ms: -1, cleanup_policy: "compact,delete" }
  filtered: { partitions: 3, replication_factor: 1, retention_ms: 86400000, cleanup_policy: delete }
database:
  hostname: 127.0.0.1
  port: "$pg_port"
EOF
    cp "$tmp/schema.yaml" "$1/schema.yaml" # where cdcgen.yaml's schema: defaults
    "$cdcgen" generate -c "$1/cdcgen.yaml" -o "$1" "$seed_filters" "$here/filters" ||
        die "cdcgen generate failed"
}

# Each engine reads raw-event-headers and writes the filtered topics of one
# generated directory; compare checks them against cdcgen eval.
engine_gen() {
    case $1 in
        flink-2) echo "$tmp/gen-flink2" ;;
        *) echo "$tmp/gen" ;;
    esac
}

# ---- the run ------------------------------------------------------------------
start_kafka 768m
start_postgres "$(free_port)"
# The project's schema file is the live table's, as cdcgen schema pull reads it.
"$cdcgen" schema pull "host=$pg_socket port=$pg_port user=postgres dbname=events" \
    -o "$tmp/schema.yaml" 2>>"$tmp/logs/schema-pull.log" || die "cdcgen schema pull failed (logs/schema-pull.log)"
generate "$tmp/gen" -flink e2e-flink per-filter
generate "$tmp/gen-flink2" -flink2 e2e-flink2 fan-out
start_topics_script "$tmp/gen"
psql_as cdc events -q -f "$here/rows-snapshot.sql"
tool await "$bootstrap" raw-event-headers 0 60 || die "topics.sh did not create raw-event-headers"
start_connect "$tmp/gen"
n=$(await_raw)
say "Debezium snapshot: $n events ($(elapsed) s)"
await_topics_script "$tmp/gen"
# The Flink 2.2 variant's topics.sh runs over the same cluster: it must leave
# the existing topics as they are (idempotent) and add its -flink2 topics.
CDCGEN=$cdcgen KAFKA_BOOTSTRAP_SERVERS=$bootstrap spawn topics2 sh "$tmp/gen-flink2/topics.sh"
say "PostgreSQL, Kafka, Kafka Connect and the topics of topics.sh ready ($(elapsed) s)"

for e in $engines; do engine_start "$e" "$(engine_gen "$e")"; done
wait "$pid_topics2" || die "topics.sh of the Flink 2.2 variant failed (logs/topics2.log)"
for g in gen gen-flink2; do
    tool topics-check "$bootstrap" "$tmp/$g/topics.json" | sed "s/^/e2e: $g: /" ||
        die "the topics differ from $g/topics.json"
done
for e in $engines; do engine_await "$e"; done
[ -z "$engines" ] || say "engines running: $engines ($(elapsed) s)"
psql_as cdc events -q -f "$here/rows-stream.sql"
n=$(await_raw)
say "Debezium streaming: $n events in raw-event-headers ($(elapsed) s)"

if [ -n "$engines" ]; then
    # Restart: stop every engine, write while they are down, start them again.
    for e in $engines; do engine_stop "$e"; done
    psql_as cdc events -q -f "$here/rows-restart.sql"
    n=$(await_raw)
    for e in $engines; do engine_start "$e" "$(engine_gen "$e")"; done
    for e in $engines; do engine_await "$e"; done
    say "engines restarted; $n events in raw-event-headers ($(elapsed) s)"
else
    psql_as cdc events -q -f "$here/rows-restart.sql"
    n=$(await_raw)
fi

# Throughput: a bulk of inserts while every engine runs, timed until every
# engine's topics hold what cdcgen eval routes there.
t_bulk=$(date +%s%3N)
psql_as cdc events -q -v rows="$bulk" -f "$here/rows-bulk.sql"
n=$(await_raw)
t_raw=$(date +%s%3N)
say "bulk: $bulk inserts committed and in raw-event-headers after $(( t_raw - t_bulk )) ms"

# What raw-event-headers holds is the input of every engine and of cdcgen eval.
tool dump "$bootstrap" raw-event-headers "$tmp/out/raw.jsonl" >/dev/null
[ "$(wc -l <"$tmp/out/raw.jsonl")" = "$n" ] ||
    die "raw-event-headers holds $(wc -l <"$tmp/out/raw.jsonl") events, PostgreSQL counted $n changes"
"$cdcgen" eval -c "$tmp/gen/cdcgen.yaml" -f "$seed_filters" -f "$here/filters" "$tmp/out/raw.jsonl" \
    >"$tmp/out/eval.jsonl" || die "cdcgen eval rejected an event Debezium wrote"
routed=$(grep -c -v '"filters":\[\]' "$tmp/out/eval.jsonl" || true)
say "cdcgen eval: $n events, $routed routed by at least one filter"

# Each engine awaited at once, in parallel: when its topics were complete.
if [ -n "$engines" ]; then
    waits=()
    for e in $engines; do
        tool await-routed "$bootstrap" "$tmp/out/raw.jsonl" "$tmp/out/eval.jsonl" 120 "$t_bulk" \
            "$(engine_gen "$e")/topics.json:${e%%-*}" >"$tmp/out/routed-$e" &
        waits+=("$!")
        stop_at_exit "$!"
    done
    wait "${waits[@]}" || true # (a plain wait would wait for the engines too)
    for e in $engines; do
        ms=$(sed -n 's/.*complete after \([0-9]*\) ms$/\1/p' "$tmp/out/routed-$e")
        if [ -n "$ms" ]; then
            say "throughput: $e: $bulk inserts from PostgreSQL through Debezium, Kafka and $e" \
                "in $ms ms: $(( bulk * 1000 / ms )) events/s end to end"
        else
            say "throughput: $e: $(cat "$tmp/out/routed-$e")"
        fi
    done
fi

# Records carried whole: per engine and filtered topic, the values (JSON
# equality), the keys, the headers and each key's order on its partition, as
# in raw-event-headers. One row per engine; the columns are compare's aspects
# (E2eTool's RecordCheck.ASPECTS): a new check of the records (the columns a
# schema file adds to the table, say) is a new aspect there and a new column here.
failed=0 passed=1 # 1: Debezium delivered every change (above)
table=
for e in $engines; do
    processor=${e%%-*}
    rc=0
    tool compare "$bootstrap" "$(engine_gen "$e")/topics.json" "$tmp/out/raw.jsonl" "$tmp/out/eval.jsonl" \
        "$processor" 60 --allow-duplicates --check values,keys,headers,order >"$tmp/out/compare-$e" || rc=$?
    grep -v -P '^(columns|row)\t' "$tmp/out/compare-$e" | sed "s/^/e2e: $e: /"
    [ -n "$table" ] || table=$(sed -n 's/^columns\t/engine\t/p' "$tmp/out/compare-$e")
    table=$table$'\n'$(sed -n "s/^row\t/$e\t/p" "$tmp/out/compare-$e")
    if [ "$rc" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
if [ -n "$table" ]; then
    say "records compared with raw-event-headers (keys: distinct keys; headers: headers compared;"
    say "order: keys with several records), per engine:"
    printf '%s\n' "$table" | awk -F '\t' '{ s = "e2e:  "; for (i = 1; i <= NF; i++) s = s sprintf("%-17s", $i); print s }'
fi
# ---- topic schemas --------------------------------------------------------------
# The records Debezium and each engine wrote, against the value schemas of the
# json-schema and avro targets for this run's configuration: every record of
# raw-event-headers and of each engine's filtered topics must be valid (ajv,
# tests/validate/topic-schemas.mjs; Apache Avro, tests/avro/). JSON texts are
# not held to their contentSchema here: the rows put values of other types
# under header_data's keys on purpose.
"$cdcgen" generate -c "$tmp/gen/cdcgen.yaml" -t json-schema -t avro -o "$tmp/schemas" \
    "$seed_filters" "$here/filters" || die "cdcgen generate -t json-schema -t avro failed"
schema_records=("$tmp/out/raw.jsonl")
topics=()
for e in $engines; do
    mapfile -t -O ${#topics[@]} topics < <(node -e 'for (const t of require(process.argv[1]).topics)
        if (t.role === "filtered" && t.processor === process.argv[2]) console.log(t.name)' \
        "$(engine_gen "$e")/topics.json" "${e%%-*}")
done
mkdir -p "$tmp/out/topics"
# A JVM per topic, four at a time.
[ ${#topics[@]} -eq 0 ] || printf '%s\n' "${topics[@]}" | xargs -P 4 -I{} "${jvm[@]}" -Xmx256m -cp "$classpath" \
    io.cdcgen.e2e.E2eTool dump "$bootstrap" {} "$tmp/out/topics/{}.jsonl" >/dev/null ||
    die "reading the filtered topics failed"
[ ${#topics[@]} -eq 0 ] || schema_records+=("$tmp/out/topics/"*.jsonl)
if node "$root/tests/validate/topic-schemas.mjs" --no-content "$tmp/schemas/json-schemas.json" \
    "${schema_records[@]}" >"$tmp/out/json-schemas.out" 2>&1 &&
    "${jvm[@]}" -Xmx256m -cp "$root/tests/avro/target/cdcgen-avro-check-1.jar:$root/tests/avro/target/lib/*" \
        io.cdcgen.avro.AvroCheck "$tmp/schemas/avro-schemas.json" "${schema_records[@]}" \
        >"$tmp/out/avro-schemas.out" 2>&1; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "e2e: topic schemas: records invalid:" && head -n 20 "$tmp/out/json-schemas.out" "$tmp/out/avro-schemas.out"
fi
sed 's/^/e2e: records of raw-event-headers and the filtered topics: /' "$tmp/out/json-schemas.out" \
    "$tmp/out/avro-schemas.out" | grep -E 'records valid|records encoded' || true

# ---- cdcgen audit on each engine ------------------------------------------------
# cdcgen audit (issue 16) on the pipeline this run built: per engine, with
# the engine's configuration and the filters it ran, it must exit 0 and count
# what compare counted above: the routings expected, the records read from
# the engine's topics and the duplicates among them.
mkdir -p "$tmp/out/audit-project/filters"
cp "$seed_filters"/*.yaml "$here/filters"/*.yaml "$tmp/out/audit-project/filters/"
rm -f "$tmp/out/audit-project/filters/"*.test.yaml
for e in $engines; do
    rc=0
    "$cdcgen" audit -c "$(engine_gen "$e")/cdcgen.yaml" --processor "${e%%-*}" \
        --filters "$tmp/out/audit-project" --wait 60 --format json \
        >"$tmp/out/audit-$e.json" 2>"$tmp/out/audit-$e.err" || rc=$?
    want=$(sed -n -E 's/.* ([0-9]+) routings expected, ([0-9]+) records compared, ([0-9]+) duplicates.*/\1 \2 \3/p' \
        "$tmp/out/compare-$e" | head -1)
    got=$(jq -r '.summary | "\(.expected) \(.found) \(.duplicated)"' "$tmp/out/audit-$e.json" 2>/dev/null || true)
    say "audit: $e: exit $rc; expected, found, duplicated: $got (compare: ${want:-none});" \
        "$(jq -r '"\(.summary.missing) missing, \(.summary.extra) extra; \(.processorCatchUp)"' \
            "$tmp/out/audit-$e.json" 2>/dev/null || head -3 "$tmp/out/audit-$e.err")"
    if [ "$rc" = 0 ] && [ -n "$want" ] && [ "$got" = "$want" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done
# ---- a filter change rolled out under load ----------------------------------------
# tests/e2e/rollout.sh: filters-v2/ replaces filters/ on every engine by the
# steps of cdcgen rollout's plan while rows keep being written, with the
# backfills it names; each engine's topics are then held to cdcgen eval of
# the old filters before R and the new ones from R.
if [ -n "$engines" ]; then
    . "$here/rollout.sh"
    # shellcheck disable=SC2086 # engines are words
    rollout_stage $engines
    say "rollout done ($(elapsed) s)"
fi

say "total $(elapsed) s"
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ] || die "the engines' topics differ from raw-event-headers as cdcgen eval routes it"

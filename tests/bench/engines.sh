#!/usr/bin/env bash
# tests/bench/engines.sh: the routing engines per number of filters on a real
# broker (make bench-engines; issue 17's benchmark). Prints figures and one
# table; asserts nothing (timings are not tests) and is in no CI step.
#
# One Kafka broker (KRaft, tests/lib.sh's kafka_start, as make e2e starts it)
# on loopback; $BENCH_EVENTS change events (tests/bench/engines-gen.mjs: the
# seed's shape, keyed {"id": ...} as Debezium keys them, with Debezium's
# __debezium.context.* headers) written once to a 3-partition
# raw-event-headers. Then for each size of $BENCH_SIZES and each processor of
# $BENCH_PROCESSORS: cdcgen generates the filters' artifacts, E2eTool creates
# the filtered topics (3 partitions) in batched Admin calls, the processor
# runs them unmodified from the start of the topic, and the run reports:
#   start-up   from the process's start until it runs: the Kafka Streams
#              application in state RUNNING (its log), every Flink job RUNNING
#              (run-sql's ready file)
#   events/s   events / (the last routed record's broker append time - start-up's end)
#   RSS        the JVM's peak resident memory (VmHWM), threads its peak thread count
#   equal      every filtered topic holds what cdcgen eval routes there from the
#              same events: keys and values (E2eTool compare --check values,keys)
# A run that has not routed every event after $BENCH_SECONDS (start-up
# included) is stopped and reported as unfinished, with the share it routed.
# The filtered topics of a run are deleted after it.
#
# Sizes: "floor" (one filter every event passes: the copy floor), 4 (the seed
# project's filters), any N (engines-gen.mjs filters: about one routing per event).
# Processors: kstreams (runtime/kstreams's runnable jar through the launcher
# `make install` ships), flink (the flink target's flink.sql through
# tests/flink/run-sql, unmodified) and copy, the fan-out floor: a plain Kafka
# consumer and producer (E2eTool copy-routed, Kafka Streams' producer
# defaults) that write each event, unchanged, into the Kafka Streams topics
# cdcgen eval routes it to, deciding nothing: what the same output costs
# the Kafka client and the broker alone.
#
# Usage: CDCGEN=build/release/cdcgen KSTREAMS_JAR=runtime/kstreams/target/cdcgen-kstreams.jar \
#        tests/bench/engines.sh [--keep]
# Environment (defaults):
#   BENCH_SIZES="floor 4 100 1000 5000"  BENCH_EVENTS=200000  BENCH_SECONDS=600
#   BENCH_PROCESSORS="copy kstreams flink"
#   BENCH_PARTITIONS=3     partitions of each filtered topic
#   BENCH_TMPDIR=/dev/shm  where the run's files and the broker's data go (tmpfs:
#                          a disk's page faults on new partitions' indexes cost
#                          the broker more than the processors cost)
#   KSTREAMS_HEAP=1g       the Streams application's -Xmx
#   KSTREAMS_JAVA_OPTS=    more JVM options for it (a profiler: -XX:StartFlightRecording=...)
#   BENCH_PRODUCER=        producer settings NAME=VALUE ... for kstreams (as producer.NAME) and copy
#   FLINK_VERSION=1.20     the Flink line (1.20 or 2.2)
#   FLINK_HEAP=4g          Flink's -Xmx (MiniCluster: job manager and task manager in one JVM)
#   FLINK_LAYOUT=          written as flink: {layout: ...} into the run's cdcgen.yaml
#                          (per-filter, fan-out, auto); empty: cdcgen's default
#   FLINK_JARS=            jars added to Flink's class path (colon-separated): the
#                          routing function's jar a fan-out layout needs (make
#                          bench-engines gives runtime/flink/target/cdcgen-flink.jar)
#   KAFKA_HEAP=1g          the broker's -Xmx; KAFKA_TOOL_HEAP=2g E2eTool's
set -eu -o pipefail
. "$(dirname "$0")/../lib.sh"
me=bench-engines
here=$root/tests/bench
while [ $# -gt 0 ]; do
    case $1 in
        --keep) keep=1 ;;
        -h|--help) sed -n '2,54p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done
sizes=${BENCH_SIZES:-floor 4 100 1000 5000}
events=${BENCH_EVENTS:-200000}
seconds=${BENCH_SECONDS:-600}
processors=${BENCH_PROCESSORS:-copy kstreams flink}
flink_line=${FLINK_VERSION:-1.20}
flink_layout=${FLINK_LAYOUT:-}
need_cdcgen "$root/build/release/cdcgen"
jar=${KSTREAMS_JAR:-$root/runtime/kstreams/target/cdcgen-kstreams.jar}
need_tools java node
for p in $processors; do
    case $p in
        kstreams) [ -f "$jar" ] || die "no Kafka Streams runtime at $jar (make kstreams)" ;;
        flink | copy) ;;
        *) die "unknown processor '$p' (kstreams, flink, copy)" ;;
    esac
done
now() { date +%s%3N; }

# The run's files, the broker's data above all, on tmpfs (/dev/shm) where
# there is one: a new partition's first writes fault in pages of its
# memory-mapped index files, and on this machine's disk that cost the broker
# about 5 ms each (200 major page faults/s; 15,000 partitions took minutes),
# which no processor can go faster than. Production topics are created once;
# the figures are the processors'. BENCH_TMPDIR picks another place.
if [ -n "${BENCH_TMPDIR:-}" ]; then
    export TMPDIR=$BENCH_TMPDIR
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
    export TMPDIR=/dev/shm
fi
scratch bench-engines
mkdir -p "$tmp/bin" "$tmp/logs"
# The launcher make install writes (runtime/kstreams/cdcgen-kstreams.in), on this jar.
sed "s|@JAR@|$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")|" "$root/runtime/kstreams/cdcgen-kstreams.in" \
    >"$tmp/bin/cdcgen-kstreams"
chmod +x "$tmp/bin/cdcgen-kstreams"

kafka_start "$tmp/kafka" "${KAFKA_HEAP:-1g}"
# E2eTool holds every event of a dump or a comparison in memory.
export KAFKA_TOOL_HEAP=${KAFKA_TOOL_HEAP:-2g}
echo "bench-engines: broker at $bootstrap; $events events; sizes: $sizes; processors: $processors;" \
     "at most $seconds s per run"

# config DIR RUN: the run's cdcgen.yaml (its own topic suffixes, consumer
# group and application id, so no run sees another's records or offsets)
# and the seed's table beside it.
config() {
    mkdir -p "$1"
    seed_schema "$1"
    cat >"$1/cdcgen.yaml" <<EOF
kafka:
  bootstrap_servers: "$bootstrap"
  group_id: bench-flink-$2
streams:
  application_id: bench-streams-$2
topics:
  flink_suffix: -flink-$2
  streams_suffix: -spring-$2
  source: { partitions: 3, replication_factor: 1, retention_ms: -1, cleanup_policy: delete }
  filtered: { partitions: ${BENCH_PARTITIONS:-3}, replication_factor: 1, retention_ms: -1, cleanup_policy: delete }
EOF
    if [ -n "$flink_layout" ]; then
        printf 'flink:\n  layout: %s\n' "$flink_layout" >>"$1/cdcgen.yaml"
    fi
}

# The events, once: raw-event-headers (3 partitions) from the first run's manifest.
node "$here/engines-gen.mjs" events "$tmp/events.jsonl" "$events"
config "$tmp/source" source
node "$here/engines-gen.mjs" floor "$tmp/source/filters"
"$cdcgen" generate -q -c "$tmp/source/cdcgen.yaml" -t topics -o "$tmp/source" "$tmp/source/filters" ||
    die "cdcgen generate failed; is FLINK_LAYOUT='$flink_layout' a layout this cdcgen knows?"
kafka_tool topics-create "$bootstrap" "$tmp/source/topics.json" none | sed 's/^/bench-engines: /'
run_id=$(cat /proc/sys/kernel/random/uuid)
kafka_tool produce "$bootstrap" raw-event-headers "$tmp/events.jsonl" \
    __debezium.context.connectorLogicalName=cdc __debezium.context.taskId=0 \
    __debezium.context.connectorName=postgresql "__debezium.context.runId=$run_id" | sed 's/^/bench-engines: /'
# What the topic holds, in the order it holds it: the input of cdcgen eval and of the comparisons.
kafka_tool dump "$bootstrap" raw-event-headers "$tmp/raw.jsonl" >/dev/null

# sample PID FILE: the peak thread count of PID, into FILE, every second until PID ends.
sample() {
    local max=0 t
    while t=$(sed -n 's/^Threads:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null) && [ -n "$t" ]; do
        [ "$t" -gt "$max" ] && max=$t && echo "$max" >"$2"
        sleep 1
    done
}

# run SIZE PROCESSOR: one measurement; appends its row to $tmp/table.
run=0
run() {
    local size=$1 p=$2 dir label started t0 t_run pid state="" rate="-" equal="-" rss="-" threads="-" up="-"
    local tp=$p # whose topics the run writes: the copy writes Kafka Streams'
    [ "$p" = copy ] && tp=kstreams
    run=$((run + 1))
    dir=$tmp/run-$run
    config "$dir" "r$run"
    case $size in
        floor) node "$here/engines-gen.mjs" floor "$dir/filters"; label="1 (copy floor)" ;;
        4) cp -r "$root/tests/fixtures/seed-project/filters" "$dir/filters"; label="4 (seed)" ;;
        *) node "$here/engines-gen.mjs" filters "$dir/filters" "$size"; label=$size ;;
    esac
    "$cdcgen" generate -q -c "$dir/cdcgen.yaml" -o "$dir/gen" "$dir/filters" 2>"$dir/generate.err" ||
        { cat "$dir/generate.err" >&2; die "cdcgen generate failed for $size filters"; }
    "$cdcgen" eval -c "$dir/cdcgen.yaml" -f "$dir/filters" "$tmp/raw.jsonl" >"$dir/eval.jsonl" ||
        die "cdcgen eval failed for $size filters"
    kafka_tool topics-create "$bootstrap" "$dir/gen/topics.json" "$tp" >"$dir/topics.out"
    echo "== $label filters, $p: $(sed -n 's/^topics: //p' "$dir/topics.out")"

    t0=$(now)
    case $p in
        kstreams)
            printf 'state.dir=%s\n' "$dir/streams-state" >"$dir/streams.properties"
            for kv in ${BENCH_PRODUCER:-}; do echo "producer.$kv" >>"$dir/streams.properties"; done
            JAVA_OPTS="-Xmx${KSTREAMS_HEAP:-1g} -Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams.KafkaStreams=info ${KSTREAMS_JAVA_OPTS:-}" \
                spawn "engine$run" "$tmp/bin/cdcgen-kstreams" --topology "$dir/gen/kstreams-topology.json" \
                --config "$dir/streams.properties"
            ;;
        flink)
            FLINK_HEAP=${FLINK_HEAP:-4g} FLINK_CLASSPATH=${FLINK_JARS:-} spawn "engine$run" \
                "$root/tests/flink/run-sql" "$dir/gen/flink.sql" --flink "$flink_line" \
                --ready-file "$dir/ready" --log "$tmp/logs/flink-$run.log"
            ;;
        copy)
            [ -n "${kafka_cp:-}" ] || kafka_env
            # the JVM's defaults, as the runtime's launcher runs it (not the tools' quick-start flags)
            spawn "engine$run" java "-Xmx${KSTREAMS_HEAP:-1g}" -cp "$kafka_cp" io.cdcgen.e2e.E2eTool \
                copy-routed "$bootstrap" raw-event-headers "$tmp/raw.jsonl" "$dir/eval.jsonl" \
                "$dir/gen/topics.json" kstreams ${BENCH_PRODUCER:-}
            ;;
    esac
    local var="pid_engine$run"
    pid=${!var}
    sample "$pid" "$dir/threads" &
    stop_at_exit "$!"
    while :; do
        if ! kill -0 "$pid" 2>/dev/null; then state="ended early (logs/engine$run.log)"; break; fi
        case $p in
            kstreams) grep -q 'to RUNNING' "$tmp/logs/engine$run.log" 2>/dev/null && break ;;
            flink) [ -f "$dir/ready" ] && break ;;
            copy) break ;;
        esac
        if [ $(( $(now) - t0 )) -gt $((seconds * 1000)) ]; then state="not running after $seconds s"; break; fi
        sleep 0.2
    done
    if [ -z "$state" ]; then
        t_run=$(now)
        up=$(( (t_run - t0) / 100 ))
        up="$((up / 10)).$((up % 10)) s"
        local left=$(( seconds - (t_run - t0) / 1000 ))
        [ "$left" -gt 0 ] || left=1
        kafka_tool await-routed "$bootstrap" "$tmp/raw.jsonl" "$dir/eval.jsonl" "$left" "$t_run" \
            "$dir/gen/topics.json:$tp" >"$dir/routed" || true
        local ms arrived total
        ms=$(sed -n 's/.*complete after \([0-9]*\) ms$/\1/p' "$dir/routed")
        if [ -n "$ms" ]; then
            rate=$(( events * 1000 / (ms > 0 ? ms : 1) ))
            if kafka_tool compare "$bootstrap" "$dir/gen/topics.json" "$tmp/raw.jsonl" "$dir/eval.jsonl" "$tp" 60 \
                --check values,keys >"$dir/compare"; then
                equal=yes
            else
                equal="no: $(grep -o 'values DIFFER\|keys DIFFER' "$dir/compare" | sed 's/ DIFFER//' | paste -sd, -) differ"
            fi
            grep -v -P '^(columns|row)\t' "$dir/compare" | tail -n 1 | sed 's/^/  /'
        else
            read -r arrived total < <(sed -n 's/^routed: \([0-9]*\) of \([0-9]*\) routings.*/\1 \2/p' "$dir/routed")
            state="unfinished after $seconds s: ${arrived:-?} of ${total:-?} routings"
            [ -n "${arrived:-}" ] && [ "${total:-0}" -gt 0 ] &&
                rate="~$(( events * arrived / total * 1000 / ((seconds * 1000 - (t_run - t0)) > 0 ? (seconds * 1000 - (t_run - t0)) : 1) ))"
        fi
    fi
    rss=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$rss" ] && rss="$((rss / 1024)) MB" || rss="-"
    threads=$(cat "$dir/threads" 2>/dev/null || echo -)
    stop "engine$run"
    kafka_tool topics-delete "$bootstrap" "$dir/gen/topics.json" "$tp" >/dev/null ||
        echo "bench-engines: could not delete the topics of run $run" >&2
    [ -n "$state" ] && echo "  $state"
    echo "  start-up $up, $rate events/s, peak RSS $rss, $threads threads, equal to cdcgen eval: $equal"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$p" "$rate" "$rss" "$threads" "$up" "$equal" "$state" \
        >>"$tmp/table"
}

for size in $sizes; do
    for p in $processors; do
        run "$size" "$p"
    done
done

echo
layout=${flink_layout:-"cdcgen's default"}
echo "bench-engines: $events events on 3 partitions, ${BENCH_PARTITIONS:-3} per filtered topic, broker data in" \
     "${TMPDIR:-/tmp}; copy: a plain consumer and producer${BENCH_PRODUCER:+ ($BENCH_PRODUCER)};" \
     "kstreams: the runtime's jar (-Xmx${KSTREAMS_HEAP:-1g}); flink: Flink $flink_line, layout $layout" \
     "(-Xmx${FLINK_HEAP:-4g})"
printf '%-16s %-9s %12s %10s %8s %10s  %s\n' filters processor events/s "peak RSS" threads start-up "equal to cdcgen eval"
while IFS=$'\t' read -r label p rate rss threads up equal state; do
    printf '%-16s %-9s %12s %10s %8s %10s  %s%s\n' "$label" "$p" "$rate" "$rss" "$threads" "$up" "$equal" \
        "${state:+ ($state)}"
done <"$tmp/table"

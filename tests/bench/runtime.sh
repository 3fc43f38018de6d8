#!/usr/bin/env bash
# tests/bench/runtime.sh: the Kafka Streams runtime's speed per event as the
# number of filters grows, without a broker. Prints figures; asserts nothing
# (timings are not tests). make bench runs it.
#
# At each size N of $RUNTIME_SIZES: N seed-shaped filters (tests/bench/runtime-gen.mjs:
# an equality or `in` on event_type, one or two comparisons of header_data),
# their topology (cdcgen generate -t kstreams), $RUNTIME_EVENTS events; then, with the
# runtime's jar (tests/bench/RuntimeBench.java, CPU time of the working thread):
#   plain     every branch's condition evaluated on its own (the reference);
#   router    the router: index, each field and leaf once, short-circuits;
#   driver    the whole topology on TopologyTestDriver, records as bytes;
# and the replay mode itself (java -jar JAR --replay --stats: wall time from
# the first record to the last, JIT warm-up included; the best of 3 runs);
# its output, and the router's routing of every event it reached, must equal
# `cdcgen eval`'s (checked at each size; a difference is printed).
# Each measurement stops after $RUNTIME_SECONDS seconds (the events it reached are
# shown), so slow configurations finish; the replay mode's number of events
# is sized by the first runtime measured and kept for the others.
#
# --baseline REV also builds the runtime of git revision REV (git archive,
# mvn -o package in a scratch directory) and measures it the same way, for a
# before/after table; a runtime without a router shows "-" there.
#
# Usage: CDCGEN=build/release/cdcgen [KSTREAMS_JAR=runtime/kstreams/target/cdcgen-kstreams.jar]
#        tests/bench/runtime.sh [--baseline REV]
#        RUNTIME_SIZES="1 4 100 1000 5000" RUNTIME_EVENTS=200000 RUNTIME_SECONDS=10
#        JAVA_OPTS=-Xmx1g (the defaults)
set -eu
export LC_ALL=C
baseline=
while [ $# -gt 0 ]; do
    case $1 in
        --baseline) baseline=${2:?--baseline needs a revision}; shift ;;
        -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "runtime.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cdcgen=$(cd "$(dirname "${CDCGEN:?set CDCGEN}")" && pwd)/$(basename "$CDCGEN")
jar=${KSTREAMS_JAR:-$root/runtime/kstreams/target/cdcgen-kstreams.jar}
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
sizes=${RUNTIME_SIZES:-1 4 100 1000 5000}
events=${RUNTIME_EVENTS:-200000}
seconds=${RUNTIME_SECONDS:-10}
java_opts=${JAVA_OPTS:--Xmx1g}
if [ ! -f "$jar" ] || ! command -v java >/dev/null 2>&1; then
    echo "kstreams runtime bench: skipped (no $jar or no java; make kstreams)"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

jars=("$jar")
labels=("this tree")
if [ -n "$baseline" ]; then
    rev=$(git -C "$root" rev-parse --short "$baseline^{commit}")
    mkdir "$tmp/base"
    git -C "$root" archive "$rev" runtime/kstreams | tar -x -C "$tmp/base"
    echo "building the runtime of $rev (mvn -o package)"
    (cd "$tmp/base/runtime/kstreams" && mvn -o -B -q -DskipTests package >"$tmp/base.log" 2>&1) ||
        { cat "$tmp/base.log" >&2; echo "runtime.sh: cannot build $rev" >&2; exit 2; }
    jars=("$tmp/base/runtime/kstreams/target/cdcgen-kstreams.jar" "$jar")
    labels=("before ($rev)" "after (this tree)")
fi
cd "$tmp"

# bench JAR TOPOLOGY EVENTS: "plain|router|driver EVENTS ROUTINGS CPU_S RATE"
# lines; the router's routing of the events in router.out
bench() {
    rm -f "$tmp/router.out"
    # shellcheck disable=SC2086  # JAVA_OPTS are words by design
    java $java_opts -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$1" "$here/RuntimeBench.java" \
        "$2" "$3" "$seconds" "$tmp/router.out"
}

# replay JAR TOPOLOGY EVENTS: the events per second the replay mode reports
# (--stats: wall time from the first record to the last); output in replay.out
replay() {
    # shellcheck disable=SC2086  # JAVA_OPTS are words by design
    java $java_opts -jar "$1" --topology "$2" --replay "$3" --stats 2>&1 >"$tmp/replay.out" |
        sed -n 's/^replay: .*, \([0-9]*\) events\/s$/\1/p'
}

# best JAR TOPOLOGY EVENTS: the best of 3 replays (the least disturbed by
# whatever else the machine runs)
best() {
    local r max=0 x
    for r in 1 2 3; do
        x=$(replay "$@")
        [ "${x:-0}" -gt "$max" ] && max=$x
    done
    echo "$max"
}

field() { # LINES METHOD COLUMN: a column of a bench line, "-" when absent
    echo "$1" | awk -v m="$2" -v c="$3" '$1 == m { print $c; f = 1 } END { if (!f) print "-" }'
}

echo "bench: the Kafka Streams runtime, $events events per size, at most $seconds s per measurement"
echo "events per second: plain, router, driver per CPU second of the working thread; replay per wall second"
declare -A result
for n in $sizes; do
    node "$here/runtime-gen.mjs" filters "f$n" "$n"
    node "$here/runtime-gen.mjs" events events.jsonl "$events" "$n"
    "$cdcgen" generate -t kstreams -o - "f$n" >topology.json
    "$cdcgen" eval -f "f$n" events.jsonl >eval.out
    routed=$(grep -vc '"filters":\[\]' eval.out || true)
    echo
    echo "== $n filters: cdcgen eval routes $routed of the $events events"
    for i in "${!jars[@]}"; do
        out=$(bench "${jars[$i]}" topology.json events.jsonl) || true
        echo "$out" | grep DIFFER || true
        if [ -f router.out ]; then
            m=$(wc -l <router.out)
            if head -n "$m" eval.out | cmp -s - router.out; then
                echo "  the router routes all $m events as cdcgen eval does"
            else
                echo "  the router routes DIFFERENTLY from cdcgen eval"
            fi
        fi
        # The replay mode over K events, K as many as fit in the time of the first
        # runtime (by a cold probe; the baseline when there is one), the same for all.
        if [ "$i" -eq 0 ]; then
            head -n 1000 events.jsonl >k.jsonl
            rate=$(replay "${jars[$i]}" topology.json k.jsonl)
            k=$(( ${rate:-0} * seconds )); k=$(( k < 1000 ? 1000 : k > events ? events : k ))
            head -n "$k" events.jsonl >k.jsonl
        fi
        rate=$(best "${jars[$i]}" topology.json k.jsonl)
        if head -n "$k" eval.out | cmp -s - replay.out; then same=yes; else same=NO; fi
        for m in plain router driver; do
            result[$n,$i,$m]="$(field "$out" "$m" 5) ($(field "$out" "$m" 2))"
        done
        result[$n,$i,replay]="$rate ($k)"
        printf '  %-18s plain %s, router %s, driver %s, replay %s; replay routes like cdcgen eval: %s\n' \
            "${labels[$i]}" "${result[$n,$i,plain]}" "${result[$n,$i,router]}" "${result[$n,$i,driver]}" \
            "${result[$n,$i,replay]}" "$same"
    done
done

echo
echo "events per second (events measured), by number of filters:"
for i in "${!jars[@]}"; do
    echo
    echo "${labels[$i]}:"
    printf '%6s %22s %22s %22s %22s\n' filters "routing, plain" "routing, router" "TopologyTestDriver" "replay mode"
    for n in $sizes; do
        printf '%6s %22s %22s %22s %22s\n' "$n" "${result[$n,$i,plain]}" "${result[$n,$i,router]}" \
            "${result[$n,$i,driver]}" "${result[$n,$i,replay]}"
    done
done

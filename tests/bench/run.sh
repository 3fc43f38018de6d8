#!/usr/bin/env bash
# make bench: speed and memory of cdcgen beside the floors it is held to,
# in one run. Prints figures; asserts nothing (timings are not tests).
#
#   compile   seed-shaped filters (tests/bench/gen.mjs) in 100 files, at
#             each size of $SIZES: check, fmt --check, generate (every target) and
#             generate -t flink, beside libyaml alone reading the same files
#             and jansson alone writing the topology document generate
#             wrote (tests/bench/floor.c); then the growth from each size
#             to the next.
#             The flink target is also timed on the same filters as JSON
#             beside a Python generator in the original system's style
#             (tests/bench/pygen.py).
#   eval      $EVENTS events through 4 and through 1,000 of those filters
#             (the first condition of each is an equality or `in` on
#             event_type), beside jq routing the same events through the
#             same filters (a jq program written from them).
#
# Times: mean wall time of $RUNS runs (one timing around the loop, so the
# measuring tools cost nothing), process start included; floors time only
# the library's work. Memory: peak RSS of one run.
#   kstreams  the Kafka Streams runtime replaying the events through the
#             topologies of the 4 and 1,000 filters (KSTREAMS_JAR, java).
# Sizes above 20,000 filters are run once.
# Usage: CDCGEN=build/release/cdcgen FLOOR=build/release/bench/floor \
#        [KSTREAMS_JAR=runtime/kstreams/target/cdcgen-kstreams.jar] tests/bench/run.sh
#        SIZES="10000 100000" EVENTS=100000 RUNS=3 (the defaults)
set -eu
. "$(dirname "$0")/../lib.sh"
here=$root/tests/bench
need_cdcgen
floor=$(cd "$(dirname "${FLOOR:?set FLOOR}")" && pwd)/$(basename "$FLOOR")
# The runtime's jar, absolute: the runs below happen in a scratch directory.
jar=${KSTREAMS_JAR:-}
if [ -n "$jar" ] && [ -f "$jar" ]; then
    jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
fi
sizes=${SIZES:-10000 100000}
events=${EVENTS:-100000}
runs=${RUNS:-3}
scratch
cd "$tmp"

# One line per measured command: mean over $runs runs of wall time and of
# CPU time (user + system; steadier than wall time on a busy machine), and
# the peak RSS. Sets MS (CPU ms), WALL (ms) and RSS_MB.
measure() {
    local i wall=0 cpu=0 rss=0 w u s m
    "$@" >/dev/null 2>&1 || true # warm the page cache
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f '%e %U %S %M' -o tm "$@" >/dev/null 2>&1 || true
        read -r w u s m < <(tail -n 1 tm)
        wall=$(echo "$wall + $w * 1000" | bc)
        cpu=$(echo "$cpu + ($u + $s) * 1000" | bc)
        [ "$m" -gt "$rss" ] && rss=$m
    done
    WALL=$(echo "$wall / $runs" | bc)
    MS=$(echo "$cpu / $runs" | bc)
    RSS_MB=$(echo "scale=1; $rss / 1024" | bc)
}

# CPU ms of a floor (which prints its own), the mean of $runs runs
floor_ms() {
    local total=0 i ms
    for ((i = 0; i < runs; i++)); do
        ms=$("$@")
        total=$(echo "$total + $ms" | bc)
    done
    echo "$(echo "$total / $runs" | bc)"
}

# A / B to two decimals; "-" when B rounds to 0 ms (too small to compare).
ratio() {
    if [ "$2" -eq 0 ]; then echo "-"; else echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; fi
}

# row LABEL CPU_MS WALL_MS MIB NOTE
row() { printf '%-46s %8s %8s %8s   %s\n' "$@"; }

echo "bench: cdcgen $("$cdcgen" --version | cut -d' ' -f2), mean of $runs runs"
row "" "CPU ms" "wall ms" "MiB" ""
declare -A gen_ms check_ms fmt_ms
prev=
all_runs=$runs
for n in $sizes; do
    runs=$((n > 20000 ? 1 : all_runs)) # minutes otherwise, before linear checks
    node "$here/gen.mjs" filters "f$n" "$n" 100
    bytes=$(cat f"$n"/*.yaml | wc -c)
    echo
    echo "== $n filters, $((bytes / 1024)) KiB of YAML in 100 files"
    yaml=$(floor_ms "$floor" yaml f"$n"/*.yaml)
    row "floor: libyaml reading the files" "$yaml" "-" "-" ""
    "$cdcgen" generate -o "out$n" "f$n" >/dev/null 2>&1
    topo=$(wc -c <"out$n/kstreams-topology.json")
    json=$(floor_ms "$floor" json "out$n/kstreams-topology.json" floor-topology.json)
    row "floor: jansson writing the topology" "$json" "-" "-" "($((topo / 1048576)) MiB)"
    measure "$cdcgen" check "f$n"; ms=$MS; check_ms[$n]=$ms
    row "cdcgen check" "$ms" "$WALL" "$RSS_MB" ""
    measure "$cdcgen" fmt --check "f$n"; ms=$MS; fmt_ms[$n]=$ms
    row "cdcgen fmt --check (layout, read back)" "$ms" "$WALL" "$RSS_MB" "$(ratio "$ms" "${check_ms[$n]}")x check"
    measure "$cdcgen" generate -o "out$n" "f$n"; ms=$MS; gen_ms[$n]=$ms
    row "cdcgen generate (every target)" "$ms" "$WALL" "$RSS_MB" "$(ratio "$ms" "$((yaml + json))")x the floors' sum"
    measure "$cdcgen" generate -t flink -o "outf$n" "f$n"; ms=$MS
    row "cdcgen generate -t flink" "$ms" "$WALL" "$RSS_MB" ""
    # The same filters as JSON, the original system's format, through a
    # generator in its style (pygen.py: no checks, string concatenation).
    node "$here/gen.mjs" json "j$n" "$n" 100
    mkdir -p "py$n"
    measure "$cdcgen" generate -t flink -o "outj$n" "j$n"; flink_json=$MS
    row "cdcgen generate -t flink, JSON input" "$flink_json" "$WALL" "$RSS_MB" ""
    measure python3 "$here/pygen.py" "py$n" "j$n"/*.json; py=$MS
    row "floor: Python generator, JSON input" "$py" "$WALL" "$RSS_MB" \
        "cdcgen -t flink $(ratio "$py" "$flink_json")x faster"
    if [ -n "$prev" ]; then
        echo "growth from $prev to $n filters ($((n / prev))x): check $(ratio "${check_ms[$n]}" "${check_ms[$prev]}")x, fmt $(ratio "${fmt_ms[$n]}" "${fmt_ms[$prev]}")x, generate $(ratio "${gen_ms[$n]}" "${gen_ms[$prev]}")x"
    fi
    prev=$n
    rm -rf "out$n" "outf$n" "outj$n" "py$n" "j$n"
done

runs=$all_runs
echo
echo "== eval: $events events"
node "$here/gen.mjs" events events.jsonl "$events"
node "$here/gen.mjs" filters e4 4 1
node "$here/gen.mjs" filters e1000 1000 10
node "$here/gen.mjs" jq r4.jq 4
node "$here/gen.mjs" jq r1000.jq 1000
measure "$cdcgen" eval -f e4 events.jsonl; ms4=$MS
row "cdcgen eval, 4 filters" "$ms4" "$WALL" "$RSS_MB" "$((events * 1000 / (ms4 ? ms4 : 1))) events/s"
measure "$cdcgen" eval -f e1000 events.jsonl; ms1000=$MS
row "cdcgen eval, 1000 filters" "$ms1000" "$WALL" "$RSS_MB" "$(ratio "$ms1000" "$ms4")x the cost of 4"
if command -v jq >/dev/null; then
    measure jq -c -f r4.jq events.jsonl; jq4=$MS
    row "floor: jq routing, 4 filters" "$jq4" "$WALL" "$RSS_MB" "cdcgen $(ratio "$jq4" "$ms4")x faster"
    # jq takes minutes for 1000 filters over every event: timed on 300.
    sample=$((events < 300 ? events : 300))
    head -n "$sample" events.jsonl >tenth.jsonl
    measure "$cdcgen" eval -f e1000 tenth.jsonl; c1000=$MS
    measure jq -c -f r1000.jq tenth.jsonl; jq1000=$MS
    row "floor: jq, 1000 filters, $sample events" "$jq1000" "$WALL" "$RSS_MB" "cdcgen $(ratio "$jq1000" "$c1000")x faster ($c1000 ms)"
    # The floor does the same work: every event routed to the same filters.
    "$cdcgen" eval -f e1000 tenth.jsonl | node "$here/routed-ids.mjs" >c.ids
    jq -c -f r1000.jq tenth.jsonl | node "$here/routed-ids.mjs" >j.ids
    if cmp -s c.ids j.ids; then
        echo "jq and cdcgen route every event to the same filters"
    else
        echo "WARNING: jq and cdcgen route differently"
    fi
else
    echo "jq not installed: no jq floor (make deps installs it)"
fi

# The Kafka Streams runtime (runtime/kstreams): records per second on
# TopologyTestDriver, through the topologies of the same 4 and 1,000 filters.
if [ -n "$jar" ] && [ -f "$jar" ] && command -v java >/dev/null 2>&1; then
    "$cdcgen" generate -t kstreams -o - e4 >topo4.json
    "$cdcgen" generate -t kstreams -o - e1000 >topo1000.json
    few=$((events / 10))
    head -n "$few" events.jsonl >few.jsonl
    replay() { # label topology events
        java -Xmx1g -jar "$jar" --topology "$2" --replay "$3" --stats 2>&1 >/dev/null |
            sed -n 's/^replay: \([0-9]*\) events.*, \([0-9.]*\) s, \([0-9]*\) events\/s$/\1 \2 \3/p' |
            { read -r n s rate; printf '%-46s %8s s   %s events/s\n' "$1" "$s" "$rate"; }
    }
    echo
    echo "== kstreams runtime (TopologyTestDriver, one JVM per line, JIT warm-up included)"
    replay "replay, $events events x 4 filters" topo4.json events.jsonl
    replay "replay, $few events x 1000 filters" topo1000.json few.jsonl
else
    echo
    echo "kstreams runtime: skipped (KSTREAMS_JAR not built or no java)"
fi

# Layout: the same 10,000 filters as one JSON document, minified (one line)
# and pretty-printed; the same content should cost the same whatever its
# layout (mean wall time of $RUNS runs of check).
tmpj=$tmp/layout
mkdir "$tmpj"
node "$here/layout.mjs" "$tmpj" 10000
layout_ms() {
    local t0 t1 i
    "$cdcgen" check "$1" >/dev/null 2>&1 || true
    t0=$(date +%s%N)
    for ((i = 0; i < runs; i++)); do "$cdcgen" check "$1" >/dev/null 2>&1 || true; done
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000 / runs))
}
pretty_ms=$(layout_ms "$tmpj/pretty.json")
min_ms=$(layout_ms "$tmpj/minified.json")
printf '%-52s %10s ms\n' "check, 10000 filters, pretty-printed JSON" "$pretty_ms"
printf '%-52s %10s ms\n' "check, 10000 filters, minified JSON (1 line)" "$min_ms"
echo "    minified / pretty: $(echo "scale=2; $min_ms / ($pretty_ms + 0.001)" | bc)x ($(wc -c <"$tmpj/minified.json") bytes on one line vs $(wc -l <"$tmpj/pretty.json") lines)"
rm -rf "$tmpj"

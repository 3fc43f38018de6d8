#!/usr/bin/env bash
# make bench: prints speed and memory figures; it asserts nothing (timings
# are not tests). Figures: wall time (best of N runs) and peak RSS of
#   check filters/          the pre-commit case: the project's own filters
#   check / generate        a synthetic repo of $FILTERS filters in 50 files
#   eval                    $EVENTS events through filters/, a tenth of them
#                           through the synthetic filters
#   check, JSON layouts     $JSON_FILTERS filters in one JSON file, minified
#                           (one line) and pretty-printed: the same content
#                           should cost the same whatever its layout
#   kstreams replay         the Kafka Streams runtime on TopologyTestDriver:
#                           $EVENTS events through filters/' topology, a tenth
#                           through a topology of 1,000 synthetic filters
#                           (records per second from the first record to the
#                           last, as the runtime's --stats reports it)
# Times include starting the process (about 2-5 ms here).
# Usage: CDCGEN=build/release/cdcgen [KSTREAMS_JAR=runtime/kstreams/target/cdcgen-kstreams.jar] tests/bench/run.sh
set -eu
export LC_ALL=C
cdcgen=$(cd "$(dirname "${CDCGEN:?set CDCGEN}")" && pwd)/$(basename "$CDCGEN")
root=$(cd "$(dirname "$0")/../.." && pwd)
filters=${FILTERS:-2000}
events=${EVENTS:-20000}
json_filters=${JSON_FILTERS:-10000}
runs=${RUNS:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Synthetic filters: every operator, JSON paths, nested groups.
synth() {
node - "$1" "$2" <<'JS'
const fs = require('fs');
const [dir, n] = [process.argv[2], +process.argv[3]];
fs.mkdirSync(dir, { recursive: true });
const types = ['LoanCreated', 'LoanPaymentSubmitted', 'CarCreated', 'CarServiceDone'];
for (let file = 0; file < 50; file++) {
  let out = 'version: 1\nfilters:\n';
  for (let i = file; i < n; i += 50) {
    out += `  - id: bench-${i}
    name: Bench ${i}
    consumerId: bench
    outputTopic: bench-${i}
    conditions:
      - { field: event_type, operator: in, values: [${types[i % 4]}, ${types[(i + 1) % 4]}] }
      - { field: __op, operator: notIn, values: [d] }
      - any:
          - { field: header_data.amount, operator: between, min: ${i}, max: ${i + 1000} }
          - { field: event_name, operator: matches, value: "^Loan.*${i % 10}$" }
          - not: { field: header_data.dealerId, operator: isNull }
      - { field: __ts_ms, operator: greaterThan, value: "2024-01-01T00:00:00Z" }
`;
  }
  fs.writeFileSync(`${dir}/f${String(file).padStart(2, '0')}.yaml`, out);
}
JS
}
synth "$tmp/repo" "$filters"
node - "$tmp/events.jsonl" "$events" <<'JS'
const fs = require('fs');
const [path, n] = [process.argv[2], +process.argv[3]];
const types = ['LoanCreated', 'LoanPaymentSubmitted', 'CarCreated', 'CarServiceDone'];
const fd = fs.openSync(path, 'w');
let chunk = '';
for (let i = 0; i < n; i++) {
  const hd = JSON.stringify({ uuid: `u-${i}`, amount: i % 5000, dealerId: i % 3 ? `D-${i % 97}` : null });
  chunk += JSON.stringify({ id: `e-${i}`, event_name: `Loan ${i}`, event_type: types[i % 4],
    created_date: '2024-01-15T10:30:00Z', header_data: hd, __op: 'cudr'[i % 4],
    __table: 'event_headers', __ts_ms: 1705312205000 + i }) + '\n';
  if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
}
fs.writeSync(fd, chunk);
fs.closeSync(fd);
JS

# The same filters as one JSON document, minified and pretty-printed.
node - "$tmp" "$json_filters" <<'JS'
const fs = require('fs');
const [dir, n] = [process.argv[2], +process.argv[3]];
const types = ['LoanCreated', 'LoanPaymentSubmitted', 'CarCreated', 'CarServiceDone'];
const filters = [];
for (let i = 0; i < n; i++) filters.push({
  id: `bench-${i}`, name: `Bench ${i}`, consumerId: 'bench', outputTopic: `bench-${i}`,
  conditions: [
    { field: 'event_type', operator: 'in', values: [types[i % 4], types[(i + 1) % 4]] },
    { field: '__op', operator: 'notIn', values: ['d'] },
    { any: [{ field: 'header_data.amount', operator: 'between', min: i, max: i + 1000 },
            { field: 'event_name', operator: 'matches', value: `^Loan.*${i % 10}$` },
            { not: { field: 'header_data.dealerId', operator: 'isNull' } }] },
  ] });
const doc = { version: 1, filters };
fs.writeFileSync(`${dir}/minified.json`, JSON.stringify(doc) + '\n');
fs.writeFileSync(`${dir}/pretty.json`, JSON.stringify(doc, null, 2) + '\n');
JS

# mean wall time over $runs runs (one timing around the loop, so fork and
# exec of the measuring tools do not count) and peak RSS of one run
measure() {
    local label=$1 t0 t1 i kb
    shift
    "$@" >/dev/null 2>&1 || true # warm the page cache
    t0=$(date +%s%N)
    for ((i = 0; i < runs; i++)); do "$@" >/dev/null 2>&1 || true; done
    t1=$(date +%s%N)
    LAST_US=$(((t1 - t0) / 1000 / runs))
    /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >/dev/null 2>&1 || true
    kb=$(tail -n 1 "$tmp/rss")
    printf '%-52s %10.2f ms %8d KiB\n' "$label" "$(echo "$LAST_US / 1000" | bc -l)" "$kb"
}

echo "bench: mean of $runs runs, peak RSS"
(cd "$root" && measure "check filters/ (the pre-commit case)" "$cdcgen" check filters)
measure "check, $filters filters in 50 files" "$cdcgen" check "$tmp/repo"
measure "generate, $filters filters, 5 targets" "$cdcgen" generate -o "$tmp/out" "$tmp/repo"
(cd "$root" && measure "eval, $events events x filters/ (4 filters)" "$cdcgen" eval -f filters --summary "$tmp/events.jsonl")
echo "    $(echo "$events * 1000000 / $LAST_US" | bc) events/s"
few=$((events / 10))
head -n "$few" "$tmp/events.jsonl" >"$tmp/few.jsonl"
measure "eval, $few events x $filters filters" "$cdcgen" eval -f "$tmp/repo" --summary "$tmp/few.jsonl"
echo "    $(echo "$few * 1000000 / $LAST_US" | bc) events/s, $(echo "$few * $filters / $LAST_US" | bc) M filter evaluations/s"

# The Kafka Streams runtime: records per second on TopologyTestDriver.
jar=${KSTREAMS_JAR:-}
if [ -n "$jar" ] && [ -f "$jar" ] && command -v java >/dev/null 2>&1; then
    synth "$tmp/repo1000" 1000
    (cd "$root" && "$cdcgen" generate -t kstreams -o - filters) >"$tmp/topo4.json"
    "$cdcgen" generate -t kstreams -o - "$tmp/repo1000" >"$tmp/topo1000.json"
    replay() { # label topology events
        java -Xmx1g -jar "$jar" --topology "$2" --replay "$3" --stats 2>&1 >/dev/null |
            sed -n 's/^replay: \([0-9]*\) events.*, \([0-9.]*\) s, \([0-9]*\) events\/s$/\1 \2 \3/p' |
            { read -r n s rate; printf '%-52s %10s s   %s events/s\n' "$1" "$s" "$rate"; }
    }
    echo "kstreams runtime (TopologyTestDriver, one JVM per line, JIT warm-up included):"
    replay "  replay, $events events x filters/ (4 filters)" "$tmp/topo4.json" "$tmp/events.jsonl"
    replay "  replay, $few events x 1000 filters" "$tmp/topo1000.json" "$tmp/few.jsonl"
else
    echo "kstreams runtime: skipped (KSTREAMS_JAR not built or no java)"
fi

runs=${JSON_RUNS:-3}
measure "check, $json_filters filters, pretty-printed JSON" "$cdcgen" check "$tmp/pretty.json"
pretty_us=$LAST_US
measure "check, $json_filters filters, minified JSON (1 line)" "$cdcgen" check "$tmp/minified.json"
echo "    minified / pretty: $(echo "scale=2; $LAST_US / $pretty_us" | bc)x" \
     "($(wc -c <"$tmp/minified.json") bytes on one line vs $(wc -l <"$tmp/pretty.json") lines)"

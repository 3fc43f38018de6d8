#!/usr/bin/env bash
# make bench: prints speed and memory figures; it asserts nothing (timings
# are not tests). Figures: wall time (best of N runs) and peak RSS of
#   check filters/          the pre-commit case: the project's own filters
#   check / generate        a synthetic repo of $FILTERS filters in 50 files
#   eval                    $EVENTS events through those filters
# Usage: CDCGEN=build/release/cdcgen tests/bench/run.sh
set -eu
export LC_ALL=C
cdcgen=$(cd "$(dirname "${CDCGEN:?set CDCGEN}")" && pwd)/$(basename "$CDCGEN")
root=$(cd "$(dirname "$0")/../.." && pwd)
filters=${FILTERS:-2000}
events=${EVENTS:-20000}
runs=${RUNS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Synthetic filters: every operator, JSON paths, nested groups.
node - "$tmp/repo" "$filters" <<'JS'
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

# best WALL_MS and peak RSS of a command, over $runs runs
measure() {
    local best=999999999 rss=0 i t0 t1 ms kb
    for ((i = 0; i < runs; i++)); do
        t0=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err" || true
        t1=$(date +%s%N)
        ms=$(((t1 - t0) / 1000))
        [ "$ms" -lt "$best" ] && best=$ms
        kb=$(tail -n 1 "$tmp/rss")
        [ "$kb" -gt "$rss" ] && rss=$kb
    done
    printf '%-44s %9.2f ms %8d KiB\n' "$1 ${*:2:2}" "$(echo "$best / 1000" | bc -l)" "$rss"
    LAST_US=$best
}

echo "bench: best of $runs runs"
(cd "$root" && measure "$cdcgen" check filters)
measure "$cdcgen" check "$tmp/repo"
echo "    ($filters filters)"
measure "$cdcgen" generate -o "$tmp/out" "$tmp/repo"
measure "$cdcgen" eval -f "$tmp/repo" --summary "$tmp/events.jsonl"
echo "    ($events events x $filters filters: $(echo "$events / ($LAST_US / 1000000)" | bc) events/s)"

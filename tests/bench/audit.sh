#!/usr/bin/env bash
# make bench-audit: how fast `cdcgen audit` holds a topic of many events to
# the filters, and how much memory it takes. Prints figures; asserts nothing
# (beyond the audit finding what a correct processor wrote: exit 0).
#
# One throwaway broker (tests/lib.sh, kafka_start; 512 MiB heap). The seed
# project's four filters over topics of 3 partitions; AUDIT_EVENTS raw
# events (default 1000000; tests/audit/events.py: a fifth of them reach no
# filter, the others spread over the four) produced with kcat, then the
# records a correct processor writes (tests/audit/routed.py from `cdcgen
# eval`). Then, timed by GNU time (wall clock, CPU time, peak RSS): cdcgen
# audit with the default --memory-limit, and with AUDIT_MEMORY (default 8M),
# which makes the hashes spill to disk. events/s = raw events / the whole
# run's wall time (connecting, reading the source and filtered topics, the
# verdict), and / its CPU time (user + system), which a machine shared with
# other work (its load average is printed) changes less.
# Usage: CDCGEN=build/release/cdcgen tests/bench/audit.sh [--keep]
set -eu -o pipefail
. "$(dirname "$0")/../lib.sh"
need_cdcgen "$root/build/release/cdcgen"
need_tools jq java kcat python3
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is missing: run 'make deps'"
[ "${1:-}" = --keep ] && keep=1
n=${AUDIT_EVENTS:-1000000}
spill=${AUDIT_MEMORY:-8M}
scratch bench-audit

kafka_start "$tmp/kafka" 512m
export KAFKA_BOOTSTRAP_SERVERS=$bootstrap
p=$tmp/project
mkdir -p "$p/filters" "$p/routed"
cp "$root/tests/fixtures/seed-project/filters/"*.yaml "$p/filters/"
rm -f "$p/filters/"*.test.yaml
seed_schema "$p"
printf 'schema: schema.yaml\ntopics:\n  source:\n    partitions: 3\n  filtered:\n    partitions: 3\n' >"$p/cdcgen.yaml"
cd "$p"
"$cdcgen" topics apply >/dev/null
"$cdcgen" generate -t topics -o - >topics.json
echo "bench-audit: $n raw events (events.py, cdcgen eval, routed.py)..."
python3 "$root/tests/audit/events.py" "$root/tests/fixtures/seed-raw-events" "$((n - 4))" 11 >events.tsv
cut -f2 events.tsv | "$cdcgen" eval >eval.jsonl
python3 "$root/tests/audit/routed.py" events.tsv eval.jsonl topics.json flink routed >counts.txt
routed=$(awk '{ s += $2 } END { print s }' counts.txt)
echo "bench-audit: producing $n raw and $routed routed records with kcat..."
kcat -P -b "$bootstrap" -t raw-event-headers -K $'\t' -l events.tsv
for f in routed/*.tsv; do kcat -P -b "$bootstrap" -t "$(basename "$f" .tsv)" -K $'\t' -l "$f"; done

run() { # run LABEL ARGS...
    local label=$1 rc=0 secs user sys kib
    shift
    /usr/bin/time -f '%e %U %S %M' -o time.txt "$cdcgen" audit --format json --wait 1 "$@" >report.json 2>err.txt || rc=$?
    read -r secs user sys kib <time.txt
    printf '%-28s exit %d  %6.1f s wall (%7.0f events/s)  %5.1f s CPU (%7.0f events/s)  peak RSS %6.1f MiB  spills %s  expected %s found %s  load %s\n' \
        "$label" "$rc" "$secs" "$(echo "$n / $secs" | bc -l)" "$(echo "$user + $sys" | bc -l)" \
        "$(echo "$n / ($user + $sys)" | bc -l)" "$(echo "$kib / 1024" | bc -l)" \
        "$(jq .summary.spills report.json)" "$(jq .summary.expected report.json)" "$(jq .summary.found report.json)" \
        "$(cut -d' ' -f1 /proc/loadavg)"
}
echo "bench-audit: $n raw events, $routed routed records, 3 partitions, $(nproc) cores"
run "default (--memory-limit 256M)"
run "--memory-limit $spill" --memory-limit "$spill"

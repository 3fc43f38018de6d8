#!/usr/bin/env bash
# tests/flink/backfill.sh [--flink 1.20,2.2] [--keep]
#
# Part of make check-flink (make check-backfill alone): `cdcgen backfill` on
# the real engines. On a throwaway Kafka broker (kafka_start), a base and a
# changed project (a filter widened, one narrowed, one added, one unchanged;
# a source topic of 2 partitions). Events are produced in two batches; after
# the first, a consumer group (kcat, a client that is not cdcgen) commits
# the end offsets R, as the stopped live job would have. Then:
#   - cdcgen backfill --until-group reads R: the job's bounds are the end
#     offsets kcat reads from the broker;
#   - the second batch is produced (events after R, which no backfill may
#     write);
#   - the job runs on Flink (tests/flink/run-sql, MiniCluster) per line and
#     ends by itself; every backfilled topic, read with kcat, holds exactly
#     the events of the first batch that `cdcgen eval` routes to the filter
#     under the change and not under the base (each once, keyed as Debezium
#     keys them), the narrowed and unchanged filters' topics nothing;
#   - the group's committed offsets are still R (the job moved no group).
# Environment: CDCGEN (default build/release/cdcgen).
# Exit status: 0 all held, 1 a check failed, 2 trouble.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../backfill/scenario.sh"
me=flink-backfill
need_cdcgen "$root/build/release/cdcgen"
need_tools kcat java python3
lines=1.20,2.2
while [ $# -gt 0 ]; do
    case $1 in
        --flink) [ $# -ge 2 ] || die "--flink needs a value"; lines=$2; shift ;;
        --keep) keep=1 ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done
scratch flink-backfill
pass=0 fail=0
kafka_start "$tmp/kafka"

# ---- the two versions -----------------------------------------------------------
config() { # config DIR: the project's cdcgen.yaml on this broker
    mkdir -p "$1/filters"
    seed_schema "$1"
    cat >"$1/cdcgen.yaml" <<EOF
targets: [flink, topics]
kafka:
  bootstrap_servers: $bootstrap
  group_id: live-router
topics:
  source:
    partitions: 2
EOF
}
config "$tmp/base"
config "$tmp/head"
scenario_versions "$tmp/base" "$tmp/head"

scenario_events 0 96 >"$tmp/before.jsonl"
scenario_events 96 64 >"$tmp/after.jsonl"

"$cdcgen" topics apply -c "$tmp/head/cdcgen.yaml" "$tmp/head/filters" >"$tmp/topics.out" 2>&1 ||
    die "cdcgen topics apply failed: $(cat "$tmp/topics.out")"
kafka_tool produce "$bootstrap" raw-event-headers "$tmp/before.jsonl" >"$tmp/logs/produce1.log" 2>&1 ||
    die "producing the first batch failed (logs/produce1.log)"

# R as the broker has it (kcat: each partition's end offset)...
end_offsets() {
    kcat -b "$bootstrap" -Q -t raw-event-headers:0:-1 -t raw-event-headers:1:-1 2>/dev/null |
        sed -n 's/.*\[\([0-9]*\)\] offset \([0-9]*\).*/partition:\1,offset:\2/p' | sort | paste -sd ';'
}
r_broker=$(end_offsets)
# ...committed by a consumer of the live group, as the stopped job leaves it.
timeout 60 kcat -b "$bootstrap" -G live-router -o beginning -e raw-event-headers >/dev/null 2>"$tmp/logs/kcat-group.log" ||
    die "kcat could not consume as group live-router (logs/kcat-group.log)"

bounds() { sed -n "s/^  'scan.bounded.specific-offsets' = '\(.*\)',\$/\1/p" "$1"; }
cd "$tmp/head"
check "backfill --until-group reads the group's offsets R" \
    "$cdcgen" backfill --against ../base --until-group live-router -o "$tmp/backfill.sql"
check "the job is bounded by R as the broker reports it ($r_broker)" \
    test "$(bounds "$tmp/backfill.sql")" = "$r_broker"
check "the job names no consumer group and commits none" \
    sh -c "! grep -q \"'properties.group.id'\" '$tmp/backfill.sql' && grep -q \"'properties.commit.offsets.on.checkpoint' = 'false'\" '$tmp/backfill.sql'"
check "backfill --until R writes the same job" \
    sh -c "'$cdcgen' backfill --against ../base --until '$(echo "$r_broker" | sed 's/partition://g; s/,offset//g; s/;/,/g')' | diff - '$tmp/backfill.sql'"

kafka_tool produce "$bootstrap" raw-event-headers "$tmp/after.jsonl" >"$tmp/logs/produce2.log" 2>&1 ||
    die "producing the second batch failed (logs/produce2.log)"

# What each topic must hold: per event of the first batch, the filters the
# change routes it to and the base does not (cdcgen eval).
"$cdcgen" eval -c "$tmp/base/cdcgen.yaml" -f "$tmp/base/filters" "$tmp/before.jsonl" >"$tmp/base.eval"
"$cdcgen" eval -c "$tmp/head/cdcgen.yaml" -f "$tmp/head/filters" "$tmp/before.jsonl" >"$tmp/head.eval"
expected() { # expected FILTER: the ids, sorted
    python3 - "$1" "$tmp/before.jsonl" "$tmp/base.eval" "$tmp/head.eval" <<'EOF'
import json, sys
f, events, base, head = sys.argv[1:]
ids = [json.loads(l)["id"] for l in open(events)]
b = [json.loads(l)["filters"] for l in open(base)]
h = [json.loads(l)["filters"] for l in open(head)]
for i, bf, hf in sorted(zip(ids, b, h)):
    if f in hf and f not in bf:
        print(i)
EOF
}
held() { # held TOPIC: the ids of its records, sorted; a key that is not {"id": id} is reported
    timeout 60 kcat -b "$bootstrap" -C -o beginning -e -q -t "$1" -f '%k\t%s\n' 2>/dev/null |
        python3 -c '
import json, sys
for line in sys.stdin:
    k, v = line.rstrip("\n").split("\t", 1)
    v = json.loads(v)
    if json.loads(k) != {"id": v["id"]}:
        print("bad key", k, "for", v["id"])
    print(v["id"])' | sort
}
for f in loans services cars payments; do expected "$f" >"$tmp/expected.$f"; done
check "the widened filter gains events (the test means something)" test -s "$tmp/expected.loans"
check "the added filter routes events (the test means something)" test -s "$tmp/expected.services"
check "the narrowed and unchanged filters gain nothing" sh -c "! test -s '$tmp/expected.cars' && ! test -s '$tmp/expected.payments'"

IFS=, read -r -a line_list <<<"$lines"
runs=0
for line in "${line_list[@]}"; do
    check "Flink $line: the backfill job runs and ends by itself" \
        run_group timeout 600 "$root/tests/flink/run-sql" "$tmp/backfill.sql" --flink "$line" --log "$tmp/logs/flink-$line.log"
    # Each line's run writes the backfill once more: after k runs a topic
    # holds each of its events k times, and nothing else.
    runs=$((runs + 1))
    for f in loans services cars payments; do
        held "$f-flink" >"$tmp/held.$f"
        for _ in $(seq "$runs"); do cat "$tmp/expected.$f"; done | sort >"$tmp/want.$f"
        check "Flink $line: $f-flink holds exactly the events the change routes and the base did not, before R ($(wc -l <"$tmp/expected.$f") per run)" \
            diff "$tmp/want.$f" "$tmp/held.$f"
    done
done
check "the group's committed offsets are still R" \
    sh -c "'$cdcgen' backfill --against ../base --until-group live-router | grep -qF \"'scan.bounded.specific-offsets' = '$r_broker',\""

echo "flink-backfill: $pass passed, $fail failed"
[ "$fail" = 0 ]

#!/usr/bin/env bash
# tests/backfill/run.sh [--keep]: `cdcgen backfill --processor kstreams`
# against a real Kafka broker (make check-ksbackfill).
#
# One throwaway broker (tests/lib.sh, kafka_start). A base and a changed
# project (a filter widened, one narrowed, one added, one unchanged; a
# source topic of 2 partitions, filtered topics of 3) per scenario, each
# scenario with topics of its own. Events are produced with kcat in two
# batches: the first with keys that repeat (per-key order matters), two
# sets of headers, a record that is not JSON and a tombstone; between the
# batches the switch-over point R is taken:
#   group:   a consumer group (kcat -G, a client that is not cdcgen) commits
#            the end offsets, as the stopped application leaves them, and
#            the backfill reads R from it (--until-group);
#   offsets: R is the end offsets kcat reads (--until P:OFFSET,...).
# After the second batch, the backfill runs; each filter's Kafka Streams
# topic, read with kcat (also read_committed), must hold exactly the events
# before R that `cdcgen eval` routes under the change and not under the
# base: the same key, value, headers and timestamp as the source record, on
# the partition Kafka's murmur2 gives the key (murmur2.mjs, Kafka's
# algorithm checked against Kafka's own test vectors), in the source's
# order per key; nothing for the narrowed and unchanged filters. The group
# still holds R. A delivery the broker refuses aborts the run's transaction:
# read_committed consumers see nothing, and a second run writes what is due.
# Negative controls: no broker (exit 2 in bounded time), a
# target topic missing, a group without commits, R past the high watermark
# or short of a partition (nothing written), -o with kstreams.
# Usage: CDCGEN=build/release/cdcgen tests/backfill/run.sh [--keep]
set -u -o pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/scenario.sh"
here=$root/tests/backfill
[ "${1:-}" = --keep ] && keep=1
need_cdcgen "$root/build/release/cdcgen"
need_tools kcat node python3
scratch ksbackfill
logs_on_failure
# CreateTime (lib.sh's brokers append their own time): the source records
# keep kcat's timestamps, which the backfill must carry over.
kafka_start "$tmp/kafka" 384m "" "log.message.timestamp.type=CreateTime"
cd "$tmp"

# ---- the two versions of a scenario's project -------------------------------------
config() { # config DIR NAME
    mkdir -p "$1/filters"
    seed_schema "$1"
    cat >"$1/cdcgen.yaml" <<YAML
targets: [kstreams, topics]
kafka:
  bootstrap_servers: $bootstrap
  source_topic: raw-$2
streams:
  application_id: app-$2
topics:
  streams_suffix: -$2-spring
  source:
    partitions: 2
  filtered:
    partitions: 3
YAML
}
versions() { # versions NAME: $tmp/NAME/base and $tmp/NAME/head
    config "$tmp/$1/base" "$1"
    config "$tmp/$1/head" "$1"
    scenario_versions "$tmp/$1/base" "$tmp/$1/head"
}

produce() { # produce TOPIC FILE KCAT-OPTIONS...
    local t=$1 f=$2
    shift 2
    kcat -P -b "$bootstrap" -t "$t" -K $'\t' "$@" -l "$f"
}
end_offsets() { # end_offsets TOPIC: P:OFFSET,P:OFFSET
    kcat -b "$bootstrap" -Q -t "$1:0:-1" -t "$1:1:-1" 2>/dev/null |
        sed -n 's/.*\[\([0-9]*\)\] offset \([0-9]*\).*/\1:\2/p' | sort | paste -sd ,
}
dump() { # dump TOPIC [KCAT-OPTIONS...]: partition, offset, timestamp, key, headers, value
    # (librdkafka reads read_committed unless -X isolation.level says otherwise)
    local t=$1
    shift
    timeout 60 kcat -b "$bootstrap" -C -o beginning -e -q -Z "$@" -t "$t" -f '%p\t%o\t%T\t%k\t%h\t%s\n'
}

# scenario NAME: the topics, the first batch, R into $tmp/NAME/r, the second batch
scenario() {
    local d=$tmp/$1
    versions "$1"
    (cd "$d/head" && "$cdcgen" topics apply >"$d/topics.out" 2>&1) || die "cdcgen topics apply: $(cat "$d/topics.out")"
    scenario_events 0 48 keyed >"$d/b1.tsv"
    scenario_events 48 48 keyed >"$d/b2.tsv"
    printf '%s\t%s\n' '{"id":"k1"}' 'not json at all' '{"id":"k2"}' '' >"$d/odd.tsv"
    scenario_events 96 40 keyed >"$d/after.tsv"
    produce "raw-$1" "$d/b1.tsv" -H source=pg -H trace=a1 &&
        produce "raw-$1" "$d/odd.tsv" -Z &&
        produce "raw-$1" "$d/b2.tsv" -H trace=b2 || die "producing the first batch failed"
    end_offsets "raw-$1" >"$d/r"
}
after_r() { produce "raw-$1" "$tmp/$1/after.tsv" -H trace=late || die "producing the second batch failed"; }

# expected NAME: per filter, $tmp/NAME/want.FILTER from kcat's dump of the source and cdcgen eval
expected() {
    local d=$tmp/$1 f
    dump "raw-$1" >"$d/source.tsv" || die "cannot read raw-$1 back"
    python3 -c '
import json, sys
ev = open(sys.argv[2], "w"); ix = open(sys.argv[3], "w")
for i, l in enumerate(open(sys.argv[1])):
    v = l.rstrip("\n").split("\t", 5)[5]
    try:
        o = json.loads(v)
    except ValueError:
        continue
    if isinstance(o, dict):
        ev.write(v + "\n"); ix.write("%d\n" % i)' "$d/source.tsv" "$d/events.jsonl" "$d/events.idx"
    cut -f4 "$d/source.tsv" | node "$here/murmur2.mjs" 3 >"$d/parts.txt" || die "murmur2.mjs failed"
    "$cdcgen" eval -c "$d/base/cdcgen.yaml" -f "$d/base/filters" "$d/events.jsonl" >"$d/base.eval"
    "$cdcgen" eval -c "$d/head/cdcgen.yaml" -f "$d/head/filters" "$d/events.jsonl" >"$d/head.eval"
    for f in loans cars payments services; do
        python3 "$here/expect.py" "$d/source.tsv" "$(cat "$d/r")" "$d/base.eval" "$d/head.eval" \
            "$d/events.idx" "$f" "$d/parts.txt" >"$d/want.$f" || die "expect.py failed"
    done
}

# holds NAME [KCAT-OPTIONS...]: every filter's topic holds want.FILTER, keys in order
holds() {
    local n=$1 d=$tmp/$1 f
    shift
    for f in loans cars payments services; do
        dump "$f-$n-spring" "$@" >"$d/held.$f.tsv" || return 1
        python3 "$here/held.py" "$d/held.$f.tsv" "$d/source.tsv" >"$d/held.$f" || return 1
        diff -u "$d/want.$f" "$d/held.$f" || return 1
    done
}

# ---- group: R from the group's commits ----------------------------------------------
scenario group
timeout 60 kcat -b "$bootstrap" -G app-group -o beginning -e raw-group >/dev/null 2>"$tmp/kcat-group.log" ||
    die "kcat could not consume as group app-group"
after_r group
expected group
check "the widened filter gains events before R (the test means something)" test -s "$tmp/group/want.loans"
check "the added filter routes events before R (the test means something)" test -s "$tmp/group/want.services"
check "the narrowed and unchanged filters gain nothing" sh -c "! test -s '$tmp/group/want.cars' && ! test -s '$tmp/group/want.payments'"
check "the records carry headers, so their copy means something" grep -q 'trace=b2' "$tmp/group/want.loans"
check "the keys spread over the 3 target partitions (murmur2 puts some on partition 2)" \
    sh -c "cut -f4 '$tmp/group/source.tsv' | node '$here/murmur2.mjs' 3 | grep -q 2"
cd "$tmp/group/head"
check "backfill --processor kstreams --until-group runs" \
    "$cdcgen" backfill --against ../base --processor kstreams --until-group app-group
cp "$tmp/err" "$tmp/group/summary.txt"
check "its first line is R, as kcat committed it" \
    test "$(head -n 1 "$tmp/group/summary.txt")" = "cdcgen backfill: R of raw-group: $(cat "$tmp/group/r"); reading up to it"
check "its summary counts the record that is not JSON and the tombstone" \
    grep -q "1 tombstone (dropped), 1 unreadable (skipped)" "$tmp/group/summary.txt"
check "its summary counts each filter's records ($(wc -l <"$tmp/group/want.loans") widened, $(wc -l <"$tmp/group/want.services") added)" \
    sh -c "grep -q 'loans -> loans-group-spring: $(wc -l <"$tmp/group/want.loans") written' '$tmp/group/summary.txt' &&
           grep -q 'services -> services-group-spring: $(wc -l <"$tmp/group/want.services") written' '$tmp/group/summary.txt'"
check "group: every topic holds exactly eval's new-minus-old before R: keys, values, headers, timestamps, murmur2 partitions, per-key order" \
    holds group -X isolation.level=read_uncommitted
check "group: read_committed consumers read the same (the transaction committed)" \
    holds group -X isolation.level=read_committed
check "the group still holds R (the backfill committed nothing)" \
    sh -c "'$cdcgen' backfill --against ../base --until-group app-group | grep -qF \"'scan.bounded.specific-offsets' = '$(sed 's/\([0-9]*\):\([0-9]*\)/partition:\1,offset:\2/g; s/,partition/;partition/g' "$tmp/group/r")'\""

# ---- offsets: R given --------------------------------------------------------------
cd "$tmp"
scenario offsets
after_r offsets
expected offsets
cd "$tmp/offsets/head"
r=$(cat "$tmp/offsets/r")
check "backfill --processor kstreams --until $r runs" \
    "$cdcgen" backfill --against ../base --processor kstreams --until "$r"
check "offsets: every topic holds exactly eval's new-minus-old before R" holds offsets

# ---- negative controls (nothing written: the topics hold what they held) --------------
# refused PATTERN ARGS...: cdcgen backfill --processor kstreams ARGS exits 2 saying PATTERN
refused() {
    local pattern=$1 got=0
    shift
    "$cdcgen" backfill --against ../base --processor kstreams "$@" >"$tmp/refused.out" 2>&1 || got=$?
    cat "$tmp/refused.out"
    [ "$got" = 2 ] && grep -q -- "$pattern" "$tmp/refused.out"
}
s=$(date +%s)
check "no broker: exit 2, said" refused "no Kafka broker" --until "$r" --bootstrap-servers "127.0.0.1:$(free_port)" --timeout 5
check "no broker: within bounded time ($(($(date +%s) - s)) s)" test $(($(date +%s) - s)) -lt 20
check "a group without commits: exit 2, R undefined" refused "committed no offsets on raw-offsets, so R is undefined" --until-group no-such-group
check "R past the high watermark: exit 2" refused "past its end" --until 0:999999,1:0
check "R short of a partition: exit 2" refused "R must bound every partition" --until 0:1
check "-o with kstreams: exit 2" refused "writes into the topics" --until "$r" -o x.sql
check "after the refused runs every topic holds what it held" holds offsets
# a target topic missing: the base's topics created, not the added filter's
cd "$tmp"
versions missing
(cd "$tmp/missing/base" && "$cdcgen" topics apply >/dev/null 2>&1) || die "cdcgen topics apply (missing) failed"
cd "$tmp/missing/head"
check "a missing target topic: exit 2, named" refused "topic services-missing-spring of filter 'services' does not exist" --until 0:0,1:0

# ---- aborted: a delivery fails partway, the transaction is aborted ---------------------
# The added filter's topic takes no record: max.message.bytes 150, set with
# Kafka's ConfigCommand, is less than a record and more than a transaction
# marker (at 64 the broker cannot write the abort's marker and the
# transaction hangs). The widened filter's records reach the broker in the
# same transaction. The run fails and aborts it: read_committed
# consumers see nothing anywhere, although read_uncommitted ones see the
# widened filter's records (so the abort is what hides them). Once the
# topic takes records again, a second run writes exactly what is due.
cd "$tmp"
scenario aborted
after_r aborted
expected aborted
topic_config() { # topic_config TOPIC --add-config K=V | --delete-config K
    "${kafka_jvm[@]}" -Xmx128m -cp "$kafka_cp" kafka.admin.ConfigCommand --bootstrap-server "$bootstrap" \
        --alter --entity-type topics --entity-name "$@" >"$tmp/config.out" 2>&1 || die "ConfigCommand: $(cat "$tmp/config.out")"
}
kafka_env
topic_config services-aborted-spring --add-config max.message.bytes=150
cd "$tmp/aborted/head"
r=$(cat "$tmp/aborted/r")
got=0
"$cdcgen" backfill --against ../base --processor kstreams --until "$r" >"$tmp/aborted.out" 2>&1 || got=$?
check "a delivery refused by the broker: exit 2, the topic named" \
    sh -c "test $got = 2 && grep -q 'not delivered.*services-aborted-spring' '$tmp/aborted.out' || { cat '$tmp/aborted.out'; false; }"
committed_empty() {
    local f
    for f in loans cars payments services; do
        dump "$f-aborted-spring" -X isolation.level=read_committed >"$tmp/aborted.$f.tsv" || return 1
        [ ! -s "$tmp/aborted.$f.tsv" ] || { echo "$f-aborted-spring holds $(wc -l <"$tmp/aborted.$f.tsv") committed records"; return 1; }
    done
}
check "aborted: read_committed consumers read nothing in any topic" committed_empty
uncommitted_loans() { [ "$(dump loans-aborted-spring -X isolation.level=read_uncommitted | wc -l)" = "$(wc -l <"$tmp/aborted/want.loans")" ]; }
check "aborted: the widened filter's records did reach the broker, uncommitted ($(wc -l <"$tmp/aborted/want.loans") due)" \
    uncommitted_loans
topic_config services-aborted-spring --delete-config max.message.bytes
check "aborted: run again once the topic takes records, it succeeds" \
    "$cdcgen" backfill --against ../base --processor kstreams --until "$r"
check "aborted: read_committed, every topic holds exactly eval's new-minus-old before R" \
    holds aborted -X isolation.level=read_committed

echo "ksbackfill: $pass passed, $fail failed"
[ "$fail" = 0 ]

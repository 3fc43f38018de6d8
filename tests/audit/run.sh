#!/usr/bin/env bash
# tests/audit/run.sh: `cdcgen audit` and `cdcgen consume` against a real
# Kafka broker (make check-audit).
#
# One throwaway broker (tests/lib.sh, kafka_start). Each scenario is a
# project of its own (the seed's four filters, topics of 3 partitions whose
# names carry the scenario's, created by cdcgen topics apply), so that the
# scenarios share the broker and nothing else. The raw events (events.py)
# and the filtered records a correct processor writes (routed.py, from
# `cdcgen eval`'s routing and the topics manifest; values re-serialized with
# sorted keys) are produced with kcat; where a record lands (partition,
# offset) is read back with kcat, never from cdcgen.
#   a correct routing: exit 0, each filter's expected and found equal to
#     the records produced, in every format; the same with a tiny
#     --memory-limit (the spill path); --filters DIR and REV;
#   negative controls, each alone: an extra record, a missing one, a
#     duplicated one, one with a changed value: exactly that, with its
#     witness (partition, offset, key; the conditions for a missing one);
#   bad input: no broker (exit 2 in bounded time), a source topic and a
#     filtered topic that do not exist, records that are not JSON, an empty
#     window, usage errors;
#   the processor's consumer group waited for when it has committed;
#   consume: each of the seed's four consumers prints its records (text and
#     json) in its group, commits on exit (read back by kcat in that group),
#     ends on SIGINT with exit 0, prints a record that is not JSON.
# Usage: CDCGEN=build/release/cdcgen tests/audit/run.sh [--keep]
set -u -o pipefail
. "$(dirname "$0")/../lib.sh"
here=$root/tests/audit
[ "${1:-}" = --keep ] && keep=1
need_cdcgen "$root/build/release/cdcgen"
need_tools kcat jq java python3 git node
scratch audit

kafka_start "$tmp/kafka" 384m
export KAFKA_BOOTSTRAP_SERVERS=$bootstrap
cd "$tmp"

# status_is EXPECTED COMMAND...: COMMAND's exit status; its output in out.txt, err.txt.
status_is() {
    local want=$1 got=0
    shift
    "$@" >"$tmp/out.txt" 2>"$tmp/err.txt" || got=$?
    [ "$got" = "$want" ] || { echo "exit $got, expected $want: $*" >&2; cat "$tmp/err.txt" >&2; return 1; }
}

# project NAME: a scratch project $tmp/NAME of the seed's filters whose
# topics (raw-NAME, filtered-...-NAME-flink) exist on the broker.
project() {
    local d=$tmp/$1
    mkdir -p "$d/filters"
    cp "$root/tests/fixtures/seed-project/filters/"*.yaml "$d/filters/"
    rm -f "$d/filters/"*.test.yaml
    seed_schema "$d"
    cat >"$d/cdcgen.yaml" <<YAML
schema: schema.yaml
kafka:
  source_topic: raw-$1
topics:
  flink_suffix: -$1-flink
  streams_suffix: -$1-spring
  source:
    partitions: 3
  filtered:
    partitions: 3
YAML
    (cd "$d" && "$cdcgen" topics apply >/dev/null && "$cdcgen" generate -t topics -o - >topics.json) ||
        die "cannot set scenario $1 up"
}

# fill NAME [N]: the scenario's raw events (N generated besides the seed's
# four) into raw-NAME and, as a correct processor would, the routed
# records into the filtered topics; routed/TOPIC.tsv hold them.
fill() {
    local d=$tmp/$1 t
    python3 "$here/events.py" "$root/tests/fixtures/seed-raw-events" "${2:-40}" 7 >"$d/events.tsv" || return 1
    (cd "$d" && cut -f2 events.tsv | "$cdcgen" eval >eval.jsonl) || return 1
    mkdir -p "$d/routed"
    python3 "$here/routed.py" "$d/events.tsv" "$d/eval.jsonl" "$d/topics.json" flink "$d/routed" >"$d/counts.txt" || return 1
    kcat -P -b "$bootstrap" -t "raw-$1" -K $'\t' -l "$d/events.tsv" || return 1
}
# produce_routed NAME: routed/TOPIC.tsv into each topic (after the scenario edited them).
produce_routed() {
    local f
    for f in "$tmp/$1"/routed/*.tsv; do
        [ -s "$f" ] || continue
        kcat -P -b "$bootstrap" -t "$(basename "$f" .tsv)" -K $'\t' -l "$f" || return 1
    done
}
# place TOPIC KEY: "PARTITION OFFSET" of the first record with that key (kcat).
place() {
    kcat -C -b "$bootstrap" -t "$1" -o beginning -e -q -J 2>/dev/null |
        jq -r --arg k "$2" 'select(.key == $k) | "\(.partition) \(.offset)"' | head -1
}
# audit_json NAME ARGS...: cdcgen audit --format json in the scenario; the
# report in NAME.json, the exit status in NAME.status.
audit_json() {
    local name=$1 rc=0
    shift
    (cd "$tmp/$name" && "$cdcgen" audit --format json --wait 5 "$@" >"$tmp/$name.json" 2>"$tmp/$name.err") || rc=$?
    echo "$rc" >"$tmp/$name.status"
}
# totals FILE: "expected found missing extra duplicated" of a report.
totals() { jq -r '.summary | "\(.expected) \(.found) \(.missing) \(.extra) \(.duplicated)"' "$1"; }
# The records produced per filter: "ID COUNT" (from routed.py's counts and the manifest).
produced_per_filter() {
    jq -r '.topics[] | select(.processor == "flink") | "\(.name) \(.filters[0])"' "$tmp/$1/topics.json" |
        while read -r topic id; do echo "$id $(awk -v t="$topic" '$1 == t { print $2 }' "$tmp/$1/counts.txt")"; done | sort
}

# ---- a correct routing ------------------------------------------------------
project ok
fill ok && produce_routed ok
total=$(awk '{ s += $2 } END { print s }' ok/counts.txt)
audit_json ok
check "correct routing: exit 0" test "$(cat ok.status)" = 0
check "correct routing: $total records expected and found, nothing missing, extra or duplicated" \
    test "$(totals ok.json)" = "$total $total 0 0 0"
check "correct routing: each filter's expected and found are the records produced for it" \
    diff <(jq -r '.filters[] | "\(.id) \(.expected)"' ok.json | sort) <(produced_per_filter ok)
check "correct routing: found per filter likewise" \
    diff <(jq -r '.filters[] | "\(.id) \(.found)"' ok.json | sort) <(produced_per_filter ok)
check "correct routing: every raw event counted" \
    test "$(jq .source.events ok.json)" = "$(wc -l <ok/events.tsv)"
check "correct routing: the group that never committed is not waited for" \
    jq -e '.processorCatchUp | test("committed no offsets")' ok.json
check "correct routing: text report, exit 0, the summary line" bash -c \
    "cd ok && '$cdcgen' audit >../t.out && grep -q '^audit: 4 filters: $total expected, $total found, 0 missing, 0 extra, 0 duplicated' ../t.out"
check "correct routing: markdown report" bash -c \
    "cd ok && '$cdcgen' audit --format markdown >../m.out && grep -q '^| Filter | Topic | Expected' ../m.out && grep -q 'loan-created-filter' ../m.out"
check "correct routing: github format, nothing reported" bash -c \
    "cd ok && '$cdcgen' audit --format github 2>../g.out && ! grep -q '::error' ../g.out"
check "correct routing: sarif, a SARIF 2.1.0 log without results" bash -c \
    "cd ok && '$cdcgen' audit --format sarif >../s.out && jq -e '.version == \"2.1.0\" and (.runs[0].results | length) == 0' ../s.out"
check "correct routing: the SARIF log passes SARIF Multitool" sarif_valid s.out
audit_json ok --memory-limit 1k
check "--memory-limit 1k: the hashes spilled to disk" jq -e '.summary.spills > 0' ok.json
check "--memory-limit 1k: the same counts, exit 0" bash -c \
    "test \"\$(cat ok.status)\" = 0 && test \"\$(jq -r '.summary | \"\\(.expected) \\(.found) \\(.missing) \\(.extra) \\(.duplicated)\"' ok.json)\" = '$total $total 0 0 0'"
check "--memory-limit 1k: no spill file left" bash -c "! ls -d \${TMPDIR:-/tmp}/cdcgen-audit-* 2>/dev/null | grep -q ."

# The filters the pipeline ran differ from the working tree's: --filters.
mkdir -p ok-deployed/filters && cp ok/filters/*.yaml ok-deployed/filters/ && cp ok/cdcgen.yaml ok/schema.yaml ok-deployed/
(cd ok && git init -q && git add filters cdcgen.yaml schema.yaml && git -c user.name=t -c user.email=t@t commit -qm deployed)
sed -i 's/value: LoanCreated/value: LoanCreatedV2/' ok/filters/loan-created.yaml
audit_json ok
check "filters changed since deployment: loan-created-filter's records all extra, exit 1" bash -c \
    "test \"\$(cat ok.status)\" = 1 && jq -e '.filters[] | select(.id == \"loan-created-filter\") | .expected == 0 and .extra == .found and .found > 0' ok.json"
audit_json ok --filters ../ok-deployed
check "--filters DIR: the deployed project's filters, exit 0" test "$(cat ok.status) $(totals ok.json)" = "0 $total $total 0 0 0"
audit_json ok --filters HEAD
check "--filters REV: the filters of a git revision, exit 0" test "$(cat ok.status) $(totals ok.json)" = "0 $total $total 0 0 0"
check "--filters neither: exit 2" status_is 2 bash -c "cd ok && '$cdcgen' audit --filters no-such-rev"
git -C ok checkout -q filters

# Windows.
audit_json ok --from -1h --until end
check "--from -1h: the same window here, exit 0" test "$(cat ok.status) $(totals ok.json)" = "0 $total $total 0 0 0"
audit_json ok --until 0
check "an empty window (--until 0): no event, the topics' records outside it, exit 0" bash -c \
    "test \"\$(cat ok.status)\" = 0 && jq -e '.source.events == 0 and .summary.expected == 0 and .summary.extra == 0 and .summary.outsideWindow == $total' ok.json"
audit_json ok --from 2:0 --until 2:0
check "--from/--until PARTITION:OFFSET: partition 2 cut out, its events not expected" bash -c \
    "jq -e '.source.window[2].from == .source.window[2].until' ok.json"

# The processor's group: committed past the window, it has caught up.
timeout 60 kcat -b "$bootstrap" -G cdcgen-router-flink -o beginning -e -q raw-ok >/dev/null 2>&1
audit_json ok
check "the processor's group has committed the window: caught up, exit 0" bash -c \
    "test \"\$(cat ok.status)\" = 0 && jq -e '.processorCatchUp | test(\"caught up\")' ok.json"

# ---- consume: the seed's four consumers ----------------------------------------
for pair in car-consumer:car-created-filter loan-consumer:loan-created-filter \
    loan-payment-consumer:loan-payment-submitted-filter service-consumer:service-events-filter; do
    c=${pair%%:*}
    topic=$(jq -r --arg f "${pair#*:}" '.topics[] | select(.processor == "flink" and (.filters | index($f))) | .name' ok/topics.json)
    n=$(awk -v t="$topic" '$1 == t { print $2 }' ok/counts.txt)
    check "consume $c --format json: the $n records of $topic, header_data parsed" bash -c \
        "cd ok && '$cdcgen' consume $c --from-beginning --max $n --timeout 20 --format json >../c.json 2>../c.err &&
         test \$(wc -l <../c.json) = $n &&
         diff <(jq -r '.event.id' ../c.json | sort) <(cut -f2 routed/$topic.tsv | jq -r .id | sort) &&
         jq -e -s 'all(.[]; .topic == \"$topic\" and (.event.header_data | type) == \"object\" and .event.header_data.uuid == .event.id)' ../c.json"
    seed_id=$(cut -f2 ok/routed/"$topic".tsv | jq -r .id | grep '^test-' | head -1)
    check "consume $c: the seed's sample event $seed_id as text: columns, CDC metadata, header_data parsed" bash -c \
        "cd ok && '$cdcgen' consume $c --from-beginning --max $n --timeout 20 >../c.txt 2>../c.err &&
         grep -q '^  id: *$seed_id\$' ../c.txt && grep -q '^  cdc: op c (create), table event_headers, at ' ../c.txt &&
         grep -q '^  header_data:\$' ../c.txt && grep -q '^    uuid: *$seed_id\$' ../c.txt"
    check "consume $c: committed in group $c-group (kcat in that group reads nothing more)" bash -c \
        "test -z \"\$(timeout 30 kcat -b '$bootstrap' -G '$c-group' -e -q '$topic' 2>/dev/null)\""
done
check "consume: a second run in the group starts after what was committed (nothing, --timeout 2)" bash -c \
    "cd ok && '$cdcgen' consume loan-consumer --timeout 2 >../c2.out 2>../c2.err && ! test -s ../c2.out && grep -q ': 0 records' ../c2.err"
# Ctrl-C: committed, exit 0.
(cd ok && exec "$cdcgen" consume car-consumer --from-beginning --format json >../sig.out 2>../sig.err) &
sig_pid=$!
stop_at_exit "$sig_pid"
for _ in $(seq 300); do [ -s sig.out ] && break; sleep 0.2; done
kill -INT "$sig_pid"
sig_rc=0
wait "$sig_pid" || sig_rc=$?
# The signal may come after the first record or after all of them: what it
# printed is what its summary counts.
check "consume: SIGINT ends it, exit 0, the records printed before counted" bash -c \
    "test $sig_rc = 0 && test -s sig.out &&
     grep -q \"car-consumer: \$(wc -l <sig.out) records\\? (0 not JSON)\" sig.err || { cat sig.err; false; }"
check "consume: an unknown consumer, exit 2, the known ones named" bash -c \
    "cd ok && '$cdcgen' consume nobody --timeout 1 2>../u.err; test \$? = 2 && grep -q 'loan-consumer' ../u.err"
check "consume: no CONSUMER_ID, exit 2" status_is 2 bash -c "cd ok && '$cdcgen' consume"
check "consume: --format sarif refused, exit 2" status_is 2 bash -c "cd ok && '$cdcgen' consume loan-consumer --format sarif"

# ---- negative controls, each alone ------------------------------------------------
loan=filtered-loan-created-events
# An extra record: an event no filter routes, in the loan topic.
project extra
fill extra && produce_routed extra
printf '{"id":"extra-1"}\t{"id":"extra-1","event_type":"CarSold","__op":"c"}\n' |
    kcat -P -b "$bootstrap" -t "$loan-extra-flink" -K $'\t'
audit_json extra
where=$(place "$loan-extra-flink" '{"id":"extra-1"}')
check "extra record: exit 1" test "$(cat extra.status)" = 1
check "extra record: exactly one extra, nothing else" bash -c \
    "test \"\$(jq -r '.summary | \"\\(.missing) \\(.extra) \\(.duplicated)\"' extra.json)\" = '0 1 0' &&
     jq -e '.filters[] | select(.id == \"loan-created-filter\") | .extra == 1' extra.json"
check "extra record: its witness at ${where:-?} with its key" bash -c \
    "jq -e --arg w '$where' '.filters[] | select(.id == \"loan-created-filter\") | .witnesses.extra[0] |
        \"\\(.partition) \\(.offset)\" == \$w and .key == \"{\\\"id\\\":\\\"extra-1\\\"}\" and .topic == \"$loan-extra-flink\"' extra.json"
check "extra record: --format github, an ::error audit-extra at the filter" bash -c \
    "cd extra && '$cdcgen' audit --format github --wait 1 2>../g.out; test \$? = 1 && grep -q '^::error file=filters/loan-created.yaml,line=4' ../g.out && grep -q 'audit-extra' ../g.out"
check "extra record: text names it" bash -c \
    "cd extra && '$cdcgen' audit --wait 1 >../t.out; grep -q '^extra  *loan-created-filter: $loan-extra-flink \\[[0-9]\\] @[0-9]* key {\"id\":\"extra-1\"}' ../t.out"

# A missing record: one routed record never produced.
project missing
fill missing
victim=$(head -1 missing/routed/"$loan-missing-flink".tsv | cut -f1)
sed -i 1d missing/routed/"$loan-missing-flink".tsv
produce_routed missing
audit_json missing
where=$(place raw-missing "$victim")
check "missing record: exit 1, exactly one missing" bash -c \
    "test \"\$(cat missing.status)\" = 1 && test \"\$(jq -r '.summary | \"\\(.missing) \\(.extra) \\(.duplicated)\"' missing.json)\" = '1 0 0'"
check "missing record: witness at raw-missing $where, key $victim, the conditions that route it" bash -c \
    "jq -e --arg w '$where' --arg k '$victim' '.filters[] | select(.id == \"loan-created-filter\") | .witnesses.missing[0] |
        .topic == \"raw-missing\" and \"\\(.partition) \\(.offset)\" == \$w and .key == \$k and
        .because == \"event_type equals \\\"LoanCreated\\\" and __op equals \\\"c\\\"\"' missing.json"
check "missing record: sarif result audit-missing at the filter" bash -c \
    "cd missing && '$cdcgen' audit --format sarif --wait 1 >../s.out; test \$? = 1 &&
     jq -e '[.runs[0].results[] | select(.ruleId == \"audit-missing\")] | length == 1' ../s.out"
check "missing record: the SARIF log passes SARIF Multitool" sarif_valid s.out

# A duplicated record: one routed record produced twice.
project dup
fill dup
head -1 dup/routed/"$loan-dup-flink".tsv >>dup/routed/"$loan-dup-flink".tsv
twice=$(head -1 dup/routed/"$loan-dup-flink".tsv | cut -f1)
produce_routed dup
audit_json dup
check "duplicated record: reported, exit 0" bash -c \
    "test \"\$(cat dup.status)\" = 0 && test \"\$(jq -r '.summary | \"\\(.missing) \\(.extra) \\(.duplicated)\"' dup.json)\" = '0 0 1'"
check "duplicated record: its witness, key $twice, found twice" bash -c \
    "jq -e --arg k '$twice' '.filters[] | select(.id == \"loan-created-filter\") | .witnesses.duplicated[0] | .key == \$k and .count == 2' dup.json"
audit_json dup --no-duplicates
check "duplicated record with --no-duplicates: exit 1" test "$(cat dup.status)" = 1
check "duplicated record, github: a ::warning audit-duplicate" bash -c \
    "cd dup && '$cdcgen' audit --format github --wait 1 2>../g.out; test \$? = 0 && grep -q '^::warning.*audit-duplicate' ../g.out"

# A changed value: one routed record with another event_name.
project changed
fill changed
changed_key=$(head -1 changed/routed/"$loan-changed-flink".tsv | cut -f1)
python3 - "changed/routed/$loan-changed-flink.tsv" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
k, v = lines[0].split("\t", 1)
v = json.loads(v); v["event_name"] = "LoanCreatedChanged"
lines[0] = k + "\t" + json.dumps(v)
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
produce_routed changed
audit_json changed
check "changed value: exit 1, one missing and one extra, both of key $changed_key" bash -c \
    "test \"\$(cat changed.status)\" = 1 && test \"\$(jq -r '.summary | \"\\(.missing) \\(.extra) \\(.duplicated)\"' changed.json)\" = '1 1 0' &&
     jq -e --arg k '$changed_key' '.filters[] | select(.id == \"loan-created-filter\") |
        .witnesses.missing[0].key == \$k and .witnesses.extra[0].key == \$k and (.witnesses.extra[0].value | test(\"LoanCreatedChanged\"))' changed.json"
check "changed value: the two witnesses name each other (sameKey)" bash -c \
    "jq -e '.filters[] | select(.id == \"loan-created-filter\") | .witnesses as \$w |
        \$w.missing[0].sameKey == (\$w.extra[0] | {topic, partition, offset}) and
        \$w.extra[0].sameKey == (\$w.missing[0] | {topic, partition, offset})' changed.json"
check "changed value: text pairs them" bash -c \
    "cd changed && '$cdcgen' audit --wait 1 >../t.out; grep -q '^missing .*not found; the extra record $loan-changed-flink \\[[0-9]\\] @[0-9]* has its key: a changed value?\$' ../t.out &&
     grep -q '^extra .*LoanCreatedChanged.*; the missing event raw-changed \\[[0-9]\\] @[0-9]* has its key\$' ../t.out"
check "a missing or an extra record alone is paired with nothing" bash -c \
    "jq -e -s '[.[].filters[].witnesses[][] | select(has(\"sameKey\"))] | length == 0' missing.json extra.json"

# ---- bad input ----------------------------------------------------------------
# Records that are not JSON, in the source topic and in a filtered topic.
project notjson
fill notjson && produce_routed notjson
printf '{"id":"bad-1"}\tthis is not JSON\n' | kcat -P -b "$bootstrap" -t raw-notjson -K $'\t'
printf '{"id":"bad-2"}\t{"id": unquoted}\n' | kcat -P -b "$bootstrap" -t "$loan-notjson-flink" -K $'\t'
audit_json notjson
check "not JSON: counted in the source topic, with its witness" bash -c \
    "jq -e '.source.notJson == 1 and .source.witnesses[0].key == \"{\\\"id\\\":\\\"bad-1\\\"}\"' notjson.json"
check "not JSON in a filtered topic: counted, an extra record, exit 1" bash -c \
    "test \"\$(cat notjson.status)\" = 1 && jq -e '.filters[] | select(.id == \"loan-created-filter\") | .notJson == 1 and .extra == 1 and .witnesses.notJson[0].value == \"{\\\"id\\\": unquoted}\"' notjson.json"
check "consume prints a record that is not JSON, with a warning, exit 0" bash -c \
    "cd notjson && '$cdcgen' consume loan-consumer --from-beginning --timeout 5 >../n.out 2>../n.err &&
     grep -q '(not JSON) {\"id\": unquoted}' ../n.out && grep -q 'warning: .* the value is not JSON' ../n.err"

# A window with no events: the topics exist and are empty.
project empty
audit_json empty
check "empty topics: exit 0, no events, nothing expected" bash -c \
    "test \"\$(cat empty.status)\" = 0 && jq -e '.source.events == 0 and .summary.expected == 0 and .summary.found == 0' empty.json"
check "empty topics: the text report says the window holds no events" bash -c \
    "cd empty && '$cdcgen' audit --wait 1 | grep -q 'the window holds no events'"

# Topics that do not exist.
mkdir -p nosource/filters && cp ok/filters/*.yaml nosource/filters/ && seed_schema nosource
printf 'schema: schema.yaml\nkafka:\n  source_topic: raw-nowhere\n' >nosource/cdcgen.yaml
check "a source topic that does not exist: exit 2, named" bash -c \
    "cd nosource && '$cdcgen' audit --wait 1 >/dev/null 2>../e.err; test \$? = 2 && grep -q 'source topic raw-nowhere does not exist' ../e.err"
project nofilt
fill nofilt && produce_routed nofilt
sed -i 's/^  flink_suffix: .*/  flink_suffix: -nofilt-gone/' nofilt/cdcgen.yaml
audit_json nofilt
check "filtered topics that do not exist: a warning each, their records missing, exit 1" bash -c \
    "test \"\$(cat nofilt.status)\" = 1 && grep -q 'does not exist' nofilt.err &&
     jq -e 'all(.filters[]; .topicExists == false and .missing == .expected)' nofilt.json"

# No broker: a port nobody listens on refuses at once; exit 2, said.
dead=127.0.0.1:$(free_port)
check "no broker: audit exit 2 within 20 s, the servers named" bash -c \
    "cd ok && start=\$(date +%s); timeout 60 '$cdcgen' audit --bootstrap-servers $dead --timeout 10 >/dev/null 2>../d.err; rc=\$?;
     test \$rc = 2 && test \$((\$(date +%s) - start)) -le 20 && grep -q '$dead' ../d.err"
check "no broker: consume exit 2 within 40 s" bash -c \
    "cd ok && start=\$(date +%s); timeout 60 '$cdcgen' consume loan-consumer --bootstrap-servers $dead >/dev/null 2>../d.err; rc=\$?;
     test \$rc = 2 && test \$((\$(date +%s) - start)) -le 40 && grep -q '$dead' ../d.err"
check "usage: --from tomorrow, exit 2" status_is 2 bash -c "cd ok && '$cdcgen' audit --from tomorrow"
check "usage: an operand, exit 2" status_is 2 bash -c "cd ok && '$cdcgen' audit filters"
check "usage: --memory-limit 0, exit 2" status_is 2 bash -c "cd ok && '$cdcgen' audit --memory-limit 0"
check "usage: --processor spark, exit 2" status_is 2 bash -c "cd ok && '$cdcgen' audit --processor spark"

echo "audit: $pass passed, $fail failed"
[ "$fail" = 0 ]

#!/usr/bin/env bash
# make bench-topics: how long creating a project's topics takes, with
# `cdcgen topics apply` and with the topics.sh cdcgen wrote before it (Kafka's
# kafka-topics.sh per topic: a JVM each). Prints figures; asserts nothing.
#
# One throwaway broker (tests/lib.sh, kafka_start; 1 GiB heap), topics of
# one partition, replication factor 1 and the default configs
# (cleanup.policy=delete, retention.ms=604800000), as topics.json declares
# them. For each size of TOPICS_SIZES (default "1000 5000"), a manifest of
# that many new topics: the wall time of `cdcgen topics apply` (validation,
# creation, and the cluster's metadata read before), the CreateTopics calls
# it made, and the time until kcat -L lists every topic with a leader (the
# broker creates their logs after the controller has answered); `topics
# plan` must then be clean. Then the old topics.sh (from git revision
# OLD_TOPICS_REV, default ede1ee0, the last one that wrote it) on
# OLD_TOPICS (default 50) new topics, with Kafka's TopicCommand as
# kafka-topics.sh, as tests/e2e ran it; its time per topic, times each size,
# is the extrapolation.
# Usage: CDCGEN=build/release/cdcgen tests/bench/topics.sh [--keep]
set -eu -o pipefail
. "$(dirname "$0")/../lib.sh"
need_cdcgen "$root/build/release/cdcgen"
need_tools jq java git kcat
[ "${1:-}" = --keep ] && keep=1
sizes=${TOPICS_SIZES:-1000 5000}
old_n=${OLD_TOPICS:-50}
old_rev=${OLD_TOPICS_REV:-ede1ee0}
scratch bench-topics

ms() { date +%s%3N; }

kafka_start "$tmp/kafka" 1g
echo "bench-topics: one Kafka broker (KRaft) at $bootstrap, $(nproc) cores"

# manifest N PREFIX: N topics named PREFIX-1 ... PREFIX-N.
manifest() {
    jq -n --argjson n "$1" --arg p "$2" '{formatVersion: 1, topics: [range(1; $n + 1) |
        {name: "\($p)-\(.)", partitions: 1, replicationFactor: 1,
         config: {"cleanup.policy": "delete", "retention.ms": "604800000"}}]}'
}

printf '\n%-8s %12s %10s %16s\n' topics "apply (ms)" "calls" "all visible (ms)"
for n in $sizes; do
    manifest "$n" "new$n" >"$tmp/m$n.json"
    t0=$(ms)
    "$cdcgen" topics apply --manifest "$tmp/m$n.json" --bootstrap-servers "$bootstrap" --timeout 120 \
        --format json >"$tmp/apply$n.json" || die "cdcgen topics apply failed at $n topics"
    t1=$(ms)
    [ "$(jq .summary.created "$tmp/apply$n.json")" = "$n" ] || die "apply did not create $n topics"
    # The controller answers once the topics are committed; the broker
    # serves them once it has created their logs: kcat -L until it lists
    # them all with a leader, then plan must be clean.
    until [ "$(kcat -b "$bootstrap" -L -J | jq --arg p "new$n-" '[.topics[] |
            select((.topic | startswith($p)) and (.partitions[0].leader // -1) >= 0)] | length')" = "$n" ]; do
        [ $(($(ms) - t1)) -lt 300000 ] || die "the topics are not all served 300 s after apply"
        sleep 0.5
    done
    t2=$(ms)
    "$cdcgen" topics plan --manifest "$tmp/m$n.json" --bootstrap-servers "$bootstrap" --timeout 120 \
        >"$tmp/plan$n.txt" 2>&1 || die "plan not clean after apply: $(tail -n 1 "$tmp/plan$n.txt")"
    printf '%-8s %12s %10s %16s\n' "$n" "$((t1 - t0))" \
        "$(jq .summary.createTopicsCalls "$tmp/apply$n.json")" "$((t2 - t0))"
done

# The old script: its preamble from git, then one line per topic.
old=$tmp/old-topics.sh
git -C "$root" show "$old_rev:generated/topics.sh" 2>/dev/null | sed '/^# source:/,$d' >"$old" ||
    die "cannot read generated/topics.sh at $old_rev (OLD_TOPICS_REV)"
grep -q 'kafka-topics.sh' "$old" || die "generated/topics.sh at $old_rev is not the old script"
for i in $(seq "$old_n"); do
    echo "topic 'old-$i' 1 1 'delete' 604800000" >>"$old"
done
mkdir -p "$tmp/bin"
cat >"$tmp/bin/kafka-topics.sh" <<EOF
#!/bin/sh
exec java -Xss1m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx128m \
    -Dlog4j2.configurationFile=$root/tests/e2e/log4j2.properties -cp "$kafka_classpath" \
    org.apache.kafka.tools.TopicCommand "\$@"
EOF
cp "$tmp/bin/kafka-topics.sh" "$tmp/bin/kafka-configs.sh"
chmod +x "$tmp/bin/"*.sh
t0=$(ms)
PATH="$tmp/bin:$PATH" KAFKA_BOOTSTRAP_SERVERS=$bootstrap sh "$old" >"$tmp/old.log" 2>&1 ||
    die "the old topics.sh failed ($(tail -n 3 "$tmp/old.log"))"
t1=$(ms)
per=$(((t1 - t0) / old_n))
echo
echo "old topics.sh ($old_rev, kafka-topics.sh per topic): $old_n topics in $((t1 - t0)) ms, $per ms per topic"
for n in $sizes; do
    echo "  extrapolated to $n topics: $((per * n / 1000)) s"
done

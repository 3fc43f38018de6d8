#!/usr/bin/env bash
# tests/topics/run.sh: `cdcgen topics plan|apply` and the generated topics.sh
# against a real Kafka broker (make check-topics).
#
# One throwaway broker (tests/lib.sh, kafka_start: KRaft, loopback, free
# ports, auto-creation off) logs every request it completes, so that the
# CreateTopics calls apply sends are counted by the broker, not by cdcgen.
# What the cluster holds is read with tools that are not cdcgen: kcat -L -J
# (topics, partitions, replicas) and Kafka's own ConfigCommand (topic
# configs). The seed project (tests/fixtures/seed-project/) declares the
# topics; hand-written manifests make the drifted topics.
#   plan on an empty cluster lists every declared topic (text, json, markdown), exit 1;
#   apply creates them all in one CreateTopics call (after one validate-only call);
#   plan afterwards is clean (exit 0); apply again sends no CreateTopics;
#   topics.sh holds topics.json and leaves a changed source topic's configs alone;
#   partition counts, replication factors and configs that differ are reported,
#   never changed without --alter-configs, partition counts never;
#   --alter-configs keeps the topic's other configs;
#   a topic the cluster refuses: none created, exit 2;
#   no broker, or one that never answers: exit 2 within the timeout;
#   secrets (KAFKA_API_SECRET, -X sasl.password, --kafka-config) never printed;
#   usage errors: exit 2.
# Usage: CDCGEN=build/release/cdcgen tests/topics/run.sh [--keep]
set -u -o pipefail
. "$(dirname "$0")/../lib.sh"
here=$root/tests/topics
[ "${1:-}" = --keep ] && keep=1
need_cdcgen "$root/build/release/cdcgen"
need_tools kcat jq java python3
scratch topics

kafka_start "$tmp/kafka" 384m "$here/log4j2.properties"
requests=$tmp/logs/kafka.log

# status_is EXPECTED COMMAND...: COMMAND's exit status; its output in out, err.
status_is() {
    local want=$1 got=0
    shift
    "$@" >"$tmp/out.txt" 2>"$tmp/err.txt" || got=$?
    [ "$got" = "$want" ] || { echo "exit $got, expected $want: $*" >&2; cat "$tmp/err.txt" >&2; return 1; }
}
# CreateTopics requests the broker completed (not those forwarded to its
# controller), real (false) or validate-only (true). The broker logs a
# request after its response is sent: the count is read once it has been
# the same for half a second (at most 10 s).
create_calls() {
    local n last=-1
    for _ in $(seq 20); do
        n=$(grep '"requestApiKeyName":"CREATE_TOPICS"' "$requests" | grep '"isForwarded":false' |
            grep -c "\"validateOnly\":$1" || true)
        [ "$n" = "$last" ] && break
        last=$n
        sleep 0.5
    done
    echo "$n"
}
# The cluster's topics as "name partitions replicas" lines, sorted (kcat).
cluster_topics() {
    kcat -b "$bootstrap" -L -J | jq -r '.topics[] | select(.topic | startswith("__") | not) |
        "\(.topic) \(.partitions | length) \(.partitions[0].replicas | length)"' | sort
}
# A topic's configs set on it, KEY=VALUE per line, sorted (Kafka's ConfigCommand).
topic_configs() {
    java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$kafka_classpath" \
        -Dlog4j2.configurationFile="$here/log4j2.properties" kafka.admin.ConfigCommand \
        --bootstrap-server "$bootstrap" --describe --entity-type topics --entity-name "$1" 2>/dev/null |
        sed -n 's/^  \([a-z.]*=[^ ]*\) sensitive=.*/\1/p' | sort
}
set_configs() { # set_configs TOPIC KEY=VALUE,...
    java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$kafka_classpath" \
        -Dlog4j2.configurationFile="$here/log4j2.properties" kafka.admin.ConfigCommand \
        --bootstrap-server "$bootstrap" --alter --entity-type topics --entity-name "$1" \
        --add-config "$2" >/dev/null 2>&1
}
# manifest FILE NAME:PARTITIONS:REPLICAS:KEY=VALUE,... ...: a topics.json.
manifest() {
    local file=$1 t name parts rf cfg
    shift
    for t in "$@"; do
        IFS=: read -r name parts rf cfg <<<"$t"
        jq -n --arg n "$name" --argjson p "$parts" --argjson r "$rf" --arg c "$cfg" \
            '{name: $n, partitions: $p, replicationFactor: $r,
              config: ($c | split(",") | map(select(. != "") | split("=") | {(.[0]): .[1]}) | add // {})}'
    done | jq -s '{formatVersion: 1, topics: .}' >"$file"
}

project=$tmp/project
cp -r "$root/tests/fixtures/seed-project" "$project"
seed_schema "$tmp" # the seed project's cdcgen.yaml names ../schema.yaml
cd "$project"
"$cdcgen" generate -o gen >/dev/null 2>&1 || die "cdcgen generate failed on the seed project"
declared=$(jq -r '.topics[] | "\(.name) \(.partitions) \(.replicationFactor)"' gen/topics.json | sort)
ndeclared=$(jq '.topics | length' gen/topics.json)
[ "$ndeclared" -gt 2 ] || die "the seed project's topics.json declares $ndeclared topics"
B=(--bootstrap-servers "$bootstrap")

# ---- an empty cluster ------------------------------------------------------------
check "plan on an empty cluster: exit 1" status_is 1 "$cdcgen" topics plan "${B[@]}"
check "plan lists every declared topic as missing" bash -c \
    "diff <(jq -r '.topics[].name' gen/topics.json | sort) \
          <(sed -n 's/^+ \([^:]*\): missing: .*/\1/p' '$tmp/out.txt' | sort)"
check "plan's summary counts them" grep -q "^topics plan: $bootstrap: $ndeclared declared, $ndeclared missing, 0 differ, 0 as declared$" "$tmp/out.txt"
status_is 1 "$cdcgen" topics plan "${B[@]}" --format json
cp "$tmp/out.txt" plan.json
check "plan --format json: every topic missing, with its declared settings" bash -c \
    "jq -e --slurpfile m gen/topics.json '
        .action == \"plan\" and .summary.missing == $ndeclared and .summary.left == $ndeclared and
        ([.topics[] | select(.exists | not)] | length) == $ndeclared and
        ([.topics[] | {name, p: .declared.partitions, r: .declared.replicationFactor, c: .declared.config}] ==
         [\$m[0].topics[] | {name, p: .partitions, r: .replicationFactor, c: .config}])' plan.json"
check "plan --format markdown: a row per missing topic" bash -c \
    "'$cdcgen' topics plan ${B[*]} --format markdown >md.out; test \$? = 1 &&
     test \$(grep -c '| missing |' md.out) = $ndeclared && grep -q '^### cdcgen topics plan' md.out"
check "plan sends no CreateTopics" test "$(create_calls false)$(create_calls true)" = 00

# ---- apply -------------------------------------------------------------------------
check "apply: exit 0" status_is 0 "$cdcgen" topics apply "${B[@]}"
check "apply says it created them all in one call" grep -q "^topics apply: .* $ndeclared created in 1 CreateTopics call, 0 altered, 0 refused, 0 as declared; 0 with a difference left$" "$tmp/out.txt"
check "the broker received one CreateTopics call (and one validate-only)" \
    test "$(create_calls false) $(create_calls true)" = "1 1"
check "kcat -L: every declared topic, with its partitions and replicas" test "$(cluster_topics)" = "$declared"
check "ConfigCommand: the source topic's configs as declared" \
    test "$(topic_configs raw-event-headers | grep -E '^(cleanup.policy|retention.ms)=')" = \
    "$(jq -r '.topics[0].config | to_entries[] | "\(.key)=\(.value)"' gen/topics.json | sort)"
check "plan afterwards: exit 0, all as declared" status_is 0 "$cdcgen" topics plan "${B[@]}"
check "plan afterwards prints only its summary" bash -c \
    "test \$(wc -l <'$tmp/out.txt') = 1 && grep -q ' 0 missing, 0 differ, $ndeclared as declared' '$tmp/out.txt'"
check "apply again: exit 0, nothing created" status_is 0 "$cdcgen" topics apply "${B[@]}"
check "apply again sends no CreateTopics" test "$(create_calls false)" = 1

# ---- topics.sh -----------------------------------------------------------------------
check "topics.sh holds topics.json, byte for byte" bash -c \
    "sed -n '/^exec .*<<.CDCGEN_TOPICS_MANIFEST.\$/,/^CDCGEN_TOPICS_MANIFEST\$/p' gen/topics.sh |
     sed '1d;\$d' | cmp - gen/topics.json"
check "topics.sh on the existing topics: exit 0" env CDCGEN="$cdcgen" KAFKA_BOOTSTRAP_SERVERS="$bootstrap" sh gen/topics.sh
set_configs raw-event-headers retention.ms=86400000,cleanup.policy=compact || die "ConfigCommand --alter failed"
check "topics.sh on a source topic whose configs changed: exit 1" \
    status_is 1 env CDCGEN="$cdcgen" KAFKA_BOOTSTRAP_SERVERS="$bootstrap" sh gen/topics.sh
check "topics.sh reports the configs it keeps" bash -c \
    "grep -q '^kept    raw-event-headers: retention.ms is 86400000 on the cluster, 604800000 declared (--alter-configs sets it)' '$tmp/out.txt' &&
     grep -q '^kept    raw-event-headers: cleanup.policy is compact on the cluster, delete declared' '$tmp/out.txt'"
check "ConfigCommand: the source topic's configs left as they were" \
    test "$(topic_configs raw-event-headers | tr '\n' ' ')" = "cleanup.policy=compact retention.ms=86400000 "
check "topics.sh refuses KAFKA_COMMAND_CONFIG: exit 2, said" bash -c \
    "KAFKA_COMMAND_CONFIG=x.properties CDCGEN='$cdcgen' sh gen/topics.sh >o 2>e; test \$? = 2 && grep -q -- --kafka-config e"
check "topics.sh --alter-configs sets them: exit 0" \
    status_is 0 env CDCGEN="$cdcgen" KAFKA_BOOTSTRAP_SERVERS="$bootstrap" sh gen/topics.sh --alter-configs
check "ConfigCommand: the source topic's configs as declared again" \
    test "$(topic_configs raw-event-headers | tr '\n' ' ')" = "cleanup.policy=delete retention.ms=604800000 "

# ---- drifted topics ------------------------------------------------------------------
manifest before.json drift-parts:3:1:cleanup.policy=delete drift-config:1:1:cleanup.policy=compact,retention.ms=1000,segment.bytes=1048576
manifest after.json drift-parts:1:1:cleanup.policy=delete drift-config:1:1:cleanup.policy=delete,retention.ms=604800000 \
    drift-new:2:1:cleanup.policy=delete
check "apply --manifest: the drifted topics as they were" status_is 0 "$cdcgen" topics apply "${B[@]}" --manifest before.json
check "plan of other settings: exit 1" status_is 1 "$cdcgen" topics plan "${B[@]}" --manifest after.json
check "plan reports the partition count" grep -qx '! drift-parts: 3 partitions on the cluster, 1 declared (never changed: more partitions move keys)' "$tmp/out.txt"
check "plan reports each config that differs" bash -c \
    "grep -qx '~ drift-config: cleanup.policy is compact on the cluster, delete declared' '$tmp/out.txt' &&
     grep -qx '~ drift-config: retention.ms is 1000 on the cluster, 604800000 declared' '$tmp/out.txt'"
check "plan reports the missing one" grep -q '^+ drift-new: missing: 2 partitions' "$tmp/out.txt"
check "plan json: the differences by kind" bash -c \
    "'$cdcgen' topics plan ${B[*]} --manifest after.json --format json | jq -e '
        (.topics[] | select(.name == \"drift-parts\") | .differences) == [{kind: \"partitions\", cluster: \"3\", declared: \"1\"}] and
        ([.topics[] | select(.name == \"drift-config\") | .differences[] | .key] | sort) == [\"cleanup.policy\", \"retention.ms\"] and
        .summary == {declared: 3, missing: 1, differ: 2, asDeclared: 0, left: 3}'"
manifest wider.json drift-parts:3:3:cleanup.policy=delete
check "plan reports a replication factor that differs" bash -c \
    "'$cdcgen' topics plan ${B[*]} --manifest wider.json >w.out; test \$? = 1 &&
     grep -qx '! drift-parts: replication factor 1 on the cluster, 3 declared (never changed: reassign replicas with Kafka'\"'\"'s tools)' w.out"
check "apply without --alter-configs: exit 1 (differences left)" status_is 1 "$cdcgen" topics apply "${B[@]}" --manifest after.json
check "apply created the missing one, kept the rest" bash -c \
    "grep -q '^created drift-new: 2 partitions' '$tmp/out.txt' && grep -q '^kept    drift-config: retention.ms' '$tmp/out.txt' &&
     grep -q '^left    drift-parts: 3 partitions' '$tmp/out.txt'"
check "kcat -L: partitions unchanged, the new topic there" \
    test "$(cluster_topics | grep '^drift-' | tr '\n' ' ')" = "drift-config 1 1 drift-new 2 1 drift-parts 3 1 "
check "ConfigCommand: configs unchanged without --alter-configs" \
    test "$(topic_configs drift-config | tr '\n' ' ')" = "cleanup.policy=compact retention.ms=1000 segment.bytes=1048576 "
check "apply --alter-configs: exit 1 (the partition count is left)" \
    status_is 1 "$cdcgen" topics apply "${B[@]}" --manifest after.json --alter-configs
check "apply --alter-configs says what it set" bash -c \
    "grep -qx 'altered drift-config: retention.ms set to 604800000 (was 1000)' '$tmp/out.txt' &&
     grep -q '^left    drift-parts: 3 partitions' '$tmp/out.txt'"
check "ConfigCommand: declared configs set, the topic's other configs kept" \
    test "$(topic_configs drift-config | tr '\n' ' ')" = "cleanup.policy=delete retention.ms=604800000 segment.bytes=1048576 "
check "kcat -L: the partition count still unchanged" \
    test "$(cluster_topics | grep '^drift-parts ')" = "drift-parts 3 1"

# ---- refused topics ------------------------------------------------------------------
calls=$(create_calls false)
manifest refused.json ok-topic:1:1: too-wide:1:3:
check "a topic the cluster refuses: exit 2" status_is 2 "$cdcgen" topics apply "${B[@]}" --manifest refused.json
check "the refusal is reported with the broker's reason" bash -c \
    "grep -q '^refused too-wide: INVALID_REPLICATION_FACTOR' '$tmp/out.txt' &&
     grep -q 'error: the cluster refused topic too-wide' '$tmp/err.txt'"
check "nothing created: no CreateTopics beyond the validation" test "$(create_calls false)" = "$calls"
check "nothing created: kcat -L shows neither topic" test "$(cluster_topics | grep -c -E '^(ok-topic|too-wide) ')" = 0

# ---- no broker -----------------------------------------------------------------------
dead=$(free_port)
check "no broker listening: exit 2 within 5 s" bash -c \
    "s=\$(date +%s); '$cdcgen' topics plan --bootstrap-servers 127.0.0.1:$dead >o 2>e; rc=\$?;
     test \$rc = 2 && test \$(( \$(date +%s) - s )) -le 5 &&
     grep -q 'error: no Kafka broker reachable at 127.0.0.1:$dead; last error: .*Connection refused' e && ! test -s o"
mute=$(free_port)
mute_listener mute "$mute"
check "a broker that never answers: exit 2 after --timeout" bash -c \
    "s=\$(date +%s); '$cdcgen' topics apply --bootstrap-servers 127.0.0.1:$mute --timeout 2 >o 2>e; rc=\$?;
     d=\$(( \$(date +%s) - s )); test \$rc = 2 && test \$d -ge 2 && test \$d -le 8 &&
     grep -q 'no Kafka broker answered at 127.0.0.1:$mute within 2 s (--timeout)' e"
check "KAFKA_BOOTSTRAP_SERVERS is read" bash -c \
    "KAFKA_BOOTSTRAP_SERVERS=$bootstrap '$cdcgen' topics plan >/dev/null"
check "--bootstrap-servers wins over KAFKA_BOOTSTRAP_SERVERS" bash -c \
    "KAFKA_BOOTSTRAP_SERVERS=$bootstrap '$cdcgen' topics plan --bootstrap-servers 127.0.0.1:$dead >/dev/null 2>&1; test \$? = 2"
printf 'kafka:\n  bootstrap_servers: "%s"\n' "$bootstrap" >"$tmp/project.yaml"
check "kafka.bootstrap_servers of cdcgen.yaml is read" "$cdcgen" topics plan -c "$tmp/project.yaml"

# ---- secrets -------------------------------------------------------------------------
secret=s3cr3t-$RANDOM$RANDOM
printf '# librdkafka properties\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanisms=PLAIN\nsasl.username=user\nsasl.password=%s\n' \
    "$secret" >client.properties
no_secret() { ! grep -q -- "$secret" "$tmp/out.txt" "$tmp/err.txt"; }
check "KAFKA_API_KEY/SECRET (SASL_SSL) against a plaintext broker: exit 2" \
    status_is 2 env KAFKA_API_KEY=key-1 KAFKA_API_SECRET="$secret" "$cdcgen" topics plan "${B[@]}" --timeout 5
check "... the secret not printed" no_secret
check "KAFKA_API_KEY without KAFKA_API_SECRET: exit 2, said" bash -c \
    "KAFKA_API_KEY=k '$cdcgen' topics plan ${B[*]} 2>&1 >/dev/null | grep -q 'KAFKA_API_SECRET is not'"
check "--kafka-config with SASL against a plaintext broker: exit 2" \
    status_is 2 "$cdcgen" topics plan "${B[@]}" --kafka-config client.properties --timeout 5
check "... the secret not printed" no_secret
check "-X sasl.password=... with debug logging: exit 2" \
    status_is 2 "$cdcgen" topics plan "${B[@]}" -X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN \
    -X sasl.username=u -X "sasl.password=$secret" -X log_level=7 -X debug=conf,security --timeout 5
check "... the secret not printed" no_secret
check "an unknown property holding a secret: exit 2, named, its value not printed" bash -c \
    "'$cdcgen' topics plan ${B[*]} -X 'sasl.passwrd=$secret' >o 2>e; test \$? = 2 &&
     grep -q \"unknown librdkafka property 'sasl.passwrd'\" e && ! grep -q '$secret' o e"
check "a property file line without '=': exit 2, located" bash -c \
    "printf 'bootstrap.servers\n' >bad.properties; '$cdcgen' topics plan --kafka-config bad.properties 2>&1 >/dev/null |
     grep -q 'bad.properties:1: expected KEY=VALUE'"

# ---- usage ---------------------------------------------------------------------------
check "no action: exit 2" status_is 2 "$cdcgen" topics "${B[@]}"
check "unknown action: exit 2" status_is 2 "$cdcgen" topics show "${B[@]}"
check "--alter-configs with plan: exit 2" status_is 2 "$cdcgen" topics plan --alter-configs "${B[@]}"
check "--timeout not a number: exit 2" status_is 2 "$cdcgen" topics plan --timeout soon "${B[@]}"
check "--format sarif: exit 2" status_is 2 "$cdcgen" topics plan --format sarif "${B[@]}"
check "--manifest and a PATH: exit 2" status_is 2 "$cdcgen" topics plan --manifest gen/topics.json filters "${B[@]}"
check "--manifest not a manifest: exit 2, said" bash -c \
    "echo '{\"topics\": [{\"name\": \"a b\"}]}' >bad.json; '$cdcgen' topics plan --manifest bad.json ${B[*]} 2>&1 >/dev/null |
     grep -q 'bad.json: topics\[0\]: \"name\" must be a Kafka topic name'; test \$? = 0"
check "--manifest missing: exit 2" status_is 2 "$cdcgen" topics plan --manifest nowhere.json "${B[@]}"
mkdir -p broken/filters
printf 'version: 1\nfilters:\n  - id: x\n' >broken/filters/x.yaml
check "filters that do not compile: exit 2, diagnostics, no report" bash -c \
    "'$cdcgen' topics plan broken/filters ${B[*]} >o 2>e; test \$? = 2 && grep -q 'error:' e && ! test -s o"
check "--manifest - reads standard input" bash -c "'$cdcgen' topics plan --manifest - ${B[*]} <gen/topics.json >/dev/null"

echo "topics: $pass passed, $fail failed"
[ "$fail" = 0 ]

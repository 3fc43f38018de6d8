#!/usr/bin/env bash
# tests/cluster/run.sh: `cdcgen rollout --cluster [--apply]` against the real
# systems it reads and changes (make check-cluster).
#
# On loopback, free ports, a scratch directory, all stopped at exit (also on
# failure or a signal): a Kafka broker (tests/lib.sh kafka_start), a
# PostgreSQL (pg_start) holding the seed's table, a Kafka Connect standalone
# worker running Debezium with a config that differs from the generated
# one (a key changed, one missing, one extra, the password literal instead
# of ${env:DB_PASSWORD}), and a Flink 1.20 session MiniCluster with its REST
# API (tests/flink/run-sql --rest-port) running the generated flink.sql.
# The source topic exists with another retention; the filtered ones do not.
# What the systems hold is read with tools that are not cdcgen: kcat (topics),
# curl and jq on the REST APIs, the savepoint's files on disk.
#   plan (text, json, markdown, sarif): every difference, exit 1, nothing changed;
#   --against BASE: the job replaced when the change reaches Flink, kept otherwise;
#   the literal password never printed, nor REST credentials;
#   --apply: the missing topics created, the connector's config put (read back
#   equal to the generated one, the connector running again), the job stopped
#   with a savepoint whose _metadata exists; exit 1 for the steps left by hand;
#   afterwards topics and connector are clean: exit 0;
#   the submission --apply printed, run with exactly its arguments by Flink
#   1.20's SQL client: a new job RUNNING on the session cluster (then
#   cancelled); likewise the fan-out layout's, which ships cdcgen-flink.jar
#   with --jar; with a wrong port, the refusal and no job;
#   Connect or Flink unreachable, or mute: exit 2 within the time limit;
#   usage errors: exit 2.
# Usage: CDCGEN=build/release/cdcgen tests/cluster/run.sh [--keep]
set -u -o pipefail
. "$(dirname "$0")/../lib.sh"
here=$root/tests/cluster
[ "${1:-}" = --keep ] && keep=1
need_cdcgen "$root/build/release/cdcgen"
need_tools kcat jq curl java python3 node
scratch cluster
mkdir -p "$tmp/logs"

logs_on_failure

# status_is EXPECTED COMMAND...: COMMAND's exit status; its output in out.txt, err.txt.
status_is() {
    local want=$1 got=0
    shift
    "$@" >"$tmp/out.txt" 2>"$tmp/err.txt" || got=$?
    [ "$got" = "$want" ] || { echo "exit $got, expected $want: $*" >&2; cat "$tmp/out.txt" "$tmp/err.txt" >&2; return 1; }
}
# within SECONDS COMMAND...: COMMAND ends within SECONDS (whatever its status).
within() {
    local limit=$1 t0 t1
    shift
    t0=$(date +%s%N)
    "$@" >"$tmp/out.txt" 2>"$tmp/err.txt" || true
    t1=$(date +%s%N)
    [ $(( (t1 - t0) / 1000000 )) -le $(( limit * 1000 )) ] ||
        { echo "took $(( (t1 - t0) / 1000000 )) ms, more than $limit s" >&2; return 1; }
}
# await SECONDS COMMAND...: until COMMAND succeeds; 1 when SECONDS pass first.
await() {
    local deadline=$(( $(date +%s) + $1 ))
    shift
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.5
    done
}

# ---- the systems -----------------------------------------------------------------
kafka_start "$tmp/kafka" 384m
kafka_env

pg_port=$(free_port)
pg_start "$tmp/pg" "$tmp/logs/postgres.log" "--auth-local=trust --auth-host=scram-sha-256" \
    "-p $pg_port -c listen_addresses=127.0.0.1 -c wal_level=logical -c max_wal_senders=4 \
    -c max_replication_slots=4 -c fsync=off"
db_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
psql=("$pg_bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_socket" -p "$pg_port")
{ "${psql[@]}" -U postgres -d postgres -c "CREATE ROLE cdc LOGIN REPLICATION PASSWORD '$db_password'" \
      -c "CREATE DATABASE events OWNER cdc" &&
  "${psql[@]}" -U cdc -d events -c "CREATE TABLE event_headers (id VARCHAR(255) PRIMARY KEY,
      event_name VARCHAR(255) NOT NULL, event_type VARCHAR(255), created_date TIMESTAMPTZ,
      saved_date TIMESTAMPTZ, header_data JSONB NOT NULL)"; } >"$tmp/logs/psql.log" 2>&1 ||
    die "setting up PostgreSQL failed (logs/psql.log)"

# The seed project, its addresses this run's; checkpoints every second.
project=$tmp/project
cp -r "$root/tests/fixtures/seed-project" "$project"
seed_schema "$project"
cat >"$project/cdcgen.yaml" <<YAML
kafka:
  bootstrap_servers: "$bootstrap"
flink:
  checkpoint_interval: 1s
database:
  hostname: 127.0.0.1
  port: "$pg_port"
YAML
cd "$project"
"$cdcgen" generate -o gen >/dev/null 2>&1 || die "cdcgen generate failed on the seed project"
source_topic=$(jq -r '.topics[] | select(.role == "source") | .name' gen/topics.json)
ndeclared=$(jq '.topics | length' gen/topics.json)
connector=$(jq -r .name gen/connect-debezium.json)
[ -n "$source_topic" ] && [ "$ndeclared" -gt 2 ] || die "unexpected gen/topics.json"

# The source topic exists, retention 1 h instead of the declared one.
jq --arg s "$source_topic" '{formatVersion: 1, topics: [.topics[] | select(.name == $s) |
    .config["retention.ms"] = "3600000"]}' gen/topics.json >source-only.json
"$cdcgen" topics apply --manifest source-only.json --bootstrap-servers "$bootstrap" \
    >"$tmp/logs/topics.log" 2>&1 || die "creating the source topic failed (logs/topics.log)"

# Kafka Connect with Debezium: the generated connector, changed.
connect_port=$(free_port)
jq --arg pw "$db_password" '.config["tombstones.on.delete"] = "true" |
    del(.config["decimal.handling.mode"]) | .config["heartbeat.interval.ms"] = "60000" |
    .config["database.password"] = $pw' gen/connect-debezium.json >live-connector.json
cat >worker.properties <<EOF2
bootstrap.servers=$bootstrap
listeners=http://127.0.0.1:$connect_port
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.storage.file.filename=$tmp/connect-offsets
offset.flush.interval.ms=1000
plugin.discovery=only_scan
config.providers=env
config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider
EOF2
DB_PASSWORD=$db_password spawn connect "${kafka_jvm[@]}" -Xmx384m -cp "$kafka_cp" \
    org.apache.kafka.connect.cli.ConnectStandalone worker.properties live-connector.json
connect=http://127.0.0.1:$connect_port
connector_running() {
    curl -fsS "$connect/connectors/$connector/status" |
        jq -e '.connector.state == "RUNNING" and ([.tasks[].state] == ["RUNNING"])'
}

# Flink 1.20, a session MiniCluster with its REST API, running the generated flink.sql.
flink_port=$(free_port)
FLINK_HEAP=512m spawn flink "$root/tests/flink/run-sql" gen/flink.sql --flink 1.20 \
    --rest-port "$flink_port" --ready-file "$tmp/flink.ready" --log "$tmp/logs/flink-engine.log"
flink=http://127.0.0.1:$flink_port

await 120 connector_running || die "the connector did not run (logs/connect.log)"
await 240 test -s "$tmp/flink.ready" || die "the Flink job did not start (logs/flink.log)"
job=$(head -n 1 "$tmp/flink.ready")
completed_checkpoint() {
    curl -fsS "$flink/jobs/$job/checkpoints" | jq -e '.latest.completed.id >= 1'
}
await 60 completed_checkpoint || die "the Flink job completed no checkpoint"
echo "cluster: Kafka, PostgreSQL, Kafka Connect and Flink up after $SECONDS s"

R=(--cluster --bootstrap-servers "$bootstrap" --connect-url "$connect" --flink-url "$flink" --timeout 20)
topics_now() { kcat -b "$bootstrap" -L -J | jq -r '[.topics[].topic | select(startswith("__") | not)] | sort | join(" ")'; }
live_config() { curl -fsS "$connect/connectors/$connector/config" | jq -S 'del(.name)'; }
export bootstrap connect connector flink job
export -f topics_now live_config
topics_before=$(topics_now)
config_before=$(live_config)

# ---- the plan ----------------------------------------------------------------------
check "plan: exit 1 (steps pending)" status_is 1 "$cdcgen" rollout "${R[@]}"
cp "$tmp/out.txt" plan.txt
cp "$tmp/err.txt" plan.err
check "plan: the topics' summary" grep -q "^topics ($bootstrap): $ndeclared declared, $((ndeclared - 1)) missing, 1 differ, 0 as declared$" plan.txt
check "plan: a creation step per missing topic" test "$(grep -c '^  apply   topics: create topic ' plan.txt)" = $((ndeclared - 1))
check "plan: the source topic's retention, left to topics apply --alter-configs" \
    grep -q "^  by hand topics: topic $source_topic: retention.ms is 3600000 on the cluster" plan.txt
check "plan: the connector's state and its differences" \
    grep -q "^connector $connector ($connect): RUNNING, task 0 RUNNING; 4 keys differ$" plan.txt
check "plan: a changed key" grep -q '^  ~ tombstones.on.delete: "true" on the cluster, generated "false"$' plan.txt
check "plan: a missing key" grep -q '^  + decimal.handling.mode: missing, generated "string"$' plan.txt
check "plan: an extra key" grep -q '^  - heartbeat.interval.ms: "60000" on the cluster, not generated$' plan.txt
check "plan: the literal password masked, the reference as text" \
    grep -qF '  ~ database.password: "(hidden)" on the cluster, generated "${env:DB_PASSWORD}"' plan.txt
check "plan: the password is nowhere" sh -c "! grep -qF '$db_password' plan.txt plan.err"
check "plan: the job, running since, with its last checkpoint" \
    grep -q "^flink job 'cdcgen $source_topic' ($flink): RUNNING since 20[0-9-]*T[0-9:]*Z (job $job), last completed checkpoint [1-9][0-9]* at " plan.txt
check "plan: without --replace-job the running job stays" sh -c "! grep -q 'stop job' plan.txt"
check "plan: one finding per step, located at the system" bash -c \
    "test \$(grep -c ': error: .* \[cluster-topic\]$' plan.err) = $ndeclared &&
     test \$(grep -c '^$connect: error: .* \[cluster-connector\]$' plan.err) = 1"

status_is 1 "$cdcgen" rollout "${R[@]}" --replace-job --format json
cp "$tmp/out.txt" plan.json
check "plan --format json: the connector's differences, as jq finds them" bash -c "
    diff <(jq -r '.connector.differences[].key' plan.json | sort) \
         <(jq -rn --slurpfile g gen/connect-debezium.json --slurpfile l live-connector.json \
             '(\$g[0].config | to_entries) as \$g | (\$l[0].config | to_entries) as \$l |
              ([\$g[] | select(. as \$e | (\$l | from_entries)[\$e.key] != \$e.value) | .key] +
               [\$l[] | select(. as \$e | (\$g | from_entries) | has(\$e.key) | not) | .key]) | .[]' | sort)"
check "plan --format json: the job as Flink's REST API has it" bash -c "
    jq -e --arg j '$job' '.flinkJob.id == \$j and .flinkJob.state == \"RUNNING\" and .flinkJob.activeJobs == 1
        and .flinkJob.lastCheckpoint.id >= 1 and .topics.missing == $((ndeclared - 1))' plan.json"
check "plan --format json: --replace-job adds the stop (apply) and the submission (by hand)" bash -c "
    jq -e '[.steps[] | select(.system == \"flink\") | .by] == [\"apply\", \"hand\"] and
        (.steps[] | select(.by == \"hand\" and .system == \"flink\") | .command | test(\"sql-client.sh\"))' plan.json"
check "plan --format markdown: a row per step" bash -c "
    '$cdcgen' rollout ${R[*]} --format markdown >md.out; test \$? = 1 &&
    grep -q '^### cdcgen rollout --cluster$' md.out &&
    test \$(grep -c '| pending |' md.out) = \$(grep -c ': error: .* \[cluster-[a-z]*\]$' plan.err)"
check "plan --format sarif: the steps as results" bash -c "
    '$cdcgen' rollout ${R[*]} --format sarif >plan.sarif 2>/dev/null; test \$? = 1 &&
    jq -e '[.runs[0].results[].ruleId] | (map(select(. == \"cluster-topic\")) | length) == $ndeclared
        and index(\"cluster-connector\") != null' plan.sarif"
check "plan --format sarif: the log passes SARIF Multitool" sarif_valid plan.sarif
# --against BASE: the job is replaced when the change reaches Flink's section.
mkdir -p "$tmp/base" && cp -r filters cdcgen.yaml schema.yaml "$tmp/base/" &&
    rm "$(ls "$tmp"/base/filters/*.yaml | grep -v '\.test\.yaml$' | head -n 1)"
check "--against a base without one filter: the job is to be replaced" bash -c "
    '$cdcgen' rollout ${R[*]} --against '$tmp/base' --format json >against.json; test \$? = 1 &&
    test \"\$(jq -c '[.steps[] | select(.system == \"flink\") | .by]' against.json)\" = '[\"apply\",\"hand\"]'"
check "--against the same version: the job stays" bash -c "
    '$cdcgen' rollout ${R[*]} --against . --format json >same.json; test \$? = 1 &&
    test \"\$(jq -c '[.steps[] | select(.system == \"flink\")] | length' same.json)\" = 0"
check "plan changed no topic" test "$(topics_now)" = "$topics_before"
check "plan changed no connector config" test "$(live_config)" = "$config_before"
check "plan left the job running" bash -c "curl -fsS '$flink/jobs/$job' | jq -e '.state == \"RUNNING\"'"
check "REST credentials never printed" bash -c "
    CONNECT_REST_AUTH=ops:hunter22 FLINK_REST_AUTH=ops:hunter23 '$cdcgen' rollout ${R[*]} >c.out 2>&1
    test \$? = 1 && ! grep -q hunter2 c.out"
check "a URL's password never printed" bash -c "
    '$cdcgen' rollout --cluster --bootstrap-servers '$bootstrap' --connect-url http://ops:hunter24@127.0.0.1:1 --timeout 5 >c.out 2>&1
    test \$? = 2 && grep -q 'http://127.0.0.1:1/connectors' c.out && ! grep -q hunter24 c.out"

# ---- apply -------------------------------------------------------------------------
savepoints=$tmp/savepoints
check "apply: exit 1 (steps left by hand)" status_is 1 "$cdcgen" rollout "${R[@]}" --replace-job --apply \
    --savepoint-dir "file://$savepoints"
cp "$tmp/out.txt" apply.txt
cp "$tmp/err.txt" apply.err
check "apply printed the plan first" bash -c "grep -n '^plan (nothing has been changed):' apply.txt | cut -d: -f1 |
    xargs -I{} sh -c 'test {} -lt \$(grep -n \"^steps:\" apply.txt | cut -d: -f1)'"
check "apply: every declared topic exists now (kcat)" bash -c "
    diff <(jq -r '.topics[].name' gen/topics.json | sort) <(topics_now | tr ' ' '\n' | sort)"
check "apply: the source topic's retention left as it was" grep -q "^  by hand topics: topic $source_topic: retention.ms" apply.txt
check "apply: Connect holds the generated config (curl)" bash -c "
    diff <(live_config) <(jq -S .config gen/connect-debezium.json)"
check "apply: the connector runs again with it" await 90 connector_running
savepoint=$(sed -n 's/^  done    flink: stop job .* savepoint \(.*\)$/\1/p' apply.txt)
check "apply: the job was stopped with a savepoint" test -n "$savepoint"
check "apply: the savepoint is on disk (its _metadata)" test -f "${savepoint#file:}/_metadata"
check "apply: the savepoint is in --savepoint-dir" test "${savepoint#file:}" != "${savepoint#file:"$savepoints"/}"
check "apply: Flink has the job FINISHED" bash -c "curl -fsS '$flink/jobs/$job' | jq -e '.state == \"FINISHED\"'"
check "apply: the submission printed to paste" grep -q '^  by hand flink: submit the generated flink.sql' apply.txt
check "apply: the steps with an API done, 2 left" grep -q "^rollout --cluster --apply: $((ndeclared - 1 + 2)) steps done, 2 left$" apply.txt
check "apply: the password is nowhere" sh -c "! grep -qF '$db_password' apply.txt apply.err"

# ---- afterwards ---------------------------------------------------------------------
"$cdcgen" topics apply --alter-configs --bootstrap-servers "$bootstrap" >/dev/null 2>&1
check "topics and connector as generated: exit 0" status_is 0 "$cdcgen" rollout --cluster \
    --bootstrap-servers "$bootstrap" --connect-url "$connect"
check "... and says so" grep -q "^connector $connector ($connect): RUNNING, task 0 RUNNING; 0 keys differ$" "$tmp/out.txt"
check "the stopped job: a plan to submit flink.sql, exit 1" status_is 1 "$cdcgen" rollout --cluster \
    --bootstrap-servers "$bootstrap" --flink-url "$flink"
check "... naming the job's last state" grep -q "no job 'cdcgen $source_topic' runs (the last one is FINISHED)" "$tmp/out.txt"

# ---- the printed submission, on Flink's SQL client ---------------------------------
# The command --apply printed to paste, split by the shell as a paste would be
# (its comment dropped), run with exactly its arguments by Flink 1.20's SQL
# client (tests/flink/sql-client: org.apache.flink.table.client.SqlClient in
# embedded mode). The one difference from the paste is how the JVM starts:
# bin/sql-client.sh is a launcher of Flink's distribution, which is not on
# Maven Central, so the client runs on Maven Central's jars at the harness's
# Flink version. Its conf/config.yaml names a JobManager that is not there:
# only the printed -D options can reach the session cluster. It fails fast
# (rest.retry.max-attempts 0), for the wrong port below.
submit=$(sed -n 's/^ *\$ \("\$FLINK_HOME\/bin\/sql-client\.sh" .*\)$/\1/p' apply.txt | head -n 1)
FLINK_HOME=/opt/flink-not-installed
eval "printed=($submit"$'\n'")"
check "apply: the submission names the JobManager, as a paste splits it" \
    test "${printed[*]}" = "$FLINK_HOME/bin/sql-client.sh -Drest.address=127.0.0.1 -Drest.port=$flink_port -f generated/flink.sql"
"$cdcgen" generate >/dev/null 2>&1 || die "cdcgen generate failed"
sql_conf=$tmp/flink-conf
mkdir -p "$sql_conf"
printf 'rest.address: 127.0.0.1\nrest.port: %s\nrest.retry.max-attempts: 0\n' "$(free_port)" >"$sql_conf/config.yaml"
# sql_client ARG...: the client with these arguments, its output in sql-client.out.
sql_client() {
    FLINK_CONF_DIR=$sql_conf FLINK_HEAP=384m run_group timeout 300 "$root/tests/flink/sql-client" \
        --log "$tmp/logs/sql-client-flink.log" -- "$@" >sql-client.out 2>&1
}
jobs_now() { curl -fsS "$flink/jobs/overview" | jq -r '[.jobs[].jid] | sort | join(" ")'; }
# the one job that was not there before, named as pipeline.name says, every task running
new_job() {
    curl -fsS "$flink/jobs/overview" | jq -er --arg n "cdcgen $source_topic" --arg before "$1" '
        [.jobs[] | select((.jid | IN($before | split(" ")[])) | not)] as $new |
        select(($new | length) == 1) | $new[0] |
        select(.name == $n and .state == "RUNNING" and .tasks.running == .tasks.total) | .jid'
}
# submits_job WHAT ARG...: the client with these arguments submits a job, a
# new job 'cdcgen <source topic>' RUNNING on the session cluster, cancelled then.
submits_job() {
    local what=$1 before new
    shift
    before=$(jobs_now)
    sql_client "$@"
    check "$what: the SQL client submitted the job" grep -q 'SQL update statement has been successfully submitted to the cluster' sql-client.out
    check "... a new job 'cdcgen $source_topic' RUNNING on the session cluster (REST)" await 60 new_job "$before"
    new=$(new_job "$before")
    [ -n "$new" ] && curl -fsS -X PATCH "$flink/jobs/$new?mode=cancel" >/dev/null
    check "... cancelled at the end" await 60 bash -c "curl -fsS '$flink/jobs/$new' | jq -e '.state == \"CANCELED\"'"
}
t_sql=$SECONDS
submits_job "the printed submission" "${printed[@]:1}"
# The fan-out layout's flink.sql calls the routing function of
# cdcgen-flink.jar: the command ships it with --jar, found beside the cdcgen
# on PATH as make install lays them out (here a prefix of links to this
# cdcgen and to the jar make install installs). The client plans the job:
# without the jar it fails (ClassNotFoundException: org.cdcgen.flink.RouteFunction).
mkdir -p fanout "$tmp/prefix/bin" "$tmp/prefix/share/cdcgen" && cp -r filters schema.yaml fanout/ &&
    sed 's/^flink:$/flink:\n  layout: fan-out/' cdcgen.yaml >fanout/cdcgen.yaml &&
    ln -s "$cdcgen" "$tmp/prefix/bin/cdcgen" &&
    ln -s "$root/runtime/flink/target/cdcgen-flink.jar" "$tmp/prefix/share/cdcgen/cdcgen-flink.jar" ||
    die "setting up the fan-out project failed"
cd fanout
"$cdcgen" generate >/dev/null 2>&1 && grep -q 'Layout: fan-out' generated/flink.sql || die "cdcgen generate failed (fan-out)"
"$cdcgen" rollout --cluster --bootstrap-servers "$bootstrap" --flink-url "$flink" --format json >plan.json 2>/dev/null
submit=$(jq -r '.steps[] | select(.system == "flink" and .by == "hand") | .command' plan.json | grep -m 1 'sql-client\.sh')
PATH=$tmp/prefix/bin:$PATH eval "fanout_printed=($submit"$'\n'")"
check "fan-out: the submission ships cdcgen-flink.jar (--jar, beside cdcgen)" \
    test "${fanout_printed[*]:1:2}" = "--jar $tmp/prefix/bin/../share/cdcgen/cdcgen-flink.jar"
submits_job "fan-out" "${fanout_printed[@]:1}"
cd ..

# A wrong port: the client reports the refused connection and nothing runs,
# neither on the cluster nor in a local Flink of its own. (Its exit status
# says nothing: 0, see tests/flink/sql-client.)
wrong=("${printed[@]:1}")
wrong=("${wrong[@]/#-Drest.port=*/-Drest.port=$(free_port)}")
jobs_before=$(jobs_now)
sql_client "${wrong[@]}"
check "a wrong port: the client says the JobManager refused" bash -c "
    grep -q 'Could not execute SQL statement' sql-client.out && grep -q 'Connection refused' sql-client.out &&
    ! grep -q 'successfully submitted' sql-client.out"
check "... and no job was added" test "$(jobs_now)" = "$jobs_before"
echo "cluster: the SQL client's three runs took $((SECONDS - t_sql)) s"

# ---- R undefined: the stopped job's group committed nothing -------------------------------
# The generated job again; the config --apply reads names a group that never
# committed (the job commits to its own), as a job stopped before its first
# checkpoint leaves it: --apply stops the job, then refuses to go on. A
# partition without records needs no offset, so the source gets one (kcat).
echo '{"id":"r1","event_type":"LoanCreated","__op":"c"}' |
    kcat -P -b "$bootstrap" -t "$source_topic" -p 0 || die "kcat could not produce into $source_topic"
flink2_port=$(free_port)
FLINK_HEAP=512m spawn flink2 "$root/tests/flink/run-sql" gen/flink.sql --flink 1.20 \
    --rest-port "$flink2_port" --ready-file "$tmp/flink2.ready" --log "$tmp/logs/flink2-engine.log"
await 240 test -s "$tmp/flink2.ready" || die "the second Flink job did not start (logs/flink2.log)"
job2=$(head -n 1 "$tmp/flink2.ready")
# running (a savepoint needs every task up): a checkpoint completed
await 60 bash -c "curl -fsS 'http://127.0.0.1:$flink2_port/jobs/$job2/checkpoints' | jq -e '.latest.completed.id >= 1'" ||
    die "the second Flink job completed no checkpoint"
mkdir -p nocommit && cp -r schema.yaml filters nocommit/
sed 's/^kafka:$/kafka:\n  group_id: never-committed/' cdcgen.yaml >nocommit/cdcgen.yaml
check "R undefined: --apply stops the job, then exit 2" bash -c "cd nocommit &&
    '$cdcgen' rollout --cluster --bootstrap-servers '$bootstrap' --flink-url 'http://127.0.0.1:$flink2_port' \
        --replace-job --apply --savepoint-dir 'file://$tmp/savepoints2' --timeout 20 >../nc.out 2>../nc.err; test \$? = 2"
check "... saying R is undefined, the group and what to do" bash -c "
    grep -q 'group never-committed committed no offset on $source_topic partition 0, holding records, so R, where the new job starts, is undefined' nc.err &&
    grep -q 'wait until a checkpoint completes' nc.err"
check "... the stop marked FAILED, not done" grep -q '^  FAILED  flink: stop job' nc.out

# ---- unreachable, mute, wrong ------------------------------------------------------------
closed=$(free_port)
check "Connect unreachable: exit 2" status_is 2 "$cdcgen" rollout --cluster --bootstrap-servers "$bootstrap" \
    --connect-url "http://127.0.0.1:$closed" --timeout 5
check "... with the URL and the reason" grep -q "error: kafka connect: GET http://127.0.0.1:$closed/connectors/$connector/config: .*onnect" "$tmp/err.txt"
check "... and no plan" grep -q '^no plan: a system could not be read' "$tmp/out.txt"
check "Flink unreachable: exit 2" status_is 2 "$cdcgen" rollout --cluster --bootstrap-servers "$bootstrap" \
    --flink-url "http://127.0.0.1:$closed" --timeout 5
check "--apply against an unreachable Flink changes nothing" bash -c "
    '$cdcgen' rollout --cluster --apply --bootstrap-servers '$bootstrap' --connect-url '$connect' \
        --flink-url 'http://127.0.0.1:$closed' --timeout 5 >/dev/null 2>&1; test \$? = 2"
# A server that accepts connections and never answers.
mute_port=$(free_port)
mute_listener mute "$mute_port"
check "a mute Connect: exit 2 within the timeout" within 8 "$cdcgen" rollout --cluster \
    --bootstrap-servers "$bootstrap" --connect-url "http://127.0.0.1:$mute_port" --timeout 2
check "... exit 2, 'no answer within 2 s'" bash -c "
    '$cdcgen' rollout --cluster --bootstrap-servers '$bootstrap' --flink-url 'http://127.0.0.1:$mute_port' --timeout 2 >/dev/null 2>c.err
    test \$? = 2 && grep -q 'GET http://127.0.0.1:$mute_port/jobs/overview: no answer within 2 s' c.err"
check "not a URL: exit 2" status_is 2 "$cdcgen" rollout --cluster --bootstrap-servers "$bootstrap" --connect-url ftp://x
check "--apply without --cluster: exit 2" status_is 2 "$cdcgen" rollout --apply
check "rollout without --cluster: exit 2" status_is 2 "$cdcgen" rollout
check "--timeout 0: exit 2" status_is 2 "$cdcgen" rollout --cluster --timeout 0
check "a bad connector.connect_url in cdcgen.yaml: exit 2, located" bash -c "
    mkdir -p bad && cp schema.yaml bad/ && cp -r filters bad/ &&
    printf 'connector:\n  connect_url: \"http://u:p@h:1\"\n' >bad/cdcgen.yaml &&
    cd bad && '$cdcgen' rollout --cluster >../c.out 2>&1; test \$? = 2 && grep -q 'cdcgen.yaml:2:16: error: .*connect_url' ../c.out"
check "filters that do not compile: exit 2, nothing read" bash -c "
    mkdir -p broken && printf 'version: 1\nfilters: [x]\n' >broken/f.yaml &&
    '$cdcgen' rollout --cluster --bootstrap-servers 127.0.0.1:1 broken >/dev/null 2>&1; test \$? = 2"

echo "cluster: $pass passed, $fail failed ($SECONDS s)"
[ "$fail" -eq 0 ]

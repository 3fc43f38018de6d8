# tests/e2e/rollout.sh: the rollout stage of make e2e, sourced by
# tests/e2e/run.sh after tests/e2e/stack.sh. A filter change reaches the
# running pipeline under load without losing an event:
#
#   tests/e2e/filters/ (v1, running) --cdcgen rollout--> tests/e2e/filters-v2/
#
# While a writer keeps inserting rows (rows-load.sql, a tick at a time), each
# engine is switched over by the steps of the plan `cdcgen rollout --against
# ../v1` writes for it (the base a directory holding v1: no git needed), one
# function per kind of step below, the engines side by side (rollout_switch);
# the plan's commands run as written where the harness has the tool they
# name (cdcgen topics, curl against Flink's REST API, cdcgen backfill), and
# through the harness's stand-ins where it has not (tests/flink/run-sql for
# Flink's SQL client, the Kafka Streams runtime's jar for cdcgen-kstreams).
# Then E2eTool
# compare-split holds every filtered topic of each engine to cdcgen eval over
# the whole raw-event-headers, with the old filters before R (the engine's
# consumer group's committed offsets once its old version stopped) and the
# new ones from R, plus the backfills the plan ran.
#
#   rollout_stage ENGINE...   the whole stage; counts $passed and $failed
#
# Uses run.sh's $tmp, $cdcgen, $bootstrap, $seed_filters, $here, engine_gen,
# say, and stack.sh's engine_start, engine_await, engine_stop, tool.

# The kinds of change between filters/ and filters-v2/ (filters-v2/e2e.yaml's
# header), as cdcgen diff and rollout name them; every other filter is
# unchanged.
declare -A rollout_kinds=(
    [e2e-level-high]=added [e2e-type-null]=removed [e2e-amount-between]=narrowed
    [e2e-qty-less]=widened [e2e-dealer]=topic
)

# The consumer group each engine commits its offsets as (run.sh's generate).
rollout_group() {
    case $1 in
        flink-1.20) echo e2e-flink ;;
        flink-2) echo e2e-flink2 ;;
        kstreams) echo e2e-streams ;;
    esac
}

# The plan's section of an engine.
rollout_section() {
    case $1 in
        kstreams) echo kstreams ;;
        *) echo flink ;;
    esac
}

# rollout_project ENGINE|GEN VERSION: the project directory of a version, as
# a user keeps it: cdcgen.yaml, schema.yaml, filters/ (the seed project's and
# the e2e's filters), generated/. One pair per generated directory of run.sh
# (gen: Flink 1.20 and Kafka Streams; gen-flink2: Flink 2.2), each with its
# cdcgen.yaml.
rollout_project() {
    local g=$1
    case $g in gen|gen-flink2) ;; *) g=$(basename "$(engine_gen "$g")") ;; esac
    echo "$tmp/rollout/$g/$2"
}

# ---- the two versions and the plans ---------------------------------------------------
# This cdcgen must plan (rollout --against) and write backfills (backfill).
rollout_commands() {
    "$cdcgen" rollout --help 2>/dev/null | grep -q -- --against ||
        die "this cdcgen has no rollout --against (the plan the stage follows)"
    "$cdcgen" backfill --help >/dev/null 2>&1 || die "this cdcgen has no backfill command"
}

# Each project's v1 and v2, v2's outputs (generated/) and the plan (plan.json).
rollout_prepare() {
    local g v dir rc
    for g in gen gen-flink2; do
        for v in v1 v2; do
            dir=$(rollout_project "$g" "$v")
            mkdir -p "$dir/filters"
            cp "$tmp/$g/cdcgen.yaml" "$tmp/$g/schema.yaml" "$dir/"
            cp "$seed_filters"/*.yaml "$dir/filters/"
        done
        cp "$here/filters"/*.yaml "$(rollout_project "$g" v1)/filters/"
        cp "$here/filters-v2"/*.yaml "$(rollout_project "$g" v2)/filters/"
        dir=$(rollout_project "$g" v2)
        (cd "$dir" && "$cdcgen" generate) >>"$tmp/logs/rollout-generate.log" 2>&1 ||
            die "cdcgen generate of filters-v2 failed (logs/rollout-generate.log)"
        # Exit 1 is the plan's findings (the moved topic); 2 is an error.
        # The plan counts, per changed filter, the events of the run's dump so
        # far it routes no longer and newly (--dump); rollout_dump_check
        # holds the counts to cdcgen eval.
        rc=0
        (cd "$dir" && "$cdcgen" rollout --dump "$tmp/out/raw.jsonl" --against ../v1 --format json) \
            >"$dir/plan.json" 2>"$tmp/logs/rollout-plan-$g.log" || rc=$?
        [ "$rc" -le 1 ] && [ -s "$dir/plan.json" ] || die "cdcgen rollout failed (logs/rollout-plan-$g.log)"
    done
}

# rollout_plan_check GEN: the plan classifies each filter as rollout_kinds
# says, backfills exactly the added and widened ones, and reports the moved
# topic as a finding (rollout-topic-moved: its consumer reads the old topic;
# the test, its only consumer, reads both). Prints the backfilled ids,
# comma-separated.
rollout_plan_check() {
    local want='' id
    for id in "${!rollout_kinds[@]}"; do want+="$id=${rollout_kinds[$id]}"$'\n'; done
    node - "$(rollout_project "$1" v2)/plan.json" "$want" <<'EOF'
const plan = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const want = Object.fromEntries(process.argv[3].trim().split('\n').map(l => l.split('=')));
// The plan's changes: kind, and routing for a routing change; backfill.
const got = {}, backfilled = [];
for (const c of plan.changes.filter(c => c.filter)) {
    got[c.filter] = c.kind === 'routing' ? c.routing : c.kind;
    if (c.backfill) backfilled.push(c.filter);
}
let bad = 0;
for (const [id, kind] of Object.entries(want))
    if (got[id] !== kind) { console.error(`plan: ${id} is '${got[id]}', expected '${kind}'`); bad++; }
for (const id of Object.keys(got))
    if (!(id in want)) { console.error(`plan: ${id} is '${got[id]}', expected unchanged`); bad++; }
const should = Object.keys(want).filter(id => ['added', 'widened'].includes(want[id])).sort();
if (backfilled.sort().join() !== should.join()) {
    console.error(`plan: backfills ${backfilled.join(',')}, expected ${should.join(',')}`);
    bad++;
}
for (const [id, kind] of Object.entries(want))
    if (kind === 'topic'
        && !plan.findings.some(f => f.code === 'rollout-topic-moved' && f.message.includes(`'${id}'`))) {
        console.error(`plan: no finding rollout-topic-moved for ${id}`);
        bad++;
    }
if (bad) process.exit(1);
console.log(backfilled.join(','));
EOF
}

# rollout_dump_check: the plan's counts of the dump (dumpNoLongerRouted,
# dumpNewlyRouted of each changed filter) are cdcgen eval's under each
# version. Prints one line per changed filter.
rollout_dump_check() {
    local v
    for v in v1 v2; do
        (cd "$(rollout_project gen "$v")" && "$cdcgen" eval -f filters "$tmp/out/raw.jsonl") \
            >"$tmp/out/dump-eval-$v.jsonl" || die "cdcgen eval ($v) of the dump failed"
    done
    node - "$(rollout_project gen v2)/plan.json" "$tmp/out/dump-eval-v1.jsonl" "$tmp/out/dump-eval-v2.jsonl" <<'EOF'
const fs = require('fs');
const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const lines = f => fs.readFileSync(f, 'utf8').trim().split('\n').map(l => new Set(JSON.parse(l).filters));
const [v1, v2] = [lines(process.argv[3]), lines(process.argv[4])];
let bad = 0;
for (const c of plan.changes.filter(c => c.filter && c.dumpNoLongerRouted !== undefined)) {
    let lost = 0, gained = 0;
    v1.forEach((old, i) => {
        lost += old.has(c.filter) && !v2[i].has(c.filter);
        gained += !old.has(c.filter) && v2[i].has(c.filter);
    });
    const ok = lost === c.dumpNoLongerRouted && gained === c.dumpNewlyRouted;
    if (!ok) bad++;
    console.log(`${c.filter}: the plan counts ${c.dumpNoLongerRouted} events of the dump no longer routed and`
        + ` ${c.dumpNewlyRouted} newly, eval ${lost} and ${gained}${ok ? '' : ': DIFFERENT'}`);
}
process.exit(bad ? 1 : 0);
EOF
}

# rollout_steps GEN SECTION: the kinds of the plan's steps for SECTION, in order.
rollout_steps() {
    node -e 'const plan = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const s = plan.engines.find(s => s.engine === process.argv[2]);
        if (!s) { console.error(`plan: no section ${process.argv[2]}`); process.exit(1); }
        for (const st of s.steps) console.log(st.kind);' "$(rollout_project "$1" v2)/plan.json" "$2"
}

# rollout_command GEN SECTION KIND: the command of the plan's step KIND.
rollout_command() {
    node -e 'const plan = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const s = plan.engines.find(s => s.engine === process.argv[2]);
        const st = s && s.steps.find(st => st.kind === process.argv[3]);
        if (!st || !st.command) { console.error(`plan: no command for ${process.argv[3]}`); process.exit(1); }
        console.log(st.command);' "$(rollout_project "$1" v2)/plan.json" "$2" "$3"
}

# ---- the load -------------------------------------------------------------------------
# A writer inserting a tick of rows-load.sql (one transaction) after another
# until $tmp/rollout/stop-load exists.
rollout_load_start() {
    rm -f "$tmp/rollout/stop-load"
    spawn load bash -c 'tick=0
        while [ ! -e "$1/rollout/stop-load" ]; do
            tick=$((tick + 1))
            "$2" -X -q -1 -v ON_ERROR_STOP=1 -v tick="$tick" -h "$3" -p "$4" -U cdc -d events -f "$5" || exit 1
            sleep 0.1
        done
        echo "$tick" >"$1/rollout/load-ticks"' load "$tmp" "$psql_bin" "$pg_socket" "$pg_port" "$here/rows-load.sql"
}

rollout_load_stop() {
    touch "$tmp/rollout/stop-load"
    wait "$pid_load" || die "the load writer failed (logs/load.log)"
}

# ---- the steps, one function per kind of the plan's steps ----------------------------
# Each takes the engine (create-topics: the generated directory). Offsets
# on raw-event-headers are P:OFFSET,... (E2eTool offsets).

# create-topics GEN: the topics v2 writes to, before anything writes there:
# the plan's commands as written in v2's project (cdcgen topics plan, then
# apply), then the topics as v2's manifest says.
step_create_topics() {
    local dir line rc
    dir=$(rollout_project "$1" v2)
    while IFS= read -r line; do
        case $line in cdcgen\ topics\ *) ;; *) continue ;; esac
        rc=0
        (cd "$dir" && KAFKA_BOOTSTRAP_SERVERS=$bootstrap CDCGEN=$cdcgen bash -c "${line/#cdcgen/\"\$CDCGEN\"}") \
            >>"$tmp/logs/topics-v2.log" 2>&1 || rc=$?
        # plan's exit 1: topics to create
        case $line in *' plan '*) [ "$rc" -le 1 ] ;; *) [ "$rc" = 0 ] ;; esac ||
            die "$line failed (logs/topics-v2.log)"
    done < <(rollout_command "$1" topics create-topics)
    tool topics-check "$bootstrap" "$dir/generated/topics.json" >/dev/null ||
        die "the topics differ from $dir/generated/topics.json"
}

# stop-with-savepoint: the plan's REST calls as written (the curl lines of
# its command: POST /jobs/:id/stop, then the savepoint's status until
# COMPLETED) against run-sql's session cluster, which has a savepoint
# directory configured as a cluster has; then, as the plan says, until the
# job is FINISHED; then run-sql, which keeps its REST API up, is stopped.
step_stop_with_savepoint() {
    local e=$1 g stop poll status='' deadline
    g=$(basename "$(engine_gen "$e")")
    stop=$(rollout_command "$g" flink stop-with-savepoint | grep '^curl .*/stop"')
    poll=$(rollout_command "$g" flink stop-with-savepoint | grep '^curl .*/savepoints/' | sed 's/ *#.*//')
    export FLINK_REST FLINK_JOB_ID TRIGGER_ID
    FLINK_REST=http://127.0.0.1:$(cat "$tmp/$e.rest")
    FLINK_JOB_ID=$(head -n 1 "$tmp/$e.ready")
    bash -c "$stop" >"$tmp/out/stop-$e.json" 2>>"$tmp/logs/rollout-$e.log" || die "$e: the stop failed: $stop"
    TRIGGER_ID=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))["request-id"])' \
        "$tmp/out/stop-$e.json")
    deadline=$(( $(date +%s) + 120 ))
    until case $status in *'"COMPLETED"'*) true ;; *) false ;; esac; do
        [ "$(date +%s)" -lt "$deadline" ] || die "$e: the savepoint did not complete: $status"
        sleep 0.2
        status=$(bash -c "$poll" 2>>"$tmp/logs/rollout-$e.log" || true)
    done
    # A failed stop is COMPLETED too, with a failure-cause instead of a location.
    case $status in *'"failure-cause"'*) die "$e: the stop with a savepoint failed: $status" ;; esac
    until curl -fsS "$FLINK_REST/jobs/$FLINK_JOB_ID" 2>/dev/null | grep -q '"state":"FINISHED"'; do
        [ "$(date +%s)" -lt "$deadline" ] || die "$e: the job did not finish after its savepoint"
        sleep 0.2
    done
    ls "$tmp/savepoints/$e"/savepoint-*/_metadata >/dev/null 2>&1 || die "$e: no savepoint in $tmp/savepoints/$e"
    engine_stop "$e"
}

# stop-app: every instance of the Streams application stops (SIGTERM: it
# closes, committing its offsets, and leaves the group).
step_stop_app() { engine_stop "$1"; }

# read-offsets: with backfills, the plan's cdcgen backfill --until-group as
# written (in v2's project), which reads R and writes backfill.sql; without,
# nothing to run (R is what the harness reads, rollout_measure).
step_read_offsets() {
    local e=$1 dir cmd
    dir=$(rollout_project "$e" v2)
    cmd=$(rollout_command "$(basename "$(engine_gen "$e")")" "$(rollout_section "$e")" read-offsets |
        grep '^cdcgen backfill ' || true)
    [ -n "$cmd" ] || return 0
    (cd "$dir" && KAFKA_BOOTSTRAP_SERVERS=$bootstrap CDCGEN=$cdcgen bash -c "${cmd/#cdcgen/\"\$CDCGEN\"}") \
        >>"$tmp/logs/backfill-$e.log" 2>&1 || die "$e: $cmd failed (logs/backfill-$e.log)"
}

# backfill: Flink: v2's backfill.sql (the plan's sql-client -f backfill.sql)
# on tests/flink/run-sql, on the engine's Flink line: a bounded job over
# [beginning, R). Kafka Streams: the plan's cdcgen backfill --processor
# kstreams as written (in v2's project), which reads R from the stopped
# application's group and writes the Kafka Streams topics itself. The step
# ends when it has finished (backfill_done, rollout_switch).
step_backfill() {
    local e=$1 dir line=1.20 cmd
    dir=$(rollout_project "$e" v2)
    if [ "$(rollout_section "$e")" = kstreams ]; then
        cmd=$(rollout_command "$(basename "$(engine_gen "$e")")" kstreams backfill) ||
            die "$e: the plan's backfill step has no command"
        case $cmd in "cdcgen backfill "*--processor\ kstreams*) ;; *) die "$e: the plan's backfill is '$cmd'" ;; esac
        spawn "backfill-$e" env CDCGEN="$cdcgen" KAFKA_BOOTSTRAP_SERVERS="$bootstrap" \
            bash -c "cd '$dir' && ${cmd/#cdcgen/\"\$CDCGEN\"}"
        return 0
    fi
    [ "$e" != flink-2 ] || line=2.2
    [ -f "$dir/backfill.sql" ] || die "$e: no backfill.sql: the plan's read-offsets step writes it"
    cp "$dir/backfill.sql" "$tmp/rollout/backfill-$e.sql"
    FLINK_HEAP=512m spawn "backfill-$e" "$root/tests/flink/run-sql" "$tmp/rollout/backfill-$e.sql" \
        --flink "$line" --log "$tmp/logs/backfill-$e-flink.log"
}
# Whether the backfill job has ended; dies when it failed.
backfill_done() {
    local e=$1 var rc=0
    var="pid_backfill_${e//[^a-zA-Z0-9]/_}"
    ! kill -0 "${!var}" 2>/dev/null || return 1
    wait "${!var}" || rc=$?
    [ "$rc" = 0 ] || die "$e: the backfill job failed (status $rc, logs/backfill-$e.log)"
}

# start-job, start-app: v2's generated/flink.sql on tests/flink/run-sql (the
# plan's sql-client -f), v2's topology on the Kafka Streams runtime (the
# plan's cdcgen-kstreams); the log starts afresh so that engine_ready sees
# this start. The step ends when the new version runs (rollout_switch).
step_start_job() {
    local e=$1
    mv "$tmp/logs/$e.log" "$tmp/logs/$e-v1.log"
    engine_start "$e" "$(rollout_project "$e" v2)/generated"
}
step_start_app() { step_start_job "$@"; }

# rollout_measure ENGINE: right after the old version stopped, what the
# comparison needs (not a step of the plan): R, the group's committed
# offsets, and HIGH, the source topic's end offsets, beyond which the
# stopped version cannot have read.
rollout_measure() {
    local e=$1
    tool offsets "$bootstrap" raw-event-headers "$(rollout_group "$e")" >"$tmp/rollout/$e.R" ||
        die "$e: no committed offsets of group $(rollout_group "$e")"
    tool offsets "$bootstrap" raw-event-headers >"$tmp/rollout/$e.HIGH"
}

# rollout_switch ENGINE...: each engine's steps of the plan, in the plan's
# order, the engines side by side: round k runs the k-th step of every
# engine, then waits until each has ended (a start: the new version runs; a
# backfill: its job finished), so that the engines' starts and backfills
# overlap. Prints per engine the switch-over time (wall clock from its first
# step to its new version running) and each step's time.
rollout_switch() {
    local e kind k rounds=0
    local -A steps=() begun=() pending=() times=() first=() switched=()
    for e in "$@"; do
        steps[$e]=$(rollout_steps "$(basename "$(engine_gen "$e")")" "$(rollout_section "$e")")
        [ -n "${steps[$e]}" ] || die "$e: no steps in the plan"
        k=$(wc -l <<<"${steps[$e]}")
        [ "$k" -le "$rounds" ] || rounds=$k
    done
    for ((k = 1; k <= rounds; k++)); do
        for e in "$@"; do
            kind=$(sed -n "${k}p" <<<"${steps[$e]}")
            [ -n "$kind" ] || continue
            begun[$e]=$(date +%s%3N)
            [ -n "${first[$e]:-}" ] || first[$e]=${begun[$e]}
            case $kind in
                stop-with-savepoint) step_stop_with_savepoint "$e" ;;
                stop-app) step_stop_app "$e" ;;
                read-offsets) step_read_offsets "$e" ;;
                backfill) step_backfill "$e" ;;
                start-job) step_start_job "$e" ;;
                start-app) step_start_app "$e" ;;
                *) die "$e: the plan's step '$kind' has no function here" ;;
            esac
            pending[$e]=$kind
            case $kind in stop-* | read-offsets) rollout_step_ended "$e" ;; esac
        done
        local deadline=$(( $(date +%s) + 300 ))
        while [ ${#pending[@]} -gt 0 ]; do
            for e in "${!pending[@]}"; do
                case ${pending[$e]} in
                    backfill) backfill_done "$e" || continue ;;
                    *) engine_ready "$e" || continue ;;
                esac
                rollout_step_ended "$e"
            done
            [ ${#pending[@]} -eq 0 ] || [ "$(date +%s)" -lt "$deadline" ] ||
                die "steps not done within 300 s: ${!pending[*]}"
            sleep 0.2
        done
    done
    for e in "$@"; do
        say "rollout: $e: switch-over in $((switched[$e] - first[$e])) ms (${times[$e]%, })"
        echo "$((switched[$e] - first[$e]))" >"$tmp/rollout/$e.switch"
    done
}

# rollout_step_ended ENGINE (in rollout_switch): ENGINE's pending step has
# ended now: its time is kept; after a stop, rollout_measure; after a start,
# the switch-over is done; after a backfill, its filters count as backfilled.
rollout_step_ended() {
    local e=$1 now kind=${pending[$1]} line
    now=$(date +%s%3N)
    times[$e]+="$kind $((now - begun[$e])) ms, "
    unset 'pending[$e]'
    case $kind in
        stop-*) rollout_measure "$e" ;;
        start-*) switched[$e]=$now ;;
        backfill)
            touch "$tmp/rollout/$e.backfilled"
            # cdcgen's Kafka Streams backfill: R and its counts per filter
            if [ "$(rollout_section "$e")" = kstreams ]; then
                while IFS= read -r line; do say "rollout: $e: $line"; done <"$tmp/logs/backfill-$e.log"
            fi ;;
    esac
}

# ---- the stage ------------------------------------------------------------------------
rollout_stage() {
    local e g n id rc backfilled kind kinds=() kind_args=()
    mkdir -p "$tmp/rollout"
    rollout_commands
    rollout_prepare
    for g in gen gen-flink2; do
        backfilled=$(rollout_plan_check "$g" 2>"$tmp/out/plan-check-$g") ||
            { sed 's/^/e2e: /' "$tmp/out/plan-check-$g"; die "the plan of $g classifies the change wrongly"; }
    done
    rc=0
    rollout_dump_check >"$tmp/out/dump-check" || rc=$?
    sed 's/^/e2e: rollout: /' "$tmp/out/dump-check"
    if [ "$rc" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    say "rollout: the plan's duplicate bound: $(node -e 'console.log(JSON.parse(require("fs").readFileSync(
        process.argv[1], "utf8")).duplicateBound)' "$(rollout_project gen v2)/plan.json")"
    for id in "${!rollout_kinds[@]}"; do kind_args+=(--kind "$id=${rollout_kinds[$id]}"); done
    # Where the earlier stages end: their at-least-once duplicates lie below.
    tool offsets "$bootstrap" raw-event-headers >"$tmp/rollout/EARLIER"
    rollout_load_start
    sleep 5 # the old version routes some of the load
    # A running pipeline has committed where it is: every engine's group has
    # an offset on every partition (a Flink job commits at its checkpoints),
    # else R would be undefined wherever the stop's own commit is lost.
    for e in "$@"; do
        local deadline=$(( $(date +%s) + 120 ))
        until tool offsets "$bootstrap" raw-event-headers "$(rollout_group "$e")" >/dev/null 2>&1; do
            [ "$(date +%s)" -lt "$deadline" ] || die "$e: group $(rollout_group "$e") committed no offsets in 120 s"
            sleep 1
        done
    done
    # The topics the change needs come first (the plan's section topics), for
    # each project; then each engine's own steps.
    for g in gen gen-flink2; do
        mapfile -t kinds < <(rollout_steps "$g" topics)
        for kind in "${kinds[@]}"; do
            [ "$kind" = create-topics ] || die "the plan's step '$kind' in section topics has no function here"
            step_create_topics "$g"
        done
    done
    rollout_switch "$@"
    sleep 3 # and the new one
    rollout_load_stop
    n=$(await_raw)
    say "rollout: $(cat "$tmp/rollout/load-ticks") ticks of load written during the switch-over; $n events in raw-event-headers"

    tool dump "$bootstrap" raw-event-headers "$tmp/out/raw-v2.jsonl" >/dev/null
    for v in v1 v2; do
        (cd "$(rollout_project gen "$v")" && "$cdcgen" eval -f filters "$tmp/out/raw-v2.jsonl") \
            >"$tmp/out/eval-$v.jsonl" || die "cdcgen eval ($v) failed"
    done
    # Each engine compared at once, in parallel (as run.sh's await-routed).
    local waits=() b
    for e in "$@"; do
        # The filters whose backfill ran for this engine (a plan may have none for it).
        b=''
        [ ! -e "$tmp/rollout/$e.backfilled" ] || b=$backfilled
        tool compare-split "$bootstrap" "$tmp/out/raw-v2.jsonl" "$tmp/out/eval-v1.jsonl" "$tmp/out/eval-v2.jsonl" \
            "$(engine_gen "$e")/topics.json" "$(rollout_project "$e" v2)/generated/topics.json" "${e%%-*}" \
            "$(cat "$tmp/rollout/$e.R")" "$(cat "$tmp/rollout/$e.HIGH")" 60 --backfilled "$b" "${kind_args[@]}" \
            --earlier "$(cat "$tmp/rollout/EARLIER")" >"$tmp/out/split-$e" &
        waits+=("$!")
        stop_at_exit "$!"
    done
    for e in "$@"; do
        rc=0
        wait "${waits[0]}" || rc=$?
        waits=("${waits[@]:1}")
        grep -v -P '^split\t' "$tmp/out/split-$e" | sed "s/^/e2e: rollout: $e: /"
        if [ "$rc" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    done
    # The comparison can fail: the first engine's topics held to a split at
    # the wrong place (R where the load began) must differ.
    e=$1
    if tool compare-split "$bootstrap" "$tmp/out/raw-v2.jsonl" "$tmp/out/eval-v1.jsonl" "$tmp/out/eval-v2.jsonl" \
        "$(engine_gen "$e")/topics.json" "$(rollout_project "$e" v2)/generated/topics.json" "${e%%-*}" \
        "$(cat "$tmp/rollout/EARLIER")" "$(cat "$tmp/rollout/EARLIER")" 5 "${kind_args[@]}" \
        >"$tmp/out/split-wrong-$e"; then
        say "rollout: $e: the topics also pass a split at the wrong place (where the load began)"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
    # The figures, one row per engine.
    say "rollout under load, per engine (switch-over: first step to the new version running;"
    say "duplicates: records routed again from [R, HIGH), of the bound's source records):"
    {
        printf 'engine\tswitch-over\tbackfilled\tduplicates\tbound\tmissing\textra\n'
        for e in "$@"; do
            sed -n "s/^split\t/$e\t$(cat "$tmp/rollout/$e.switch") ms\t/p" "$tmp/out/split-$e"
        done
    } | awk -F '\t' '{ s = "e2e:  "; for (i = 1; i <= NF; i++) s = s sprintf("%-13s", $i); print s }'
}

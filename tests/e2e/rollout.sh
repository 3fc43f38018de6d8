# tests/e2e/rollout.sh: the rollout stage of make e2e, sourced by
# tests/e2e/run.sh after tests/e2e/stack.sh. A filter change reaches the
# running pipeline under load without losing an event:
#
#   tests/e2e/filters/ (v1, running) --cdcgen rollout--> tests/e2e/filters-v2/
#
# While a writer keeps inserting rows (rows-load.sql, a tick at a time), each
# engine is switched over by the steps of the plan `cdcgen rollout --against
# BASE` writes for it (BASE: a directory holding v1, read by path, no git),
# one function per kind of step below; the backfills the plan names are
# written by `cdcgen backfill` and run as bounded Flink jobs
# (tests/flink/run-sql). Then E2eTool compare-split holds every filtered
# topic of each engine to cdcgen eval over the whole raw-event-headers, with
# the old filters before R (the engine's consumer group's committed offsets
# at the switch-over) and the new ones from R.
#
#   rollout_stage ENGINE...   the whole stage; counts $passed and $failed
#
# Uses run.sh's $tmp, $cdcgen, $bootstrap, $seed_filters, $here, engine_gen,
# say, and stack.sh's engine_start, engine_await, engine_stop, psql_as, tool.

# The kinds of change between filters/ and filters-v2/ (filters-v2/e2e.yaml's
# header), as cdcgen diff and rollout must classify them; every other filter
# is unchanged.
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

# ---- the two versions -----------------------------------------------------------
# $tmp/rollout/v1 and v2: each the project as a user keeps it (the seed
# project's filters in seed/, the e2e's in e2e/), so that v2's paths read
# under v1 are the base. For each generated directory GEN of run.sh, GEN-v2
# holds v2's outputs for the same cdcgen.yaml, and GEN-v2/plan.json the plan.
rollout_prepare() {
    local v g
    for v in v1 v2; do
        mkdir -p "$tmp/rollout/$v/seed" "$tmp/rollout/$v/e2e"
        cp "$seed_filters"/*.yaml "$tmp/rollout/$v/seed/"
    done
    cp "$here/filters"/*.yaml "$tmp/rollout/v1/e2e/"
    cp "$here/filters-v2"/*.yaml "$tmp/rollout/v2/e2e/"
    for g in gen gen-flink2; do
        mkdir -p "$tmp/$g-v2"
        cp "$tmp/$g/cdcgen.yaml" "$tmp/$g/schema.yaml" "$tmp/$g-v2/"
        (cd "$tmp/rollout/v2" && "$cdcgen" generate -c "$tmp/$g-v2/cdcgen.yaml" -o "$tmp/$g-v2" seed e2e) ||
            die "cdcgen generate of filters-v2 failed"
        # Exit 1 is the plan's findings (the moved topic); 2 is an error.
        local rc=0 cmd=rollout
        [ "$rollout_planned" = 1 ] || cmd=diff
        (cd "$tmp/rollout/v2" && "$cdcgen" "$cmd" -c "$tmp/$g-v2/cdcgen.yaml" --against ../v1 --format json \
            seed e2e) >"$tmp/$g-v2/plan.json" 2>"$tmp/logs/rollout-plan-$g.log" || rc=$?
        [ "$rc" -le 1 ] && [ -s "$tmp/$g-v2/plan.json" ] ||
            die "cdcgen $cmd failed (logs/rollout-plan-$g.log)"
    done
}

# Whether this cdcgen writes plans (cdcgen rollout) and backfills (cdcgen
# backfill); without them the stage follows the procedure of issue 15 itself
# (rollout_procedure, backfill_procedure) on cdcgen diff's classification,
# and says so.
rollout_planned=0 backfill_written=0
rollout_commands() {
    local cmds
    cmds=$("$cdcgen" --list-commands)
    ! grep -qx rollout <<<"$cmds" || rollout_planned=1
    ! grep -qx backfill <<<"$cmds" || backfill_written=1
}

# rollout_plan_check GEN: the plan classifies each filter as rollout_kinds
# says, and backfills exactly the added and widened ones. Prints the
# backfilled ids, comma-separated.
rollout_plan_check() {
    local want='' id
    for id in "${!rollout_kinds[@]}"; do want+="$id=${rollout_kinds[$id]}"$'\n'; done
    node - "$tmp/$1-v2/plan.json" "$want" <<'EOF'
const plan = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const want = Object.fromEntries(process.argv[3].trim().split('\n').map(l => l.split('=')));
const got = {}, backfilled = [];
// A plan's filters, or (no cdcgen rollout) cdcgen diff's changes, whose
// backfills are the procedure's: added and widened filters.
for (const f of plan.filters || plan.changes) {
    got[f.filter] = f.change;
    if (plan.filters ? f.backfill : f.change === 'added' || f.change === 'widened') backfilled.push(f.filter);
}
let bad = 0;
for (const [id, kind] of Object.entries(want))
    if (got[id] !== kind) { console.error(`plan: ${id} is '${got[id]}', expected '${kind}'`); bad++; }
for (const id of Object.keys(got))
    if (!(id in want)) { console.error(`plan: ${id} is '${got[id]}', expected unchanged`); bad++; }
const shouldBackfill = Object.keys(want).filter(id => want[id] === 'added' || want[id] === 'widened').sort();
if (backfilled.sort().join() !== shouldBackfill.join()) {
    console.error(`plan: backfills ${backfilled.join(',')}, expected ${shouldBackfill.join(',')}`);
    bad++;
}
if (bad) process.exit(1);
console.log(backfilled.join(','));
EOF
}

# rollout_steps GEN SECTION: the kinds of the plan's steps for SECTION, in
# order (without a plan: rollout_procedure's).
rollout_steps() {
    [ "$rollout_planned" = 1 ] || { rollout_procedure "$2"; return; }
    node -e 'const plan = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const s = plan.sections.find(s => s.engine === process.argv[2]);
        if (!s) { console.error(`plan: no section ${process.argv[2]}`); process.exit(1); }
        for (const st of s.steps) console.log(st.kind);' "$tmp/$1-v2/plan.json" "$2"
}

# rollout_procedure SECTION: the switch-over of issue 15, step by step, for
# a cdcgen without rollout: the same kinds of step a plan names.
rollout_procedure() {
    case $1 in
        topics) echo create-topics ;;
        flink) printf '%s\n' stop-with-savepoint read-offsets start-job backfill ;;
        kstreams) printf '%s\n' stop-app read-offsets start-app backfill ;;
    esac
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
# Each takes the engine; the engine's v2 outputs are $(engine_gen E)-v2.
# Offsets on raw-event-headers are P:OFFSET,... (E2eTool offsets).

# create-topics GEN (the plan's section topics, per generated directory):
# GEN-v2's topics.sh exactly as cdcgen wrote it (idempotent: existing topics
# stay as they are), then the topics as its manifest says.
step_create_topics() {
    local gen=$tmp/$1-v2
    CDCGEN=$cdcgen KAFKA_BOOTSTRAP_SERVERS=$bootstrap run_group sh "$gen/topics.sh" \
        >>"$tmp/logs/topics-v2.log" 2>&1 || die "topics.sh of filters-v2 failed (logs/topics-v2.log)"
    tool topics-check "$bootstrap" "$gen/topics.json" >/dev/null || die "the topics differ from $gen/topics.json"
}

# stop-with-savepoint: Flink's REST API, POST /jobs/:id/stop (a synchronous
# savepoint, which commits the source's offsets, then the job finishes):
# run-sql ends with status 0 once its job has finished.
step_stop_with_savepoint() {
    local e=$1 job rest var body
    job=$(head -n 1 "$tmp/$e.ready")
    rest=$(cat "$tmp/$e.rest")
    mkdir -p "$tmp/savepoints/$e"
    body="{\"targetDirectory\": \"file://$tmp/savepoints/$e\", \"drain\": false}"
    curl -sf -X POST -H 'Content-Type: application/json' -d "$body" \
        "http://127.0.0.1:$rest/jobs/$job/stop" >"$tmp/out/stop-$e.json" ||
        die "$e: POST /jobs/$job/stop failed"
    var="pid_${e//[^a-zA-Z0-9]/_}"
    local rc=0
    wait "${!var}" || rc=$?
    [ "$rc" = 0 ] || die "$e: the job did not finish after its stop with a savepoint (status $rc, logs/$e.log)"
    ls "$tmp/savepoints/$e"/savepoint-*/_metadata >/dev/null 2>&1 || die "$e: no savepoint in $tmp/savepoints/$e"
}

# stop-app: every instance of the Streams application stops (SIGTERM: it
# closes, committing its offsets).
step_stop_app() { engine_stop "$1"; }

# read-offsets: R, the group's committed offsets now; and HIGH, the source
# topic's end offsets, beyond which the stopped version cannot have read.
step_read_offsets() {
    local e=$1
    tool offsets "$bootstrap" raw-event-headers "$(rollout_group "$e")" >"$tmp/rollout/$e.R" ||
        die "$e: no committed offsets of group $(rollout_group "$e")"
    tool offsets "$bootstrap" raw-event-headers >"$tmp/rollout/$e.HIGH"
}

# backfill: the bounded job over [beginning, R) that cdcgen backfill writes,
# on the engine's Flink line (Kafka Streams': 1.20); it must finish.
step_backfill() {
    local e=$1 gen line=1.20
    gen=$(engine_gen "$e")-v2
    [ "$e" != flink-2 ] || line=2.2
    if [ "$backfill_written" = 1 ]; then
        (cd "$tmp/rollout/v2" && "$cdcgen" backfill -c "$gen/cdcgen.yaml" --against ../v1 \
            --until "$(cat "$tmp/rollout/$e.R")" $( [ "$e" != kstreams ] || echo -t kstreams ) \
            -o "$tmp/rollout/backfill-$e.sql" seed e2e) 2>>"$tmp/logs/backfill-$e.log" ||
            die "$e: cdcgen backfill failed (logs/backfill-$e.log)"
    else
        backfill_procedure "$e" >"$tmp/rollout/backfill-$e.sql"
    fi
    FLINK_HEAP=512m run_group "$root/tests/flink/run-sql" "$tmp/rollout/backfill-$e.sql" --flink "$line" \
        --log "$tmp/logs/backfill-$e-flink.log" >>"$tmp/logs/backfill-$e.log" 2>&1 ||
        die "$e: the backfill job failed (logs/backfill-$e.log)"
}

# backfill_procedure ENGINE: the backfill of issue 15 for a cdcgen without
# backfill, on stdout: the flink target's per-filter script of a project
# holding, for each backfilled filter, its new conditions and (widened) not
# its old ones, under its own id and topic (the engine's suffix), with the
# source bounded to [earliest, R) and no group id. NOT of the old conditions
# is "old not TRUE" here because the new conditions, when TRUE, make every
# field the old ones read known (filters-v2's widened filter compares the
# same field); cdcgen backfill needs no such premise.
backfill_procedure() {
    local e=$1 g gen dir=$tmp/rollout/backfill-$1
    g=$(basename "$(engine_gen "$e")")
    gen=$tmp/$g-v2
    mkdir -p "$dir/f"
    # The filters (JSON, which cdcgen reads as well), and the suffix of the
    # engine's topics (its processor's in the manifest) for the flink target.
    NODE_PATH=$root/tests/validate/node_modules node - "$tmp/rollout/v1/e2e/e2e.yaml" \
        "$tmp/rollout/v2/e2e/e2e.yaml" "$(rollout_plan_check "$g")" "$gen/topics.json" "${e%%-*}" \
        "$dir/f/backfill.json" >"$dir/suffix" <<'EOF' || die "$e: writing the backfill's filters failed"
const fs = require('fs'), YAML = require('yaml');
const [oldFile, newFile, ids, manifest, processor, out] = process.argv.slice(2);
const old = Object.fromEntries(YAML.parse(fs.readFileSync(oldFile, 'utf8')).filters.map(f => [f.id, f]));
const now = YAML.parse(fs.readFileSync(newFile, 'utf8')).filters.filter(f => ids.split(',').includes(f.id));
const group = f => ({ [f.conditionLogic === 'OR' ? 'any' : 'all']: f.conditions });
const filters = now.map(f => {
    const o = old[f.id];
    const { conditions, conditionLogic, ...rest } = f;
    return { ...rest, conditions: o ? [group(f), { not: group(o) }] : [group(f)] };
});
fs.writeFileSync(out, JSON.stringify({ version: 1, filters }, null, 2));
const t = JSON.parse(fs.readFileSync(manifest, 'utf8')).topics
    .find(t => t.role === 'filtered' && t.processor === processor && t.filters.includes(now[0].id));
console.log(t.name.slice(now[0].outputTopic.length));
EOF
    sed -e 's/^  layout: .*/  layout: per-filter/' -e "s/^  flink_suffix: .*/  flink_suffix: \"$(cat "$dir/suffix")\"/" \
        "$gen/cdcgen.yaml" >"$dir/cdcgen.yaml"
    cp "$gen/schema.yaml" "$dir/"
    "$cdcgen" generate -c "$dir/cdcgen.yaml" -t flink -o - "$dir/f" >"$dir/flink.sql" ||
        die "$e: generating the backfill's script failed"
    local bounded
    bounded=$(tr ',' '\n' <"$tmp/rollout/$e.R" | sed 's/^\([0-9]*\):\([0-9]*\)$/partition:\1,offset:\2/' | paste -sd ';')
    sed -e "/'properties.group.id' = /d" \
        -e "s/'scan.startup.mode' = 'group-offsets',/'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'specific-offsets', 'scan.bounded.specific-offsets' = '$bounded',/" \
        "$dir/flink.sql"
}

# start-job, start-app: the new version; its log starts afresh so that
# engine_await sees this start.
step_start_job() {
    local e=$1
    mv "$tmp/logs/$e.log" "$tmp/logs/$e-v1.log"
    engine_start "$e" "$(engine_gen "$e")-v2"
    engine_await "$e"
}
step_start_app() { step_start_job "$@"; }

# rollout_engine ENGINE: the plan's steps for ENGINE in order, each timed;
# prints the switch-over time (from the first step to the new version
# running, backfills apart).
rollout_engine() {
    local e=$1 gen kind t s switch=0 backfill=0 times=()
    gen=$(engine_gen "$e")
    mapfile -t kinds < <(rollout_steps "${gen##*/}" "$(rollout_section "$e")") || die "$e: no steps in the plan"
    for kind in "${kinds[@]}"; do
        s=$(date +%s%3N)
        case $kind in
            stop-with-savepoint) step_stop_with_savepoint "$e" ;;
            stop-app) step_stop_app "$e" ;;
            read-offsets) step_read_offsets "$e" ;;
            backfill) step_backfill "$e" ;;
            start-job) step_start_job "$e" ;;
            start-app) step_start_app "$e" ;;
            *) die "$e: the plan's step '$kind' has no function here" ;;
        esac
        t=$(( $(date +%s%3N) - s ))
        times+=("$kind ${t} ms")
        if [ "$kind" = backfill ]; then backfill=$t; else switch=$((switch + t)); fi
    done
    say "rollout: $e: switch-over in $switch ms ($(IFS=,; echo "${times[*]}" | sed 's/,/, /g'))"
    echo "$switch" >"$tmp/rollout/$e.switch"
}

# ---- the stage ------------------------------------------------------------------------
rollout_stage() {
    local e backfilled kind_args=() id
    mkdir -p "$tmp/rollout"
    rollout_commands
    [ "$rollout_planned" = 1 ] ||
        say "rollout: this cdcgen has no rollout command: the steps of issue 15's procedure, on cdcgen diff's classification"
    [ "$backfill_written" = 1 ] ||
        say "rollout: this cdcgen has no backfill command: the backfills of issue 15's procedure"
    rollout_prepare
    for g in gen gen-flink2; do
        backfilled=$(rollout_plan_check "$g" 2>"$tmp/out/plan-check-$g") ||
            { sed 's/^/e2e: /' "$tmp/out/plan-check-$g"; die "the plan of $g classifies the change wrongly"; }
    done
    for id in "${!rollout_kinds[@]}"; do kind_args+=(--kind "$id=${rollout_kinds[$id]}"); done
    rollout_load_start
    sleep 5 # the old version routes some of the load
    # The topics the change needs come first (the plan's section topics), for
    # each generated directory; then each engine's own steps.
    for g in gen gen-flink2; do
        mapfile -t kinds < <(rollout_steps "$g" topics) || die "no section topics in the plan of $g"
        for kind in "${kinds[@]}"; do
            [ "$kind" = create-topics ] || die "the plan's step '$kind' in section topics has no function here"
            step_create_topics "$g"
        done
    done
    for e in "$@"; do rollout_engine "$e"; done
    sleep 3 # and the new one
    rollout_load_stop
    local n
    n=$(await_raw)
    say "rollout: $(cat "$tmp/rollout/load-ticks") ticks of load written during the switch-over; $n events in raw-event-headers"

    tool dump "$bootstrap" raw-event-headers "$tmp/out/raw-v2.jsonl" >/dev/null
    "$cdcgen" eval -c "$tmp/gen/cdcgen.yaml" -f "$tmp/rollout/v1/seed" -f "$tmp/rollout/v1/e2e" \
        "$tmp/out/raw-v2.jsonl" >"$tmp/out/eval-old.jsonl" || die "cdcgen eval (v1) failed"
    "$cdcgen" eval -c "$tmp/gen/cdcgen.yaml" -f "$tmp/rollout/v2/seed" -f "$tmp/rollout/v2/e2e" \
        "$tmp/out/raw-v2.jsonl" >"$tmp/out/eval-new.jsonl" || die "cdcgen eval (v2) failed"
    for e in "$@"; do
        local rc=0 gen
        gen=$(engine_gen "$e")
        tool compare-split "$bootstrap" "$tmp/out/raw-v2.jsonl" "$tmp/out/eval-old.jsonl" "$tmp/out/eval-new.jsonl" \
            "$gen/topics.json" "$gen-v2/topics.json" "${e%%-*}" "$(cat "$tmp/rollout/$e.R")" \
            "$(cat "$tmp/rollout/$e.HIGH")" 60 --backfilled "$backfilled" "${kind_args[@]}" \
            >"$tmp/out/split-$e" || rc=$?
        grep -v -P '^split\t' "$tmp/out/split-$e" | sed "s/^/e2e: rollout: $e: /"
        if [ "$rc" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    done
}

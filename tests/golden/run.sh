#!/usr/bin/env bash
# Golden tests: one directory per case, tests/golden/<group>/<case>/:
#   input.yaml | input.json | *.yaml   the filter files (all non-expected files
#                                      ending in .yaml/.yml/.json except cdcgen.yaml)
#   cdcgen.yaml       optional project config; otherwise tests/golden/cdcgen.yaml
#                     is found by cdcgen's upward search
#   args              optional: the command line after `cdcgen`; @OUT@ is the
#                     output directory. Default: `generate -o @OUT@ FILES` when
#                     expected/ exists, else `check FILES`.
#   expected/         the exact set of files the command writes to @OUT@
#   expected.stdout   optional exact standard output
#   expected.stderr   exact standard error (diagnostics, caret included)
#   expected.status   exit status; default 1 if expected.stderr exists, else 0
#   events.jsonl      optional, not read here: events the Kafka Streams
#                     runtime's tests replay through expected/kstreams-topology.json
#                     and compare with cdcgen eval (runtime/kstreams, GoldenCasesTest)
# Each case runs inside its own directory, so paths in outputs are relative.
# UPDATE=1 rewrites the expected files from the actual run (make golden-update):
# review the result with `git diff tests/golden`, never run it in CI.
# Usage: CDCGEN=path/to/cdcgen tests/golden/run.sh [CASE-SUBSTRING...]
set -eu
. "$(dirname "$0")/../lib.sh"
here=$root/tests/golden
need_cdcgen
scratch
update=${UPDATE:-0}
wrap=()
if [ "${VALGRIND:-0}" = 1 ]; then
    wrap=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite)
fi

failed_cases=()

run_case() {
    local dir=$1 name=${1#"$here"/} act="$tmp/${1#"$here"/}"
    mkdir -p "$act/out"
    local files=() f
    for f in "$dir"/*.yaml "$dir"/*.yml "$dir"/*.json; do
        [ -f "$f" ] || continue
        case "$(basename "$f")" in cdcgen.yaml) continue ;; esac
        files+=("$(basename "$f")")
    done
    local cmd
    if [ -f "$dir/args" ]; then
        cmd=$(cat "$dir/args")
    elif [ -d "$dir/expected" ]; then
        cmd="generate -o @OUT@ ${files[*]}"
    else
        cmd="check ${files[*]}"
    fi
    cmd=${cmd//@OUT@/$act/out}
    local status=0
    # shellcheck disable=SC2086  # args are words by design
    (cd "$dir" && "${wrap[@]}" "$cdcgen" $cmd >"$act/stdout" 2>"$act/stderr") || status=$?
    echo "$status" >"$act/status"
    # Paths of the temporary output directory never belong in expectations.
    sed -i "s|$act/out|@OUT@|g" "$act/stdout" "$act/stderr"

    local expected_status=0
    [ -f "$dir/expected.stderr" ] && expected_status=1
    [ -f "$dir/expected.status" ] && expected_status=$(cat "$dir/expected.status")

    if [ "$update" = 1 ]; then
        if [ -d "$dir/expected" ] || [ -n "$(ls -A "$act/out")" ]; then
            rm -rf "$dir/expected"
            cp -r "$act/out" "$dir/expected"
        fi
        if [ -s "$act/stderr" ]; then cp "$act/stderr" "$dir/expected.stderr"; else rm -f "$dir/expected.stderr"; fi
        if [ -s "$act/stdout" ]; then cp "$act/stdout" "$dir/expected.stdout"; else rm -f "$dir/expected.stdout"; fi
        local implied=0
        [ -s "$act/stderr" ] && implied=1
        if [ "$status" != "$implied" ]; then echo "$status" >"$dir/expected.status"; else rm -f "$dir/expected.status"; fi
        printf 'u'
        pass=$((pass + 1))
        return
    fi

    local log="$act/log" ok=1
    : >"$log"
    if [ "$status" != "$expected_status" ]; then
        echo "exit status $status, expected $expected_status" >>"$log"
        ok=0
    fi
    if [ -f "$dir/expected.stderr" ]; then
        diff -u --label expected.stderr --label actual.stderr "$dir/expected.stderr" "$act/stderr" >>"$log" || ok=0
    elif [ -s "$act/stderr" ]; then
        { echo "unexpected stderr:"; cat "$act/stderr"; } >>"$log"
        ok=0
    fi
    if [ -f "$dir/expected.stdout" ]; then
        diff -u --label expected.stdout --label actual.stdout "$dir/expected.stdout" "$act/stdout" >>"$log" || ok=0
    elif [ -s "$act/stdout" ]; then
        { echo "unexpected stdout:"; head -c 2000 "$act/stdout"; } >>"$log"
        ok=0
    fi
    if [ -d "$dir/expected" ]; then
        # An empty expected/ would let a case that writes nothing pass.
        [ -n "$(ls -A "$dir/expected")" ] || { echo "expected/ is empty" >>"$log"; ok=0; }
        diff -ru "$dir/expected" "$act/out" >>"$log" || ok=0
    elif [ -n "$(ls -A "$act/out")" ]; then
        echo "unexpected output files: $(ls "$act/out")" >>"$log"
        ok=0
    fi
    if [ "$ok" = 1 ]; then
        printf '.'
        pass=$((pass + 1))
    else
        printf 'F'
        fail=$((fail + 1))
        failed_cases+=("$name")
        cp "$log" "$tmp/fail-$fail.log"
    fi
}

for dir in "$here"/*/*/; do
    dir=${dir%/}
    [ -d "$dir" ] || continue
    if [ $# -gt 0 ]; then
        match=0
        for pat in "$@"; do case "$dir" in *"$pat"*) match=1 ;; esac; done
        [ "$match" = 1 ] || continue
    fi
    run_case "$dir"
done
echo

i=0
for name in "${failed_cases[@]+"${failed_cases[@]}"}"; do
    i=$((i + 1))
    echo "--- FAIL: $name"
    cat "$tmp/fail-$i.log"
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

#!/usr/bin/env bash
# tests/flink/golden.sh [--flink 1.20,2.2] [--targets flink,confluent] CASE_DIR...
#
# Part of make check-flink: each golden case directory (one filter file, its
# events.jsonl, the cdcgen.yaml found upward from it) routed by `cdcgen eval`
# and by its Flink SQL on real Flink (tests/flink/replay), per Flink line and
# SQL target; the routing must be the same, line for line. The cases of
# tests/golden/schema-types/ compare a column of every type this way
# (decimals at and beyond their precision, integers, doubles, booleans,
# epoch-millisecond and ISO-8601 timestamps, an enum, an array, typed JSON
# keys). Environment: CDCGEN (default build/release/cdcgen).
# Exit status: 0 all agree, 1 a disagreement, 2 trouble.
set -eu
. "$(dirname "$0")/../lib.sh"
me=flink-golden
need_cdcgen "$root/build/release/cdcgen"
lines=1.20,2.2 targets=flink,confluent dirs=()
while [ $# -gt 0 ]; do
    case $1 in
        --flink) [ $# -ge 2 ] || die "--flink needs a value"; lines=$2; shift ;;
        --targets) [ $# -ge 2 ] || die "--targets needs a value"; targets=$2; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option '$1' (see --help)" ;;
        *) dirs+=("${1%/}") ;;
    esac
    shift
done
[ ${#dirs[@]} -gt 0 ] || die "no case directory (see --help)"
scratch flink-golden

# The cdcgen.yaml cdcgen itself would find from dir.
config_of() {
    local d=$1
    while [ "$d" != / ]; do
        [ -f "$d/cdcgen.yaml" ] && { echo "$d/cdcgen.yaml"; return; }
        d=$(dirname "$d")
    done
    die "no cdcgen.yaml above $1"
}

pass=0 fail=0
for dir in "${dirs[@]}"; do
    dir=$(cd "$dir" && pwd)
    files=()
    for f in "$dir"/*.yaml; do
        [ "$(basename "$f")" = cdcgen.yaml ] || files+=("$f")
    done
    [ ${#files[@]} -eq 1 ] || die "$dir: one filter file expected, found ${#files[@]}"
    [ -s "$dir/events.jsonl" ] || die "$dir: no events.jsonl"
    name=${dir#"$root"/}
    (cd "$dir" && "$cdcgen" eval -f "${files[0]}" events.jsonl) >"$tmp/eval.out" ||
        die "$name: cdcgen eval failed"
    grep -q '"filters":\["' "$tmp/eval.out" || die "$name: cdcgen eval routes nothing"
    for line in ${lines//,/ }; do
        for target in ${targets//,/ }; do
            out=$tmp/$line-$target.out
            # a time limit: a job that fails and restarts never ends by itself
            if ! timeout 900 "$root/tests/flink/replay" -c "$(config_of "$dir")" "${files[0]}" "$dir/events.jsonl" \
                --flink "$line" --target "$target" >"$out" 2>"$tmp/err"; then
                echo "FAIL $name on Flink $line ($target): replay failed"; tail -20 "$tmp/err"
                fail=$((fail + 1)); continue
            fi
            if diff -u --label "cdcgen eval" --label "Flink $line $target" "$tmp/eval.out" "$out"; then
                pass=$((pass + 1))
            else
                echo "FAIL $name on Flink $line ($target): routing differs from cdcgen eval"
                fail=$((fail + 1))
            fi
        done
    done
done
echo "flink golden: $pass passed, $fail failed ($(wc -l <"$tmp/eval.out") events in the last case)"
[ "$fail" -eq 0 ]

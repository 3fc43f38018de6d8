#!/usr/bin/env bash
# The fuzz harnesses of tests/fuzz/ (see README.md there).
#   run.sh replay DIR        replays tests/fuzz/corpus/<h>/ and
#                            tests/fuzz/regressions/<h>/ through DIR/fuzz_<h>
#                            (harnesses linked with standalone.c, no libFuzzer);
#                            fails when one crashes or a sanitizer reports.
#   run.sh fuzz DIR SECONDS  runs DIR/fuzz_<h> (libFuzzer) for SECONDS each, one
#                            after the other, from the committed corpus; new
#                            inputs go to build/fuzz/corpus/<h>/, findings to
#                            build/fuzz/artifacts/<h>/. Prints per harness the
#                            time, executions, coverage and findings; fails on
#                            a finding. Copy a finding into
#                            tests/fuzz/regressions/<h>/ once it is fixed.
. "$(dirname "$0")/../lib.sh"
here=$root/tests/fuzz
mode=${1:?replay or fuzz}
bindir=${2:?directory of the harness binaries}
harnesses=(${FUZZ_ONLY:-filters event config test regex fmt}) # FUZZ_ONLY="test regex": some

# Per harness: the largest input libFuzzer makes, and its dictionary.
max_len() {
    case $1 in
    filters | test | fmt) echo 16384 ;;
    *) echo 4096 ;;
    esac
}

if [ "$mode" = replay ]; then
    failed=0
    scratch
    log=$tmp/log
    for h in "${harnesses[@]}"; do
        dirs=("$here/corpus/$h")
        [ -d "$here/regressions/$h" ] && dirs+=("$here/regressions/$h")
        # The harnesses' own output (the test runner prints) is not the point.
        if "$bindir/fuzz_$h" "${dirs[@]}" >/dev/null 2>"$log"; then
            echo "fuzz replay $h: $(tail -n 1 "$log" | sed 's/.*: //')"
        else
            echo "FAIL fuzz replay $h:"
            tail -n 40 "$log"
            failed=1
        fi
    done
    exit "$failed"
fi

[ "$mode" = fuzz ] || { echo "usage: run.sh replay|fuzz DIR [SECONDS]" >&2; exit 2; }
seconds=${3:?seconds per harness}
[ "$seconds" -ge 1 ] 2>/dev/null || { echo "run.sh: SECONDS must be 1 or more (0 would run for ever)" >&2; exit 2; }
out="$root/build/fuzz"
status=0
printf '%-8s %8s %12s %9s %9s %9s  %s\n' harness seconds executions exec/s coverage features findings
for h in "${harnesses[@]}"; do
    mkdir -p "$out/corpus/$h" "$out/artifacts/$h"
    log="$out/fuzz_$h.log"
    dict=()
    [ -f "$here/$h.dict" ] && dict=(-dict="$here/$h.dict")
    [ "$h" = fmt ] && dict=(-dict="$here/filters.dict") # the same files, laid out
    rc=0
    "$bindir/fuzz_$h" -max_total_time="$seconds" -max_len="$(max_len "$h")" -timeout=25 \
        -rss_limit_mb=2048 -close_fd_mask=3 -print_final_stats=1 "${dict[@]}" \
        -artifact_prefix="$out/artifacts/$h/" "$out/corpus/$h" "$here/corpus/$h" \
        >"$log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    # A slow unit alone is no finding: on a loaded machine any input can be;
    # a hang ends in a timeout-* artifact and a non-zero exit.
    found=$(find "$out/artifacts/$h" -type f ! -name 'slow-unit-*' | wc -l)
    printf '%-8s %8s %12s %9s %9s %9s  %s\n' "$h" "$seconds" "${execs:-?}" "${speed:-?}" \
        "${cov:-?}" "${ft:-?}" "$found"
    if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
        status=1
        echo "fuzz $h: exit $rc; log $log; findings in $out/artifacts/$h/" >&2
        grep -A 30 -m 1 -E '^==[0-9]+==ERROR|runtime error|deadly signal|ERROR: libFuzzer' "$log" >&2
    fi
done
exit "$status"

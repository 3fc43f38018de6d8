#!/usr/bin/env bash
# make check-unit: runs each cmocka test binary given as an argument and adds
# up cmocka's summaries ("[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)").
#   tests/run-unit.sh build/release/tests/test_parse ...
# VALGRIND=1 runs each binary under valgrind; a memory error or a definite
# leak fails it. A binary that fails without a failed test (crash, valgrind,
# group setup) counts as one failed test.
# Ends with "unit: N passed, M failed"; exits 1 if anything failed or no test ran.
. "$(dirname "$0")/lib.sh"
export CMOCKA_MESSAGE_OUTPUT=stdout   # the format parsed below

if [ $# -eq 0 ]; then
    echo "run-unit: no test binaries given" >&2
    echo "unit: 0 passed, 0 failed"
    exit 1
fi

runner=()
if [ "${VALGRIND:-0}" = 1 ]; then
    runner=(valgrind --error-exitcode=99 --leak-check=full
            --errors-for-leak-kinds=definite --quiet)
fi

scratch
out=$tmp/out

passed=0 failed=0 skipped=0 bad_bins=0
for bin in "$@"; do
    name=$(basename "$bin")
    if [ ! -x "$bin" ]; then
        echo "FAIL $name: $bin is not an executable" >&2
        failed=$((failed + 1)) bad_bins=$((bad_bins + 1))
        continue
    fi
    "${runner[@]}" "$bin" >"$out" 2>&1
    rc=$?
    # Sums over every group the binary runs; per-test lines have no count.
    read -r p f s < <(awk '
        /^\[  PASSED  \] [0-9]+ test\(s\)/ { p += $4 }
        /^\[  FAILED  \] [0-9]+ test\(s\)/ { f += $4 }
        /^\[  SKIPPED \] [0-9]+ test\(s\)/ { s += $4 }
        END { print p + 0, f + 0, s + 0 }' "$out")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1   # crashed, leaked or failed outside a test: still a failure
    fi
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    if [ "$rc" -ne 0 ]; then
        cat "$out"
        echo "FAIL $name: exit $rc, $p passed, $f failed" >&2
        bad_bins=$((bad_bins + 1))
    elif [ "$p" -eq 0 ] && [ "$s" -eq 0 ]; then
        cat "$out"
        echo "FAIL $name: exit 0 but no cmocka summary (no test ran)" >&2
        failed=$((failed + 1)) bad_bins=$((bad_bins + 1))
    else
        extra=""
        [ "$s" -gt 0 ] && extra=", $s skipped"
        echo "PASS $name: $p passed$extra"
    fi
done

[ "$skipped" -gt 0 ] && echo "unit: $skipped skipped"
echo "unit: $passed passed, $failed failed"
[ "$bad_bins" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] || exit 1
exit 0

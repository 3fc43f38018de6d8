# tests/lib.sh: the start every shell test suite shares, sourced first by
# tests/SUITE/run.sh: unset variables are errors, the C locale, $root (the
# repository), $cdcgen (CDCGEN made absolute), a scratch directory $tmp
# removed on exit, the $pass and $fail counters, and check.
set -u
export LC_ALL=C
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cdcgen=$(cd "$(dirname "${CDCGEN:?set CDCGEN}")" && pwd)/$(basename "$CDCGEN")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

check() { # check NAME COMMAND... : the command must succeed
    if "${@:2}" >"$tmp/out" 2>"$tmp/err"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $1"
        # stdout, then stderr: each its own 20 lines, so that a long
        # output never hides the error.
        sed 's/^/    /' "$tmp/out" | head -20
        sed 's/^/    /' "$tmp/err" | head -20
    fi
}

#!/usr/bin/env bash
# make check-flink: the Flink differential (see README.md): random filters and
# events (tests/diff/gen.mjs, typed columns), routed by `cdcgen eval` and by
# cdcgen's Flink SQL on real Flink 1.20 and 2.2 (tests/flink/replay), for the
# flink and the confluent target; every routing must agree. The same replays
# carry the cases of tests/semantics/, held to their test files' routing.
#
#   tests/flink/diff.sh [--seed N] [--filters F] [--events E] [--flink 1.20,2.2]
#                       [--targets flink,confluent] [--keep] [--max-report K]
#                       [--semantics DIR | --no-semantics]
#
# Every Flink runs in a JVM of its own under this script's process group;
# the work directory (filters, events, outputs, Flink's logs) is removed on
# exit unless --keep. Environment: CDCGEN (default build/release/cdcgen).
# Exit status: 0 all agree, 1 a disagreement, 2 trouble.
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

die() { echo "flink-diff: $*" >&2; exit 2; }
cdcgen=${CDCGEN:-build/release/cdcgen}
[ -x "$cdcgen" ] || die "$cdcgen not found; run make first"
for tool in node java mvn; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found; run 'make deps'"
done
# the semantics cases are read with the yaml package (tests/diff/semantics.mjs)
[ -f tests/validate/node_modules/yaml/package.json ] ||
    die "tests/validate/node_modules/yaml is missing; run 'make deps'"

keep=0 args=()
while [ $# -gt 0 ]; do
    case $1 in
        --keep) keep=1 ;;
        --no-semantics) args+=("$1") ;;
        --seed|--filters|--events|--flink|--targets|--max-report|--semantics)
            [ $# -ge 2 ] || die "$1 needs a value"
            args+=("$1" "$2"); shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cdcgen-flink-diff.XXXXXX")
child=
cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
        kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    if [ "$keep" = 1 ]; then echo "flink-diff: kept $tmp" >&2; else rm -rf "$tmp"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# In the background and in its own process group (setsid), so that a signal
# reaches the traps at once and cleanup ends the JVMs with the driver.
set +e
TMPDIR=$tmp setsid -w node "$here/diff.mjs" --cdcgen "$cdcgen" --work "$tmp/work" "${args[@]}" &
child=$!
wait "$child"
rc=$?
child=
set -e
exit "$rc"

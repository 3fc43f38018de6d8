#!/usr/bin/env bash
# make check-flink: the Flink differential (see README.md): random filters and
# events (tests/diff/gen.mjs, typed columns), routed by `cdcgen eval` and by
# cdcgen's Flink SQL on real Flink 1.20 and 2.2 (tests/flink/replay), for the
# flink and the confluent target; every routing must agree. The same replays
# carry the cases of tests/semantics/, held to their test files' routing.
#
#   tests/flink/diff.sh [--seed N] [--filters F] [--events E] [--flink 1.20,2.2]
#                       [--targets flink,fan-out,confluent] [--keep] [--max-report K]
#                       [--semantics DIR | --no-semantics]
#
# Every Flink runs in a JVM of its own under this script's process group;
# the work directory (filters, events, outputs, Flink's logs) is removed on
# exit unless --keep. Environment: CDCGEN (default build/release/cdcgen).
# Exit status: 0 all agree, 1 a disagreement, 2 trouble.
set -eu
. "$(dirname "$0")/../lib.sh"
me=flink-diff
here=$root/tests/flink
need_cdcgen "$root/build/release/cdcgen"
cd "$root"
need_tools node java mvn
# the semantics cases are read with the yaml package (tests/diff/semantics.mjs)
need_node_modules yaml

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

scratch flink-diff   # removed at exit, unless --keep (tests/lib.sh)

# The driver in a process group of its own, so that cleanup ends the JVMs
# with it (tests/lib.sh, run_group).
rc=0
TMPDIR=$tmp run_group node "$here/diff.mjs" --cdcgen "$cdcgen" --work "$tmp/work" "${args[@]}" || rc=$?
exit "$rc"

#!/usr/bin/env bash
# make check-diff: differential tests of cdcgen against independent oracles
# (see README.md): random filters and events from a seed; cdcgen eval against
# PostgreSQL and against an interpreter of the Kafka Streams topology; every
# generated Flink SQL script through the FlinkSQL grammar and every topology
# through its JSON Schema; every case of tests/semantics/ through the same
# oracles, each held to the routing its test file expects. Then random
# edits of random filters through `cdcgen diff`, every witness and every
# narrowed, widened or unchanged claim held to `cdcgen eval` (changes.mjs).
#
#   tests/diff/run.sh [--seed N] [--filters F] [--events E] [--corners LIST]
#                     [--no-pg] [--keep] [--max-report K] [--runtime JAR]
#                     [--semantics DIR | --no-semantics]
# (--corners: line-ends, big-json, nul, json-surrogates or all; inputs where
# cdcgen is known to differ from its documented semantics, see README.md;
# --runtime: also replay the events through the Kafka Streams runtime's jar;
# --semantics: the semantics cases, default tests/semantics)
#
# Starts a throwaway PostgreSQL server (initdb as the postgres user when run
# as root) on a Unix socket in a temporary directory, and removes the server
# and every temporary file on exit, failure and interrupt alike; --keep keeps
# the directory (filters, events, SQL, outputs) for a look.
# Environment: CDCGEN (the binary; default build/release/cdcgen), PG_BINDIR
# (PostgreSQL's bin directory; default the newest /usr/lib/postgresql/*/bin).
# Exit status: 0 all agree, 1 a disagreement or invalid output, 2 trouble.
set -eu
. "$(dirname "$0")/../lib.sh"
here=$root/tests/diff
need_cdcgen "$root/build/release/cdcgen"
cd "$root"
need_tools node
need_node_modules dt-sql-parser ajv-cli ajv-formats yaml

keep=0 pg=1 seed=1 args=()
while [ $# -gt 0 ]; do
    case $1 in
        --keep) keep=1 ;;
        --no-pg) pg=0; args+=("$1") ;;
        --no-semantics) args+=("$1") ;;
        --seed|--filters|--events|--max-report|--corners|--runtime|--semantics)
            [ $# -ge 2 ] || die "$1 needs a value"
            [ "$1" = --seed ] && seed=$2
            args+=("$1" "$2"); shift ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done

scratch diff   # removed at exit with everything below (tests/lib.sh)

if [ "$pg" = 1 ]; then
    # Unix socket only, trusted.
    pg_start "$tmp/pg" "$tmp/pg/server.log" "-A trust" \
        "-c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    export PGHOST=$pg_socket PGUSER=postgres PGDATABASE=postgres PSQL=$pg_bindir/psql
fi

# The driver in a process group of its own (with psql under it), ended at exit.
rc=0
run_group node "$here/run.mjs" --cdcgen "$cdcgen" --work "$tmp/work" "${args[@]}" || rc=$?
# diff's claims on random changes, held to cdcgen eval (no PostgreSQL).
run_group node "$here/changes.mjs" --cdcgen "$cdcgen" --work "$tmp/changes" --seed "$seed" || {
    s=$?
    [ "$rc" != 0 ] || rc=$s
}
exit "$rc"

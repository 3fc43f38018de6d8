#!/usr/bin/env bash
# make check-diff: differential tests of cdcgen against independent oracles
# (see README.md): random filters and events from a seed; cdcgen eval against
# PostgreSQL and against an interpreter of the Kafka Streams topology; every
# generated Flink SQL script through the FlinkSQL grammar and every topology
# through its JSON Schema; every case of tests/semantics/ through the same
# oracles, each held to the routing its test file expects.
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
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

die() { echo "diff: $*" >&2; exit 2; }

cdcgen=${CDCGEN:-build/release/cdcgen}
[ -x "$cdcgen" ] || die "$cdcgen not found; run make first"
command -v node >/dev/null 2>&1 || die "node not found; run 'make deps'"
for pkg in dt-sql-parser ajv-cli ajv-formats yaml; do
    [ -f "tests/validate/node_modules/$pkg/package.json" ] ||
        die "tests/validate/node_modules/$pkg is missing; run 'make deps'"
done

keep=0 pg=1 args=()
while [ $# -gt 0 ]; do
    case $1 in
        --keep) keep=1 ;;
        --no-pg) pg=0; args+=("$1") ;;
        --no-semantics) args+=("$1") ;;
        --seed|--filters|--events|--max-report|--corners|--runtime|--semantics)
            [ $# -ge 2 ] || die "$1 needs a value"
            args+=("$1" "$2"); shift ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cdcgen-diff.XXXXXX")
pgdata= pg_ctl= as_pg=() child=
cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    # The driver runs in its own process group (with psql under it): end it first.
    if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
        kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    if [ -n "$pgdata" ] && [ -f "$pgdata/postmaster.pid" ]; then
        "${as_pg[@]}" "$pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || {
            pid=$(head -n 1 "$pgdata/postmaster.pid" 2>/dev/null || true)
            [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
        }
    fi
    if [ "$keep" = 1 ]; then
        echo "diff: kept $tmp" >&2
    else
        rm -rf "$tmp"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ "$pg" = 1 ]; then
    bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
    [ -n "$bindir" ] && [ -x "$bindir/initdb" ] ||
        die "PostgreSQL server binaries not found (set PG_BINDIR, or run 'make deps')"
    pg_ctl=$bindir/pg_ctl
    pgroot=$tmp/pg
    mkdir -p "$pgroot"
    if [ "$(id -u)" = 0 ]; then
        # initdb and postgres refuse to run as root.
        command -v runuser >/dev/null 2>&1 || die "runuser not found (needed to run PostgreSQL as root)"
        id postgres >/dev/null 2>&1 || die "no 'postgres' user to run the server as"
        chmod 711 "$tmp"
        chown postgres "$pgroot"
        as_pg=(runuser -u postgres --)
    fi
    pgdata=$pgroot/data
    if ! "${as_pg[@]}" "$bindir/initdb" -D "$pgdata" -E UTF8 --locale=C -A trust -U postgres \
            >"$pgroot/initdb.log" 2>&1; then
        cat "$pgroot/initdb.log" >&2
        die "initdb failed"
    fi
    if ! "${as_pg[@]}" "$pg_ctl" -D "$pgdata" -l "$pgroot/server.log" -w -t 60 \
            -o "-k $pgroot -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 2>&1; then
        cat "$pgroot/server.log" >&2 || true
        die "the PostgreSQL server did not start"
    fi
    export PGHOST=$pgroot PGUSER=postgres PGDATABASE=postgres PSQL=$bindir/psql
fi

# In the background, so that a signal reaches the traps at once (bash runs a
# trap only after a foreground child has ended); setsid gives the driver its
# own process group, which cleanup ends.
set +e
setsid -w node "$here/run.mjs" --cdcgen "$cdcgen" --work "$tmp/work" "${args[@]}" &
child=$!
wait "$child"
rc=$?
child=
set -e
exit "$rc"

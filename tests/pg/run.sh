#!/usr/bin/env bash
# make check-pg: cdcgen's PostgreSQL commands against a real PostgreSQL
# started here (a throwaway cluster, Unix socket in the scratch directory):
# schema pull (types, keys, enums, domains, arrays; refused types; the
# password in no output; exit 2 on connection, permission and missing-table
# errors), check --schema-from (drift findings at the schema file's lines),
# the postgres target applied twice (the second run changes nothing), and
# doctor on a database that is not ready and on one that is.
# Usage: tests/pg/run.sh   (CDCGEN: the binary; keep=1 keeps the scratch dir)
. "$(dirname "$0")/../lib.sh"
set -e
need_cdcgen "$root/build/release/cdcgen"
need_tools python3
scratch

# ---- the server ------------------------------------------------------------------
# wal_level replica first: doctor's not-ready case; restarted with logical later.
pg_start "$tmp/pg" "$tmp/pg.log" "--auth-local=trust --auth-host=scram-sha-256" \
    "-c listen_addresses='' -c wal_level=replica -c max_wal_senders=4 -c max_replication_slots=4"
psql=("${as_pg[@]}" "$pg_bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_socket" -U postgres)
sql() { "${psql[@]}" -d "${2:-postgres}" -c "$1" >/dev/null; }
sql "CREATE DATABASE events"
sql "CREATE DATABASE other"
conn="host=$pg_socket dbname=events user=postgres"

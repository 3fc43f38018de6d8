#!/usr/bin/env bash
# make check-validate: checks cdcgen's outputs with validators that share no
# code with cdcgen.
#   - every *.sql under generated/ and tests/golden/ against dt-sql-parser's
#     Flink SQL grammar (flink-sql.mjs, one node process for all files);
#   - the Kafka Streams topology and connector JSON under generated/ and
#     tests/golden/ against the JSON Schemas in grammar/ (ajv-cli, one run per
#     schema).
# Before trusting them, it feeds each validator a deliberately broken input
# and requires a rejection. Checking zero files is a failure too.
# Environment: CDCGEN (path to the binary; not needed here, passed by make),
# VERBOSE=1 to list every file checked.
# Exit status: 0 all valid, 1 something invalid, 2 missing tools or schemas.
set -eu
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

die() { echo "validate: $*" >&2; exit 2; }

command -v node >/dev/null 2>&1 || die "node not found; run 'make deps'"
nm=tests/validate/node_modules
for pkg in dt-sql-parser ajv-cli ajv-formats; do
    [ -f "$nm/$pkg/package.json" ] ||
        die "$nm/$pkg is missing; run 'make deps' (tests/install-deps.sh) first"
done
ajv="$nm/ajv-cli/dist/index.js"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failed=0
fail() { echo "validate: $*" >&2; failed=1; }

# Sorted, NUL-separated list of files under the given folders (which may not
# exist) matching find expressions: files DIR... -- EXPR...
files() {
    local dirs=()
    while [ "$1" != "--" ]; do
        [ -d "$1" ] && dirs+=("$1")
        shift
    done
    shift
    [ ${#dirs[@]} -gt 0 ] || return 0
    find "${dirs[@]}" -type f \( "$@" \) -print0 | sort -z
}

# ---- Flink SQL ---------------------------------------------------------------
mapfile -d '' sql_files < <(files generated tests/golden -- -name '*.sql')
garbage_sql="$tmp/garbage.sql"
printf 'CREATE TABLE t (id STRING) WITH (;\nSELECT FROM WHERE;\n' >"$garbage_sql"

# One node run for everything, the garbage file included (start-up is slow).
set +e
node "$here/flink-sql.mjs" "${sql_files[@]}" "$garbage_sql" >"$tmp/sql.out" 2>"$tmp/sql.err"
sql_rc=$?
set -e
[ "$sql_rc" -le 1 ] || { cat "$tmp/sql.out" "$tmp/sql.err" >&2; die "flink-sql.mjs failed (exit $sql_rc)"; }

if ! awk -v g="$garbage_sql:" 'index($0, g) == 1 { found = 1 } END { exit !found }' "$tmp/sql.out"; then
    fail "Flink SQL validator accepts garbage ($(tr '\n' ' ' <"$garbage_sql"))"
fi
# Everything else in the output is about the real files.
awk -v g="$garbage_sql" 'index($0, g) != 1 && index($0, "ok " g) != 1' "$tmp/sql.out" >"$tmp/sql.real"
sql_ok=$(grep -c '^ok ' "$tmp/sql.real" || true)
if grep -v '^ok ' "$tmp/sql.real" >&2; then
    fail "Flink SQL: $((${#sql_files[@]} - sql_ok)) of ${#sql_files[@]} files have syntax errors"
fi
if [ "${VERBOSE:-0}" = 1 ]; then grep '^ok ' "$tmp/sql.real" || true; fi
[ "${#sql_files[@]}" -gt 0 ] || fail "no *.sql files found under generated/ or tests/golden/"

# ---- JSON against grammar/ schemas -------------------------------------------
# The JSON Schema dialect ajv must use, from the schema's "$schema".
spec_of() {
    if grep -q 'json-schema.org/draft/2020-12/schema' "$1"; then echo draft2020
    elif grep -q 'json-schema.org/draft/2019-09/schema' "$1"; then echo draft2019
    else echo draft7
    fi
}

# ajv_run SCHEMA FILE...: validates FILEs in one ajv run; output in $tmp/ajv.out.
ajv_run() {
    local schema=$1 args=() f
    shift
    for f in "$@"; do args+=(-d "$f"); done
    # Other grammar/ schemas, for cross-file "$ref"s.
    # shellcheck disable=SC2016
    if grep -q '"\$ref" *: *"[^#]' "$schema"; then
        for f in grammar/*.schema.json; do
            [ "$f" = "$schema" ] || args+=(-r "$f")
        done
    fi
    # Ajv's default strictness: unknown keywords and formats are schema errors.
    node "$ajv" validate --spec="$(spec_of "$schema")" --allow-union-types --all-errors \
        --errors=text -c ajv-formats -s "$schema" "${args[@]}" >"$tmp/ajv.out" 2>&1
}

json_total=0
json_ok=0
schemas_present=1
# check_schema SCHEMA GENERATED_FILE GOLDEN_NAME
check_schema() {
    local schema=$1 gen=$2 golden=$3 list=() rc n
    if [ ! -f "$schema" ]; then
        fail "$schema does not exist (needed for $gen and tests/golden/**/$golden)"
        schemas_present=0
        return 0
    fi
    [ -f "$gen" ] && list+=("$gen")
    mapfile -d '' -O ${#list[@]} list < <(files tests/golden -- -name "$golden")
    if [ ${#list[@]} -eq 0 ]; then
        fail "no files to check against $schema ($gen, tests/golden/**/$golden)"
        return 0
    fi
    json_total=$((json_total + ${#list[@]}))
    rc=0
    ajv_run "$schema" "${list[@]}" || rc=$?
    n=$(grep -c ' valid$' "$tmp/ajv.out" || true)
    json_ok=$((json_ok + n))
    if [ "$rc" -ne 0 ] || [ "$n" -ne ${#list[@]} ]; then
        grep -v ' valid$' "$tmp/ajv.out" >&2 || true
        fail "$schema: $((${#list[@]} - n)) of ${#list[@]} files invalid (ajv exit $rc)"
    fi
    if [ "${VERBOSE:-0}" = 1 ]; then grep ' valid$' "$tmp/ajv.out" || true; fi
}

check_schema grammar/topology.schema.json generated/kstreams-topology.json kstreams-topology.json
check_schema grammar/connect-debezium.schema.json generated/connect-debezium.json connect-debezium.json
check_schema grammar/connect-confluent.schema.json generated/connect-confluent.json connect-confluent.json

# The JSON validator must reject an empty object as a topology.
if [ "$schemas_present" = 1 ]; then
    garbage_json="$tmp/garbage.json"
    echo '{}' >"$garbage_json"
    rc=0
    ajv_run grammar/topology.schema.json "$garbage_json" || rc=$?
    if grep -q '^schema .* is invalid$' "$tmp/ajv.out"; then
        : # already reported above
    elif [ "$rc" -ne 1 ] || ! grep -qxF "$garbage_json invalid" "$tmp/ajv.out"; then
        cat "$tmp/ajv.out" >&2
        fail "JSON Schema validator accepts garbage ({} as a topology; ajv exit $rc)"
    fi
fi

# ---- summary -----------------------------------------------------------------
if [ "$failed" -ne 0 ]; then
    echo "validate: FAILED: $sql_ok of ${#sql_files[@]} SQL files ok, $json_ok of $json_total JSON files ok"
    exit 1
fi
echo "validate: $sql_ok SQL files ok, $json_ok JSON files ok"

#!/usr/bin/env bash
# make check-validate: checks cdcgen's outputs with validators that share no
# code with cdcgen.
#   - every *.sql cdcgen writes for the seed project
#     (tests/fixtures/seed-project/, generated here) and under tests/golden/
#     against dt-sql-parser's Flink SQL grammar (flink-sql.mjs, one node
#     process for all files);
#   - the Kafka Streams topology and connector JSON of the seed project and
#     under tests/golden/ against the JSON Schemas in grammar/ (ajv-cli, one
#     run per schema);
#   - the topic schemas (json-schema target) of the seed project and under
#     tests/golden/ by ajv, with records (topic-schemas.mjs);
#   - cdcgen's inputs against the input schemas in grammar/: the seed
#     project's filter files and the golden inputs cdcgen accepts
#     (tests/golden/{ops,groups,targets,suppress}) against filters.schema.json;
#     the test files cdcgen accepts against tests.schema.json;
#     cdcgen.example.yaml and every golden cdcgen.yaml against
#     config.schema.json. ajv-cli reads .yaml/.yml data itself, with js-yaml
#     (its own dependency). js-yaml 3 reads YAML 1.1: an unquoted timestamp
#     becomes a date there, where cdcgen (YAML 1.2) reads a string, so these
#     files quote them.
# Before trusting them, it feeds each validator a deliberately broken input
# and requires a rejection (the filter and config schemas get one each, of
# the kind they exist to catch). Checking zero files is a failure too. The
# summary counts every file checked against a JSON Schema, YAML included, as
# a JSON file.
# The repository's own filters/ and generated/ are the user's workspace and
# are not read.
# Environment: CDCGEN (path to the binary, which writes the seed project's outputs),
# UNIT_FLINK (the test_emit_flink binary, whose kitchen-sink SQL is checked too),
# VERBOSE=1 to list every file checked.
# Exit status: 0 all valid, 1 something invalid, 2 missing tools or schemas.
set -eu
. "$(dirname "$0")/../lib.sh"
here=$root/tests/validate
need_cdcgen
need_tools node
need_node_modules dt-sql-parser ajv-cli ajv-formats
cd "$root"
seed=tests/fixtures/seed-project
ajv=tests/validate/node_modules/ajv-cli/dist/index.js
scratch

# The seed project's outputs, every target, as cdcgen generate writes them.
gen=$tmp/seed-generated
(cd "$seed" && "$cdcgen" generate -o "$gen") || die "cdcgen generate failed on $seed"

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
# postgres.sql is PostgreSQL's: tests/pg/ applies it to a real server.
mapfile -d '' sql_files < <(files "$gen" tests/golden -- -name '*.sql' ! -name postgres.sql)
# The unit tests' kitchen sink (tests/unit/test_emit_flink.c): every SQL
# construct the emitter has, written by the test binary (UNIT_FLINK).
if [ -n "${UNIT_FLINK:-}" ]; then
    mkdir -p "$tmp/kitchen-sink"
    CDCGEN_SQL_OUT="$tmp/kitchen-sink" "$UNIT_FLINK" >/dev/null 2>&1 ||
        die "$UNIT_FLINK failed"
    for f in flink.sql confluent.sql; do
        [ -s "$tmp/kitchen-sink/$f" ] || die "$UNIT_FLINK wrote no $f"
        sql_files+=("$tmp/kitchen-sink/$f")
    done
fi
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
[ "${#sql_files[@]}" -gt 0 ] || fail "no *.sql files found in the seed project's outputs or tests/golden/"

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
# check_files SCHEMA WHAT [FILE...]: every FILE must be valid; WHAT says in
# messages which files are meant.
check_files() {
    local schema=$1 what=$2 rc n
    shift 2
    local list=("$@")
    if [ ! -f "$schema" ]; then
        fail "$schema does not exist (needed for $what)"
        return 0
    fi
    if [ ${#list[@]} -eq 0 ]; then
        fail "no files to check against $schema ($what)"
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

# check_schema SCHEMA GENERATED_FILE GOLDEN_NAME: an output of cdcgen, in
# the seed project's outputs and wherever the golden tests expect it.
check_schema() {
    local schema=$1 gen=$2 golden=$3 list=()
    [ -f "$gen" ] && list+=("$gen")
    mapfile -d '' -O ${#list[@]} list < <(files tests/golden -- -name "$golden")
    check_files "$schema" "the seed project's $(basename "$gen"), tests/golden/**/$golden" "${list[@]}"
}

check_schema grammar/topology.schema.json "$gen/kstreams-topology.json" kstreams-topology.json
check_schema grammar/connect-debezium.schema.json "$gen/connect-debezium.json" connect-debezium.json
check_schema grammar/connect-confluent.schema.json "$gen/connect-confluent.json" connect-confluent.json
check_schema grammar/topics.schema.json "$gen/topics.json" topics.json

# ---- topic schemas (json-schema target) ------------------------------------
# topic-schemas.mjs (ajv, draft 2020-12): every schema of the seed project's
# json-schemas.json and of each golden one is a JSON Schema, and the records
# meant for it are valid (tests/validate/records/ for the seed's table, a
# golden case's records.jsonl for its own), each record broken invalid. It
# must first refuse a schema with a type JSON Schema does not have.
topic_total=0
topic_ok=0
topic_schemas() {
    topic_total=$((topic_total + 1))
    if node "$here/topic-schemas.mjs" "$@" >"$tmp/topic.out" 2>&1; then
        topic_ok=$((topic_ok + 1))
        if [ "${VERBOSE:-0}" = 1 ]; then cat "$tmp/topic.out"; fi
    else
        cat "$tmp/topic.out" >&2
        fail "$1: topic schemas or their records invalid"
    fi
}
sed 's/"type": "integer"/"type": "int"/' "$gen/json-schemas.json" >"$tmp/bad-topic-schema.json"
if node "$here/topic-schemas.mjs" "$tmp/bad-topic-schema.json" >"$tmp/topic.out" 2>&1 ||
    ! grep -q "schema 'event_headers' is no JSON Schema" "$tmp/topic.out"; then
    cat "$tmp/topic.out" >&2
    fail "topic-schemas.mjs accepts a schema with the type 'int'"
fi
topic_schemas "$gen/json-schemas.json" tests/validate/records/*.jsonl
mapfile -d '' golden_topic_schemas < <(files tests/golden -- -path '*/expected/json-schemas.json')
[ ${#golden_topic_schemas[@]} -gt 0 ] || fail "no json-schemas.json under tests/golden/"
for f in "${golden_topic_schemas[@]}"; do
    records=$(dirname "$(dirname "$f")")/records.jsonl
    if [ -f "$records" ]; then topic_schemas "$f" "$records"; else topic_schemas "$f"; fi
done

# topics.sh: POSIX sh must parse it (tests/e2e runs it against a broker).
for f in "$gen/topics.sh" $(find tests/golden -name topics.sh -path '*/expected/*' | sort); do
    sh -n "$f" || fail "$f: not a valid POSIX sh script"
done

# Inputs: the seed project's filter files as cdcgen finds them under its
# filters/ (filter tests and dot files skipped), and the golden cases cdcgen
# accepts: their input.yaml and JSON inputs, not their expected outputs.
mapfile -d '' filter_files < <(files "$seed/filters" -- \
    \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
    ! -name '*.test.yaml' ! -name '*.test.yml' ! -name '.*')
mapfile -d '' -O ${#filter_files[@]} filter_files < <(
    files tests/golden/ops tests/golden/groups tests/golden/targets tests/golden/suppress -- \
        \( -name input.yaml -o -name input.yml -o -name '*.json' \) ! -path '*/expected/*')
check_files grammar/filters.schema.json \
    "$seed/filters/*.yaml, tests/golden/{ops,groups,targets,suppress}/**/input.yaml and JSON inputs" \
    "${filter_files[@]}"

config_files=()
[ -f cdcgen.example.yaml ] && config_files+=(cdcgen.example.yaml)
mapfile -d '' -O ${#config_files[@]} config_files < <(
    files tests/golden -- -name cdcgen.yaml ! -path '*/golden/errors/*')
check_files grammar/config.schema.json \
    "cdcgen.example.yaml, tests/golden/**/cdcgen.yaml but errors/" "${config_files[@]}"

# Schema files: the seed's (what cdcgen init writes), the repository's own and
# every one under tests/ that cdcgen reads without an error.
schema_files=()
mapfile -d '' schema_files < <(files tests -- -name 'schema.yaml' ! -path '*/errors/*' ! -path '*/node_modules/*')
[ -f schema.yaml ] && schema_files+=(schema.yaml)
check_files grammar/schema.schema.json \
    "schema.yaml, tests/**/schema.yaml but errors/" "${schema_files[@]}"

# Test files: every *.test.yaml of the tests that cdcgen reads without an
# error: the seed project's, tests/semantics/ and the golden cases of cdcgen test
# but those whose expected output reports the test file itself. The fuzz
# corpus (tests/fuzz/) is arbitrary on purpose and is not checked.
test_files=()
while IFS= read -r -d '' f; do
    case $f in
    tests/fuzz/* | */node_modules/*) continue ;;
    esac
    case_dir=${f#tests/golden/test-cmd/}
    case_dir=tests/golden/test-cmd/${case_dir%%/*}
    if [ "${f#tests/golden/}" != "$f" ] &&
        grep -qE "^([^ ]*/)?$(basename "$f"):[0-9]+:[0-9]+: error: .*\[(bad-test|bad-version|bad-value|missing-key|unknown-key|unknown-filter|conflicting-expectation|bad-event|duplicate-test)\]" \
            "$case_dir/expected.stderr" "$case_dir/expected.stdout" 2>/dev/null; then
        continue
    fi
    test_files+=("$f")
done < <(files tests -- -name '*.test.yaml' -o -name '*.test.yml')
check_files grammar/tests.schema.json \
    "*.test.yaml under tests/ (not the invalid ones)" \
    "${test_files[@]}"

# expect_reject SCHEMA FILE WHAT: the schema must find FILE invalid.
expect_reject() {
    local schema=$1 file=$2 what=$3 rc=0
    [ -f "$schema" ] || return 0 # reported above
    ajv_run "$schema" "$file" || rc=$?
    if grep -q '^schema .* is invalid$' "$tmp/ajv.out"; then
        : # reported above
    elif [ "$rc" -ne 1 ] || ! grep -qxF "$file invalid" "$tmp/ajv.out"; then
        cat "$tmp/ajv.out" >&2
        fail "JSON Schema validator accepts garbage ($what; ajv exit $rc)"
    fi
}

# The JSON validator must reject an empty object as a topology, a filter
# whose 'in' has no 'values' (YAML, so that reading YAML is tested too), and
# a literal password.
garbage_json="$tmp/garbage.json"
echo '{}' >"$garbage_json"
expect_reject grammar/topology.schema.json "$garbage_json" "{} as a topology"
expect_reject grammar/topics.schema.json "$garbage_json" "{} as a topic manifest"
expect_reject grammar/schema.schema.json "$garbage_json" "{} as a schema file"

garbage_filter="$tmp/garbage-filter.yaml"
cat >"$garbage_filter" <<'EOF'
version: 1
filters:
  - id: broken
    name: In without values
    consumerId: validate
    outputTopic: broken
    conditions:
      - { field: event_type, operator: in }
EOF
expect_reject grammar/filters.schema.json "$garbage_filter" "'in' without 'values' in a filter"

garbage_test="$tmp/garbage.test.yaml"
cat >"$garbage_test" <<'EOF'
version: 1
tests:
  - name: both event and events, no expectation
    event: { event_type: LoanCreated }
    events: [{ event_type: LoanCreated }]
EOF
expect_reject grammar/tests.schema.json "$garbage_test" "a test with 'event' and 'events' and no 'expect'"
garbage_ids="$tmp/garbage-ids.test.yaml"
printf 'tests:\n  - {name: t, event: {a: 1}, expect: [Not_An_Id]}\n' >"$garbage_ids"
expect_reject grammar/tests.schema.json "$garbage_ids" \
    "a filter id outside [a-z0-9-] (the \$ref into filters.schema.json)"
# The golden test file cdcgen rejects, the schema rejects too.
expect_reject grammar/tests.schema.json tests/golden/test-cmd/invalid/invalid.test.yaml \
    "tests/golden/test-cmd/invalid/invalid.test.yaml, which cdcgen rejects"

garbage_config="$tmp/garbage-config.yaml"
printf 'database:\n  password: hunter2\n' >"$garbage_config"
expect_reject grammar/config.schema.json "$garbage_config" "a literal database.password"

# A rule turned off needs a reason that is not blank, in both files.
garbage_suppress="$tmp/garbage-suppress.yaml"
printf 'suppress:\n  - { rule: shared-topic, reason: " " }\n' >"$garbage_suppress"
expect_reject grammar/config.schema.json "$garbage_suppress" "a blank suppress reason"
sed '/^  - id: broken/a\    suppress: [{ rule: shared-topic }]' "$garbage_filter" |
    sed 's/operator: in }/operator: in, values: [a] }/' >"$tmp/garbage-filter-suppress.yaml"
expect_reject grammar/filters.schema.json "$tmp/garbage-filter-suppress.yaml" \
    "a filter's suppress entry without a reason"

# The configs cdcgen rejects in golden error cases for their shape or values
# (config, unknown-key, bad-value, config-value, literal-secret), the schema
# rejects too: the schema and cdcgen's checks agree on those.
mapfile -d '' bad_configs < <(files tests/golden/errors -- -name cdcgen.yaml)
for f in "${bad_configs[@]}"; do
    grep -qE '^cdcgen.yaml[:0-9]*: error: .*\[(config|unknown-key|bad-value|config-value|literal-secret)\]$' \
        "$(dirname "$f")/expected.stderr" 2>/dev/null ||
        continue
    expect_reject grammar/config.schema.json "$f" "$f, whose values cdcgen rejects"
done

# ---- installed schemas -------------------------------------------------------
# make install puts every schema under $(PREFIX)/share/cdcgen/schemas, where
# editors are pointed at them (README, Editor support); the installed filter
# and test schemas must validate the project's files with their cross-schema
# "$ref" resolved there, and make uninstall must take every file away.
inst="$tmp/install"
if ! make --no-print-directory -s -C "$root" install DESTDIR="$inst" PREFIX=/usr/local \
    >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log" >&2
    fail "make install DESTDIR=... failed"
else
    schemas="$inst/usr/local/share/cdcgen/schemas"
    for f in grammar/*.schema.json; do
        cmp -s "$f" "$schemas/$(basename "$f")" || fail "make install: $schemas/$(basename "$f") missing or not $f"
    done
    [ "$(find "$schemas" -type f | wc -l)" -eq "$(find grammar -name '*.schema.json' | wc -l)" ] ||
        fail "make install: $schemas holds files that are not grammar/*.schema.json"
    rc=0
    node "$ajv" validate --spec=draft2020 --allow-union-types --all-errors -c ajv-formats \
        -s "$schemas/tests.schema.json" -r "$schemas/filters.schema.json" \
        -d "$seed/filters/loan-created.test.yaml" >"$tmp/ajv.out" 2>&1 || rc=$?
    [ "$rc" -eq 0 ] || { cat "$tmp/ajv.out" >&2; fail "installed tests.schema.json rejects $seed/filters/loan-created.test.yaml"; }
    make --no-print-directory -s -C "$root" uninstall DESTDIR="$inst" PREFIX=/usr/local >/dev/null 2>&1 ||
        fail "make uninstall DESTDIR=... failed"
    left=$(find "$inst" -type f)
    [ -z "$left" ] || fail "make uninstall left: $left"
    [ ! -e "$inst/usr/local/share/cdcgen" ] || fail "make uninstall left share/cdcgen/"
fi

# ---- summary -----------------------------------------------------------------
if [ "$failed" -ne 0 ]; then
    echo "validate: FAILED: $sql_ok of ${#sql_files[@]} SQL files ok, $json_ok of $json_total JSON files ok," \
        "$topic_ok of $topic_total topic schema files ok"
    exit 1
fi
echo "validate: $sql_ok SQL files ok, $json_ok JSON files ok, $topic_ok topic schema files ok"

#!/usr/bin/env bash
# Hostile-input tests: what a file anyone can edit must never do to a CI run.
# Each case is a regression test of a finding that once crashed cdcgen, took
# minutes, wrote megabytes of diagnostics, read without bound or left a
# mixed output set. The time limits below are hang guards, generous enough
# for the sanitizer build on a busy machine; speed is measured by make bench.
# Usage: CDCGEN=path/to/cdcgen tests/hostile/run.sh
. "$(dirname "$0")/../lib.sh"
need_cdcgen
scratch
# Filters that compile: the seed project's, not the workspace's filters/.
seed=$root/tests/fixtures/seed-project/filters

# run LIMIT EXPECTED-STATUS COMMAND...: runs within LIMIT seconds, exits
# EXPECTED-STATUS; stdout in $tmp/stdout, stderr in $tmp/stderr.
run() {
    local limit=$1 want=$2 got=0
    shift 2
    timeout "$limit" "$@" >"$tmp/stdout" 2>"$tmp/stderr" || got=$?
    if [ "$got" = 124 ]; then
        echo "timed out after ${limit}s: $*" >&2
        return 1
    fi
    [ "$got" = "$want" ] || { echo "exit $got, expected $want: $*" >&2; head -c 2000 "$tmp/stderr" >&2; return 1; }
}

has() { grep -qF -- "$1" "$tmp/stderr" || { echo "stderr lacks: $1" >&2; head -c 2000 "$tmp/stderr" >&2; return 1; }; }
small() { # small MAX-BYTES: stderr stays under MAX-BYTES
    local n
    n=$(wc -c <"$tmp/stderr")
    [ "$n" -le "$1" ] || { echo "stderr is $n bytes, more than $1" >&2; return 1; }
}

cd "$tmp"
seed_schema
filter_head='version: 1
filters:
  - id: f
    name: F
    consumerId: c
    outputTopic: t
    conditions:'

# ---- 1: an empty config value crashed generate -------------------------------
mkdir crash && cd crash && seed_schema
printf '%s\n      - { field: __op, operator: equals, value: c }\n' "$filter_head" >f.yaml
printf 'kafka:\n  source_topic: ""\n' >cdcgen.yaml
check "empty source_topic: check exits 1, located" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 30 1 '$cdcgen' check f.yaml && has 'cdcgen.yaml:2:17: error: '\\''kafka.source_topic'\\'' is empty'"
check "empty source_topic: generate exits 1, writes nothing" sh -c "
    $(declare -f run); tmp='$tmp'
    run 30 1 '$cdcgen' generate -o out f.yaml && ! test -e out"
check "empty source_topic: connect-debezium exits 1, no BUG" sh -c "
    $(declare -f run); tmp='$tmp'
    run 30 1 '$cdcgen' generate -t connect-debezium -o - f.yaml && ! grep -q BUG '$tmp/stderr'"
cd ..

# ---- 2: one long line cost nodes x line length --------------------------------
node "$root/tests/hostile/many-filters.mjs" 2000 minified.json
check "2,000 filters as minified JSON (one 400 KB line): check finishes" \
    run 60 0 "$cdcgen" check minified.json
# A typo at the far end of the line: located, excerpt around the column.
sed 's/"id":"f-1999"/"idd":"f-1999"/' minified.json >typo.json
check "long line: error located, line echoed as an excerpt" sh -c "
    $(declare -f run has small); tmp='$tmp'
    run 60 1 '$cdcgen' check typo.json && has 'unknown key' && small 2000 &&
    grep -q '^    1 | \\.\\.\\..*\\.\\.\\.\$' '$tmp/stderr'"

# ---- 3: diagnostics without bound ---------------------------------------------
{
    printf '%s\n      - { field: event_type, operator: in, values: [' "$filter_head"
    for ((i = 0; i < 10000; i++)); do printf 'A, '; done
    printf 'A] }\n'
} >dup.yaml
check "10,000 duplicate values: 100 warnings shown, the rest counted" sh -c "
    $(declare -f run has small); tmp='$tmp'
    run 60 0 '$cdcgen' check dup.yaml && small 50000 &&
    has 'cdcgen: 9900 more warnings not shown (--max-errors 100; 0 shows all)' &&
    has '0 errors, 10000 warnings' &&
    test \$(grep -c 'duplicate-value' '$tmp/stderr') = 100"
check "--max-errors 5" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 60 0 '$cdcgen' check --max-errors 5 dup.yaml && has '9995 more warnings not shown' &&
    test \$(grep -c 'duplicate-value' '$tmp/stderr') = 5"
check "--max-errors 0 shows all" sh -c "
    $(declare -f run); tmp='$tmp'
    run 60 0 '$cdcgen' check --max-errors 0 dup.yaml &&
    test \$(grep -c 'duplicate-value' '$tmp/stderr') = 10000"
check "--max-errors json: omitted counted" sh -c "
    $(declare -f run); tmp='$tmp'
    run 60 0 '$cdcgen' check --max-errors 3 --format json dup.yaml &&
    node -e 'const d=JSON.parse(require(\"fs\").readFileSync(\"$tmp/stdout\",\"utf8\")); if (d.diagnostics.length !== 3 || d.omitted !== 9997 || d.warnings !== 10000) process.exit(1)'"
check "--max-errors needs a count" run 10 2 "$cdcgen" check --max-errors lots dup.yaml
# Errors come first: one error after 10,000 warnings is still shown.
{ cat dup.yaml; printf '      - { field: no_such_field, operator: isNull }\n'; } >dup-err.yaml
check "an error after 10,000 warnings is shown" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 60 1 '$cdcgen' check dup-err.yaml && has 'unknown field' && has '9901 more warnings'"
# Control characters in a key never reach the terminal.
printf 'version: 1\nfilters:\n  - id: f\n    "\\e[2J\\e[31mkey": 1\n' >esc.yaml
check "escape sequences in a key are shown as '?'" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 10 1 '$cdcgen' check esc.yaml && has \"unknown key '?[2J?[31mkey'\" &&
    ! grep -q \"\$(printf '\\033')\" '$tmp/stderr'"

# ---- 4: quadratic checks ------------------------------------------------------
{
    printf '%s\n      - { field: event_type, operator: in, values: [' "$filter_head"
    seq -f 'v%.0f' 0 199999 | paste -sd, -
    printf '] }\n'
} >values.yaml
check "200,000 distinct values: check finishes" run 120 0 "$cdcgen" check values.yaml
{
    printf '%s\n      - { field: __op, operator: equals, value: c }\n    extra:\n' "$filter_head"
    seq -f '      k%.0f: 1' 0 99999
    printf '      k5: again\n'
} >keys.yaml
check "100,000 keys in a mapping: the duplicate found" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 120 1 '$cdcgen' check keys.yaml && has \"duplicate key 'k5'\""

# Every mistake of a cdcgen.yaml is reported, but not every one shown: a
# config of 100,000 unknown keys (each with a did-you-mean search) ends in
# time with the usual cap, and reads no filter.
{
    printf 'kafka:\n'
    seq -f '  bootstrap_server%.0f: x' 0 99999
} >many-keys.yaml
check "cdcgen.yaml with 100,000 unknown keys: 100 shown, the rest counted" sh -c "
    $(declare -f run has small); tmp='$tmp'
    run 120 1 '$cdcgen' check -c many-keys.yaml values.yaml &&
        has '99900 more errors not shown' && has '100000 errors, 0 warnings' && small 60000"

# ---- 5: unbounded reads -------------------------------------------------------
check "/dev/zero: refused, exit 2" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 30 2 '$cdcgen' check /dev/zero && has 'larger than the input limit of 16 MiB'"
check "standard input of zeros: refused" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 30 2 '$cdcgen' check - </dev/zero && has 'larger than the input limit'"
truncate -s 5G huge.yaml
check "a 5 GB file: refused before reading" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 10 2 '$cdcgen' check huge.yaml && has 'larger than the input limit'"
rm -f huge.yaml
mkfifo fifo.yaml
check "a FIFO without a writer: read as empty, no hang" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 10 1 '$cdcgen' check fifo.yaml && has 'holds no document'"
check "process substitution (a pipe) is read" run 10 0 "$cdcgen" check <(cat "$seed/car-created.yaml")
check "config /dev/zero: refused, exit 2" run 30 2 "$cdcgen" check -c /dev/zero minified.json
check "a directory as config: exit 2" run 10 2 "$cdcgen" check -c . minified.json
{ head -c 20000000 /dev/zero | tr '\0' x; echo; echo '{"event_type": "LoanCreated", "__op": "c"}'; } >long.jsonl
check "eval: a 20 MB line is refused, the next routed" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 60 1 '$cdcgen' eval -f '$seed' long.jsonl && has 'long.jsonl:1:1: error: line longer than' &&
    grep -q '\"line\":2,\"filters\":\\[\"loan-created-filter\"\\]' '$tmp/stdout'"
rm -f long.jsonl
mkdir -p loop/filters && cp "$seed/car-created.yaml" loop/filters/ && seed_schema loop
for l in a b c d e f; do ln -s . "loop/filters/$l"; done
check "symbolic links to directories are not followed" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 30 0 '$cdcgen' check loop/filters && has 'not followed'"

# ---- 6: the output set --------------------------------------------------------
mkdir outset && cd outset && seed_schema
cp -r "$seed" a
cp -r "$seed" b
sed -i 's/outputTopic: /outputTopic: other-/' b/*.yaml
"$cdcgen" generate -o ref-a a >/dev/null 2>&1
"$cdcgen" generate -o ref-b b >/dev/null 2>&1
check "two inputs give different sets" sh -c '! diff -rq ref-a ref-b >/dev/null'
same_as_one() { # the directory holds exactly the set of one run
    diff -r "$1" ref-a >/dev/null 2>&1 || diff -r "$1" ref-b >/dev/null 2>&1
}
mixed=0
for ((i = 0; i < 20; i++)); do
    "$cdcgen" generate -o shared a >/dev/null 2>&1 &
    "$cdcgen" generate -o shared b >/dev/null 2>&1 &
    wait
    same_as_one shared || mixed=$((mixed + 1))
done
check "20 pairs of concurrent runs into one directory: never a mixed set" test "$mixed" = 0
# The files of the targets (the table): nothing else may stay in an output directory.
"$cdcgen" --list-targets | awk '{ print $2 }' >target-files
# A run killed during its renames left a complete set in a temporary directory.
cp -r ref-a killed
mkdir killed/.cdcgen-tmp-AbC123
cp ref-b/flink.sql ref-b/kstreams-topology.json killed/.cdcgen-tmp-AbC123/
: >killed/.cdcgen-tmp-AbC123/.complete
cp ref-b/confluent.sql killed/   # renamed before the kill
check "a killed run's complete set is finished by the next run" sh -c "
    '$cdcgen' generate -t connect-debezium -o killed b 2>err &&
    grep -q 'finishing the output set of an interrupted run' err &&
    cmp killed/flink.sql ref-b/flink.sql && cmp killed/kstreams-topology.json ref-b/kstreams-topology.json &&
    test -z \"\$(ls -A killed | grep -vxF -f target-files)\""
# Killed while writing: no marker; the old set stays, the leftovers go.
cp -r ref-a partial
mkdir partial/.cdcgen-tmp-XyZ789
printf 'half a fi' >partial/.cdcgen-tmp-XyZ789/flink.sql
printf 'old' >partial/flink.sql.tmpQ1w2E3
check "a killed run's partial set and old temporaries are removed" sh -c "
    '$cdcgen' generate -t kstreams -o partial a &&
    test -z \"\$(ls -A partial | grep -vxF -f target-files)\" && diff -r partial ref-a"
check "files respect the umask" sh -c "
    umask 027 && '$cdcgen' generate -o masked a && test \"\$(stat -c %a masked/flink.sql)\" = 640"
ln -s nowhere dangling
check "a dangling output directory is named as such" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 10 2 '$cdcgen' generate -o dangling a && has 'dangling: error: cannot write: No such file or directory'"
cd ..

# ---- 8: smaller ---------------------------------------------------------------
printf 'version: 1\nfilters:\n  - id: a\001b\n' >ctl.yaml
check "a control character is located" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 10 1 '$cdcgen' check ctl.yaml && has 'ctl.yaml:3:10: error: control characters are not allowed: U+0001'"
printf 'version: 1\nfilters:\n  - id: a\000b\n' >nul.yaml
check "a NUL is located" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 10 1 '$cdcgen' check nul.yaml && has 'nul.yaml:3:10: error: control characters are not allowed: U+0000'"
full_disk() { # full_disk COMMAND...: exit 2 and a message when stdout is /dev/full
    local got=0
    timeout 30 "$@" >/dev/full 2>"$tmp/stderr" </dev/null || got=$?
    [ "$got" = 2 ] || { echo "exit $got, expected 2" >&2; return 1; }
    grep -q '<stdout>: error: cannot write' "$tmp/stderr"
}
check "generate -o - to a full disk: exit 2 with a message" \
    full_disk "$cdcgen" generate -t flink -o - "$seed"
echo '{"__op": "c"}' >one.jsonl
check "eval to a full disk: exit 2 with a message" full_disk "$cdcgen" eval -f "$seed" one.jsonl
mkdir slow && cd slow && seed_schema
printf '%s\n      - { field: event_name, operator: matches, value: "a*a*a*a*a*a*[bc]" }\n' "$filter_head" >slow.yaml
printf 'version: 1\ntests:\n  - name: slow\n    event: { event_name: "%s" }\n    expectNot: [f]\n' \
    "$(head -c 300 /dev/zero | tr '\0' a)" >slow.test.yaml
check "regex-limit warning names the filter and the pattern" sh -c "
    $(declare -f run has); tmp='$tmp'
    run 60 0 '$cdcgen' test slow.test.yaml && has 'regex-limit' && has \"slow.yaml:8:56: note: the first in filter 'f'\""
cd ..

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
